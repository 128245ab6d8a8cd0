"""The structure tree of a tagged PDF: nested elements, their marked content and annotations.

fpdf2's own builder (fpdf.structure_tree) keeps one flat list under /Document with one marked
content sequence per element, which is enough for its image alt texts but not for headings,
lists, tables or links. This one nests, lets an element span pages and hold link annotations
(/OBJR), and writes the /ParentTree that maps each page's marked content and each annotation
back to its element. It plugs into fpdf2 where its own builder does (`FPDF.struct_builder`),
so fpdf2 writes it out, with /MarkInfo, as it writes its own.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from fpdf.output import PDFPage
from fpdf.structure_tree import NumberTree, StructElem, StructTreeRoot, StructureTreeBuilder
from fpdf.syntax import PDFObject, PDFString

if TYPE_CHECKING:
    from fpdf.encryption import StandardSecurityHandler


class Element(StructElem):
    """A structure element (/P, /H1, /Table, /Link...) whose kids are elements, marked content
    on any page, and annotations."""

    def __init__(
        self,
        tag: str,
        parent: PDFObject,
        page_number: int | None = None,
        *,
        alt: str | None = None,
        title: str | None = None,
    ) -> None:
        super().__init__(
            struct_type=f"/{tag}",
            parent=parent,
            kids=[],
            page_number=page_number,
            title=title,
            alt=alt,
        )
        # Serialized as /A: the attributes of a table header cell or a figure's box.
        self.a: str | None = None
        # Serialized as /Lang: a part in another language than the document's (a Spanish
        # summary's sources, named in English as they were published).
        self.lang: PDFString | None = None

    def tag(self) -> str:
        """The structure type without its slash: "P", "H1", "TD"..."""
        return str(self.s)[1:]

    def add_content(self, page: PDFPage, page_number: int, mcid: int) -> None:
        """Marked content of this element: a bare MCID on the element's own page (/Pg: where
        its first content is), a marked-content reference on any other."""
        if self.pg is None:
            self.pg = page  # type: ignore[assignment]  # fpdf2 types it None until output
            self._page_number = page_number  # fpdf2 sets /Pg again from it, at output
        self.k.append(mcid if page is self.pg else _MarkedContentRef(page, mcid))

    def add_annotation(self, page: PDFPage, annotation: PDFObject) -> None:
        self.k.append(_ObjectRef(page, annotation))


class _MarkedContentRef:
    """<</Type /MCR /Pg ... /MCID n>>: marked content on a page other than the element's."""

    def __init__(self, page: PDFPage, mcid: int) -> None:
        self.page, self.mcid = page, mcid

    def serialize(self, _security_handler: Any = None, _obj_id: Any = None) -> str:
        return f"<</Type /MCR /Pg {self.page.ref} /MCID {self.mcid}>>"


class _ObjectRef:
    """<</Type /OBJR /Pg ... /Obj ...>>: an annotation (a link) as the kid of its element."""

    def __init__(self, page: PDFPage, annotation: PDFObject) -> None:
        self.page, self.annotation = page, annotation

    def serialize(self, _security_handler: Any = None, _obj_id: Any = None) -> str:
        return f"<</Type /OBJR /Pg {self.page.ref} /Obj {self.annotation.ref}>>"


class _ParentTree(NumberTree):
    """Page keys map to the elements of that page's MCIDs (in MCID order), annotation keys to
    the annotation's element; fpdf2's NumberTree writes arrays only."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[int, list[Element] | Element] = {}

    def serialize(
        self,
        obj_dict: dict[str, object] | None = None,
        _security_handler: StandardSecurityHandler | None = None,
    ) -> str:
        nums = []
        for key, value in sorted(self.entries.items()):
            ref = value.ref if isinstance(value, Element) else f"[{' '.join(e.ref for e in value)}]"
            nums.append(f"{key} {ref}")
        return PDFObject.serialize(self, {"/Nums": f"[{' '.join(nums)}]"})


class _Root(StructTreeRoot):
    def __init__(self) -> None:
        super().__init__()
        self.parent_tree = self._parent_tree = _ParentTree()
        self.parent_tree_next_key = 0


class StructureTree(StructureTreeBuilder):
    """The document's tree, built while drawing: `start`/`end` open and close an element under
    the one open, `mark` gives it the next MCID of a page, `annotate` hangs a link on it."""

    def __init__(self, pages: Mapping[int, PDFPage]) -> None:
        # Not super().__init__(): fpdf2's flat /Document and NumberTree are replaced whole.
        self._pages = pages
        self._root = _Root()
        self.struct_tree_root = self._root
        self.doc_struct_elem = self._document = Element("Document", self._root)
        self._root.k.append(self._document)
        self.spid_per_page_number: dict[int, int] = {}
        self._open: list[Element] = [self._document]
        self._next_mcid: dict[int, int] = {}

    @property
    def current(self) -> Element:
        return self._open[-1]

    def start(self, tag: str, page_number: int, *, alt: str | None = None) -> Element:
        element = Element(tag, self.current, page_number, alt=alt)
        self.current.k.append(element)
        self._open.append(element)
        return element

    def end(self, element: Element) -> None:
        if self._open[-1] is not element:
            raise RuntimeError(f"/{element.tag()} closed while /{self.current.tag()} is open")
        self._open.pop()

    def mark(self, element: Element, page_number: int) -> int:
        """The next MCID of the page, now belonging to `element`."""
        page = self._pages[page_number]
        mcid = self._next_mcid.get(page_number, 0)
        self._next_mcid[page_number] = mcid + 1
        key = self.spid_per_page_number.get(page_number)
        if key is None:
            key = self.spid_per_page_number[page_number] = self._new_key()
            page.struct_parents = key
            self._root._parent_tree.entries[key] = []
        marked = self._root._parent_tree.entries[key]
        assert isinstance(marked, list)
        marked.append(element)  # index == mcid: one append per MCID, in order
        element.add_content(page, page_number, mcid)
        return mcid

    def annotate(self, element: Element, page_number: int, annotation: PDFObject) -> int:
        """The annotation's /StructParent key, the annotation now a kid of `element`."""
        key = self._new_key()
        self._root._parent_tree.entries[key] = element
        element.add_annotation(self._pages[page_number], annotation)
        return key

    def _new_key(self) -> int:
        key = self._root.parent_tree_next_key
        self._root.parent_tree_next_key = key + 1
        return key

    # fpdf2's own callers (image(alt_text=...)) come through these two.
    def next_mcid_for_page(self, page_number: int) -> int:
        return self._next_mcid.get(page_number, 0)

    def add_marked_content(
        self,
        page_number: int,
        struct_type: str,
        mcid: int | None = None,
        title: str | None = None,
        alt_text: str | None = None,
    ) -> tuple[StructElem, int]:
        element = Element(struct_type[1:], self.current, page_number, alt=alt_text, title=title)
        self.current.k.append(element)
        if mcid is not None:
            self.mark(element, page_number)
        return element, self.spid_per_page_number.get(page_number, 0)

    def empty(self) -> bool:
        return not self._document.k

    def __iter__(self) -> Iterator[PDFObject]:
        yield self._root
        yield self._root.parent_tree
        yield from _walk(self._document)


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for kid in element.k:
        if isinstance(kid, Element):
            yield from _walk(kid)

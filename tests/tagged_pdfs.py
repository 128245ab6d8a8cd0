"""A reader of tagged PDFs, written from ISO 32000-1 §14.6-14.8 (marked content, the structure
tree, its /ParentTree) and the machine-checkable rules of PDF/UA-1 that toxfill's PDFs follow.

It reads with pikepdf (qpdf) and pypdf, never with fpdf2, which writes them: a PDF is checked
the way a screen reader's PDF library would take it. veraPDF, the reference PDF/UA validator,
is a Java program from a registry this project cannot reach, so it is not run here.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pikepdf
from pypdf import PdfReader

TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
PAINTING = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do"}


@dataclass
class Node:
    """A structure element: its type, /Alt, /A, kids in order, and its own marked content."""

    tag: str
    alt: str
    attributes: dict[str, str]
    obj: Any
    kids: list[Node | tuple[int, int]] = field(default_factory=list)  # elements or (page, mcid)
    annotations: list[Any] = field(default_factory=list)  # the /OBJR targets

    def walk(self) -> Iterator[Node]:
        yield self
        for kid in self.kids:
            if isinstance(kid, Node):
                yield from kid.walk()

    def content(self) -> Iterator[tuple[int, int]]:
        """Every (page, MCID) under this element, in the structure's order."""
        for kid in self.kids:
            if isinstance(kid, Node):
                yield from kid.content()
            else:
                yield kid

    def find(self, tag: str) -> list[Node]:
        return [node for node in self.walk() if node.tag == tag]


@dataclass
class TaggedPdf:
    pdf: pikepdf.Pdf
    document: Node
    marked_text: dict[tuple[int, int], str]  # (page, MCID) -> the text drawn in it

    def text_of(self, node: Node) -> str:
        """The element's text as a screen reader would read it: its marked content in order."""
        words = " ".join(self.marked_text.get(mc, "") for mc in node.content())
        return re.sub(r"\s+", " ", words).strip()

    def tags(self) -> set[str]:
        return {node.tag for node in self.document.walk()}


def read(data: bytes) -> TaggedPdf:
    pdf = pikepdf.open(io.BytesIO(data))
    pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
    assert "/StructTreeRoot" in pdf.Root, "untagged: the PDF has no structure tree"
    tree = pdf.Root.StructTreeRoot
    kids = tree.K if isinstance(tree.K, pikepdf.Array) else [tree.K]
    assert len(kids) == 1, "one root element"
    document = _node(kids[0], pages, None)
    return TaggedPdf(pdf, document, _marked_text(data))


def _node(obj: Any, pages: dict[tuple[int, int], int], page: int | None) -> Node:
    if "/Pg" in obj:
        page = pages[obj.Pg.objgen]
    attributes = {}
    if "/A" in obj:
        attributes = {str(k): str(v) for k, v in obj.A.items()}
    node = Node(str(obj.S)[1:], str(obj.get("/Alt", "")), attributes, obj)
    kids = obj.get("/K", pikepdf.Array())
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, int):
            assert page is not None, f"/{node.tag} has an MCID but no /Pg"
            node.kids.append((page, int(kid)))
        elif kid.get("/Type") == "/MCR":
            node.kids.append((pages[kid.Pg.objgen], int(kid.MCID)))
        elif kid.get("/Type") == "/OBJR":
            node.annotations.append(kid.Obj)
        else:
            node.kids.append(_node(kid, pages, page))
    return node


def _marked_text(data: bytes) -> dict[tuple[int, int], str]:
    """pypdf's text extraction, each piece of text put with the MCID it was drawn in."""
    texts: dict[tuple[int, int], str] = {}
    for n, page in enumerate(PdfReader(io.BytesIO(data)).pages):
        stack: list[int | None] = []

        def before(op: bytes, args: Any, cm: Any, tm: Any, stack: list[int | None] = stack) -> None:
            if op == b"BDC":
                props = args[1]
                stack.append(
                    int(props["/MCID"]) if hasattr(props, "get") and "/MCID" in props else None
                )
            elif op == b"BMC":
                stack.append(None)
            elif op == b"EMC":
                stack.pop()

        def text(t: str, *_: Any, n: int = n, stack: list[int | None] = stack) -> None:
            if stack and stack[-1] is not None:
                key = (n, stack[-1])
                texts[key] = texts.get(key, "") + t

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return {key: value.replace("\n", " ") for key, value in texts.items()}


def content_order(doc: TaggedPdf) -> list[tuple[int, int]]:
    """Every (page, MCID) in the order the pages draw them."""
    order = []
    for n, page in enumerate(doc.pdf.pages):
        for instruction in pikepdf.parse_content_stream(page):
            if str(instruction.operator) == "BDC":
                props = instruction.operands[1]
                if isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                    order.append((n, int(props.MCID)))
    return order


def unmarked_drawing(doc: TaggedPdf) -> list[str]:
    """Text, images and paths drawn outside both content (an MCID) and artifacts."""
    found = []
    for n, page in enumerate(doc.pdf.pages):
        stack: list[bool] = []  # is each open sequence content or an artifact?
        for instruction in pikepdf.parse_content_stream(page):
            op = str(instruction.operator)
            if op == "BDC":
                tag, props = instruction.operands
                stack.append(
                    tag == "/Artifact"
                    or (isinstance(props, pikepdf.Dictionary) and "/MCID" in props)
                )
            elif op == "BMC":
                stack.append(instruction.operands[0] == "/Artifact")
            elif op == "EMC":
                stack.pop()
            elif (op in TEXT_SHOWING or op in PAINTING) and not any(stack):
                found.append(f"page {n + 1}: {op} {list(instruction.operands)[:1]}")
        assert not stack, f"page {n + 1} ends with marked content open"
    return found


def parent_tree_problems(doc: TaggedPdf) -> list[str]:
    """Each page's MCIDs must lead, through /StructParents and the /ParentTree, back to the
    element that holds them, and every element's content must be drawn."""
    parents = pikepdf.NumberTree(doc.pdf.Root.StructTreeRoot.ParentTree)
    owners = {
        mc: node.obj.objgen
        for node in doc.document.walk()
        for mc in node.kids
        if isinstance(mc, tuple)
    }
    drawn = set(content_order(doc))
    problems = [
        f"{mc} is claimed by an element but never drawn" for mc in owners if mc not in drawn
    ]
    for page_number, mcid in drawn:
        page = doc.pdf.pages[page_number].obj
        if "/StructParents" not in page:
            problems.append(f"page {page_number + 1} has marked content but no /StructParents")
            continue
        elements = parents[int(page.StructParents)]
        if mcid >= len(elements) or elements[mcid].objgen != owners.get((page_number, mcid)):
            problems.append(f"page {page_number + 1} MCID {mcid}: /ParentTree disagrees")
    return problems


def unembedded_fonts(doc: TaggedPdf) -> list[str]:
    found = []
    for page in doc.pdf.pages:
        for name, font in page.Resources.get("/Font", {}).items():
            if font.Subtype == "/Type3":
                continue
            described = font.DescendantFonts[0] if font.Subtype == "/Type0" else font
            descriptor = described.get("/FontDescriptor", {})
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                found.append(f"{name} ({font.get('/BaseFont')})")
    return found


def fonts_without_unicode(doc: TaggedPdf) -> list[str]:
    """A composite font needs a /ToUnicode map, or a reader cannot turn its glyphs into text
    (PDF/UA-1 7.21.7)."""
    return [
        f"{name} ({font.get('/BaseFont')})"
        for page in doc.pdf.pages
        for name, font in page.Resources.get("/Font", {}).items()
        if font.Subtype == "/Type0" and "/ToUnicode" not in font
    ]


@dataclass
class LinkAnnotation:
    uri: str
    contents: str
    element: Node | None  # the /Link element whose /OBJR points at it


def links(doc: TaggedPdf) -> list[LinkAnnotation]:
    """Every link annotation, with the structure element that its /StructParent names."""
    parents = pikepdf.NumberTree(doc.pdf.Root.StructTreeRoot.ParentTree)
    by_obj = {node.obj.objgen: node for node in doc.document.walk()}
    found = []
    for page in doc.pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            if annotation.Subtype != "/Link":
                continue
            element = None
            if "/StructParent" in annotation:
                element = by_obj.get(parents[int(annotation.StructParent)].objgen)
            if element is not None and not any(
                target.objgen == annotation.objgen for target in element.annotations
            ):
                element = None  # the element does not point back
            found.append(
                LinkAnnotation(
                    str(annotation.A.URI) if "/A" in annotation else "",
                    str(annotation.get("/Contents", "")),
                    element,
                )
            )
    return found


def images_outside_figures(doc: TaggedPdf) -> list[str]:
    """Images drawn anywhere but in the marked content of a /Figure with alternate text."""
    figures = {
        mc for node in doc.document.find("Figure") if node.alt.strip() for mc in node.content()
    }
    found = []
    for n, page in enumerate(doc.pdf.pages):
        images = {
            name
            for name, xobject in page.Resources.get("/XObject", {}).items()
            if xobject.Subtype == "/Image"
        }
        current: int | None = None
        for instruction in pikepdf.parse_content_stream(page):
            op = str(instruction.operator)
            if op == "BDC":
                props = instruction.operands[1]
                if isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                    current = int(props.MCID)
            elif op == "EMC":
                current = None
            elif (
                op == "Do"
                and str(instruction.operands[0]) in images
                and (n, current) not in figures
            ):
                found.append(f"page {n + 1}: {instruction.operands[0]}")
    return found


def document_problems(doc: TaggedPdf) -> list[str]:
    """The catalog and metadata rules: Marked, Lang, a title the viewer shows."""
    root = doc.pdf.Root
    problems = []
    if not root.get("/MarkInfo", {}).get("/Marked", False):
        problems.append("/MarkInfo /Marked is not true")
    if not str(root.get("/Lang", "")):
        problems.append("no /Lang")
    if not root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False):
        problems.append("the viewer shows the file name, not the title")
    with doc.pdf.open_metadata() as xmp:
        if not xmp.get("dc:title"):
            problems.append("no dc:title in the XMP metadata")
    if not str(doc.pdf.docinfo.get("/Title", "")):
        problems.append("no /Title in the document information")
    for n, page in enumerate(doc.pdf.pages):
        if page.obj.get("/Annots") and page.obj.get("/Tabs") != "/S":
            problems.append(f"page {n + 1} has annotations but its tab order is not /S")
    return problems


def all_problems(data: bytes) -> list[str]:
    """Everything above in one list, for a test that holds a whole PDF to the rules."""
    doc = read(data)
    return [
        *document_problems(doc),
        *unmarked_drawing(doc),
        *parent_tree_problems(doc),
        *unembedded_fonts(doc),
        *fonts_without_unicode(doc),
        *images_outside_figures(doc),
        *(f"link to {link.uri} has no /Contents" for link in links(doc) if not link.contents),
        *(
            f"link to {link.uri} is not in a /Link element"
            for link in links(doc)
            if link.element is None or link.element.tag != "Link"
        ),
        *(
            ["the structure is not read in the order the pages are drawn"]
            if list(doc.document.content()) != content_order(doc)
            else []
        ),
    ]

"""A tagged PDF a screen reader can read: every PDF toxfill makes is drawn through this builder.

What it adds to fpdf2 (ISO 32000-1 §14.7-14.8, the parts PDF/UA-1 asks for): the document's
language (/Lang) and title (shown by the viewer: DisplayDocTitle; also in the XMP metadata),
an embedded Unicode font (DejaVu Sans, subset), a structure tree (/StructTreeRoot, /ParentTree,
/MarkInfo /Marked true) with headings, paragraphs, lists, tables with header cells, figures with
alternate text and links as link annotations with a description (/Contents), tab order
following the structure (/Tabs /S) and page furniture (the footer, box borders, repeated table
headings) marked as artifacts. Text is drawn only through the methods below, each of which
marks what it draws; tests/core/test_tagged_pdf.py checks that nothing is drawn unmarked.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from functools import cache
from pathlib import Path
from typing import Any, cast
from xml.sax.saxutils import escape

from fpdf import FPDF
from fpdf.actions import URIAction
from fpdf.annotations import PDFAnnotation
from fpdf.enums import MethodReturnValue, XPos, YPos
from fpdf.fonts import TTFFont
from fpdf.prefs import ViewerPreferences
from fpdf.syntax import Name
from PIL import Image

from toxfill.render.tagged_structure import Element, StructureTree

__all__ = ["INK", "MUTED", "TaggedPDF"]

FONTS = Path(__file__).with_name("fonts")
FAMILY = "dejavu"
INK = (26, 26, 26)
MUTED = (74, 74, 74)
_BOX_FILL = (238, 242, 246)
_LINK = (0, 70, 160)
_Color = tuple[int, int, int]


class _TaggedLink(PDFAnnotation):
    """A link annotation that points back at its /Link element (/StructParent)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.struct_parent: int | None = None


class TaggedPDF(FPDF):
    """An A4 document whose every drawing is tagged; see the module docstring."""

    def __init__(
        self,
        title: str,
        *,
        lang: str = "en-US",
        author: str = "toxfill",
        footer: str = "",
        page_numbers: str = "Page {page} of {pages}",
        margins: tuple[float, float, float] = (18, 16, 18),
        bottom_margin: float = 18,
    ) -> None:
        super().__init__(format="A4")
        self.struct_builder = self._tree = StructureTree(self.pages)
        self._sequence: Element | str | None = None  # the marked content open now
        self._link_contents = ""
        self.footer_text = footer
        self.page_numbers = page_numbers  # in the document's language
        self.pdf_version = "1.7"  # PDF/UA-1 is written against PDF 1.7
        self._add_font("", "DejaVuSans.ttf")
        self._add_font("B", "DejaVuSans-Bold.ttf")
        self._font(10)
        self.set_title(title)
        self.set_author(author)
        self.set_creator("toxfill")
        self.set_lang(lang)
        self.viewer_preferences = ViewerPreferences(display_doc_title=True)
        self.set_xmp_metadata(_xmp(title, lang, author))
        self.set_margins(*margins)
        self._page_margin = margins[0]
        self.set_auto_page_break(True, margin=bottom_margin)
        self.set_text_color(*INK)

    # The blocks a document is made of.

    def heading(self, text: str, level: int, *, size: float, height: float) -> None:
        """H1 to H3; levels 1 and 2 are also the document's outline (bookmarks). A heading with
        no room for a line of text under it starts the next page."""
        self._font(size, bold=True)
        if self.will_page_break(height + 5):
            self.add_page()
        if level <= 2:
            self.start_section(text, level - 1, strict=False)
        with self.element(f"H{level}") as heading, self._marked(heading):
            self._block(text, height)

    def paragraph(
        self,
        text: str,
        *,
        size: float = 10,
        bold: bool = False,
        color: _Color = INK,
        height: float = 5,
    ) -> None:
        with self.element("P"):
            self.text_block(text, size=size, bold=bold, color=color, height=height)

    def text_block(
        self,
        text: str,
        *,
        size: float = 10,
        bold: bool = False,
        color: _Color = INK,
        height: float = 5,
    ) -> None:
        """A block of text belonging to the element open now (a paragraph may have several)."""
        self._font(size, bold)
        self.set_text_color(*color)
        with self._marked(self._tree.current):
            self._block(text, height)
        self.set_text_color(*INK)

    def inline(self, text: str, *, size: float = 10, height: float = 5) -> None:
        """Text flowing on from where the last inline text stopped, in the open element."""
        self._font(size)
        with self._marked(self._tree.current):
            self.write(height, self._drawable(text))

    def link_text(
        self,
        url: str,
        *,
        text: str = "",
        description: str = "",
        size: float = 10,
        height: float = 5,
    ) -> None:
        """An inline web link: a /Link element with the text and its link annotation(s), one per
        line the text wraps onto, each described (/Contents) for a screen reader."""
        self._font(size)
        self.set_font(style="U")
        self.set_text_color(*_LINK)
        self._link_contents = description or f"Open {url}"
        with self.element("Link") as link, self._marked(link):
            self.write(height, self._drawable(text or url), link=url)
        self._link_contents = ""
        self.set_text_color(*INK)
        self.set_font(style="")

    def boxed(self, text: str, *, size: float = 10, bold: bool = True, height: float = 5.5) -> None:
        """A paragraph in a filled, bordered box (the box itself is an artifact)."""
        self._font(size, bold)
        text = self._drawable(text)
        box = self.multi_cell(
            0, height, text, padding=2, dry_run=True, output=MethodReturnValue.HEIGHT
        )
        assert isinstance(box, float)
        if self.will_page_break(box):
            self.add_page()
        with self.artifact():
            self.set_fill_color(*_BOX_FILL)
            self.rect(self.l_margin, self.y, self.epw, box, style="DF")
        with self.element("P") as paragraph, self._marked(paragraph):
            self.multi_cell(
                0, height, text, padding=2, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )

    @contextmanager
    def list_item(self, label: str, *, size: float = 10, height: float = 5) -> Iterator[None]:
        """An /LI of the /L open now: the label (/Lbl) drawn, the body (/LBody) what the caller
        draws inside, with a hanging indent."""
        with self.element("LI"):
            self._font(size)
            label = self._drawable(label)
            with self.element("Lbl") as lbl, self._marked(lbl):
                self.cell(self.get_string_width(f"{label} ") + self.c_margin, height, label)
            margin = self.l_margin
            with self.element("LBody"):
                self.set_left_margin(self.x)
                try:
                    yield
                finally:
                    self.set_left_margin(margin)
                    self.set_x(margin)

    def data_table(
        self,
        headings: Sequence[str],
        rows: Sequence[Sequence[str]],
        col_widths: Sequence[float],
        *,
        size: float = 10,
        height: float = 5,
    ) -> None:
        """A /Table: a heading row of /TH (scope: column), then /TD rows; the heading row is
        drawn again (as an artifact) at the top of each page the table continues on."""
        widths = [self.epw * w / sum(col_widths) for w in col_widths]
        with self.element("Table"):
            first = [headings, *rows[:1]]
            if self.will_page_break(sum(self._row_height(r, widths, size, height) for r in first)):
                self.add_page()  # the headings not alone at the foot of a page
            with self.element("THead"):
                self._row(headings, widths, size, height, header=True)
            if not rows:
                return
            with self.element("TBody"):
                for row in rows:
                    if self.will_page_break(self._row_height(row, widths, size, height)):
                        self.add_page()
                        with self.artifact("Pagination"):
                            self._draw_row(headings, widths, size, height, bold=True)
                    self._row(row, widths, size, height)

    def figure(self, png: bytes, alt: str, *, w: float | None = None) -> None:
        """An image (a QR code...) as a /Figure whose /Alt says what it is for; `w` wide (mm),
        or at 96 pixels an inch."""
        with Image.open(io.BytesIO(png)) as image:
            pixels_wide, pixels_high = image.size
        w = w or pixels_wide * 25.4 / 96
        h = w * pixels_high / pixels_wide
        with self.drawing(alt, w=w, h=h) as (x, y):
            self.image(io.BytesIO(png), x=x, y=y, w=w, h=h)
        self.set_y(self.y + h)

    @contextmanager
    def drawing(self, alt: str, *, w: float, h: float) -> Iterator[tuple[float, float]]:
        """A /Figure of what the caller draws in a w x h box at the point yielded (moved to a
        new page first if the box does not fit)."""
        if self.will_page_break(h):
            self.add_page()
        x, y = self.x, self.y
        with self.element("Figure", alt=alt) as figure, self._marked(figure):
            yield x, y
        k = self.k
        box = f"{x * k:.2f} {self.h_pt - (y + h) * k:.2f} {(x + w) * k:.2f} {self.h_pt - y * k:.2f}"
        figure.a = f"<</O /Layout /Placement /Block /BBox [{box}]>>"

    # Structure and marked content.

    @contextmanager
    def element(self, tag: str, *, alt: str | None = None) -> Iterator[Element]:
        """A structure element under the one open now, open while the block runs."""
        element = self._tree.start(tag, self.page, alt=alt)
        try:
            yield element
        finally:
            self._tree.end(element)

    @contextmanager
    def artifact(self, kind: str = "Layout", subtype: str = "") -> Iterator[None]:
        """What is drawn inside is not content (borders, page numbers): readers skip it."""
        subtype = f" /Subtype /{subtype}" if subtype else ""
        with self._marked(f"/Artifact <</Type /{kind}{subtype}>> BDC"):
            yield

    @contextmanager
    def _marked(self, sequence: Element | str) -> Iterator[None]:
        if self._sequence is not None:
            raise RuntimeError("marked content does not nest: close the open sequence first")
        self._open(sequence)
        try:
            yield
        finally:
            self._close()

    def _open(self, sequence: Element | str) -> None:
        if isinstance(sequence, Element):
            mcid = self._tree.mark(sequence, self.page)
            self._out(f"/{sequence.tag()} <</MCID {mcid}>> BDC")
        else:
            self._out(sequence)
        self._sequence = sequence

    def _close(self) -> None:
        self._out("EMC")
        self._sequence = None

    # fpdf2's hooks.

    def add_page(self, *args: Any, **kwargs: Any) -> None:
        """A page break inside marked content ends it on this page and carries it on, with a new
        MCID of the same element, on the next."""
        sequence = self._sequence
        if sequence is not None:
            self._close()
        super().add_page(*args, **kwargs)
        # /Tabs /S (tab through annotations in structure order): PDFPage has no field for it,
        # but serializes every attribute it holds.
        vars(self.pages[self.page])["tabs"] = Name("S")
        if sequence is not None:
            self._open(sequence)

    def footer(self) -> None:
        if not self.footer_text:
            return
        with self.artifact("Pagination", "Footer"):
            self.set_y(-12)
            self.set_x(self._page_margin)  # not a list's indent, if the page broke inside one
            self._font(8)
            self.set_text_color(*MUTED)
            self.cell(0, 5, self._drawable(self.footer_text), align="L")
            # {nb}: fpdf2 puts the page count in when the document is done.
            page_numbers = self.page_numbers.format(page=self.page_no(), pages="{nb}")
            self.cell(0, 5, page_numbers, align="R")
            self.set_text_color(*INK)

    # It returns the indirect annotation its structure element points to, where fpdf2's returns
    # an inline one; fpdf2's own callers (cell, write) ignore what it returns.
    def link(  # type: ignore[override]
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        link: str | int,
        alt_text: str | None = None,
        **kwargs: Any,
    ) -> PDFAnnotation:
        """Called by fpdf2 for each line of linked text: a tagged URI annotation, in the /Link
        element open now (link_text opens one)."""
        element = self._sequence
        if not isinstance(element, Element) or element.tag() != "Link" or not isinstance(link, str):
            raise RuntimeError("draw links with TaggedPDF.link_text, which tags them")
        annotation = _TaggedLink(
            "Link",
            x=x * self.k,
            y=self.h_pt - y * self.k,
            width=w * self.k,
            height=h * self.k,
            action=URIAction(link),
            contents=alt_text or self._link_contents,
        )
        annotation.struct_parent = self._tree.annotate(element, self.page, annotation)
        self.pages[self.page].add_annotation(annotation)
        return annotation

    # Drawing helpers.

    def _add_font(self, style: str, file_name: str) -> None:
        self.add_font(FAMILY, style, FONTS / file_name)
        # fontTools reads the file lazily, and fpdf2 closes it only for a font a page used, once
        # the PDF is output: an unused font, or a document never finished, would leave it open.
        # Read from memory instead.
        font = self.fonts[f"{FAMILY}{style}"]
        assert isinstance(font, TTFFont)
        reader = font.ttfont.reader
        reader.file.close()
        reader.file = io.BytesIO(_font_file(file_name))

    def _font(self, size: float, bold: bool = False) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)

    def _block(self, text: str, height: float) -> None:
        self.multi_cell(
            0, height, self._drawable(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )

    def _row_height(
        self, cells: Sequence[str], widths: Sequence[float], size: float, height: float
    ) -> float:
        self._font(size, bold=True)  # as tall as the row's text is in either weight
        lines = (
            len(cast(list[str], self.multi_cell(w, height, c, dry_run=True, output="LINES")))
            for c, w in zip(map(self._drawable, cells), widths, strict=True)
        )
        return height * max(lines, default=1)

    def _row(
        self,
        cells: Sequence[str],
        widths: Sequence[float],
        size: float,
        height: float,
        *,
        header: bool = False,
    ) -> None:
        """A /TR of /TH (scope: column) or /TD cells; their borders are an artifact."""
        with self.element("TR"):
            self._draw_row(cells, widths, size, height, bold=header, tag="TH" if header else "TD")

    def _draw_row(
        self,
        cells: Sequence[str],
        widths: Sequence[float],
        size: float,
        height: float,
        *,
        bold: bool,
        tag: str = "",
    ) -> None:
        """The row's borders and text, each cell a `tag` element; untagged without a tag (inside
        an artifact)."""
        row_height = self._row_height(cells, widths, size, height)
        x0, y0 = self.l_margin, self.y
        with self.artifact() if tag else nullcontext():
            self._cell_borders(widths, x0, y0, row_height)
        self._font(size, bold)
        x = x0
        for text, w in zip(map(self._drawable, cells), widths, strict=True):
            self.set_xy(x, y0)
            if not tag:
                self.multi_cell(w, height, text, align="L")
            else:
                with self.element(tag) as cell:
                    if tag == "TH":
                        cell.a = "<</O /Table /Scope /Column>>"
                    with self._marked(cell):
                        self.multi_cell(w, height, text, align="L")
            x += w
        self.set_xy(x0, y0 + row_height)

    def _cell_borders(self, widths: Sequence[float], x: float, y: float, h: float) -> None:
        for w in widths:
            self.rect(x, y, w, h)
            x += w

    def _drawable(self, text: str) -> str:
        """The text with any character the font lacks simplified (ﬁ -> fi) or shown as "?"."""
        font = self.current_font
        if not isinstance(font, TTFFont) or all(
            ord(ch) in font.cmap or ch in "\n\r\t" for ch in text
        ):
            return text
        return "".join(_in_font(ch, font.cmap) for ch in text)

    def to_bytes(self) -> bytes:
        return bytes(self.output())


@cache
def _font_file(file_name: str) -> bytes:
    return (FONTS / file_name).read_bytes()


def _in_font(ch: str, cmap: dict[int, Any]) -> str:
    if ord(ch) in cmap or ch in "\n\r\t ":
        return ch
    simpler = "".join(c for c in unicodedata.normalize("NFKD", ch) if ord(c) in cmap)
    return simpler or "?"


def _xmp(title: str, lang: str, author: str) -> str:
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f'   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li>'
        "</rdf:Alt></dc:title>\n"
        f"   <dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>\n"
        f"   <dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>\n"
        "  </rdf:Description>\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>"
    )

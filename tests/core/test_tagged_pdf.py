"""The tagged-PDF builder and the consultation summary it draws: what a screen reader gets.

Read back with pikepdf and pypdf (tests/tagged_pdfs.py), never with fpdf2, which writes them.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pikepdf
import pytest
import segno
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from tests import tagged_pdfs

from toxfill.decide import decide
from toxfill.intake import parse_intake
from toxfill.knowledge import KnowledgeBase
from toxfill.render.pdf import decision_pdf
from toxfill.render.tagged_pdf import TaggedPDF

URL = "https://www.accessdata.fda.gov/drugsatfda_docs/label/2023/103000s5329lbl.pdf"


def _qr_png() -> bytes:
    out = io.BytesIO()
    segno.make("shc:/56762909524320603460292437404460").save(out, kind="png", scale=3)
    return out.getvalue()


def _leaflet(rows: int = 3, sentences: int = 8) -> bytes:
    """One of each block the builder draws: the shapes toxfill's PDFs are made of."""
    pdf = TaggedPDF("Aftercare leaflet", footer="toxfill leaflet")
    pdf.add_page()
    pdf.heading("After your treatment", 1, size=18, height=9)
    pdf.paragraph("Keep your head up for four hours. " * sentences)
    pdf.boxed("Call 911 if you cannot see or breathe.")
    pdf.heading("What to do", 2, size=13, height=7)
    with pdf.element("L"):
        for step in ("Do not rub the area.", "Skip the gym today."):
            with pdf.list_item("-"):
                pdf.text_block(step)
    pdf.data_table(
        ["Zone", "Product", "Dose"],
        [["Glabella", "Botox Cosmetic", "20 U"]] * rows,
        col_widths=(40, 40, 20),
    )
    with pdf.element("P"):
        pdf.inline("The label: ")
        pdf.link_text(URL, description="The Botox Cosmetic label (FDA)")
    pdf.ln(5)
    pdf.figure(_qr_png(), "QR code: signed copy of your record", w=40)
    return pdf.to_bytes()


@pytest.fixture(scope="module")
def leaflet() -> tagged_pdfs.TaggedPdf:
    return tagged_pdfs.read(_leaflet())


@pytest.fixture(scope="module")
def summary_pdf(kb: KnowledgeBase) -> bytes:
    """Bob, 35, frown lines and lips, allergic to lidocaine: a summary of many pages."""
    intake = parse_intake(
        kb,
        {
            "age": 35,
            "concerns": ["glabellar-lines", "lip-volume"],
            "health": ["allergy-lidocaine"],
            "today": "2026-11-23",
        },
    )
    return decision_pdf(decide(kb, intake), kb)


@pytest.fixture(scope="module")
def summary(summary_pdf: bytes) -> tagged_pdfs.TaggedPdf:
    return tagged_pdfs.read(summary_pdf)


def test_it_is_tagged_in_english_with_the_title_shown(leaflet: tagged_pdfs.TaggedPdf) -> None:
    root = leaflet.pdf.Root

    assert root.MarkInfo.Marked is True
    assert root.Lang == "en-US"
    assert root.ViewerPreferences.DisplayDocTitle is True
    assert leaflet.pdf.docinfo.Title == "Aftercare leaflet"
    with leaflet.pdf.open_metadata() as xmp:
        assert xmp["dc:title"] == "Aftercare leaflet"
    assert tagged_pdfs.document_problems(leaflet) == []


def test_a_spanish_document_says_so_and_numbers_its_pages_in_spanish() -> None:
    pdf = TaggedPDF("Pasaporte de tratamientos", lang="es", footer="toxfill")
    pdf.add_page()
    pdf.paragraph("Su último tratamiento.")

    data = pdf.to_bytes()

    doc = tagged_pdfs.read(data)
    assert doc.pdf.Root.Lang == "es"
    with doc.pdf.open_metadata() as xmp:
        assert xmp["dc:language"] == {"es"}
    assert "Página 1 de 1" in PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert tagged_pdfs.all_problems(data) == []


def test_an_english_document_numbers_its_pages_in_english() -> None:
    assert "Page 1 of " in PdfReader(io.BytesIO(_leaflet())).pages[0].extract_text()


def test_it_embeds_every_font(leaflet: tagged_pdfs.TaggedPdf) -> None:
    assert tagged_pdfs.unembedded_fonts(leaflet) == []
    assert tagged_pdfs.fonts_without_unicode(leaflet) == []
    fonts = leaflet.pdf.pages[0].Resources.Font.values()
    assert {str(f.BaseFont).split("+")[1] for f in fonts} == {"DejaVuSansBook", "DejaVuSansBold"}


def test_it_draws_nothing_outside_content_or_artifacts(leaflet: tagged_pdfs.TaggedPdf) -> None:
    assert tagged_pdfs.unmarked_drawing(leaflet) == []
    assert tagged_pdfs.parent_tree_problems(leaflet) == []


def test_it_would_catch_text_drawn_around_the_builder() -> None:
    """The checks above are not vacuous: fpdf2's own cell() draws untagged text."""
    pdf = TaggedPDF("Untagged")
    pdf.add_page()
    pdf.paragraph("Tagged.")
    pdf.cell(0, 5, "Not tagged.")

    unmarked = tagged_pdfs.unmarked_drawing(tagged_pdfs.read(pdf.to_bytes()))

    assert len(unmarked) == 1
    assert unmarked[0].startswith("page 1: Tj")


def test_it_tags_headings_paragraphs_and_lists(leaflet: tagged_pdfs.TaggedPdf) -> None:
    document = leaflet.document

    assert [leaflet.text_of(h) for h in document.find("H1")] == ["After your treatment"]
    assert [leaflet.text_of(h) for h in document.find("H2")] == ["What to do"]
    assert leaflet.text_of(document.find("P")[0]).startswith("Keep your head up")
    items = document.find("L")[0].find("LI")
    assert [[kid.tag for kid in item.kids] for item in items] == [["Lbl", "LBody"]] * 2
    assert [leaflet.text_of(item) for item in items] == [
        "- Do not rub the area.",
        "- Skip the gym today.",
    ]


def test_it_tags_a_table_with_column_headers(leaflet: tagged_pdfs.TaggedPdf) -> None:
    (table,) = leaflet.document.find("Table")
    head, body = table.kids

    assert isinstance(head, tagged_pdfs.Node)
    assert isinstance(body, tagged_pdfs.Node)
    assert [leaflet.text_of(th) for th in head.find("TH")] == ["Zone", "Product", "Dose"]
    assert {th.attributes["/Scope"] for th in head.find("TH")} == {"/Column"}
    rows = body.find("TR")
    assert len(rows) == 3
    assert [leaflet.text_of(td) for td in rows[0].find("TD")] == [
        "Glabella",
        "Botox Cosmetic",
        "20 U",
    ]


def test_a_table_continued_on_a_new_page_repeats_its_headings_as_an_artifact() -> None:
    doc = tagged_pdfs.read(_leaflet(rows=60))

    (table,) = doc.document.find("Table")
    assert len(doc.pdf.pages) == 2
    assert len(table.find("TH")) == 3  # the repeat is drawn, not read again
    assert len(table.find("TR")) == 61
    assert tagged_pdfs.unmarked_drawing(doc) == []
    artifacts = [
        {str(key): str(value) for key, value in instruction.operands[1].items()}
        for instruction in pikepdf.parse_content_stream(doc.pdf.pages[1])
        if str(instruction.operator) == "BDC" and instruction.operands[0] == "/Artifact"
    ]
    assert {"/Type": "/Pagination"} in artifacts  # the headings again
    assert {"/Type": "/Pagination", "/Subtype": "/Footer"} in artifacts


def test_a_paragraph_broken_across_pages_stays_one_element() -> None:
    doc = tagged_pdfs.read(_leaflet(sentences=300))

    spanning = [p for p in doc.document.find("P") if len({page for page, _ in p.content()}) > 1]
    assert len(spanning) == 1
    assert tagged_pdfs.parent_tree_problems(doc) == []
    assert tagged_pdfs.unmarked_drawing(doc) == []


def test_every_image_is_a_figure_with_alt_text(leaflet: tagged_pdfs.TaggedPdf) -> None:
    (figure,) = leaflet.document.find("Figure")

    assert figure.alt == "QR code: signed copy of your record"
    assert "/BBox" in figure.attributes
    assert tagged_pdfs.images_outside_figures(leaflet) == []


def test_fpdf2s_own_alt_text_lands_in_the_same_tree() -> None:
    """image(alt_text=...) is fpdf2's own tagging; it goes into this builder's tree."""
    pdf = TaggedPDF("Native")
    pdf.add_page()
    pdf.paragraph("Before.")
    pdf.image(io.BytesIO(_qr_png()), w=30, alt_text="QR code: signed copy of your record")
    pdf.paragraph("After.")

    data = pdf.to_bytes()
    doc = tagged_pdfs.read(data)

    assert [
        (node.tag, node.alt) for node in doc.document.kids if isinstance(node, tagged_pdfs.Node)
    ] == [
        ("P", ""),
        ("Figure", "QR code: signed copy of your record"),
        ("P", ""),
    ]
    assert tagged_pdfs.all_problems(data) == []


def test_a_link_is_an_annotation_in_a_link_element(leaflet: tagged_pdfs.TaggedPdf) -> None:
    (link,) = tagged_pdfs.links(leaflet)

    assert link.uri == URL
    assert link.contents == "The Botox Cosmetic label (FDA)"
    assert link.element is not None
    assert link.element.tag == "Link"
    assert leaflet.text_of(link.element).replace(" ", "") == URL
    assert leaflet.pdf.pages[0].obj.Tabs == "/S"


def test_links_cannot_be_drawn_untagged() -> None:
    pdf = TaggedPDF("Links")
    pdf.add_page()
    with pytest.raises(RuntimeError, match="link_text"):
        pdf.cell(0, 5, "FDA label", link=URL)


@pytest.mark.parametrize(
    ("given", "drawn"),
    [
        pytest.param("ages ≥ 18 → 4 × 2 − 1", "ages ≥ 18 → 4 × 2 − 1", id="symbols_kept"),
        pytest.param("Juvéderm 3–4 months", "Juvéderm 3–4 months", id="accents_and_dashes"),
        pytest.param("Ω Łódź", "Ω Łódź", id="beyond_windows_1252"),
        pytest.param("田中", "??", id="not_in_the_font"),
    ],
)
def test_it_draws_text_as_written_where_the_font_has_it(given: str, drawn: str) -> None:
    pdf = TaggedPDF("Characters")
    pdf.add_page()
    pdf.paragraph(given)

    doc = tagged_pdfs.read(pdf.to_bytes())

    assert doc.text_of(doc.document.find("P")[0]) == drawn


# The consultation summary, drawn through the builder.


def test_the_summary_passes_every_tagged_pdf_check(summary_pdf: bytes) -> None:
    assert tagged_pdfs.all_problems(summary_pdf) == []


def test_the_summary_reads_heading_by_heading(summary: tagged_pdfs.TaggedPdf) -> None:
    headings = [
        (node.tag, summary.text_of(node))
        for node in summary.document.walk()
        if node.tag in {"H1", "H2", "H3"}
    ]

    assert headings[0] == ("H1", "Your consultation summary")
    assert headings[1] == ("H2", "At a glance")
    assert ("H3", 'Botulinum toxin ("Botox" and similar): RECOMMENDED') in headings
    assert headings[-1] == ("H2", "Sources")
    # and the reading order is the order the pages are drawn in
    assert list(summary.document.content()) == tagged_pdfs.content_order(summary)


def test_the_summary_cites_its_sources_as_links(summary: tagged_pdfs.TaggedPdf) -> None:
    (sources,) = [
        node
        for node in summary.document.find("L")
        if node.find("Lbl") and summary.text_of(node.find("Lbl")[0]) == "[1]"
    ]
    items = sources.find("LI")
    linked = {link.uri for link in tagged_pdfs.links(summary)}

    assert len(items) > 10
    for n, item in enumerate(items, start=1):
        (link,) = item.find("Link")
        (annotation, *_more_lines) = link.annotations
        assert summary.text_of(item.find("Lbl")[0]) == f"[{n}]"
        assert str(annotation.A.URI) in linked
        assert str(annotation.Contents).startswith(f"Source {n}: ")
        assert summary.text_of(link).replace(" ", "") == str(annotation.A.URI)


def test_the_summary_gives_each_rate_picture_its_words(summary: tagged_pdfs.TaggedPdf) -> None:
    """TOX-AE-3: a drooping eyelid in about 2 in 100 people treated for frown lines."""
    alts = [figure.alt for figure in summary.document.find("Figure")]

    assert "A grid of 100 dots: 2 filled." in alts


def test_pypdf_reads_the_summary_in_order_with_its_urls(summary_pdf: bytes) -> None:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(summary_pdf)).pages)
    flat = re.sub(r"\s+", " ", text)

    order = ["Your consultation summary", "At a glance", "Your answers", "Sources"]
    assert [flat.index(heading) for heading in order] == sorted(
        flat.index(heading) for heading in order
    )
    assert "dailymed.nlm.nih.gov" in flat.replace(" ", "")


# Any mix of blocks, of any length, in any script the font has or lacks.

_words = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "Zs", "Sm"]),
    max_size=400,
)
_blocks = st.lists(
    st.one_of(
        st.tuples(st.just("heading"), _words),
        st.tuples(st.just("paragraph"), _words),
        st.tuples(st.just("box"), _words),
        st.tuples(st.just("list"), st.lists(_words, min_size=1, max_size=4)),
        st.tuples(st.just("table"), st.lists(st.tuples(_words, _words), max_size=30)),
        st.tuples(st.just("link"), _words),
        st.tuples(st.just("figure"), _words),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=25, deadline=None)
@given(_blocks)
def test_whatever_is_drawn_is_marked_and_mapped(blocks: list[tuple[str, Any]]) -> None:
    pdf = TaggedPDF("Anything")
    pdf.add_page()
    for kind, content in blocks:
        if kind == "heading":
            pdf.heading(content or "Heading", 2, size=13, height=7)
        elif kind == "paragraph":
            pdf.paragraph(content)
        elif kind == "box":
            pdf.boxed(content)
        elif kind == "list":
            with pdf.element("L"):
                for item in content:
                    with pdf.list_item("-"):
                        pdf.text_block(item)
        elif kind == "table":
            pdf.data_table(["Left", "Right"], content, col_widths=(1, 1))
        elif kind == "link":
            with pdf.element("P"):
                pdf.link_text(URL, text=content or URL, description="A link")
            pdf.ln(5)
        else:
            pdf.figure(_qr_png(), content or "A QR code", w=30)

    assert tagged_pdfs.all_problems(pdf.to_bytes()) == []

"""HTML for a comparison: a table fragment the web page embeds, or a whole standalone page."""

from __future__ import annotations

from html import escape

from toxfill.compare import Comparison
from toxfill.compare.words import say
from toxfill.knowledge.models import Source
from toxfill.render.citations import Citations, unconfirmed

_STYLE = """
body{font-family:system-ui,sans-serif;line-height:1.5;margin:1rem;color:#1a1a1a}
.tf-scroll{overflow-x:auto}
table.tf-compare{border-collapse:collapse;min-width:36rem}
.tf-compare th,.tf-compare td{border:1px solid #bbb;padding:.5rem;vertical-align:top;
  text-align:left}
.tf-compare thead th{background:#eef2f6}
.tf-compare .tf-detail{display:block;font-size:.85rem;color:#444;margin-top:.25rem}
.tf-compare .tf-same{font-weight:600}
.tf-compare sup a{text-decoration:none}
"""


def comparison_table_html(comparison: Comparison) -> str:
    """The comparison table and its numbered sources, as an HTML fragment (text escaped)."""
    language = comparison.language
    cite = Citations(comparison.sources)
    head = "".join(f'<th scope="col">{escape(o.label)}</th>' for o in comparison.options)
    rows = []
    for row in comparison.rows:
        cells = []
        for option in comparison.options:
            cell = row.cells[option.option]
            marks = "".join(
                f'<sup><a href="#source-{n}" aria-label="{say(language, "source {n}", n=n)}">'
                f"[{n}]</a></sup>"
                for n in cite.marks(cell.sources)
            )
            detail = (
                f'<span class="tf-detail">{escape(cell.detail)}</span>'
                if cell.detail and cell.detail != cell.text
                else ""
            )
            cells.append(
                f'<td data-label="{escape(option.label)}">{escape(cell.text)}{marks}{detail}</td>'
            )
        verdict = escape(comparison.verdict(row))
        rows.append(
            f'<tr data-attribute="{escape(row.attribute)}">'
            f'<th scope="row">{escape(row.label)}</th>{"".join(cells)}'
            f'<td class="tf-same" data-label="{escape(say(language, "Same?"))}" '
            f'data-same="{str(row.same).lower()}">'
            f"{verdict}</td></tr>"
        )
    sources = "".join(
        f'<li id="source-{n}"><a href="{escape(s.url)}" rel="noopener noreferrer">'
        f"{escape(s.title)}</a>. {escape(s.publisher)}, {escape(s.year)}. "
        f"{'' if s.url_confirmed else escape(_unconfirmed(s, language)) + ' '}"
        f"<code>{escape(s.id)}</code></li>"
        for n, s in enumerate(comparison.sources, start=1)
    )
    caption = escape(_title(comparison))
    region = escape(say(language, "Comparison table"))
    attribute, same = escape(say(language, "Attribute")), escape(say(language, "Same?"))
    # The sources keep the names they were published under, most of them English.
    named_as = "" if language == "en" else f"<p>{escape(say(language, _NAMED_AS))}</p>"
    sources_lang = "" if language == "en" else ' lang="en"'
    return (
        f'<div class="tf-scroll" tabindex="0" role="region" aria-label="{region}">'
        f'<table class="tf-compare"><caption>{caption}</caption>'
        f'<thead><tr><th scope="col">{attribute}</th>{head}<th scope="col">{same}</th></tr>'
        f"</thead><tbody>{''.join(rows)}</tbody></table></div>"
        f"<h2>{escape(say(language, 'Sources'))}</h2>{named_as}"
        f'<ol class="tf-sources"{sources_lang}>{sources}</ol>'
    )


_NAMED_AS = "Sources are named as they were published, most of them in English."


def _title(comparison: Comparison) -> str:
    return f" {say(comparison.language, 'vs')} ".join(o.label for o in comparison.options)


def _unconfirmed(source: Source, language: str) -> str:
    if language == "en":
        return unconfirmed(source)
    return f"{source.identifiers}. {say(language, 'Link unconfirmed.')}"


def comparison_html(comparison: Comparison) -> str:
    """A complete HTML page for the comparison, readable on a phone."""
    title = escape(_title(comparison))
    language = comparison.language
    version = say(language, "Knowledge base {version}.", version=comparison.knowledge_version)
    return (
        f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title} · toxfill</title><style>{_STYLE}</style></head><body>"
        f"<h1>{title}</h1>{comparison_table_html(comparison)}"
        f"<p><em>{escape(comparison.disclaimer)}</em> "
        f"{escape(version)}</p></body></html>\n"
    )

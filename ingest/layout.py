"""What a reader finds besides the words: where pages begin, which lines are headings, which a table's rows.

Readers build a file's text line by line with `TextBuilder`. The marks are kept as line
numbers, because cleaning keeps or drops whole lines (`Cleaned.origins`); `locate` turns
them into offsets of the cleaned text once it is known.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.clean import Cleaned


@dataclass(frozen=True)
class Layout:
    """A file's text with the line where each page begins, the (line, level) of its headings and
    the lines that are rows of a table in it (a Word table's, a slide's).

    `tabular` text is rows of a table (a spreadsheet), not prose: no line of it is page
    chrome, and its title is not looked for in it (`ingest.clean.clean`). A table's row in
    prose is likewise data: kept whatever it says, and no title, author or date line.
    """

    text: str
    page_lines: tuple[int, ...] = ()
    heading_lines: tuple[tuple[int, int], ...] = ()
    tabular: bool = False
    row_lines: tuple[int, ...] = ()


class TextBuilder:
    """Collects lines, page starts and heading levels as a reader walks a file."""

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._pages: list[int] = []
        self._headings: list[tuple[int, int]] = []
        self._rows: list[int] = []

    def new_page(self) -> None:
        """The next line begins a page (pages are numbered from 1 in the order they begin)."""
        self._pages.append(len(self._lines))

    def add(self, text: str) -> None:
        """One or more lines of text (blank lines keep paragraphs apart)."""
        self._lines.extend(text.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n").split("\n"))

    def heading(self, text: str, level: int) -> None:
        """A heading of `level` (1 = outermost), kept on one line."""
        line = " ".join(text.split())
        if line:
            self._headings.append((len(self._lines), level))
            self._lines.append(line)

    def row(self, text: str) -> None:
        """A table's row, on one line."""
        self._rows.append(len(self._lines))
        self._lines.append(" ".join(text.split()))

    def build(self) -> Layout:
        lines = "\n".join(self._lines)
        return Layout(lines, tuple(self._pages), tuple(self._headings), row_lines=tuple(self._rows))


def locate(layout: Layout, cleaned: Cleaned) -> tuple[tuple[int, ...], tuple[tuple[int, int], ...]]:
    """(page starts, (offset, level) of headings) in the cleaned text, from the layout's line marks.

    A page begins at its first line the cleaner kept; a page left with none begins where the
    next one does. A heading the cleaner dropped is dropped.
    """
    offsets: list[int] = []
    at = 0
    for line in cleaned.text.split("\n"):
        offsets.append(at)
        at += len(line) + 1
    origins = list(cleaned.origins)
    pages = []
    for line in layout.page_lines:
        k = bisect.bisect_left(origins, line)
        pages.append(offsets[k] if k < len(offsets) else len(cleaned.text))
    where = {origin: offsets[k] for k, origin in enumerate(origins)}
    headings = tuple((where[line], level) for line, level in layout.heading_lines if line in where)
    return tuple(pages), headings


def _width(line: str) -> int:
    """Display width: two for a wide (CJK) character, one otherwise."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def join_pieces(before: str, after: str) -> str:
    """Two wrapped pieces as one: Chinese runs together, a space between Latin words."""
    if before and after and before[-1].isascii() and before[-1].isalnum() and after[0].isascii() and after[0].isalnum():
        return f"{before} {after}"
    return before + after


# Narrower than this (20 Chinese characters) a line is not wrapped text: an A4 page set in
# the official 16-point type holds 28 characters a line, and any smaller type more.
MIN_MEASURE = 40


def measure(lines: Sequence[str]) -> int:
    """The widest line's display width: the measure text is wrapped at."""
    return max((_width(line.strip()) for line in lines), default=0)


def join_wrapped(lines: Sequence[str], width: int, full: float = 0.85) -> list[str]:
    """Lines of a page as its paragraphs: a line that reaches the measure `width` runs on into the next.

    PDF text layers give one line per printed line, and a sentence cut by a line break reads
    as two (the sentence splitter stops at newlines). A line at least `full` of the measure
    (taken over the whole document, so a page of short lines keeps them apart) was wrapped by
    the typesetter; a shorter one ends a paragraph or is a heading. A next line indented by
    spaces starts a paragraph anyway.
    """
    paragraphs: list[str] = []
    open_ = False
    for raw in lines:
        line = raw.strip()
        if not line:
            open_ = False
            continue
        indented = raw[:1] in (" ", "\u3000", "\t") and len(raw) - len(raw.lstrip()) >= 2
        if open_ and not indented:
            paragraphs[-1] = join_pieces(paragraphs[-1], line)
        else:
            paragraphs.append(line)
        open_ = width >= MIN_MEASURE and _width(line) >= full * width
    return paragraphs

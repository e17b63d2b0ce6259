"""Heading paths: the headings a passage sits under, outermost first.

Two kinds of heading make the path. Lines the file itself styles as headings (docx heading
styles, markdown `#`, slide titles) come from the reader with their level. The numbering
of Chinese official documents is read from the text here: 第X编/章/节/条 above 一、 above
（一） above 1. above （1）, the order GB/T 9704 and legal drafting use. A numbered line
ranks below every styled heading, so a styled 一、 keeps its style's level.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

_NUM = "一二三四五六七八九十百千零〇两"
_CHAPTER = re.compile(rf"^第[{_NUM}\d]+([编章节条])")
# Each is followed by content: `1.5倍` is not a heading, nor `2024.` (at most two digits).
_NUMBERED = (
    (re.compile(rf"^[{_NUM}]+、(?=\S)"), 15),
    (re.compile(rf"^[（(][{_NUM}]+[）)](?=\S)"), 16),
    (re.compile(r"^\d{1,2}[.．、](?=\s*[^\d\s.．])"), 17),
    (re.compile(r"^[（(]\d{1,2}[）)](?=\S)"), 18),
)
_CHAPTER_RANK = {"编": 11, "章": 12, "节": 13, "条": 14}
_SENTENCE_END = re.compile(r"[。！？；!?;]")
_MAX_HEADING = 40  # longer and it is a numbered paragraph, not a heading
_MARKDOWN = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")

Path = tuple[str, ...]


def markdown_heading(line: str) -> tuple[int, str] | None:
    """(level, text) of an ATX markdown heading line (`## 二、任务`), else None."""
    match = _MARKDOWN.match(line)
    return (len(match.group(1)), match.group(2)) if match and match.group(2) else None


def numbered_heading(line: str) -> tuple[int, str] | None:
    """(rank, heading text) of a line that opens with official-document numbering, else None.

    第X条 gives just the article number. Otherwise a short line without sentence punctuation
    is a heading as it stands; a longer one is a run-in heading whose first sentence is the
    heading (`（一）加强组织建设。具体……`). A long first sentence means a numbered
    paragraph, which is not a heading.
    """
    line = line.strip()
    rank = None
    if match := _CHAPTER.match(line):
        rank = _CHAPTER_RANK[match.group(1)]
    else:
        for pattern, candidate in _NUMBERED:
            if match := pattern.match(line):
                rank = candidate
                break
    if rank is None or match is None:
        return None
    if match.re is _CHAPTER and match.group(1) == "条":
        return rank, match.group(0)  # an article's words are its content, not its title
    if len(line) <= _MAX_HEADING and not _SENTENCE_END.search(line.rstrip("。")):
        return rank, line.rstrip("。")
    first = _SENTENCE_END.split(line, maxsplit=1)[0].strip()
    return (rank, first) if len(first) <= _MAX_HEADING else None


def _lines(text: str) -> Iterable[tuple[int, str]]:
    offset = 0
    for line in text.split("\n"):
        yield offset, line
        offset += len(line) + 1


def heading_paths(text: str, styled: Sequence[tuple[int, int]] = ()) -> list[tuple[int, Path]]:
    """(offset, path) at every heading line of `text`: the path in force from that offset on.

    `styled` holds (offset, level) of the lines the file styles as headings.
    """
    levels = dict(styled)
    stack: list[tuple[int, str]] = []
    out: list[tuple[int, Path]] = []
    for offset, line in _lines(text):
        if offset in levels:
            title = line.strip()
            if md := markdown_heading(title):
                title = md[1]
            found: tuple[int, str] | None = (levels[offset], title) if title else None
        else:
            found = numbered_heading(line)
        if found is None:
            continue
        rank, title = found
        while stack and stack[-1][0] >= rank:
            stack.pop()
        stack.append((rank, title))
        out.append((offset, tuple(t for _, t in stack)))
    return out


class Sections:
    """The heading path at any offset of a text, looked up by bisection."""

    def __init__(self, text: str, styled: Sequence[tuple[int, int]] = ()) -> None:
        paths = heading_paths(text, styled)
        self._offsets = [offset for offset, _ in paths]
        self._paths = [path for _, path in paths]

    def changes(self, start: int, end: int) -> tuple[tuple[int, Path], ...]:
        """(offset, path) of the headings in `(start, end)`: where the path changes inside a span."""
        lo = bisect.bisect_right(self._offsets, start)
        hi = bisect.bisect_left(self._offsets, end)
        return tuple(zip(self._offsets[lo:hi], self._paths[lo:hi], strict=True))

    def at(self, offset: int) -> Path:
        """The heading path in force at `offset` (a heading line starting there counts)."""
        i = bisect.bisect_right(self._offsets, offset)
        return self._paths[i - 1] if i else ()

"""Chinese-aware, token-bounded chunking: whole sentences packed up to a tiktoken budget.

Chunks never cut a sentence unless it alone exceeds the budget (then it is cut after
，、：, and as a last resort by characters). A chunk prefers to end at a paragraph end,
does not end on a heading or a numbered point (一是…。) when more follows (what it names is
said after it), and the sentence overlap between neighbours stays inside a paragraph.

`ingest/node_parser.py` offers the same chunking as a llama-index `NodeParser`. A change to
what the chunks are made of bumps `rag.text.CHUNKER_VERSION` (the store records it).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.sections import Sections
from rag.text import could_head, count_tokens, names_a_point, sentence_spans
from rag.types import Chunk, Document, chunk_id_for

# A chunk may not start with these: closing or mid-sentence punctuation (opening quotes are fine).
_BAD_START = frozenset("，、。；：！？…,.;:!?)）]】」』”’》〉﹔·—-~～ \t\n\r\u3000\xa0")
_CLAUSE_END = re.compile(r"[，、：,:]")


@dataclass(frozen=True)
class _Unit:
    """A sentence (or a piece of one that was too long), with its token count."""

    start: int
    end: int
    tokens: int
    para_start: bool
    heads: bool  # a heading: short, comma-free, opening a paragraph
    point: bool  # a numbered point named in a sentence of its own (一是…。)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Move `start` past characters a chunk may not start with, and `end` before trailing whitespace."""
    while start < end and (text[start] in _BAD_START or text[start].isspace()):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _cut_by_chars(text: str, start: int, end: int, max_tokens: int) -> list[tuple[int, int]]:
    """Cut `text[start:end]` into pieces of at most `max_tokens` tokens (at least one character each)."""
    pieces = []
    while start < end:
        while start < end and (text[start] in _BAD_START or text[start].isspace()):
            start += 1
        if start == end:
            break
        stop = min(end, start + max_tokens * 2)
        while stop - start > 1 and (n := count_tokens(text[start:stop])) > max_tokens:
            # Shrink in proportion to the overshoot, by at least one character.
            stop = start + max(1, min(stop - start - 1, (stop - start) * max_tokens // n))
        pieces.append((start, stop))
        start = stop
    return pieces


def _split_long(text: str, start: int, end: int, max_tokens: int) -> list[tuple[int, int]]:
    """Split one over-long sentence at clause marks, packing clauses up to the budget."""
    cuts = [m.end() for m in _CLAUSE_END.finditer(text, start, end)]
    clauses = list(zip([start, *cuts], [*cuts, end], strict=True))
    pieces: list[tuple[int, int]] = []
    for c_start, c_end in clauses:
        if c_start >= c_end:
            continue
        if pieces and count_tokens(text[pieces[-1][0] : c_end]) <= max_tokens:
            pieces[-1] = (pieces[-1][0], c_end)
        elif count_tokens(text[c_start:c_end]) <= max_tokens:
            pieces.append((c_start, c_end))
        else:
            pieces.extend(_cut_by_chars(text, c_start, c_end, max_tokens))
    return pieces


def _units(text: str, max_tokens: int) -> list[_Unit]:
    """Sentences (over-long ones cut into pieces), trimmed, with their token counts."""
    units: list[_Unit] = []
    previous_end = 0
    for s_start, s_end in sentence_spans(text):
        para_start = not units or "\n" in text[previous_end:s_start]
        start, end = _trim(text, s_start, s_end)
        whole = count_tokens(text[start:end]) <= max_tokens
        pieces = [(start, end)] if whole else _split_long(text, start, end, max_tokens)
        sentence = text[start:end]
        heads, point = whole and para_start and could_head(sentence), whole and names_a_point(sentence)
        for p_start, p_end in pieces:
            p_start, p_end = _trim(text, p_start, p_end)
            if p_start >= p_end:
                continue
            # With the whitespace before it or without, whichever tokenises longer: stay on the safe side.
            tokens = max(count_tokens(text[previous_end:p_end]), count_tokens(text[p_start:p_end]))
            units.append(_Unit(p_start, p_end, tokens, para_start, heads, point))
            para_start = False
            previous_end = p_end
        previous_end = max(previous_end, s_end)
    return units


def _pack(units: Sequence[_Unit], first: int, max_tokens: int) -> int:
    """Index of the last unit of a chunk starting at `first`."""
    last, total = first, units[first].tokens
    while last + 1 < len(units):
        following = units[last + 1]
        if total + following.tokens > max_tokens:
            break
        # Crossing into a new paragraph only while the chunk is less than half full.
        if following.para_start and total * 2 >= max_tokens:
            break
        total += following.tokens
        last += 1
    return last


def _leads(unit: _Unit, following: _Unit) -> bool:
    """Whether `unit` names what `following` says: a heading, or a numbered point its paragraph goes
    on to say (not the last of its paragraph, nor one of a run of bare points: 一是A。二是B。)."""
    return unit.heads or (unit.point and not following.para_start and not following.point)


def _before_leads(units: Sequence[_Unit], first: int, last: int, max_tokens: int) -> int:
    """Where a chunk packed from `first` to `last` ends so that a heading or a numbered point opens
    the next chunk rather than ends this one: what it names is said after it (三是突出把好政治关。
    and its reasons are found and quoted together). Unless that leaves the chunk less than half
    full: then the chunk keeps its end (a run of short headings would otherwise make a chunk of
    each)."""
    end = last
    while end > first and end + 1 < len(units) and _leads(units[end], units[end + 1]):
        end -= 1
    kept = sum(u.tokens for u in units[first : end + 1])
    return end if end == last or kept * 2 >= max_tokens else last


def _next_first(units: Sequence[_Unit], first: int, last: int, max_tokens: int, overlap: int) -> int:
    """Where the next chunk starts: `overlap` sentences back, within the paragraph, and making progress."""
    following = last + 1
    if overlap <= 0 or units[following].para_start:
        return following
    for back in range(min(overlap, last - first), 0, -1):
        candidate = following - back
        if any(u.para_start for u in units[candidate + 1 : following + 1]):
            continue
        if sum(u.tokens for u in units[candidate : following + 1]) <= max_tokens:
            return candidate
    return following


def chunk_spans(text: str, max_tokens: int, overlap_sentences: int) -> list[tuple[int, int]]:
    """Chunk offsets `(start, end)` into `text`: whole sentences up to `max_tokens` cl100k tokens.

    Consecutive chunks share `overlap_sentences` sentences when they are in the same
    paragraph. No chunk is empty, starts with whitespace or closing punctuation, or ends
    with whitespace. A single character heavier than the budget still makes a chunk.
    """
    if max_tokens < 1:
        raise ValueError(f"max_tokens must be at least 1, not {max_tokens}")
    units = _units(text, max_tokens)
    spans: list[tuple[int, int]] = []
    first = 0
    while first < len(units):
        last = _pack(units, first, max_tokens)
        # Joining sentences can tokenise differently from counting them apart: check the real count.
        while last > first and count_tokens(text[units[first].start : units[last].end]) > max_tokens:
            last -= 1
        last = _before_leads(units, first, last, max_tokens)
        start, end = _trim(text, units[first].start, units[last].end)
        if start < end:
            if spans and start <= spans[-1][0]:
                # Trimming pushed both starts to the same character: keep the larger chunk.
                spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
            elif not spans or end > spans[-1][1]:
                spans.append((start, end))
        if last + 1 >= len(units):
            break
        first = _next_first(units, first, last, max_tokens, overlap_sentences)
    return spans


def chunk_document(doc: Document, max_tokens: int, overlap_sentences: int) -> list[Chunk]:
    """The chunks of a cleaned document, with ids from `chunk_id_for`, exact offsets, pages and heading paths."""
    sections = Sections(doc.text, doc.headings)
    starts = doc.page_starts
    chunks = []
    for index, (start, end) in enumerate(chunk_spans(doc.text, max_tokens, overlap_sentences)):
        # A page whose text the cleaner emptied shares its offset with the next: bisect_right skips it.
        page = bisect.bisect_right(starts, start) if starts else None
        chunks.append(
            Chunk(
                id=chunk_id_for(doc.doc_id, doc.version, index, doc.text[start:end]),
                doc_id=doc.doc_id,
                source=doc.source,
                title=doc.title,
                index=index,
                start=start,
                end=end,
                text=doc.text[start:end],
                page=page or None,
                page_breaks=tuple(b for b in starts if start < b < end),
                section=sections.at(start),
                section_breaks=sections.changes(start, end),
            )
        )
    return chunks

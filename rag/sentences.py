"""The sentences of retrieved passages as the offline answerer quotes them: where each
stands (its hit, its offsets in the chunk and the document), its folded text for matching,
and whether it is a heading. Shared by the answerer (`rag.extractive`) and the list reader
(`rag.lists`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple, TypeVar

from rag.features import Candidate
from rag.text import char_bigrams, could_head, normalize_for_match, sentence_spans
from rag.types import Chunk, Hit


class Sentence(NamedTuple):
    """A sentence of a retrieved passage, as the answerer quotes it."""

    hit: int  # index into hits
    doc_id: str
    pos: int  # offset in the document
    start: int  # offsets in the chunk
    end: int
    text: str
    folded: str  # normalize_for_match(text): t2s, no punctuation
    heading: bool  # a short, comma-free sentence that opens a paragraph


def sentences_of(hits: Sequence[Hit]) -> list[Sentence]:
    """Every sentence of every hit; a sentence seen in two overlapping chunks is kept once, from the better hit."""
    seen: set[tuple[str, int]] = set()
    out: list[Sentence] = []
    for i, hit in enumerate(hits):
        text = hit.chunk.text
        for start, end in sentence_spans(text):
            key = (hit.chunk.doc_id, hit.chunk.start + start)
            if key in seen:
                continue
            seen.add(key)
            sentence = text[start:end]
            folded = normalize_for_match(sentence)
            out.append(Sentence(i, hit.chunk.doc_id, key[1], start, end, sentence, folded,
                                opens_section(hit.chunk, start, sentence, folded)))
    return out


# The blanks a line may open or end with around its text.
_BLANKS = " \t\u3000"


def line_opens_at(text: str, start: int) -> bool:
    """Whether `text[start:]` opens a line (the text's start, or a line break and blanks before it)."""
    return start == 0 or text[:start].rstrip(_BLANKS).endswith("\n")


def line_ends_at(text: str, end: int) -> bool:
    """Whether `text[:end]` ends a line (the text's end, or blanks and a line break after it)."""
    return end >= len(text) or text[end:].lstrip(_BLANKS).startswith("\n")


def opens_section(chunk: Chunk, start: int, sentence: str, folded: str) -> bool:
    """Whether the sentence at `start` of `chunk` is a heading: short, comma-free, opening a
    paragraph (or the chunk). The document's title line is not: it names the document, it heads
    no section, and it is no item of a list of headings (以作风建设推动… beside 以作风建设抓…落地)."""
    if not line_opens_at(chunk.text, start) or not could_head(sentence):
        return False
    return not (chunk.index == 0 and folded == normalize_for_match(chunk.title))


def under_heading(hits: Sequence[Hit], s: Sentence, heading: Sentence) -> bool:
    """Whether `s` lies in the section that `heading`, a heading its document's structure records,
    opens: an article (第十一条 …) under its chapter's heading (第四章 伙食补助费和市内交通费)."""
    chunk = hits[heading.hit].chunk
    if s.doc_id != heading.doc_id or not chunk.heads_section_at(heading.start, heading.text):
        return False
    outer = chunk.section_at(heading.pos)
    inner = hits[s.hit].chunk.section_at(s.pos)
    return len(inner) > len(outer) and inner[: len(outer)] == outer


def quoted_line(index: int, chunk: Chunk, start: int, end: int, heading: bool = True) -> Sentence:
    """`chunk.text[start:end]` quoted as a sentence of hit `index`: a line (a byline, a title line,
    a note), or with `heading` False a part of a sentence."""
    text = chunk.text[start:end]
    return Sentence(index, chunk.doc_id, chunk.start + start, start, end, text, normalize_for_match(text), heading)


def as_sentence(hits: Sequence[Hit], candidate: Candidate) -> Sentence:
    """A ranked candidate (`rag.features.Candidate`) as a sentence record."""
    chunk = hits[candidate.hit].chunk
    return Sentence(candidate.hit, chunk.doc_id, chunk.start + candidate.start, candidate.start, candidate.end,
                    candidate.text, candidate.folded,
                    opens_section(chunk, candidate.start, candidate.text, candidate.folded))


T = TypeVar("T")


def runs_of(items: Iterable[T], together: Callable[[T, T], bool]) -> list[list[T]]:
    """`items` in their order, in runs: each joins the run before it when `together(that run's last, it)`."""
    runs: list[list[T]] = []
    for item in items:
        if runs and together(runs[-1][-1], item):
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def similar(a: str, b: str) -> float:
    """Jaccard similarity of character bigrams (folded text): near-duplicates score above 0.6."""
    x, y = char_bigrams(a), char_bigrams(b)
    return len(x & y) / max(1, len(x | y))

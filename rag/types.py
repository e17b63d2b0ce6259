"""The values that cross stage boundaries: documents, chunks, hits, answers.

Frozen dataclasses, so a stage can hand them on without anyone mutating them behind it.
Framework objects (llama-index nodes, Chroma records) are converted to these at the edge.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

REFUSAL = "文档中没有找到相关信息"


def sha256_hex(data: bytes | str) -> str:
    """Hex sha256 of bytes, or of a string's UTF-8 encoding."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def document_version(content_hash: str, read_by: str) -> str:
    """What the store keys a document's chunks and text by: its file's bytes and the reading that
    made its text from them (`ingest.pipeline.reading_version`). A file read anew by a changed reader is
    another version of its document, as an edited file is, so it replaces the old one the same
    way. A record from before readings were recorded (`read_by` empty) is keyed by its hash alone."""
    return sha256_hex(f"{content_hash}\n{read_by}") if read_by else content_hash


def doc_id_for(source: str) -> str:
    """A document id that stays the same for the same source path."""
    return sha256_hex(source.replace("\\", "/"))[:16]


def chunk_id_for(doc_id: str, version: str, index: int, text: str) -> str:
    """A chunk id from its document, the document's version, its position and its text.

    The version (the file's content hash) keeps the chunks of an edited file disjoint from
    the old ones, so the store can switch a document from one set to the other at once.
    """
    return f"{doc_id}-{version[:8]}-{index:05d}-{sha256_hex(text)[:8]}"


def chunk_id_owner(chunk_id: str) -> tuple[str, str] | None:
    """(doc_id, version[:8]) of an id made by `chunk_id_for`; None for any other id.

    The store reads visibility from the id alone, because asking Chroma for the metadata of
    50 nearest neighbours costs more than the search (docs/benchmarks.md).
    """
    parts = chunk_id.rsplit("-", 3)
    return (parts[0], parts[1]) if len(parts) == 4 else None


@dataclass(frozen=True)
class Document:
    """A cleaned document. `text` is the author's text in its own script, noise removed."""

    doc_id: str
    source: str
    title: str
    text: str
    content_hash: str  # sha256 of the file's bytes
    author: str | None = None
    affiliation: str | None = None  # what the byline says the author is: 中共海北州委常委、组织部部长
    date: str | None = None
    publisher: str | None = None  # where it appeared: a web page's 来源 (人民網-中國共產黨新聞網)
    read_by: str = ""  # the reading that made `text` from the file (`ingest.pipeline.reading_version`)
    # Where each PDF page begins in `text` (page n at page_starts[n - 1]); empty for formats
    # without pages. Pages the cleaner emptied share the offset of the next page.
    page_starts: tuple[int, ...] = ()
    # (offset, level) of the lines the file itself styles as headings (docx/markdown heading
    # styles, slide titles); numbered headings (一、 （一） 第X条) are found by the chunker.
    headings: tuple[tuple[int, int], ...] = ()

    @property
    def byline(self) -> str | None:
        return byline(self.affiliation, self.author)

    @property
    def version(self) -> str:
        return document_version(self.content_hash, self.read_by)


def byline(affiliation: str | None, author: str | None) -> str | None:
    """Who wrote a document, as the index reads it with every chunk: the affiliation, then the name."""
    return " ".join(part for part in (affiliation, author) if part) or None


def page_label(first: int | None, last: int | None) -> str:
    """`第3页`, `第3-4页`, or "" when there are no pages."""
    if first is None:
        return ""
    return f"第{first}页" if last is None or last == first else f"第{first}-{last}页"


def page_span(page: int | None, breaks: tuple[int, ...], start: int, end: int) -> tuple[int | None, int | None]:
    """First and last page of `[start, end)` in a stretch starting on `page` with pages beginning at `breaks`."""
    if page is None:
        return None, None
    first = page + sum(1 for b in breaks if b <= start)
    last = page + sum(1 for b in breaks if b < end)
    return first, max(first, last)


@dataclass(frozen=True)
class DocumentInfo:
    """A document as the library lists it: the store's record of one ingested file."""

    doc_id: str
    source: str
    title: str
    content_hash: str  # sha256 of the file's bytes
    chunks: int
    chars: int
    ingested_at: str
    author: str | None = None
    date: str | None = None
    publisher: str | None = None  # where it appeared: a web page's 来源 (人民網-中國共產黨新聞網)
    affiliation: str | None = None  # what the byline says the author is: 中共海北州委常委、组织部部长
    read_by: str = ""  # the reading that made its text (`Document.read_by`); "" in an older index

    @property
    def byline(self) -> str | None:
        return byline(self.affiliation, self.author)

    @property
    def version(self) -> str:
        return document_version(self.content_hash, self.read_by)


@dataclass(frozen=True)
class Chunk:
    """One retrievable passage: `document.text[start:end] == text`.

    `page` is the PDF page its first character is on and `page_breaks` the document offsets
    inside it where a following page begins (None and empty for formats without pages).
    `section` is its heading path, outermost first; it is data beside the text (the text and
    its offsets do not include it), so that retrieval can index it with the title.
    `section_breaks` holds (document offset, path) where a heading inside the chunk changes it.
    """

    id: str
    doc_id: str
    source: str
    title: str
    index: int
    start: int
    end: int
    text: str
    page: int | None = None
    page_breaks: tuple[int, ...] = ()
    section: tuple[str, ...] = ()
    section_breaks: tuple[tuple[int, tuple[str, ...]], ...] = ()

    def section_at(self, offset: int) -> tuple[str, ...]:
        """The heading path in force at document offset `offset` inside this chunk."""
        path = self.section
        for at, changed in self.section_breaks:
            if at <= offset:
                path = changed
        return path

    def heads_section_at(self, start: int, sentence: str) -> bool:
        """Whether the sentence at `start` of the text is a heading the document's structure records
        (一、思想上要抬高站位,以初心不改的信念…, commas and all): a section opens there."""
        if start == 0 and self.section and self.section[-1] == sentence:
            return True
        return any(at == self.start + start for at, _ in self.section_breaks)

    def pages(self, start: int | None = None, end: int | None = None) -> tuple[int | None, int | None]:
        """First and last page of the document span `[start, end)` inside this chunk (the whole chunk by default)."""
        return page_span(self.page, self.page_breaks, self.start if start is None else start, self.end if end is None else end)


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused rank (1-based) and each retriever's score and rank."""

    chunk: Chunk
    rank: int
    score: float
    scores: dict[str, float] = field(default_factory=dict)
    ranks: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Citation:
    """Source `n` of an answer: the chunk it quotes and the quoted span's offsets in the document."""

    n: int
    chunk_id: str
    doc_id: str
    source: str
    title: str
    quote: str
    start: int
    end: int
    first_page: int | None = None  # PDF pages of the quote itself
    last_page: int | None = None
    section: tuple[str, ...] = ()

    @property
    def page_label(self) -> str:
        """`第3页` or `第3-4页`; "" for a document without pages."""
        return page_label(self.first_page, self.last_page)


@dataclass(frozen=True)
class ShortAnswer:
    """The span that answers, inside source `n` of its answer: its text and its offsets in that document.

    The span lies inside citation n's quote, so the app and the terminal can highlight it there.
    """

    text: str
    n: int
    start: int
    end: int

    def in_quote(self, citation: Citation) -> tuple[int, int] | None:
        """Its offsets in `citation`'s quote, where that is source n's and holds it; else None."""
        if citation.n != self.n or not citation.start <= self.start < self.end <= citation.end:
            return None
        return self.start - citation.start, self.end - citation.start


@dataclass(frozen=True)
class Answer:
    """An answer as data: text with [n] markers, the numbered sources, and how it was made.

    `relevance` is the refusal signal of the answer: the calibrated probability that its
    best candidate answers the question (`rag.rank`), compared with the threshold
    (`settings.min_relevance`, or the model's own); None for an answer no search decided.
    The eval draws the refusal curve and its AUROC from it, with `refused_by_answerer`: the
    answerer refused though the signal passed (the documents name the thing asked but never
    list its parts, or hold no date for a when), as it would at any threshold, and
    `refusal_reason` says so to the reader when the answerer can. `short_answer`
    is the span that answers (what the eval's EM and F1 score), when the question wants one
    and the answerer names one.
    """

    question: str
    text: str
    citations: tuple[Citation, ...] = ()
    refused: bool = False
    rewritten_question: str | None = None
    hits: tuple[Hit, ...] = ()
    relevance: float | None = None
    timings: dict[str, float] = field(default_factory=dict)
    short_answer: ShortAnswer | None = None
    refused_by_answerer: bool = False
    refusal_reason: str | None = None
    # Several questions typed at once: the answer of each part a chat reads a follow-up against
    # (its rewritten question, citations and short answer; no hits), in order, refused ones left out.
    parts: tuple[Answer, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the `--json` output and the eval report's record)."""
        return asdict(self)


@dataclass(frozen=True)
class Turn:
    """One exchange of a chat: what was asked, what it was understood as, and the answer."""

    question: str
    rewritten_question: str
    answer: Answer

    @classmethod
    def of(cls, answer: Answer) -> Turn:
        return cls(answer.question, answer.rewritten_question or answer.question, answer)

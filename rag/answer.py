"""What every answerer gives and what an answer shows: the interface and `cite`.

An answerer (`rag.extractive.ExtractiveAnswerer`, `rag.llm_answer.LLMAnswerer`) streams
text deltas and ends with a `Draft`: the full text with `[n]` markers (`MARKER`) and, for
each n, the span of a retrieved chunk it quotes. `cite` turns a draft into the citations
an `Answer` shows, and it is the one place a citation is validated: a marker whose source
is not a retrieved passage, or whose span is not in that passage, is removed.

Refusal happens before any answerer runs (`rag.pipeline`): the fixed message, no model
call, no sources.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple, Protocol

from rag.text import MARKER
from rag.types import REFUSAL, Citation, Hit, ShortAnswer

if TYPE_CHECKING:
    from rag.rank import Ranked

__all__ = ["MARKER", "Answerer", "Draft", "Quote", "cite", "joined", "short_answer"]


class Quote(NamedTuple):
    """Source n of a draft: `hits[hit].chunk.text[start:end]`."""

    n: int
    hit: int
    start: int
    end: int


class Draft(NamedTuple):
    """An answerer's final word: the text with [n] markers, what each n quotes, and the short
    answer's span (inside quote `short.n`), when there is one; for a refusal, why, when the
    answerer can say (文档提到了“五个更加注重”，但没有列出它包括哪些)."""

    text: str
    quotes: tuple[Quote, ...]
    refused: bool = False
    short: Quote | None = None
    # Passages the answerer read beyond the retrieved ones (the rest of a list that runs past
    # them); quotes index `[*hits, *extra]`.
    extra: tuple[Hit, ...] = ()
    reason: str | None = None


class Answerer(Protocol):
    """Text deltas for the reader, then one `Draft` (always last).

    `ranking` is the learned ranking of the hits' sentences (`rag.rank`), in the order of
    `hits`, when the pipeline made one.
    """

    def stream(self, question: str, hits: Sequence[Hit], ranking: Ranked | None = None) -> Iterator[str | Draft]: ...



def cite(draft: Draft, hits: Sequence[Hit]) -> tuple[str, tuple[Citation, ...]]:
    """The draft's text and citations, keeping only markers that quote a retrieved passage.

    A quote is valid when its hit exists and its span lies inside that hit's chunk; the
    citation's offsets are into the cleaned document text (`chunk.start` + offset), where
    the span reads the same as in the chunk.
    """
    valid: dict[int, Citation] = {}
    for quote in draft.quotes:
        if not 0 <= quote.hit < len(hits):
            continue
        chunk = hits[quote.hit].chunk
        if not 0 <= quote.start < quote.end <= len(chunk.text):
            continue
        start, end = chunk.start + quote.start, chunk.start + quote.end
        first_page, last_page = chunk.pages(start, end)
        valid[quote.n] = Citation(
            n=quote.n,
            chunk_id=chunk.id,
            doc_id=chunk.doc_id,
            source=chunk.source,
            title=chunk.title,
            quote=chunk.text[quote.start : quote.end],
            start=start,
            end=end,
            first_page=first_page,
            last_page=last_page,
            section=chunk.section_at(start),
        )
    text = MARKER.sub(lambda m: m.group(0) if int(m.group(1)) in valid else "", draft.text)
    used = {int(n) for n in MARKER.findall(text)}
    return text, tuple(valid[n] for n in sorted(used))



def joined(parts: Sequence[tuple[str, Draft | None, int]], hits: Sequence[Hit] = ()) -> Draft:
    """The drafts of the parts of one question (`rag.subjects`, or several questions typed at once)
    as one: each led by its part's question, its markers and quotes numbered on from the part before,
    its quotes' hits counted from the part's first hit in `hits`, the passages they are all cited
    against; a quote of the same passage's same span as an earlier part's keeps that one's number
    (two parts answered by one sentence cite it once); a part without a draft (refused) says so.
    (part question, draft, offset of its hits) in, one draft out."""
    texts: list[str] = []
    quotes: list[Quote] = []
    numbered: dict[tuple[str, int, int], int] = {}  # (chunk id, start, end) -> its number
    for question, draft, offset in parts:
        if draft is None or draft.refused:
            texts.append(f"{question}\n{REFUSAL}")
            continue
        shift = len(quotes)  # the kept quotes are numbered 1, 2, … in order
        renumbered: dict[int, int] = {}
        for quote in draft.quotes:
            hit = quote.hit + offset
            key = (hits[hit].chunk.id, quote.start, quote.end) if hit < len(hits) else None
            if key is not None and key in numbered:
                renumbered[quote.n] = numbered[key]
                continue
            renumbered[quote.n] = len(quotes) + 1
            quotes.append(quote._replace(n=renumbered[quote.n], hit=hit))
            if key is not None:
                numbered[key] = renumbered[quote.n]

        def number(m: re.Match[str]) -> str:
            return f"[{renumbered.get(int(m.group(1)), int(m.group(1)) + shift)}]"

        text = MARKER.sub(number, draft.text)
        texts.append(question + "\n" + text)
    return Draft("\n\n".join(texts), tuple(quotes))


def short_answer(draft: Draft, citations: Sequence[Citation]) -> ShortAnswer | None:
    """The draft's short answer with offsets in its document, when it lies inside a kept citation's quote."""
    if draft.short is None:
        return None
    cited = {c.n: c for c in citations}
    quote = next((q for q in draft.quotes if q.n == draft.short.n), None)
    citation = cited.get(draft.short.n)
    if quote is None or citation is None or not quote.start <= draft.short.start < draft.short.end <= quote.end:
        return None
    start = citation.start + (draft.short.start - quote.start)
    end = start + (draft.short.end - draft.short.start)
    return ShortAnswer(citation.quote[start - citation.start : end - citation.start], draft.short.n, start, end)

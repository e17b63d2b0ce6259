"""The LLM answerer: a chat model prompted with the numbered sources, its markers filtered.

The model is asked to mark every sentence with the [n] of the source it rests on. What it
writes is streamed through `MarkerFilter`, which rewrites the marker forms models use
(`【2】`, `[1, 3]`) as `[n]` and drops numbers that name no source; `quotes_for` then pins
each [n] to the sentence of source n closest to what the answer says with it, so `cite`
can validate it like any other quote.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence

from rag.answer import Draft, Quote
from rag.llm import ChatModel, Message
from rag.text import MARKER, as_quoted, char_bigrams, normalize_for_match, sentence_spans
from rag.types import REFUSAL, DocumentInfo, Hit

SYSTEM_PROMPT = (
    "你是严谨的文档问答助手。只根据用户给出的编号资料回答问题，用简体中文作答，简明扼要。"
    "每句话后用 [n] 标注它依据的资料编号，例如 [1] 或 [2][3]；只能引用给出的编号，不要编造资料里没有的内容。"
    f"如果资料不能回答问题，只回答：{REFUSAL}"
)


def source_line(hit: Hit, info: DocumentInfo | None = None) -> str:
    """How source n is introduced: 《title》, then its author (with the post their byline gives), date
    and source where known, then the file."""
    about = [part for part in ((info.byline, info.date, info.publisher) if info else ()) if part]
    return f"《{hit.chunk.title}》" + "".join(f"，{part}" for part in about) + f"（{hit.chunk.source}）"


def prompt_messages(
    question: str, hits: Sequence[Hit], documents: Mapping[str, DocumentInfo | None] | None = None
) -> list[Message]:
    """The chat messages for `question`: the rules, then the numbered sources (each with its
    document's title, author, date and source where `documents` knows them) and the question."""
    documents = documents or {}
    sources = "\n\n".join(
        f"[{n}] {source_line(hit, documents.get(hit.chunk.doc_id))}\n{as_quoted(hit.chunk.text)}"
        for n, hit in enumerate(hits, start=1)
    )
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": f"资料：\n\n{sources}\n\n问题：{question}"},
    ]


# `[1]`, `【2】`, `[1, 3]`, `[1][2]`: any bracketed list of source numbers a model writes. Not the
# answer's marker (`MARKER`, `[n]` only): the raw forms this filter rewrites into it.
_ANY_MARKER = re.compile(r"[\[【]\s*(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\s*[\]】]")
_MARKER_PREFIX = re.compile(r"[\[【]\s*(\d{1,3}(?:\s*[,，、]\s*(\d{1,3})?)*\s*)?$")


class MarkerFilter:
    """Rewrites source markers in a token stream as `[n]`, dropping those that name no source.

    Text that might be the start of a marker (`[`, `[1`, `【2,`) is held back until it is
    complete or clearly not a marker, so a dropped `[9]` is never shown, even for a moment.
    """

    def __init__(self, sources: int) -> None:
        self._valid = range(1, sources + 1)
        self._pending = ""

    def feed(self, delta: str) -> str:
        text = self._pending + delta
        held = _MARKER_PREFIX.search(text)
        cut = held.start() if held else len(text)
        self._pending = text[cut:]
        return self._rewrite(text[:cut])

    def flush(self) -> str:
        text, self._pending = self._pending, ""
        return self._rewrite(text)

    def _rewrite(self, text: str) -> str:
        def markers(match: re.Match[str]) -> str:
            numbers = [int(n) for n in re.findall(r"\d+", match.group(1))]
            return "".join(f"[{n}]" for n in dict.fromkeys(numbers) if n in self._valid)

        return _ANY_MARKER.sub(markers, text)


def _best_span(chunk_text: str, claim: str) -> tuple[int, int]:
    """The sentence of `chunk_text` that shares most character bigrams with `claim`, or the whole chunk."""
    claim_bigrams = char_bigrams(normalize_for_match(claim))
    best, best_overlap = (0, len(chunk_text)), 0
    for start, end in sentence_spans(chunk_text):
        overlap = len(claim_bigrams & char_bigrams(normalize_for_match(chunk_text[start:end])))
        if overlap > best_overlap:
            best, best_overlap = (start, end), overlap
    return best


def quotes_for(text: str, hits: Sequence[Hit]) -> tuple[Quote, ...]:
    """For each [n] in a generated answer, the sentence of source n closest to what the answer says with it."""
    claims: dict[int, list[str]] = {}
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        for n in {int(m) for m in MARKER.findall(sentence)}:
            claims.setdefault(n, []).append(MARKER.sub("", sentence))
    quotes = []
    for n, said in sorted(claims.items()):
        if 1 <= n <= len(hits):
            start, end = _best_span(hits[n - 1].chunk.text, "".join(said))
            quotes.append(Quote(n, n - 1, start, end))
    return tuple(quotes)


class LLMAnswerer:
    """Streams an answer from a chat model prompted with the numbered sources."""

    def __init__(self, chat: ChatModel, documents: Callable[[str], DocumentInfo | None] | None = None) -> None:
        self.chat = chat
        # The library's record of a document (`Store.document`): its author and date for the prompt.
        self._documents = documents

    def stream(self, question: str, hits: Sequence[Hit], ranking: object = None) -> Iterator[str | Draft]:
        """The model's answer; `hits` come in the ranker's order, so source [1] is the best passage."""
        markers = MarkerFilter(len(hits))
        parts: list[str] = []
        known = {doc_id: self._documents(doc_id) for doc_id in dict.fromkeys(h.chunk.doc_id for h in hits)} if self._documents else {}
        for delta in self.chat.stream(prompt_messages(question, hits, known)):
            shown = markers.feed(delta)
            if shown:
                parts.append(shown)
                yield shown
        tail = markers.flush()
        if tail:
            parts.append(tail)
            yield tail
        text = "".join(parts).strip()
        if not MARKER.search(text) and (REFUSAL in text or not text):
            yield Draft(REFUSAL, (), refused=True)
            return
        yield Draft(text, quotes_for(text, hits))

"""What the ranker and the answerability model see: numbers about each candidate sentence of a question.

A candidate is a sentence of a retrieved passage. Its features are chosen to carry from one
corpus to another (nothing here is a word list): how much of the question it covers,
weighted by how rare each question term is among the candidates; whether it holds the
question's rarest terms; how close together the matched terms sit; whether it says anything
beyond the question; whether it holds the kind of thing the question asks for (a number
with any unit, a date or period, a 《》 title, a quoted name, a foreign word), as
`rag.question.analyse` reads the question; its passage's retrieval scores and ranks; its
document title's match with the question; its position; and the sentence before it, where
a subject is often named.

Everything is computed on t2s-folded text by substring tests, with no tokenising of the
passages: the answer step has a budget of about 15 ms per question on two cores
(jieba cuts 3,000 characters in 30-90 ms there, measured with `jieba.lcut` while the
machine was loaded).

`FEATURES` names the columns; a trained model records the names it was trained on, and
`rag.rank` refuses a model whose names differ.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from rag.question import Expect, QuestionInfo
from rag.text import bigrams, fold_cleaned, fold_t2s, normalize_for_match, sentence_spans
from rag.types import Hit

# Ranks given to a passage a retriever did not return (its list has 40 at most).
_ABSENT_RANK = 50.0


class Candidate(NamedTuple):
    """One sentence of a retrieved passage: `hits[hit].chunk.text[start:end]`."""

    hit: int  # index into the hits
    start: int
    end: int
    text: str
    folded: str  # normalize_for_match(text)
    order: int  # its position among the sentences of its chunk


def candidates(hits: Sequence[Hit]) -> list[Candidate]:
    """Every sentence of every hit; a sentence in two overlapping chunks is kept once, from the better hit."""
    seen: set[tuple[str, int]] = set()
    out: list[Candidate] = []
    for i, hit in enumerate(hits):
        text = hit.chunk.text
        for order, (start, end) in enumerate(sentence_spans(text)):
            key = (hit.chunk.doc_id, hit.chunk.start + start)
            if key in seen:
                continue
            seen.add(key)
            sentence = text[start:end]
            out.append(Candidate(i, start, end, sentence, fold_cleaned(sentence), order))
    return out


# -- what a sentence holds ---------------------------------------------------------------------

# A number (Arabic or Chinese) followed by anything that is not itself a digit: a unit or
# measure word of any kind (23.7公分, 150头, 12首, 三成), since no list of units carries
# across subjects.
_NUMBER = re.compile(r"(?:\d+(?:[.,]\d+)*|[零〇一二两三四五六七八九十百千万亿]{2,})\s*[^\d\s，。、；：,.;:]?")
_DATE = re.compile(
    r"\d{1,4}\s*(?:年代?|月|日|世纪)|[零〇一二三四五六七八九十]{2,4}年|[一二三四五六七八九十]{1,3}世纪"
    r"|公元前?|(?:上|中|下)半?叶|初期|末期|中期|年间|时期|朝|春|夏|秋|冬"
)
_BOOK = re.compile(r"《[^》]{1,40}》")
_QUOTED = re.compile(r"[“「『\"][^”」』\"]{1,30}[”」』\"]")
_LATIN = re.compile(r"[A-Za-z][A-Za-z.\-' ]{2,}")

_EXPECTS = tuple(Expect)


def _new(matches: list[str], question: str) -> int:
    """How many of the matched strings (of t2s-folded text) the question (t2s-folded,
    lower-cased) does not already contain."""
    return sum(1 for m in matches if m.lower() not in question)


class _Question(NamedTuple):
    info: QuestionInfo
    folded: str  # the question, normalize_for_match'ed
    plain: str  # the question t2s-folded and lower-cased, punctuation kept (for `_new`)
    terms: tuple[str, ...]
    weights: tuple[float, ...]  # per term, idf among the candidates times a length factor
    rare: tuple[int, ...]  # indices of the (at most two) rarest terms
    bigrams: frozenset[str]


def _question(info: QuestionInfo, sentences: Sequence[Candidate], titles: Sequence[str]) -> _Question:
    terms = info.matched_terms
    n = len(sentences) + 1
    weights = []
    for t in terms:
        df = sum(1 for s in sentences if t in s.folded)
        # Longer words say more than single characters jieba left alone.
        weights.append(math.log(1.0 + n / (1.0 + df)) * min(len(t), 3))
    rare = tuple(sorted(range(len(terms)), key=lambda i: -weights[i])[:2])
    cue_free = normalize_for_match(info.folded.replace(info.cue, " ") if info.cue else info.folded)
    return _Question(info, normalize_for_match(info.question), info.folded, terms, tuple(weights), rare,
                     frozenset(bigrams(cue_free)))


def _coverage(q: _Question, folded: str) -> float:
    total = sum(q.weights)
    return sum(w for t, w in zip(q.terms, q.weights) if t in folded) / total if total else 0.0


def _rare(q: _Question, folded: str) -> float:
    return sum(1 for i in q.rare if q.terms[i] in folded) / len(q.rare) if q.rare else 0.0


def _spread(q: _Question, folded: str) -> tuple[float, float]:
    """How far apart the matched terms lie (chars, share of the sentence); 0 with fewer than two."""
    spots = [(folded.find(t), len(t)) for t in q.terms if t in folded]
    if len(spots) < 2:
        return 0.0, 0.0
    first = min(p for p, _ in spots)
    last = max(p + n for p, n in spots)
    return float(last - first), (last - first) / max(1, len(folded))


def _novelty(q: _Question, bigrams: set[str]) -> tuple[float, float]:
    """The sentence's bigrams that are not the question's: (count, share). A sentence that
    only repeats the question has few."""
    new = len(bigrams - q.bigrams)
    return float(new), new / max(1, len(bigrams))


FEATURES: tuple[str, ...] = (
    # the sentence against the question
    "cov", "cov_rank", "cov_gap", "cov_prev", "cov_next", "cov_ctx", "rare", "rare_ctx", "matched", "bigram",
    "repeat", "spread", "spread_share", "new_chars", "new_share", "length",
    # what it holds, and what the question expects
    "num_new", "date_new", "book_new", "quote_new", "latin_new",
    *(f"expect_{e.value}" for e in _EXPECTS), "type_agrees", "prev_type_agrees", "next_type_agrees",
    # its passage and document
    "title_cov", "title_rare", "passage_cov", "passage_best", "doc_cov", "doc_hits",
    "fused_rank", "dense", "dense_rank", "bm25_share", "bm25", "bm25_rank", "chunk_index", "order",
    # the question
    "terms", "q_length",
)


def _type_agrees(expect: Expect, holds: dict[str, int]) -> float:
    if expect is Expect.NUMBER:
        return float(holds["num"] > 0)
    if expect is Expect.TIME:
        return float(holds["date"] > 0)
    if expect is Expect.NAME:
        return float(holds["book"] + holds["quote"] + holds["latin"] > 0)
    return 0.0


def features(info: QuestionInfo, hits: Sequence[Hit], sentences: Sequence[Candidate] | None = None) -> np.ndarray:
    """One row of `FEATURES` per candidate sentence of `hits` (as `candidates(hits)` lists them)."""
    sentences = candidates(hits) if sentences is None else sentences
    if not sentences:
        return np.zeros((0, len(FEATURES)), dtype=np.float32)
    titles = [fold_cleaned(h.chunk.title) for h in hits]
    q = _question(info, sentences, titles)
    expect = info.expect

    # Per passage: its text and title, and the whole document's text in the pool.
    passage_text = [fold_cleaned(h.chunk.text) for h in hits]
    doc_text: dict[str, str] = {}
    doc_hits: dict[str, int] = {}
    for h, folded in zip(hits, passage_text):
        doc_text[h.chunk.doc_id] = doc_text.get(h.chunk.doc_id, "") + folded
        doc_hits[h.chunk.doc_id] = doc_hits.get(h.chunk.doc_id, 0) + 1
    bm25_top = max((h.scores.get("bm25", 0.0) for h in hits), default=0.0) or 1.0

    covs = [_coverage(q, s.folded) for s in sentences]
    best = max(covs)
    # A candidate's rank by coverage: how many cover more.
    ranks = np.searchsorted(np.sort(-np.asarray(covs)), -np.asarray(covs), side="left")
    passage_best: dict[int, float] = {}
    for s, c in zip(sentences, covs):
        passage_best[s.hit] = max(passage_best.get(s.hit, 0.0), c)
    # What every sentence of a passage shares: its title, passage, document and retrieval.
    per_hit: dict[int, list[float]] = {}
    for i in passage_best:
        hit = hits[i]
        per_hit[i] = [
            _coverage(q, titles[i]), _rare(q, titles[i]), _coverage(q, passage_text[i]), passage_best[i],
            _coverage(q, titles[i] + doc_text[hit.chunk.doc_id]), float(doc_hits[hit.chunk.doc_id]),
            float(hit.rank), hit.scores.get("dense", 0.0), float(hit.ranks.get("dense", _ABSENT_RANK)),
            hit.scores.get("bm25", 0.0) / bm25_top, hit.scores.get("bm25", 0.0),
            float(hit.ranks.get("bm25", _ABSENT_RANK)), float(hit.chunk.index),
        ]
    expects = [float(expect is e) for e in _EXPECTS]
    question_values = [float(len(q.terms)), float(len(q.folded))]

    # Per sentence first, then each row reads its neighbours': the answer is often in the
    # sentence after the one that repeats the question, the subject in the one before.
    agrees: list[float] = []
    holds_all: list[dict[str, int]] = []
    for s in sentences:
        # The patterns are Simplified: Traditional text is read folded (兩個, 世紀, 時期).
        plain = fold_t2s(s.text)
        holds = {
            "num": _new(_NUMBER.findall(plain), q.plain),
            "date": _new(_DATE.findall(plain), q.plain),
            "book": _new(_BOOK.findall(plain), q.plain),
            "quote": _new(_QUOTED.findall(plain), q.plain),
            "latin": _new(_LATIN.findall(plain), q.plain),
        }
        holds_all.append(holds)
        agrees.append(_type_agrees(expect, holds))

    heads = [hits[s.hit].chunk.heads_section_at(s.start, s.text) for s in sentences]
    rows = np.zeros((len(sentences), len(FEATURES)), dtype=np.float32)
    last = len(sentences) - 1
    for row, (s, cov) in enumerate(zip(sentences, covs)):
        before = row - 1 if row > 0 and sentences[row - 1].hit == s.hit else None
        # A heading that opens the next section is no context of a sentence of the section before it
        # (第三条 合同金额及支付方式 after 服务期限为一年…, which ranked first for 合同金额是多少).
        after = row + 1 if row < last and sentences[row + 1].hit == s.hit \
            and (heads[row] or not heads[row + 1]) else None
        prev = sentences[before].folded if before is not None else ""
        context = titles[s.hit] + prev + s.folded
        spread, spread_share = _spread(q, s.folded)
        sb = bigrams(s.folded)
        shared = len(sb & q.bigrams)
        new_chars, new_share = _novelty(q, sb)
        rows[row] = [
            cov, float(ranks[row]), best - cov, covs[before] if before is not None else 0.0,
            covs[after] if after is not None else 0.0, _coverage(q, context),
            _rare(q, s.folded), _rare(q, context), float(sum(1 for t in q.terms if t in s.folded)),
            shared / max(1, len(q.bigrams)), shared / max(1, len(sb | q.bigrams)),
            spread, spread_share, new_chars, new_share, float(len(s.folded)),
            *(float(min(v, 5)) for v in holds_all[row].values()),
            *expects, agrees[row], agrees[before] if before is not None else 0.0,
            agrees[after] if after is not None else 0.0,
            *per_hit[s.hit], float(s.order),
            *question_values,
        ]
    return rows

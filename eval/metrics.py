"""The eval metrics defined in docs/eval.md, as pure functions over plain values.

Every text comparison goes through `rag.text.normalize_for_match` (pinyin annotations and
Word bookmarks dropped, NFKC, Traditional folded to Simplified, lowercase, whitespace and
punctuation removed), the same folding ingestion and retrieval use. So an evidence span
copied from the raw file, noise and all, matches a cleaned chunk in either script, and
matching does not depend on how the text was chunked.

Conventions: a metric that is undefined for a question (hit@5 of an unanswerable one,
keyword recall without keywords, citation precision with nothing cited) is `None`, and
`None` is left out of a mean rather than counted as 0.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath
from typing import NamedTuple

from rag.text import normalize_for_match, strip_markers

CTX_CHARS = 1000


@lru_cache(maxsize=8192)
def _norm(text: str) -> str:
    # The same passages and evidence strings are compared many times in one eval run.
    return normalize_for_match(text)


def _norm_evidence(evidence: Iterable[str]) -> list[str]:
    # An evidence string that normalises to nothing would match every passage.
    return [e for e in (_norm(s) for s in evidence) if e]


# --- retrieval ---------------------------------------------------------------------------


def contains_evidence(passage_text: str, evidence: Sequence[str]) -> bool:
    """Whether the passage contains any evidence string, both sides normalised."""
    passage = _norm(passage_text)
    return any(e in passage for e in _norm_evidence(evidence))


def first_relevant_rank(ranked_texts: Sequence[str], evidence: Sequence[str], k: int) -> int | None:
    """The 1-based rank of the first of the top `k` passages that contains evidence, or None."""
    for rank, text in enumerate(ranked_texts[:k], start=1):
        if contains_evidence(text, evidence):
            return rank
    return None


def hit_at_k(ranked_texts: Sequence[str], evidence: Sequence[str], k: int) -> bool:
    """Whether one of the top `k` passages contains an evidence string."""
    return first_relevant_rank(ranked_texts, evidence, k) is not None


def reciprocal_rank(ranked_texts: Sequence[str], evidence: Sequence[str], k: int = 10) -> float:
    """1/rank of the first relevant passage within the top `k`, else 0 (its mean is MRR@k)."""
    rank = first_relevant_rank(ranked_texts, evidence, k)
    return 0.0 if rank is None else 1.0 / rank


def source_file_name(source: str) -> str:
    """The file name of a source path, whichever separator it uses."""
    return PurePosixPath(source.replace("\\", "/")).name


def doc_hit_at_k(ranked_sources: Sequence[str], docs: Sequence[str], k: int) -> bool:
    """Whether one of the top `k` passages comes from one of `docs` (compared by file name)."""
    wanted = {source_file_name(d) for d in docs}
    return any(source_file_name(s) in wanted for s in ranked_sources[:k])


def ctx_at(ranked_texts: Sequence[str], evidence: Sequence[str], chars: int = CTX_CHARS) -> bool:
    """Whether an evidence string lies within the first `chars` characters of the passages.

    The budget is counted on the passages as retrieved (the cleaned original-script text a
    reader or a model would be given), joined in rank order with nothing between them:
    what a fixed context window of `chars` characters would hold, whatever the chunk size.
    The kept prefix of each passage is then normalised and the pieces joined for the
    substring test, so an evidence string must end within the budget to count.
    """
    pieces: list[str] = []
    budget = chars
    for text in ranked_texts:
        if budget <= 0:
            break
        piece = text[:budget]
        budget -= len(piece)
        pieces.append(_norm(piece))
    window = "".join(pieces)
    return any(e in window for e in _norm_evidence(evidence))


# --- answers -----------------------------------------------------------------------------


def strip_citations(text: str) -> str:
    """The answer text without its citation markers ([1], [2])."""
    return strip_markers(text)


def keyword_recall(answer_text: str, keywords: Sequence[str]) -> float | None:
    """Share of keywords present in the answer after normalisation; None without keywords."""
    wanted = _norm_evidence(keywords)
    if not wanted:
        return None
    answer = _norm(strip_citations(answer_text))
    return sum(k in answer for k in wanted) / len(wanted)


def char_f1(answer_text: str, reference: str) -> float:
    """Character-level F1 (bag of characters, as in SQuAD-style Chinese eval) after normalisation.

    Citation markers are stripped from both sides first, so `[1]` does not count as content.
    """
    pred = Counter(_norm(strip_citations(answer_text)))
    gold = Counter(_norm(strip_citations(reference)))
    if not pred and not gold:
        return 1.0
    common = sum((pred & gold).values())
    if common == 0:
        return 0.0
    precision = common / sum(pred.values())
    recall = common / sum(gold.values())
    return 2 * precision * recall / (precision + recall)


# --- short answers (CMRC 2018) ---------------------------------------------------------

# The punctuation CMRC 2018's official script (cmrc2018_evaluate.py) removes before it
# compares, plus the single "…" its two-character "……" entry was meant to catch.
CMRC_PUNCTUATION = frozenset("-:_*^/\\~`+=，。：？！“”；’《》…·、「」（）－～『』")


def _is_cjk(ch: str) -> bool:
    # CMRC tests \u4e00-\u9fa5; extension A and the compatibility block are CJK too.
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def mixed_units(text: str) -> list[str]:
    """CMRC 2018's mixed segmentation: lower-cased, punctuation removed, each Chinese
    character one unit and each run of letters or digits one unit (a decimal point
    between digits stays inside the run, as NLTK's tokenizer keeps `23.7`); any other
    symbol is a unit of its own.
    """
    chars = text.lower().strip()
    units: list[str] = []
    run = ""
    for i, ch in enumerate(chars):
        decimal_point = ch == "." and run[-1:].isdigit() and chars[i + 1 : i + 2].isdigit()
        if ch.isalnum() and not _is_cjk(ch) or decimal_point:
            run += ch
            continue
        if run:
            units.append(run)
            run = ""
        if ch in CMRC_PUNCTUATION or ch.isspace():
            continue
        units.append(ch)
    if run:
        units.append(run)
    return units


def _longest_common_run(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest contiguous run of units shared by `a` and `b` (CMRC's find_lcs)."""
    best = 0
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0] * (len(b) + 1)
        for j, y in enumerate(b, start=1):
            if x == y:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def span_f1(prediction: str, golds: Sequence[str]) -> float:
    """CMRC 2018 F1: the longest common run of mixed units, precision over the prediction's
    units, recall over the gold's; the best over the gold answers (0 without any)."""
    predicted = mixed_units(prediction)
    best = 0.0
    for gold in golds:
        wanted = mixed_units(gold)
        common = _longest_common_run(wanted, predicted)
        if common:
            precision, recall = common / len(predicted), common / len(wanted)
            best = max(best, 2 * precision * recall / (precision + recall))
    return best


def _without_punctuation(text: str) -> str:
    return "".join(ch for ch in text.lower().strip() if ch not in CMRC_PUNCTUATION)


def exact_match(prediction: str, golds: Sequence[str]) -> bool:
    """CMRC 2018 EM: equal to one gold answer once lower-cased, stripped and without punctuation."""
    predicted = _without_punctuation(prediction)
    return any(predicted == _without_punctuation(g) for g in golds)


def contains_gold(answer_text: str, golds: Sequence[str]) -> bool:
    """Whether the answer (citation markers stripped) holds a gold answer, both normalised."""
    answer = _norm(strip_citations(answer_text))
    return any(g in answer for g in _norm_evidence(golds))


# --- the refusal decision ----------------------------------------------------------------


class CurvePoint(NamedTuple):
    """The refusal rates had the pipeline refused every question scoring below `threshold`."""

    threshold: float
    refusal: float | None
    false_refusal: float | None


def refusal_curve(answerable: Sequence[float], unanswerable: Sequence[float]) -> list[CurvePoint]:
    """Refusal (of unanswerable questions) and false refusal (of answerable ones) at every
    threshold that changes them: each distinct score, refusing below it, then one above all.

    The scores are those the answer-or-refuse decision compares with its threshold (higher
    means answer); what the answerer refuses on its own scores -inf, refused at every cut.
    """
    cuts = sorted(s for s in set(answerable) | set(unanswerable) if math.isfinite(s))
    cuts.append(cuts[-1] + 1e-9 if cuts else 0.0)
    return [refusal_at(answerable, unanswerable, t) for t in cuts]


def refusal_at(answerable: Sequence[float], unanswerable: Sequence[float], threshold: float) -> CurvePoint:
    """The curve's point at one threshold: the shares of each kind scoring below it."""

    def below(values: Sequence[float]) -> float | None:
        return sum(v < threshold for v in values) / len(values) if values else None

    return CurvePoint(threshold, below(unanswerable), below(answerable))


def within_false_refusal(curve: Sequence[CurvePoint], level: float) -> CurvePoint | None:
    """The point of most refusal whose false refusal stays within `level` (both rise with the threshold)."""
    inside = [c for c in curve if c.false_refusal is not None and c.false_refusal <= level]
    return inside[-1] if inside else None


def auroc(answerable: Sequence[float], unanswerable: Sequence[float]) -> float | None:
    """Probability that an answerable question outscores an unanswerable one (ties count half):
    how well the decision's score separates them, whatever threshold is chosen. None
    without both kinds."""
    if not answerable or not unanswerable:
        return None
    # Rank-sum (Mann-Whitney U) form: O(n log n) rather than comparing every pair.
    ordered = sorted([(s, 1) for s in answerable] + [(s, 0) for s in unanswerable])
    rank_sum, i = 0.0, 0
    while i < len(ordered):
        j = i
        while j < len(ordered) and ordered[j][0] == ordered[i][0]:
            j += 1
        mean_rank = (i + 1 + j) / 2  # ties share the mean of their 1-based ranks
        rank_sum += mean_rank * sum(label for _, label in ordered[i:j])
        i = j
    n_pos, n_neg = len(answerable), len(unanswerable)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


# --- citations ---------------------------------------------------------------------------


def citation_precision(cited_texts: Sequence[str], evidence: Sequence[str]) -> float | None:
    """Share of cited passages that contain an evidence string; None when nothing is cited."""
    if not cited_texts:
        return None
    return sum(contains_evidence(t, evidence) for t in cited_texts) / len(cited_texts)


def citation_hit(cited_texts: Sequence[str], evidence: Sequence[str]) -> bool:
    """Whether at least one cited passage contains evidence (citation recall is its mean)."""
    return any(contains_evidence(t, evidence) for t in cited_texts)


# --- per question and aggregation --------------------------------------------------------


@dataclass(frozen=True)
class QuestionScore:
    """One question's metric values; None where a metric is undefined for it.

    `em`, `f1` and `contains_gold` score the answer against the gold short answers (for
    answerable questions that have them). `decision_score` is the score at and above which
    the pipeline answers (`eval.harness.decision_score`: its refusal signal, -inf where its
    answerer refused on its own), for the refusal curve and its AUROC. `latencies` maps a
    stage name (e.g. "retrieve", "answer", "total") to seconds.
    """

    id: str
    type: str
    answerable: bool
    refused: bool
    hit1: bool | None = None
    hit5: bool | None = None
    rr10: float | None = None
    doc_hit5: bool | None = None
    ctx1000: bool | None = None
    keyword_recall: float | None = None
    char_f1: float | None = None
    citation_precision: float | None = None
    citation_hit: bool | None = None
    em: bool | None = None
    f1: float | None = None
    contains_gold: bool | None = None
    decision_score: float | None = None
    latencies: Mapping[str, float] = field(default_factory=dict)


def score_question(
    *,
    id: str,
    type: str,
    docs: Sequence[str],
    evidence: Sequence[str],
    keywords: Sequence[str],
    reference: str,
    ranked_texts: Sequence[str],
    ranked_sources: Sequence[str],
    answer_text: str,
    cited_texts: Sequence[str],
    refused: bool,
    golds: Sequence[str] = (),
    short_answer: str | None = None,
    decision_score: float | None = None,
    latencies: Mapping[str, float] | None = None,
) -> QuestionScore:
    """Score one answered question. Retrieval, answer and citation metrics apply to answerable
    questions only; an unanswerable one is judged by whether it was refused.

    EM and F1 score the short answer when there is one, else the whole answer text
    (citation markers stripped), against `golds`; without golds they are None. A refused
    answerable question keeps its retrieval scores and scores 0 on keywords, EM, F1,
    contains-gold and citation recall (its citation precision stays None: nothing was cited).
    """
    answerable = bool(docs)
    timings = dict(latencies or {})
    if not answerable:
        return QuestionScore(id=id, type=type, answerable=False, refused=refused, decision_score=decision_score,
                             latencies=timings)
    prediction = "" if refused else short_answer if short_answer else strip_citations(answer_text)
    return QuestionScore(
        id=id,
        type=type,
        answerable=True,
        refused=refused,
        hit1=hit_at_k(ranked_texts, evidence, 1),
        hit5=hit_at_k(ranked_texts, evidence, 5),
        rr10=reciprocal_rank(ranked_texts, evidence, 10),
        doc_hit5=doc_hit_at_k(ranked_sources, docs, 5),
        ctx1000=ctx_at(ranked_texts, evidence, CTX_CHARS),
        keyword_recall=keyword_recall("" if refused else answer_text, keywords),
        char_f1=0.0 if refused else char_f1(answer_text, reference),
        citation_precision=citation_precision(cited_texts, evidence),
        citation_hit=citation_hit(cited_texts, evidence),
        em=exact_match(prediction, golds) if golds else None,
        f1=span_f1(prediction, golds) if golds else None,
        contains_gold=contains_gold("" if refused else answer_text, golds) if golds else None,
        decision_score=decision_score,
        latencies=timings,
    )


def decision_scores(scores: Iterable[QuestionScore]) -> tuple[list[float], list[float]]:
    """The decision scores of the answerable questions and of the unanswerable ones (where known)."""
    answerable: list[float] = []
    unanswerable: list[float] = []
    for s in scores:
        if s.decision_score is not None:
            (answerable if s.answerable else unanswerable).append(s.decision_score)
    return answerable, unanswerable


def refusal_rate(scores: Iterable[QuestionScore]) -> float | None:
    """Share of unanswerable questions that were refused; None if there are none."""
    return _mean(float(s.refused) for s in scores if not s.answerable)


def false_refusal_rate(scores: Iterable[QuestionScore]) -> float | None:
    """Share of answerable questions that were wrongly refused; None if there are none."""
    return _mean(float(s.refused) for s in scores if s.answerable)


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0..100) with linear interpolation between ranks (numpy's default)."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= p <= 100:
        raise ValueError(f"percentile p must be within 0..100, got {p}")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * p / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


# Summary keys in display order; latency keys (latency.<stage>.p50/p95) follow them.
METRICS: tuple[str, ...] = (
    "n",
    "hit@1",
    "hit@5",
    "mrr@10",
    "doc_hit@5",
    "ctx@1000",
    "keyword_recall",
    "char_f1",
    "em",
    "f1",
    "contains_gold",
    "citation_precision",
    "citation_recall",
    "refusal_rate",
    "false_refusal_rate",
    "auroc",
)


def summarize(scores: Sequence[QuestionScore]) -> dict[str, float | None]:
    """Mean of each metric over the questions where it is defined, plus latency percentiles."""
    summary: dict[str, float | None] = {
        "n": float(len(scores)),
        "hit@1": _mean_of(scores, "hit1"),
        "hit@5": _mean_of(scores, "hit5"),
        "mrr@10": _mean_of(scores, "rr10"),
        "doc_hit@5": _mean_of(scores, "doc_hit5"),
        "ctx@1000": _mean_of(scores, "ctx1000"),
        "keyword_recall": _mean_of(scores, "keyword_recall"),
        "char_f1": _mean_of(scores, "char_f1"),
        "em": _mean_of(scores, "em"),
        "f1": _mean_of(scores, "f1"),
        "contains_gold": _mean_of(scores, "contains_gold"),
        "citation_precision": _mean_of(scores, "citation_precision"),
        "citation_recall": _mean_of(scores, "citation_hit"),
        "refusal_rate": refusal_rate(scores),
        "false_refusal_rate": false_refusal_rate(scores),
        "auroc": auroc(*decision_scores(scores)),
    }
    stages = sorted({stage for s in scores for stage in s.latencies})
    for stage in stages:
        values = [s.latencies[stage] for s in scores if stage in s.latencies]
        summary[f"latency.{stage}.p50"] = percentile(values, 50)
        summary[f"latency.{stage}.p95"] = percentile(values, 95)
    return summary


def summarize_by_type(scores: Sequence[QuestionScore]) -> dict[str, dict[str, float | None]]:
    """`summarize` over all questions (key "all") and over each question type, in first-seen order."""
    groups: dict[str, list[QuestionScore]] = {}
    for s in scores:
        groups.setdefault(s.type, []).append(s)
    result = {"all": summarize(scores)}
    result.update({qtype: summarize(group) for qtype, group in groups.items()})
    return result


def _mean_of(scores: Iterable[QuestionScore], attr: str) -> float | None:
    return _mean(float(v) for v in (getattr(s, attr) for s in scores) if v is not None)


def _mean(values: Iterable[float]) -> float | None:
    items = list(values)
    return sum(items) / len(items) if items else None

"""Score an eval dataset on the app's own pipeline, question by question.

`evaluate` takes any object with the `Pipeline` method `ask_ranked` (tests pass a fake), so
what is measured is exactly what the CLI and the app run. Per pair one search is made:
its ranked top 10 gives the retrieval metrics, the `Answer` made from its first k
everything else, including the refusal signal (`Answer.relevance`) and the latency
(`Answer.timings`).

`eval.run` builds the index a run scores and writes the reports; this module only scores.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from eval.dataset import QAPair
from eval.metrics import (
    CurvePoint,
    QuestionScore,
    decision_scores,
    refusal_curve,
    score_question,
    strip_citations,
    summarize_by_type,
)
from rag.llm import ChatModel
from rag.text import CLAUSE_ENDS, sentence_spans
from rag.types import Answer, Chunk, Citation, Hit, Turn

K_RANKED = 10

Progress = Callable[[int, int, str], None]  # (questions done, questions in all, current id)


class EvalPipeline(Protocol):
    """What the harness needs of a pipeline: `rag.pipeline.Pipeline` or a test's fake (`ask` only
    for a pair asked in a chat)."""

    def ask_ranked(
        self, question: str, depth: int, history: Sequence[Turn] = ()
    ) -> tuple[Answer, Sequence[Hit]]: ...

    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer: ...


# -- one question ----------------------------------------------------------------------------


def passed(pair: QAPair, score: QuestionScore) -> bool:
    """Whether a question passes; the Markdown report lists those that do not.

    An answerable question passes when evidence is in the top 5, it was answered (not
    refused), at least half its keywords and one of its gold answers (when it has them) are
    in the answer, and at least one citation points at evidence. An unanswerable one passes
    when it was refused.
    """
    if not pair.answerable:
        return score.refused
    return bool(
        score.hit5
        and not score.refused
        and (score.keyword_recall is None or score.keyword_recall >= 0.5)
        and score.contains_gold is not False
        and score.citation_hit
    )


@dataclass(frozen=True)
class QuestionRecord:
    """One evaluated pair: what was retrieved and answered, its scores, and whether it passed.

    `relevance` is the refusal signal the pipeline compared with `min_relevance`
    (`Answer.relevance`; None when the pipeline does not expose it); `faithfulness` is the LLM judge's share of supported
    answer sentences (None unless judged).
    """

    pair: QAPair
    hits: tuple[Hit, ...]
    answer: Answer
    score: QuestionScore
    passed: bool
    relevance: float | None = None
    faithfulness: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON report's record of this question."""
        s = self.score
        return {
            "id": self.pair.id,
            "type": self.pair.type,
            "question": self.pair.question,
            "reference": self.pair.answer,
            "docs": list(self.pair.docs),
            "evidence": list(self.pair.evidence),
            "keywords": list(self.pair.keywords),
            "answers": list(self.pair.answers),
            "answer": self.answer.text,
            "short_answer": asdict(self.answer.short_answer) if self.answer.short_answer else None,
            "refused": self.answer.refused,
            "passed": self.passed,
            "rewritten_question": self.answer.rewritten_question,
            "retrieved": [
                {
                    "rank": h.rank,
                    "chunk_id": h.chunk.id,
                    "doc_id": h.chunk.doc_id,
                    "source": h.chunk.source,
                    "title": h.chunk.title,
                    "start": h.chunk.start,
                    "end": h.chunk.end,
                    "score": h.score,
                    "scores": dict(h.scores),
                    "ranks": dict(h.ranks),
                    "text": h.chunk.text,
                }
                for h in self.hits
            ],
            "citations": [asdict(c) for c in self.answer.citations],
            "timings": dict(self.answer.timings),
            "metrics": {
                "hit@1": s.hit1,
                "hit@5": s.hit5,
                "rr@10": s.rr10,
                "doc_hit@5": s.doc_hit5,
                "ctx@1000": s.ctx1000,
                "keyword_recall": s.keyword_recall,
                "char_f1": s.char_f1,
                "citation_precision": s.citation_precision,
                "citation_hit": s.citation_hit,
                "em": s.em,
                "f1": s.f1,
                "contains_gold": s.contains_gold,
                "relevance": self.relevance,
                "faithfulness": self.faithfulness,
            },
        }


def _cited_texts(answer: Answer) -> list[str]:
    """The full passage behind each citation (evidence may lie outside the quoted sentence). A
    citation that goes on with the sentence the one before it stops at its chunk's end (…引导广大
    党员、[1]干部始终沿着…前进。[2]: a sentence the chunker cut) cites one sentence with it: one
    cited text, both passages."""
    chunks = {h.chunk.id: h.chunk for h in answer.hits}
    texts: list[str] = []
    for before, citation in zip((None, *answer.citations), answer.citations):
        chunk = chunks.get(citation.chunk_id)
        first = chunks.get(before.chunk_id) if before is not None else None
        if before is not None and chunk is not None and _goes_on(first, before, chunk, citation):
            texts[-1] += chunk.text
        else:
            texts.append(chunk.text if chunk is not None else citation.quote)
    return texts


def _goes_on(first: Chunk | None, before: Citation, chunk: Chunk, citation: Citation) -> bool:
    """Whether `citation` quotes on the sentence `before` stops inside of (at a clause mark): `before`
    ends its chunk, the chunk before `chunk` in one document, and `citation` opens `chunk`."""
    return (first is not None and first.doc_id == chunk.doc_id and chunk.index == first.index + 1
            and before.end == first.end and citation.start == chunk.start
            and before.quote.rstrip()[-1:] in CLAUSE_ENDS)


def decision_score(answer: Answer) -> float | None:
    """The score at and above which the pipeline answers: the refusal signal it compared with
    its threshold, or -inf when its answerer refused on its own (refused at any threshold), so
    the refusal curve and its AUROC are those of what the pipeline does."""
    if answer.refused_by_answerer and answer.relevance is not None:
        return -math.inf
    return answer.relevance


def evaluate_pair(
    pipeline: EvalPipeline, pair: QAPair, k_ranked: int = K_RANKED, judge: ChatModel | None = None
) -> QuestionRecord:
    """Retrieve, answer and score one pair (one search: the answer is made from its first k), after
    the questions of its chat before it, each answered in turn as the app's chat does."""
    turns: list[Turn] = []
    for asked in pair.history:
        turns.append(Turn.of(pipeline.ask(asked, turns)))
    answer, ranked = pipeline.ask_ranked(pair.question, k_ranked, turns)
    hits = tuple(ranked)
    score = score_question(
        id=pair.id,
        type=pair.type,
        docs=pair.docs,
        evidence=pair.evidence,
        keywords=pair.keywords,
        reference=pair.answer,
        ranked_texts=[h.chunk.text for h in hits],
        ranked_sources=[h.chunk.source for h in hits],
        answer_text=answer.text,
        cited_texts=_cited_texts(answer),
        refused=answer.refused,
        golds=pair.answers,
        short_answer=answer.short_answer.text if answer.short_answer else None,
        decision_score=decision_score(answer),
        latencies={stage: ms / 1000.0 for stage, ms in answer.timings.items()},
    )
    faithfulness = judge_faithfulness(judge, answer) if judge is not None and not answer.refused else None
    return QuestionRecord(pair, hits, answer, score, passed(pair, score), answer.relevance, faithfulness)


# -- a whole dataset -------------------------------------------------------------------------


@dataclass(frozen=True)
class EvalRun:
    """One pipeline over one dataset: its configuration, every question, and the summaries.

    `overall` and each `by_type[type]` map metric names (eval.metrics.METRICS, then
    `latency.<stage>.p50/p95` in seconds, then `faithfulness` when judged) to values;
    None where a metric is undefined (no question it applies to).
    """

    config: dict[str, Any]
    records: tuple[QuestionRecord, ...]
    scores: list[QuestionScore]
    overall: dict[str, float | None]
    by_type: dict[str, dict[str, float | None]]
    seconds: float = 0.0
    created: str = field(default_factory=lambda: time.strftime("%Y-%m-%dT%H:%M:%S"))

    @property
    def name(self) -> str:
        """`retriever-answerer`, the name its report files and comparison column carry."""
        return f"{self.config.get('retriever', 'pipeline')}-{self.config.get('answerer', 'answerer')}"

    @property
    def failures(self) -> list[QuestionRecord]:
        return [r for r in self.records if not r.passed]

    @property
    def refusal_curve(self) -> list[CurvePoint]:
        """Refusal and false refusal had the decision refused below each threshold (`eval.metrics.refusal_curve`)."""
        return refusal_curve(*decision_scores(self.scores))

    def to_dict(self) -> dict[str, Any]:
        """The JSON report (the app reads it): config, overall, by_type, the refusal curve, questions."""
        return {
            "config": self.config,
            "created": self.created,
            "seconds": round(self.seconds, 2),
            "overall": self.overall,
            "by_type": self.by_type,
            "refusal_curve": [p._asdict() for p in self.refusal_curve],
            "questions": [r.to_dict() for r in self.records],
        }


def _with_faithfulness(summary: dict[str, float | None], records: Sequence[QuestionRecord]) -> dict:
    values = [r.faithfulness for r in records if r.faithfulness is not None]
    return summary | {"faithfulness": sum(values) / len(values) if values else None}


def evaluate(
    pipeline: EvalPipeline,
    pairs: Sequence[QAPair],
    k_ranked: int = K_RANKED,
    *,
    config: Mapping[str, Any] | None = None,
    judge: ChatModel | None = None,
    progress: Progress | None = None,
) -> EvalRun:
    """Every pair through `pipeline`, scored and summarised overall and per question type.

    `config` is recorded as is (see `eval.run.config_of`); with a `judge` chat model, answers also
    get an LLM-judged faithfulness score.
    """
    started = time.perf_counter()
    records: list[QuestionRecord] = []
    for done, pair in enumerate(pairs):
        if progress:
            progress(done, len(pairs), pair.id)
        records.append(evaluate_pair(pipeline, pair, k_ranked, judge))
    if progress:
        progress(len(pairs), len(pairs), "")
    scores = [r.score for r in records]
    summaries = summarize_by_type(scores)
    overall = summaries.pop("all")
    if judge is not None:
        overall = _with_faithfulness(overall, records)
        summaries = {t: _with_faithfulness(s, [r for r in records if r.pair.type == t]) for t, s in summaries.items()}
    return EvalRun(
        config=dict(config or {}),
        records=tuple(records),
        scores=scores,
        overall=overall,
        by_type=summaries,
        seconds=time.perf_counter() - started,
    )


# -- thresholds ------------------------------------------------------------------------------

# CLI flag -> (metric, "min" or "max"). A metric that is None (e.g. no unanswerable pairs)
# fails a threshold set on it: a gate that cannot be checked is not passed.
THRESHOLDS: dict[str, tuple[str, str]] = {
    "min_hit1": ("hit@1", "min"),
    "min_hit5": ("hit@5", "min"),
    "min_mrr": ("mrr@10", "min"),
    "min_doc_hit5": ("doc_hit@5", "min"),
    "min_ctx": ("ctx@1000", "min"),
    "min_keyword_recall": ("keyword_recall", "min"),
    "min_char_f1": ("char_f1", "min"),
    "min_em": ("em", "min"),
    "min_f1": ("f1", "min"),
    "min_contains_gold": ("contains_gold", "min"),
    "min_citation_precision": ("citation_precision", "min"),
    "min_citation_recall": ("citation_recall", "min"),
    "min_refusal": ("refusal_rate", "min"),
    "max_false_refusal": ("false_refusal_rate", "max"),
    "min_auroc": ("auroc", "min"),
    "min_faithfulness": ("faithfulness", "min"),
}


def check_thresholds(overall: Mapping[str, float | None], limits: Mapping[str, float]) -> list[str]:
    """One message per threshold the summary misses (empty when all pass); `limits` keys are THRESHOLDS keys."""
    failed = []
    for flag, limit in limits.items():
        metric, kind = THRESHOLDS[flag]
        value = overall.get(metric)
        if value is None:
            failed.append(f"{metric} is undefined on this dataset (--{flag.replace('_', '-')} {limit:g})")
        elif (kind == "min" and value < limit) or (kind == "max" and value > limit):
            word = "below" if kind == "min" else "above"
            failed.append(f"{metric} = {value:.3f} is {word} --{flag.replace('_', '-')} {limit:g}")
    return failed


# -- the judge -------------------------------------------------------------------------------

JUDGE_PROMPT = (
    "你是严格的事实核查员。下面给出编号的资料和一个回答的逐句列表。"
    "对回答的每一句，判断其内容是否完全能由资料支持：支持记 1，不支持或无法判断记 0。"
    "只输出一个 JSON 数组，长度等于句子数，例如 [1, 0, 1]，不要输出其他内容。"
)
_JSON_LIST = re.compile(r"\[[\s\d,]*\]")


def judge_faithfulness(chat: ChatModel, answer: Answer) -> float | None:
    """Share of the answer's sentences the model judges supported by the cited passages.

    One call per answer. None when there is nothing to judge or the model's reply is not
    a list of 0/1 of the right length (recorded as unjudged, not as a score).
    """
    text = answer.text
    sentences = [s for s in (strip_citations(text[a:b]).strip() for a, b in sentence_spans(text)) if len(s) > 1]
    if not sentences or not answer.citations:
        return None
    chunks = {h.chunk.id: h.chunk.text for h in answer.hits}
    sources = "\n\n".join(f"[{c.n}] {chunks.get(c.chunk_id, c.quote)}" for c in answer.citations)
    numbered = "\n".join(f"{i}. {s}" for i, s in enumerate(sentences, start=1))
    reply = chat.complete(
        [
            {"role": "system", "content": JUDGE_PROMPT},
            {"role": "user", "content": f"资料：\n{sources}\n\n回答（{len(sentences)} 句）：\n{numbered}"},
        ]
    )
    match = _JSON_LIST.search(reply)
    if not match:
        return None
    votes = json.loads(match.group(0))
    if len(votes) != len(sentences) or any(v not in (0, 1) for v in votes):
        return None
    return sum(votes) / len(votes)

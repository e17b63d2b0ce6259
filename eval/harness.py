"""Run an eval dataset through the app's own pipeline and score every question.

`evaluate` takes any object with the `Pipeline` methods `retrieve` and `ask` (tests pass a
fake), so what is measured is exactly what the CLI and the app run. Per pair it takes
the ranked top 10 from `retrieve` for the retrieval metrics, and the `Answer` from `ask`
for everything else; latency comes from `Answer.timings`, never from the extra
`retrieve` call.

`run_and_report` is the one-call version for the app's "run eval" button and `rag eval`:
it builds the eval's own index, evaluates and writes the reports. The eval always works
in a dedicated data directory (`eval_settings`), built from data/docs, so it neither
depends on nor changes the user's library.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from eval.dataset import QAPair, load_dataset
from eval.metrics import QuestionScore, score_question, strip_citations, summarize_by_type
from rag.config import DEFAULT_DOCS_DIR, PROJECT_DIR, Settings
from rag.llm import ChatModel
from rag.text import sentence_spans
from rag.types import Answer, Hit

DEFAULT_DATASET = PROJECT_DIR / "eval" / "datasets" / "qa.jsonl"
DEFAULT_REPORTS = PROJECT_DIR / "eval" / "reports"
K_RANKED = 10

Progress = Callable[[int, int, str], None]  # (questions done, questions in all, current id)


class EvalPipeline(Protocol):
    """What the harness needs of a pipeline: `rag.pipeline.Pipeline` or a test's fake."""

    def retrieve(self, question: str, k: int | None = None) -> list[Hit]: ...

    def ask(self, question: str, history: Sequence[Any] = ()) -> Answer: ...


# -- one question ----------------------------------------------------------------------------


def passed(pair: QAPair, score: QuestionScore) -> bool:
    """Whether a question passes; the Markdown report lists those that do not.

    An answerable question passes when evidence is in the top 5, it was answered (not
    refused), at least half its keywords are in the answer, and at least one citation
    points at evidence. An unanswerable one passes when it was refused.
    """
    if not pair.answerable:
        return score.refused
    return bool(
        score.hit5
        and not score.refused
        and (score.keyword_recall is None or score.keyword_recall >= 0.5)
        and score.citation_hit
    )


@dataclass(frozen=True)
class QuestionRecord:
    """One evaluated pair: what was retrieved and answered, its scores, and whether it passed.

    `relevance` is the refusal signal the pipeline compared with `min_relevance` (None when
    the pipeline does not expose it); `faithfulness` is the LLM judge's share of supported
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
            "answer": self.answer.text,
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
                "relevance": self.relevance,
                "faithfulness": self.faithfulness,
            },
        }


def _cited_texts(answer: Answer) -> list[str]:
    """The full passage behind each citation (evidence may lie outside the quoted sentence)."""
    chunks = {h.chunk.id: h.chunk.text for h in answer.hits}
    return [chunks.get(c.chunk_id, c.quote) for c in answer.citations]


def evaluate_pair(
    pipeline: EvalPipeline, pair: QAPair, k_ranked: int = K_RANKED, judge: ChatModel | None = None
) -> QuestionRecord:
    """Retrieve, answer and score one pair."""
    hits = tuple(pipeline.retrieve(pair.question, k=k_ranked))
    answer = pipeline.ask(pair.question)
    # The refusal signal is that of the search `ask` makes (the pipeline's own k), not of
    # the deeper ranking above: hybrid fusion depth depends on k.
    search = getattr(pipeline, "search", None)
    relevance = search(pair.question).relevance if search is not None else None
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
        latencies={stage: ms / 1000.0 for stage, ms in answer.timings.items()},
    )
    faithfulness = judge_faithfulness(judge, answer) if judge is not None and not answer.refused else None
    return QuestionRecord(pair, hits, answer, score, passed(pair, score), relevance, faithfulness)


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

    def to_dict(self) -> dict[str, Any]:
        """The JSON report (the app reads it): config, overall, by_type, questions."""
        return {
            "config": self.config,
            "created": self.created,
            "seconds": round(self.seconds, 2),
            "overall": self.overall,
            "by_type": self.by_type,
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

    `config` is recorded as is (see `config_of`); with a `judge` chat model, answers also
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
    "min_citation_precision": ("citation_precision", "min"),
    "min_citation_recall": ("citation_recall", "min"),
    "min_refusal": ("refusal_rate", "min"),
    "max_false_refusal": ("false_refusal_rate", "max"),
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


# -- the refusal threshold -------------------------------------------------------------------


def refusal_tradeoff(records: Sequence[QuestionRecord], threshold: float) -> tuple[float, float]:
    """(refusal rate, false refusal rate) had the pipeline refused below `threshold` on the same signal.

    Only the retrieval signal is replayed: an answerer that refuses on its own (an LLM
    saying it does not know) is not modelled. Records without `relevance` count as answered.
    """

    def refused(r: QuestionRecord) -> bool:
        return r.relevance is not None and r.relevance < threshold

    unanswerable = [r for r in records if not r.pair.answerable]
    answerable = [r for r in records if r.pair.answerable]
    rate = sum(map(refused, unanswerable)) / len(unanswerable) if unanswerable else 0.0
    false_rate = sum(map(refused, answerable)) / len(answerable) if answerable else 0.0
    return rate, false_rate


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


# -- the eval's own index --------------------------------------------------------------------


def eval_settings(settings: Settings) -> Settings:
    """`settings` pointed at the eval's dedicated index, one per embedder and chunking.

    Always embedded Chroma under `<data_dir>/eval/`, never RAG_CHROMA_URL: the eval must not
    write into the user's library.
    """
    embedder = settings.embed
    if settings.embed == "openai":
        embedder += "-" + re.sub(r"[^A-Za-z0-9_.-]", "_", settings.embed_model)
    name = f"{embedder}-{settings.chunk_tokens}-{settings.chunk_overlap}"
    return settings.with_(data_dir=settings.data_dir / "eval" / name, chroma_url=None, chroma_token=None)


def prepare_index(settings: Settings, docs: Path = DEFAULT_DOCS_DIR):
    """Ingest `docs` into the eval index of `settings` (incremental: cheap when unchanged); the report."""
    from ingest.pipeline import ingest_paths  # the write side: only needed to build the index

    return ingest_paths(settings, [str(docs)], prune=True)


def config_of(settings: Settings, dataset: Path | str) -> dict[str, Any]:
    """The configuration a report records: what was run, on what."""
    return {
        "retriever": settings.retriever,
        "answerer": settings.answerer,
        "k": settings.top_k,
        "embedder": settings.embed if settings.embed != "openai" else f"openai:{settings.embed_model}",
        "chunk_tokens": settings.chunk_tokens,
        "chunk_overlap": settings.chunk_overlap,
        "rrf_k": settings.rrf_k,
        "dense_weight": settings.dense_weight,
        "min_relevance": settings.min_relevance,
        "llm_model": settings.llm_model if settings.answerer == "llm" else None,
        "dataset": _display_path(Path(dataset)),
    }


def _display_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(PROJECT_DIR).as_posix()
    except ValueError:
        return str(path)


def run_and_report(
    settings: Settings,
    dataset: Path | str = DEFAULT_DATASET,
    out_dir: Path | str = DEFAULT_REPORTS,
    *,
    judge: ChatModel | None = None,
    progress: Progress | None = None,
    names: Sequence[str] = ("latest",),
) -> EvalRun:
    """Build (or reuse) the eval index, evaluate the pipeline `settings` describe, write the reports.

    Writes `<name>.json` and `<name>.md` into `out_dir` for each of `names` and for the
    run's own `retriever-answerer` name, replacing earlier ones (no timestamped pile-up).
    """
    from eval.report import write_reports
    from rag.pipeline import Pipeline

    pairs = load_dataset(dataset)
    local = eval_settings(settings)
    prepare_index(local)
    run = evaluate(Pipeline.from_settings(local), pairs, config=config_of(settings, dataset), judge=judge,
                   progress=progress)
    write_reports(run, Path(out_dir), [*names, run.name])
    return run

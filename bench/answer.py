"""The answer step's cost on public questions (p50/p95 ms): ranking, then the extractive draft.

    .venv/bin/python bench/answer.py               # 300 questions of each dev part, best of 3
    .venv/bin/python bench/answer.py --limit 0     # all of them
    .venv/bin/python bench/answer.py --repeat 1    # each question timed once

bench/query.py times every stage on the project's own questions, most of which want a
sentence answer. The public sets' questions mostly want a short answer (a name, a date, a
number), and the short-answer model scores every candidate span of the sentences it reads,
so the answer step costs more there. This times the two halves of that step on the dev
parts of the public sets (docs/eval.md), each question with the passages the pipeline's
retrieval found for it, as `rag train` caches them (built when missing: minutes of
embedding): *rank* is `AnswerModel.rank` (the candidate sentences' features, the ranker,
the answerability model), *draft* is `ExtractiveAnswerer.draft` (the quoted sentences and
the short answer), which the pipeline skips for a question it refuses (a fifth of these, most
of them about articles left out of the library), as it does here. Retrieval is not timed here
(bench/query.py does).

Each question's step is timed `--repeat` times, one after the other, and its fastest kept (as
`timeit` does): this machine's speed drifts by half from one minute to the next (a shared host),
and a single pass's p50 moved from 10 to 17 ms on unchanged code; the fastest of three is what
the step costs, steady to about a millisecond.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import markdown_table, p50_p95  # noqa: E402
from eval.candidates import Question  # noqa: E402
from eval.train import DATASETS_DIR, examples, pipeline_refuses  # noqa: E402
from rag.config import Settings  # noqa: E402
from rag.extractive import ExtractiveAnswerer  # noqa: E402
from rag.question import analyse  # noqa: E402
from rag.rank import POOL, AnswerModel, shipped  # noqa: E402
from rag.tags import tag_tokens  # noqa: E402

WARM_UP = 20  # questions answered before timing: the models and jieba's dictionary load once


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=300, help="questions of each set (0: all; default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="timings of each question, the fastest kept (default: %(default)s)")
    args = parser.parse_args()
    settings = Settings.from_env()
    model = shipped()
    answerer = ExtractiveAnswerer(model=model)
    made = examples(settings, "dev", DATASETS_DIR, settings.data_dir / "squad" / "examples", log=print)
    rows = []
    for name, dev in made.items():
        dev = dev[: args.limit] if args.limit else dev
        ranked, drafted, total = [], [], []
        for i, e in enumerate(dev[:WARM_UP] + dev):
            times = [_answer_step(model, answerer, e.question, settings.top_k) for _ in range(max(1, args.repeat))]
            if i >= WARM_UP:
                ranked.append(min(r for r, _ in times))
                drafted.append(min(d for _, d in times))
                total.append(min(r + d for r, d in times))
        short = sum(analyse(e.question.question).wants_short for e in dev) / max(1, len(dev))
        rows.append([name, len(dev), f"{short:.2f}", *(f"{v:.1f}" for xs in (ranked, drafted, total) for v in p50_p95(xs))])
    print(markdown_table(["set", "questions", "want a short answer", "rank p50", "rank p95", "draft p50", "draft p95",
                          "answer p50", "answer p95"], rows))
    return 0


def _answer_step(model: AnswerModel, answerer: ExtractiveAnswerer, question: Question, k: int) -> tuple[float, float]:
    """(rank, draft) ms of one question's answer step, its sentences' tokens not yet memoised
    (the step's own repeated reads of them are, as in use; another question's are not)."""
    tag_tokens.cache_clear()
    started = time.perf_counter()
    ranking = model.rank(question.question, list(question.hits[:POOL]))
    ranked = (time.perf_counter() - started) * 1000
    # The pipeline drafts no answer to a question it refuses (its relevance and dense similarity
    # come with the retrieval, untimed here).
    if pipeline_refuses(model, question, ranking.answerable):
        return ranked, 0.0
    started = time.perf_counter()
    answerer.draft(question.question, ranking.hits[:k], ranking)
    return ranked, (time.perf_counter() - started) * 1000


if __name__ == "__main__":
    raise SystemExit(main())

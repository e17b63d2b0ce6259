"""The answer step's cost on public questions (p50/p95 ms): ranking, then the extractive draft.

    .venv/bin/python bench/answer.py               # 300 questions of each dev part
    .venv/bin/python bench/answer.py --limit 0     # all of them

bench/query.py times every stage on the project's own questions, most of which want a
sentence answer. The public sets' questions mostly want a short answer (a name, a date, a
number), and the short-answer model scores every candidate span of the sentences it reads,
so the answer step costs more there. This times the two halves of that step on the dev
parts of the public sets (docs/eval.md), each question with the passages the pipeline's
retrieval found for it, as `rag train` caches them (built when missing: minutes of
embedding): *rank* is `AnswerModel.rank` (the candidate sentences' features, the ranker,
the answerability model), *draft* is `ExtractiveAnswerer.draft` (the quoted sentences and
the short answer). Retrieval is not timed here (bench/query.py does).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import markdown_table, p50_p95  # noqa: E402
from eval.train import DATASETS_DIR, examples  # noqa: E402
from rag.config import Settings  # noqa: E402
from rag.extractive import ExtractiveAnswerer  # noqa: E402
from rag.question import analyse  # noqa: E402
from rag.rank import POOL, shipped  # noqa: E402

WARM_UP = 20  # questions answered before timing: the models and jieba's dictionary load once


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=300, help="questions of each set (0: all; default: %(default)s)")
    args = parser.parse_args()
    settings = Settings.from_env()
    model = shipped()
    answerer = ExtractiveAnswerer(model=model)
    made = examples(settings, "dev", DATASETS_DIR, settings.data_dir / "squad" / "examples", log=print)
    rows = []
    for name, dev in made.items():
        dev = dev[: args.limit] if args.limit else dev
        ranked, drafted = [], []
        for i, e in enumerate(dev[:WARM_UP] + dev):
            question, hits = e.question.question, list(e.question.hits[:POOL])
            started = time.perf_counter()
            ranking = model.rank(question, hits)
            between = time.perf_counter()
            answerer.draft(question, ranking.hits[: settings.top_k], ranking)
            if i >= WARM_UP:
                ranked.append((between - started) * 1000)
                drafted.append((time.perf_counter() - between) * 1000)
        short = sum(analyse(e.question.question).wants_short for e in dev) / max(1, len(dev))
        total = [a + b for a, b in zip(ranked, drafted)]
        rows.append([name, len(dev), f"{short:.2f}", *(f"{v:.1f}" for xs in (ranked, drafted, total) for v in p50_p95(xs))])
    print(markdown_table(["set", "questions", "want a short answer", "rank p50", "rank p95", "draft p50", "draft p95",
                          "answer p50", "answer p95"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Every public question's extractive answer as JSON, and the questions two such files answer differently.

A change meant to make the answer step faster or tidier should leave every answer as it was,
and one meant to change answers should change the ones it means to and say how many. This
writes what the answer step gives each train and dev question of the public sets, with the
shipped models and the passages the pipeline's retrieval found for it (`eval.candidates`, its
dense search exact, as `rag train` caches them; built when missing: minutes of embedding): the
refusal, the answer's text, its quotes and its short answer. Then it compares two such files.
As in the pipeline, the answerer may read on into the suite's library (a list past the passages
retrieved, the chunk after a point that ends its own; until session 22 it read no further than
the passages, as `rag train`'s measurements still do), and reads its record of each document (its
title: who wrote a document named by its title, and when it was published, are the record's to
say; until session 34 it read none).

    git stash; .venv/bin/python -m eval.answers /tmp/before.json; git stash pop
    .venv/bin/python -m eval.answers /tmp/after.json
    .venv/bin/python -m eval.answers --diff /tmp/before.json /tmp/after.json

The 5,763 questions take about two minutes. `--diff` exits 1 when any answer differs.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from eval.candidates import DATASETS, DATASETS_DIR, Question, build, library_neighbours, library_records
from eval.train import pipeline_refuses
from rag.config import Settings
from rag.extractive import ExtractiveAnswerer
from rag.rank import POOL, AnswerModel, shipped
from rag.types import Hit

PARTS = ("train", "dev")
SHOWN = 20  # differing questions printed by --diff


def answer_of(model: AnswerModel, answerer: ExtractiveAnswerer, question: Question, k: int) -> dict:
    """What the answer step gives `question`: the pipeline's refusal, and the draft made from its
    first `k` ranked passages. The draft is made even where the pipeline refuses, so that a change
    to drafting shows on every question."""
    ranking = model.rank(question.question, list(question.hits[:POOL]))
    hits = ranking.hits[:k]
    draft = answerer.draft(question.question, hits, ranking)
    read = [*hits, *draft.extra]
    short = draft.short
    return {
        "question": question.question,
        "refused": pipeline_refuses(model, question, ranking.answerable),
        "text": draft.text,
        "quotes": [_place(read[q.hit], q.start, q.end) for q in draft.quotes],
        "short": read[short.hit].chunk.text[short.start : short.end] if short is not None else None,
    }


def _place(hit: Hit, start: int, end: int) -> list:
    """A quote as [document, start, end] in the document."""
    return [hit.chunk.doc_id, hit.chunk.start + start, hit.chunk.start + end]


def answers(
    settings: Settings, parts: Sequence[str] = PARTS, datasets_dir: Path = DATASETS_DIR
) -> dict[str, dict]:
    """`answer_of` every question of the public sets' `parts`, keyed `suite/variant|id`."""
    model = shipped()
    out: dict[str, dict] = {}
    for part in parts:
        for dataset in DATASETS:
            made = build(settings, dataset, part, datasets_dir=datasets_dir, progress=print)
            answerer = ExtractiveAnswerer(model=model, neighbours=library_neighbours(settings, dataset, part),
                                          documents=library_records(settings, dataset, part))
            for variant, questions in made.items():
                for q in questions:
                    out[f"{dataset}-{part}/{variant}|{q.id}"] = answer_of(model, answerer, q, settings.top_k)
    return out


def differences(before: dict[str, dict], after: dict[str, dict]) -> list[str]:
    """The keys whose answers differ, or that only one side has, in order."""
    return [key for key in sorted(before.keys() | after.keys()) if before.get(key) != after.get(key)]


def _read(path: Path) -> dict[str, dict]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SystemExit(
            f"{path}: cannot read it as answers ({exc}); write it with `python -m eval.answers {path}`."
        ) from None


def _diff(before_path: Path, after_path: Path) -> int:
    before, after = _read(before_path), _read(after_path)
    changed = differences(before, after)
    print(f"{len(changed)} of {len(before.keys() | after.keys())} answers differ")
    for key in changed[:SHOWN]:
        old, new = before.get(key), after.get(key)
        print(f"\n{key}: {(old or new or {}).get('question', '')}")
        for side, entry in (("-", old), ("+", new)):
            if entry is None:
                print(f"  {side} (no answer)")
            else:
                refused = " (refused)" if entry["refused"] else ""
                print(f"  {side}{refused} short {entry['short']!r}: {entry['text'][:120]!r}")
    if len(changed) > SHOWN:
        print(f"\n… and {len(changed) - SHOWN} more")
    return 1 if changed else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.answers", description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, help="where to write the answers (JSON)")
    parser.add_argument("--part", choices=(*PARTS, "all"), default="all",
                        help="which part (default: %(default)s)")
    parser.add_argument("--diff", nargs=2, type=Path, metavar=("BEFORE", "AFTER"),
                        help="compare two answer files")
    parser.add_argument("--datasets", type=Path, default=DATASETS_DIR,
                        help="the public sets (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.diff:
        return _diff(*args.diff)
    if args.out is None:
        parser.error("name a file to write the answers to, or --diff BEFORE AFTER")
    made = answers(Settings.from_env(), PARTS if args.part == "all" else (args.part,), args.datasets)
    # One question a line, so that `diff` of two files reads as well as --diff.
    lines = (json.dumps(key, ensure_ascii=False) + ": " + json.dumps(made[key], ensure_ascii=False, sort_keys=True)
             for key in sorted(made))
    args.out.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    print(f"{len(made)} answers in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

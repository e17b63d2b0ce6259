"""Train the short-answer span scorer (rag/models/span.npz) on the public data's train part.

For each train question that wants a short answer (rag.question), the gold evidence
sentence's candidate spans (rag.span.candidates) are one ranking group: the span equal to
a gold answer (t2s-folded, punctuation and spaces removed) is relevant 2, a span with CMRC
2018 F1 >= 0.5 against one (eval.metrics.span_f1) 1, the others 0. LightGBM's lambdarank
learns to put the best first; the query side scores the trees with numpy (rag.trees), so
LightGBM is needed only here.

    rag train --only span                # train, print dev EM/F1, write rag/models/span.npz
    python -m eval.train_span            # the same

Deterministic: fixed seed, deterministic=True, one thread; features are cached under
<data dir>/span-features/ (keyed by the feature code and the questions).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from eval.candidates import DATASETS as DATASET_NAMES
from eval.candidates import DATASETS_DIR
from eval.metrics import CMRC_PUNCTUATION, exact_match, span_f1
from eval.squad import Article, part_of, read_squad
from rag.config import Settings
from rag.question import analyse
from rag.span import FEATURES, MODEL_PATH, SpanModel, best_span, candidates, features
from rag.text import fold_t2s, sentence_spans
from rag.trees import Trees

DATASETS = tuple(DATASETS_DIR / f"{name}.json" for name in DATASET_NAMES)
SEED = 0
ROUNDS = 600


# --- examples -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    """One question with its gold evidence sentence (and the sentence before it)."""

    dataset: str
    part: str
    question: str
    answers: tuple[str, ...]
    sentence: str
    previous: str


def examples(articles: Sequence[Article], seed: int = SEED) -> list[Example]:
    """Every question whose first gold answer lies in one sentence of its paragraph."""
    out = []
    for article in articles:
        part = part_of(article, seed)
        for q in article.questions:
            context = article.paragraphs[q.paragraph]
            start, end = q.answer_start, q.answer_start + len(q.answers[0])
            if start < 0:
                continue
            spans = sentence_spans(context)
            inside = [i for i, (a, b) in enumerate(spans) if a < end and b > start]
            if len(inside) != 1:
                continue
            i = inside[0]
            previous = context[spans[i - 1][0] : spans[i - 1][1]] if i > 0 else ""
            sentence = context[spans[i][0] : spans[i][1]]
            out.append(Example(article.dataset, part, q.question, q.answers, sentence, previous))
    return out


def _plain(text: str) -> str:
    return "".join(ch for ch in fold_t2s(text).lower() if ch not in CMRC_PUNCTUATION and not ch.isspace())


def featurise(items: Sequence[Example]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[list[str]]]:
    """Features, labels (`labels`), group sizes and candidate texts."""
    rows, groups, texts = [], [], []
    for ex in items:
        cands = candidates(ex.sentence)
        groups.append(len(cands))
        texts.append([ex.sentence[c.start : c.end] for c in cands])
        if cands:
            rows.append(features(analyse(ex.question), ex.sentence, cands))
    x = np.vstack(rows) if rows else np.zeros((0, len(FEATURES)), np.float32)
    sizes = np.asarray(groups)
    return x, labels(items, sizes, texts), sizes, texts


def labels(items: Sequence[Example], groups: np.ndarray, texts: list[list[str]]) -> np.ndarray:
    """Per candidate: 2 equal to a gold answer, 1 F1 >= 0.5 against one (partial overlap), else 0."""
    out: list[int] = []
    for ex, spans in zip(items, texts):
        golds = {_plain(a) for a in ex.answers}
        out += [2 if _plain(s) in golds else (1 if span_f1(s, ex.answers) >= 0.5 else 0) for s in spans]
    return np.asarray(out, dtype=np.float64)


def _em(prediction: str, answers: Sequence[str]) -> float:
    return float(exact_match(prediction, answers))


def _cache_key(items: Sequence[Example]) -> str:
    """The feature code (rag.span, rag.tags, rag.question) and the questions: labels are made outside the cache."""
    source = "".join(
        Path(sys.modules[name].__file__).read_text(encoding="utf-8")  # type: ignore[arg-type]
        for name in ("rag.span", "rag.tags", "rag.question")
    )
    digest = hashlib.sha256((source + json.dumps([e.question + e.sentence for e in items], ensure_ascii=False)).encode())
    return digest.hexdigest()[:16]


def cached_features(
    items: Sequence[Example], name: str, cache: Path
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[list[str]]]:
    """`featurise(items)`, the features from `cache` when the code and the items have not changed.

    The labels are made again each time (cheap): they follow eval.metrics, not the feature code.
    """
    path = cache / f"{name}-{_cache_key(items)}.npz"
    if path.exists():
        with np.load(path, allow_pickle=False) as data:
            x, groups, texts = data["x"], data["groups"], json.loads(str(data["texts"]))
        return x, labels(items, groups, texts), groups, texts
    x, y, groups, texts = featurise(items)
    cache.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, x=x, groups=groups, texts=np.asarray(json.dumps(texts, ensure_ascii=False)))
    return x, y, groups, texts


# --- the model ----------------------------------------------------------------------------

PARAMS = {
    "objective": "lambdarank",
    "metric": "ndcg",
    "eval_at": [1],
    # Smaller steps and leaves than the first model's 0.1, 63 and 20 rows a leaf, whose retrains
    # varied with the bagging seed alone by 0.03 in dev CMRC EM (docs/model-card.md, "Steadier
    # training"): with these, dev DRCD EM given the gold sentence 0.507 -> 0.552.
    "learning_rate": 0.03,
    "num_leaves": 31,
    "max_depth": 6,  # the query side walks all trees level by level: depth is its cost
    "min_data_in_leaf": 50,
    "feature_fraction": 0.9,
    "bagging_fraction": 0.9,
    "bagging_freq": 1,
    "lambdarank_truncation_level": 10,
    "seed": SEED,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 1,
    "verbose": -1,
}


def fit(x: np.ndarray, y: np.ndarray, groups: np.ndarray, rounds: int) -> object:
    """A LightGBM lambdarank booster on the candidate groups."""
    import lightgbm

    keep = groups > 0
    data = lightgbm.Dataset(
        x, label=y, group=groups[keep], feature_name=list(FEATURES),
        categorical_feature=[], free_raw_data=False,
    )
    return lightgbm.train(PARAMS, data, num_boost_round=rounds)


def export(booster: object, threshold: float, rounds: int) -> Trees:
    """The booster as flat tree arrays (rag.trees) with the answer threshold."""
    return Trees.from_lightgbm(
        booster.dump_model(), FEATURES, {"threshold": round(threshold, 6), "rounds": rounds}  # type: ignore[attr-defined]
    )


def _check_export(booster: object, trees: Trees, x: np.ndarray) -> None:
    """The exported trees score as LightGBM does (on a sample of the training rows)."""
    sample = x[:: max(1, len(x) // 5000)]
    ours = trees.predict(sample)
    theirs = booster.predict(sample.astype(np.float64), num_threads=1)  # type: ignore[attr-defined]
    if not np.allclose(ours, theirs, rtol=1e-9, atol=1e-9):
        raise AssertionError(f"exported trees disagree with LightGBM: max diff {np.abs(ours - theirs).max()}")


# --- evaluation ---------------------------------------------------------------------------


def predict(model: SpanModel, items: Sequence[Example], sentences: Sequence[str] | None = None) -> list[str | None]:
    """The short answer for each example (None: no short answer), from `sentences` or the gold ones."""
    out: list[str | None] = []
    for i, ex in enumerate(items):
        sentence = ex.sentence if sentences is None else sentences[i]
        found = best_span(model, ex.question, [sentence])
        out.append(found.text if found else None)
    return out


def report(items: Sequence[Example], predictions: Sequence[str | None], sentences: Sequence[str] | None = None) -> dict:
    """EM/F1 per dataset: on questions that want a short answer (None scored as the sentence), and on all."""
    out: dict[str, dict[str, float]] = {}
    for dataset in sorted({e.dataset for e in items}) + ["all"]:
        idx = [i for i, e in enumerate(items) if dataset in ("all", e.dataset)]
        short = [i for i in idx if analyse(items[i].question).wants_short]
        answered = [i for i in short if predictions[i] is not None]

        def said(i: int) -> str:
            sentence = items[i].sentence if sentences is None else sentences[i]
            return predictions[i] if predictions[i] is not None else sentence  # type: ignore[return-value]

        out[dataset] = {
            "questions": len(idx),
            "short": len(short),
            "answered": len(answered),
            "em_short": float(np.mean([_em(said(i), items[i].answers) for i in short])) if short else 0.0,
            "f1_short": float(np.mean([span_f1(said(i), items[i].answers) for i in short])) if short else 0.0,
            "em_answered": float(np.mean([_em(said(i), items[i].answers) for i in answered])) if answered else 0.0,
            "f1_answered": float(np.mean([span_f1(said(i), items[i].answers) for i in answered])) if answered else 0.0,
            "em_all": float(np.mean([_em(said(i) if i in set(short) else (items[i].sentence if sentences is None else sentences[i]), items[i].answers) for i in idx])),
            "f1_all": float(np.mean([span_f1(said(i) if i in set(short) else (items[i].sentence if sentences is None else sentences[i]), items[i].answers) for i in idx])),
        }
    return out


def choose_threshold(x: np.ndarray, y: np.ndarray, groups: np.ndarray, items: Sequence[Example], texts: list[list[str]], rounds: int) -> float:
    """The score below which the sentence beats the best span, by F1 on out-of-fold train scores (2 folds)."""
    starts = np.concatenate([[0], np.cumsum(groups)])
    fold = np.arange(len(groups)) % 2
    best_scores = np.full(len(groups), -np.inf)
    gain = np.zeros(len(groups))  # F1 of the best span less F1 of the whole sentence
    for k in (0, 1):
        train_rows = np.concatenate([np.arange(starts[i], starts[i + 1]) for i in np.flatnonzero(fold != k)])
        booster = fit(x[train_rows], y[train_rows], groups[fold != k], rounds)
        for i in np.flatnonzero(fold == k):
            if groups[i] == 0:
                continue
            scores = booster.predict(x[starts[i] : starts[i + 1]].astype(np.float64), num_threads=1)  # type: ignore[attr-defined]
            j = int(np.argmax(scores))
            best_scores[i] = scores[j]
            gain[i] = span_f1(texts[i][j], items[i].answers) - span_f1(items[i].sentence, items[i].answers)
    order = np.argsort(best_scores)
    # Answering only above threshold t keeps the gains of the groups scored above t.
    cumulative = np.concatenate([[0.0], np.cumsum(gain[order])])
    cut = int(np.argmin(cumulative))  # drop the prefix whose gains sum lowest
    return float(best_scores[order[cut - 1]] + 1e-9) if cut > 0 else float("-inf")


def measure(model_path: Path = MODEL_PATH, datasets: Sequence[Path] = DATASETS, seed: int = SEED) -> dict:
    """The dev report of the model at `model_path`, given each question's gold sentence."""
    dev = [e for e in examples([a for path in datasets for a in read_squad(path)], seed) if e.part == "dev"]
    return report(dev, predict(SpanModel.load(model_path), dev))


def train_span(
    datasets: Sequence[Path] = DATASETS, out: Path = MODEL_PATH, cache: Path | None = None,
    rounds: int = ROUNDS, seed: int = SEED, log=print,
) -> dict:
    """Train on the train part, choose the answer threshold, write the model; the dev report (gold sentences)."""
    cache = cache or Settings.from_env().data_dir / "span-features"
    articles = [a for path in datasets for a in read_squad(path)]
    every = examples(articles, seed)
    train = [e for e in every if e.part == "train" and analyse(e.question).wants_short]
    started = time.perf_counter()
    x, y, groups, texts = cached_features(train, "train", cache)
    log(f"span: {len(train)} train questions, {len(y)} candidates ({time.perf_counter() - started:.0f}s)")
    threshold = choose_threshold(x, y, groups, train, texts, rounds)
    booster = fit(x, y, groups, rounds)
    trees = export(booster, threshold, rounds)
    _check_export(booster, trees, x)
    out.parent.mkdir(parents=True, exist_ok=True)
    trees.save(out)
    log(f"span: wrote {out} ({out.stat().st_size} bytes, threshold {threshold:.4f}) in {time.perf_counter() - started:.0f}s")
    return measure(out, datasets, seed)


def report_table(result: dict[str, dict[str, float]]) -> str:
    """The dev report as a table: questions that want a short answer, EM/F1 given the gold sentence."""
    lines = ["| span model, dev, gold sentence | questions (short) | EM | F1 |", "|---|---|---|---|"]
    for dataset, r in result.items():
        lines.append(f"| {dataset} | {r['questions']} ({r['short']}) | {r['em_short']:.3f} | {r['f1_short']:.3f} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.train_span", description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    print(report_table(train_span(out=args.out, rounds=args.rounds)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

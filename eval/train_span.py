"""Train the short-answer span scorer (rag/models/span.json) on the public data's train part.

For each train question that wants a short answer (rag.question), the gold evidence
sentence's candidate spans (rag.span.candidates) are one ranking group: the span equal to
a gold answer (after punctuation removal) is relevant, the others are not. LightGBM's
lambdarank learns to put it first; the query side evaluates the exported trees with numpy
(rag/span.py), so LightGBM is needed only here.

    python -m eval.train_span            # train, print dev EM/F1, write rag/models/span.json

Deterministic: fixed seed, deterministic=True, one thread; features are cached under
var/span-features/ (keyed by the feature list and the data files' sizes).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from eval.squad import Article, part_of, read_squad
from rag.question import analyse
from rag.span import FEATURES, MODEL_PATH, SpanModel, best_span, candidates, features
from rag.text import fold_t2s, sentence_spans

DATASETS = (Path("/work/shared/datasets/cmrc2018_trial.json"), Path("/work/shared/datasets/DRCD_test.json"))
CACHE = Path("var/span-features")
SEED = 0


# --- CMRC 2018 EM and F1 ------------------------------------------------------------------
# A local copy of the CMRC 2018 definitions until eval/metrics.py has them (the eval issue):
# lower-cased, the listed punctuation removed, each CJK character one unit and each run of
# other non-space characters (Latin letters, digits) one unit; F1 from the longest common
# contiguous run of units; EM on the strings after punctuation removal; max over golds.

_CMRC_PUNCT = set("-:_*^/\\~`+=，。：？！“”；’《》……·、「」（）－～『』")
_CJK = re.compile(r"[\u4e00-\u9fa5]")


def _units(text: str) -> list[str]:
    out: list[str] = []
    buf = ""
    for ch in text.lower().strip():
        if ch in _CMRC_PUNCT:
            continue
        if _CJK.match(ch):
            out.extend(buf.split())
            buf = ""
            out.append(ch)
        else:
            buf += ch
    out.extend(buf.split())
    return out


def _lcs(a: Sequence[str], b: Sequence[str]) -> int:
    best = 0
    row = [0] * (len(b) + 1)
    for x in a:
        prev = 0
        for j, y in enumerate(b, start=1):
            cur = row[j]
            row[j] = prev + 1 if x == y else 0
            best = max(best, row[j])
            prev = cur
    return best


def cmrc_f1(prediction: str, answers: Sequence[str]) -> float:
    """CMRC 2018 F1 of `prediction` against the best of `answers`."""
    pred = _units(prediction)
    best = 0.0
    for answer in answers:
        gold = _units(answer)
        common = _lcs(gold, pred)
        if common:
            p, r = common / len(pred), common / len(gold)
            best = max(best, 2 * p * r / (p + r))
    return best


def cmrc_em(prediction: str, answers: Sequence[str]) -> float:
    """CMRC 2018 EM: equal to one of `answers` once lower-cased and punctuation removed."""
    strip = lambda s: "".join(ch for ch in s.lower().strip() if ch not in _CMRC_PUNCT)  # noqa: E731
    return float(any(strip(prediction) == strip(a) for a in answers))


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
    return "".join(ch for ch in fold_t2s(text).lower() if ch not in _CMRC_PUNCT and not ch.isspace())


def featurise(items: Sequence[Example]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[list[str]]]:
    """Features, labels (2 exact, 1 partial overlap, 0 none), group sizes and candidate texts."""
    rows, labels, groups, texts = [], [], [], []
    for ex in items:
        info = analyse(ex.question)
        cands = candidates(ex.sentence)
        if not cands:
            groups.append(0)
            texts.append([])
            continue
        rows.append(features(info, ex.sentence, cands))
        golds = {_plain(a) for a in ex.answers}
        spans = [ex.sentence[c.start : c.end] for c in cands]
        labels.append([2 if _plain(s) in golds else (1 if cmrc_f1(s, ex.answers) >= 0.5 else 0) for s in spans])
        groups.append(len(cands))
        texts.append(spans)
    x = np.vstack(rows) if rows else np.zeros((0, len(FEATURES)), np.float32)
    y = np.concatenate([np.asarray(lab) for lab in labels]) if labels else np.zeros(0)
    return x, y, np.asarray(groups), texts


def _cache_key(items: Sequence[Example]) -> str:
    source = Path(__file__).read_text(encoding="utf-8") + Path(sys.modules["rag.span"].__file__).read_text(encoding="utf-8")  # type: ignore[arg-type]
    source += Path(sys.modules["rag.question"].__file__).read_text(encoding="utf-8")  # type: ignore[arg-type]
    digest = hashlib.sha256((source + json.dumps([e.question + e.sentence for e in items], ensure_ascii=False)).encode())
    return digest.hexdigest()[:16]


def cached_features(items: Sequence[Example], name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[list[str]]]:
    """`featurise(items)`, from var/span-features/ when the code and the items have not changed."""
    path = CACHE / f"{name}-{_cache_key(items)}.npz"
    if path.exists():
        data = np.load(path, allow_pickle=False)
        texts = json.loads(str(data["texts"]))
        return data["x"], data["y"], data["groups"], texts
    x, y, groups, texts = featurise(items)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, x=x, y=y, groups=groups, texts=np.asarray(json.dumps(texts, ensure_ascii=False)))
    return x, y, groups, texts


# --- the model ----------------------------------------------------------------------------

PARAMS = {
    "objective": "lambdarank",
    "metric": "ndcg",
    "eval_at": [1],
    "learning_rate": 0.1,
    "num_leaves": 63,
    "max_depth": 6,  # the query side walks all trees level by level: depth is its cost
    "min_data_in_leaf": 20,
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


def export(booster: object, threshold: float) -> dict:
    """The booster as plain arrays (rag.span.SpanModel reads them) plus the answer threshold."""
    dump = booster.dump_model()  # type: ignore[attr-defined]
    trees = []
    for tree in dump["tree_info"]:
        nodes: list[list] = []  # [feature, threshold, left, right, leaf value]: go left when x <= threshold

        def walk(node: dict) -> int:
            index = len(nodes)
            nodes.append([])
            if "leaf_value" in node:
                nodes[index] = [-1, 0.0, -1, -1, node["leaf_value"]]
                return index
            left = walk(node["left_child"])
            right = walk(node["right_child"])
            assert node["decision_type"] == "<=", "numeric splits only (no categorical features)"
            nodes[index] = [node["split_feature"], float(node["threshold"]), left, right, 0.0]
            # LightGBM sends missing values (none here: every feature is always set) by default_left.
            return index

        walk(tree["tree_structure"])
        trees.append(nodes)
    return {"features": list(FEATURES), "threshold": round(threshold, 6), "trees": trees}


def _check_export(booster: object, record: dict, x: np.ndarray) -> None:
    """The exported trees score as LightGBM does (on a sample of the training rows)."""
    sample = x[:: max(1, len(x) // 5000)]
    ours = SpanModel.from_record(record).score(sample)
    theirs = booster.predict(sample.astype(np.float64), num_threads=1)  # type: ignore[attr-defined]
    if not np.allclose(ours, theirs, atol=1e-5):
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
            "em_short": float(np.mean([cmrc_em(said(i), items[i].answers) for i in short])) if short else 0.0,
            "f1_short": float(np.mean([cmrc_f1(said(i), items[i].answers) for i in short])) if short else 0.0,
            "em_answered": float(np.mean([cmrc_em(said(i), items[i].answers) for i in answered])) if answered else 0.0,
            "f1_answered": float(np.mean([cmrc_f1(said(i), items[i].answers) for i in answered])) if answered else 0.0,
            "em_all": float(np.mean([cmrc_em(said(i) if i in set(short) else (items[i].sentence if sentences is None else sentences[i]), items[i].answers) for i in idx])),
            "f1_all": float(np.mean([cmrc_f1(said(i) if i in set(short) else (items[i].sentence if sentences is None else sentences[i]), items[i].answers) for i in idx])),
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
            gain[i] = cmrc_f1(texts[i][j], items[i].answers) - cmrc_f1(items[i].sentence, items[i].answers)
    order = np.argsort(best_scores)
    # Answering only above threshold t keeps the gains of the groups scored above t.
    cumulative = np.concatenate([[0.0], np.cumsum(gain[order])])
    cut = int(np.argmin(cumulative))  # drop the prefix whose gains sum lowest
    return float(best_scores[order[cut - 1]] + 1e-9) if cut > 0 else float("-inf")


def train_span(datasets: Sequence[Path] = DATASETS, out: Path = MODEL_PATH, rounds: int = 300, seed: int = SEED) -> dict:
    """Train on the train part, choose the answer threshold, write the model; the dev report (gold sentences)."""
    articles = [a for path in datasets for a in read_squad(path)]
    every = examples(articles, seed)
    train = [e for e in every if e.part == "train" and analyse(e.question).wants_short]
    started = time.perf_counter()
    x, y, groups, texts = cached_features(train, "train")
    print(f"train: {len(train)} questions, {len(y)} candidates ({time.perf_counter() - started:.0f} s)")
    threshold = choose_threshold(x, y, groups, train, texts, rounds)
    booster = fit(x, y, groups, rounds)
    record = export(booster, threshold)
    _check_export(booster, record, x)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size} bytes, threshold {threshold:.4f})")
    dev = [e for e in every if e.part == "dev"]
    result = report(dev, predict(SpanModel.load(out), dev))
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return result


def end_to_end(datasets: Sequence[Path] = DATASETS, model_path: Path = MODEL_PATH, seed: int = SEED) -> dict:
    """Dev EM/F1 when the span is taken from the sentences today's ExtractiveAnswerer quotes.

    Retrieval here is BM25 (bm25s over `keyword_tokens`) on the paragraphs of the dev
    library, top 5, not the product's hybrid search: a stand-in until the integration.
    """
    import bm25s

    from rag.answer import ExtractiveAnswerer
    from rag.text import keyword_tokens
    from rag.types import Chunk, Hit
    from eval.squad import is_absent

    model = SpanModel.load(model_path)
    answerer = ExtractiveAnswerer()
    results = {}
    for path in datasets:
        articles = [a for a in read_squad(path) if part_of(a, seed) == "dev" and not is_absent(a, seed)]
        chunks = [
            Chunk(f"{a.id}-{i}", a.key, a.file_name, a.title, i, 0, len(p), p)
            for a in articles for i, p in enumerate(a.paragraphs)
        ]
        index = bm25s.BM25()
        index.index([keyword_tokens(c.text) for c in chunks], show_progress=False)
        items = examples(articles, seed)
        quoted: list[str] = []
        for ex in items:
            found, scores = index.retrieve([keyword_tokens(ex.question) or ["?"]], k=5, show_progress=False)
            hits = [Hit(chunks[int(j)], r + 1, float(s)) for r, (j, s) in enumerate(zip(found[0], scores[0]))]
            draft = answerer.draft(ex.question, hits)
            quoted.append(" ".join(hits[q.hit].chunk.text[q.start : q.end] for q in draft.quotes) if not draft.refused else "")
        predictions = []
        for ex, text in zip(items, quoted):
            sentences = [text[a:b] for a, b in sentence_spans(text)]
            found_span = best_span(model, ex.question, sentences) if sentences else None
            predictions.append(found_span.text if found_span else None)
        results[path.stem] = report(items, predictions, quoted)[path.stem]
    print(json.dumps(results, ensure_ascii=False, indent=1))
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--end-to-end", action="store_true", help="only measure with today's answerer's sentences")
    args = parser.parse_args(argv)
    if args.end_to_end:
        end_to_end(model_path=args.out)
    else:
        train_span(out=args.out, rounds=args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

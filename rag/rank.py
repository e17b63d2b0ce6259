"""The learned answer step at query time: rank candidate sentences and passages, and say whether to answer.

Two models, trained by `eval/train.py` (`rag train`) on public Chinese QA data and shipped in
`rag/models/`:
- the ranker scores every candidate sentence of the retrieved passages (features from
  `rag.features`); a passage ranks by its best sentence, which already weighs the
  passage's retrieval scores;
- the answerability model reads the best candidates and gives the calibrated probability
  that the best one answers the question; below the threshold chosen on the training data
  (false refusals at most 3%) the pipeline refuses.

Both are gradient-boosted trees. They are evaluated here with numpy from LightGBM's dumped
trees rather than by LightGBM itself, which would bring scipy into the query path: about
300 ms more to start and 30 MB more resident, for the same numbers (a test checks they
agree with LightGBM's own predictions).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

import numpy as np

from rag.features import FEATURES, Candidate, candidates, features
from rag.question import Expect, QuestionInfo, analyse
from rag.types import Hit

MODELS_DIR = Path(__file__).resolve().parent / "models"
RANKER_FILE = "ranker.npz"
ANSWERABLE_FILE = "answerable.npz"

# The passages the ranker reads: the retrieval's top POOL, whatever k the caller wants,
# so the top 5 an answer is built from are the first 5 of the top 10 the eval ranks.
POOL = 10


class ModelError(RuntimeError):
    """A model file is missing or was made for other features; `rag train` rebuilds it."""


@dataclass(frozen=True)
class Trees:
    """A LightGBM model as flat arrays: node i of tree t splits on `feature[t, i]` at `threshold[t, i]`.

    Children are node indices, or `~leaf` (negative) for a leaf, as in LightGBM's own dump.
    """

    feature: np.ndarray  # (trees, nodes) int32
    threshold: np.ndarray  # (trees, nodes) float64
    left: np.ndarray  # (trees, nodes) int32
    right: np.ndarray  # (trees, nodes) int32
    leaf: np.ndarray  # (trees, leaves) float64
    root_leaf: np.ndarray  # (trees,) bool: a tree that is a single leaf
    names: tuple[str, ...]
    meta: dict

    def predict(self, x: np.ndarray) -> np.ndarray:
        """The raw score (sum of the trees' leaves) of each row of `x`; all trees walked at once."""
        rows = x.shape[0]
        trees = self.feature.shape[0]
        if rows == 0 or trees == 0:
            return np.zeros(rows)
        t = np.arange(trees)[:, None]
        r = np.arange(rows)[None, :]
        node = np.where(self.root_leaf[:, None], -1, 0) * np.ones((1, rows), dtype=np.int64)
        while True:
            inner = node >= 0
            if not inner.any():
                break
            at = np.where(inner, node, 0)
            go_left = x[r, self.feature[t, at]] <= self.threshold[t, at]
            step = np.where(go_left, self.left[t, at], self.right[t, at])
            node = np.where(inner, step, node)
        return self.leaf[t, ~node].sum(axis=0)

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            feature=self.feature.astype(np.int16),
            threshold=self.threshold,
            left=self.left.astype(np.int16),
            right=self.right.astype(np.int16),
            leaf=self.leaf,
            root_leaf=self.root_leaf,
            meta=np.frombuffer(json.dumps({**self.meta, "names": list(self.names)}, ensure_ascii=False).encode(), np.uint8),
        )

    @classmethod
    def load(cls, path: Path) -> Trees:
        try:
            with np.load(path, allow_pickle=False) as z:
                meta = json.loads(bytes(z["meta"]).decode("utf-8"))
                return cls(z["feature"].astype(np.int32), z["threshold"], z["left"].astype(np.int32),
                           z["right"].astype(np.int32), z["leaf"], z["root_leaf"], tuple(meta.pop("names")), meta)
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"{path}: cannot read the model ({exc}); rebuild it with `rag train`.") from None

    @classmethod
    def from_lightgbm(cls, dump: dict, names: Sequence[str], meta: dict | None = None) -> Trees:
        """From `Booster.dump_model()`: numerical splits only (what `eval/train.py` trains)."""
        tree_infos = dump["tree_info"]
        per_tree: list[tuple[list, list, list, list, list]] = []
        for info in tree_infos:
            feat: list[int] = []
            thr: list[float] = []
            left: list[int] = []
            right: list[int] = []
            leaves: dict[int, float] = {}

            def walk(node: dict) -> int:
                if "leaf_index" in node or "split_index" not in node:
                    index = node.get("leaf_index", 0)
                    leaves[index] = node["leaf_value"]
                    return ~index
                if node.get("decision_type", "<=") != "<=":
                    raise ModelError(f"unsupported split {node.get('decision_type')!r}")
                i = len(feat)
                feat.append(node["split_feature"])
                thr.append(node["threshold"])
                left.append(0)
                right.append(0)
                left[i] = walk(node["left_child"])
                right[i] = walk(node["right_child"])
                return i

            walk(info["tree_structure"])
            per_tree.append((feat, thr, left, right, [leaves[i] for i in range(len(leaves))]))
        n = max([len(f) for f, *_ in per_tree] + [1])
        m = max([len(v) for *_, v in per_tree] + [1])
        shape = (len(per_tree), n)
        feature, left_a, right_a = (np.zeros(shape, np.int32) for _ in range(3))
        threshold = np.zeros(shape)
        leaf = np.zeros((len(per_tree), m))
        root_leaf = np.zeros(len(per_tree), bool)
        for t, (f, th, lc, rc, lv) in enumerate(per_tree):
            feature[t, : len(f)] = f
            threshold[t, : len(th)] = th
            left_a[t, : len(lc)] = lc
            right_a[t, : len(rc)] = rc
            leaf[t, : len(lv)] = lv
            root_leaf[t] = not f
        return cls(feature, threshold, left_a, right_a, leaf, root_leaf, tuple(names), dict(meta or {}))


# -- answerability features ----------------------------------------------------------------

_COLUMN = {name: i for i, name in enumerate(FEATURES)}
# Columns of the best candidate that the answerability model reads.
# No raw BM25 score and no question length: both depend on the corpus and the style of
# question (chunk length, vocabulary; wiki factoids against long essay questions), and the
# probability has to hold on a library it was not trained on.
_BEST = ("cov", "cov_ctx", "rare", "rare_ctx", "matched", "bigram", "new_chars", "type_agrees",
         "title_cov", "title_rare", "passage_cov", "doc_cov", "fused_rank", "dense", "bm25_share")
ANSWERABLE_FEATURES: tuple[str, ...] = (
    "score1", "score2", "gap", "score_mean5",
    *(f"best_{name}" for name in _BEST),
    "pool_rare_ctx", "pool_doc_cov", "pool_title_cov", "pool_title_rare", "pool_dense",
    *(f"expect_{e.value}" for e in Expect),
)


def answerable_features(x: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """One row for a question: its best candidates' scores and features, and the pool's best signals."""
    if len(scores) == 0:
        return np.zeros(len(ANSWERABLE_FEATURES), dtype=np.float32)
    order = np.argsort(-scores, kind="stable")
    top = scores[order]
    best = x[order[0]]
    pool = lambda name: float(x[:, _COLUMN[name]].max())  # noqa: E731
    row = [
        top[0], top[1] if len(top) > 1 else top[0] - 5.0, top[0] - (top[1] if len(top) > 1 else top[0] - 5.0),
        float(top[:5].mean()),
        *(float(best[_COLUMN[name]]) for name in _BEST),
        pool("rare_ctx"), pool("doc_cov"), pool("title_cov"), pool("title_rare"), pool("dense"),
        *(float(best[_COLUMN[f"expect_{e.value}"]]) for e in Expect),
    ]
    return np.asarray(row, dtype=np.float32)


# -- the query side ----------------------------------------------------------------------------


class Ranked(NamedTuple):
    """A question's hits reordered, its candidate sentences best first, and whether to answer."""

    info: QuestionInfo
    hits: list[Hit]  # reordered by their best sentence; rank renumbered from 1
    sentences: list[Candidate]  # best first; `hit` indexes `hits` as reordered
    scores: list[float]  # the ranker's score of each of `sentences`
    answerable: float  # calibrated probability that the best sentence answers
    refuse: bool


class AnswerModel:
    """The ranker and the answerability model, loaded once."""

    def __init__(self, ranker: Trees, answerable: Trees) -> None:
        for model, names in ((ranker, FEATURES), (answerable, ANSWERABLE_FEATURES)):
            if model.names != tuple(names):
                raise ModelError("The shipped model was trained on other features; rebuild it with `rag train`.")
        self.ranker = ranker
        self.answerable_model = answerable
        self.threshold = float(answerable.meta["threshold"])
        self._platt = (float(answerable.meta["platt_a"]), float(answerable.meta["platt_b"]))

    @classmethod
    def load(cls, directory: Path = MODELS_DIR) -> AnswerModel:
        return cls(Trees.load(directory / RANKER_FILE), Trees.load(directory / ANSWERABLE_FILE))

    def probability(self, margin: float) -> float:
        """The Platt-calibrated probability for the answerability model's raw score."""
        a, b = self._platt
        return float(1.0 / (1.0 + np.exp(-(a * margin + b))))

    def rank(
        self, question: str, hits: Sequence[Hit], info: QuestionInfo | None = None, reorder: int | None = None
    ) -> Ranked:
        """Score every candidate sentence, reorder the first `reorder` hits (all by default) by
        their best sentence, and decide whether to answer.

        The pipeline reorders only the k passages an answer is made from: the ranker then
        never pulls a passage in from beyond them, which on the public dev parts costs nothing
        (hit@1 0.894/0.904 against 0.894/0.905 reordering all 10) and keeps the retrieval's
        hit@k on a library unlike the training data.
        """
        info = info or analyse(question)
        sentences = candidates(hits)
        if not sentences:
            return Ranked(info, list(hits), [], [], 0.0, True)
        x = features(info, hits, sentences)
        scores = self.ranker.predict(x)
        margin = float(self.answerable_model.predict(answerable_features(x, scores)[None, :])[0])
        p = self.probability(margin)

        best: dict[int, float] = {}
        for s, score in zip(sentences, scores):
            best[s.hit] = max(best.get(s.hit, -np.inf), float(score))
        # Passages by their best sentence; a passage without sentences goes last among them.
        cut = len(hits) if reorder is None else min(reorder, len(hits))
        order = sorted(range(cut), key=lambda i: (-best.get(i, -np.inf), i)) + list(range(cut, len(hits)))
        new_index = {old: new for new, old in enumerate(order)}
        reordered = [replace(hits[i], rank=n) for n, i in enumerate(order, start=1)]
        by_score = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))
        ranked = [sentences[i]._replace(hit=new_index[sentences[i].hit]) for i in by_score]
        return Ranked(info, reordered, ranked, [float(scores[i]) for i in by_score], p, p < self.threshold)


@functools.cache
def shipped() -> AnswerModel:
    """The models in `rag/models/`, loaded once per process."""
    return AnswerModel.load()

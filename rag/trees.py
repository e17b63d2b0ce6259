"""Gradient-boosted trees trained by LightGBM, stored as flat arrays and scored with numpy.

The three learned models (the sentence ranker and the answerability model in `rag.rank`,
the short-answer scorer in `rag.span`) are LightGBM ensembles with numerical splits only.
Evaluating them here rather than with LightGBM keeps it (and scipy) off the query path:
importing it costs 2.8 s and 140 MB resident (/proc/self/status after the rag modules
were loaded), for the same numbers (tests/test_trees.py checks them against LightGBM's own
predictions to 1e-9).

On disk a model is one `.npz` of the arrays below and a JSON `meta` (its feature names and
whatever the caller stores with it, such as a threshold). `numpy.savez_compressed` writes
the zip entries with a fixed timestamp, so the same trees give the same file byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from rag.errors import ModelError


@dataclass(frozen=True)
class Trees:
    """A LightGBM model as flat arrays: node i of tree t splits on `feature[t, i]` at `threshold[t, i]`.

    Children are node indices, or `~leaf` (negative) for a leaf, as in LightGBM's own dump;
    a row goes left when its value is <= the threshold.
    """

    feature: np.ndarray  # (trees, nodes) int32
    threshold: np.ndarray  # (trees, nodes) float64
    left: np.ndarray  # (trees, nodes) int32
    right: np.ndarray  # (trees, nodes) int32
    leaf: np.ndarray  # (trees, leaves) float64
    root_leaf: np.ndarray  # (trees,) bool: a tree that is a single leaf
    names: tuple[str, ...]
    meta: dict
    _walk: _Walk = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_walk", _Walk.of(self))

    def predict(self, x: np.ndarray) -> np.ndarray:
        """The raw score (sum of the trees' leaves) of each row of `x`."""
        return self._walk.predict(np.asarray(x, dtype=np.float64))

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
        """From `Booster.dump_model()`: numerical splits only (what `rag train` trains)."""
        per_tree: list[tuple[list, list, list, list, list]] = []
        for info in dump["tree_info"]:
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


@dataclass(frozen=True)
class _Walk:
    """The trees laid out for walking every row through every tree at once, one level a step.

    All nodes of all trees in one array, each tree in a block of `nodes + leaves` slots (its
    inner nodes, then its leaves); a leaf splits at +inf with both children itself, so
    walking on from it stays there and a fixed number of steps (the deepest path) brings
    every row to a leaf. Children sit side by side: node i's left child at 2i, its right at
    2i + 1. Built with array operations: a Python loop over 40,000 nodes took 0.2 s a load.
    """

    feature: np.ndarray  # (all slots,) intp
    split: np.ndarray  # (all slots,) float64
    children: np.ndarray  # (2 * all slots,) intp
    value: np.ndarray  # (all slots,) float64: a leaf's value, 0 inside
    roots: np.ndarray  # (trees,) intp
    depth: int

    @classmethod
    def of(cls, trees: Trees) -> _Walk:
        count, inner = trees.feature.shape
        leaves = trees.leaf.shape[1]
        block = inner + leaves
        base = (np.arange(count, dtype=np.intp) * block)[:, None]
        slot = lambda child: base + np.where(child >= 0, child, inner + ~child)  # noqa: E731
        here = base + inner + np.arange(leaves, dtype=np.intp)[None, :]
        feature = np.concatenate([trees.feature, np.zeros((count, leaves), np.int32)], axis=1).astype(np.intp).ravel()
        split = np.concatenate([trees.threshold, np.full((count, leaves), np.inf)], axis=1).ravel()
        left = np.concatenate([slot(trees.left.astype(np.intp)), here], axis=1).ravel()
        right = np.concatenate([slot(trees.right.astype(np.intp)), here], axis=1).ravel()
        value = np.concatenate([np.zeros((count, inner)), trees.leaf], axis=1).ravel()
        roots = base[:, 0] + np.where(trees.root_leaf, inner, 0)
        children = np.stack([left, right], axis=1).ravel()
        # The deepest path: step every tree's frontier down until only leaves are left.
        depth = 0
        frontier = roots[~trees.root_leaf]
        while len(frontier):
            depth += 1
            frontier = np.concatenate([left[frontier], right[frontier]])
            frontier = frontier[frontier % block < inner]
        return cls(feature, split, children, value, roots, depth)

    # Deeper than this, most rows reach their leaf long before the deepest path ends, and only
    # those still inside a tree are stepped on: the ranker's trees (17 to 19 deep) score a
    # question's ~100 sentences in 1.7 ms that way against 2.4 ms; the span model's (6 deep,
    # balanced) take 16 ms that way against 11 ms.
    _SPARSE_DEPTH = 10

    def predict(self, x: np.ndarray) -> np.ndarray:
        rows = x.shape[0]
        if rows == 0 or len(self.roots) == 0:
            return np.zeros(rows)
        node = self._sparse(x) if self.depth > self._SPARSE_DEPTH else self._dense(x)
        # Summed over the trees in order, row by row: the sums rag.rank's models always gave.
        return self.value[node].sum(axis=0)

    def _dense(self, x: np.ndarray) -> np.ndarray:
        """The leaf of every (tree, row), every row stepped down the deepest path."""
        rows, width = x.shape
        flat = x.ravel()
        offsets = (np.arange(rows, dtype=np.intp) * width)[None, :]
        node = np.repeat(self.roots[:, None], rows, axis=1)  # (trees, rows)
        for _ in range(self.depth):
            go_right = ~(flat[offsets + self.feature[node]] <= self.split[node])
            node = self.children[2 * node + go_right]
        return node

    def _sparse(self, x: np.ndarray) -> np.ndarray:
        """The same leaves, stepping only the (tree, row) pairs not yet at one (a leaf splits at +inf)."""
        rows, width = x.shape
        flat = x.ravel()
        offsets = np.tile(np.arange(rows, dtype=np.intp) * width, len(self.roots))
        node = np.repeat(self.roots, rows)  # tree by tree, row by row
        inside = np.flatnonzero(np.isfinite(self.split[node]))
        for _ in range(self.depth):
            if not len(inside):
                break
            here = node[inside]
            go_right = ~(flat[offsets[inside] + self.feature[here]] <= self.split[here])
            node[inside] = after = self.children[2 * here + go_right]
            inside = inside[np.isfinite(self.split[after])]
        return node.reshape(len(self.roots), rows)

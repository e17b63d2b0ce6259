"""The numpy tree walker scores as LightGBM does, and the shipped models are small."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rag.rank import MODELS_DIR
from rag.errors import ModelError
from rag.trees import Trees


@pytest.mark.parametrize(("objective", "leaves", "rounds"), [("binary", 7, 20), ("lambdarank", 63, 30)])
def test_numpy_trees_agree_with_lightgbm(tmp_path: Path, objective: str, leaves: int, rounds: int) -> None:
    lgb = pytest.importorskip("lightgbm")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 5))
    y = (x[:, 0] + 0.5 * x[:, 1] * x[:, 2] > 0).astype(int)
    params = {"objective": objective, "num_leaves": leaves, "min_data_in_leaf": 5, "verbose": -1,
              "deterministic": True, "num_threads": 1, "seed": 0}
    group = [20] * 20 if objective == "lambdarank" else None
    booster = lgb.train(params, lgb.Dataset(x, y, group=group), rounds)
    trees = Trees.from_lightgbm(booster.dump_model(), [f"f{i}" for i in range(5)], {"note": "test"})
    trees.save(tmp_path / "m.npz")
    loaded = Trees.load(tmp_path / "m.npz")
    assert loaded.names == ("f0", "f1", "f2", "f3", "f4") and loaded.meta == {"note": "test"}
    probe = np.concatenate([rng.normal(size=(50, 5)), x[:50]])  # rows on the split values too
    np.testing.assert_allclose(loaded.predict(probe), booster.predict(probe, raw_score=True), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(loaded.predict(probe.astype(np.float32)),
                               booster.predict(probe.astype(np.float32).astype(np.float64), raw_score=True),
                               rtol=1e-9, atol=1e-9)
    assert loaded.predict(probe[:0]).shape == (0,)


@pytest.mark.parametrize("model", ["ranker.npz", "answerable.npz", "span.npz", "choice.npz"])
def test_stepping_only_the_rows_inside_a_tree_gives_the_same_scores(model: str) -> None:
    # Deep models are walked sparsely, shallow ones densely (`_Walk._SPARSE_DEPTH`): the same
    # leaves, the same sums, bit for bit, on rows that land on split values too.
    trees = Trees.load(MODELS_DIR / model)
    rng = np.random.default_rng(0)
    x = np.round(rng.normal(scale=3.0, size=(120, len(trees.names))), 1)
    x[:20] = trees.threshold.ravel()[rng.integers(0, trees.threshold.size, size=(20, len(trees.names)))]
    walk = trees._walk
    assert np.array_equal(walk._sparse(x), walk._dense(x))
    assert np.array_equal(trees.predict(x), walk.value[walk._dense(x)].sum(axis=0))


def test_a_tree_that_is_one_leaf_scores_its_leaf(tmp_path: Path) -> None:
    # LightGBM dumps a tree without a split (nothing left to learn) as a bare leaf.
    dump = {"tree_info": [
        {"tree_structure": {"leaf_value": 0.25}},
        {"tree_structure": {"split_index": 0, "split_feature": 1, "threshold": 0.5, "decision_type": "<=",
                            "left_child": {"leaf_index": 0, "leaf_value": -1.0},
                            "right_child": {"leaf_index": 1, "leaf_value": 2.0}}},
    ]}
    trees = Trees.from_lightgbm(dump, ["a", "b"])
    assert trees.predict(np.array([[9.0, 0.5], [9.0, 0.6]])).tolist() == [-0.75, 2.25]


def test_saving_the_same_trees_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    trees = Trees.load(MODELS_DIR / "answerable.npz")
    trees.save(tmp_path / "a.npz")
    trees.save(tmp_path / "b.npz")
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()


def test_a_file_that_is_not_a_model_says_to_retrain(tmp_path: Path) -> None:
    (tmp_path / "m.npz").write_bytes(b"not a zip")
    with pytest.raises(ModelError, match="rag train"):
        Trees.load(tmp_path / "m.npz")


def test_the_shipped_models_are_small() -> None:
    files = sorted(p.name for p in MODELS_DIR.iterdir())
    assert files == ["answerable.npz", "choice.npz", "ranker.npz", "span.npz"]
    assert sum(p.stat().st_size for p in MODELS_DIR.iterdir()) < 2_000_000

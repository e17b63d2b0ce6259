"""The learned answer step: trees evaluated with numpy as LightGBM does, and the shipped models on tiny examples."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rag.rank import Trees


def test_numpy_trees_agree_with_lightgbm(tmp_path: Path) -> None:
    lgb = pytest.importorskip("lightgbm")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 5))
    y = (x[:, 0] + 0.5 * x[:, 1] * x[:, 2] > 0).astype(int)
    params = {"objective": "binary", "num_leaves": 7, "verbose": -1, "deterministic": True, "num_threads": 1, "seed": 0}
    booster = lgb.train(params, lgb.Dataset(x, y), 20)
    trees = Trees.from_lightgbm(booster.dump_model(), [f"f{i}" for i in range(5)], {"note": "test"})
    trees.save(tmp_path / "m.npz")
    loaded = Trees.load(tmp_path / "m.npz")
    assert loaded.names == ("f0", "f1", "f2", "f3", "f4") and loaded.meta == {"note": "test"}
    probe = rng.normal(size=(50, 5))
    np.testing.assert_allclose(loaded.predict(probe), booster.predict(probe, raw_score=True), rtol=1e-9, atol=1e-9)
    assert loaded.predict(probe[:0]).shape == (0,)

"""A HashEmbedder that takes a little time per batch, so a test can kill an ingest mid-way.

It keeps HashEmbedder's name and dimension: an index it writes is the index HashEmbedder
reads, which is what lets a test compare a killed-and-resumed ingest with a clean one.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from tests.fakes import HashEmbedder


class SlowHashEmbedder(HashEmbedder):
    """HashEmbedder plus `delay` seconds for every batch of `batch` passages."""

    def __init__(self, delay: float = 0.02, batch: int = 4) -> None:
        self._delay = delay
        self._batch = batch

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        rows = []
        for lo in range(0, len(texts), self._batch):
            time.sleep(self._delay)
            rows.append(super().embed_passages(texts[lo : lo + self._batch]))
        return np.vstack(rows) if rows else np.zeros((0, self.dim), dtype=np.float32)

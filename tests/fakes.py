"""Test doubles passed in through constructors (never patched in)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rag.types import sha256_hex


class HashEmbedder:
    """Deterministic vectors from character bigrams: similar texts get similar vectors, in no time."""

    name = "test-hash-embedder"
    dim = 64

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, dtype=np.float32)
        for a, b in zip(text, text[1:]):
            vector[int(sha256_hex(a + b)[:8], 16) % self.dim] += 1.0
        norm = np.linalg.norm(vector)
        return vector / norm if norm else vector + 1.0 / np.sqrt(self.dim)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([self._vector(t) for t in texts], dtype=np.float32).reshape(len(texts), self.dim)

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed_passages(texts)

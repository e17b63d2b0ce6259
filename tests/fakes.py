"""Test doubles passed in through constructors (never patched in)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rag.config import Settings
from rag.store import Store, connect
from rag.types import Chunk, Document, chunk_id_for, sha256_hex


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

def nearest_chunks(store: Store, vector: np.ndarray, k: int) -> list[tuple[Chunk, float]]:
    """The k visible chunks nearest to `vector` with their cosine similarity: the store as a dense index alone."""
    nearest = store.nearest(vector, k)
    found = {chunk.id: chunk for chunk in store.get_chunks([chunk_id for chunk_id, _ in nearest])}
    return [(found[chunk_id], score) for chunk_id, score in nearest if chunk_id in found]


# One chunk per document; 黨建 (Traditional) and 人才 are the two that share no words with the rest.
CORPUS = {
    "ganbu": ("干部.txt", "组织部门要加强干部队伍建设，从严管理监督干部。"),
    "dangjian": ("黨建.txt", "黨的建設要堅持從嚴治黨，基層黨組織建設要抓好落實。"),
    "rencai": ("人才.txt", "人才是第一资源，要完善人才引进和培养政策。"),
    "zuofeng": ("作风.txt", "作风建设是组织工作的生命线，组工干部要转变作风。"),
}


def put(store: Store, embedder: HashEmbedder, key: str, source: str, text: str) -> None:
    doc = Document(doc_id=key, source=source, title=source.removesuffix(".txt"), text=text, content_hash=sha256_hex(text))
    chunk_id = chunk_id_for(key, doc.content_hash, 0, text)
    chunk = Chunk(id=chunk_id, doc_id=key, source=source, title=doc.title, index=0, start=0, end=len(text), text=text)
    store.put_document(doc, [chunk], embedder.embed_passages([text]))


def as_built_by(settings: Settings, chunker: str) -> None:
    """Record `chunker` in the index's collection, as a zhiwen with another chunker left it."""
    collection = connect(settings).get_collection(settings.collection)
    kept = {k: v for k, v in (collection.metadata or {}).items() if not k.startswith("hnsw:")}
    collection.modify(metadata={**kept, "chunker": chunker})

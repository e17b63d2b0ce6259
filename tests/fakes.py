"""Test doubles passed in through constructors (never patched in)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from rag.chat import Condenser
from rag.config import Settings
from rag.llm import Message
from rag.llm_answer import LLMAnswerer
from rag.pipeline import Pipeline
from rag.store import Store, connect
from rag.types import Chunk, Document, Hit, chunk_id_for, sha256_hex


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


def hit(rank: int, doc: str, title: str, text: str, bm25: float, dense: float) -> Hit:
    """A retrieved passage as the answer step receives it: the chunk at 100 of its document."""
    chunk = Chunk(f"{doc}-{rank}", doc, f"{doc}.md", title, 1, 100, 100 + len(text), text)
    return Hit(chunk, rank, 1.0 / rank, {"bm25": bm25, "dense": dense}, {"bm25": rank, "dense": rank})


# Two retrieved passages: the one that answers 宾夕法尼亚大学是哪一年创建的 and one that only shares its frame.
PENN = hit(1, "penn", "宾夕法尼亚大学",
           "宾夕法尼亚大学是美国一所私立研究型大学，位于费城。学校由本杰明·富兰克林创建于1740年。"
           "宾夕法尼亚大学是美国第一所大学。", 12.0, 0.88)
MUSIC = hit(2, "music", "费城交响乐团", "费城交响乐团是美国著名的交响乐团，主要在费城演出。", 4.0, 0.82)


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


class FakeChat:
    """A ChatModel with canned replies that records what it was sent."""

    def __init__(self, condensed: str, answer: Sequence[str]) -> None:
        self.condensed = condensed
        self.answer = answer
        self.sent: list[list[Message]] = []

    def complete(self, messages: Sequence[Message]) -> str:
        self.sent.append(list(messages))
        return self.condensed

    def stream(self, messages: Sequence[Message]) -> Iterator[str]:
        self.sent.append(list(messages))
        yield from self.answer


def with_chat(pipeline: Pipeline, chat: FakeChat) -> Pipeline:
    """`pipeline`'s library, answered and rewritten by `chat`, as `RAG_ANSWERER=llm` would."""
    return Pipeline(pipeline.settings, pipeline.store, pipeline.embedder, LLMAnswerer(chat),
                    rewriter=Condenser(chat))

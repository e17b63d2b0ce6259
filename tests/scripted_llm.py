"""An OpenAI-compatible endpoint on 127.0.0.1 that plays back scripted replies (stdlib HTTP
server), and the small hits and runner the LLM tests share. The `server` fixture is in conftest.py."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple

from rag.answer import Draft
from rag.llm_answer import LLMAnswerer
from rag.types import Chunk, Hit

MODEL = "scripted-model"


class Reply(NamedTuple):
    """One scripted response: a status and either a JSON body or SSE deltas."""

    status: int = 200
    text: str | None = None  # a plain chat completion
    stream: tuple[str, ...] | None = None  # deltas sent as server-sent events
    error: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0  # seconds to wait before answering (timeouts)
    cut: bool = False  # end a stream midway: no finish_reason, no [DONE]


def completion(text: str) -> dict[str, Any]:
    message = {"role": "assistant", "content": text}
    return {"id": "c1", "object": "chat.completion", "created": 0, "model": MODEL,
            "choices": [{"index": 0, "message": message, "finish_reason": "stop"}]}


def chunk_event(delta: str, finish_reason: str | None = None) -> dict[str, Any]:
    return {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": MODEL,
            "choices": [{"index": 0, "delta": {"content": delta}, "finish_reason": finish_reason}]}


class ScriptedServer:
    """A stdlib HTTP server playing back `replies` in order and recording every request."""

    def __init__(self) -> None:
        self.replies: list[Reply] = []
        self.requests: list[dict[str, Any]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
                reply = server.replies.pop(0) if server.replies else Reply(500, error="no reply scripted")
                time.sleep(reply.delay)
                self.send_response(reply.status)
                for name, value in reply.headers:
                    self.send_header(name, value)
                if reply.stream is not None:
                    self.send_header("Content-Type", "text/event-stream")
                    self.end_headers()
                    events = [chunk_event(delta) for delta in reply.stream]
                    if not reply.cut:
                        events.append(chunk_event("", finish_reason="stop"))
                    for event in events:
                        self.wfile.write(f"data: {json.dumps(event, ensure_ascii=False)}\n\n".encode())
                        self.wfile.flush()
                    if not reply.cut:
                        self.wfile.write(b"data: [DONE]\n\n")
                    return
                payload = completion(reply.text or "") if reply.status == 200 else {
                    "error": {"message": reply.error, "type": "error", "code": None}}
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


def five_hits() -> list[Hit]:
    texts = ["干部队伍建设要从严管理。", "人才是第一资源。", "作风建设是生命线。", "黨的建設要從嚴治黨。", "基层减负要抓实。"]
    return [
        Hit(Chunk(f"c{i}", f"d{i}", f"{i}.txt", f"标题{i}", 0, 10, 10 + len(t), t), rank=i, score=1.0 / i)
        for i, t in enumerate(texts, start=1)
    ]


def run(answerer: LLMAnswerer, question: str, hits: list[Hit]) -> tuple[list[str], Draft]:
    parts = list(answerer.stream(question, hits))
    assert isinstance(parts[-1], Draft)
    return parts[:-1], parts[-1]  # type: ignore[return-value]


"""The LLM endpoint failing: timeouts, 429/500, a stream cut midway. Bounded retries, then a clear
message; the offline answerer over the same index keeps answering."""

from __future__ import annotations

import pytest

from rag.extractive import ExtractiveAnswerer
from rag.llm_answer import LLMAnswerer
from rag.config import Settings
from rag.errors import LLMError
from rag.llm import OpenAIChat
from rag.pipeline import Pipeline
from rag.store import Store
from tests.fakes import CORPUS, HashEmbedder, put
from tests.scripted_llm import MODEL, Reply, ScriptedServer, five_hits, run

QUESTION = "干部队伍建设要怎样管理？"


def chat(server: ScriptedServer, timeout: float = 5.0, retries: int = 2) -> OpenAIChat:
    return OpenAIChat(base_url=server.url, api_key="sk-secret-key", model=MODEL, timeout=timeout, max_retries=retries)


def test_a_timeout_is_retried_a_bounded_number_of_times_then_explained(server: ScriptedServer) -> None:
    server.replies = [Reply(text="太慢了", delay=1.5) for _ in range(3)]
    with pytest.raises(LLMError, match="RAG_LLM_TIMEOUT") as error:
        run(LLMAnswerer(chat(server, timeout=0.5, retries=1)), QUESTION, five_hits())
    assert len(server.requests) == 2  # the first try and one retry, no more
    assert "sk-secret-key" not in str(error.value)


def test_429_then_500_then_success(server: ScriptedServer) -> None:
    retry_now = (("Retry-After", "0"),)
    server.replies = [
        Reply(429, error="slow down", headers=retry_now),
        Reply(500, error="boom", headers=retry_now),
        Reply(stream=("干部队伍建设要从严管理", "。[1]")),
    ]
    deltas, draft = run(LLMAnswerer(chat(server, retries=2)), QUESTION, five_hits())
    assert "".join(deltas).startswith("干部队伍建设要从严管理")
    assert len(server.requests) == 3


def test_429_every_time_gives_up_with_a_message(server: ScriptedServer) -> None:
    server.replies = [Reply(429, error="rate limited", headers=(("Retry-After", "0"),)) for _ in range(3)]
    with pytest.raises(LLMError, match="429.*RAG_ANSWERER=extractive"):
        run(LLMAnswerer(chat(server, retries=2)), QUESTION, five_hits())
    assert len(server.requests) == 3


def test_a_stream_cut_midway_is_an_error_not_a_short_answer(server: ScriptedServer) -> None:
    server.replies = [Reply(stream=("干部队伍", "建设要"), cut=True)]
    with pytest.raises(LLMError, match="cut off midway"):
        run(LLMAnswerer(chat(server)), QUESTION, five_hits())


def test_the_offline_answerer_still_answers_when_the_endpoint_fails(server: ScriptedServer, tmp_path) -> None:
    settings = Settings(data_dir=tmp_path)
    store = Store.open(settings, HashEmbedder.name, HashEmbedder.dim)
    embedder = HashEmbedder()
    for key, (source, text) in CORPUS.items():
        put(store, embedder, key, source, text)
    server.replies = [Reply(500, error="down", headers=(("Retry-After", "0"),)) for _ in range(3)]
    question = "组织部门要怎样加强干部队伍建设？"
    with pytest.raises(LLMError, match="RAG_ANSWERER=extractive"):
        Pipeline(settings, store, embedder, LLMAnswerer(chat(server, retries=2))).ask(question)
    answer = Pipeline(settings, store, embedder, ExtractiveAnswerer()).ask(question)
    assert not answer.refused
    assert [c.source for c in answer.citations] == ["干部.txt"]

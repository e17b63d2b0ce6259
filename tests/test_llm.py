"""The LLM answerer against an OpenAI-compatible server started here on 127.0.0.1 with scripted replies."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from rag.llm_answer import LLMAnswerer, MarkerFilter
from rag.chat import Condenser
from rag.config import Settings
from rag.errors import ConfigError, LLMError
from rag.llm import OpenAIChat
from rag.pipeline import Pipeline
from rag.published import UNRECORDED
from rag.store import Store
from rag.types import REFUSAL, Answer, Chunk, Document, Turn, chunk_id_for, sha256_hex
from tests.fakes import CORPUS, HashEmbedder, put
from tests.scripted_llm import MODEL, Reply, ScriptedServer, five_hits, run


def chat_for(server: ScriptedServer, key: str | None = "sk-test") -> OpenAIChat:
    return OpenAIChat(base_url=server.url, api_key=key, model=MODEL, timeout=5.0, max_retries=2)



def test_the_request_carries_the_numbered_sources(server: ScriptedServer) -> None:
    server.replies.append(Reply(stream=("人才是第一资源", "[2]。")))
    deltas, draft = run(LLMAnswerer(chat_for(server)), "什么是第一资源？", five_hits())
    assert "".join(deltas) == draft.text == "人才是第一资源[2]。"
    (request,) = server.requests
    assert request["path"] == "/v1/chat/completions" and request["auth"] == "Bearer sk-test"
    body = request["body"]
    assert body["model"] == MODEL and body["stream"] is True
    system, user = body["messages"]
    assert "[n]" in system["content"] and REFUSAL in system["content"]
    for n, hit in enumerate(five_hits(), start=1):
        assert f"[{n}] 《{hit.chunk.title}》（{hit.chunk.source}）\n{hit.chunk.text}" in user["content"]
    assert user["content"].endswith("问题：什么是第一资源？")
    assert draft.quotes[0].n == 2 and draft.quotes[0].hit == 1


def test_a_marker_pointing_at_no_source_is_never_shown(server: ScriptedServer) -> None:
    # [9] arrives split over three events; with five sources it must never reach the reader.
    server.replies.append(Reply(stream=("作风建设是生命线[3]，也要从严[", "9", "]治党[4]", "【1，9】。")))
    deltas, draft = run(LLMAnswerer(chat_for(server)), "作风建设", five_hits())
    shown = "".join(deltas)
    assert "9" not in shown
    assert shown == draft.text == "作风建设是生命线[3]，也要从严治党[4][1]。"
    assert [q.n for q in draft.quotes] == [1, 3, 4]


def test_a_server_error_is_retried_then_succeeds(server: ScriptedServer) -> None:
    server.replies += [Reply(500, error="overloaded", headers=(("retry-after-ms", "10"),)), Reply(stream=("好[1]",))]
    _, draft = run(LLMAnswerer(chat_for(server)), "问题", five_hits())
    assert draft.text == "好[1]" and len(server.requests) == 2


def test_a_refused_key_fails_at_once_with_a_clear_message(server: ScriptedServer) -> None:
    server.replies.append(Reply(401, error="Incorrect API key provided"))
    with pytest.raises(LLMError, match="API key was refused.*check OPENAI_API_KEY"):
        run(LLMAnswerer(chat_for(server, key="sk-wrong")), "问题", five_hits())
    assert len(server.requests) == 1, "a 401 is not transient: no retry"


def test_an_unknown_model_says_which_setting_to_change(server: ScriptedServer) -> None:
    server.replies.append(Reply(404, error="model not found"))
    with pytest.raises(LLMError, match=f"Model '{MODEL}' is unknown at {server.url}: set RAG_LLM_MODEL"):
        run(LLMAnswerer(chat_for(server)), "问题", five_hits())


def test_an_endpoint_that_is_down_points_at_the_offline_answerer() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed when the block ends: nothing listens there
    chat = OpenAIChat(base_url=f"http://127.0.0.1:{port}/v1", api_key=None, model=MODEL, timeout=2.0, max_retries=0)
    with pytest.raises(LLMError, match="Cannot reach .* is the server running.*RAG_ANSWERER=extractive"):
        chat.complete([{"role": "user", "content": "你好"}])


def test_a_model_refusal_is_a_refusal(server: ScriptedServer) -> None:
    server.replies.append(Reply(stream=("文档中没有", "找到相关信息。")))
    _, draft = run(LLMAnswerer(chat_for(server)), "问题", five_hits())
    assert draft.refused and draft.text == REFUSAL and draft.quotes == ()


def test_plain_completion_condenses_a_follow_up(server: ScriptedServer) -> None:
    server.replies.append(Reply(text="“张学天是哪里的干部？”"))
    previous = Answer("文章作者是谁？", "■文/張學天[1]", rewritten_question=None)
    resolved = Condenser(chat_for(server)).rewrite("他是哪里的？", [Turn.of(previous)])
    assert resolved.question == resolved.query == "张学天是哪里的干部？"
    body = server.requests[0]["body"]
    assert "stream" not in body or body["stream"] is False
    assert "用户：文章作者是谁？" in body["messages"][1]["content"]
    assert "助手：■文/張學天" in body["messages"][1]["content"]  # markers stripped from the history
    assert body["messages"][1]["content"].endswith("追问：他是哪里的？")


# -- through the pipeline --------------------------------------------------------------------------


@pytest.fixture
def tiny(tmp_path: Path) -> tuple[Settings, Store]:
    settings = Settings(data_dir=tmp_path / "index", answerer="llm", openai_base_url="http://unused")
    embedder = HashEmbedder()
    store = Store.open(settings, embedder.name, embedder.dim)
    for key, (source, text) in CORPUS.items():
        put(store, embedder, key, source, text)
    return settings, store


def test_nothing_is_sent_when_the_question_is_refused(server: ScriptedServer, tiny: tuple[Settings, Store]) -> None:
    settings, store = tiny
    chat = chat_for(server)
    pipeline = Pipeline(settings, store, HashEmbedder(), LLMAnswerer(chat), rewriter=Condenser(chat))
    answer = pipeline.ask("红烧肉怎么做？")
    assert answer.refused and answer.text == REFUSAL and answer.citations == () and answer.hits == ()
    assert server.requests == []


def _with_xining(store: Store, text: str) -> HashEmbedder:
    """`store` with one more document, 西宁.txt of one chunk, whose record names 张学天 its author
    (and gives no date); the embedder that indexed it."""
    embedder = HashEmbedder()
    doc = Document(doc_id="xining", source="西宁.txt", title="西宁组织工作", text=text, content_hash=sha256_hex(text),
                   author="张学天")
    chunk = Chunk(id=chunk_id_for("xining", doc.content_hash, 0, text), doc_id="xining", source="西宁.txt",
                  title=doc.title, index=0, start=0, end=len(text), text=text)
    store.put_document(doc, [chunk], embedder.embed_passages([text]))
    return embedder


def test_a_publication_date_the_record_lacks_is_refused_with_why_and_not_sent(
    server: ScriptedServer, tiny: tuple[Settings, Store]
) -> None:
    settings, store = tiny
    embedder = _with_xining(store, "组织工作要创新理念。")  # recorded with its author, no date
    pipeline = Pipeline(settings, store, embedder, LLMAnswerer(chat_for(server), documents=store.document))
    answer = pipeline.ask("张学天的文章是哪天发表的？")
    assert answer.refused and answer.refusal_reason == UNRECORDED and server.requests == []


def test_a_question_about_an_author_s_post_is_sent_though_it_shares_no_word_with_the_note(
    server: ScriptedServer, tiny: tuple[Settings, Store]
) -> None:
    # The answerability model alone refuses it (no word in common); the library's record says
    # the note is about 张学天, so the same refusal lets the call through, with the note as a source.
    settings, store = tiny
    embedder = _with_xining(store, "组织工作要创新理念。(作者系西宁市委常委、组织部长)")
    server.replies.append(Reply(stream=("西宁市委常委、组织部长[1]。",)))
    pipeline = Pipeline(settings, store, embedder, LLMAnswerer(chat_for(server), documents=store.document))
    answer = pipeline.ask("张学天担任什么职务？")
    assert not answer.refused and answer.text == "西宁市委常委、组织部长[1]。"
    assert answer.citations[0].doc_id == "xining" and len(server.requests) == 1
    assert "作者系西宁市委常委、组织部长" in server.requests[0]["body"]["messages"][-1]["content"]


def test_the_pipeline_streams_then_returns_validated_citations(
    server: ScriptedServer, tiny: tuple[Settings, Store]
) -> None:
    settings, store = tiny
    server.replies.append(Reply(stream=("要完善人才", "引进政策[1]", "[7]。")))
    pipeline = Pipeline(settings, store, HashEmbedder(), LLMAnswerer(chat_for(server)))
    parts = list(pipeline.ask_stream("人才引进政策"))
    answer = parts[-1]
    assert isinstance(answer, Answer) and "".join(parts[:-1]) == answer.text == "要完善人才引进政策[1]。"
    (citation,) = answer.citations
    assert citation.n == 1 and citation.doc_id == "rencai" and citation.quote == "人才是第一资源，要完善人才引进和培养政策。"
    assert set(answer.timings) == {"rewrite", "registry", "embed", "dense", "keyword", "fusion", "answer", "total"}


def test_a_question_of_two_subjects_sends_one_request_each_and_none_for_a_refused_part(
    server: ScriptedServer, tiny: tuple[Settings, Store]
) -> None:
    settings, store = tiny
    server.replies.append(Reply(stream=("要完善人才引进政策[1]。",)))
    pipeline = Pipeline(settings, store, HashEmbedder(), LLMAnswerer(chat_for(server)))
    answer = pipeline.ask("人才和红烧肉分别有什么要求？")
    (request,) = server.requests  # 红烧肉 is refused: nothing is sent for it
    assert request["body"]["messages"][-1]["content"].endswith("问题：人才有什么要求？")
    assert answer.text == f"人才有什么要求？\n要完善人才引进政策[1]。\n\n红烧肉有什么要求？\n{REFUSAL}"
    assert [c.doc_id for c in answer.citations] == ["rencai"] and not answer.refused

    server.requests.clear()
    server.replies += [Reply(stream=("要完善人才引进政策[1]。",)), Reply(stream=("要转变作风[1]。",))]
    answer = pipeline.ask("人才和作风分别有什么要求？")
    assert [r["body"]["messages"][-1]["content"].rsplit("问题：", 1)[1] for r in server.requests] == [
        "人才有什么要求？", "作风有什么要求？"]
    assert answer.text == "人才有什么要求？\n要完善人才引进政策[1]。\n\n作风有什么要求？\n要转变作风[2]。"
    assert [c.doc_id for c in answer.citations] == ["rencai", "zuofeng"]


def test_llm_chosen_but_not_configured_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        Pipeline.from_settings(Settings(data_dir=tmp_path, answerer="llm"))


def test_marker_filter_holds_back_only_what_may_be_a_marker() -> None:
    markers = MarkerFilter(sources=2)
    assert markers.feed("见[") == "见"
    assert markers.feed("2") == ""
    assert markers.feed("]与[注]") == "[2]与[注]"
    assert markers.feed("和[3") == "和"
    assert markers.flush() == "[3"  # an unfinished bracket at the end is text, not a marker

"""The learned answer step: the shipped ranker and answerability models on tiny examples (the walker: test_trees.py)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from rag.config import Settings
from rag.llm_answer import LLMAnswerer
from rag.pipeline import Pipeline
from rag.question import analyse
from rag.rank import AnswerModel, on_scale, passage_score, shipped
from rag.store import Store
from rag.types import REFUSAL, Chunk, Document, chunk_id_for, sha256_hex
from tests.fakes import MUSIC, PENN, HashEmbedder, hit


def test_the_ranker_prefers_the_sentence_that_names_the_answer() -> None:
    ranked = shipped().rank("宾夕法尼亚大学是哪一年创建的？", [MUSIC, PENN])
    assert ranked.sentences[0].text == "学校由本杰明·富兰克林创建于1740年。"
    assert [h.chunk.doc_id for h in ranked.hits] == ["penn", "music"] and [h.rank for h in ranked.hits] == [1, 2]
    assert not ranked.refuse


def test_traditional_text_holds_its_dates_and_numbers() -> None:
    """What a sentence holds is read on its Simplified fold: 世紀 is a period, 兩萬 a number."""
    from rag.features import FEATURES, features

    column = {name: i for i, name in enumerate(FEATURES)}
    city = [hit(1, "city", "古城", "該城建於公元前5世紀。城中居民約有兩萬人。", 5.0, 0.8)]
    when = features(analyse("該城建於哪個世紀？"), city)
    assert when[:, column["date_new"]].tolist() == [2.0, 0.0]  # 公元前 and 5世紀 (the pattern's 世纪)
    how_many = features(analyse("城中有多少居民？"), city)
    assert how_many[:, column["num_new"]].tolist() == [1.0, 1.0]  # 5世 and 兩萬人 (the pattern's 两)
    assert how_many[:, column["type_agrees"]].tolist() == [1.0, 1.0]


def test_a_question_whose_article_is_absent_is_refused() -> None:
    # The library has other 雀鲷 (damselfish), not 霓虹雀鲷: the question shares their frame only.
    blue = hit(1, "blue", "蓝雀鲷", "蓝雀鲷为热带海水鱼，分布于印度洋及西太平洋区。本鱼俗名为蓝魔鬼，体长可达8公分。", 9.0, 0.86)
    yellow = hit(2, "yellow", "黄尾雀鲷", "黄尾雀鲷分布于西太平洋区，栖息于珊瑚礁。本鱼俗名为黄尾蓝魔，体长可达10公分。", 8.0, 0.85)
    model = shipped()
    assert model.rank("霓虹雀鲷的俗名是什么？", [blue, yellow]).refuse
    answered = model.rank("蓝雀鲷的俗名是什么？", [blue, yellow])
    assert not answered.refuse and "蓝魔鬼" in answered.sentences[0].text


class RecordingChat:
    """A chat model that answers from a script and remembers every request."""

    def __init__(self, reply: str) -> None:
        self.reply = reply
        self.requests: list[Sequence[dict]] = []

    def stream(self, messages: Sequence[dict]) -> Iterator[str]:
        self.requests.append(messages)
        yield self.reply

    def complete(self, messages: Sequence[dict]) -> str:
        self.requests.append(messages)
        return self.reply


def llm_pipeline(tmp_path: Path, chat: RecordingChat, **settings: object) -> Pipeline:
    config = Settings(data_dir=tmp_path / "index", **settings)
    embedder = HashEmbedder()
    store = Store.open(config, embedder.name, embedder.dim)
    text = "宾夕法尼亚大学是美国一所私立研究型大学。学校由本杰明·富兰克林创建于1740年。"
    doc = Document("penn", "penn.md", "宾夕法尼亚大学", text, sha256_hex(text), author="张学天", date="2013-03-12",
                   publisher="人民网", affiliation="西宁市委常委、组织部长")
    chunk = Chunk(chunk_id_for("penn", doc.content_hash, 0, text), "penn", "penn.md", doc.title, 0, 0, len(text), text)
    store.put_document(doc, [chunk], embedder.embed_passages([text]))
    return Pipeline(config, store, embedder, LLMAnswerer(chat, documents=store.document))


def test_the_llm_request_carries_each_sources_title_author_date_and_source(tmp_path: Path) -> None:
    chat = RecordingChat("宾夕法尼亚大学创建于1740年。[1]")
    answer = llm_pipeline(tmp_path, chat, min_relevance=0.0).ask("宾夕法尼亚大学是哪一年创建的？")
    assert not answer.refused and answer.citations[0].doc_id == "penn"
    [request] = chat.requests
    assert "[1] 《宾夕法尼亚大学》，西宁市委常委、组织部长 张学天，2013-03-12，人民网（penn.md）\n" in request[-1]["content"]


def test_a_footnote_in_a_source_reaches_the_llm_in_full_width_brackets() -> None:
    from rag.llm_answer import prompt_messages

    noted = replace(PENN, chunk=replace(PENN.chunk, text="宾夕法尼亚大学创建于1740年[2]。"))
    content = prompt_messages("宾夕法尼亚大学是哪一年创建的？", [noted])[-1]["content"]
    # [1] numbers the source; the source's own [2] must not read as source 2.
    assert "[1] 《宾夕法尼亚大学》" in content and "创建于1740年［2］。" in content and "[2]" not in content


def test_nothing_is_sent_to_the_llm_when_refused(tmp_path: Path) -> None:
    chat = RecordingChat("不该被调用。[1]")
    answer = llm_pipeline(tmp_path, chat, min_relevance=1.01).ask("宾夕法尼亚大学是哪一年创建的？")
    assert answer.refused and answer.text == REFUSAL and chat.requests == []


def test_a_question_the_library_cannot_answer_never_reaches_the_llm(tmp_path: Path) -> None:
    chat = RecordingChat("不该被调用。[1]")
    answer = llm_pipeline(tmp_path, chat).ask("霓虹雀鲷的俗名是什么？")  # the model's own threshold
    assert answer.refused and chat.requests == []


def _with_rule(meta: dict) -> AnswerModel:
    """The shipped trees with `meta` in place of the answerability model's sentence rule."""
    model = shipped()
    kept = {k: v for k, v in model.answerable_model.meta.items() if k not in ("sentence", "sentence_embedder")}
    return AnswerModel(model.ranker, replace(model.answerable_model, meta=kept | meta))


def test_a_sentence_question_is_judged_by_the_rule_and_a_short_one_by_the_probability() -> None:
    # score = sigmoid(logit(p) + 0 * relevance + 10 * dense - 5) against 0.5: dense 0.5 is the boundary.
    model = _with_rule({"sentence": [1.0, 0.0, 10.0, -5.0, 0.5], "sentence_embedder": "e5"})
    why, who = analyse("费城交响乐团为什么常在费城演出？"), analyse("谁创建了宾夕法尼亚大学？")
    assert model.decision(why, 0.5, 0.9, dense=0.6, threshold=0.2) > 0.2
    assert model.decision(why, 0.5, 0.9, dense=0.4, threshold=0.2) < 0.2
    assert model.decision(who, 0.3, 0.0, dense=0.0, threshold=0.2) == 0.3


def test_a_sentence_questions_score_is_mapped_onto_the_probabilitys_scale_keeping_its_order() -> None:
    # Its own cut-off 0.1 lands on the threshold 0.2; 0 and 1 stay where they are, linear between.
    assert [on_scale(s, 0.1, 0.2) for s in (0.0, 0.05, 0.1, 0.55, 1.0)] == pytest.approx([0.0, 0.1, 0.2, 0.6, 1.0])
    model = _with_rule({"sentence": [1.0, 0.0, 10.0, -5.0, 0.5], "sentence_embedder": "e5"})
    why = analyse("费城交响乐团为什么常在费城演出？")
    scores = [model.decision(why, 0.5, 0.9, dense=d, threshold=0.2) for d in (0.0, 0.4, 0.5, 0.6, 1.0)]
    assert scores == sorted(scores) and all(0.0 <= s <= 1.0 for s in scores)
    assert scores[2] == pytest.approx(0.2)  # dense 0.5: the rule's own boundary


def test_a_passage_is_scored_by_its_best_sentence_and_a_share_of_its_second() -> None:
    assert passage_score([1.0, 0.5, -3.0]) == pytest.approx(1.0 + 0.4 * 0.5)
    assert passage_score([1.0]) == pytest.approx(1.0 + 0.4 * (1.0 - 2.0))  # one sentence: a second 2 under
    # Two sentences that answer outrank one a little better and nothing else.
    assert passage_score([0.9, 0.8]) > passage_score([1.0, -1.0])


def test_without_a_rule_or_dense_scores_the_relevance_cut_off_judges_sentence_questions() -> None:
    why = analyse("费城交响乐团为什么常在费城演出？")
    for model, dense in ((_with_rule({}), 0.9), (_with_rule({"sentence": [1.0, 0.0, 10.0, -5.0, 0.5]}), None)):
        assert model.decision(why, 0.9, 0.31, dense=dense, threshold=0.2) > 0.2
        assert model.decision(why, 0.9, 0.29, dense=dense, threshold=0.2) < 0.2

"""Which quoted sentence the short answer is read from (`rag.choice`), with the shipped models."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence

import numpy as np
import pytest

from rag.choice import ELSEWHERE, FEATURES, MODEL_PATH, Option, Quoted, SpanChoice, options, rows
from rag.errors import ModelError
from rag.extractive import ExtractiveAnswerer
from rag.question import analyse
from rag.rank import shipped
from rag.span import ShortAnswer, SpanModel
from rag.trees import Trees
from tests.fakes import PENN, hit


@functools.cache
def span_model() -> SpanModel:
    return SpanModel.load()


@functools.cache
def choice() -> SpanChoice:
    return SpanChoice.load()


def chosen(question: str, sentences: Sequence[str]) -> ShortAnswer | None:
    """The short answer of `sentences` quoted in one run, the ranker's best first."""
    quoted = [Quoted(text, i, 1.0 - i, True, i) for i, text in enumerate(sentences)]
    return choice().choose(options(span_model(), analyse(question), quoted))


def test_the_sentence_that_names_the_answer_beats_the_best_one_that_repeats_the_question() -> None:
    # DRCD dev: the ranker's best sentence repeats the question and gives 一份聲明; the treaty is
    # named in the sentence quoted after it. Read best first, it was answered 一份聲明.
    question = "北京政府發布聲明，譴責外蒙古企圖分裂中華民國的行徑，主要是因為外蒙古和俄國簽訂哪一條約?"
    sentences = ["北京政府發布了一份聲明，譴責外蒙古企圖分裂中華民國的行徑，不承認外蒙古的獨立。",
                 "11月25日外蒙古建立人民革命政權，並與蘇聯在1922年訂立了《蘇蒙修好條約》。"]
    found = chosen(question, sentences)
    assert found is not None and (found.sentence, found.text) == (1, "蘇蒙修好條約")


def test_a_best_sentence_with_nothing_of_the_kind_gives_way_to_its_neighbour() -> None:
    # 是富国银行总部之一… shares the question's words but holds no year: the year is the sentence
    # before it in the passage (nearest), not the later 1998年 the span model scores higher.
    sentences = ["是富国银行总部之一，亦是第三高楼。", "建于1988年，楼高54层。", "1998年，大厦改名为富国银行广场。"]
    found = chosen("富国银行广场建于哪一年？", sentences)
    assert found is not None and (found.sentence, found.text) == (1, "1988年")
    # A where-question's answer holds a place: 建築物 of the best sentence is none.
    found = chosen("哪一個國家的佛教藝術的材料是以木材為主，配以油漆及光漆作粉飾?",
                   ["建築物與雕塑採用的材料以木材為主，配以油漆及光漆作粉飾。", "寮國的佛教藝術的發展與鄰近地區包括泰國有密切關係。"])
    assert found is not None and (found.sentence, found.text) == (1, "寮國")


def test_a_sentence_that_is_its_own_answer_is_returned_whole() -> None:
    found = chosen("乙酰胺是什么？", ["乙酰胺是由乙酸衍生出的酰胺，分子式为CH3CONH2。", "纯品为白色晶状固体。"])
    assert found is not None and found.whole and found.sentence == 0


def test_nothing_of_the_kind_anywhere_is_no_short_answer() -> None:
    assert chosen("目前学校有几个校区？", ["学校现有新民校区、凤岭校区和东盟校区。", "学校历史悠久。"]) is None
    assert choice().choose([]) is None


def test_a_line_that_is_a_date_alone_and_says_nothing_asked_gives_way_to_a_sentence_that_does() -> None:
    # A notice's closing date under its signature, quoted after the point that gives the deadline:
    # the span model scores a line that is all date higher than 3月15日前 of the point.
    sentences = ["六、报名方式：请各单位于3月15日前将参训人员名单报办公室孙丽，联系电话：6543211。", "2027年3月8日"]
    found = chosen("报名截止时间是什么时候？", sentences)
    assert found is not None and (found.sentence, found.text) == (0, "3月15日")
    # Alone, it is still read: nothing else is quoted.
    found = chosen("报名截止时间是什么时候？", sentences[1:])
    assert found is not None and found.text == "2027年3月8日"


@pytest.mark.parametrize(("question", "answer"), [("谁负责宣传部？", "王五"), ("宣传部分管什么？", "新闻工作")])
def test_a_table_row_naming_what_the_question_names_beats_the_best_ranked_row(
    question: str, answer: str
) -> None:
    # The span model's options alone (the answerer asks rag.cells first): reading both rows, it
    # gave 组织部, of the best-ranked row.
    found = chosen(question, ["部门：组织部 | 负责：李四 | 分管：人才工作", "部门：宣传部 | 负责：王五 | 分管：新闻工作"])
    assert found is not None and (found.sentence, found.text) == (1, answer)


def test_the_rows_say_where_each_option_stands() -> None:
    quoted = [Quoted("该校历史悠久。", 0, 2.0, True, 0), Quoted("该校创建于1740年。", 1, 1.5, True, 1),
              Quoted("另一所学校创建于1755年。", 2, 0.5, False, ELSEWHERE)]
    found = options(span_model(), analyse("该校创建于哪一年？"), quoted)
    assert [o.quoted.rank for o in found] == [1, 2]  # 历史悠久 holds no year: no option
    x = rows(found)
    assert x.shape == (2, len(FEATURES))
    column = dict(zip(FEATURES, x.T))
    # Gaps are to the best among the options: the ranker's best sentence held none.
    assert column["ranker_gap"].tolist() == [0.0, 1.0]
    assert column["first"].tolist() == [1.0, 0.0] and column["in_best_run"].tolist() == [1.0, 0.0]
    assert column["distance"].tolist() == [1.0, ELSEWHERE]


def test_the_answerer_shows_the_choice_the_best_run_first_then_the_others_in_rank_order() -> None:
    seen: list[Option] = []

    class Recorder:
        def choose(self, found: Sequence[Option]) -> ShortAnswer | None:
            seen.extend(found)
            return None

    other = hit(2, "yale", "耶鲁大学", "耶鲁大学是美国一所私立研究型大学，创建于1701年。", 6.0, 0.80)
    answerer = ExtractiveAnswerer(model=shipped(), choice=Recorder())
    draft = answerer.draft("宾夕法尼亚大学是哪一年创建的？", [PENN, other])
    assert draft.short is None  # the recorder answers nothing: the sentences alone
    assert seen and seen[0].quoted.in_best_run and "1740年" in seen[0].quoted.text
    ranks = [o.quoted.rank for o in seen if not o.quoted.in_best_run]
    assert ranks == sorted(ranks) and all(o.quoted.distance == ELSEWHERE for o in seen if not o.quoted.in_best_run)


def test_a_model_of_other_features_is_refused_with_how_to_retrain() -> None:
    trees = Trees.load(MODEL_PATH)
    other = dataclasses.replace(trees, names=(*trees.names[:-1], "something else"))
    with pytest.raises(ModelError, match="rag train --only choice"):
        SpanChoice(other)
    assert np.isfinite(trees.predict(np.zeros((1, len(FEATURES))))).all()

"""Parallel items inside one sentence answer the which-ones question that names their ending."""

from __future__ import annotations

import pytest

from rag.items import Asked, asked_items, counted_name, item_run


def run_of(question: str, sentence: str) -> str | None:
    asked = asked_items(question)
    at = item_run(asked, sentence) if asked else None
    return sentence[at[0] : at[1]] if at else None


@pytest.mark.parametrize(
    ("question", "sentence", "run"),
    [
        # The first item starts after the verb before it; the last ends at the shared ending.
        ("乌审旗要坚持哪三个导向？", "烏審旗將堅持目標導向、問題導向、結果導向相統一,把狠抓工作落實", "目標導向、問題導向、結果導向"),
        ("乌审旗要坚持哪些导向？", "烏審旗將堅持目標導向、問題導向、結果導向相統一", "目標導向、問題導向、結果導向"),
        # A 的 the next item holds too is the first item's own (it was cut to 問題).
        ("西宁市委组织部抓住哪些问题？", "市委組織部緊緊抓住干部群眾反映強烈的問題、組織工作面臨的難點問題、干部隊伍中存在的突出問題,找准切入點",
         "干部群眾反映強烈的問題、組織工作面臨的難點問題、干部隊伍中存在的突出問題"),
        # Items in 《》: the first starts at its opening bracket.
        ("西宁市有哪两个考核办法？", "制定出台《西寧市日常工作考核督查辦法》、《西寧市年度目標任務考核問責辦法》,通過日常考核",
         "《西寧市日常工作考核督查辦法》、《西寧市年度目標任務考核問責辦法》"),
        # Two items, an ending of one character the question names (CMRC 2018 trial).
        ("戴尔·罗素提出扁掌龙亚科包含哪两个族？", "戴尔·罗素提出扁掌龙亚科包含扁掌龙族、倾齿龙族两个族", "扁掌龙族、倾齿龙族"),
        # Items the clause sums up with their count and the name asked (三件大事); a verbal noun
        # (建设) ends an item, it does not start the text before it.
        ("西宁组织工作要抓好哪三件大事？",
         "突出抓好領導班子思想政治建設、新一輪“基層組織建設年”活動、機關干部聯系群眾服務基層三件大事,",
         "領導班子思想政治建設、新一輪“基層組織建設年”活動、機關干部聯系群眾服務基層"),
        ("哪两件大事？", "抓好甲工作、乙工作三件大事", None),  # a count that is not the items'
        # The last item joined by 和, 及, 以及 is an item (it was left out: 目标导向、问题导向).
        ("要坚持哪些导向？", "要坚持目标导向、问题导向和结果导向，推动工作落实。", "目标导向、问题导向和结果导向"),
        ("要坚持哪三个导向？", "要坚持目标导向、问题导向和结果导向，推动工作落实。", "目标导向、问题导向和结果导向"),
        ("要坚持哪两个导向？", "要坚持目标导向、问题导向和结果导向，推动工作落实。", None),
        ("差旅费包括哪些费？", "包括城市间交通费、住宿费、伙食补助费以及市内交通费。", "交通费、住宿费、伙食补助费以及市内交通费"),
        ("要抓好哪三件大事？", "机关干部联系群众、服务基层和推动发展三件大事", "联系群众、服务基层和推动发展"),
        # As many items as asked, or none.
        ("乌审旗要坚持哪两个导向？", "烏審旗將堅持目標導向、問題導向、結果導向相統一", None),
        # An ending the question does not name (地 is not 地区), and no shared ending at all.
        ("蓍分布在哪些地区？", "生于山坡草地、荒地等处", None),
        ("会讲哪些语言？", "他精通英语、法语和意大利语", None),
    ],
)
def test_the_run_of_items_a_question_names(question: str, sentence: str, run: str | None) -> None:
    assert run_of(question, sentence) == run


def test_only_which_ones_questions_name_an_ending() -> None:
    assert asked_items("乌审旗要坚持哪三个导向？") == Asked("导向", 3)
    assert asked_items("西宁市有哪些考核办法？") == Asked("考核办法", None)
    assert asked_items("乌审旗坚持什么导向？") is None
    # How many, then what they are: the items (not one span of them, answered 問題導向 before).
    assert asked_items("烏審旗抓落實的三個導向是什麼？") == Asked("导向", 3)
    assert asked_items("西宁市出台的两个考核办法分别是什么") == Asked("考核办法", 2)
    assert asked_items("三个导向的关系是什么？") is None  # something about them, not which they are
    # Asked to list them, by a request that ends with their name.
    assert asked_items("请列出乌审旗的三个导向") == Asked("导向", 3)
    assert asked_items("列举乌审旗的三个导向和它们的关系") is None


def test_a_quoted_name_that_counts_its_items_asks_for_them() -> None:
    # “三个导向” counts the items that share 导向; “三区两地” and “五个更加注重” are coined names
    # that only a list of their parts unpacks.
    assert counted_name("三个导向") == Asked("导向", 3)
    assert counted_name("三件大事") == Asked("大事", 3)
    assert counted_name("三区两地") is None and counted_name("五个更加注重") is None
    # A run cut inside a quote (the second "item" 坚决做到“) is no list of items.
    assert item_run(counted_name("两个维护"), "深刻领悟“两个确立”、坚决做到“两个维护”") is None

"""rag.lists' reading of one sentence: whether it announces the list a question asks for, and
whether it only lists a name beside others."""

from __future__ import annotations

import pytest

from rag.lists import announces_asked, numbered, only_listed, unnumbered

PRINCIPLES = "为基层减负,释放基层党员干部的热情和活力,需要把握好三条原则。"


@pytest.mark.parametrize(
    ("question", "lead", "announces"),
    [
        ("为基层减负的原则是什么？", PRINCIPLES, True),
        ("为基层减负要把握什么原则？", PRINCIPLES, True),
        ("基層減負的原則有哪些？", PRINCIPLES, True),  # folded
        ("谁提出了这些原则？", PRINCIPLES, False),  # asks for a person
        ("为基层减负的意义是什么？", PRINCIPLES, False),  # counts no 意义
        ("为基层减负的原则是什么？", "为基层减负要坚持原则。", False),  # names it, counts nothing
        ("乡里制的特点是什么？", "其特点主要有以下三点：第一，职官与长者并用。", True),  # names it, then counts
        ("乡里制的特点是什么？", "其特点如下：", True),
        ("乡里制的特点是什么？", "其特点鲜明，历经三个朝代。", False),  # counts in another clause
    ],
)
def test_a_sentence_that_counts_what_the_question_asks_for(question: str, lead: str, announces: bool) -> None:
    assert announces_asked(question, lead) is announces


@pytest.mark.parametrize(
    ("name", "text", "listed"),
    [
        ("321引才工程", "實施好“321引才工程”和“年輕干部培育計劃”,結合換屆優化結構。", True),
        ("年轻干部培育计划", "實施好“321引才工程”和“年輕干部培育計劃”,結合換屆優化結構。", True),
        ("321引才工程", "“321引才工程”即每年引進3名博士、20名碩士、100名本科生。", False),
        ("绣花功夫", "组工干部要学会“绣花功夫”,把组织工作一招一式练好。", False),
        ("乡里制", "乡里制，是中国古代农村社会基层组织体系。", False),  # unquoted
        ("海北方案", "一年来，海北组织工作通过研机析理提出了一些解决问题的办法。", False),  # not mentioned
    ],
)
def test_a_name_listed_beside_others(name: str, text: str, listed: bool) -> None:
    assert only_listed(name, text) is listed


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("三、报价要求", "报价要求"),
        ("1. 合同总金额为人民币陆万捌仟元整。", " 合同总金额为人民币陆万捌仟元整。"),
        ("（二）重点支出保障有力。", "重点支出保障有力。"),
        ("8.6%", "8.6%"),  # a decimal, no point's number
        ("3.5亿元的投资", "3.5亿元的投资"),
    ],
)
def test_a_point_s_words_past_its_number(text: str, words: str) -> None:
    assert unnumbered(text) == words
    assert numbered(text) is (words != text)

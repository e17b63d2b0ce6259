"""Question analysis: the expected answer kind, whether a short span answers, and the content terms."""

from __future__ import annotations

import pytest

from rag.question import Expect, analyse


@pytest.mark.parametrize(
    ("question", "expect"),
    [
        ("西宁市的组织部长是谁？", Expect.PERSON),
        ("《画山水序》的作者是哪位？", Expect.PERSON),
        ("學校創建於哪一年？", Expect.TIME),
        ("吠陀梵語大約到何時開始演變成古典梵語？", Expect.TIME),
        ("松平康忠是什么时期的武将？", Expect.TIME),
        ("它的体长可达多少？", Expect.NUMBER),
        ("该队共有几名球员？", Expect.NUMBER),
        ("该公司的总部位于哪个城市？", Expect.PLACE),
        ("主要祭祀陳氏的寺廟建於哪裡？", Expect.PLACE),
        ("霓虹雀鲷的俗名是什么？", Expect.NAME),
        ("這種魚被稱為什麼？", Expect.NAME),
        ("哪一本書規範了梵語的正確語法？", Expect.NAME),
        ("印度教的最早宗教文本以什麼語言撰寫？", Expect.ENTITY),
        ("尤金袋鼠为什么会被认为是害虫？", Expect.DESCRIPTION),
        ("威武陳元帥是怎麼死的？", Expect.DESCRIPTION),
        ("政府采取了什么措施？", Expect.DESCRIPTION),
        ("尤金袋鼠分布在哪些地区？", Expect.LIST),
    ],
)
def test_expectation(question: str, expect: Expect) -> None:
    assert analyse(question).expect is expect


def test_short_answers_for_factoids_only() -> None:
    assert analyse("西宁市的组织部长是谁？").wants_short
    assert analyse("它的体长可达多少？").wants_short
    assert not analyse("尤金袋鼠为什么会被认为是害虫？").wants_short
    assert not analyse("尤金袋鼠分布在哪些地区？").wants_short


def test_terms_are_folded_without_question_words() -> None:
    info = analyse("學校創建於哪一年？")
    assert info.terms == ("学校", "创建", "年")
    assert info.cue == "哪一年"
    assert analyse("西宁市的组织部长是谁？").terms == ("西宁市", "组织部长")


def test_which_n_kinds_asks_for_a_list():
    assert analyse("文章主张事先定下哪三样东西？").expect is Expect.LIST
    assert analyse("要求不断提高哪三种政治能力？").expect is Expect.LIST
    assert analyse("他是哪一年出生的？").expect is Expect.TIME

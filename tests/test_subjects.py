"""A question that asks one thing of several subjects is split into one question per subject."""

from __future__ import annotations

import pytest

from rag.subjects import split_subjects


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("海北州和西宁市的组织部长分别是谁？", ["海北州的组织部长是谁？", "西宁市的组织部长是谁？"]),
        ("西宁和乌审旗在引进人才上各有什么做法？", ["西宁在引进人才上有什么做法？", "乌审旗在引进人才上有什么做法？"]),
        ("西宁市、海北州和乌审旗分别有什么做法？", ["西宁市有什么做法？", "海北州有什么做法？", "乌审旗有什么做法？"]),
        ("張學天與司吉昇分別擔任什麼職務？", ["張學天擔任什麼職務？", "司吉昇擔任什麼職務？"]),  # the question's script
        ("男子和女子的平均年收入分别是多少？", ["男子的平均年收入是多少？", "女子的平均年收入是多少？"]),  # CMRC 2018 trial
        # A regulation's articles by their numbers (were no subjects: jieba tags 第三条 a numeral).
        ("第三条和第四条分别讲了什么？", ["第三条讲了什么？", "第四条讲了什么？"]),
        ("第3条和第12条分别规定了什么？", ["第3条规定了什么？", "第12条规定了什么？"]),
    ],
)
def test_a_question_of_several_subjects_is_asked_of_each(question: str, parts: list[str]) -> None:
    assert split_subjects(question) == parts


@pytest.mark.parametrize(
    "question",
    [
        "海北和乌审旗的文章都要求不断提高哪三种政治能力？",  # 都: one answer for both
        "摄影开始和结束的时间分别是什么时候？",  # verbs, not subjects
        "印度野驴与非洲野驴的分别是什么？",  # 分别, the difference
        "乌审旗“321引才工程”中的3、2、1分别指什么？",  # the parts of a name
        "南加大文理科學學院、研究所以及幾個專業學校分別各由一位學院院長負責?",  # the list goes on
        "对于软弱涣散的党组织，各篇文章分别提出了什么办法？",  # no subjects side by side
        "西宁市的组织部长是谁？",
    ],
)
def test_other_questions_are_asked_whole(question: str) -> None:
    assert split_subjects(question) == [question]

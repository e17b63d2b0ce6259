"""The article, section or chapter of a regulation a question names by its number (`rag.articles`)."""

from __future__ import annotations

import pytest

from ingest.pipeline import ingest_paths
from rag.articles import an_article_answers, article_asked, ends, level_asked, opening_number, opens
from rag.config import Settings
from rag.pipeline import Pipeline
from rag.types import Turn
from tests.fakes import HashEmbedder

TITLE = "海北州委组织部机关考勤管理办法"
ARTICLES = [
    "第一章 总则",
    "第一条 为加强机关作风建设，严肃工作纪律，根据有关规定，制定本办法。",
    "第二条 本办法适用于部机关全体干部职工。",
    "第二章 作息与请假",
    "第三条 工作日上午8:30上班，12:00下班；下午14:30上班，18:00下班。",
    "第四条 干部职工请假，须填写请假单。请假1天以内的，由科室负责人批准；请假1天以上3天以内的，由分管副部长批准；"
    "请假3天以上的，由部长批准。",
    "第五条 病假须附医院证明。事假全年累计不得超过15天。",
    "第三章 考核与奖惩",
    "第六条 考勤结果纳入年度考核。全年无迟到、早退、旷工的，年度考核时予以加分。",
    "第七条 旷工1天的，扣发当月绩效奖金；旷工3天以上的，给予通报批评。",
    "第四章 附则",
    "第八条 本办法由部办公室负责解释。",
    "第九条 本办法自2024年1月1日起施行。",
]


@pytest.mark.parametrize(
    ("question", "number"),
    [
        ("第四条是什么内容？", "第四条"),
        ("第4条规定了什么？", "第4条"),
        ("第九条？", "第九条"),
        ("第二章讲了什么？", "第二章"),
        ("考勤管理办法第五条怎么说？", "第五条"),  # a part of the document's title is no more asked
        ("第四条规定请假3天以上由谁批准？", None),  # a thing asked of it
        ("请假需要谁批准？", None),  # no number
    ],
)
def test_a_number_asked_for_whole(question: str, number: str | None) -> None:
    assert article_asked(question, TITLE) == number


def test_what_opens_and_ends_an_article() -> None:
    assert opens("第四条", "第四条干部职工请假") and opens("第4条", "第四条干部职工请假")
    assert not opens("第四条", "第四十条") and not opens("第四条", "第四章附则")
    assert ends("第四条", "第五条病假须附医院证明", heading=False)
    assert ends("第四条", "第三章考核与奖惩", heading=True)
    assert not ends("第二章", "第五条病假须附医院证明", heading=False)  # a chapter's own articles
    assert ends("第二章", "第三章考核与奖惩", heading=True)
    assert ends("第九条", "海北州委组织部", heading=True)  # a closing line


def test_a_passage_opening_the_article_asked_answers() -> None:
    text = "\n\n".join(ARTICLES[7:10])
    assert an_article_answers("第三章规定了什么？", [(TITLE, text)])
    assert not an_article_answers("第二章规定了什么？", [(TITLE, text)])


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    root = tmp_path_factory.mktemp("articles")
    (root / "docs").mkdir()
    (root / "docs" / "考勤管理办法.txt").write_text(TITLE + "\n\n" + "\n\n".join(ARTICLES) + "\n", encoding="utf-8")
    settings = Settings(data_dir=root / "index", chunk_tokens=120)
    ingest_paths(settings, [str(root / "docs")], embedder=HashEmbedder())
    return Pipeline.from_settings(settings, embedder=HashEmbedder())


@pytest.mark.parametrize(
    ("question", "quoted"),
    [
        # Was its first sentence alone.
        ("第四条是什么内容？", [ARTICLES[5]]),
        # At the default chunk size, was the end of 第六条 with it.
        ("第七条规定了什么？", [ARTICLES[9]]),
        # A chapter to the next, read on into the passage after its own (第三章 was refused, 第二章
        # stopped inside 第三条).
        ("第三章规定了什么？", ARTICLES[7:10]),
        ("第二章讲了什么？", ARTICLES[3:7]),
    ],
)
def test_the_whole_article_is_quoted(pipeline: Pipeline, question: str, quoted: list[str]) -> None:
    answer = pipeline.ask(question)
    said = "\n\n".join(c.quote for c in answer.citations)
    assert [line for line in said.split("\n") if line.strip()] == quoted


def test_a_time_of_a_rule_is_answered_whole(pipeline: Pipeline) -> None:
    answer = pipeline.ask("下午几点上班？")
    assert answer.short_answer is not None and answer.short_answer.text == "14:30"  # was 30上班


@pytest.mark.parametrize(
    ("question", "short"),
    [
        ("请假两天谁批准？", "副部长"),  # was 科室负责人, of the first clause, then 部长 of 副部长
        ("请假5天谁批准？", "部长"),  # was 科室负责人
        ("请假半天谁批准？", "科室负责人"),
    ],
)
def test_a_rule_s_clause_whose_range_holds_the_quantity_asked_answers(
    pipeline: Pipeline, question: str, short: str
) -> None:
    answer = pipeline.ask(question)
    assert answer.short_answer is not None and answer.short_answer.text == short


def test_a_range_the_question_sets_itself_picks_the_clause_that_sets_it(pipeline: Pipeline) -> None:
    answer = pipeline.ask("请假3天以上由谁批准？")
    # Was 分管副部长, of the clause ending at 3天 (its range holds 3天 too).
    assert answer.short_answer is not None and answer.short_answer.text == "部长"


def test_a_follow_up_naming_another_article_is_answered_with_it(pipeline: Pipeline) -> None:
    first = pipeline.ask("第四条是什么内容？")
    answer = pipeline.ask("第五条呢？", [Turn.of(first)])
    assert answer.rewritten_question == "第五条是什么内容？"  # was 第四条是什么内容，第五条呢？
    assert [c.quote for c in answer.citations] == [ARTICLES[6]]


def test_the_passage_holding_the_short_answer_is_quoted_first(pipeline: Pipeline) -> None:
    answer = pipeline.ask("上午几点上班？")
    assert answer.short_answer is not None and answer.short_answer.text == "8:30"
    # Was quoted after 第二条, which comes before it in the document (since session 48, 几点 asking the
    # hour, the article is quoted alone).
    assert answer.text.startswith("8:30[1]\n\n第三条") and answer.citations[0].quote.startswith("第三条")


def test_an_article_is_no_item_of_a_list_of_headings(pipeline: Pipeline) -> None:
    """本办法适用于哪些人: 第二条 is the rule that answers; short and comma-free, it was read as a heading
    and listed with 第二章 作息与请假, the two "things" it applies to."""
    answer = pipeline.ask("本办法适用于哪些人？")
    assert not answer.text.startswith("1. ")
    assert answer.citations[0].quote.startswith(ARTICLES[2])


def test_articles_asked_of_each_are_quoted_each_whole(pipeline: Pipeline) -> None:
    """第三条和第四条分别讲了什么 was refused: each is asked and answered as if alone, in turn."""
    answer = pipeline.ask("第三条和第四条分别讲了什么？")
    quoted = [line for c in answer.citations for line in c.quote.split("\n") if line.strip()]
    assert quoted == [ARTICLES[4], ARTICLES[5]]



def test_which_part_is_asked_and_where_a_sentence_opens_one() -> None:
    assert level_asked("请假审批在第几条？") == "条" and level_asked("病假的规定是哪一条？") == "条"
    assert level_asked("旷工的处理规定在第几章？") == "章" and level_asked("请假需要谁批准？") is None
    assert opening_number("第四条 干部职工请假，须填写请假单。", "条") == (0, 3)
    assert opening_number("第十二条 本办法自发布之日起施行。", "条") == (0, 4)
    assert opening_number("第三章 考核与奖惩", "条") is None  # another level
    assert opening_number("根据第四条的规定，……", "条") is None  # named, not opened


@pytest.mark.parametrize(
    ("question", "short"),
    [
        ("请假由谁批准在第几条？", "第四条"),  # was 3天
        ("事假全年累计不得超过15天是哪一条？", "第五条"),  # was 第五条 病假; the sentence after its opening
        ("旷工3天以上给予通报批评在第几章？", "第三章"),  # its heading in a passage before the sentence's
    ],
)
def test_which_article_or_chapter_says_it_is_answered_with_its_number(
    pipeline: Pipeline, question: str, short: str
) -> None:
    answer = pipeline.ask(question)
    assert answer.short_answer is not None and answer.short_answer.text == short
    assert answer.citations[answer.short_answer.n - 1].quote.startswith(short)

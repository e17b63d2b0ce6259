"""Questions about the library itself: which documents it holds and who wrote them, from its record."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pipeline import ingest_paths
from rag.answer import Quote, cite
from rag.config import Settings
from rag.library import LISTED, LibraryQuestion, library_asked, listing
from rag.pipeline import Pipeline
from rag.text import fold_t2s
from rag.types import Chunk, DocumentInfo, Turn
from tests.conftest import CORPUS
from tests.fakes import FakeChat, with_chat


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("文库里有哪些文章？", LibraryQuestion.DOCUMENTS),
        ("文庫裡有幾篇文章", LibraryQuestion.DOCUMENTS),
        ("有哪些文档？", LibraryQuestion.DOCUMENTS),
        ("知识库中一共收录了多少份文件？", LibraryQuestion.DOCUMENTS),
        ("你这里有什么资料呢？", LibraryQuestion.DOCUMENTS),
        ("这些文档的作者都有谁？", LibraryQuestion.AUTHORS),
        ("这些文章都是谁写的？", LibraryQuestion.AUTHORS),
        ("文库里有哪些作者？", LibraryQuestion.AUTHORS),
        ("这些文章都是什么时候发表的？", LibraryQuestion.DATES),
        ("各篇文章的发布时间是什么？", LibraryQuestion.DATES),
        ("哪篇文章最新？", LibraryQuestion.LATEST),
        ("哪些文章是2013年发表的？", LibraryQuestion.IN_YEAR),
        ("2013年发布的文件有哪些？", LibraryQuestion.IN_YEAR),
        ("最早发表的文件是哪份？", LibraryQuestion.EARLIEST),
        ("文章是什么时候发表的？", None),  # of the one the chat quoted, by its record
        # Asked of what the documents say, or of one of them.
        ("哪些文章提到了人才？", None),
        ("文章的作者是谁？", None),
        ("这篇文章是谁写的？", None),
        ("西宁市有哪些文件规定了干部考核？", None),
        ("苏新发写了什么？", None),
    ],
)
def test_library_questions_are_told_from_questions_of_the_texts(
    question: str, asked: LibraryQuestion | None
) -> None:
    assert library_asked(question) is asked


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("文章的作者是谁？", LibraryQuestion.AUTHORS),
        ("这篇文章是谁写的？", LibraryQuestion.AUTHORS),
        ("作者是谁？", LibraryQuestion.AUTHORS),
        ("文章发表于哪一年？", LibraryQuestion.DATES),
        ("这篇文章是什么时候发表的？", LibraryQuestion.DATES),
        ("文章的标题是什么？", LibraryQuestion.DOCUMENTS),
        ("这篇文章讲了什么？", LibraryQuestion.GIST),
        ("请总结一下这篇文章", LibraryQuestion.GIST),
        # A document named by its kind, as offices name theirs (was refused: no passage says who).
        ("这份总结是谁写的？", LibraryQuestion.AUTHORS),
        ("本通知是什么时候印发的？", LibraryQuestion.DATES),
        ("这个办法的作者是谁？", LibraryQuestion.AUTHORS),
        ("报告的作者是谁？", None),  # no demonstrative: a report the documents may name
        ("这个通知是谁发的？", LibraryQuestion.AUTHORS),  # issued, as offices say of theirs
        ("这个办法是谁制定的？", LibraryQuestion.AUTHORS),
        ("这个通知是哪天发的？", LibraryQuestion.DATES),
        ("文号是多少？", LibraryQuestion.NUMBERS),  # an official document's number, of no one named
        ("这个通知的发文字号是什么？", LibraryQuestion.NUMBERS),
        ("乌审旗的作者是谁？", None),  # names what the text is about
        ("《论作风》的作者是谁？", None),
        ("名字是什么？", None),
    ],
)
def test_a_question_of_the_text_names_every_document_when_none_was_quoted(
    question: str, asked: LibraryQuestion | None
) -> None:
    assert library_asked(question, none_quoted=True) is asked


def _info(doc_id: str, title: str, author: str | None = None, date: str | None = None) -> DocumentInfo:
    return DocumentInfo(doc_id, f"{doc_id}.txt", title, "hash", 1, 100, "2026-12-06", author=author,
                        date=date)


def _opening(doc_id: str, text: str) -> Chunk:
    return Chunk(f"{doc_id}-0", doc_id, f"{doc_id}.txt", text.split("\n")[0], 0, 0, len(text), text)


DOCUMENTS = [
    _info("a", "论作风", "司吉昇", "2024-01-02"),
    _info("b", "组织工作要点"),
    _info("c", "人才工作", "司吉昇"),
    _info("d", "scan-0001"),  # a title taken from the file name: no line of the text holds it
]
OPENINGS = {
    "a": _opening("a", "论作风\n中共海北州委常委 司吉昇\n作风是生命线。"),
    "b": _opening("b", "组织工作要点\n要点如下。"),
    "c": _opening("c", "人才工作\n司吉昇\n人才是第一资源。"),
    "d": _opening("d", "第一页的文字。"),
}


def test_the_documents_are_listed_by_title_with_author_and_date_each_cited_at_its_title() -> None:
    draft = listing(LibraryQuestion.DOCUMENTS, DOCUMENTS, OPENINGS)
    assert draft.text == ("文库里有4篇文档：\n"
                          "1. 《论作风》[1]（司吉昇，2024-01-02）\n"
                          "2. 《组织工作要点》[2]\n"
                          "3. 《人才工作》[3]（司吉昇）\n"
                          "4. 《scan-0001》")
    assert draft.quotes == (Quote(1, 0, 0, 3), Quote(2, 1, 0, 6), Quote(3, 2, 0, 4))
    text, citations = cite(draft, draft.extra)
    assert text == draft.text
    assert [(c.doc_id, c.quote) for c in citations] == [("a", "论作风"), ("b", "组织工作要点"), ("c", "人才工作")]


def test_the_authors_are_listed_once_each_with_their_documents_cited_at_their_byline() -> None:
    draft = listing(LibraryQuestion.AUTHORS, DOCUMENTS, OPENINGS)
    assert draft.text == ("文库里4篇文档的作者：\n"
                          "1. 司吉昇[1]：《论作风》、《人才工作》\n"
                          "未署名：《组织工作要点》、《scan-0001》")
    _, citations = cite(draft, draft.extra)
    assert [(c.doc_id, c.quote, c.start) for c in citations] == [("a", "司吉昇", 13)]


def test_a_library_of_no_author_says_so_and_lists_its_titles() -> None:
    draft = listing(LibraryQuestion.AUTHORS, DOCUMENTS[1:2], OPENINGS)
    assert draft.text == "文库里1篇文档都没有署名作者：\n1. 《组织工作要点》[1]"


def test_a_long_library_is_listed_in_part_and_counted_whole() -> None:
    many = [_info(f"d{i:03d}", f"文件{i}") for i in range(LISTED + 12)]
    lines = listing(LibraryQuestion.DOCUMENTS, many, {}).text.split("\n")
    assert lines[0] == f"文库里有{LISTED + 12}篇文档："
    assert len(lines) == 1 + LISTED + 1
    assert lines[-1] == "……另有12篇未列出：全部文档见应用的“文档库”页，或运行 `rag docs`。"


def test_an_empty_library_says_how_to_fill_it() -> None:
    draft = listing(LibraryQuestion.DOCUMENTS, [], {})
    assert draft.text == "文库里还没有文档：请先用 `rag ingest` 或应用的“文档库”页添加。" and not draft.quotes


@pytest.fixture(scope="module")
def pipeline(corpus_settings: Settings) -> Pipeline:
    return Pipeline.from_settings(corpus_settings)


def test_the_pipeline_lists_the_library_and_a_follow_up_takes_a_document_by_place(pipeline: Pipeline) -> None:
    listed = pipeline.ask("文库里有哪些文章？")
    assert not listed.refused
    assert listed.text.split("\n")[:3] == ["文库里有5篇文档：", "1. 《以实干实绩实效推动组织工作高质量发展》[1]（司吉昇）",
                                            "2. 《以作风建设推动组织工作提质增效》[2]"]
    assert [c.quote for c in listed.citations][3] == "以黨的十八大精神為指導開創西寧組織工作新局面"
    follow_up = pipeline.ask("第四篇的作者是谁？", [Turn.of(listed)])
    assert follow_up.rewritten_question == "《以黨的十八大精神為指導開創西寧組織工作新局面》的作者是谁？"
    assert follow_up.short_answer is not None and follow_up.short_answer.text == "張學天"


def test_who_wrote_the_text_asked_first_lists_every_document_s_author(pipeline: Pipeline) -> None:
    refused = pipeline.ask("霓虹雀鲷的俗名是什么？")
    listing = pipeline.ask("文库里有哪些文章？")
    # Asked first it was refused (no passage says who wrote "the text"); after a listing it was
    # carried as 文库里有文章，这篇文章的作者是谁 and answered with the first listed's author.
    for history in ([], [Turn.of(refused)], [Turn.of(listing)]):
        listed = pipeline.ask("文章的作者是谁？", history)
        assert listed.text.split("\n")[:3] == ["问题没有指明是哪篇文档，下面列出文库里的每一篇。", "文库里5篇文档的作者：",
                                                "1. 司吉昇[1]：《以实干实绩实效推动组织工作高质量发展》"]
        assert listed.citations[0].quote == "司吉昇"


XINING = "以黨的十八大精神為指導開創西寧組織工作新局面"


def test_what_the_text_says_is_asked_of_the_one_quoted_or_the_library_s_only_one(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    answered = pipeline.ask("西宁市如何破解人才引进难题？")
    for question in ("这篇文章讲了什么？", "总结一下这篇文章"):
        # Carried, 西宁市破解人才引进难题，这篇文章讲了什么？ was answered with the same sentence again.
        gist = pipeline.ask(question, [Turn.of(answered)])
        assert gist.rewritten_question == f"《{XINING}》讲了什么？"
        assert gist.citations[0].quote == XINING and len({c.doc_id for c in gist.citations}) == 1
    assert pipeline.ask("这篇文章讲了什么？").text.startswith("问题没有指明是哪篇文档，下面列出文库里的每一篇。\n文库里有5篇文档：")
    one = Settings(data_dir=tmp_path / "one")
    ingest_paths(one, [str(next(CORPUS.glob("003_*.txt")))])
    alone = Pipeline.from_settings(one).ask("这篇文章讲了什么？")
    assert alone.rewritten_question == f"《{XINING}》讲了什么？" and alone.citations[0].quote == XINING


def test_which_documents_say_something_is_read_from_the_library_not_gated(pipeline: Pipeline) -> None:
    # The gate refused both, for the ranker's doubt that a passage answers: no reason, no list.
    none = pipeline.ask("哪些文章提到了霓虹雀鲷？")
    assert none.refused and none.refusal_reason == "文库里没有文档提到“霓虹雀鲷”。"
    listed = pipeline.ask("列出提到“形式主义”的段落")
    assert [line.split("：")[0] for line in listed.text.split("\n")] == [
        "1. 《以作风建设推动组织工作提质增效》", "2. 《為貫徹落實好今年組織部長會議精神》"]
    assert all("形式主义" in fold_t2s(c.quote) for c in listed.citations)


def test_a_library_question_typed_with_another_is_answered_in_its_turn(pipeline: Pipeline) -> None:
    answer = pipeline.ask("文库里有哪些文章？这些文章都是谁写的？")
    first, second = answer.text.split("\n\n")[:2]
    assert first.startswith("文库里有哪些文章？\n文库里有5篇文档：")
    assert second.startswith("这些文章都是谁写的？\n文库里5篇文档的作者：\n1. 司吉昇[6]：")


def test_with_an_llm_the_library_is_listed_from_its_record_and_nothing_is_sent(pipeline: Pipeline) -> None:
    chat = FakeChat(condensed="不应使用", answer=["不应使用"])
    llm = with_chat(pipeline, chat)
    history = [Turn.of(pipeline.ask("西宁市的组织部长是谁？"))]
    answer = llm.ask("这些文章都是谁写的？", history)
    assert answer.text.startswith("文库里5篇文档的作者：\n1. 司吉昇[1]：《以实干实绩实效推动组织工作高质量发展》")
    assert answer.rewritten_question is None and chat.sent == []


def test_with_an_llm_which_documents_say_something_is_listed_from_the_library_and_nothing_is_sent(
    pipeline: Pipeline,
) -> None:
    chat = FakeChat(condensed="不应使用", answer=["不应使用"])
    llm = with_chat(pipeline, chat)
    listed = llm.ask("列出提到“形式主义”的段落")  # the model was sent 5 passages and listed theirs
    assert listed.text == pipeline.ask("列出提到“形式主义”的段落").text and listed.text.startswith("1. 《")
    assert llm.ask("哪些文章提到了霓虹雀鲷？").refusal_reason == "文库里没有文档提到“霓虹雀鲷”。"
    assert chat.sent == []


DATED = [_info("a", "论作风", date="2024-01-02"), _info("b", "组织工作要点"), _info("c", "人才工作", date="2013-03")]


def test_the_documents_dates_are_listed_oldest_first_and_the_undated_named() -> None:
    draft = listing(LibraryQuestion.DATES, DATED, OPENINGS)
    assert draft.text == ("文库里3篇文档记录的日期：\n"
                          "1. 《人才工作》[1]：2013年03月\n"
                          "2. 《论作风》[2]：2024年01月02日\n"
                          "未记录日期：《组织工作要点》")


def test_the_newest_and_the_oldest_are_told_among_the_dated() -> None:
    assert listing(LibraryQuestion.LATEST, DATED, OPENINGS).text == (
        "记录了日期的2篇文档中，最新的是《论作风》[1]（2024年01月02日）。另有1篇没有记录日期，不在比较之列。")
    assert listing(LibraryQuestion.EARLIEST, DATED, OPENINGS).text.startswith(
        "记录了日期的2篇文档中，最早的是《人才工作》[1]（2013年03月）。")
    assert listing(LibraryQuestion.LATEST, DATED[1:2], OPENINGS).text == "文库里1篇文档都没有记录日期，无法比较先后。"


def test_the_documents_of_a_year_are_those_whose_recorded_date_falls_in_it() -> None:
    # Was read as which documents say “2013年发表”, and refused saying none does.
    assert listing(LibraryQuestion.IN_YEAR, DATED, OPENINGS, "哪些文章是2013年发表的？").text == (
        "记录日期在2013年的文档有1篇：\n1. 《人才工作》[1]：2013年03月\n（另有1篇没有记录日期，无从判断。）")
    assert listing(LibraryQuestion.IN_YEAR, DATED, OPENINGS, "2020年发布的文件有哪些？").text == (
        "文库里没有记录日期在2020年的文档。（另有1篇没有记录日期，无从判断。）")


def test_the_documents_numbers_are_listed_each_cited_where_its_opening_gives_it() -> None:
    notice = _info("e", "关于印发《评估办法》的通知", "中共海北州委组织部")
    openings = OPENINGS | {"e": _opening("e", "中共海北州委组织部文件\n海组发〔2024〕12号\n关于印发《评估办法》的通知")}
    draft = listing(LibraryQuestion.NUMBERS, [notice, *DOCUMENTS[:2]], openings)
    assert draft.text == ("文库里3篇文档的文号：\n"
                          "1. 《关于印发《评估办法》的通知》：海组发〔2024〕12号[1]\n"
                          "没有文号：《论作风》、《组织工作要点》")
    _, citations = cite(draft, draft.extra)
    assert [(c.doc_id, c.quote) for c in citations] == [("e", "海组发〔2024〕12号")]
    assert listing(LibraryQuestion.NUMBERS, DOCUMENTS, OPENINGS).text == "文库里4篇文档的开头都没有文号。"


def test_a_document_asked_of_by_its_kind_is_the_library_s_one_of_that_kind() -> None:
    """这个通知是谁发的, the chat quoting none yet: of the library's one notice (was every document's
    author, listed); of two, each of them; of a kind it holds none of, every document as before."""
    notice = _info("e", "关于2027年春节放假及值班安排的通知", "XX市财政局办公室", date="2027-01-20")
    openings = OPENINGS | {"e": _opening("e", "XX市财政局办公室\n财办发〔2027〕3号\n关于2027年春节放假及值班安排的通知")}
    documents = [notice, *DOCUMENTS]
    assert listing(LibraryQuestion.AUTHORS, documents, openings, "这个通知是谁发的？").text == (
        "《关于2027年春节放假及值班安排的通知》的作者：XX市财政局办公室[1]")
    assert listing(LibraryQuestion.DATES, documents, openings, "这个通知是什么时候发的？").text == (
        "《关于2027年春节放假及值班安排的通知》[1]的日期：2027年01月20日（文档记录的日期）")
    assert listing(LibraryQuestion.NUMBERS, documents, openings, "这个通知的文号是多少？").text == (
        "《关于2027年春节放假及值班安排的通知》的文号：财办发〔2027〕3号[1]")
    other = _info("f", "关于召开组织工作会议的通知", "中共海北州委组织部")
    listed = listing(LibraryQuestion.AUTHORS, [notice, other, *DOCUMENTS], openings, "这个通知是谁发的？").text
    assert listed.startswith("问题没有指明是哪一份通知，下面列出文库里的每一份。\n文库里2篇文档的作者：")
    listed = listing(LibraryQuestion.AUTHORS, documents, openings, "这份纪要是谁写的？").text
    assert listed.startswith("问题没有指明是哪篇文档，下面列出文库里的每一篇。\n文库里5篇文档的作者：")

"""What a document says about its author (rag.authors), on tiny in-test lines."""

from __future__ import annotations

import dataclasses

import pytest

from rag.authors import (
    asks_about, asks_of_post_at, describe, described_in, names_another_place, names_another_post,
    places_with_unit, written_by,
)
from rag.published import (
    as_chinese_date, issuer_asked, number_asked, published_asked, publisher_asked, unrecorded_asked,
)
from rag.question import analyse
from rag.types import Chunk, DocumentInfo, Hit


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("张学天担任什么职务？", True),
        ("張學天的職務是什麼？", True),
        ("张学天是谁？", True),
        ("司吉昇担任什么职务？", False),  # another person
        ("张学天是哪一年开始担任组织部长的？", False),  # not who or what post
        ("张学天担任西宁市委常委职务，他是哪里的？", False),  # a follow-up carried over: a statement, then no name
        ("学天是谁？", False),
        ("张学天是哪里的？", True),  # where he works: the post says it
        ("张学天是哪个市的？", True),  # 司吉昇是哪个州的 was answered 部长会议
        ("張學天是哪個單位的？", True),
        ("张学天是哪一年的？", False),  # a year, not a place
        ("張學天在哪裡工作？", True),
        ("张学天在哪个单位任职？", True),
        ("张学天是哪里人？", False),  # his hometown, which a post does not give
        ("张学天的文章发表在哪里？", False),
    ],
)
def test_asks_about_the_author(question: str, asks: bool) -> None:
    assert asks_about(question, "张学天") is asks


def test_no_author_is_asked_about() -> None:
    assert not asks_about("谁是作者？", None) and not asks_about("张是谁？", "张")


@pytest.mark.parametrize(
    ("text", "opening", "post"),
    [
        ("正文第一句。(作者系西寧市委常委、組織部長)", False, "西寧市委常委、組織部長"),
        ("（作者现任某某大学党委书记）", False, "某某大学党委书记"),
        ("谈基层减负\n中共海北州委常委、组织部部长  司吉昇\n正文。", True, "中共海北州委常委、组织部部长"),
        ("谈基层减负\n中共海北州委常委、组织部部长  司吉昇\n正文。", False, None),  # a byline opens its document
        ("■文/司吉昇\n正文。", True, None),  # a byline with no post
        ("司吉昇指出，基层减负是一项长期任务。", True, None),  # a sentence about the author is no byline
    ],
)
def test_describe_finds_the_post(text: str, opening: bool, post: str | None) -> None:
    found = describe(text, "司吉昇", opening)
    assert (text[found.start : found.end] if found else None) == post
    if found:
        assert text[found.line_start : found.line_end].strip().endswith(("司吉昇", ")", "）"))


def test_described_in_picks_the_author_named_last() -> None:
    # A follow-up carries the previous question before its own: the one asked now is named last.
    notes = {"d1": ("司吉昇", "(作者系海北州委常委)"), "d2": ("张学天", "(作者系西宁市委常委)")}
    hits = [Hit(Chunk(f"c{d}", d, f"{d}.txt", d, 1, 0, len(t), t), n, 1.0) for n, (d, (_, t)) in enumerate(notes.items(), 1)]
    records = {d: DocumentInfo(d, f"{d}.txt", d, "h", 1, 9, "2026-12-02", author=a) for d, (a, _) in notes.items()}
    found = described_in("司吉昇担任什么职务，张学天担任什么职务？", hits, records.get)
    assert found is not None and found[0] == 1
    assert described_in("谁担任什么职务？", hits, records.get) is None


def test_written_by_finds_the_document_of_the_author_named() -> None:
    texts = {"d1": ("司吉昇", "中共海北州委常委、组织部部长  司吉昇"), "d2": ("蘇新發", "文| 蘇新發")}
    hits = [Hit(Chunk(f"c{d}", d, f"{d}.txt", d, 0, 0, len(t), t), n, 1.0) for n, (d, (_, t)) in enumerate(texts.items(), 1)]
    records = {d: DocumentInfo(d, f"{d}.txt", d, "h", 1, 9, "2026-12-02", author=a) for d, (a, _) in texts.items()}
    assert written_by("苏新发写了哪篇文章？", hits, records.get) == 1  # Simplified question, Traditional byline
    assert written_by("哪篇文章是司吉昇写的？", hits, records.get) == 0
    assert written_by("张三写了哪篇文章？", hits, records.get) is None  # no document of theirs
    assert written_by("苏新发担任什么职务？", hits, records.get) is None  # not which document


def _two_documents(**recorded: str) -> tuple[list[Hit], dict[str, DocumentInfo]]:
    """A hit on each of two documents, and their records with `recorded` (a date, a publisher)."""
    texts = {"d1": ("以作风建设推动组织工作", "司吉昇"), "d2": ("开创西宁组织工作新局面", "蘇新發")}
    hits = [Hit(Chunk(f"c{d}", d, f"{d}.txt", title, 0, 0, 10, "正文。"), n, 1.0)
            for n, (d, (title, _)) in enumerate(texts.items(), 1)]
    records = {d: DocumentInfo(d, f"{d}.txt", title, "h", 1, 9, "2026-12-02", author=a, **recorded)
               for d, (title, a) in texts.items()}
    return hits, records


def test_published_asked_finds_the_document_whose_date_is_asked() -> None:
    hits, records = _two_documents(date="2013-03-12")
    assert published_asked("《开创西宁组织工作新局面》是哪天发表的？", hits, records.get) == 1  # by its title
    assert published_asked("苏新发的文章是什么时候发表的？", hits, records.get) == 1  # by its author
    assert published_asked("这篇文章的发布日期是什么？", hits, records.get) == 0  # the best
    assert published_asked("这篇文章是什么时候写的？", hits, records.get) == 0
    # Not asked of a library document, or not when: the passages answer.
    assert published_asked("《通知》是什么时候印发的？", hits, records.get) is None
    assert published_asked("苏新发写了哪篇文章？", hits, records.get) is None
    assert published_asked("这篇文章是谁写的？", hits, records.get) is None
    # A record without a date: the passages answer (a document titled for a work may give its date).
    undated = {d: dataclasses.replace(r, date=None) for d, r in records.items()}
    assert published_asked("《开创西宁组织工作新局面》是哪天发表的？", hits, undated.get) is None


def test_publisher_asked_finds_the_document_whose_source_is_asked() -> None:
    hits, records = _two_documents(publisher="人民网")
    assert publisher_asked("苏新发的文章是在哪个网站发表的？", hits, records.get) == 1  # by its author
    assert publisher_asked("《开创西宁组织工作新局面》刊登在什么报纸上？", hits, records.get) == 1  # by its title
    assert publisher_asked("这篇文章发表在哪里？", hits, records.get) == 0  # the best
    assert publisher_asked("这篇文章的来源是什么？", hits, records.get) == 0
    assert publisher_asked("這篇文章出自哪裡？", hits, records.get) == 0
    # Not where it appeared: when, a source the text speaks of, which text a phrase comes from.
    assert publisher_asked("这篇文章是在哪一年发表的？", hits, records.get) is None
    assert publisher_asked("这篇文章提到的资金来源是什么？", hits, records.get) is None
    assert publisher_asked("“五个更加注重”出自哪篇文章？", hits, records.get) is None
    assert publisher_asked("《通知》是在哪个网站发布的？", hits, records.get) is None  # no library document
    # A record without a source: the passages answer.
    unsourced = {d: dataclasses.replace(r, publisher=None) for d, r in records.items()}
    assert publisher_asked("苏新发的文章是在哪个网站发表的？", hits, unsourced.get) is None


def test_issuer_asked_finds_the_office_document_whose_signer_is_asked() -> None:
    """春节放假通知是谁发的 was answered 2027年 (of its title), 哪个单位发的 如下 (of 通知如下：): the office
    that signed it is its record's author."""
    notice = Hit(Chunk("c1", "n", "通知.docx", "关于2027年春节放假及值班安排的通知", 0, 0, 10, "正文。"), 1, 1.0)
    other = Hit(Chunk("c2", "r", "办法.docx", "差旅费管理办法", 0, 0, 10, "正文。"), 2, 0.5)
    records = {
        "n": DocumentInfo("n", "通知.docx", notice.chunk.title, "h", 1, 9, "2027-01-20", author="XX市财政局办公室"),
        "r": DocumentInfo("r", "办法.docx", other.chunk.title, "h", 1, 9, None),
    }
    hits = [other, notice]
    for question in ("春节放假通知是谁发的？", "放假通知是哪个单位印发的？", "春节放假通知的发文单位是哪个？"):
        assert issuer_asked(question, hits, records.get) == 1, question
    assert issuer_asked("差旅费管理办法是谁制定的？", hits, records.get) is None  # no signer recorded
    assert issuer_asked("春节放假通知是什么时候发的？", hits, records.get) is None  # when, not who
    assert issuer_asked("谁负责值班？", hits, records.get) is None


def test_a_document_named_by_its_kind_alone_is_the_one_retrieved_of_that_kind() -> None:
    """通知是谁发的 names the one notice retrieved; with two notices it names neither."""
    notice = Hit(Chunk("c1", "n", "通知.docx", "关于2027年春节放假及值班安排的通知", 0, 0, 10, "正文。"), 1, 1.0)
    other = Hit(Chunk("c2", "r", "办法.docx", "差旅费管理办法", 0, 0, 10, "正文。"), 2, 0.5)
    second = Hit(Chunk("c3", "f", "培训.txt", "关于举办消防安全知识培训的通知", 0, 0, 10, "正文。"), 3, 0.4)
    records = {
        "n": DocumentInfo("n", "通知.docx", notice.chunk.title, "h", 1, 9, None, author="XX市财政局办公室",
                          date="2027-01-20"),
        "r": DocumentInfo("r", "办法.docx", other.chunk.title, "h", 1, 9, None),
        "f": DocumentInfo("f", "培训.txt", second.chunk.title, "h", 1, 9, None, author="XX市财政局办公室",
                          date="2027-03-08"),
    }
    assert issuer_asked("通知是谁发的？", [other, notice], records.get) == 1
    assert published_asked("通知是什么时候发的？", [other, notice], records.get) == 1
    assert issuer_asked("通知是谁发的？", [other, notice, second], records.get) is None


def test_a_text_s_date_or_source_its_record_lacks_is_unrecorded() -> None:
    hits, records = _two_documents(date="2013-03-12")
    assert not unrecorded_asked("苏新发的文章是什么时候发表的？", hits, records.get)  # the record says
    assert unrecorded_asked("苏新发的文章发表在哪里？", hits, records.get)  # it names no source
    assert unrecorded_asked("这篇文章是在哪个网站发表的？", hits, records.get)
    # Asked of a document by its title only (it may be about a work of that name), or of no text.
    assert not unrecorded_asked("《开创西宁组织工作新局面》刊登在什么报纸上？", hits, records.get)
    assert not unrecorded_asked("苏新发在哪里工作？", hits, records.get)


def test_a_record_s_date_in_chinese() -> None:
    assert as_chinese_date("2013-03-12") == "2013年03月12日"
    assert as_chinese_date("2013-03") == "2013年03月"


@pytest.mark.parametrize(
    ("question", "line", "another"),
    [
        ("北京的组织部长是谁？", "(作者系西寧市委常委、組織部長)", True),  # ns in jieba's dictionary
        ("海北的组织部长是谁？", "(作者系西寧市委常委、組織部長)", False),  # 海北 alone is no place to jieba
        ("海北州的组织部长是谁？", "(作者系西寧市委常委、組織部長)", True),  # given with its unit
        ("乌审旗的组织部长是谁？", "(作者系西寧市委常委、組織部長)", True),  # ends in one (jieba: a name)
        ("海北州的组织部长是谁？", "中共海北州委常委、组织部部长  司吉昇", False),
        ("西宁市的组织部长是谁？", "(作者系西寧市委常委、組織部長)", False),
    ],
)
def test_a_place_the_question_names_and_the_line_does_not(question: str, line: str, another: bool) -> None:
    assert names_another_place(analyse(question), line) is another


@pytest.mark.parametrize(
    ("question", "line", "another"),
    [
        ("西宁市委书记是谁？", "(作者系西寧市委常委、組織部長)", True),
        ("西宁市的组织部长是谁？", "(作者系西寧市委常委、組織部長)", False),
        ("担任西宁市组织部长的是谁？", "(作者系西寧市委常委、組織部長)", False),  # 担任: a verb, no post
        ("海北州组织部长是谁？", "中共海北州委常委、组织部部长  司吉昇", False),  # its characters
        ("海北州委组织部长叫什么名字？", "中共海北州委常委、组织部部长  司吉昇", False),  # 名字: the cue's
        ("海北州组织部副部长是谁？", "中共海北州委常委、组织部部长  司吉昇", True),
    ],
)
def test_a_post_the_question_names_and_the_line_does_not(question: str, line: str, another: bool) -> None:
    assert names_another_post(analyse(question), line) is another


@pytest.mark.parametrize(
    ("question", "asks_of_it"),
    [
        ("海北州组织部副部长是谁？", True),  # its place and 组织部, not the post
        ("海北州委书记是谁？", True),  # 州委 of 中共海北州委常委
        ("海北州组织部长是谁？", True),
        ("西宁市组织部副部长是谁？", False),  # another place
        ("谁提出了“五个更加注重”？", False),  # no place: not a post's
        ("海北州有多少人口？", False),  # no word of a post
    ],
)
def test_a_byline_a_question_about_a_post_at_its_place_asks_of(question: str, asks_of_it: bool) -> None:
    assert asks_of_post_at(analyse(question), "中共海北州委常委、组织部部长  司吉昇") is asks_of_it


@pytest.mark.parametrize(
    ("text", "unit", "places"),
    [
        ("制定出台《西寧市日常工作考核督查辦法》，全市推行。", "市", {"西寧市"}),  # as written, not 全市
        ("烏審旗將堅持目標導向，我旗要做好。", "旗", {"烏審旗"}),  # jieba tags 乌审旗 a person
        ("中共海北州委常委、组织部部长 司吉昇", "州", {"海北州"}),  # 海北|州委: the place's party committee
        ("在城市里上市的超市，全市都有。", "市", set()),  # words that end in 市 and name no place
    ],
)
def test_the_places_of_a_unit_a_text_names(text: str, unit: str, places: set[str]) -> None:
    assert places_with_unit(text, unit) == places


@pytest.mark.parametrize(
    ("question", "number"),
    [
        ("文号是多少？", "海组发〔2024〕12号"),
        ("这个通知的发文字号是什么？", "海组发〔2024〕12号"),
        ("文件编号是多少？", "海组发〔2024〕12号"),
        ("通知是哪天印发的？", None),  # no number asked
    ],
)
def test_a_document_s_number_is_found_where_its_passages_give_it(question: str, number: str | None) -> None:
    text = "中共海北州委组织部文件\n\n海组发〔2024〕12号\n\n关于印发《评估办法》的通知"
    hits = [Hit(Chunk("c0", "d1", "a.txt", "通知", 0, 0, 9, "请认真贯彻执行。"), 1, 1.0),
            Hit(Chunk("c1", "d1", "a.txt", "通知", 1, 9, 9 + len(text), text), 2, 0.5)]
    found = number_asked(question, hits)
    assert (hits[found[0]].chunk.text[found[1] : found[2]] if found else None) == number

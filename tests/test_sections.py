"""Where a passage is: heading paths from official-document numbering, pages through the store and the citations."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from ingest.chunk import chunk_document
from ingest.clean import clean
from ingest.layout import Layout, join_wrapped, locate
from ingest.sections import Sections, numbered_heading
from rag.answer import Draft, Quote, cite
from rag.cli import SHORT_STYLE, print_answer, quoted, where
from rag.config import Settings
from rag.keyword import ChunkTable, KeywordIndex
from rag.store import Store
from rag.types import REFUSAL, Answer, Chunk, Citation, Document, Hit, ShortAnswer, page_label
from tests.fakes import HashEmbedder

LAW = """第一章 总则
第一条 为了规范基层组织工作，制定本办法。
第二条 本办法适用于全州各级党组织。
第二章 组织建设
一、总体要求
坚持党的领导。
（一）基本原则。具体内容很多，这里写一点。
1. 健全组织
（1）细化措施
二、主要任务
1.5倍的增长不是标题。
2024. 年份也不是。"""


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("第一章 总则", (12, "第一章 总则")),
        ("第三条 本法所称党组织，是指……", (14, "第三条")),
        ("一、切实增强改革创新的精神", (15, "一、切实增强改革创新的精神")),
        ("（一）加强组织建设。各级党组织要把工作做实做细，做到全覆盖。", (16, "（一）加强组织建设")),
        ("(二)落实责任", (16, "(二)落实责任")),
        ("3．强化督查", (17, "3．强化督查")),
        ("（4）定期通报", (18, "（4）定期通报")),
        ("1.5倍", None),
        ("2024.", None),
        ("一、" + "很长的一句话" * 10 + "。后面还有。", None),
        ("坚持党的领导。", None),
    ],
)
def test_numbered_headings(line: str, expected: tuple[int, str] | None) -> None:
    assert numbered_heading(line) == expected


def test_heading_paths_nest_by_rank() -> None:
    sections = Sections(LAW)
    at = lambda words: sections.at(LAW.index(words))  # noqa: E731
    assert at("为了规范") == ("第一章 总则", "第一条")
    assert at("本办法适用") == ("第一章 总则", "第二条")
    assert at("坚持党的领导") == ("第二章 组织建设", "一、总体要求")
    assert at("细化措施") == ("第二章 组织建设", "一、总体要求", "（一）基本原则", "1. 健全组织", "（1）细化措施")
    assert at("1.5倍") == ("第二章 组织建设", "二、主要任务")
    assert at("2024.") == ("第二章 组织建设", "二、主要任务")


def test_styled_headings_rank_above_numbering() -> None:
    text = "总体要求\n一、坚持方向\n内容。\n具体措施\n内容二。"
    sections = Sections(text, styled=[(0, 1), (text.index("具体措施"), 2)])
    assert sections.at(text.index("内容。")) == ("总体要求", "一、坚持方向")
    assert sections.at(text.index("内容二")) == ("总体要求", "具体措施")


def test_pages_and_headings_survive_cleaning() -> None:
    # Page 2 holds only chrome, which the cleaner drops: chunks skip from page 1 to page 3.
    lines = ["一、标题", "第一页的正文。", "", "责任编辑：张三", "", "第三页的正文。"]
    layout = Layout("\n".join(lines), page_lines=(0, 3, 5), heading_lines=((0, 2),))
    cleaned = clean(layout.text)
    page_starts, headings = locate(layout, cleaned)
    assert cleaned.text == "一、标题\n第一页的正文。\n\n第三页的正文。"
    assert page_starts == (0, cleaned.text.index("第三页"), cleaned.text.index("第三页"))
    assert headings == ((0, 2),)
    doc = Document("d", "a.pdf", "标题", cleaned.text, "f" * 64, page_starts=page_starts, headings=headings)
    chunks = chunk_document(doc, max_tokens=8, overlap_sentences=0)
    assert [(c.text, c.pages(), c.section) for c in chunks] == [
        ("一、标题", (1, 1), ("一、标题",)),
        ("第一页的正文。", (1, 1), ("一、标题",)),
        ("第三页的正文。", (3, 3), ("一、标题",)),
    ]
    whole = chunk_document(doc, max_tokens=200, overlap_sentences=0)
    assert [c.pages() for c in whole] == [(1, 3)]


def test_wrapped_lines_join_into_paragraphs() -> None:
    lines = ["一、标题", "这一行是排满了版心的一整行文字，一直写到右边", "的页边，才换行。", "  缩进的下一段。",
             "English words wrapped at the measure", "join with a space."]  # fmt: skip
    assert join_wrapped(lines, width=40) == [
        "一、标题",
        "这一行是排满了版心的一整行文字，一直写到右边的页边，才换行。",
        "缩进的下一段。",
        "English words wrapped at the measure join with a space.",
    ]
    # A document of short lines only (under 20 Chinese characters) keeps every line apart.
    assert join_wrapped(["短行一", "短行二"], width=6) == ["短行一", "短行二"]


PAGED = Chunk("d-abcdef01-00000-00000000", "d", "report.pdf", "报告", 0, 100, 160, "甲" * 60,
              page=3, page_breaks=(130,), section=("一、总体要求", "（一）基本原则"),
              section_breaks=((140, ("二、主要任务",)),))  # fmt: skip


def test_citation_pages_are_the_quotes_own() -> None:
    hits = [Hit(PAGED, rank=1, score=1.0)]
    _, citations = cite(Draft("答[1][2][3]。", (Quote(1, 0, 0, 10), Quote(2, 0, 45, 50), Quote(3, 0, 20, 40))), hits)
    assert [(c.first_page, c.last_page, c.page_label) for c in citations] == [(3, 3, "第3页"), (4, 4, "第4页"), (3, 4, "第3-4页")]
    # The quote's own heading path: a heading inside the chunk moves it.
    assert [c.section for c in citations] == [("一、总体要求", "（一）基本原则"), ("二、主要任务",), ("一、总体要求", "（一）基本原则")]
    assert page_label(None, None) == ""


def test_terminal_shows_page_and_section(capsys: pytest.CaptureFixture[str]) -> None:
    paged = Citation(1, PAGED.id, "d", "report.pdf", "报告", "甲甲", 131, 133, 4, 4, ("一、总体要求", "（一）基本原则"))
    plain = Citation(2, "c", "e", "a.txt", "文", "乙", 5, 6)
    assert where(paged) == "report.pdf, 第4页, 一、总体要求 > （一）基本原则"
    assert where(plain) == "a.txt, chars 5-6"
    print_answer(Answer("问", "答[1][2]。", (paged, plain)))
    out = capsys.readouterr().out
    assert "报告 (report.pdf, 第4页, 一、总体要求 > （一）基本原则)" in out
    # A refusal the answerer explains prints the reason under the fixed message.
    print_answer(Answer("问", REFUSAL, refused=True, refusal_reason="文档提到了“甲”，但没有说明它是什么。"))
    assert capsys.readouterr().out.splitlines() == [REFUSAL, "文档提到了“甲”，但没有说明它是什么。"]


def test_terminal_marks_the_short_answer_inside_its_quote(capsys: pytest.CaptureFixture[str]) -> None:
    byline = Citation(1, "c", "d", "a.txt", "文", "■文/張學天", 24, 30)
    note = Citation(2, "c", "d", "a.txt", "文", "(作者系西寧市委常委、組織部長)", 2903, 2919)
    answer = Answer("西宁市的组织部长是谁？", "張學天[1]\n\n■文/張學天[1](作者系西寧市委常委、組織部長)[2]",
                    (byline, note), short_answer=ShortAnswer("張學天", 1, 27, 30))
    shown = quoted(answer, byline)
    assert shown.plain == "    ■文/張學天" and [(s.start, s.end, s.style) for s in shown.spans] == [(7, 10, SHORT_STYLE)]
    assert quoted(answer, note).spans == []
    print_answer(answer)  # piped: the quote as plain text
    assert "    ■文/張學天\n" in capsys.readouterr().out


def test_pages_and_sections_round_trip_through_the_store(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    text = "一、总体要求\n甲。\n二、主要任务\n乙。"
    doc = Document("d", "report.pdf", "报告", text, "abcdef01" * 8, page_starts=(0, text.index("二")))
    chunks = chunk_document(doc, max_tokens=320, overlap_sentences=0)
    assert [(c.page, c.page_breaks, c.section, c.section_breaks) for c in chunks] == [
        (1, (10,), ("一、总体要求",), ((10, ("二、主要任务",)),))
    ]
    store = Store.open(settings, HashEmbedder.name, HashEmbedder.dim)
    try:
        store.put_document(doc, chunks, HashEmbedder().embed_passages([c.text for c in chunks]))
        assert list(store.chunks()) == chunks
        assert store.get_chunks([chunks[0].id]) == chunks[:1]
        assert store.document_pages("d") == (0, 10)
    finally:
        store.close()
    index = KeywordIndex.build(chunks)
    index.save(tmp_path / "kw")
    assert KeywordIndex.load(tmp_path / "kw").get_chunks([chunks[0].id]) == {chunks[0].id: chunks[0]}


def test_keyword_records_written_before_pages_read_back() -> None:
    old = json.dumps(["c", "d", "a.txt", "标题", 0, 0, 2, "正文"], ensure_ascii=False).encode("utf-8")
    assert ChunkTable.of([old]).row(0) == Chunk("c", "d", "a.txt", "标题", 0, 0, 2, "正文")
    assert np.array_equal(ChunkTable.of([old])._offsets, [0, len(old)])

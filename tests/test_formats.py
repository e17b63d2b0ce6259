"""Documents as offices keep them: each format read into text, with the page and heading path of every chunk.

Every file is made here (the .doc, which no Python library writes, is a committed fixture
made by tests/data/make_doc_fixture.py). OCR tests read a few small images and are slow.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import pytest

from ingest.load import load_file
from ingest.ocr import OcrLine, RapidOcr, paragraphs
from ingest.pipeline import _prepare, ingest_paths
from rag.config import Settings
from rag.errors import LoadError
from rag.pipeline import Pipeline
from rag.types import Chunk
from tests.documents import OFFICIAL_LINES, official_docx, render_page, scanned_pdf, text_pdf
from tests.fakes import HashEmbedder

DATA = Path(__file__).resolve().parent / "data"
SIMPLIFIED = ["一、切实增强改革创新的精神", "坚持以改革精神和严的标准划重点、明方向，以实干实绩实效推动组织工作高质量发展。"]
TRADITIONAL = ["（一）堅持黨的領導", "落實從嚴治黨責任，推動組織工作高質量發展。"]


class NoOcr:
    """An OCR engine that must not be called: the file has a text layer."""

    def read(self, image):
        raise AssertionError("OCR was not needed here")


def chunks_of(path: Path, ocr=None, max_tokens: int = 320) -> list[Chunk]:
    """The chunks ingest would store for `path` (loaded, cleaned, chunked)."""
    settings = Settings(chunk_tokens=max_tokens, chunk_overlap=0)
    prepared = _prepare(settings, path, path.name, {}, ocr or NoOcr())
    assert prepared.outcome is None, prepared.outcome
    return list(prepared.chunks)


def folded(text: str) -> str:
    """Text compared across OCR's choice of full- or half-width punctuation, without whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def chunk_with(chunks: list[Chunk], words: str) -> Chunk:
    return next(c for c in chunks if words in c.text)


# --- .docx ----------------------------------------------------------------------------


def test_docx_headings_keep_their_level_and_tables_a_row_per_line(tmp_path: Path) -> None:
    path = official_docx(tmp_path / "意见.docx")
    loaded = load_file(path, NoOcr())
    assert [line for line in loaded.text.split("\n") if line] == OFFICIAL_LINES
    assert loaded.heading_lines == ((0, 1), (1, 2), (7, 2))
    assert_official_sections(chunks_of(path, max_tokens=30))


def assert_official_sections(chunks: list[Chunk]) -> None:
    """Styled headings (the title, 一、, 二、) and a numbered run-in heading ((一)) make the paths."""
    assert chunk_with(chunks, "全面贯彻").section == ("关于进一步加强基层组织建设的意见", "一、总体要求")
    assert chunk_with(chunks, "堅持黨的領導").section == ("关于进一步加强基层组织建设的意见", "一、总体要求", "（一）基本原則")
    assert chunk_with(chunks, "单位 | 人数").section == ("关于进一步加强基层组织建设的意见", "一、总体要求", "（一）基本原則")
    assert chunk_with(chunks, "完成率").section == ("关于进一步加强基层组织建设的意见", "二、主要任务")
    assert all(c.page is None for c in chunks)


def test_docx_table_merged_cells_once(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "合并的表头"
    table.cell(0, 2).text = "备注"
    for j, value in enumerate(["甲", "乙", "丙"]):
        table.cell(1, j).text = value
    path = tmp_path / "merged.docx"
    document.save(str(path))
    assert load_file(path, NoOcr()).text.split("\n")[:2] == ["合并的表头 | 备注", "甲 | 乙 | 丙"]


def _asked(tmp_path: Path, path: Path, question: str):
    """The answer to `question` over a library of the one file at `path`."""
    settings = Settings(data_dir=tmp_path / "index")
    ingest_paths(settings, [str(path)], embedder=HashEmbedder(), ocr=NoOcr())
    return Pipeline.from_settings(settings, embedder=HashEmbedder()).ask(question)


def _asked_of_text(tmp_path: Path, name: str, text: str, question: str):
    """The answer to `question` over a library of one text file `name` holding `text`."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return _asked(tmp_path, path, question)


def _word_table(
    path: Path, rows: list[list[str]], header: str = "", before: Sequence[str] = (), after: Sequence[str] = ()
) -> Path:
    """A .docx of one table, paragraphs `before` and `after` it; `header` marks its first row:
    "bold" (its runs), "repeat" (Word's header row, repeated on each page) or "" (nothing)."""
    import docx
    from docx.oxml import OxmlElement

    document = docx.Document()
    for line in before:
        document.add_paragraph(line)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            table.cell(i, j).paragraphs[0].add_run(value).bold = header == "bold" and i == 0
    if header == "repeat":
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for line in after:
        document.add_paragraph(line)
    document.save(str(path))
    return path


ROSTER = [["部门", "姓名", "职务"], ["组织部", "张三", "部长"], ["宣传部", "王五", "副部长"]]
FORM = [["姓名", "张三", "性别", "男"], ["年龄", "45", "民族", "汉"], ["工龄", "20", "学历", "本科"],
        ["电话", "12345", "职务", "部长"]]  # fmt: skip


@pytest.mark.parametrize(
    ("rows", "header", "lines"),
    [
        # The file marks the header row: each row under it labels its cells, as a sheet's does.
        (ROSTER, "bold", ["部门：组织部 | 姓名：张三 | 职务：部长", "部门：宣传部 | 姓名：王五 | 职务：副部长"]),
        (ROSTER, "repeat", ["部门：组织部 | 姓名：张三 | 职务：部长", "部门：宣传部 | 姓名：王五 | 职务：副部长"]),
        # Unmarked, a column of numbers under a word shows the header.
        (
            [["序号", "单位", "人数"], ["1", "组织部", "42"], ["2", "宣传部", "17"], ["3", "统战部", "9"]],
            "",
            ["序号：1 | 单位：组织部 | 人数：42", "序号：2 | 单位：宣传部 | 人数：17", "序号：3 | 单位：统战部 | 人数：9"],
        ),
        # ... or a column of dates under a header naming them, the first column of words (a work plan's
        # 阶段 | 时间 | 培训内容: its rows were unlabelled, and 第二阶段培训什么内容 was answered from another
        # document).
        (
            [["阶段", "时间", "责任科室"], ["第一阶段", "3月1日至3月31日", "人事科"], ["第二阶段", "4月1日至6月30日", "预算科"],
             ["第三阶段", "9月1日至10月31日", "办公室"]],
            "",
            ["阶段：第一阶段 | 时间：3月1日至3月31日 | 责任科室：人事科", "阶段：第二阶段 | 时间：4月1日至6月30日 | 责任科室：预算科",
             "阶段：第三阶段 | 时间：9月1日至10月31日 | 责任科室：办公室"],
        ),
        # Unmarked and no such column: rows as they are (was the only reading).
        (ROSTER, "", ["部门 | 姓名 | 职务", "组织部 | 张三 | 部长", "宣传部 | 王五 | 副部长"]),
        # A form of label and value pairs has no header row, though a column of it holds numbers in
        # three rows.
        (FORM, "", [" | ".join(row) for row in FORM]),
        # A first row that cannot read back as labels (a cell over 20 characters) labels nothing.
        ([["关于进一步加强基层组织建设的若干意见的说明", "备注"], ["全文", "无"]], "bold",
         ["关于进一步加强基层组织建设的若干意见的说明 | 备注", "全文 | 无"]),
    ],
)
def test_docx_table_header_row_labels_the_rows_under_it(
    tmp_path: Path, rows: list[list[str]], header: str, lines: list[str]
) -> None:
    pytest.importorskip("docx")
    path = _word_table(tmp_path / "表.docx", rows, header)
    assert [line for line in load_file(path, NoOcr()).text.split("\n") if line] == lines


# A text box as Word writes it: for new readers (mc:Choice) and again for old ones (mc:Fallback, VML).
TEXT_BOX = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    ' xmlns:v="urn:schemas-microsoft-com:vml">'
    "<mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>"
    "<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>"
    "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
    "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
)


def test_docx_text_boxes_and_tables_nested_in_cells_are_read_once(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    from docx.oxml import parse_xml

    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    for (i, j), value in {(0, 0): "项目", (0, 1): "说明", (1, 0): "甲", (1, 1): "见下表"}.items():
        table.cell(i, j).text = value
    nested = table.cell(1, 1).add_table(rows=1, cols=2)
    nested.cell(0, 0).text, nested.cell(0, 1).text = "经费", "12万元"
    document.add_paragraph("正文。")._p.append(parse_xml(TEXT_BOX.format(text="海组发〔2024〕12号")))
    path = tmp_path / "文件.docx"
    document.save(str(path))
    # Were lost: the nested table (经费 | 12万元) and the text box, which python-docx reads neither of.
    assert [line for line in load_file(path, NoOcr()).text.split("\n") if line] == [
        "项目 | 说明", "甲 | 见下表 经费 12万元", "正文。", "海组发〔2024〕12号",
    ]  # fmt: skip


def test_a_word_table_s_header_of_two_rows_labels_each_column_by_its_own(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    table = document.add_table(rows=3, cols=4)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "序号"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "基本情况"
    table.cell(0, 3).merge(table.cell(1, 3)).text = "电话"
    for j, value in [(1, "姓名"), (2, "职务")]:
        table.cell(1, j).text = value
    for j, value in enumerate(["1", "张三", "部长", "0970-8641234"]):
        table.cell(2, j).text = value
    for cell in table.rows[0].cells + table.rows[1].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True
    path = tmp_path / "通讯录.docx"
    document.save(str(path))
    # Were 序号 | 基本情况：姓名 | 职务 | 电话 (the second header row), then 序号：1 | 基本情况：张三 | 部长 | …
    assert [line for line in load_file(path, NoOcr()).text.split("\n") if line] == [
        "序号：1 | 姓名：张三 | 职务：部长 | 电话：0970-8641234"]


def test_a_word_file_that_opens_with_a_table_is_titled_by_its_name(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    path = _word_table(tmp_path / "分工.docx", ROSTER)
    prepared = _prepare(Settings(), path, path.name, {}, NoOcr())
    # The header row was the title (部门 | 姓名 | 职务) and 职务 the author: a table's rows are no byline.
    assert (prepared.doc.title, prepared.doc.author) == ("分工", None)


def test_a_question_of_a_word_tables_row_is_answered_with_its_cell(tmp_path: Path) -> None:
    """The answerer reads a Word table's labelled row as it does a sheet's (tests/test_sheets.py)."""
    pytest.importorskip("docx")
    path = _word_table(tmp_path / "分工.docx", ROSTER, "bold")
    answer = _asked(tmp_path, path, "王五的职务是什么？")
    # Was 部门 | 姓名 |: the header row was read as a byline, 职务 as its author and the rest as the post.
    assert answer.short_answer is not None and answer.short_answer.text == "副部长"
    assert answer.citations[0].quote == "部门：宣传部 | 姓名：王五 | 职务：副部长"


# --- .doc -----------------------------------------------------------------------------


def test_doc_read_through_libreoffice(tmp_path: Path) -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed (`make test` installs libreoffice-writer-nogui)")
    path = tmp_path / "official.doc"
    shutil.copy(DATA / "official.doc", path)
    loaded = load_file(path, NoOcr())
    assert [line for line in loaded.text.split("\n") if line] == OFFICIAL_LINES
    assert loaded.encoding == "doc"
    assert_official_sections(chunks_of(path, max_tokens=30))


def test_doc_without_libreoffice_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on it
    path = tmp_path / "old.doc"
    shutil.copy(DATA / "official.doc", path)
    with pytest.raises(LoadError, match=r"libreoffice-writer-nogui.*save the file as \.docx"):
        load_file(path, NoOcr())


# --- .wps and the rest ------------------------------------------------------------------


def test_wps_gets_a_message_and_the_rest_of_the_batch_goes_in(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "通知.wps").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    (folder / "报告.ppt").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    (folder / "good.md").write_text("# 一级标题\n\n## 二级标题\n\n正文内容在这里。\n", encoding="utf-8")
    report = ingest_paths(Settings(data_dir=tmp_path / "index"), [str(folder)], embedder=HashEmbedder(), ocr=NoOcr())
    reasons = {Path(o.source).name: o.reason for o in report.failures}
    assert set(reasons) == {"通知.wps", "报告.ppt"}
    assert "save it as .docx" in reasons["通知.wps"]
    assert "save it as .pptx" in reasons["报告.ppt"]
    assert report.count("added") == 1


def test_markdown_heading_path(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# 工作要点\n\n## 一、学习\n\n认真学习。\n\n## 二、落实\n\n### 具体措施\n\n狠抓落实。\n", encoding="utf-8")
    chunks = chunks_of(path, max_tokens=8)
    assert chunk_with(chunks, "认真学习").section == ("工作要点", "一、学习")
    assert chunk_with(chunks, "狠抓落实").section == ("工作要点", "二、落实", "具体措施")


def test_html_heading_levels(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><body><nav>首页 » 新闻</nav><h1>工作 要点</h1><p>引言。</p><h2>一、学习</h2><p>认真学习。</p>"
        "<h3>具体<b>措施</b></h3><p>狠抓落实。</p></body></html>",
        encoding="utf-8",
    )
    loaded = load_file(path, NoOcr())
    assert loaded.text.split("\n") == ["工作要点", "引言。", "一、学习", "认真学习。", "具体措施", "狠抓落实。"]
    chunks = chunks_of(path, max_tokens=8)
    assert chunk_with(chunks, "狠抓落实").section == ("工作要点", "一、学习", "具体措施")


MEETINGS = [
    ["时间", "地点", "内容", "参加人员"],
    ["3月15日上午9:00", "州委党校报告厅", "传达全国组织部长会议精神", "各县委组织部部长"],
    ["3月15日下午14:30", "州委党校第二会议室", "分组讨论", "各县委组织部副部长"],
    ["3月16日上午9:00", "州委党校报告厅", "总结讲话", "全体参会人员"],
]


@pytest.mark.parametrize(
    ("question", "short"),
    [
        ("分组讨论在哪里？", "州委党校第二会议室"),  # was no short answer
        ("总结讲话是什么时候？", "3月16日上午9:00"),  # was 3月16日
        ("3月15日下午的会议内容是什么？", "分组讨论"),  # was 下午14, cut at the time's colon
        ("3月16日上午在哪里开会？", "州委党校报告厅"),  # was 9
    ],
)
def test_a_notice_s_table_of_meetings_answers_where_when_and_what(
    tmp_path: Path, question: str, short: str
) -> None:
    pytest.importorskip("docx")
    answer = _asked(tmp_path, _word_table(tmp_path / "会议通知.docx", MEETINGS, "bold"), question)
    assert answer.short_answer is not None and answer.short_answer.text == short


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # Was 各县委组织部、州直, of the addressee line: the table names no session asked of.
        ("会议在哪里开？", "州委党校报告厅[1]、州委党校第二会议室[2]"),
        ("谁参加会议？", "各县委组织部部长[1]、各县委组织部副部长[2]、全体参会人员[3]"),  # was 部长会议精神
        ("联系电话是多少？", "0970-8641234[1]"),  # was refused: 电话 is the label, 联系 its reader's word
        ("联系人的电话是多少？", "0970-8641234[1]"),  # was 马明: 联系人 is whose, 电话 what is asked
    ],
)
def test_a_notice_s_columns_answer_what_it_names_no_session_of(
    tmp_path: Path, question: str, answer: str
) -> None:
    """A notice as offices write one (title, addressee line, body, its table of sessions, a contact
    line): a question of a column, naming no row, gets each value of it, cited in its row."""
    pytest.importorskip("docx")
    path = _word_table(
        tmp_path / "会议通知.docx", MEETINGS, "bold",
        before=["关于召开2024年组织工作会议的通知", "各县委组织部、州直各部门：",
                "经州委同意，定于2024年3月15日召开全州组织工作会议。现将有关事项通知如下。", "一、会议安排"],
        after=["二、有关要求", "请各单位于3月10日前将参会人员名单报州委组织部组织科，联系人：马明，电话：0970-8641234。"],
    )  # fmt: skip
    assert _asked(tmp_path, path, question).text.split("\n")[0] == answer


def test_an_official_document_s_number_is_asked_for(tmp_path: Path) -> None:
    """评估办法的文号是多少 of a notice printed as offices print theirs: was refused; 文号是多少, naming no
    document, lists each document's number."""
    text = ("中共海北州委组织部文件\n\n海组发〔2024〕12号\n\n关于印发《评估办法》的通知\n\n各县委组织部：\n\n"
            "现将《评估办法》印发给你们，请认真贯彻执行。\n\n中共海北州委组织部\n\n2024年3月1日\n")
    answer = _asked_of_text(tmp_path, "通知.txt", text, "评估办法的文号是多少？")
    assert answer.short_answer is not None and answer.short_answer.text == "海组发〔2024〕12号"
    settings = Settings(data_dir=tmp_path / "index")
    listed = Pipeline.from_settings(settings, embedder=HashEmbedder()).ask("文号是多少？")
    assert listed.text == "文库里1篇文档的文号：\n1. 《关于印发《评估办法》的通知》：海组发〔2024〕12号[1]"


@pytest.mark.parametrize(
    ("question", "said"),
    [("这份总结是谁写的？", "中共海北州委组织部"), ("这份总结是什么时候写的？", "2024年07月05日"),
     # named by its kind alone, the one document of that kind (was refused)
     ("总结是哪天写的？", "2024年07月05日")],
)
def test_a_summary_s_signature_answers_who_wrote_it_and_when(
    tmp_path: Path, question: str, said: str
) -> None:
    """A work summary signed at its end, as offices sign theirs (落款): both were refused."""
    text = ("2024年上半年干部教育培训工作总结\n\n今年以来，州委组织部扎实推进干部教育培训各项工作。\n\n"
            "中共海北州委组织部\n2024年7月5日\n")
    assert said in _asked_of_text(tmp_path, "工作总结.txt", text, question).text


SUMMARY = (
    "2024年上半年干部教育培训工作总结\n\n今年以来，州委组织部扎实推进干部教育培训各项工作。现将上半年工作总结如下。\n\n"
    "一、主要工作及成效\n\n举办专题培训班12期，培训干部1350人次。\n\n"
    "二、存在的问题\n\n一是培训内容针对性还不够强；二是培训经费保障不足，上半年实际支出经费186万元；三是训后评估机制不健全。\n\n"
    "三、下半年工作打算\n\n一是举办年轻干部培训班2期；二是完善训后评估办法。\n"
)


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("存在哪些问题？", "二、存在的问题"),  # was the summary's three headings, listed
        ("下半年有什么打算？", "三、下半年工作打算"),
        # The words naming the document and saying it says name no heading (was the three headings).
        ("工作总结提到了哪些问题？", "二、存在的问题"),
    ],
)
def test_a_question_about_one_of_a_document_s_headings_gets_its_section(
    tmp_path: Path, question: str, section: str
) -> None:
    body = SUMMARY.split(section + "\n\n")[1].split("\n")[0]
    assert _asked_of_text(tmp_path, "工作总结.txt", SUMMARY, question).text == f"{section}\n\n{body}[1]"


def test_a_heading_s_section_is_read_on_past_its_passage_and_keeps_its_sub_points(tmp_path: Path) -> None:
    """主要工作及成效有哪些: 一、主要工作及成效's （一）…（三） run on past its passage; they are its own, and
    the section ends at 二、 (was the document's headings, listed)."""
    path = tmp_path / "工作总结.txt"
    points = ["（一）突出政治训练。举办专题培训班6期，培训领导干部420人次。",
              "（二）强化专业能力。举办专题培训班12期，培训干部1350人次。",
              "（三）创新培训方式。上线课程230门，参学干部达8600人。"]  # fmt: skip
    path.write_text("2024年上半年干部教育培训工作总结\n\n今年以来，州委组织部扎实推进干部教育培训各项工作。\n\n"
                    "一、主要工作及成效\n\n" + "\n\n".join(points) + "\n\n二、存在的问题\n\n一是培训内容针对性还不够强。"
                    "\n\n三、下半年工作打算\n\n一是举办年轻干部培训班2期。\n", encoding="utf-8")  # fmt: skip
    settings = Settings(data_dir=tmp_path / "index", chunk_tokens=40)
    ingest_paths(settings, [str(path)], embedder=HashEmbedder(), ocr=NoOcr())
    answer = Pipeline.from_settings(settings, embedder=HashEmbedder()).ask("主要工作及成效有哪些？")
    assert len(answer.citations) > 1  # read on into the passages after
    assert "".join(c.quote for c in answer.citations).replace("\n", "") == "一、主要工作及成效" + "".join(points)


HOLIDAY = ("XX市财政局办公室\n财办发〔2027〕3号\n关于2027年春节放假及值班安排的通知\n局属各科室：\n"
           "2月6日至2月12日放假调休，共7天。\nXX市财政局办公室\n2027年1月20日\n")


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("春节放假通知是什么时候发的？", "2027年01月20日"),  # named by its kind and words of its title
        ("这个通知是哪天下发的？", "2027年01月20日"),
    ],
)
def test_a_notice_named_by_its_kind_is_dated_by_its_signature(
    tmp_path: Path, question: str, said: str
) -> None:
    """Was 2027年, of the title: 发的 issues a document when a time asks it, and an office names its
    documents by their kind (通知) and what they are about (春节放假)."""
    assert said in _asked_of_text(tmp_path, "放假通知.txt", HOLIDAY, question).text


@pytest.mark.parametrize(("question", "short"), [("联系人是谁？", "马明"), ("电话是多少？", "0970-8641234")])
def test_a_notice_s_contact_line_answers_who_and_what_number(
    tmp_path: Path, question: str, short: str
) -> None:
    text = "关于召开组织工作会议的通知\n\n请各单位于3月10日前将参会人员名单报州委组织部组织科，联系人：马明，电话：0970-8641234。\n"
    answer = _asked_of_text(tmp_path, "会议通知.txt", text, question)
    # Were 马明，电话：0970-8641234 (a run of clauses) and 电话：0970-8641234 (with its label).
    assert answer.short_answer is not None and answer.short_answer.text == short


STANDARDS = [
    ["人员类别", "省会城市（元/人·天）", "其他地区（元/人·天）"],
    ["局级干部", "600", "450"],
    ["处级干部", "450", "350"],
    ["其他人员", "350", "260"],
]


def test_a_table_whose_rows_the_question_names_none_of_is_quoted_whole(tmp_path: Path) -> None:
    """住宿费标准是多少 of a regulation's table of standards by grade: was 第九条 …住宿费 (九 counted
    as a number), then 260, one cell of its last row; 处级干部's row still gives its cell."""
    pytest.importorskip("docx")
    path = _word_table(
        tmp_path / "差旅费管理办法.docx", STANDARDS, "bold",
        before=["差旅费管理办法", "第七条 住宿费是指工作人员因公出差期间入住宾馆发生的房租费用。", "第八条 住宿费标准如下表："],
        after=["第九条 出差人员应当在标准限额内凭发票据实报销住宿费，超出部分由个人承担。"],
    )  # fmt: skip
    answer = _asked(tmp_path, path, "出差住宿费标准是多少？")
    rows = [f"人员类别：{a} | 省会城市（元/人·天）：{b} | 其他地区（元/人·天）：{c}" for a, b, c in STANDARDS[1:]]
    assert answer.short_answer is None
    assert re.sub(r"\[\d\]", "", answer.text) == "第八条 住宿费标准如下表：\n" + "\n".join(rows)  # cited a passage a run
    answer = _asked(tmp_path, path, "处级干部在省会城市住宿标准多少钱一天？")
    assert answer.short_answer is not None and answer.short_answer.text == "450"


MINUTES = (
    "第三季度安全生产工作会议纪要\n会议时间：2026年9月28日上午9:30\n会议地点：局机关三楼第二会议室\n"
    "主持人：陈志强副局长\n记录人：孙丽\n"
    "会议听取了办公室关于第三季度安全生产检查情况的汇报，研究部署了第四季度安全生产工作。\n"
)
QUOTATION = (
    "办公用品采购询价公告\n\n一、项目概况\n项目名称：2027年度办公用品采购\n预算金额：8.6万元\n\n"
    "二、报价要求\n报价截止时间：2026年12月15日17:00\n报价文件递交地点：局机关五楼财务科\n"
    "报价有效期：自报价截止之日起60天。\n\n三、联系方式\n采购人：XX市财政局\n联系人：赵磊\n"
)


@pytest.mark.parametrize(
    ("name", "text", "question", "answer"),
    [
        # Each was every record the ranker quoted, listed (陈志强副局长[1]、局机关三楼第二会议室[2]、…).
        ("纪要.txt", MINUTES, "会议主持人是谁？", "陈志强副局长[1]"),
        ("纪要.txt", MINUTES, "会议在哪里开的？", "局机关三楼第二会议室[1]"),  # 会议地点, not 会议时间
        ("公告.txt", QUOTATION, "报价截止时间是什么时候？", "2026年12月15日17:00[1]"),  # was dropped as a date line
        ("公告.txt", QUOTATION, "报价文件交到哪里？", "局机关五楼财务科[1]"),  # was 自报价截止之日起60天
        ("公告.txt", QUOTATION, "采购预算多少钱？", "8.6万元[1]"),  # 预算金额, not 采购人
    ],
)
def test_a_record_s_label_asked_gives_its_value_alone(
    tmp_path: Path, name: str, text: str, question: str, answer: str
) -> None:
    """The lines of label and value that head minutes and notices (会议时间：…, 报价截止时间：…): the
    one whose label the question names best, of its kind, answers."""
    assert _asked_of_text(tmp_path, name, text, question).text.split("\n")[0] == answer


@pytest.mark.parametrize(
    ("name", "text", "question", "answer"),
    [
        # A label named by the question's subject alone, ranked far below what says the rest (was 会议地点's).
        ("纪要.txt", MINUTES, "会议研究部署了什么工作？", "第四季度安全生产工作[1]"),
        # Named by a word beside the head the question asks for (采购人 of 采购的…供应商): no answer of it.
        ("公告.txt", QUOTATION, "采购的中标供应商是谁？", None),
        # Which floor is where (was 报价有效期's 60天: a count).
        ("公告.txt", QUOTATION, "报价文件送到几楼？", "局机关五楼财务科[1]"),
        # What the one a label names must do is no record's value (was 甲方：XX市财政局).
        ("合同.txt", "服务合同\n甲方：XX市财政局\n乙方：XX市信达科技有限公司\n"
         "第五条 甲方应为乙方驻场人员提供必要的工作场所。\n", "甲方应该提供什么？", "必要的工作场所[1]"),
    ],
)
def test_a_record_answers_only_what_its_label_is_asked_for(
    tmp_path: Path, name: str, text: str, question: str, answer: str | None
) -> None:
    found = _asked_of_text(tmp_path, name, text, question)
    if answer is None:
        assert "XX市财政局" not in found.text.split("\n")[0]
    else:
        assert found.text.split("\n")[0] == answer


def test_html_data_table_rows_labelled_and_a_layout_table_read_as_before(tmp_path: Path) -> None:
    """A page's table of data is read as a Word table is: a row a line, labelled under its `<th>`
    row, a cell spanning rows in each (was a cell a line); a table that lays out the page (a cell
    of prose) reads a cell a line as before."""
    body = "正文" * 60
    path = tmp_path / "分工.html"
    path.write_text(
        "<html><body><h1>干部分工</h1><table><caption>2024年分工表</caption>"
        "<thead><tr><th>部门</th><th>姓名</th><th>职务</th></tr></thead>"
        "<tr><td rowspan=2>组织部</td><td>张三</td><td>部长</td></tr><tr><td>李四</td><td>副部长</td></tr>"
        "<tr><td>宣传部</td><td colspan=2>王五</td></tr></table>"
        f"<table><tr><td><p>{body}</p></td><td>侧栏</td></tr><tr><td>甲</td><td>乙</td></tr></table>"
        "</body></html>",
        encoding="utf-8",
    )
    loaded = load_file(path, NoOcr())
    assert loaded.text.split("\n") == [
        "干部分工", "2024年分工表", "部门：组织部 | 姓名：张三 | 职务：部长", "部门：组织部 | 姓名：李四 | 职务：副部长",
        "部门：宣传部 | 姓名：王五", body, "侧栏", "甲", "乙",
    ]  # fmt: skip (the caption is a line of its own before the rows)
    assert loaded.row_lines == (2, 3, 4)
    answer = _asked(tmp_path, path, "李四的职务是什么？")
    assert answer.short_answer is not None and answer.short_answer.text == "副部长"


# --- .pptx ----------------------------------------------------------------------------


def test_pptx_a_section_and_a_page_per_slide(tmp_path: Path) -> None:
    pptx = pytest.importorskip("pptx")
    from pptx.util import Inches

    deck = pptx.Presentation()
    for title, bullets in (("组织工作要点", ["强化政治引领。", "夯实基层基础。"]), ("下一步打算", ["抓好干部教育培训。"])):
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = title
        slide.placeholders[1].text_frame.text = bullets[0]
        for bullet in bullets[1:]:
            slide.placeholders[1].text_frame.add_paragraph().text = bullet
    table = deck.slides[1].shapes.add_table(2, 2, Inches(1), Inches(5), Inches(6), Inches(1)).table
    for i, row in enumerate([["指标", "完成"], ["培训人次", "1200"]]):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    path = tmp_path / "汇报.pptx"
    deck.save(str(path))

    loaded = load_file(path, NoOcr())
    assert [line for line in loaded.text.split("\n") if line] == [
        "组织工作要点", "强化政治引领。", "夯实基层基础。", "下一步打算", "抓好干部教育培训。", "指标：培训人次 | 完成：1200",
    ]  # fmt: skip (a slide's table has its header-row style by default: its first row labels the rest)
    chunks = chunks_of(path, max_tokens=12)
    first, second = chunk_with(chunks, "强化政治引领"), chunk_with(chunks, "抓好干部")
    assert (first.section, first.pages()) == (("组织工作要点",), (1, 1))
    assert (second.section, second.pages()) == (("下一步打算",), (2, 2))


# --- PDF ------------------------------------------------------------------------------


def test_pdf_text_layer_pages_and_sections(tmp_path: Path) -> None:
    pytest.importorskip("fpdf")
    long = "全省组织部长会议以改革精神和严的标准划重点、明方向，以五个更加注重构建执行落实的闭环机制，海北组织系统必须抓好贯彻落实。"
    path = text_pdf(
        tmp_path / "report.pdf",
        [["一、切实增强改革创新的精神", long], ["（一）堅持黨的領導", "落實從嚴治黨責任。"], ["二、主要任务", "抓好干部教育。"]],
    )
    loaded = load_file(path, NoOcr())
    lines = loaded.text.split("\n")
    assert long in lines  # the lines the PDF wrapped are one paragraph again
    assert loaded.page_lines == (0, 2, 4)
    chunks = chunks_of(path, max_tokens=40)
    assert [(c.pages(), c.section) for c in chunks] == [
        ((1, 1), ("一、切实增强改革创新的精神",)),
        ((1, 1), ("一、切实增强改革创新的精神",)),
        ((1, 1), ("一、切实增强改革创新的精神",)),
        ((2, 2), ("一、切实增强改革创新的精神", "（一）堅持黨的領導")),
        ((3, 3), ("二、主要任务",)),
    ]
    spanning = chunks_of(path, max_tokens=2000)
    assert [c.pages() for c in spanning] == [(1, 3)]
    page_two = spanning[0].text.index("落實")
    assert spanning[0].pages(spanning[0].start + page_two, spanning[0].start + page_two + 4) == (2, 2)


# --- OCR ------------------------------------------------------------------------------


def test_ocr_lines_become_paragraphs_in_reading_order() -> None:
    h = 40
    lines = [
        OcrLine("第二行接着写完。", 100, 160, 500, 160 + h),  # out of order on purpose
        OcrLine("一、标题", 180, 20, 400, 20 + h),
        OcrLine("这一段的第一行写满了整个版心", 180, 90, 1000, 90 + h),
        OcrLine("单位", 180, 240, 300, 240 + h),
        OcrLine("人数", 600, 242, 700, 242 + h),
    ]
    assert paragraphs(lines) == ["一、标题", "这一段的第一行写满了整个版心第二行接着写完。", "单位 人数"]


@pytest.fixture(scope="module")
def ocr() -> RapidOcr:
    pytest.importorskip("rapidocr")
    return RapidOcr()


@pytest.mark.slow
def test_scanned_pdf_simplified_and_traditional(tmp_path: Path, ocr: RapidOcr) -> None:
    path = scanned_pdf(tmp_path / "scan.pdf", [SIMPLIFIED, TRADITIONAL])
    pages: list[tuple[int, int]] = []
    loaded = load_file(path, ocr, lambda done, total: pages.append((done, total)))
    assert pages == [(1, 2), (2, 2)]
    assert [folded(p) for p in loaded.text.split("\n")] == [folded(p) for p in SIMPLIFIED + TRADITIONAL]
    chunks = chunks_of(path, ocr, max_tokens=40)
    assert [(c.pages(), tuple(folded(h) for h in c.section)) for c in chunks] == [
        ((1, 1), ("一、切实增强改革创新的精神",)),
        ((1, 1), ("一、切实增强改革创新的精神",)),
        ((1, 1), ("一、切实增强改革创新的精神",)),
        ((2, 2), ("一、切实增强改革创新的精神", folded("（一）堅持黨的領導"))),
        ((2, 2), ("一、切实增强改革创新的精神", folded("（一）堅持黨的領導"))),
    ]


@pytest.mark.slow
def test_png_image(tmp_path: Path, ocr: RapidOcr) -> None:
    path = tmp_path / "photo.png"
    render_page(TRADITIONAL + SIMPLIFIED, dpi=150).save(path)
    loaded = load_file(path, ocr)
    assert [folded(p) for p in loaded.text.split("\n")] == [folded(p) for p in TRADITIONAL + SIMPLIFIED]
    assert loaded.page_lines == ()


@pytest.mark.slow
def test_a_page_scanned_upside_down_is_turned_round(tmp_path: Path, ocr: RapidOcr) -> None:
    path = tmp_path / "upside-down.jpg"
    render_page(SIMPLIFIED, dpi=150).rotate(180).save(path)
    assert [folded(p) for p in load_file(path, ocr).text.split("\n")] == [folded(p) for p in SIMPLIFIED]


def test_pdf_page_without_text_needs_the_ocr_engine(tmp_path: Path) -> None:
    path = scanned_pdf(tmp_path / "scan.pdf", [["扫描件"]], dpi=50)

    class Reads:
        calls = 0

        def read(self, image):
            self.calls += 1
            return [OcrLine("扫描件", 10, 10, 100, 40)]

    engine = Reads()
    assert load_file(path, engine).text == "扫描件"
    assert engine.calls == 1


def test_ingest_reports_progress_per_ocr_page(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    scanned_pdf(folder / "scan.pdf", [["第一页"], ["第二页"]], dpi=50)

    class Reads:
        def read(self, image):
            return [OcrLine("扫描所得的一行文字。", 10, 10, 300, 40)]

    seen: list[str] = []
    report = ingest_paths(
        Settings(data_dir=tmp_path / "index"), [str(folder)], embedder=HashEmbedder(), ocr=Reads(),
        progress=lambda done, total, source: seen.append(source),
    )  # fmt: skip
    assert report.count("added") == 1
    assert [s for s in seen if "OCR" in s] == ["scan.pdf · OCR 1/2", "scan.pdf · OCR 2/2"]

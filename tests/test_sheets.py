"""Spreadsheets: .xlsx built here with openpyxl, .xls with xlwt (the dev extra), read into a section and a page per sheet."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwt
from msoffcrypto.format.ooxml import OOXMLFile

from ingest.load import load_file
from ingest.pipeline import _prepare, ingest_paths
from ingest.sheets import date_text, number_text
from rag.config import Settings
from rag.errors import LoadError
from rag.pipeline import Pipeline
from tests.fakes import HashEmbedder

# The first sheet of `roster`, as it reads: the merged title row, then every row under the
# header row labelled by its column's header; the vertically merged 组织部 on both its rows.
ROSTER_LINES = [
    "干部名单",
    "2024年海北州干部名单",
    "部门：组织部 | 姓名：张三 | 职务：部长 | 月薪：12,500.50 | 占比：12.5% | 入职日期：2019年3月1日",
    "部门：组织部 | 姓名：李四 | 职务：副部长 | 月薪：0.3 | 入职日期：2021-07-15",
    "部门：宣传部 | 姓名：王五 | 月薪：25,001.00",
    "部门：来源：新华社 | 姓名：2024-03-01 09:30",
]


class NoOcr:
    def read(self, image):
        raise AssertionError("OCR was not needed here")


def _set_cached_value(path: Path, sheet: str, cell: str, value: str) -> None:
    """Give a formula cell the value Excel would have saved with it (openpyxl writes the formula alone)."""
    member = f"xl/worksheets/{sheet}.xml"
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts[member].decode("utf-8")
    start = xml.index(f'<c r="{cell}"')
    end = xml.index("</c>", start)
    assert "<v></v>" in xml[start:end] or "<v />" in xml[start:end], xml[start:end]
    formula_cell = xml[start:end].replace("<v></v>", f"<v>{value}</v>").replace("<v />", f"<v>{value}</v>")
    parts[member] = (xml[:start] + formula_cell + xml[end:]).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def roster(path: Path) -> Path:
    """A workbook as an office keeps one: a titled roster with merged cells, a formula, formats,
    an empty sheet, a hidden one, and a Traditional-script sheet of bare numbers."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "干部名单"
    sheet["A1"] = "2024年海北州干部名单"
    sheet.merge_cells("A1:F1")
    sheet.append(["部门", "姓名", "职务", "月薪", "占比", "入职日期"])
    sheet.append(["组织部", "张三", "部长", 12500.5, 0.125, dt.datetime(2019, 3, 1)])
    sheet.append([None, "李四", "副部长", 0.1 + 0.2, None, dt.datetime(2021, 7, 15)])
    sheet.merge_cells("A3:A4")
    sheet.append([])
    sheet.append(["宣传部", "王五", None, "=D3*2"])
    sheet.append(["来源：新华社", dt.datetime(2024, 3, 1, 9, 30)])
    for cell in ("D3", "D6"):
        sheet[cell].number_format = "#,##0.00"
    sheet["E3"].number_format = "0.0%"
    sheet["F3"].number_format = 'yyyy"年"m"月"d"日"'
    book.create_sheet("空表")
    hidden = book.create_sheet("隱藏")
    hidden["A1"] = "不应读到"
    hidden.sheet_state = "hidden"
    numbers = book.create_sheet("統計表")
    numbers.append([3, 2.5, 1 / 3])
    numbers.append([None, None, None, None])
    numbers.append([None, "合計", 3.0000000000000004])
    book.save(path)
    _set_cached_value(path, "sheet1", "D6", "25001")
    return path


def test_xlsx_a_section_and_a_page_per_sheet_rows_labelled_by_their_header(tmp_path: Path) -> None:
    loaded = load_file(roster(tmp_path / "名册.xlsx"), NoOcr())
    lines = loaded.text.split("\n")
    assert lines == [*ROSTER_LINES, "", "統計表", "3 | 2.5 | 0.3333333333", "合計 | 3", ""]
    # The empty sheet and the hidden one are skipped: two pages, each headed by its sheet's name.
    assert loaded.page_lines == (0, 7)
    assert loaded.heading_lines == ((0, 1), (7, 1))
    assert loaded.tabular
    assert loaded.encoding == "xlsx"


def test_xlsx_chunks_carry_the_sheet_as_section_and_page_and_every_row_is_kept(tmp_path: Path) -> None:
    path = roster(tmp_path / "名册.xlsx")
    prepared = _prepare(Settings(chunk_tokens=64, chunk_overlap=0), path, path.name, {}, NoOcr())
    assert prepared.outcome is None, prepared.outcome
    # A row that would be a web page's source/date line elsewhere is data in a sheet.
    assert prepared.doc.text.split("\n")[: len(ROSTER_LINES)] == ROSTER_LINES
    # A workbook's first lines are a sheet name and a header row: the title is the file's name.
    assert (prepared.doc.title, prepared.doc.author, prepared.doc.date) == ("名册", None, None)
    first = next(c for c in prepared.chunks if "李四" in c.text)
    assert (first.section, first.page) == (("干部名单",), 1)
    last = next(c for c in prepared.chunks if "合計" in c.text)
    assert (last.section, last.page) == (("統計表",), 2)


@pytest.mark.parametrize(
    ("question", "short", "row"),
    [
        ("张三的职务是什么？", "部长", 2),
        ("李四是什么时候入职的？", "2021-07-15", 3),  # was 12.5
        ("王五的月薪是多少？", "25,001.00", 4),
        ("李四在哪个部门？", "组织部", 3),  # was 部门: a label is no answer
        # Who, naming a value and no column: the row's one cell under a header of people.
        ("宣传部有谁？", "王五", 4),  # was 李四, of the 组织部 row quoted beside 宣传部's
        ("月薪25,001.00的是谁？", "王五", 4),  # was 宣传部
        ("组织部的部长是谁？", "张三", 2),  # the row naming 组织部 and 部长, not 副部长's naming 组织部 alone
    ],
)
def test_a_question_of_a_row_is_answered_with_the_cell_it_asks_for(
    tmp_path: Path, question: str, short: str, row: int
) -> None:
    (tmp_path / "docs").mkdir()
    roster(tmp_path / "docs" / "名册.xlsx")
    settings = Settings(data_dir=tmp_path / "index")
    ingest_paths(settings, [str(tmp_path / "docs")], embedder=HashEmbedder(), ocr=NoOcr())
    answer = Pipeline.from_settings(settings, embedder=HashEmbedder()).ask(question)
    # It was a span across the cells (部门：组织部 | 姓名：张三 | 职务), or another cell's number.
    assert answer.short_answer is not None and answer.short_answer.text == short
    assert answer.citations[0].quote == ROSTER_LINES[row]


def test_xls_read_like_xlsx(tmp_path: Path) -> None:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("干部名单")
    sheet.write_merge(0, 0, 0, 5, "2024年海北州干部名单")
    for col, label in enumerate(["部门", "姓名", "职务", "月薪", "占比", "入职日期"]):
        sheet.write(1, col, label)
    sheet.write_merge(2, 3, 0, 0, "组织部")
    for col, value in enumerate(["张三", "部长"], start=1):
        sheet.write(2, col, value)
    sheet.write(2, 3, 12500.5, xlwt.easyxf(num_format_str="#,##0.00"))
    sheet.write(2, 4, 0.125, xlwt.easyxf(num_format_str="0.0%"))
    sheet.write(2, 5, dt.date(2019, 3, 1), xlwt.easyxf(num_format_str='yyyy"年"m"月"d"日"'))
    sheet.write(3, 1, "李四")
    sheet.write(3, 2, "副部长")
    sheet.write(3, 3, 0.1 + 0.2)
    sheet.write(3, 5, dt.date(2021, 7, 15), xlwt.easyxf(num_format_str="yyyy-mm-dd"))
    sheet.write(5, 0, "宣传部")
    sheet.write(5, 1, "王五")
    sheet.write(5, 3, 25001, xlwt.easyxf(num_format_str="#,##0.00"))
    sheet.write(6, 0, "来源：新华社")
    sheet.write(6, 1, dt.datetime(2024, 3, 1, 9, 30), xlwt.easyxf(num_format_str="yyyy-mm-dd hh:mm"))
    book.add_sheet("空表")
    hidden = book.add_sheet("隱藏")
    hidden.write(0, 0, "不应读到")
    hidden.visibility = 1
    path = tmp_path / "名册.xls"
    book.save(str(path))
    loaded = load_file(path, NoOcr())
    assert loaded.text.split("\n") == [*ROSTER_LINES, ""]
    assert (loaded.page_lines, loaded.heading_lines, loaded.tabular) == ((0,), ((0, 1),), True)


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (0.1 + 0.2, "General", "0.3"),
        (3.0000000000000004, "General", "3"),
        (1 / 3, "General", "0.3333333333"),
        (13812345678, "General", "13812345678"),
        (2.5, "0", "3"),
        (-1234.5, "#,##0.00;[Red](#,##0.00)", "(1,234.50)"),
        (0.4567, "0.00%", "45.67%"),
        (98.5, '0.0"分"', "98.5分"),
        (12, 'General"人"', "12人"),
        (0, '"合格"', "合格"),
        (1234, "[$¥-804]#,##0", "¥1,234"),
        (1234.5, "#,##0.00_);(#,##0.00)", "1,234.50"),
        (12345678, "0.00E+00", "12345678"),
    ],
)
def test_numbers_read_as_the_cell_shows_them(value: float, number_format: str, shown: str) -> None:
    assert number_text(value, number_format) == shown


def test_dates_read_as_the_cell_shows_them() -> None:
    assert date_text(dt.datetime(2024, 3, 1), 'yyyy"年"m"月"d"日"') == "2024年3月1日"
    assert date_text(dt.datetime(2024, 3, 1), "yyyy/m/d") == "2024-03-01"
    assert date_text(dt.datetime(2024, 3, 1, 9, 30), "yyyy-mm-dd h:mm") == "2024-03-01 09:30"
    assert date_text(dt.time(14, 5, 9), "h:mm:ss") == "14:05:09"


def _encrypted(path: Path, tmp_path: Path) -> Path:
    """The workbook as Excel saves it with a password (文件 → 信息 → 保护工作簿 → 用密码进行加密)."""
    plain = roster(tmp_path / "plain.xlsx")
    out = io.BytesIO()
    with open(plain, "rb") as file:
        OOXMLFile(file).encrypt("口令123", out)
    path.write_bytes(out.getvalue())
    plain.unlink()
    return path


def test_bad_workbooks_get_a_message_and_the_rest_of_the_batch_goes_in(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    _encrypted(folder / "工资.xlsx", tmp_path)
    roster(tmp_path / "whole.xlsx")
    (folder / "截断.xlsx").write_bytes((tmp_path / "whole.xlsx").read_bytes()[:2000])
    with zipfile.ZipFile(folder / "坏的.xlsx", "w") as archive:  # a zip, but its workbook part is garbage
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("xl/workbook.xml", "not xml")
    (folder / "旧表.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    empty = openpyxl.Workbook()
    empty.create_sheet("空表二")
    empty.save(folder / "空的.xlsx")
    roster(folder / "名册.xlsx")
    report = ingest_paths(Settings(data_dir=tmp_path / "index"), [str(folder)], embedder=HashEmbedder(), ocr=NoOcr())
    reasons = {Path(o.source).name: o.reason for o in report.failures}
    assert set(reasons) == {"工资.xlsx", "截断.xlsx", "坏的.xlsx", "旧表.xls", "空的.xlsx"}
    assert reasons["工资.xlsx"].startswith("it is protected by a password")  # the outcome names the file
    assert "remove the password" in reasons["工资.xlsx"]
    assert reasons["截断.xlsx"].startswith("not a readable Excel workbook")
    assert reasons["坏的.xlsx"].startswith("not a valid Excel workbook")
    assert reasons["旧表.xls"].startswith("not a valid Excel 97-2003 workbook")
    for reason in reasons.values():
        assert "save it" in reason or "the file is empty" in reason, reason
    assert "the file is empty" in reasons["空的.xlsx"]
    assert report.count("added") == 1


def test_a_password_protected_xls_says_so(tmp_path: Path) -> None:
    path = _encrypted(tmp_path / "工资.xls", tmp_path)  # an encrypted workbook saved under the old suffix
    with pytest.raises(LoadError, match="protected by a password"):
        load_file(path, NoOcr())



def test_a_question_whose_rows_answer_differently_lists_every_row_of_the_table(tmp_path: Path) -> None:
    """组织部有谁: every 组织部 row's 姓名, in the passages retrieved or elsewhere in the sheet (the
    library's keyword index is scanned for 组织部), each cited in its row, to 20 and the rest counted."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["部门", "姓名", "职务"])
    for i in range(75):  # 25 a department, interleaved: a chunk holds some of each
        sheet.append([["组织部", "宣传部", "统战部"][i % 3], f"干部{i:02d}号", "科员"])
    (tmp_path / "docs").mkdir()
    book.save(tmp_path / "docs" / "名册.xlsx")
    settings = Settings(data_dir=tmp_path / "index")
    ingest_paths(settings, [str(tmp_path / "docs")], embedder=HashEmbedder(), ocr=NoOcr())
    answer = Pipeline.from_settings(settings, embedder=HashEmbedder()).ask("统战部有谁？")
    names = [f"干部{i:02d}号" for i in range(2, 75, 3)]
    lead, _, rest = answer.text.partition("\n\n")
    listed = re.findall(r"干部\d\d号", lead)
    assert len(set(listed)) == len(listed) == 20 and set(listed) <= set(names)  # was one name, 干部11号
    assert rest.endswith("……另有5行也是。")
    assert [c.quote for c in answer.citations] == [f"部门：统战部 | 姓名：{name} | 职务：科员" for name in listed]


def test_which_ones_a_row_s_value_names_are_the_people_of_those_rows(tmp_path: Path) -> None:
    """哪些人是科长 was answered with one row, 副局长有哪些 with the 局长's and one 副局长's; they are listed
    in the table's order."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "科室", "职务"])
    for row in [("王建国", "局领导", "局长"), ("刘芳", "局领导", "副局长"), ("陈志强", "局领导", "副局长"),
                ("李明", "财务科", "科长"), ("周涛", "预算科", "科长"), ("郑华", "人事科", "科长"), ("冯雪", "人事科", "科员")]:
        sheet.append(row)
    (tmp_path / "docs").mkdir()
    book.save(tmp_path / "docs" / "通讯录.xlsx")
    settings = Settings(data_dir=tmp_path / "index")
    ingest_paths(settings, [str(tmp_path / "docs")], embedder=HashEmbedder(), ocr=NoOcr())
    pipeline = Pipeline.from_settings(settings, embedder=HashEmbedder())
    for question, names in [("哪些人是科长？", ["李明", "周涛", "郑华"]), ("副局长有哪些？", ["刘芳", "陈志强"])]:
        lead = pipeline.ask(question).text.partition("\n\n")[0]
        assert re.findall(r"[\u4e00-\u9fff]+(?=\[\d\])", lead) == names, question


def test_how_many_people_rows_name_is_who_they_are_counted(tmp_path: Path) -> None:
    """统战部有几个人 was answered with a number the rows hold (a 序号); it is who they are, counted in a
    note beside the names cited (the count is no span of the sheet): all 25, not the 20 listed."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "部门", "姓名"])
    for i in range(75):
        sheet.append([i + 1, ["组织部", "宣传部", "统战部"][i % 3], f"干部{i:02d}号"])
    (tmp_path / "docs").mkdir()
    book.save(tmp_path / "docs" / "名册.xlsx")
    settings = Settings(data_dir=tmp_path / "index")
    ingest_paths(settings, [str(tmp_path / "docs")], embedder=HashEmbedder(), ocr=NoOcr())
    lead = Pipeline.from_settings(settings, embedder=HashEmbedder()).ask("统战部有几个人？").text.partition("\n\n")[0]
    assert lead.endswith("（共25人）") and len(re.findall(r"干部\d\d号", lead)) == 20


@pytest.mark.parametrize(
    ("question", "short", "row"),
    [
        ("谁的月薪最高？", "干部37号", 37),  # the one row giving the highest, wherever it stands
        ("月薪最低的是谁？", "干部05号", 5),
        ("最早入职的是谁？", "干部61号", 61),  # a date's earliest
        ("最高的月薪是多少？", "9,100.00", 37),  # no other column asked: the value itself
        ("统战部谁的月薪最高？", "干部20号", 20),  # of the rows it names
        ("宣传部谁的月薪最低？", "干部01号", 1),  # ... found beyond the passages retrieved
    ],
)
def test_the_row_with_a_column_s_highest_or_lowest_value_answers(
    tmp_path: Path, question: str, short: str, row: int
) -> None:
    """谁的月薪最高 of a sheet of 75 rows, most not retrieved: the table's rows are scanned for the
    column's label and compared by its numbers or dates (was refused, or a retrieved row's)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["部门", "姓名", "月薪", "入职日期"])
    for i in range(75):
        pay = 9100 if i == 37 else 1000 if i == 5 else 8000 if i == 20 else 3000 + i * 10
        sheet.append([["组织部", "宣传部", "统战部"][i % 3], f"干部{i:02d}号", pay,
                      dt.date(2010 if i == 61 else 2015, 1 + i % 12, 1)])
        sheet.cell(i + 2, 3).number_format = "#,##0.00"
        sheet.cell(i + 2, 4).number_format = "yyyy-mm-dd"
    (tmp_path / "docs").mkdir()
    book.save(tmp_path / "docs" / "名册.xlsx")
    settings = Settings(data_dir=tmp_path / "index")
    ingest_paths(settings, [str(tmp_path / "docs")], embedder=HashEmbedder(), ocr=NoOcr())
    answer = Pipeline.from_settings(settings, embedder=HashEmbedder()).ask(question)
    assert answer.short_answer is not None and answer.short_answer.text == short
    assert f"姓名：干部{row:02d}号" in answer.citations[answer.short_answer.n - 1].quote


def test_rows_of_one_department_answering_differently_are_listed_each_cited(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    roster(tmp_path / "docs" / "名册.xlsx")
    settings = Settings(data_dir=tmp_path / "index")
    ingest_paths(settings, [str(tmp_path / "docs")], embedder=HashEmbedder(), ocr=NoOcr())
    answer = Pipeline.from_settings(settings, embedder=HashEmbedder()).ask("组织部的月薪是多少？")
    # Was one of them, as though the department had one 月薪.
    assert answer.text.startswith("12,500.50[1]、0.3[2]\n\n1. ")
    assert answer.short_answer is None
    assert [c.quote for c in answer.citations] == ROSTER_LINES[2:4]


def test_a_header_of_two_rows_labels_each_column_by_its_own_header(tmp_path: Path) -> None:
    """基本情况 merged over 姓名 | 性别 | 职务 and 联系方式 over 电话, 序号 merged down both rows: each
    column is labelled by the lower row's cell, or the one merged down from above (序号); the
    second header row is no line of its own (it was a row of data labelled 基本情况：姓名 …)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "基本情况", None, None, "联系方式"])
    sheet.append([None, "姓名", "性别", "职务", "电话"])
    sheet.append([1, "张三", "男", "部长", "0970-8641234"])
    sheet.merge_cells("A1:A2")
    sheet.merge_cells("B1:D1")
    path = tmp_path / "通讯录.xlsx"
    book.save(path)
    assert load_file(path, NoOcr()).text.split("\n")[1:] == [
        "序号：1 | 姓名：张三 | 性别：男 | 职务：部长 | 电话：0970-8641234", ""]


def test_a_blank_header_cell_is_no_merged_one(tmp_path: Path) -> None:
    """A first row of data under a header with a blank column stays a row (it is no second header)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["部门", "姓名", None, "职务"])
    sheet.append(["组织部", "张三", "借调", "部长"])
    path = tmp_path / "名单.xlsx"
    book.save(path)
    assert load_file(path, NoOcr()).text.split("\n")[1:] == ["部门：组织部 | 姓名：张三 | 借调 | 职务：部长", ""]

"""A table's rows as lines: a spreadsheet's, a Word table's, a slide's.

Each non-empty row is a line of its non-empty cells joined by ` | `. Under a header row
(not a line itself: the labels say all it says) every cell is labelled with its column's
header, `姓名：张三 | 职务：部长`, so that a chunk cut from the middle of a long table still says
what its values are, for BM25, the embedder, the reader of a quoted row and the answerer
(rag/cells.py reads the labels back). Which row is the header is the format's to say:
ingest/sheets.py takes a sheet's first row of text cells; ingest/office.py a Word or
PowerPoint table's first row when the file marks it or the table's columns show it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from rag.cells import CELL_SEPARATOR, LABEL_SEPARATOR, MAX_LABEL


class Cell(NamedTuple):
    """A cell as the user sees it, whether it holds text (a number or a date is no header), and
    whether it is the part past the first of a cell merged across columns."""

    text: str
    is_text: bool
    spanned: bool = False


EMPTY = Cell("", False)
SPANNED = Cell("", False, spanned=True)

_DIGIT = re.compile(r"\d")


def can_label(row: Sequence[Cell]) -> bool:
    """Whether `row` can be a header: two or more filled cells, distinct, each one rag.cells reads
    back as a label (short, with neither separator in it)."""
    filled = [cell.text for cell in row if cell.text]
    return (
        len(filled) >= 2
        and len(set(filled)) == len(filled)
        and all(len(text) <= MAX_LABEL and LABEL_SEPARATOR not in text and "|" not in text for text in filled)
    )


def first_row_header(rows: Sequence[Sequence[Cell]], marked: bool) -> int | None:
    """0 when a document's table has its first row for a header, else None. The first row must
    be able to label (`can_label`) and be `marked` as a header by the file (repeated on each
    page, bold, a slide's header-row style), or be shown one by a column of numbers under it.

    A column of numbers: in every row under the first, some column holds a number while its
    first row's cell holds none (序号 1, 2, 3; 人数 42, 17, 9), in three rows and more, and the
    first column holds a number somewhere under the first row. A form of label and value pairs
    (姓名 | 张三 | 性别 | 男, then 年龄 | 45 | 民族 | 汉) may have such a column of values, but its
    first column is its labels: unmarked, it reads as rows of pairs. Written by hand: no reader
    of Word or PowerPoint files says which row of a table is its header.
    """
    if len(rows) < 2 or not can_label(rows[0]):
        return None
    header, body = rows[0], rows[1:]
    columns = [
        cell for col, cell in enumerate(header)
        if cell.text and not _DIGIT.search(cell.text)
        and all(col < len(row) and _DIGIT.search(row[col].text) for row in body)
    ]  # fmt: skip
    # The first column's numbers, or a header that names what its column's numbers are (时间 over
    # 3月1日至3月31日, 人数 over 42): a form's value (张三) above a column of numbers names no kind.
    numbers = len(body) >= 3 and bool(columns) and (
        any(row and _DIGIT.search(row[0].text) for row in body)
        or any(_names_a_measure(cell.text) for cell in columns)
    )
    return 0 if marked or numbers else None


# What a header names a column of numbers or dates by (时间, 日期, 金额（万元）, 人数, 电话, 学时).
_MEASURE_HEADER = re.compile(
    r"(?:时间|日期|期限|时限|时段|年度|年份|年月|金额|数量|数|电话|号码|手机|编号|序号|学时|课时|标准|价格|单价|费用|"
    r"预算|经费|比例|分数|成绩|面积|时长|工资|薪酬|月薪|收入|合计|小计|总计)$"
)
_UNIT = re.compile(r"\s*[（(][^（）()]*[）)]\s*$")


def _names_a_measure(label: str) -> bool:
    """Whether a header cell names what a column of numbers or dates measures, its unit aside."""
    return _MEASURE_HEADER.search(_UNIT.sub("", label)) is not None


def _row_line(row: Sequence[Cell], header: Sequence[Cell] | None) -> str:
    """A row's filled cells joined by ` | `, each labelled by the header's cell above it (none where
    that is empty or the same text)."""
    texts = []
    for col, cell in enumerate(row):
        if not cell.text:
            continue
        label = header[col].text if header is not None and col < len(header) else ""
        texts.append(f"{label}{LABEL_SEPARATOR}{cell.text}" if label and label != cell.text else cell.text)
    return CELL_SEPARATOR.join(texts)


def table_lines(rows: Sequence[Sequence[Cell]], header_at: int | None) -> list[str]:
    """The non-empty rows as lines; the row at `header_at` (None: no header) labels the rows below
    it and is no line itself, and so does a second header row under it (`_sub_header`)."""
    if header_at is None:
        return [_row_line(row, None) for row in rows if any(cell.text for cell in row)]
    header, skipped = list(rows[header_at]), {header_at}
    below = next((i for i in range(header_at + 1, len(rows)) if any(cell.text for cell in rows[i])), None)
    if below is not None and _sub_header(header, rows[below]):
        # Each column's label is its own header's, or the one merged across it above (序号).
        sub = rows[below]
        header = [sub[col] if col < len(sub) and sub[col].text else top for col, top in enumerate(header)]
        header += sub[len(header) :]
        skipped.add(below)
    return [
        _row_line(row, header if i > header_at else None)
        for i, row in enumerate(rows)
        if i not in skipped and any(cell.text for cell in row)
    ]


def _sub_header(header: Sequence[Cell], row: Sequence[Cell]) -> bool:
    """Whether `row`, the one under a header row, is a second header row: the header has a cell
    merged across columns above a cell of `row` (基本情况 over 姓名 | 性别 | 职务, 联系方式 over 电话 |
    邮箱), and `row` can label. A roster's first row has no header cell merged above it, and a blank
    header cell is no merged one."""
    spanned = any(col < len(header) and header[col].spanned and cell.text for col, cell in enumerate(row))
    return spanned and can_label(row) and all(cell.is_text for cell in row if cell.text)

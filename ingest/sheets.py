"""Spreadsheets: .xlsx/.xlsm (openpyxl) and old .xls (xlrd), a section and a page per sheet.

Each sheet is a section headed by the sheet's name and a page (as a slide is in a .pptx),
each non-empty row a line (ingest/tables.py). Hidden sheets, empty rows and empty cells are
skipped. Every row under the header row (the first row of two or more cells, all of them
text) labels its cells with their column's header (`姓名：张三 | 部门：组织部`). The header
row itself is not a line: as a line of its own the extractive answerer quoted it
(`部门 | 姓名 | 职务`) beside the row that answered. A vertically merged cell is repeated in
every row it spans (the rows it groups belong to it); a horizontally merged one is read once.

.xls is read with xlrd rather than through LibreOffice as .doc is: xlrd is pure Python
from PyPI and reads .xls directly with its number formats, where LibreOffice would need
its Calc component (another Debian install) and a second or two per file to start.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from ingest.layout import Layout, TextBuilder
from ingest.tables import EMPTY, SPANNED, Cell, table_lines
from rag.errors import LoadError

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An Office file saved with a password is an OLE container holding this stream, whatever its suffix.
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_PASSWORD_ADVICE = (
    "it is protected by a password; open it in Excel or WPS, remove the password "
    "(文件 → 信息 → 保护工作簿 → 用密码进行加密, clear it) and save it, then add it again"
)


@dataclasses.dataclass(frozen=True)
class Sheet:
    """A visible sheet: its name and its rows of cells, merged cells resolved."""

    title: str
    rows: list[list[Cell]]


# --- Showing a value as the user sees it ------------------------------------------------

_BRACKET = re.compile(r"\[([^\]]*)\]")
_QUOTED = re.compile(r'"([^"]*)"')
_NUMBER_PART = re.compile(r"[#0?][#0?,]*(?:\.[#0?]*)?|\.[#0?]+")


def _general(value: float) -> str:
    """A number in Excel's General format: integers whole, others to 10 significant digits (0.1+0.2 is 0.3)."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.10g}"


def _literal(text: str) -> str:
    """The literal text of a piece of a number format: quoted text, escaped characters, no padding marks."""
    text = re.sub(r"_.|\*.", "", text)  # `_)` pads with a space's width, `*-` fills the cell
    text = re.sub(r"\\(.)", r"\1", text)
    return _QUOTED.sub(r"\1", text)


def number_text(value: float, number_format: str | None) -> str:
    """A number shown under its cell's number format: fixed decimals, thousands separators, percent,
    and literal text (`0.00"元"`, `[$¥-804]#,##0`); General and anything else as General.

    Written by hand: openpyxl and xlrd give the value and the format string but neither
    applies one to the other, and a number's decimals are part of what the cell says.
    """
    fmt = (number_format or "General").strip()
    sections = fmt.split(";")
    section = sections[0]
    if value < 0 and len(sections) > 1 and sections[1].strip():
        section, value = sections[1], -value  # the negative section writes its own sign or brackets
    # `[$¥-804]` shows its currency symbol; colours and conditions (`[Red]`, `[>100]`) show nothing.
    section = _BRACKET.sub(lambda m: m.group(1)[1:].split("-")[0] if m.group(1).startswith("$") else "", section)
    if section.lower() in ("general", "@", "") or re.search(r"[eE][+-]", section):
        return _general(value)
    unquoted = _QUOTED.sub(lambda m: "\0" * len(m.group(0)), section)  # placeholders inside quotes are text
    if general := re.search("general", unquoted, re.IGNORECASE):  # `General"人"`
        return _literal(section[: general.start()]) + _general(value) + _literal(section[general.end() :])
    match = _NUMBER_PART.search(unquoted)
    if match is None:
        return _literal(section) or _general(value)
    placeholders = match.group(0)
    decimals = len(placeholders.split(".", 1)[1]) if "." in placeholders else 0
    if "%" in unquoted:
        value *= 100
    grouping = "," if "," in placeholders.split(".")[0] else ""
    # Excel rounds halves away from zero (2.5 shows as 3); Python's format rounds them to even.
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    number = f"{rounded:{grouping}.{decimals}f}"
    return _literal(section[: match.start()]) + number + _literal(section[match.end() :])


def date_text(value: dt.datetime | dt.date | dt.time, number_format: str | None) -> str:
    """A date or time as the user reads it: 2024年3月1日 under a Chinese date format, else 2024-03-01 (with the time when it has one)."""
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    chinese = bool(re.search("[年月日]", number_format or ""))
    date = f"{value.year}年{value.month}月{value.day}日" if chinese else value.strftime("%Y-%m-%d")
    if isinstance(value, dt.datetime) and value.time() != dt.time(0):
        return f"{date} {value.strftime('%H:%M:%S' if value.second else '%H:%M')}"
    return date


def value_cell(value: object, number_format: str | None) -> Cell:
    """A cell's value (as openpyxl gives it) as the user sees it."""
    if value is None:
        return EMPTY
    if isinstance(value, str):
        return Cell(" ".join(value.split()), True)
    if isinstance(value, bool):
        return Cell("TRUE" if value else "FALSE", False)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return Cell(date_text(value, number_format), False)
    if isinstance(value, (int, float)):
        return Cell(number_text(value, number_format), False)
    return Cell(" ".join(str(value).split()), False)  # a timedelta under [h]:mm, say


# --- Sheets into lines ----------------------------------------------------------------------


def merge(rows: list[list[Cell]], ranges: Iterable[tuple[int, int, int, int]]) -> list[list[Cell]]:
    """Rows with each merged range's value repeated down its first column (ranges as 0-based
    (first row, last row, first column, last column), inclusive); across, it stays once, the
    columns past its first `SPANNED`."""
    for first_row, last_row, first_col, last_col in ranges:
        if first_row >= len(rows) or first_col >= len(rows[first_row]):
            continue
        top = rows[first_row]
        top.extend([EMPTY] * (last_col + 1 - len(top)))
        top[first_col + 1 : last_col + 1] = [SPANNED] * (last_col - first_col)
        value = rows[first_row][first_col]
        for r in range(first_row + 1, min(last_row, len(rows) - 1) + 1):
            row = rows[r]
            row.extend([EMPTY] * (first_col + 1 - len(row)))
            row[first_col] = value
    return rows


def _is_header(row: Sequence[Cell]) -> bool:
    filled = [cell for cell in row if cell.text]
    return len(filled) >= 2 and all(cell.is_text for cell in filled)


def sheet_lines(rows: Sequence[Sequence[Cell]]) -> list[str]:
    """A sheet's non-empty rows as lines; under the header row (not a line itself), each cell labelled with its column's header."""
    header_at = next((i for i, row in enumerate(rows) if _is_header(row)), None)
    return table_lines(rows, header_at)


def workbook_layout(path: Path) -> Layout:
    """A section and a page per visible sheet that has anything in it, a line per non-empty row.

    The format is told by the file's bytes, not its suffix (an .xls saved under .xlsx reads),
    and a password-protected or damaged workbook is a LoadError that says what to do.
    """
    with open(path, "rb") as file:
        head = file.read(len(_OLE_MAGIC))
    if zipfile.is_zipfile(path):
        sheets = _xlsx_sheets(path)
    elif head == _OLE_MAGIC:
        if _ENCRYPTED_STREAM in path.read_bytes():
            raise LoadError(f"{path}: {_PASSWORD_ADVICE}")
        sheets = _xls_sheets(path)
    else:
        raise LoadError(
            f"{path}: not a readable Excel workbook (damaged, or not a spreadsheet); open it in Excel or WPS "
            "and save it as .xlsx"
        )
    builder = TextBuilder()
    for sheet in sheets:
        lines = sheet_lines(sheet.rows)
        if not lines:
            continue
        builder.new_page()
        builder.heading(sheet.title, 1)
        for line in lines:
            builder.add(line)
        builder.add("")
    return dataclasses.replace(builder.build(), tabular=True)


# --- .xlsx ----------------------------------------------------------------------------------


def _merged_ranges(sheet) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges, 0-based. Read-only worksheets do not parse them (they sit after
    the rows in the sheet's XML), so the `<mergeCell>` elements are read here from its source."""
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.cell import range_boundaries

    ranges = []
    with sheet._get_source() as source:  # the sheet's XML in the open archive; read-only mode keeps it
        for _, element in iterparse(source):
            if element.tag.endswith("}mergeCell") and (ref := element.get("ref")):
                min_col, min_row, max_col, max_row = range_boundaries(ref)
                ranges.append((min_row - 1, max_row - 1, min_col - 1, max_col - 1))
            element.clear()
    return ranges


def _xlsx_sheets(path: Path) -> Iterator[Sheet]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # data_only: a formula cell reads as the value Excel last calculated and saved with it.
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, InvalidFileException, OSError) as exc:
        raise LoadError(f"{path}: not a valid Excel workbook ({exc}); re-save it from Excel or WPS as .xlsx") from None
    except Exception as exc:  # openpyxl raises parser errors of several kinds for a damaged package
        raise LoadError(
            f"{path}: not a valid Excel workbook ({type(exc).__name__}: {exc}); re-save it from Excel or WPS as .xlsx"
        ) from None
    try:
        for sheet in book.worksheets:
            if sheet.sheet_state != "visible":
                continue
            # A writer other than Excel may record wrong dimensions, and openpyxl would stop at them.
            sheet.reset_dimensions()
            rows = [[value_cell(cell.value, cell.number_format) for cell in row]
                    for row in sheet.iter_rows()]  # fmt: skip
            yield Sheet(sheet.title, merge(rows, _merged_ranges(sheet)))
    except LoadError:
        raise
    except Exception as exc:
        raise LoadError(
            f"{path}: a sheet could not be read ({type(exc).__name__}: {exc}); re-save it from Excel or WPS as .xlsx"
        ) from None
    finally:
        book.close()


# --- .xls -----------------------------------------------------------------------------------


def _xls_cell(book, cell) -> Cell:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return EMPTY
    if cell.ctype == xlrd.XL_CELL_TEXT:
        return Cell(" ".join(cell.value.split()), True)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return Cell("TRUE" if cell.value else "FALSE", False)
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return Cell(xlrd.error_text_from_code.get(cell.value, "#ERROR"), False)
    xf = book.xf_list[cell.xf_index] if cell.xf_index is not None else None
    fmt = book.format_map[xf.format_key].format_str if xf is not None and xf.format_key in book.format_map else None
    if cell.ctype == xlrd.XL_CELL_DATE:
        when = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        return Cell(date_text(when.time() if cell.value < 1 else when, fmt), False)
    return Cell(number_text(cell.value, fmt), False)


def _xls_sheets(path: Path) -> Iterator[Sheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True)
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct and index errors on damage
        if "encrypted" in str(exc).lower():
            raise LoadError(f"{path}: {_PASSWORD_ADVICE}") from None
        raise LoadError(
            f"{path}: not a valid Excel 97-2003 workbook ({type(exc).__name__}: {exc}); "
            "open it in Excel or WPS and save it as .xlsx"
        ) from None
    for sheet in book.sheets():
        if sheet.visibility != 0:
            continue
        rows = [[_xls_cell(book, cell) for cell in sheet.row(r)] for r in range(sheet.nrows)]
        ranges = [(rlo, rhi - 1, clo, chi - 1) for rlo, rhi, clo, chi in sheet.merged_cells]
        yield Sheet(sheet.name, merge(rows, ranges))

"""Loading: find the files to ingest and turn each one into text.

Encodings are detected, not guessed; every failure is a `LoadError` whose message names
the file and says what is wrong in plain words. Office files, spreadsheets, PDFs and images
are read by their own modules (`ingest.office`, `ingest.sheets`, `ingest.pdf`, `ingest.ocr`),
which also say where pages begin and which lines are headings (`ingest.layout`).
"""

from __future__ import annotations

import errno
import glob
import os
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer
from bs4 import BeautifulSoup
from bs4.element import PreformattedString, Tag

from ingest.layout import Layout, TextBuilder
from ingest.ocr import IMAGE_SUFFIXES, OcrEngine, PageProgress, RapidOcr, image_layout
from ingest.sections import markdown_heading
from ingest.tables import SPANNED, Cell, first_row_header, table_lines
from rag.errors import LoadError
from rag.types import sha256_hex

_TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})
_SHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls"})
_OFFICE_SUFFIXES = frozenset({".docx", ".doc", ".pptx", ".pdf"}) | _SHEET_SUFFIXES
SUPPORTED_SUFFIXES = _TEXT_SUFFIXES | _OFFICE_SUFFIXES | IMAGE_SUFFIXES
# Files an office keeps that we do not read: found in a folder they get a message saying
# what to do, instead of being passed over in silence like any other file.
ADVICE = {
    ".wps": "WPS 文字 files are not read; open it in WPS and save it as .docx (文件 → 另存为 → Word 文件)",
    ".wpt": "WPS templates are not read; save the document as .docx",
    ".ppt": "old PowerPoint files are not read; open it and save it as .pptx",
    ".dps": "WPS 演示 files are not read; save it as .pptx",
    ".et": "WPS 表格 files are not read; open it in WPS and save it as .xlsx",
    ".rtf": "RTF files are not read; open it in Word or WPS and save it as .docx",
    ".odt": "OpenDocument files are not read; save it as .docx",
    ".ofd": "OFD files are not read; print it to PDF and add the PDF",
    ".caj": "CAJ files are not read; save it as PDF in CAJViewer",
}
# Larger files are refused before they are read: the whole file is held in memory several
# times over (bytes, text, cleaned text, chunks), and no document of this kind is that big.
MAX_FILE_BYTES = 50 * 1024 * 1024

# Candidates for text that is not UTF-8: CJK encodings (GB18030 is a superset of GBK and GB2312).
_CANDIDATES = ["gb18030", "big5", "utf_16", "utf_32", "shift_jis", "euc_kr"]
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "hz": "gb18030"}
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_PLAUSIBLE = re.compile(r"[\t\n\r\x20-\x7e\xa0-\u024f\u2000-\u206f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_DROP_TAGS = ("script", "style", "nav", "header", "footer", "aside", "noscript", "form", "iframe", "template", "svg", "button")
_BLOCK_TAGS = (
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "table", "tr", "td", "th", "blockquote", "pre", "dd", "dt", "dl", "figure", "figcaption", "title",
)  # fmt: skip
_CJK_GAP = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]) (?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")


@dataclass(frozen=True)
class LoadFailure:
    """A path that could not be ingested, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class LoadedFile:
    """A file's text, how it was decoded (or the format it was read as), the sha256 of its
    bytes, the line where each page begins and the (line, level) of its styled headings,
    whether the text is rows of a table (`Layout.tabular`) and the lines that are a table's rows."""

    text: str
    encoding: str
    content_hash: str
    page_lines: tuple[int, ...] = ()
    heading_lines: tuple[tuple[int, int], ...] = ()
    tabular: bool = False
    row_lines: tuple[int, ...] = ()

    @property
    def layout(self) -> Layout:
        return Layout(self.text, self.page_lines, self.heading_lines, self.tabular, self.row_lines)


# --- Discovery -----------------------------------------------------------------------


def _is_hidden(path: Path) -> bool:
    """A dot-file or dot-folder."""
    return path.name.startswith(".")


def _stat_failure(path: Path) -> LoadFailure | None:
    """A failure for a path that cannot be followed (missing, broken or looping symlink)."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return LoadFailure(str(path), "symlink loop")
        if os.path.islink(path):
            return LoadFailure(str(path), "broken symlink (its target does not exist)")
        if exc.errno == errno.EACCES:
            return LoadFailure(str(path), "permission denied")
        return LoadFailure(str(path), "no such file or folder")
    return None


def _walk(folder: Path, failures: list[LoadFailure]) -> list[Path]:
    """Supported files under `folder`, recursively, sorted, hidden entries and symlink loops skipped."""
    found: list[Path] = []
    seen: set[str] = set()

    def visit(directory: Path) -> None:
        real = os.path.realpath(directory)
        if real in seen:
            failures.append(LoadFailure(str(directory), "symlink loop (folder already visited)"))
            return
        seen.add(real)
        try:
            entries = sorted(directory.iterdir(), key=lambda p: p.name)
        except OSError as exc:
            failures.append(LoadFailure(str(directory), f"cannot list the folder ({exc.strerror or exc})"))
            return
        for entry in entries:
            if _is_hidden(entry):
                continue
            if (failure := _stat_failure(entry)) is not None:
                failures.append(failure)
            elif entry.is_dir():
                visit(entry)
            elif entry.suffix.lower() in SUPPORTED_SUFFIXES:
                found.append(entry)
            elif entry.suffix.lower() in ADVICE:
                failures.append(LoadFailure(str(entry), ADVICE[entry.suffix.lower()]))

    visit(folder)
    return found


def _expand(pattern: str, failures: list[LoadFailure]) -> list[Path]:
    """The files one pattern names: a file, a folder (recursive) or a glob."""
    if glob.has_magic(pattern):
        matches = sorted(glob.glob(pattern, recursive=True))
        if not matches:
            failures.append(LoadFailure(pattern, "no files match this pattern"))
        files: list[Path] = []
        for match in matches:
            path = Path(match)
            if _is_hidden(path):
                continue
            if (failure := _stat_failure(path)) is not None:
                failures.append(failure)
            elif path.is_dir():
                files.extend(_walk(path, failures))
            elif path.suffix.lower() in SUPPORTED_SUFFIXES:
                files.append(path)
            elif path.suffix.lower() in ADVICE:
                failures.append(LoadFailure(str(path), ADVICE[path.suffix.lower()]))
        return files
    path = Path(pattern).expanduser()
    if (failure := _stat_failure(path)) is not None:
        failures.append(failure)
        return []
    if path.is_dir():
        return _walk(path, failures)
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        failures.append(LoadFailure(str(path), _unsupported(path)))
        return []
    return [path]


def discover(patterns: Sequence[str]) -> tuple[list[Path], list[LoadFailure]]:
    """Files to ingest from files, folders and globs, in order and without duplicates; failures listed, not raised."""
    failures: list[LoadFailure] = []
    files: list[Path] = []
    seen: set[str] = set()
    for pattern in patterns:
        for path in _expand(pattern, failures):
            key = os.path.realpath(path)
            if key not in seen:
                seen.add(key)
                files.append(path)
    return files, failures


# --- Decoding ------------------------------------------------------------------------


def _unsupported(path: Path) -> str:
    """The reason given for a file type we do not read: what to do with it, for the kinds offices keep."""
    if path.suffix.lower() in ADVICE:
        return ADVICE[path.suffix.lower()]
    kinds = " ".join(sorted(SUPPORTED_SUFFIXES))
    return f"unsupported file type {path.suffix or '(no suffix)'!r}; supported: {kinds}"


def _plausible_share(text: str) -> float:
    """Share of characters that are ordinary text: printable ASCII, whitespace, Latin, CJK and its punctuation."""
    if not text:
        return 0.0
    return len(_PLAUSIBLE.findall(text)) / len(text)


def _utf16_without_bom(data: bytes) -> str | None:
    """Text if `data` reads as BOM-less UTF-16 (either byte order), else None."""
    if len(data) % 2:
        return None
    best: tuple[float, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        share = _plausible_share(text)
        if best is None or share > best[0]:
            best = (share, text)
    # CJK text read in the wrong byte order lands in odd blocks; 95% keeps binary out.
    return best[1] if best is not None and best[0] >= 0.95 else None


def _decode(data: bytes) -> tuple[str, str] | None:
    """Decoded text and encoding name, or None when `data` is not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                return None
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        return (text, "utf-16") if text is not None else None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is None:
        return None
    encoding = _SUPERSET.get(best.encoding, best.encoding)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if _CONTROL.search(text) else (text, encoding)


def _read_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, or a LoadError saying why they cannot be read (or are too many)."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise LoadError(
                f"{path}: {size / 2**20:.0f} MB is over the {max_bytes / 2**20:.0f} MB limit for one file; "
                "split it into smaller files"
            )
        return path.read_bytes()
    except PermissionError:
        raise LoadError(f"{path}: permission denied; check the file's permissions") from None
    except IsADirectoryError:
        raise LoadError(f"{path}: is a folder, not a file") from None
    except FileNotFoundError:
        raise LoadError(f"{path}: no such file") from None
    except OSError as exc:
        raise LoadError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def _require_text(path: Path, text: str) -> str:
    """`text`, or a LoadError when there is nothing in it."""
    if not text.strip():
        raise LoadError(f"{path}: the file is empty")
    return text


def _decode_or_fail(path: Path, data: bytes) -> tuple[str, str]:
    """Decoded text and encoding, or a LoadError for empty and binary files."""
    if not data.strip():
        raise LoadError(f"{path}: the file is empty")
    decoded = _decode(data)
    if decoded is None:
        raise LoadError(f"{path}: looks like a binary file, not text")
    return _require_text(path, decoded[0]), decoded[1]


# --- Formats -------------------------------------------------------------------------


_HEADING_MARK = "\ue000"  # a private-use character: put before a heading's text, read back, removed
_ROW_MARK = "\ue001"  # likewise before a data table's row
# A table cell longer than this is prose: the table lays out a page (an old site's body sits in a
# cell of one), it holds no data.
_MAX_DATA_CELL = 100


def _span(cell: Tag, attribute: str) -> int:
    value = str(cell.get(attribute) or "1").strip()
    return max(1, min(int(value), 100)) if value.isdigit() else 1


def _data_table_rows(table: Tag) -> list[list[Cell]] | None:
    """A table of data as rows of cells on its grid: a cell spanning columns once, one spanning
    rows in every row it spans (as a sheet's merged cells read). None for a table that lays out a
    page: one holding another table or a cell of prose, or under two rows or two columns.

    Written by hand: BeautifulSoup gives a table's cells, not its grid, and pandas.read_html,
    which does, needs lxml or html5lib and flattens what a cell says to one value per column."""
    if table.find("table") is not None:
        return None
    rows: list[list[Cell]] = []
    above: dict[int, tuple[Cell, int]] = {}  # column -> a cell spanning rows down it, and how many more
    for tr in table.find_all("tr"):
        row: list[Cell] = []
        for td in [*tr.find_all(["td", "th"], recursive=False), None]:  # None: the row's end
            while (spanning := above.pop(len(row), None)) is not None:  # cells from rows above first
                cell, more = spanning
                if more > 1:
                    above[len(row)] = (cell, more - 1)
                row.append(cell)
            if td is None:
                break
            text = " ".join(td.get_text(" ").split())
            if len(text) > _MAX_DATA_CELL:
                return None
            if (down := _span(td, "rowspan")) > 1:
                above[len(row)] = (Cell(text, True), down - 1)
            row += [Cell(text, True)] + [SPANNED] * (_span(td, "colspan") - 1)
        rows.append(row)
    if len(rows) < 2 or max(len(row) for row in rows) < 2:
        return None
    return rows


def _header_marked(table: Tag) -> bool:
    """Whether the page marks a table's first row as its header: in `<thead>`, or all `<th>`."""
    first = table.find("tr")
    cells = first.find_all(["td", "th"], recursive=False) if first is not None else []
    return bool(cells) and (first.find_parent("thead") is not None or all(c.name == "th" for c in cells))


def _html_layout(markup: str) -> Layout:
    """Visible text of an HTML page, one line per block element, `<h1>`-`<h6>` marked by level, a
    data table's rows as a Word table's are (a line each, labelled under a header row: `<th>`s or
    `<thead>`, or a column of numbers), marked as rows."""
    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for node in soup.find_all(string=lambda s: isinstance(s, PreformattedString)):
        node.extract()  # comments, doctype, CDATA: not visible text
    for node in soup.find_all(string=True):
        # HTML collapses source whitespace; paragraph breaks come from the block elements below.
        node.replace_with(re.sub(r"\s+", " ", str(node).replace(_HEADING_MARK, "").replace(_ROW_MARK, "")))
    for table in soup.find_all("table"):
        if (rows := _data_table_rows(table)) is not None:
            lines = table_lines(rows, first_row_header(rows, _header_marked(table)))
            caption = " ".join(table.caption.get_text(" ").split()) if table.caption is not None else ""
            table.replace_with(f"\n{caption}\n" + "".join(f"{_ROW_MARK}{line}\n" for line in lines))
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tag in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
        tag.insert(0, f"{_HEADING_MARK}{tag.name[1]}")
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    builder = TextBuilder()
    for raw in soup.get_text().split("\n"):
        if raw.strip().startswith(_ROW_MARK):
            builder.row(raw.strip()[1:])
            continue
        line = _CJK_GAP.sub("", raw.strip())
        level = None
        if line.startswith(_HEADING_MARK):
            level, line = int(line[1]), line[2:].strip()
        if line and level is not None:
            builder.heading(line, level)
        elif line:
            builder.add(line)
    return builder.build()


def _markdown_layout(text: str) -> Layout:
    """Markdown as written, with its `#` headings marked by level."""
    builder = TextBuilder()
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if (found := markdown_heading(line.strip())) is not None:
            builder.heading(line, found[0])
        else:
            builder.add(line)
    return builder.build()


def _layout(path: Path, suffix: str, ocr: OcrEngine, on_page: PageProgress | None) -> Layout:
    """The text and marks of an office file, a spreadsheet, a PDF or an image."""
    from ingest import office, pdf, sheets

    if suffix == ".docx":
        return office.docx_layout(path)
    if suffix == ".doc":
        return office.doc_layout(path)
    if suffix == ".pptx":
        return office.pptx_layout(path)
    if suffix in _SHEET_SUFFIXES:
        return sheets.workbook_layout(path)
    if suffix == ".pdf":
        return pdf.pdf_layout(path, ocr, on_page)
    return image_layout(path, ocr, on_page)


def file_hash(path: Path) -> str:
    """The sha256 of the file's bytes, as `load_file` records it, without reading the file further
    (an unchanged scan is not OCR'd again to find it unchanged)."""
    return sha256_hex(_read_bytes(Path(path)))


def load_file(path: Path, ocr: OcrEngine | None = None, on_page: PageProgress | None = None) -> LoadedFile:
    """Read one file into text: plain text, Markdown, HTML, .docx, .doc, .pptx, .xlsx/.xls, PDF (scans by OCR)
    or an image (OCR).

    `ocr` reads scanned pages and images (RapidOCR unless given; pass one engine for a whole
    batch so its models load once); `on_page(done, pages)` is called after each OCR'd page.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoadError(f"{path}: {_unsupported(path)}")
    data = _read_bytes(path)
    content_hash = sha256_hex(data)
    if suffix not in _TEXT_SUFFIXES:
        if suffix != ".pdf" and not data.strip():
            raise LoadError(f"{path}: the file is empty")
        layout = _layout(path, suffix, ocr or RapidOcr(), on_page)
        if not layout.text.strip() and (suffix == ".pdf" or suffix in IMAGE_SUFFIXES):
            raise LoadError(f"{path}: no text was found in it, by its text layer or by OCR")
        text = _require_text(path, layout.text)
        return LoadedFile(text, suffix[1:], content_hash, layout.page_lines, layout.heading_lines,
                          layout.tabular, layout.row_lines)  # fmt: skip
    text, encoding = _decode_or_fail(path, data)
    if suffix in (".html", ".htm"):
        layout = _html_layout(text)
        return LoadedFile(_require_text(path, layout.text), encoding, content_hash,
                          heading_lines=layout.heading_lines, row_lines=layout.row_lines)  # fmt: skip
    if suffix in (".md", ".markdown"):
        layout = _markdown_layout(text)
        return LoadedFile(text, encoding, content_hash, heading_lines=layout.heading_lines)
    return LoadedFile(text, encoding, content_hash)

"""Office files: .docx (python-docx), old .doc (LibreOffice, converted to .docx), .pptx (python-pptx).

python-docx rather than docx2txt because docx2txt gives neither heading levels nor
table rows: a table's cells came out one per line, running a row into the next.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from ingest.layout import Layout, TextBuilder
from ingest.tables import EMPTY, SPANNED, Cell, first_row_header, table_lines
from rag.errors import LoadError

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
# Converting one .doc took 1-2 s here; a hung conversion must not hold the batch.
DOC_TIMEOUT = 120
DOC_INSTALL = "apt-get install libreoffice-writer-nogui"


# --- .docx ---------------------------------------------------------------------------


def _outline_level(element) -> int | None:
    """The paragraph-level outline level (`w:outlineLvl`, 0-based; 9 is body text), 1-based."""
    from docx.oxml.ns import qn

    ppr = element.find(qn("w:pPr"))
    node = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
    if node is None:
        return None
    level = int(node.get(qn("w:val"), "9"))
    return level + 1 if level < 9 else None


def _heading_level(paragraph) -> int | None:
    """The level of a paragraph styled as a heading (`Heading 2`, `标题 2`, or an outline level), else None."""
    if (level := _outline_level(paragraph._p)) is not None:
        return level
    style = paragraph.style
    while style is not None:
        if match := _HEADING_STYLE.match(style.name or ""):
            return int(match.group(1))
        if (level := _outline_level(style.element)) is not None:
            return level
        style = style.base_style
    return None


def _style_bold(style) -> bool:
    """Whether a paragraph or character style sets bold, itself or through the style it is based on."""
    while style is not None:
        if style.font.bold is not None:
            return bool(style.font.bold)
        style = style.base_style
    return False


def _marked_header(row) -> bool:
    """Whether Word marks a table's row as its header: repeated at the top of each page, or all
    its text bold (a table style's header formatting is not read)."""
    if row._tr.xpath("./w:trPr/w:tblHeader[not(@w:val='0' or @w:val='false')]"):
        return True
    runs = [(run, paragraph) for cell in row.cells for paragraph in cell.paragraphs for run in paragraph.runs]
    texts = [(run, paragraph) for run, paragraph in runs if run.text.strip()]
    return bool(texts) and all(
        run.bold if run.bold is not None else _style_bold(run.style) or _style_bold(paragraph.style)
        for run, paragraph in texts
    )


def _cell_text(cell) -> str:
    """A table cell's text on one line: its paragraphs (and their text boxes) and the rows of a table
    nested in it, in order (python-docx's `cell.text` leaves a nested table out)."""
    from docx.table import Table

    parts: list[str] = []
    for block in cell.iter_inner_content():
        if isinstance(block, Table):
            parts += [" ".join(c.text for c in row) for row in _word_rows(block)]
        else:
            parts += [block.text, *_text_boxes(block)]
    return " ".join(" ".join(parts).split())


def _word_rows(table) -> list[list[Cell]]:
    """A Word table's rows on its grid: each cell's text (`_cell_text`), a horizontally merged cell
    once, a vertically merged one in every row it spans."""
    rows = []
    for row in table.rows:
        cells, previous = [EMPTY] * row.grid_cols_before, None
        for cell in row.cells:  # a cell spanning columns comes once per column
            cells.append(SPANNED if cell._tc is previous else Cell(_cell_text(cell), True))
            previous = cell._tc
        rows.append(cells)
    return rows


# A text box's paragraphs: Word writes each box twice, for new readers (mc:Choice) and old ones
# (mc:Fallback, VML); the fallback's copy is skipped, and so is a box inside another box's text.
_TEXT_BOX_PARAGRAPHS = (
    ".//w:txbxContent[not(ancestor::*[local-name()='Fallback']) and not(ancestor::w:txbxContent)]/w:p"
)


def _text_boxes(paragraph) -> list[str]:
    """The text of the text boxes anchored in `paragraph`, a line per paragraph of theirs (python-docx
    reads runs' text only, so a box's words, a 文号 or a note set beside the text, were lost)."""
    from docx.text.paragraph import Paragraph

    texts = (Paragraph(p, paragraph).text for p in paragraph._p.xpath(_TEXT_BOX_PARAGRAPHS))
    return [text for text in texts if text.strip()]


def _word_table_lines(table) -> list[str]:
    rows = _word_rows(table)
    marked = bool(table.rows) and _marked_header(table.rows[0])
    return table_lines(rows, first_row_header(rows, marked))


def docx_layout(path: Path) -> Layout:
    """Paragraphs and tables in body order; a heading keeps its level, a table row is a line."""
    if not zipfile.is_zipfile(path):
        raise LoadError(f"{path}: not a valid .docx (it is not a zip archive); re-save it from Word")
    import docx
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise LoadError(f"{path}: not a valid .docx ({exc}); re-save it from Word") from None
    except Exception as exc:  # python-docx raises its own types for a package that is not Word's
        raise LoadError(f"{path}: not a valid .docx ({type(exc).__name__}: {exc}); re-save it from Word") from None
    builder = TextBuilder()
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for line in _word_table_lines(block):
                builder.row(line)
            builder.add("")
            continue
        level = _heading_level(block)
        if level is not None and block.text.strip():
            builder.heading(block.text, level)
        else:
            builder.add(block.text)
        for line in _text_boxes(block):
            builder.add(line)
    return builder.build()


# --- .doc ----------------------------------------------------------------------------


def doc_layout(path: Path) -> Layout:
    """An old Word file, converted to .docx by LibreOffice and read as one.

    LibreOffice rather than antiword or catdoc: on a Chinese .doc with headings and a
    table all three read the characters right, but antiword and catdoc give plain text
    (no heading levels; catdoc wraps lines mid-sentence unless told not to, antiword pads
    table cells with spaces), while LibreOffice's .docx keeps the heading styles and the
    table, so the .docx reader gives headings their level and a table a line per row.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise LoadError(f"{path}: reading .doc needs LibreOffice ({DOC_INSTALL}); or save the file as .docx in Word or WPS")
    with tempfile.TemporaryDirectory(prefix="zhiwen-doc-") as tmp:
        # Its own profile: LibreOffice refuses to start while another instance holds the default one.
        command = [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
                   "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, str(path)]  # fmt: skip
        try:
            subprocess.run(command, capture_output=True, timeout=DOC_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise LoadError(f"{path}: LibreOffice took over {DOC_TIMEOUT} s to convert it; save it as .docx") from None
        converted = Path(tmp) / f"{path.stem}.docx"
        if not converted.exists():
            raise LoadError(f"{path}: LibreOffice could not read it as a Word file; open it in Word or WPS and save as .docx")
        return docx_layout(converted)


# --- .pptx ---------------------------------------------------------------------------


def _add_shape(builder: TextBuilder, shape) -> None:
    """The text of a shape: a text frame's paragraphs, a table's rows, a group's shapes."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
        for inner in _by_position(shape.shapes):
            _add_shape(builder, inner)
    elif getattr(shape, "has_table", False) and shape.has_table:
        table = shape.table
        rows = [[SPANNED if c.is_spanned else Cell(" ".join(c.text.split()), True) for c in row.cells]
                for row in table.rows]  # fmt: skip
        for line in table_lines(rows, first_row_header(rows, marked=table.first_row)):
            builder.row(line)
    elif shape.has_text_frame:
        for paragraph in shape.text_frame.paragraphs:
            if paragraph.text.strip():
                builder.add(paragraph.text)


def _by_position(shapes) -> list:
    """Shapes top to bottom, then left to right (the order a reader takes them in)."""
    return sorted(shapes, key=lambda s: (s.top or 0, s.left or 0))


def pptx_layout(path: Path) -> Layout:
    """One section per slide, headed by its title; each slide is a page. Speaker notes follow the slide's text."""
    if not zipfile.is_zipfile(path):
        raise LoadError(f"{path}: not a valid .pptx (it is not a zip archive); re-save it from PowerPoint")
    import pptx

    try:
        presentation = pptx.Presentation(str(path))
    except Exception as exc:  # python-pptx raises its own types for a package that is not PowerPoint's
        raise LoadError(f"{path}: not a valid .pptx ({type(exc).__name__}: {exc}); re-save it from PowerPoint") from None
    builder = TextBuilder()
    for number, slide in enumerate(presentation.slides, start=1):
        builder.new_page()
        title_shape = slide.shapes.title
        title = " ".join(title_shape.text.split()) if title_shape is not None else ""
        builder.heading(title or f"第{number}张幻灯片", 1)
        for shape in _by_position(slide.shapes):
            if title_shape is not None and shape.shape_id == title_shape.shape_id:
                continue
            _add_shape(builder, shape)
        if slide.has_notes_slide and (notes := slide.notes_slide.notes_text_frame) is not None and notes.text.strip():
            builder.add(notes.text)
        builder.add("")
    return builder.build()

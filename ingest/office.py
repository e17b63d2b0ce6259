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
from collections.abc import Iterable
from pathlib import Path

from ingest.layout import Layout, TextBuilder
from rag.cells import CELL_SEPARATOR
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


def _row_text(cells: Iterable) -> str:
    """A table row on one line: each cell's text (its own lines joined by spaces), merged cells once."""
    seen: set[int] = set()
    texts = []
    for cell in cells:
        if id(cell._tc) in seen:  # a horizontally merged cell repeats in row.cells
            continue
        seen.add(id(cell._tc))
        texts.append(" ".join(cell.text.split()))
    return CELL_SEPARATOR.join(texts)


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
            for row in block.rows:
                builder.add(_row_text(row.cells))
            builder.add("")
            continue
        level = _heading_level(block)
        if level is not None and block.text.strip():
            builder.heading(block.text, level)
        else:
            builder.add(block.text)
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


def _shape_lines(shape) -> list[str]:
    """The text of a shape: a text frame's paragraphs, a table's rows, a group's shapes."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
        return [line for inner in _by_position(shape.shapes) for line in _shape_lines(inner)]
    if getattr(shape, "has_table", False) and shape.has_table:
        return [_row_text(row.cells) for row in shape.table.rows]
    if shape.has_text_frame:
        return [p.text for p in shape.text_frame.paragraphs if p.text.strip()]
    return []


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
            for line in _shape_lines(shape):
                builder.add(line)
        if slide.has_notes_slide and (notes := slide.notes_slide.notes_text_frame) is not None and notes.text.strip():
            builder.add(notes.text)
        builder.add("")
    return builder.build()

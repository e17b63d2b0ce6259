"""Office files, PDFs and scans made by the tests, with a CJK font from Debian's fonts-noto-cjk.

The bench (bench/ocr.py) renders its pages with `render_page` too.
"""

from __future__ import annotations

import glob
from collections.abc import Sequence
from pathlib import Path

# `make test` installs fonts-noto-cjk (Makefile, `system`); the SC and TC faces are in one collection.
_FONT_FILES = ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
_SC_INDEX = 2  # Noto CJK collections hold JP, KR, SC, TC, HK in this order


def cjk_font_file() -> str:
    found = [f for f in _FONT_FILES if Path(f).exists()] or sorted(glob.glob("/usr/share/fonts/**/Noto*CJK*.tt[cf]", recursive=True))
    if not found:
        raise RuntimeError("No Noto CJK font: install Debian's fonts-noto-cjk (`make test` does)")
    return found[0]


OFFICIAL_LINES = [
    "关于进一步加强基层组织建设的意见",
    "一、总体要求",
    "坚持以新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神。",
    "（一）基本原則。堅持黨的領導，落實從嚴治黨責任。",
    "单位 | 人数 | 备注",
    "海北州委组织部 | 42 | 含借调",
    "二、主要任务",
    "2024年完成率达到98.5%，做到“五个更加注重”。",
]


def official_docx(path: Path) -> Path:
    """A Word file as an office writes one: styled headings, numbered paragraphs, a table (python-docx).

    Read back, its non-blank lines are OFFICIAL_LINES. tests/data/official.doc is this file saved as .doc.
    """
    import docx

    document = docx.Document()
    document.add_heading(OFFICIAL_LINES[0], level=1)
    document.add_heading(OFFICIAL_LINES[1], level=2)
    document.add_paragraph(OFFICIAL_LINES[2])
    document.add_paragraph(OFFICIAL_LINES[3])
    table = document.add_table(rows=2, cols=3)
    for i, row in enumerate(OFFICIAL_LINES[4:6]):
        for j, value in enumerate(row.split(" | ")):
            table.cell(i, j).text = value
    document.add_heading(OFFICIAL_LINES[6], level=2)
    document.add_paragraph(OFFICIAL_LINES[7])
    document.save(str(path))
    return path


def render_page(paragraphs: Sequence[str], dpi: int = 300, width_cm: float = 21.0, size_pt: float = 12.0, chars: int | None = None):
    """A page image of `paragraphs` set like an official document: each indented two characters
    and wrapped at the measure. Its height fits the text."""
    from PIL import Image, ImageDraw, ImageFont

    px = round(size_pt / 72 * dpi)
    font = ImageFont.truetype(cjk_font_file(), px, index=_SC_INDEX)
    margin = round(2.5 / 2.54 * dpi)
    per_line = chars or int((width_cm / 2.54 * dpi - 2 * margin) // px)
    lines = []
    for paragraph in paragraphs:
        text = "\u3000\u3000" + paragraph
        lines += [text[i : i + per_line] for i in range(0, len(text), per_line)]
    leading = round(px * 1.6)
    image = Image.new("L", (per_line * px + 2 * margin, leading * len(lines) + 2 * margin), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((margin, margin + i * leading), line, font=font, fill=0)
    return image


def text_pdf(path: Path, pages: Sequence[Sequence[str]]) -> Path:
    """A PDF with a text layer: each page's paragraphs, one per line, in Noto CJK (fpdf2)."""
    from fontTools.ttLib import TTCollection
    from fpdf import FPDF

    face = path.with_suffix(".otf")
    TTCollection(cjk_font_file()).fonts[_SC_INDEX].save(str(face))  # fpdf2 takes a single face
    pdf = FPDF()
    pdf.add_font("cjk", fname=str(face))
    pdf.set_font("cjk", size=12)
    for paragraphs in pages:
        pdf.add_page()
        for paragraph in paragraphs:
            pdf.multi_cell(0, 8, paragraph, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    face.unlink()
    return path


def scanned_pdf(path: Path, pages: Sequence[Sequence[str]], dpi: int = 150) -> Path:
    """A PDF of page images with no text layer, as a scanner makes (Pillow)."""
    images = [render_page(paragraphs, dpi=dpi).convert("RGB") for paragraphs in pages]
    images[0].save(str(path), save_all=True, append_images=images[1:], resolution=dpi)
    return path

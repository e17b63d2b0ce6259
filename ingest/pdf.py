"""PDF: the text layer page by page, and OCR for the pages that have none (scans).

pypdf directly rather than llama-index's PDFReader: the reader retries a broken file three
times and wraps the cause in tenacity's RetryError. Pages are rendered for OCR with
pypdfium2 (PDFium), which draws whatever a scan page holds, not only a single image.
"""

from __future__ import annotations

from pathlib import Path

import pypdf

from ingest.layout import Layout, TextBuilder, join_wrapped, measure
from ingest.ocr import OcrEngine, PageProgress, paragraphs
from rag.errors import LoadError

# A page whose text layer has fewer characters than this is treated as a scan: a scanned
# page often carries no text at all, or only a stamped page number.
MIN_TEXT_CHARS = 10
# Scanned pages are rendered at a scanner's usual 300 dpi. On 12 pt text scanned at 300 dpi,
# 200 dpi read as well (CER 0.09% both) and only 9% faster (17.2 against 18.8 s a page on a
# loaded machine; `.venv/bin/python bench/ocr.py`): the extra pixels are kept for small print.
RENDER_DPI = 300


def _needs_ocr(text: str) -> bool:
    return len("".join(text.split())) < MIN_TEXT_CHARS


def pdf_layout(path: Path, engine: OcrEngine, on_page: PageProgress | None = None, dpi: int = RENDER_DPI) -> Layout:
    """A PDF's text, one page after another, with its wrapped lines joined into paragraphs;
    pages without a text layer are rendered at `dpi` and OCR'd."""
    try:
        reader = pypdf.PdfReader(path)
        if reader.is_encrypted:
            raise LoadError(f"{path}: the PDF is encrypted; save a copy without a password")
        # Some producers' ToUnicode maps give a NUL before every character; control characters are never text.
        texts = [(page.extract_text() or "").replace("\x00", "") for page in reader.pages]
    except LoadError:
        raise
    except Exception as exc:  # pypdf raises many types for damaged files; all mean the same to the user
        raise LoadError(f"{path}: not a readable PDF ({type(exc).__name__}: {exc})") from None
    scans = [i for i, text in enumerate(texts) if _needs_ocr(text)]
    if scans:
        for done, (i, text) in enumerate(_ocr_pages(path, engine, scans, dpi), start=1):
            texts[i] = text
            if on_page:
                on_page(done, len(scans))
    scanned = set(scans)
    width = measure([line for i, text in enumerate(texts) if i not in scanned for line in text.split("\n")])
    builder = TextBuilder()
    for i, text in enumerate(texts):
        builder.new_page()
        builder.add(text if i in scanned else "\n".join(join_wrapped(text.split("\n"), width)))
    return builder.build()


def _ocr_pages(path: Path, engine: OcrEngine, pages: list[int], dpi: int):
    """(page index, text) of each page in `pages`, rendered and read one at a time."""
    try:
        import pypdfium2
    except ImportError:
        from ingest.ocr import INSTALL

        raise LoadError(f"{path}: has scanned pages; reading them needs the OCR extra: {INSTALL}") from None
    try:
        document = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as exc:
        raise LoadError(f"{path}: not a readable PDF ({exc})") from None
    try:
        for i in pages:
            image = document[i].render(scale=dpi / 72).to_pil()
            yield i, "\n".join(paragraphs(engine.read(image)))
    finally:
        document.close()

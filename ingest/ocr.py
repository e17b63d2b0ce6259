"""OCR of scanned pages and images: RapidOCR on onnxruntime's CPU build, offline.

`rapidocr` ships its PP-OCRv6 detection and recognition models and an orientation model
inside its wheel, so nothing is fetched at run time. It is an extra (`pip install
'zhiwen[ocr]'`, which `make install` does) because it brings onnxruntime and OpenCV.
The engine is behind a one-method protocol so tests and other engines can stand in.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ingest.layout import Layout, TextBuilder, join_pieces
from rag.errors import LoadError

if TYPE_CHECKING:
    from PIL.Image import Image

INSTALL = "pip install 'zhiwen[ocr]'"  # what `make install` runs for it
UPRIGHT_SCORE = 0.9  # mean recognition score under which a page may be upside down


@dataclass(frozen=True)
class OcrLine:
    """One line of text the engine found, with its box in pixels."""

    text: str
    left: float
    top: float
    right: float
    bottom: float


class OcrEngine(Protocol):
    def read(self, image: Image) -> list[OcrLine]:
        """The lines of text in `image`, in any order."""
        ...


class RapidOcr:
    """RapidOCR with its bundled models, loaded on first use (about a second).

    RapidOCR's per-line orientation classifier is off: on upright scans it turned whole lines
    upside down and they came back as `一` (bench/ocr.py: character error rate 1.5% with it,
    0.1% without, on the same five pages). A page scanned upside down is caught whole
    instead: when the lines read with low confidence, the page is read again turned round
    and the reading with more confident characters is kept.
    """

    def __init__(self, threads: int = 0) -> None:
        self._threads = threads  # 0: onnxruntime's default, one per core
        self._engine = None

    def _load(self):
        try:
            from rapidocr import RapidOCR
        except ImportError:
            raise LoadError(f"reading scans and images needs the OCR extra: {INSTALL}") from None
        params = {"Global.log_level": "error", "Global.use_cls": False}
        if self._threads:
            params["EngineConfig.onnxruntime.intra_op_num_threads"] = self._threads
        return RapidOCR(params=params)

    def _lines(self, image: Image) -> tuple[list[OcrLine], float]:
        """The lines of `image` and their confident characters (length times score, summed)."""
        import numpy as np

        result = self._engine(np.asarray(image.convert("RGB")))
        if result.txts is None:
            return [], 0.0
        lines = []
        for box, text in zip(result.boxes, result.txts, strict=True):
            xs, ys = [float(p[0]) for p in box], [float(p[1]) for p in box]
            lines.append(OcrLine(text, min(xs), min(ys), max(xs), max(ys)))
        return lines, sum(len(t) * float(s) for t, s in zip(result.txts, result.scores, strict=True))

    def read(self, image: Image) -> list[OcrLine]:
        if self._engine is None:
            self._engine = self._load()
        lines, confident = self._lines(image)
        # Upright text reads at 0.97-1.0 a line (tests/test_formats.py); upside down, at 0.6-0.8.
        if not lines or confident < UPRIGHT_SCORE * sum(len(line.text) for line in lines):
            turned, turned_confident = self._lines(image.rotate(180, expand=True))
            if turned_confident > confident:
                return turned
        return lines


def reading_order(lines: Sequence[OcrLine]) -> list[OcrLine]:
    """Top to bottom, and left to right within a row (boxes whose middles share a height band)."""
    rows: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda ln: (ln.top + ln.bottom) / 2):
        middle = (line.top + line.bottom) / 2
        if rows and abs(middle - _middle(rows[-1])) < 0.5 * (line.bottom - line.top):
            rows[-1].append(line)
        else:
            rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda ln: ln.left)]


def _middle(row: Sequence[OcrLine]) -> float:
    return sum((ln.top + ln.bottom) / 2 for ln in row) / len(row)


def paragraphs(lines: Sequence[OcrLine]) -> list[str]:
    """The page's lines joined back into paragraphs.

    A line that reaches the text block's right edge (within two character heights) runs on
    into the next, unless the next is indented, or further below than a line and a half.
    Pieces on one row (a table's cells) stay apart, separated by a space.
    """
    ordered = reading_order([ln for ln in lines if ln.text.strip()])
    if not ordered:
        return []
    height = statistics.median(ln.bottom - ln.top for ln in ordered)
    left = min(ln.left for ln in ordered)
    right = max(ln.right for ln in ordered)
    out: list[str] = []
    previous: OcrLine | None = None
    for line in ordered:
        text = line.text.strip()
        if previous is not None and abs((line.top + line.bottom) - (previous.top + previous.bottom)) < height:
            out[-1] = f"{out[-1]} {text}"  # same row
        elif (
            previous is not None
            and previous.right >= right - 2 * height
            and line.left <= left + height
            and line.top - previous.bottom < 1.5 * height
        ):
            out[-1] = join_pieces(out[-1], text)
        else:
            out.append(text)
        previous = line
    return out


PageProgress = Callable[[int, int], None]  # (pages read, pages to read), called after each OCR'd page

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"})


def image_layout(path: Path, engine: OcrEngine, on_page: PageProgress | None = None) -> Layout:
    """The text of an image file by OCR; each frame of a multi-page TIFF is a page."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise LoadError(f"{path}: not a readable image ({exc}); re-save it as PNG or JPEG") from None
    builder = TextBuilder()
    for number, frame in enumerate(frames, start=1):
        if len(frames) > 1:
            builder.new_page()
        builder.add("\n".join(paragraphs(engine.read(frame))))
        if on_page:
            on_page(number, len(frames))
    return builder.build()

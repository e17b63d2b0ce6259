"""OCR accuracy and speed on pages rendered from the corpus's own text.

    .venv/bin/python bench/ocr.py              # 5 pages (one per essay in data/docs), 2 threads
    .venv/bin/python bench/ocr.py --pages 2    # quicker

Each essay's opening paragraphs are set on an A4 page (12 pt Noto Serif CJK SC, 2.5 cm
margins, paragraphs indented two characters) and rendered at 300 dpi, a typical office
scan, then "scanned": a 0.4 degree skew, a slight blur and grey noise. The pages go into a
PDF with no text layer, read the way ingest reads one (`ingest.pdf.pdf_layout`: rendered
at RENDER_DPI and OCR'd page by page), and as PNG files (`ingest.ocr.image_layout`).

Character error rate = edit distance / reference length, whitespace removed, after NFKC
(so OCR's choice between full- and half-width punctuation does not count) and raw. Speed
is pages per second on `--threads` onnxruntime threads, the models already loaded.

Not a test: it prints Markdown tables for the README.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PROJECT_DIR, load_average, markdown_table  # noqa: E402


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, a row at a time in numpy (no dependency for one metric).

    Insertions within a row are a running minimum of `row - j`, so each row is vectorised.
    """
    if not a or not b:
        return max(len(a), len(b))
    codes_b = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    ramp = np.arange(len(b) + 1)
    previous = ramp.copy()
    for i, ch in enumerate(a, start=1):
        cost = (codes_b != ord(ch)).astype(np.int64)
        row = np.empty_like(previous)
        row[0] = i
        row[1:] = np.minimum(previous[1:] + 1, previous[:-1] + cost)
        previous = np.minimum.accumulate(row - ramp) + ramp
    return int(previous[-1])


def cer(reference: str, read: str, fold: bool) -> float:
    if fold:
        reference, read = unicodedata.normalize("NFKC", reference), unicodedata.normalize("NFKC", read)
    reference, read = "".join(reference.split()), "".join(read.split())
    return edit_distance(reference, read) / len(reference)


def page_paragraphs(count: int, chars: int) -> list[list[str]]:
    """The opening paragraphs of each essay, about `chars` characters a page."""
    from ingest.clean import clean

    pages = []
    for path in sorted((PROJECT_DIR / "data" / "docs").glob("*.txt"))[:count]:
        paragraphs, total = [], 0
        for line in clean(path.read_text(encoding="utf-8")).text.split("\n"):
            if line and total < chars:
                paragraphs.append(line[: chars - total])
                total += len(paragraphs[-1])
        pages.append(paragraphs)
    return pages


def scanned(image, seed: int):
    """A clean rendering as a scanner gives it back: skewed, soft, speckled."""
    from PIL import Image, ImageFilter

    rng = np.random.default_rng(seed)
    image = image.rotate(0.4, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(0.8))
    pixels = np.asarray(image, dtype=np.float32) + rng.normal(0, 12, (image.height, image.width))
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--chars", type=int, default=900, help="characters of text per page")
    args = parser.parse_args()

    from ingest import pdf
    from ingest.ocr import RapidOcr, image_layout
    from tests.documents import render_page

    random.seed(0)
    references = page_paragraphs(args.pages, args.chars)
    images = [scanned(render_page(paragraphs, dpi=300), seed) for seed, paragraphs in enumerate(references)]
    engine = RapidOcr(threads=args.threads)
    started = time.perf_counter()
    engine.read(images[0].crop((0, 0, 600, 600)))  # load the models outside the timings
    load_seconds = time.perf_counter() - started
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        scan_pdf = Path(tmp) / "scan.pdf"
        images[0].convert("RGB").save(scan_pdf, save_all=True, append_images=[i.convert("RGB") for i in images[1:]], resolution=300)
        pngs = []
        for n, image in enumerate(images):
            pngs.append(Path(tmp) / f"page{n}.png")
            image.save(pngs[-1])
        runs = [(f"scanned PDF, rendered at {dpi} dpi", lambda dpi=dpi: [pdf.pdf_layout(scan_pdf, engine, dpi=dpi).text]) for dpi in (200, 300)]
        runs.append(("PNG scans, 300 dpi", lambda: [image_layout(p, engine).text for p in pngs]))
        for name, run in runs:
            started = time.perf_counter()
            texts = run()
            seconds = time.perf_counter() - started
            read = "".join(texts)
            reference = "".join("".join(p) for p in references)
            rows.append([name, len(images), f"{cer(reference, read, fold=True):.2%}", f"{cer(reference, read, fold=False):.2%}",
                         f"{len(images) / seconds:.2f}", f"{seconds / len(images):.2f}"])  # fmt: skip
    print(f"{len(images)} pages, {sum(len(''.join(p)) for p in references):,} characters; "
          f"{args.threads} threads; models loaded in {load_seconds:.1f} s; load average {load_average()}\n")  # fmt: skip
    print(markdown_table(["input", "pages", "CER (NFKC)", "CER (raw)", "pages/s", "s/page"], rows))


if __name__ == "__main__":
    main()

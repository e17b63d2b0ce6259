"""Ingest throughput: chars/s and chunks/s for the corpus and a synthetic ~5 MB corpus.

    .venv/bin/python bench/ingest.py [--synthetic-mb 5] [--skip-synthetic]

Also times the embedder alone on the same chunks, since it bounds ingestion, and prints
ingest throughput as a share of it. Not a test: it prints a table for the README.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest.chunk import chunk_document  # noqa: E402
from ingest.clean import clean  # noqa: E402
from ingest.pipeline import ingest_paths  # noqa: E402
from rag.config import DEFAULT_DOCS_DIR, Settings  # noqa: E402
from rag.embed import make_embedder  # noqa: E402
from rag.text import sentence_spans  # noqa: E402
from rag.types import Document  # noqa: E402


def corpus_sentences() -> list[str]:
    """Every sentence of the cleaned corpus, the material of the synthetic corpora."""
    sentences = []
    for path in sorted(DEFAULT_DOCS_DIR.glob("*.txt")):
        text = clean(path.read_text(encoding="utf-8")).text
        sentences += [text[a:b] for a, b in sentence_spans(text) if b - a > 4]
    return sentences


def write_synthetic(folder: Path, megabytes: float, seed: int = 7) -> None:
    """Files of ~100 KB made of the corpus's own sentences, shuffled into new paragraphs."""
    rng = random.Random(seed)
    sentences = corpus_sentences()
    folder.mkdir(parents=True, exist_ok=True)
    target, written, n = megabytes * 1_000_000, 0, 0
    while written < target:
        paragraphs = ["".join(rng.choices(sentences, k=rng.randint(3, 12))) for _ in range(60)]
        data = ("\n".join(paragraphs) + "\n").encode("utf-8")
        (folder / f"synthetic_{n:04d}.txt").write_bytes(data)
        written += len(data)
        n += 1


def measure(name: str, folder: Path, settings: Settings) -> dict[str, float | str]:
    chars = sum(len(p.read_text(encoding="utf-8")) for p in folder.glob("*.txt"))
    embedder = make_embedder(settings)
    started = time.perf_counter()
    report = ingest_paths(settings, [str(folder)], embedder=embedder)
    seconds = time.perf_counter() - started
    # The embedder alone on the same chunk texts: the ceiling ingestion can approach.
    texts = []
    for path in sorted(folder.glob("*.txt")):
        text = clean(path.read_text(encoding="utf-8")).text
        doc = Document("d", path.name, path.stem, text, "h")
        texts += [c.text for c in chunk_document(doc, settings.chunk_tokens, settings.chunk_overlap)]
    started = time.perf_counter()
    embedder.embed_passages(texts)
    embed_seconds = time.perf_counter() - started
    return {
        "corpus": name,
        "files": report.count("added"),
        "chars": chars,
        "chunks": report.chunks,
        "seconds": seconds,
        "chars/s": chars / seconds,
        "chunks/s": report.chunks / seconds,
        "embedder chunks/s": len(texts) / embed_seconds,
        "share": (report.chunks / seconds) / (len(texts) / embed_seconds),
    }


def print_table(rows: list[dict[str, float | str]]) -> None:
    headers = list(rows[0])
    print("| " + " | ".join(headers) + " |")
    print("|" + "---|" * len(headers))
    for row in rows:
        cells = []
        for key in headers:
            value = row[key]
            if key == "share":
                cells.append(f"{value:.0%}")
            elif isinstance(value, float):
                cells.append(f"{value:,.1f}")
            else:
                cells.append(f"{value:,}" if isinstance(value, int) else str(value))
        print("| " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--synthetic-mb", type=float, default=5.0)
    parser.add_argument("--skip-synthetic", action="store_true")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        rows.append(measure("corpus (5 files)", DEFAULT_DOCS_DIR, Settings(data_dir=root / "corpus")))
        if not args.skip_synthetic:
            write_synthetic(root / "synthetic", args.synthetic_mb)
            rows.append(
                measure(f"synthetic {args.synthetic_mb:g} MB", root / "synthetic", Settings(data_dir=root / "synth"))
            )
    print_table(rows)


if __name__ == "__main__":
    main()

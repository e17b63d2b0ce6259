"""The library an eval scores: a folder's cached eval index, a suite's documents, or the live library.

A folder is indexed into its own data directory under `<data_dir>/eval/index/`, named by a
hash of the folder, its files' contents, the embedder and the chunking. A rerun on the same
files finds the index and embeds nothing; an edited file, another embedder or another
chunk size gets an index of its own. The eval never writes into the user's library, and
`live_library` only reads it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from eval.squad import Suite
from rag.config import Settings
from rag.errors import RagError


def embedder_id(settings: Settings) -> str:
    """The embedder as a file-name-safe word: its name, and its model for an OpenAI-compatible one."""
    if settings.embed != "openai":
        return settings.embed
    return "openai-" + re.sub(r"[^A-Za-z0-9_.-]", "_", settings.embed_model)


def index_key(settings: Settings, docs: Path) -> str:
    """A hash of what an eval index of `docs` holds: the folder, each file's content, embedder, chunking."""
    from ingest.chunk import CHUNKER_VERSION
    from ingest.load import discover

    files, _ = discover([str(docs)])
    root = Path(os.path.realpath(docs))
    contents = sorted(
        (Path(os.path.realpath(f)).relative_to(root).as_posix() if root.is_dir() else f.name,
         hashlib.sha256(f.read_bytes()).hexdigest())
        for f in files
    )
    what = [str(root), contents, embedder_id(settings), settings.chunk_tokens, settings.chunk_overlap, CHUNKER_VERSION]
    return hashlib.sha256(json.dumps(what, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def docs_index(settings: Settings, docs: Path) -> Settings:
    """`settings` pointed at the eval index of `docs`: embedded Chroma under `<data_dir>/eval/index/`, never RAG_CHROMA_URL."""
    name = re.sub(r"[^\w.-]", "_", Path(os.path.realpath(docs)).name)[:40]
    where = settings.data_dir / "eval" / "index" / f"{name}-{index_key(settings, docs)}"
    return settings.with_(data_dir=where, chroma_url=None, chroma_token=None)


def build_docs_index(settings: Settings, docs: Path) -> Settings:
    """Build (or find) the eval index of `docs`; the settings that open it.

    Raises `RagError` when `docs` holds nothing to index or a file could not be ingested:
    scores over part of a library would read as the whole library's.
    """
    from ingest.pipeline import ingest_paths  # the write side: only needed to build the index

    if not Path(docs).exists():
        raise RagError(f"--docs {docs}: no such folder. Name a folder of documents (.txt, .md, .docx, .pdf, .html).")
    local = docs_index(settings, docs)
    report = ingest_paths(local, [str(docs)], prune=True)
    if report.failures:
        reasons = "; ".join(f"{o.source}: {o.reason}" for o in report.failures)
        raise RagError(f"The eval index could not be built from {docs} ({reasons}).")
    if not report.outcomes:
        raise RagError(f"--docs {docs}: no documents found. Put .txt, .md, .docx, .pdf or .html files in it.")
    return local


def suite_docs(settings: Settings, s: Suite) -> Path:
    """The suite's documents as a folder under `<data_dir>/eval/suites/`, written once.

    The folder is named by the documents' contents, so a sample of a suite or its questions
    in Simplified share the folder, and so the eval index, of the whole suite.
    """
    digest = hashlib.sha256()
    for article in s.articles:
        digest.update(f"{article.file_name}\0{article.document()}\0".encode("utf-8"))
    library = s.articles[0].dataset if s.articles else "empty"
    folder = settings.data_dir / "eval" / "suites" / f"{library}-{digest.hexdigest()[:16]}"
    if not (folder / ".complete").is_file():
        folder.mkdir(parents=True, exist_ok=True)
        for article in s.articles:
            (folder / article.file_name).write_text(article.document(), encoding="utf-8")
        (folder / ".complete").write_text("", encoding="utf-8")  # a half-written folder is rewritten
    return folder


def live_library(settings: Settings) -> Settings:
    """`settings` as they are, once the library they name is known to hold documents (nothing is created)."""
    from rag.store import Store

    if not settings.chroma_url and not (settings.data_dir / "chroma").is_dir():
        raise RagError(
            f"--library: there is no library at {settings.data_dir}. Set RAG_DATA_DIR (or RAG_CHROMA_URL) to "
            "the library to score, or ingest documents first with `rag ingest DIR`."
        )
    if not Store.open_existing(settings).documents():
        raise RagError(f"--library: the library at {settings.chroma_url or settings.data_dir} is empty; "
                       "ingest documents first with `rag ingest DIR`.")
    return settings

"""The write side, wired: discover files, load, clean, chunk, embed, store, incrementally.

Each file is one unit: it either goes in whole (the store switches it in at once) or is
reported as failed with its reason, and the rest of the batch goes on. A file whose
content hash is already the active version is skipped without being read further.
"""

from __future__ import annotations

import glob
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from ingest.chunk import CHUNKER_VERSION, chunk_document
from ingest.clean import clean
from ingest.load import discover, load_file
from rag.config import Settings
from rag.embed import Embedder, make_embedder
from rag.errors import IndexBusyError, LoadError, RagError
from rag.store import Store
from rag.types import Document, doc_id_for

Progress = Callable[[int, int, str], None]  # (files done, files in all, current source)


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file: added, updated, unchanged or failed (with the reason)."""

    source: str
    status: str
    chunks: int = 0
    reason: str = ""


@dataclass(frozen=True)
class IngestReport:
    """The summary `rag ingest` and the app print."""

    outcomes: tuple[FileOutcome, ...]
    pruned: tuple[str, ...]
    seconds: float

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failures(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def chunks(self) -> int:
        """Chunks written by this run (added and updated documents)."""
        return sum(o.chunks for o in self.outcomes if o.status in ("added", "updated"))

    def summary(self) -> str:
        parts = [f"{self.count(s)} {s}" for s in ("added", "updated", "unchanged", "failed")]
        if self.pruned:
            parts.append(f"{len(self.pruned)} pruned")
        return f"{', '.join(parts)}; {self.chunks} chunks in {self.seconds:.1f}s"


def source_name(path: Path, pattern: str) -> str:
    """The path a document is known by: relative to the folder or glob base it was found under."""
    base = Path(pattern)
    if glob.has_magic(pattern):
        static = [part for part in base.parts if not glob.has_magic(part)]
        base = Path(*base.parts[: len(static)]) if static else Path(".")
        while glob.has_magic(str(base)):
            base = base.parent
    if base.is_dir():
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            pass
    return path.name


def gather(patterns: Sequence[str]) -> tuple[list[tuple[Path, str]], list[FileOutcome]]:
    """(file, source) pairs for every pattern, and the paths that could not be used."""
    files: dict[str, Path] = {}
    failed: list[FileOutcome] = []
    for pattern in patterns:
        found, failures = discover([pattern])
        failed.extend(_failed(f.path, f.reason) for f in failures)
        for path in found:
            files.setdefault(source_name(path, pattern), path)
    return sorted(((p, s) for s, p in files.items()), key=lambda item: item[1]), failed


def _failed(path: Path | str, reason: str) -> FileOutcome:
    return FileOutcome(source=str(path), status="failed", reason=reason)


def ingest_paths(
    settings: Settings,
    patterns: Sequence[str],
    *,
    prune: bool = False,
    rebuild: bool = False,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    lock_timeout: float = 600.0,
) -> IngestReport:
    """Ingest files, folders and globs into the store named by `settings`."""
    started = time.perf_counter()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(settings.data_dir / "ingest.lock"))
    try:
        lock.acquire(timeout=lock_timeout)
    except Timeout:
        raise IndexBusyError(
            f"Another ingest has held {settings.data_dir / 'ingest.lock'} for {lock_timeout:.0f}s. "
            "Wait for it to finish, or remove the lock file if no ingest is running."
        ) from None
    store: Store | None = None
    try:
        embedder = embedder or make_embedder(settings)
        store = Store.open(settings, embedder.name, embedder.dim, CHUNKER_VERSION)
        if rebuild:
            store.reset()
        store.collect_garbage()
        files, outcomes = gather(patterns)
        versions = store.versions()
        for done, (path, source) in enumerate(files):
            if progress:
                progress(done, len(files), source)
            outcomes.append(_ingest_file(settings, store, embedder, path, source, versions))
        if progress:
            progress(len(files), len(files), "")
        pruned = _prune(store, {source for _, source in files}) if prune else ()
    finally:
        if store is not None:
            # Release the client: a Store opened later in this process then reads the index afresh.
            store.close()
        lock.release()
    return IngestReport(tuple(outcomes), tuple(pruned), time.perf_counter() - started)


def _ingest_file(
    settings: Settings, store: Store, embedder: Embedder, path: Path, source: str, versions: dict[str, str]
) -> FileOutcome:
    doc_id = doc_id_for(source)
    try:
        loaded = load_file(path)
        if versions.get(doc_id) == loaded.content_hash:
            return FileOutcome(source, "unchanged")
        cleaned = clean(loaded.text)
        if not cleaned.text.strip():
            raise LoadError(f"{path}: no text is left after cleaning (only page chrome or artifacts).")
        doc = Document(
            doc_id=doc_id,
            source=source,
            title=cleaned.title or Path(source).stem,
            text=cleaned.text,
            content_hash=loaded.content_hash,
            author=cleaned.author,
            date=cleaned.date,
        )
        chunks = chunk_document(doc, settings.chunk_tokens, settings.chunk_overlap)
        vectors = embedder.embed_passages([c.text for c in chunks])
        store.put_document(doc, chunks, vectors)
    except LoadError as exc:
        return _failed(source, str(exc))
    except RagError:
        raise  # the store or the embedder is down: stop the batch, nothing partial is visible
    except Exception as exc:  # a bug on one odd file must not lose the rest of the batch
        return _failed(source, f"unexpected {type(exc).__name__}: {exc} (please report this file)")
    return FileOutcome(source, "updated" if doc_id in versions else "added", chunks=len(chunks))


def _prune(store: Store, kept_sources: set[str]) -> list[str]:
    """Remove the documents whose source was not among this run's files."""
    gone = [info for info in store.documents() if info.source not in kept_sources]
    for info in gone:
        store.remove_document(info.doc_id)
    return [info.source for info in gone]

"""The write side, wired: discover files, load, clean, chunk, embed, store, incrementally.

Each file is one unit: it either goes in whole (the store switches it in at once) or is
reported as failed with its reason, and the rest of the batch goes on. A file whose
bytes, read the way this version reads their format (`reading_version`), are already its document's
active version is skipped without being read further.

The embedder bounds ingestion (bench/embedder.py), so the rest is kept off its path: a
thread loads, cleans and chunks the next files while the embedder works (the model runs
in C with the GIL released), and chunks of several small files are embedded in one call
so that no batch is left half empty. Documents still go into the store one at a time.
"""

from __future__ import annotations

import glob
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from filelock import Timeout

from ingest.chunk import chunk_document
from ingest.clean import clean
from ingest.layout import locate
from ingest.load import discover, file_hash, load_file
from ingest.ocr import OcrEngine, RapidOcr
from rag.config import Settings
from rag.embed import Embedder, make_embedder
from rag.errors import IndexBusyError, LoadError, RagError
from rag.store import Store, writer_lock
from rag.text import CHUNKER_VERSION, index_text
from rag.types import Chunk, Document, doc_id_for, document_version

# (files done, files in all, current source); while a file is OCR'd, the source is followed
# by the page being read: `scan.pdf · OCR 3/40`.
Progress = Callable[[int, int, str], None]

# What happened to one file; `changed` are the statuses that wrote chunks.
Status = Literal["added", "updated", "unchanged", "failed"]
STATUSES: tuple[Status, ...] = get_args(Status)
CHANGED: tuple[Status, ...] = ("added", "updated")

# Chunks per embedding call, gathered across files; prepared files waiting for the embedder
# (this bounds the memory the read-ahead holds).
EMBED_GROUP = 256
READ_AHEAD = 8

# What reading makes of a file's bytes: the readers (ingest/load.py, office.py, sheets.py,
# tables.py, pdf.py, ocr.py), `layout.locate` and `clean`. Bump it when a change to them changes
# a document's text, title, byline, date, pages or headings: the store records with each document
# the reading that made it (`Document.read_by`, part of its version), so the next `rag ingest`
# reads again every document an older reading made, as it would an edited file, and leaves the
# rest. (1: recorded since session 44; documents ingested before it are read again once.)
READING_VERSION = "1"
# The formats whose own reader changed since, with their revision: only their files are read again
# (a scanned PDF is not OCR'd again for a change to Word tables). Revision 1: a table's unmarked
# header shown by a column of numbers or dates under a word naming them (ingest.tables, session 45),
# which Word, PowerPoint, HTML and Markdown tables share.
FORMAT_REVISIONS = {suffix: 1 for suffix in (".docx", ".doc", ".pptx", ".html", ".htm", ".md", ".markdown")}


def reading_version(path: Path) -> str:
    """The reading that makes a document of a file in `path`'s format: `READING_VERSION`, and the
    format's revision where its reader changed alone (1.1 for a .docx)."""
    revision = FORMAT_REVISIONS.get(path.suffix.lower())
    return READING_VERSION if revision is None else f"{READING_VERSION}.{revision}"


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file: added, updated, unchanged or failed (with the reason)."""

    source: str
    status: Status
    chunks: int = 0
    reason: str = ""


@dataclass(frozen=True)
class IngestReport:
    """The summary `rag ingest` and the app print."""

    outcomes: tuple[FileOutcome, ...]
    pruned: tuple[str, ...]
    seconds: float

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failures(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def chunks(self) -> int:
        """Chunks written by this run (added and updated documents)."""
        return sum(o.chunks for o in self.outcomes if o.status in CHANGED)

    @property
    def changed(self) -> int:
        """Files added or updated by this run."""
        return sum(1 for o in self.outcomes if o.status in CHANGED)

    def summary(self) -> str:
        parts = [f"{self.count(s)} {s}" for s in STATUSES]
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
    ocr: OcrEngine | None = None,
) -> IngestReport:
    """Ingest files, folders and globs into the store named by `settings` (`ocr` reads scans and images)."""
    started = time.perf_counter()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    lock = writer_lock(settings)
    try:
        lock.acquire(timeout=lock_timeout)
    except Timeout:
        raise IndexBusyError(
            f"Another ingest has held {settings.data_dir / 'ingest.lock'} for {lock_timeout:.0f}s. "
            "Wait for it to finish, or remove the lock file if no ingest is running."
        ) from None
    store: Store | None = None
    ocr = ocr or RapidOcr()  # one engine for the batch: its models load once, on the first scan
    try:
        embedder = embedder or make_embedder(settings)
        store = Store.open(settings, embedder.name, embedder.dim, CHUNKER_VERSION, fresh=rebuild, writing=True)
        store.collect_garbage()
        files, outcomes = gather(patterns)
        versions = store.versions()
        finished = 0  # read by the read-ahead thread for its page progress; only this thread writes it

        def on_page(source: str, page: int, pages: int) -> None:
            if progress:
                progress(finished, len(files), f"{source} · OCR {page}/{pages}")

        if progress:
            progress(0, len(files), files[0][1] if files else "")
        with closing(_ingest_files(settings, store, embedder, files, versions, ocr, on_page)) as results:
            for done, outcome in enumerate(results, start=1):
                outcomes.append(outcome)
                finished = done
                if progress:
                    progress(done, len(files), files[done][1] if done < len(files) else "")
        pruned = _prune(store, {source for _, source in files}) if prune else ()
    finally:
        if store is not None:
            # Release the client: a Store opened later in this process then reads the index afresh.
            store.close()
        lock.release()
    return IngestReport(tuple(outcomes), tuple(pruned), time.perf_counter() - started)


@dataclass(frozen=True)
class _Prepared:
    """A file read, cleaned and chunked, waiting for its vectors; or its final outcome already."""

    source: str
    doc: Document | None = None
    chunks: tuple[Chunk, ...] = ()
    outcome: FileOutcome | None = None
    update: bool = False


PageProgress = Callable[[str, int, int], None]  # (source, pages OCR'd, pages to OCR)


def _prepare(
    settings: Settings,
    path: Path,
    source: str,
    versions: dict[str, str],
    ocr: OcrEngine | None = None,
    on_page: PageProgress | None = None,
) -> _Prepared:
    """Load, clean and chunk one file (everything before the embedder)."""
    doc_id = doc_id_for(source)
    try:
        # Hashed before reading: a changed file's bytes are read twice (once here, once by its reader,
        # as office readers open the path themselves), an unchanged scan is never OCR'd.
        reading = reading_version(path)
        if versions.get(doc_id) == document_version(file_hash(path), reading):
            return _Prepared(source, outcome=FileOutcome(source, "unchanged"))
        loaded = load_file(path, ocr, (lambda page, pages: on_page(source, page, pages)) if on_page else None)
        cleaned = clean(loaded.text, loaded.tabular, loaded.row_lines)
        if not cleaned.text.strip():
            raise LoadError(f"{path}: no text is left after cleaning (only page chrome or artifacts).")
        page_starts, headings = locate(loaded.layout, cleaned)
        doc = Document(
            doc_id=doc_id,
            source=source,
            title=cleaned.title or Path(source).stem,
            text=cleaned.text,
            content_hash=loaded.content_hash,
            author=cleaned.author,
            affiliation=cleaned.affiliation,
            date=cleaned.date,
            publisher=cleaned.publisher,
            page_starts=page_starts,
            headings=headings,
            read_by=reading,
        )
        chunks = chunk_document(doc, settings.chunk_tokens, settings.chunk_overlap)
    except LoadError as exc:
        # The outcome names the file: its reason need not repeat the path the reader's message opens with.
        return _Prepared(source, outcome=_failed(source, str(exc).removeprefix(f"{path}: ")))
    except Exception as exc:  # a bug on one odd file must not lose the rest of the batch
        return _Prepared(source, outcome=_unexpected(source, exc))
    return _Prepared(source, doc, tuple(chunks), update=doc_id in versions)


def _unexpected(source: str, exc: Exception) -> FileOutcome:
    return _failed(source, f"unexpected {type(exc).__name__}: {exc} (please report this file)")


_END = object()
_Files = Sequence[tuple[Path, str]]  # (path, source) pairs, as `gather` returns them


class _ReadAhead:
    """`_prepare` of every file, in order, run by a thread up to READ_AHEAD files ahead."""

    def __init__(self, settings: Settings, files: _Files, versions: dict[str, str], ocr: OcrEngine, on_page: PageProgress) -> None:
        self._ready: queue.Queue = queue.Queue(maxsize=READ_AHEAD)
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._work, args=(settings, files, versions, ocr, on_page), name="ingest-read-ahead", daemon=True
        )
        self._thread.start()

    def _put(self, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._ready.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _work(self, settings: Settings, files: _Files, versions: dict[str, str], ocr: OcrEngine, on_page: PageProgress) -> None:
        try:
            for path, source in files:
                if not self._put(_prepare(settings, path, source, versions, ocr, on_page)):
                    return
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, which raises it
            self._put(exc)
            return
        self._put(_END)

    def __iter__(self) -> Iterator[_Prepared]:
        while True:
            item = self._ready.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def waiting(self) -> bool:
        """Whether a prepared file is ready to be taken."""
        return not self._ready.empty()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)


def _ingest_files(
    settings: Settings,
    store: Store,
    embedder: Embedder,
    files: _Files,
    versions: dict[str, str],
    ocr: OcrEngine,
    on_page: PageProgress,
) -> Iterator[FileOutcome]:
    """The outcome of every file, in order; prepared files are embedded in groups of EMBED_GROUP chunks.

    A group is embedded as soon as it is full or nothing else is ready yet, so the embedder
    never waits for the read-ahead while it has work.
    """
    group: list[_Prepared] = []
    ahead = _ReadAhead(settings, files, versions, ocr, on_page)
    try:
        for item in ahead:
            if item.outcome is not None and not group:
                yield item.outcome
                continue
            group.append(item)
            if sum(len(p.chunks) for p in group) >= EMBED_GROUP or not ahead.waiting():
                yield from _embed_and_store(store, embedder, group)
                group = []
        yield from _embed_and_store(store, embedder, group)
    finally:
        ahead.close()


def _embed_and_store(store: Store, embedder: Embedder, group: Sequence[_Prepared]) -> Iterator[FileOutcome]:
    """Embed the chunks of `group` in one call, then put each document in (each atomically)."""
    texts = [text for item in group for text in _index_texts(item)]
    try:
        vectors = embedder.embed_passages(texts) if texts else None
    except RagError:
        raise  # the embedder is down: stop the batch, nothing partial is visible
    except Exception:
        vectors = None  # find the file that broke it: embed each one alone below
    offset = 0
    for item in group:
        if item.outcome is not None:
            yield item.outcome
            continue
        assert item.doc is not None
        try:
            if vectors is not None:
                mine = vectors[offset : offset + len(item.chunks)]
            else:
                mine = embedder.embed_passages(_index_texts(item))
            store.put_document(item.doc, item.chunks, mine)
        except RagError:
            raise  # the store or the embedder is down: stop the batch, nothing partial is visible
        except Exception as exc:  # a bug on one odd file must not lose the rest of the batch
            yield _unexpected(item.source, exc)
        else:
            yield FileOutcome(item.source, "updated" if item.update else "added", chunks=len(item.chunks))
        finally:
            offset += len(item.chunks)


def _index_texts(item: _Prepared) -> list[str]:
    """What the embedder reads for each chunk of a prepared file: its text under the document's title and byline."""
    byline = item.doc.byline if item.doc is not None else None
    return [index_text(c.text, c.title, byline, c.section) for c in item.chunks]


def _prune(store: Store, kept_sources: set[str]) -> list[str]:
    """Remove the documents whose source was not among this run's files."""
    gone = [info for info in store.documents() if info.source not in kept_sources]
    for info in gone:
        store.remove_document(info.doc_id)
    return [info.source for info in gone]

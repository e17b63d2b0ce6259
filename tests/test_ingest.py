"""The write side end to end: incremental ingest, replace, prune, bad input, lock, CLI."""

from __future__ import annotations

import shutil
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from ingest.ocr import OcrLine
from ingest.pipeline import ingest_paths, source_name
from rag.cli import main
from rag.config import DEFAULT_DOCS_DIR as CORPUS, Settings
from rag.errors import IndexMismatchError
from rag.keyword import cache_path
from rag.pipeline import Pipeline
from rag.store import Store, connect
from rag.text import CHUNKER_VERSION, count_tokens
from tests.fakes import HashEmbedder


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A writable copy of the corpus."""
    folder = tmp_path / "docs"
    shutil.copytree(CORPUS, folder)
    return folder


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "index")


def ingest(settings: Settings, *paths: Path | str, **options) -> object:
    return ingest_paths(settings, [str(p) for p in paths], embedder=HashEmbedder(), **options)


def snapshot(settings: Settings) -> dict[str, tuple[str, ...]]:
    """doc source -> the ids of its visible chunks."""
    store = Store.open(settings, HashEmbedder.name, HashEmbedder.dim)
    ids: dict[str, list[str]] = {}
    for chunk in store.chunks():
        ids.setdefault(chunk.source, []).append(chunk.id)
    return {source: tuple(sorted(chunk_ids)) for source, chunk_ids in ids.items()}


def test_second_ingest_changes_nothing(settings: Settings, library: Path) -> None:
    first = ingest(settings, library)
    assert (first.count("added"), first.count("failed")) == (5, 0)
    before = snapshot(settings)
    second = ingest(settings, library)
    assert (second.count("added"), second.count("updated"), second.count("unchanged")) == (0, 0, 5)
    assert snapshot(settings) == before


class CountingOcr:
    """An OCR engine that reads every image as the same two lines, counting the pages it reads."""

    def __init__(self) -> None:
        self.pages = 0

    def read(self, image) -> list[OcrLine]:
        self.pages += 1
        return [OcrLine("第一条 本办法适用于全体职工。", 40, 40, 900, 80),
                OcrLine("第二条 出差须事先报批。", 40, 120, 900, 160)]


def test_an_unchanged_scan_is_not_read_again(settings: Settings, tmp_path: Path) -> None:
    """Whether a file changed is told by its bytes, before any reading: a library of scans is
    not OCR'd again, page by page, by every ingest that finds nothing new."""
    from PIL import Image

    folder = tmp_path / "scans"
    folder.mkdir()
    Image.new("RGB", (960, 200), "white").save(folder / "办法.png")
    ocr = CountingOcr()
    assert ingest(settings, folder, ocr=ocr).count("added") == 1
    read = ocr.pages
    assert read >= 1
    assert ingest(settings, folder, ocr=ocr).count("unchanged") == 1
    assert ocr.pages == read


def test_a_document_an_older_reading_made_is_read_again(
    settings: Settings, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store records the reading that made each document: when the readers or the cleaner
    change what a file's text is, the next ingest reads again what they made before (the file's
    bytes unchanged), replaces it whole, and leaves what this reading made alone."""
    from ingest import pipeline

    essay = library / "000_7e69c61a6ac34345.txt"
    cleaned = pipeline.clean

    def older_clean(*args):  # an older reading: the same text under a title it misread
        return replace(cleaned(*args), title="误读的标题")

    monkeypatch.setattr(pipeline, "READING_VERSION", "0")
    monkeypatch.setattr(pipeline, "clean", older_clean)
    assert ingest(settings, library).count("added") == 5
    monkeypatch.undo()
    old = snapshot(settings)

    report = ingest(settings, library)
    assert (report.count("updated"), report.count("unchanged")) == (5, 0)
    new = snapshot(settings)
    assert set(new[essay.name]).isdisjoint(old[essay.name])  # the older reading's chunks are gone
    store = Store.open(settings, HashEmbedder.name, HashEmbedder.dim)
    doc_id = next(c.doc_id for c in store.chunks() if c.source == essay.name)
    record = store.document(doc_id)
    title = pipeline.clean(essay.read_text(encoding="utf-8")).title
    assert (record.title, record.read_by) == (title, pipeline.READING_VERSION)
    assert all(c.title == record.title for c in store.chunks() if c.doc_id == doc_id)
    store.close()
    assert connect(settings).get_collection(f"{settings.collection}-texts").count() == 5  # older texts gone
    assert ingest(settings, library).count("unchanged") == 5


def test_a_format_whose_reader_changed_alone_is_the_only_one_read_again(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change to one format's reader (Word tables, session 45) reads again that format's files
    only: a text file, or a scan that would be OCR'd again, is left as it is."""
    docx = pytest.importorskip("docx")
    from ingest import pipeline

    folder = tmp_path / "docs"
    folder.mkdir()
    word = docx.Document()
    word.add_paragraph("值班安排的通知。节日期间实行领导带班制度。")
    word.save(str(folder / "通知.docx"))
    (folder / "办法.txt").write_text("差旅费管理办法\n第一条 为加强差旅费管理，制定本办法。\n", encoding="utf-8")
    monkeypatch.setattr(pipeline, "FORMAT_REVISIONS", {})  # before the Word reader changed
    assert ingest(settings, folder).count("added") == 2
    monkeypatch.undo()
    report = ingest(settings, folder)
    assert (report.count("updated"), report.count("unchanged")) == (1, 1)
    store = Store.open(settings, HashEmbedder.name, HashEmbedder.dim)
    readings = {info.source: info.read_by for info in store.documents()}
    store.close()
    assert readings == {"通知.docx": f"{pipeline.READING_VERSION}.1", "办法.txt": pipeline.READING_VERSION}
    assert ingest(settings, folder).count("unchanged") == 2


def test_an_index_from_before_readings_were_recorded_is_read_again_once(
    settings: Settings, library: Path
) -> None:
    """Its records name no reading: each document is read again on the next ingest, then left."""
    from ingest.chunk import chunk_document
    from ingest.pipeline import _prepare

    path = library / "001_8b50e20b047f8fe9.txt"
    doc = replace(_prepare(settings, path, path.name, {}).doc, read_by="")
    chunks = chunk_document(doc, settings.chunk_tokens, settings.chunk_overlap)
    store = Store.open(settings, HashEmbedder.name, HashEmbedder.dim, CHUNKER_VERSION, writing=True)
    store.put_document(doc, chunks, HashEmbedder().embed_passages([c.text for c in chunks]))
    store.close()
    report = ingest(settings, library)
    assert (report.count("updated"), report.count("added")) == (1, 4)
    assert ingest(settings, library).count("unchanged") == 5


def test_editing_a_file_replaces_only_its_chunks(settings: Settings, library: Path) -> None:
    ingest(settings, library)
    before = snapshot(settings)
    edited = library / "002_fb24d1789acc4997.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n新增加的一段话，用来检验增量更新。\n", encoding="utf-8")
    report = ingest(settings, library)
    assert (report.count("updated"), report.count("unchanged")) == (1, 4)
    after = snapshot(settings)
    assert {s for s in after if after[s] != before[s]} == {"002_fb24d1789acc4997.txt"}
    assert any("新增加的一段话" in c.text for c in Store.open(settings, HashEmbedder.name, 64).chunks())


def test_a_document_keeps_one_text_the_one_its_chunks_index(settings: Settings, library: Path) -> None:
    """Texts live beside the registry, one per document; the registry, read by every query, holds none."""
    ingest(settings, library)
    edited = library / "002_fb24d1789acc4997.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n新增加的一段话。\n", encoding="utf-8")
    ingest(settings, library)
    store = Store.open(settings, HashEmbedder.name, HashEmbedder.dim)
    for chunk in store.chunks():
        assert store.document_text(chunk.doc_id)[chunk.start : chunk.end] == chunk.text
    client = connect(settings)
    texts = client.get_collection(f"{settings.collection}-texts")
    registry = client.get_collection(f"{settings.collection}-docs")
    assert texts.count() == 5
    assert set(registry.get(include=["documents"])["documents"]) == {None}

    edited.unlink()
    ingest(settings, library, prune=True)
    assert texts.count() == 4


def test_prune_removes_exactly_the_deleted_file(settings: Settings, library: Path) -> None:
    ingest(settings, library)
    before = snapshot(settings)
    (library / "001_8b50e20b047f8fe9.txt").unlink()
    report = ingest(settings, library, prune=True)
    assert report.pruned == ("001_8b50e20b047f8fe9.txt",)
    after = snapshot(settings)
    assert after == {s: ids for s, ids in before.items() if s != "001_8b50e20b047f8fe9.txt"}


def test_rebuild_starts_over(settings: Settings, library: Path) -> None:
    ingest(settings, library)
    report = ingest(settings, library, rebuild=True)
    assert report.count("added") == 5


def test_a_rebuild_with_another_chunk_budget_is_searched_by_its_own_keyword_index(
    settings: Settings, library: Path
) -> None:
    # The same files make the same document versions; only the chunks differ, so the keyword
    # index cached for the old chunks must not serve the new ones.
    essay = library / "000_7e69c61a6ac34345.txt"
    ingest(settings, essay)
    question = "全省组织部长会议以什么构建执行落实的闭环机制？"
    before = Pipeline.from_settings(settings.with_(retriever="bm25"), embedder=HashEmbedder())
    assert before.retrieve(question)
    before.store.close()
    smaller = settings.with_(chunk_tokens=48, retriever="bm25")
    ingest(smaller, essay, rebuild=True)
    pipeline = Pipeline.from_settings(smaller, embedder=HashEmbedder())
    stored = {chunk.id for chunk in pipeline.store.chunks()}
    hits = pipeline.retrieve(question)
    assert hits and {hit.chunk.id for hit in hits} <= stored
    assert all(count_tokens(hit.chunk.text) <= 48 for hit in hits)
    pipeline.store.close()


def test_bad_inputs_are_reported_and_lose_nothing(settings: Settings, library: Path, tmp_path: Path) -> None:
    ingest(settings, library)
    before = snapshot(settings)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (bad / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog")
    (bad / "notzip.docx").write_bytes(b"this is not a zip file")
    (bad / "table.xlsx").write_bytes(b"PK\x03\x04")
    (bad / "good.txt").write_text("一份好的文件。它应该被收录。", encoding="utf-8")
    report = ingest(settings, bad, "missing/path.txt")
    failed = {Path(o.source).name: o.reason for o in report.failures}
    assert set(failed) >= {"empty.txt", "binary.txt", "broken.pdf", "notzip.docx", "table.xlsx", "path.txt"}
    assert all(reason for reason in failed.values())
    assert report.count("added") == 1
    after = snapshot(settings)
    assert {s: ids for s, ids in after.items() if s != "good.txt"} == before


def test_gb18030_and_big5_files_come_back_as_the_same_text(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "encodings"
    folder.mkdir()
    simplified = "组织工作要坚持实事求是，把干部队伍建设好。基层党组织是党的全部工作和战斗力的基础。"
    traditional = "組織工作要堅持實事求是，把幹部隊伍建設好。基層黨組織是黨的全部工作和戰鬥力的基礎。"
    (folder / "gb.txt").write_bytes(simplified.encode("gb18030"))
    (folder / "big5.txt").write_bytes(traditional.encode("big5"))
    report = ingest(settings, folder)
    assert report.count("added") == 2, report.summary()
    store = Store.open(settings, HashEmbedder.name, HashEmbedder.dim)
    texts = {info.source: store.document_text(info.doc_id) for info in store.documents()}
    assert texts["gb.txt"].strip() == simplified
    assert texts["big5.txt"].strip() == traditional


def test_the_library_records_the_byline_it_indexes(settings: Settings, library: Path) -> None:
    ingest(settings, library / "000_7e69c61a6ac34345.txt")
    (info,) = Store.open(settings, HashEmbedder.name, HashEmbedder.dim).documents()
    assert (info.author, info.affiliation) == ("司吉昇", "中共海北州委常委、组织部部长")
    assert info.byline == "中共海北州委常委、组织部部长 司吉昇"


def test_opening_with_another_embedder_names_the_fix(settings: Settings, library: Path) -> None:
    ingest(settings, library / "000_7e69c61a6ac34345.txt")
    with pytest.raises(IndexMismatchError, match="rag ingest --rebuild"):
        Store.open(settings, "another-model", 384)


def test_concurrent_ingests_wait_for_the_lock(settings: Settings, library: Path) -> None:
    reports = []
    threads = [threading.Thread(target=lambda: reports.append(ingest(settings, library))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(r.count("added") for r in reports) == [0, 5]
    assert sum(len(ids) for ids in snapshot(settings).values()) == sum(
        info.chunks for info in Store.open(settings, HashEmbedder.name, 64).documents()
    )


def test_source_names_are_relative_to_what_was_given(library: Path) -> None:
    path = library / "000_7e69c61a6ac34345.txt"
    assert source_name(path, str(library)) == "000_7e69c61a6ac34345.txt"
    assert source_name(path, str(library / "*.txt")) == "000_7e69c61a6ac34345.txt"
    assert source_name(path, str(path)) == "000_7e69c61a6ac34345.txt"


def test_cli_ingest_and_docs(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(library / "003_c58b9f99bec04376.txt")]) == 0
    out = capsys.readouterr().out
    assert "1 added" in out
    settings = Settings.from_env()
    fingerprint = Store.open_existing(settings).fingerprint()
    assert (cache_path(settings.data_dir / "keyword", fingerprint) / "ids.json").is_file(), "the keyword index is built"
    assert main(["docs"]) == 0
    out = capsys.readouterr().out
    assert "張學天" in out and "2013-03-12" in out
    doc_id = Store.open_existing(Settings.from_env()).documents()[0].doc_id
    assert main(["docs", "rm", doc_id]) == 0
    assert main(["docs", "rm", doc_id]) == 1


def test_cli_ingest_exits_1_when_a_file_failed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["ingest", str(tmp_path / "empty.txt")]) == 1
    assert "empty.txt" in capsys.readouterr().out


def test_cli_ingest_says_once_why_a_pdf_failed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    # pypdf logged "invalid pdf header" and "EOF marker not found" to the terminal before the reason.
    (tmp_path / "noise.pdf").write_bytes(bytes(range(256)) * 8)
    assert main(["ingest", str(tmp_path / "noise.pdf")]) == 1
    out = " ".join(capsys.readouterr().out.split())  # as one line, however the terminal wraps it
    assert "failed: noise.pdf: not a readable PDF" in out and str(tmp_path) not in out
    assert [r.getMessage() for r in caplog.records if r.name.startswith("pypdf")] == []


class RecordingEmbedder(HashEmbedder):
    """Remembers every passage it was asked to embed."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def embed_passages(self, texts):
        self.seen.extend(texts)
        return super().embed_passages(texts)


def test_the_embedder_reads_each_chunk_under_its_documents_title(settings: Settings, tmp_path: Path) -> None:
    doc = tmp_path / "fish.md"
    doc.write_text("# 霓虹雀鲷\n\n本鱼分布于西太平洋区。\n", encoding="utf-8")
    embedder = RecordingEmbedder()
    ingest_paths(settings, [str(doc)], embedder=embedder)
    [chunk] = Store.open(settings, HashEmbedder.name, HashEmbedder.dim).chunks()
    assert embedder.seen == [f"霓虹雀鲷\n{chunk.text}"]
    assert "本鱼分布于西太平洋区" in chunk.text and not chunk.text.startswith("霓虹雀鲷\n")

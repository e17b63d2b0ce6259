"""Bad input: broken and hostile files in a batch, and questions no one should ask.

Every bad file gets its own message and the rest of the batch goes in; every odd question
gets an answer or a refusal, never an exception.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingest.load import MAX_FILE_BYTES
from ingest.pipeline import ingest_paths
from rag.config import Settings
from rag.pipeline import Pipeline
from rag.store import Store
from rag.types import REFUSAL
from tests.fakes import HashEmbedder

GOOD = "组织工作要坚持实事求是。基层党组织是党的全部工作和战斗力的基础。"


def test_a_batch_of_bad_files_reports_each_and_keeps_the_rest(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "empty.txt").write_bytes(b"")
    (batch / "binary.txt").write_bytes(bytes(range(256)) * 64)  # an executable by any other name
    (batch / "truncated.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<<")
    (batch / "not a zip.docx").write_bytes("这不是一个 Word 文件".encode())
    (batch / "only chrome.html").write_text("<nav>首页 >> 新闻</nav><script>alert(1)</script>", encoding="utf-8")
    with (batch / "huge.txt").open("wb") as f:  # 100 MB of real text
        block = (GOOD * 200).encode("utf-8")
        for _ in range(100 * 2**20 // len(block) + 1):
            f.write(block)
    assert (batch / "huge.txt").stat().st_size > MAX_FILE_BYTES
    deep = batch.joinpath(*[f"层{i}" for i in range(60)])
    deep.mkdir(parents=True)
    (deep / "deep.txt").write_text("很深的文件夹里的文件。" + GOOD, encoding="utf-8")
    loop = batch / "loop"
    loop.mkdir()
    os.symlink(loop, loop / "again")  # a folder that contains itself
    os.symlink(batch / "nowhere.txt", batch / "dangling.txt")
    (batch / "组织 工作 笔记.txt").write_text(GOOD, encoding="utf-8")
    (batch / "with spaces and 中文 (2).md").write_text("# 标题\n\n" + GOOD, encoding="utf-8")

    settings = Settings(data_dir=tmp_path / "index")
    report = ingest_paths(settings, [str(batch)], embedder=HashEmbedder())
    reasons = {Path(o.source).name: o.reason for o in report.failures}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "PDF" in reasons["truncated.pdf"]
    assert "zip" in reasons["not a zip.docx"]
    assert "no text" in reasons["only chrome.html"] or "empty" in reasons["only chrome.html"]
    assert "50 MB limit" in reasons["huge.txt"] and "split" in reasons["huge.txt"]
    assert "loop" in reasons["again"]
    assert "broken symlink" in reasons["dangling.txt"]
    added = {o.source for o in report.outcomes if o.status == "added"}
    assert added == {
        "组织 工作 笔记.txt",
        "with spaces and 中文 (2).md",
        "/".join([*(f"层{i}" for i in range(60)), "deep.txt"]),
    }
    store = Store.open(settings, HashEmbedder.name, HashEmbedder.dim)
    assert {info.source for info in store.documents()} == added
    store.close()


def test_a_symlink_loop_given_directly_is_a_message(tmp_path: Path) -> None:
    os.symlink(tmp_path / "b", tmp_path / "a")
    os.symlink(tmp_path / "a", tmp_path / "b")
    (tmp_path / "ok.txt").write_text(GOOD, encoding="utf-8")
    report = ingest_paths(
        Settings(data_dir=tmp_path / "index"), [str(tmp_path / "a"), str(tmp_path / "ok.txt")], embedder=HashEmbedder()
    )
    assert [o.reason for o in report.failures] == ["symlink loop"]
    assert report.count("added") == 1


QUESTIONS = {
    "empty": "",
    "whitespace": " \t\n\u3000 ",
    "long": "组织工作如何推动高质量发展？" * 715,  # 10,010 characters
    "punctuation": "？？！。，、；：……——",
    "english": "What does the document say about cadre training?",
    "emoji": "🤔🔥 组织工作 😀👍",
    "control": "组织\x00工作\x1b[31m是什么",
    "lone surrogate": "组织工作\ud800是什么",
}


@pytest.mark.slow
@pytest.mark.parametrize("name", QUESTIONS)
def test_odd_questions_get_an_answer_or_a_refusal(corpus_settings: Settings, name: str) -> None:
    pipeline = _pipeline(corpus_settings)
    answer = pipeline.ask(QUESTIONS[name])
    assert answer.refused or answer.text.strip()
    if answer.refused:
        assert answer.text == REFUSAL
    if name in ("empty", "whitespace", "punctuation"):
        assert answer.refused, "nothing was asked: the answer is the refusal"
        assert answer.refusal_reason == "问题里没有文字：请输入要问的内容，例如“西宁市的组织部长是谁？”。"
    if name == "english":  # refused, saying why (it said only that the documents do not say)
        assert answer.refused
        assert answer.refusal_reason == "问题里没有中文：文库按中文检索和回答，请用中文提问（英文名称可以写在中文问题里）。"
    for citation in answer.citations:
        text = pipeline.store.document_text(citation.doc_id)
        assert text is not None and text[citation.start : citation.end] == citation.quote


_PIPELINES: dict[Path, Pipeline] = {}


def _pipeline(settings: Settings) -> Pipeline:
    """One pipeline (one embedder load) for all the questions."""
    if settings.data_dir not in _PIPELINES:
        _PIPELINES[settings.data_dir] = Pipeline.from_settings(settings)
    return _PIPELINES[settings.data_dir]

"""`rag eval` on libraries other than data/docs: a folder (--docs), the live library (--library), SQuAD JSON.

A three-document library is built by the test, so every passage a report cites must come
from it, never from data/docs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.run import eval_settings
from rag.cli import main
from rag.config import Settings

DOCS = {
    "changjiang.md": "# 长江\n\n长江是中国第一长河，全长约6300公里。长江流域面积达180万平方公里。\n",
    "huanghe.md": "# 黄河\n\n黄河是中国第二长河，全长约5464公里。黄河流经黄土高原，泥沙含量极高。\n",
    "zhujiang.md": "# 珠江\n\n珠江是中国南方最大的河流。珠江的年径流量仅次于长江。\n",
}
PAIRS = [
    {"id": "c1", "question": "长江全长多少公里？", "answer": "约6300公里", "doc": "changjiang.md",
     "evidence": ["全长约6300公里"], "keywords": ["6300公里"], "type": "factoid", "answers": ["约6300公里"]},
    {"id": "h1", "question": "黄河的泥沙含量怎么样？", "answer": "泥沙含量极高", "doc": "huanghe.md",
     "evidence": ["泥沙含量极高"], "keywords": ["泥沙"], "type": "factoid"},
    {"id": "z1", "question": "中国南方最大的河流是哪条？", "answer": "珠江", "doc": "zhujiang.md",
     "evidence": ["珠江是中国南方最大的河流"], "keywords": ["珠江"], "type": "factoid", "answers": ["珠江"]},
    {"id": "u1", "question": "火星上有多少座火山？", "answer": "文档中没有找到相关信息", "doc": None,
     "evidence": [], "keywords": [], "type": "unanswerable"},
]


@pytest.fixture
def library(tmp_path: Path) -> tuple[Path, Path]:
    docs = tmp_path / "rivers"
    docs.mkdir()
    for name, text in DOCS.items():
        (docs / name).write_text(text, encoding="utf-8")
    dataset = tmp_path / "rivers.jsonl"
    dataset.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in PAIRS), encoding="utf-8")
    return docs, dataset


def _report(out: Path) -> dict:
    return json.loads((out / "latest.json").read_text(encoding="utf-8"))


def _sources(report: dict) -> set[str]:
    return {Path(h["source"]).name for q in report["questions"] for h in q["retrieved"]}


def test_the_index_key_follows_contents_embedder_and_chunking(library: tuple[Path, Path], tmp_path: Path) -> None:
    docs, _ = library
    settings = Settings(data_dir=tmp_path / "data")
    first = eval_settings(settings, docs).data_dir
    assert first.parent == tmp_path / "data" / "eval" / "index" and first.name.startswith("rivers-")
    assert eval_settings(settings, docs).data_dir == first
    assert eval_settings(settings.with_(chunk_tokens=128), docs).data_dir != first
    assert eval_settings(settings.with_(embed="use"), docs).data_dir != first
    (docs / "zhujiang.md").write_text(DOCS["zhujiang.md"] + "珠江有八个入海口。\n", encoding="utf-8")
    assert eval_settings(settings, docs).data_dir != first
    (docs / "zhujiang.md").write_text(DOCS["zhujiang.md"], encoding="utf-8")
    assert eval_settings(settings, docs).data_dir == first
    (docs / "notes.bin").write_bytes(b"\0")  # not a document: not part of the library
    assert eval_settings(settings, docs).data_dir == first


@pytest.mark.slow
def test_eval_docs_scores_the_folder_and_reuses_its_index(
    library: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, dataset = library
    out = tmp_path / "reports"
    assert main(["eval", "--docs", str(docs), "--dataset", str(dataset), "--out", str(out)]) == 0
    first = capsys.readouterr().out
    assert "3 added" in first
    report = _report(out)
    assert _sources(report) <= set(DOCS) and _sources(report)
    assert report["overall"]["hit@1"] == 1.0
    assert report["config"]["library"] == str(docs)
    assert [q["id"] for q in report["questions"]] == ["c1", "h1", "z1", "u1"]

    assert main(["eval", "--docs", str(docs), "--dataset", str(dataset), "--out", str(out)]) == 0
    assert "3 unchanged" in capsys.readouterr().out  # nothing embedded again


@pytest.mark.slow
def test_eval_library_scores_the_live_library_read_only(
    library: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    docs, dataset = library
    data = tmp_path / "live"
    monkeypatch.setenv("RAG_DATA_DIR", str(data))
    out = tmp_path / "reports"
    assert main(["eval", "--library", "--dataset", str(dataset), "--out", str(out)]) == 2
    assert "no library at" in capsys.readouterr().out
    assert not data.exists()  # nothing created

    assert main(["ingest", str(docs)]) == 0
    before = sorted(p.relative_to(data).as_posix() for p in data.rglob("*"))
    assert main(["eval", "--library", "--dataset", str(dataset), "--out", str(out)]) == 0
    report = _report(out)
    assert _sources(report) <= set(DOCS) and _sources(report)
    assert report["config"]["library"] == f"library at {data}"
    assert sorted(p.relative_to(data).as_posix() for p in data.rglob("*")) == before  # nothing written


# Two Traditional articles: A1 lands in the dev part's library, A24 is left out (tests/test_squad.py).
SQUAD = {"data": [
    {"id": "A1", "title": "臺北101", "paragraphs": [{"context": "臺北101是位於臺灣臺北市信義區的摩天大樓。樓高508公尺，地上101層。", "qas": [
        {"id": "T1", "question": "臺北101位於哪裡？", "answers": [{"text": "臺灣臺北市信義區", "answer_start": 8}]}]}]},
    {"id": "A24", "title": "高雄85大樓", "paragraphs": [{"context": "高雄85大樓位於高雄市苓雅區。", "qas": [
        {"id": "T2", "question": "高雄85大樓位於哪個區？", "answers": [{"text": "苓雅區", "answer_start": 10}]}]}]},
]}


def _squad(tmp_path: Path) -> Path:
    path = tmp_path / "tiny_tw.json"
    path.write_text(json.dumps(SQUAD, ensure_ascii=False), encoding="utf-8")
    return path


def test_export_writes_the_suite_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "suite"
    assert main(["eval", "--dataset", str(_squad(tmp_path)), "--part", "dev", "--simplified", "--export", str(out)]) == 0
    assert "rag eval --docs" in capsys.readouterr().out
    assert [p.name for p in (out / "docs").iterdir()] == ["tiny_tw-A1.md"]
    pairs = [json.loads(line) for line in (out / "qa.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(p["id"], p["question"], p["doc"], p["answers"]) for p in pairs] == [
        ("T1", "台北101位于哪里？", "tiny_tw-A1.md", ["臺灣臺北市信義區"]),
        ("T2", "高雄85大楼位于哪个区？", None, ["苓雅區"]),
    ]
    assert main(["eval", "--dataset", str(tmp_path / "rivers.jsonl"), "--sample", "5"]) == 2
    assert "--sample apply to SQuAD-format JSON datasets" in capsys.readouterr().out


@pytest.mark.slow
def test_eval_reads_squad_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "reports"
    assert main(["eval", "--dataset", str(_squad(tmp_path)), "--part", "dev", "--simplified", "--out", str(out)]) == 0
    report = json.loads((out / "tiny_tw-dev-simplified-hybrid-extractive.json").read_text(encoding="utf-8"))
    assert report["config"]["dataset"] == "tiny_tw-dev-simplified"
    assert report["config"]["query_embedding"].startswith("batched")
    assert [(q["id"], q["type"]) for q in report["questions"]] == [("T1", "factoid"), ("T2", "unanswerable")]
    assert _sources(report) == {"tiny_tw-A1.md"}
    assert report["questions"][0]["metrics"]["contains_gold"] is True
    assert report["overall"]["auroc"] is not None and report["refusal_curve"]
    assert "## Refusal curve" in (out / "latest.md").read_text(encoding="utf-8")

"""The hand-written eval dataset is well formed and its evidence really is in the documents."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from eval.dataset import QUESTION_TYPES, DatasetError, QAPair, load_dataset
from rag.text import normalize_for_match

ROOT = Path(__file__).resolve().parents[1]
DATASET = ROOT / "eval" / "datasets" / "qa.jsonl"
DOCS = ROOT / "data" / "docs"


@pytest.fixture(scope="module")
def pairs() -> list[QAPair]:
    return load_dataset(DATASET)


@pytest.fixture(scope="module")
def raw_docs() -> dict[str, str]:
    return {p.name: p.read_bytes().decode("utf-8") for p in DOCS.glob("*.txt")}


def test_size_and_types(pairs: list[QAPair]) -> None:
    assert len(pairs) >= 40
    counts = Counter(p.type for p in pairs)
    assert set(counts) == set(QUESTION_TYPES)
    assert counts["unanswerable"] >= 5


def test_ids_unique(pairs: list[QAPair]) -> None:
    ids = [p.id for p in pairs]
    assert len(ids) == len(set(ids))


def test_every_document_is_covered(pairs: list[QAPair], raw_docs: dict[str, str]) -> None:
    counts = Counter(d for p in pairs for d in p.docs)
    assert set(counts) == set(raw_docs)
    assert min(counts.values()) >= 6


def test_doc_files_exist(pairs: list[QAPair]) -> None:
    for p in pairs:
        for doc in p.docs:
            assert (DOCS / doc).is_file(), f"{p.id}: {doc} is not in data/docs"


def test_evidence_is_verbatim_in_its_documents(pairs: list[QAPair], raw_docs: dict[str, str]) -> None:
    for p in pairs:
        for span in p.evidence:
            assert any(span in raw_docs[d] for d in p.docs), f"{p.id}: evidence not verbatim: {span}"


def test_every_listed_document_holds_some_evidence(pairs: list[QAPair], raw_docs: dict[str, str]) -> None:
    for p in pairs:
        for doc in p.docs:
            assert any(span in raw_docs[doc] for span in p.evidence), f"{p.id}: no evidence from {doc}"


def test_keywords_come_from_the_documents(pairs: list[QAPair], raw_docs: dict[str, str]) -> None:
    # An extractive answer can only contain a keyword the document itself holds (after folding).
    folded = {name: normalize_for_match(text) for name, text in raw_docs.items()}
    for p in pairs:
        for kw in p.keywords:
            assert any(normalize_for_match(kw) in folded[d] for d in p.docs), f"{p.id}: keyword {kw}"
            assert normalize_for_match(kw) in normalize_for_match(p.answer), f"{p.id}: {kw} not in answer"


def test_unanswerable_pairs_point_nowhere(pairs: list[QAPair]) -> None:
    for p in pairs:
        if p.type == "unanswerable":
            assert p.docs == () and p.evidence == () and p.keywords == ()
            assert not p.answerable
        else:
            assert p.docs and p.evidence and p.answerable


def test_multi_doc_pairs_name_several_documents(pairs: list[QAPair]) -> None:
    assert all(len(p.docs) >= 2 for p in pairs if p.type == "multi_doc")


def test_file_is_utf8_jsonl_without_ascii_escapes() -> None:
    for line in DATASET.read_text(encoding="utf-8").splitlines():
        assert "\\u" not in line
        json.loads(line)


# --- validation errors -----------------------------------------------------------------

GOOD = {
    "id": "x1",
    "question": "作者是谁？",
    "answer": "张三",
    "doc": "a.txt",
    "evidence": ["文/张三"],
    "keywords": ["张三"],
    "type": "factoid",
}


def _write(tmp_path: Path, *records: object) -> Path:
    path = tmp_path / "d.jsonl"
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_loads_a_minimal_valid_file(tmp_path: Path) -> None:
    multi = GOOD | {"id": "x2", "doc": ["a.txt", "b.txt"], "type": "multi_doc"}
    refuse = GOOD | {"id": "x3", "doc": None, "evidence": [], "keywords": [], "type": "unanswerable"}
    got = load_dataset(_write(tmp_path, GOOD, multi, refuse))
    assert [p.docs for p in got] == [("a.txt",), ("a.txt", "b.txt"), ()]
    assert got[0] == QAPair("x1", "作者是谁？", "张三", ("a.txt",), ("文/张三",), ("张三",), "factoid")


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", r"d\.jsonl:2: not valid JSON"),
        ({k: v for k, v in GOOD.items() if k != "evidence"}, r":2: missing field 'evidence'"),
        (GOOD | {"type": "trivia"}, r":2: field 'type': unknown type 'trivia'"),
        (GOOD | {"type": "unanswerable", "doc": None}, r":2: field 'evidence'"),
        (GOOD | {"type": "unanswerable"}, r":2: field 'doc'"),
        (GOOD | {"doc": None}, r":2: field 'doc'"),
        (GOOD | {"evidence": "文/张三"}, r":2: field 'evidence' must be a list"),
        (GOOD | {"extra": 1}, r":2: unknown field"),
        (GOOD, r":2: field 'id': 'x1' already used on line 1"),
    ],
)
def test_bad_lines_name_line_and_field(tmp_path: Path, bad: object, message: str) -> None:
    with pytest.raises(DatasetError, match=message):
        load_dataset(_write(tmp_path, GOOD, bad))

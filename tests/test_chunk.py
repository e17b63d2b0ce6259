"""ingest.chunk: sentence-packed, token-bounded chunks with exact offsets."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from llama_index.core import Document as LlamaDocument

from ingest.chunk import chunk_document, chunk_spans
from ingest.node_parser import ChineseSentenceSplitter
from ingest.clean import clean
from rag.text import CHUNKER_VERSION, INDEX_TEXT_VERSION, count_tokens, sentence_spans
from rag.types import Document, doc_id_for, sha256_hex

DOCS = Path(__file__).resolve().parent.parent / "data" / "docs"
NAMES = sorted(p.name for p in DOCS.glob("*.txt"))
ANNOTATION = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]")
CHROME = ("分享", "責編", "责编", "相關專題", "評論", "评论", "字號", "字号", ">>", "[bookmark")
BAD_START = set("，、。；：！？…,.;:!?)）]】」』”’》") | {" ", "\n", "\t", "\u3000", "\xa0"}


def document(name: str) -> Document:
    """A corpus file cleaned into a Document."""
    raw = (DOCS / name).read_text(encoding="utf-8")
    cleaned = clean(raw)
    return Document(
        doc_id=doc_id_for(name), source=name, title=cleaned.title or name, text=cleaned.text, content_hash=sha256_hex(raw)
    )


def assert_valid(text: str, spans: list[tuple[int, int]]) -> None:
    """Offsets in range and increasing, no empty chunk, no bad first or last character."""
    previous = -1
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert start > previous
        previous = start
        piece = text[start:end]
        assert piece[0] not in BAD_START, piece[:10]
        assert not piece[-1].isspace()


@pytest.mark.parametrize("name", NAMES)
def test_corpus_chunks(name: str) -> None:
    doc = document(name)
    chunks = chunk_document(doc, max_tokens=320, overlap_sentences=1)
    assert chunks
    assert_valid(doc.text, [(c.start, c.end) for c in chunks])
    for i, chunk in enumerate(chunks):
        assert chunk.index == i
        assert doc.text[chunk.start : chunk.end] == chunk.text
        assert chunk.doc_id == doc.doc_id and chunk.source == name
        assert count_tokens(chunk.text) <= 320
        assert ANNOTATION.search(chunk.text) is None
        for word in CHROME:
            assert word not in chunk.text, (word, chunk.text[:40])
    assert len({c.id for c in chunks}) == len(chunks)
    # Every sentence lies inside some chunk: nothing is lost between chunks.
    covered = [False] * len(doc.text)
    for chunk in chunks:
        covered[chunk.start : chunk.end] = [True] * (chunk.end - chunk.start)
    for start, end in sentence_spans(doc.text):
        assert all(covered[start:end])
    assert chunk_document(doc, 320, 1) == chunks  # deterministic ids


def test_chunks_end_at_sentence_ends_and_overlap_by_one_sentence() -> None:
    doc = document("002_fb24d1789acc4997.txt")
    spans = chunk_spans(doc.text, 300, 1)  # its longest sentence has 261 tokens: no sentence is cut
    ends = {end for _, end in sentence_spans(doc.text)}
    starts = {start for start, _ in sentence_spans(doc.text)}
    assert all(end in ends for _, end in spans)
    assert all(start in starts for start, _ in spans)
    overlapping = sum(1 for (_, e1), (s2, _) in zip(spans, spans[1:], strict=False) if s2 < e1)
    assert overlapping > len(spans) // 2
    assert not any(s2 < e1 for (_, e1), (s2, _) in zip(chunk_spans(doc.text, 300, 0), chunk_spans(doc.text, 300, 0)[1:], strict=False))


def test_overlap_stays_within_paragraph() -> None:
    text = "第一段第一句。第一段第二句。\n第二段第一句。第二段第二句。"
    assert [text[a:b] for a, b in chunk_spans(text, 20, 1)] == [
        "第一段第一句。第一段第二句。",
        "第二段第一句。第二段第二句。",
    ]


def test_long_sentence_cut_at_clauses_then_characters() -> None:
    text = "，".join(["这是一个相当长的分句"] * 40) + "。"
    spans = chunk_spans(text, 50, 0)
    assert len(spans) > 1
    assert_valid(text, spans)
    assert all(count_tokens(text[a:b]) <= 50 for a, b in spans)
    assert all(text[a - 1] == "，" for a, _ in spans[1:])
    unbroken = "字" * 500
    spans = chunk_spans(unbroken, 30, 1)
    assert "".join(unbroken[a:b] for a, b in spans) == unbroken
    assert all(count_tokens(unbroken[a:b]) <= 30 for a, b in spans)


def test_random_strings_keep_offsets() -> None:
    rng = random.Random(20240521)
    alphabet = "组织工作落实。！？；，、“”（）() \n\n\tabc123!?;…😀"
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300)))
        max_tokens = rng.choice([1, 3, 8, 20, 64])
        spans = chunk_spans(text, max_tokens, rng.choice([0, 1, 2]))
        assert_valid(text, spans)
        for a, b in spans:
            assert count_tokens(text[a:b]) <= max_tokens or b - a == 1


def test_empty_and_invalid() -> None:
    assert chunk_spans("", 100, 1) == []
    assert chunk_spans(" \n\n ", 100, 1) == []
    with pytest.raises(ValueError, match="max_tokens"):
        chunk_spans("文本。", 0, 1)


def test_node_parser_on_llama_index_document() -> None:
    text = document("003_c58b9f99bec04376.txt").text
    splitter = ChineseSentenceSplitter(max_tokens=200, overlap_sentences=1)
    nodes = splitter.get_nodes_from_documents([LlamaDocument(text=text, metadata={"source": "003"})])
    assert [(n.start_char_idx, n.end_char_idx) for n in nodes] == chunk_spans(text, 200, 1)
    assert all(text[n.start_char_idx : n.end_char_idx] == n.text for n in nodes)
    assert nodes[0].metadata["source"] == "003"
    assert CHUNKER_VERSION == f"zh-sentence-3/{INDEX_TEXT_VERSION}"

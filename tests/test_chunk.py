"""ingest.chunk: sentence-packed, token-bounded chunks with exact offsets."""

from __future__ import annotations

import itertools
import random
import re
from pathlib import Path

import pytest
from llama_index.core import Document as LlamaDocument

from ingest.chunk import chunk_document, chunk_spans
from ingest.node_parser import ChineseSentenceSplitter
from ingest.clean import clean
from rag.text import CHUNKER_VERSION, INDEX_TEXT_VERSION, count_tokens, names_a_point, sentence_spans
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
    # Neighbours share a sentence unless a paragraph or a numbered point begins between them (the
    # point opens the chunk that says it; the sentence before it would be all of a chunk's own).
    for (_, e1), (s2, e2) in itertools.pairwise(spans):
        assert s2 < e1 or "\n" in doc.text[e1:s2] or names_a_point(doc.text[s2:e2][: sentence_spans(doc.text[s2:e2])[0][1]])
    assert sum(1 for (_, e1), (s2, _) in itertools.pairwise(spans) if s2 < e1) >= len(spans) // 3
    assert not any(s2 < e1 for (_, e1), (s2, _) in zip(chunk_spans(doc.text, 300, 0), chunk_spans(doc.text, 300, 0)[1:], strict=False))


def test_overlap_stays_within_paragraph() -> None:
    text = "第一段第一句。第一段第二句。\n第二段第一句。第二段第二句。"
    assert [text[a:b] for a, b in chunk_spans(text, 20, 1)] == [
        "第一段第一句。第一段第二句。",
        "第二段第一句。第二段第二句。",
    ]


def test_a_numbered_point_or_a_heading_opens_the_chunk_that_says_it() -> None:
    # 一是…。 names a point and the sentences after it say it: a chunk that would end on it
    # ends before it (the essays' 怎样筑牢思想政治基础 was answered with the point alone, its
    # reasons opening the next chunk). Likewise a heading line.
    filler = "组织工作本质上是政治工作，抓落实首先要从政治上对标把向，把政治要求贯到底、落到位。"
    budget = count_tokens(filler * 2) + 5
    said = "以思想高度统一确保政治统一、行动统一，巩固拓展主题教育成果，坚持不懈凝心铸魂。"
    text = filler * 2 + "一是筑牢思想政治基础。" + said
    assert [text[a:b] for a, b in chunk_spans(text, budget, 0)] == [filler * 2, "一是筑牢思想政治基础。" + said]
    headed = filler * 2 + "\n加强党的全面领导\n" + said
    assert [headed[a:b] for a, b in chunk_spans(headed, budget, 0)][1] == "加强党的全面领导\n" + said
    # Not where that would leave the chunk less than half full: a short sentence and a point
    # stay together rather than make a chunk of the one sentence.
    short = "抓落实要对标。一是筑牢思想政治基础。" + said * 3
    first = chunk_spans(short, count_tokens("抓落实要对标。一是筑牢思想政治基础。" + said) + 5, 0)[0]
    assert short[first[0] : first[1]].startswith("抓落实要对标。一是筑牢思想政治基础。")
    # A run of bare points is a list, not a point and what it says: its last item is not moved
    # away from the others, nor a point that ends its paragraph.
    listed = filler + "一是筑牢思想基础。二是加强全面领导。\n" + said
    budget = count_tokens(filler + "一是筑牢思想基础。二是加强全面领导。") + 5
    assert listed[slice(*chunk_spans(listed, budget, 0)[0])] == filler + "一是筑牢思想基础。二是加强全面领导。"
    # A point that ends the document ends its last chunk.
    ending = filler + "一是筑牢思想政治基础。"
    assert [ending[a:b] for a, b in chunk_spans(ending, 500, 0)] == [ending]


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
    assert CHUNKER_VERSION == f"zh-sentence-4/{INDEX_TEXT_VERSION}"

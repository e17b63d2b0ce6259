"""SQuAD-format data as eval suites: the reader, the seeded split, evidence and the unanswerable rule."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from eval.dataset import DatasetError, QAPair, load_dataset
from eval.squad import (
    Article,
    SquadQuestion,
    evidence_sentence,
    in_simplified,
    is_absent,
    part_of,
    question_type,
    read_squad,
    sample,
    suite,
    write_suite,
)

# Article ids chosen for where the seed-0 split puts them (test_split_follows_the_shared_rule
# checks the rule itself): A11 dev, A6 dev and left out, A0 train, A5 train and left out.
SIMPLIFIED = {
    "version": "v1.0",
    "data": [
        {
            "id": "A11",
            "title": "长江",
            "paragraphs": [
                {
                    "context": "长江是中国第一长河。全长约6300公里，流经十一个省级行政区。",
                    "qas": [
                        {"id": "Q1", "question": "长江全长多少？", "answers": [
                            {"text": "约6300公里", "answer_start": 12}, {"text": "约6300公里", "answer_start": 12},
                            {"text": "6300公里", "answer_start": 13}]},
                        {"id": "Q2", "question": " ", "answers": [{"text": "长江", "answer_start": 0}]},
                    ],
                },
                {
                    "context": "长江流域面积达180万平方公里。",
                    "qas": [
                        {"id": "Q3", "question": "长江流域面积多大？", "answers": [{"text": "180万平方公里", "answer_start": 99}]},
                        {"id": "Q4", "question": "长江有多少支流？", "answers": []},
                    ],
                },
            ],
        },
        {
            "id": "A6",
            "title": "黄河",
            "paragraphs": [{"context": "黄河是中国第二长河。全长约5464公里。", "qas": [
                {"id": "Q5", "question": "黄河全长多少？", "answers": [{"text": "约5464公里", "answer_start": 12}]}]}],
        },
        {
            "id": "A0",
            "title": "珠江",
            "paragraphs": [{"context": "珠江是中国南方最大的河流。", "qas": [
                {"id": "Q6", "question": "中国南方最大的河流是什么？", "answers": [{"text": "珠江", "answer_start": 0}]}]}],
        },
        {
            "id": "A5",
            "title": "淮河",
            "paragraphs": [{"context": "淮河位于长江与黄河之间。", "qas": [
                {"id": "Q7", "question": "淮河位于哪里？", "answers": [{"text": "长江与黄河之间", "answer_start": 4}]}]}],
        },
    ],
}

# A1 dev, A24 dev and left out, A0 train, A3 train and left out. The first context starts
# with spaces, which the reader strips: answer_start must follow.
TRADITIONAL = {
    "version": "1.3",
    "data": [
        {"id": "A1", "title": "臺北101", "paragraphs": [{"context": "  臺北101是位於臺灣臺北市信義區的摩天大樓。樓高508公尺，地上101層。", "qas": [
            {"id": "T1", "question": "臺北101樓高多少公尺？", "answers": [{"text": "508公尺", "answer_start": 27}]}]}]},
        {"id": "A24", "title": "高雄85大樓", "paragraphs": [{"context": "高雄85大樓位於高雄市苓雅區。", "qas": [
            {"id": "T2", "question": "高雄85大樓位於哪個區？", "answers": [{"text": "苓雅區", "answer_start": 10}]}]}]},
        {"id": "A0", "title": "日月潭", "paragraphs": [{"context": "日月潭是臺灣最大的淡水湖泊。", "qas": [
            {"id": "T3", "question": "臺灣最大的淡水湖泊是哪個？", "answers": [{"text": "日月潭", "answer_start": 0}]}]}]},
        {"id": "A3", "title": "阿里山", "paragraphs": [{"context": "阿里山以日出和雲海聞名。", "qas": [
            {"id": "T4", "question": "阿里山以什麼聞名？", "answers": [{"text": "日出和雲海", "answer_start": 4}]}]}]},
    ],
}


def _write(tmp_path: Path, name: str, data: dict) -> Path:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def zh(tmp_path: Path) -> list[Article]:
    return read_squad(_write(tmp_path, "tiny_zh", SIMPLIFIED))


@pytest.fixture
def tw(tmp_path: Path) -> list[Article]:
    return read_squad(_write(tmp_path, "tiny_tw", TRADITIONAL))


def test_reader_keeps_articles_paragraphs_and_questions_with_a_span(zh: list[Article]) -> None:
    first = zh[0]
    assert (first.dataset, first.id, first.key, first.title) == ("tiny_zh", "A11", "tiny_zh:A11", "长江")
    assert first.paragraphs == ("长江是中国第一长河。全长约6300公里，流经十一个省级行政区。", "长江流域面积达180万平方公里。")
    # Q2 has no question text and Q4 no answer: neither can be scored. Duplicate answers fold.
    # Q3's answer_start points nowhere, so the answer's first occurrence is used.
    assert first.questions == (
        SquadQuestion("Q1", "长江全长多少？", ("约6300公里", "6300公里"), 0, 12),
        SquadQuestion("Q3", "长江流域面积多大？", ("180万平方公里",), 1, 7),
    )
    assert first.file_name == "tiny_zh-A11.md"
    assert first.document() == (
        "# 长江\n\n长江是中国第一长河。全长约6300公里，流经十一个省级行政区。\n\n长江流域面积达180万平方公里。\n"
    )


def test_reader_strips_a_context_and_moves_the_answer_with_it(tw: list[Article]) -> None:
    article = tw[0]
    assert article.paragraphs == ("臺北101是位於臺灣臺北市信義區的摩天大樓。樓高508公尺，地上101層。",)
    (question,) = article.questions
    assert article.paragraphs[0][question.answer_start:].startswith("508公尺")


def test_split_follows_the_shared_rule(zh: list[Article], tw: list[Article]) -> None:
    def u(salt: str, key: str) -> float:
        return int(hashlib.sha256(f"zhiwen-{salt}:0:{key}".encode()).hexdigest(), 16) % 10000 / 10000

    for article in zh + tw:
        assert part_of(article) == ("dev" if u("split", article.key) < 0.4 else "train")
        assert is_absent(article) == (u("absent", article.key) < 0.25)
    assert [(a.id, part_of(a), is_absent(a)) for a in zh] == [
        ("A11", "dev", False), ("A6", "dev", True), ("A0", "train", False), ("A5", "train", True)
    ]
    assert [(a.id, part_of(a), is_absent(a)) for a in tw] == [
        ("A1", "dev", False), ("A24", "dev", True), ("A0", "train", False), ("A3", "train", True)
    ]
    assert part_of(zh[1], seed=2) == "train"  # another seed, another split


def test_dev_suite_simplified(zh: list[Article]) -> None:
    dev = suite(zh, "dev")
    assert dev.name == "tiny_zh-dev"
    assert [a.id for a in dev.articles] == ["A11"]
    assert dev.pairs == (
        QAPair("Q1", "长江全长多少？", "约6300公里", ("tiny_zh-A11.md",), ("全长约6300公里，流经十一个省级行政区。",), (),
               "factoid", answers=("约6300公里", "6300公里")),
        QAPair("Q3", "长江流域面积多大？", "180万平方公里", ("tiny_zh-A11.md",), ("长江流域面积达180万平方公里。",), (),
               "factoid", answers=("180万平方公里",)),
        # The left-out article's question: on topic, and its answer is nowhere in the library.
        QAPair("Q5", "黄河全长多少？", "约5464公里", (), (), (), "unanswerable", answers=("约5464公里",)),
    )


def test_train_and_all_suites_traditional(tw: list[Article]) -> None:
    train = suite(tw, "train")
    assert [a.id for a in train.articles] == ["A0"]
    assert [(p.id, p.type, p.docs, p.evidence) for p in train.pairs] == [
        ("T3", "factoid", ("tiny_tw-A0.md",), ("日月潭是臺灣最大的淡水湖泊。",)),
        ("T4", "unanswerable", (), ()),
    ]
    everything = suite(tw, "all")
    assert [a.id for a in everything.articles] == ["A1", "A0"]
    assert [p.id for p in everything.pairs if p.answerable] == ["T1", "T3"]
    assert everything.pairs[0].evidence == ("樓高508公尺，地上101層。",)


def test_written_suite_reads_back(zh: list[Article], tmp_path: Path) -> None:
    dev = suite(zh, "dev")
    docs, dataset = write_suite(dev, tmp_path / "out")
    assert sorted(p.name for p in docs.iterdir()) == ["tiny_zh-A11.md"]
    assert (docs / "tiny_zh-A11.md").read_text(encoding="utf-8") == zh[0].document()
    assert tuple(load_dataset(dataset)) == dev.pairs


def test_sample_is_seeded_per_kind_and_keeps_the_library(tw: list[Article]) -> None:
    whole = suite(tw, "all")
    one = sample(whole, 1)
    assert one.name == "tiny_tw-all-sample1"
    assert one.articles == whole.articles
    assert sorted(p.type for p in one.pairs) == ["factoid", "unanswerable"]
    assert sample(whole, 1) == one
    assert set(one.pairs) <= set(sample(whole, 2).pairs) == set(whole.pairs)
    reordered = suite(tw[::-1], "all")
    assert {p.id for p in sample(reordered, 1).pairs} == {p.id for p in one.pairs}


def test_questions_asked_in_simplified(tw: list[Article]) -> None:
    dev = in_simplified(suite(tw, "dev"))
    assert dev.name == "tiny_tw-dev-simplified"
    assert [p.question for p in dev.pairs] == ["台北101楼高多少公尺？", "高雄85大楼位于哪个区？"]
    assert dev.pairs[0].evidence == ("樓高508公尺，地上101層。",)  # the documents stay Traditional
    assert dev.articles == suite(tw, "dev").articles


def test_not_squad_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="not a SQuAD-format JSON file"):
        read_squad(_write(tmp_path, "bad", {"rows": []}))


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("长江全长多少？", "factoid"),
        ("臺北101的設計者是誰？", "factoid"),
        ("为什么长江含沙量较低？", "explain"),
        ("長江流經哪些省份？", "list"),
        ("长江流域有哪三大湖泊？", "list"),
    ],
)
def test_answerable_pairs_are_typed_by_what_they_ask(question: str, kind: str) -> None:
    assert question_type(question) == kind


def _repeated_answers_file(tmp_path: Path, first: bool) -> Path:
    """Twelve questions whose answer 长江 occurs twice in the paragraph; positions at the first
    occurrence (as a file that computed them with find) or at the second (real annotations)."""
    context = "长江是一条河。长江流经上海。"
    qas = [{"id": f"R{i}", "question": "流经上海的河是什么？",
            "answers": [{"text": "长江", "answer_start": 0 if first or i % 2 else 7}]} for i in range(12)]
    path = tmp_path / "repeated.json"
    path.write_text(json.dumps({"data": [{"id": "A", "title": "长江", "paragraphs": [{"context": context, "qas": qas}]}]},
                               ensure_ascii=False), encoding="utf-8")
    return path


def test_positions_that_are_first_occurrences_make_every_occurrence_evidence(tmp_path: Path) -> None:
    pairs = suite(read_squad(_repeated_answers_file(tmp_path, first=True)), "all").pairs
    assert {p.evidence for p in pairs} == {("长江是一条河。", "长江流经上海。")}


def test_annotated_positions_keep_their_sentence(tmp_path: Path) -> None:
    pairs = suite(read_squad(_repeated_answers_file(tmp_path, first=False)), "all").pairs
    assert [p.evidence for p in pairs[:2]] == [("长江流经上海。",), ("长江是一条河。",)]


def test_the_evidence_of_a_long_answer_is_the_sentence_it_begins_in() -> None:
    context = "长江是一条河。它发源于青藏高原，流经十一个省份。最后在上海注入东海。"
    answer = "它发源于青藏高原，流经十一个省份。最后在上海注入东海。"
    start = context.index(answer)
    assert evidence_sentence(context, start, len(answer)) == "它发源于青藏高原，流经十一个省份。"
    assert evidence_sentence(context, context.index("上海"), 2) == "最后在上海注入东海。"


def test_training_candidates_live_under_the_retrieval_that_made_them(tmp_path: Path) -> None:
    from eval.candidates import library_settings, retrieval_key
    from rag.config import Settings

    settings = Settings.from_env({}).with_(data_dir=tmp_path)
    key = retrieval_key(settings)
    assert library_settings(settings, "cmrc2018_trial-dev").data_dir == tmp_path / "squad" / f"cmrc2018_trial-dev-{key}"
    assert retrieval_key(settings.with_(data_dir=tmp_path / "elsewhere")) == key  # where it lives is no part of it
    for changed in ({"rrf_k": settings.rrf_k + 1}, {"dense_weight": 0.5}, {"chunk_tokens": settings.chunk_tokens * 2}):
        assert retrieval_key(settings.with_(**changed)) != key, changed


def test_the_suites_exact_dense_search_ranks_every_visible_chunk_by_cosine(tmp_path: Path) -> None:
    """What the training libraries are searched with: the same vectors give the same hits every
    build (Chroma's HNSW graph does not), and over a library this small HNSW finds the same."""
    import numpy as np

    from eval.candidates import ExactDense
    from ingest.pipeline import ingest_paths
    from rag.config import DEFAULT_DOCS_DIR, Settings
    from rag.store import Store
    from tests.fakes import HashEmbedder

    settings = Settings(data_dir=tmp_path / "index")
    ingest_paths(settings, [str(DEFAULT_DOCS_DIR)], embedder=HashEmbedder())
    store = Store.open(settings, HashEmbedder.name, HashEmbedder.dim)
    ids, vectors = store.vectors()
    assert ids == sorted(c.id for c in store.chunks()) and vectors.shape == (len(ids), HashEmbedder.dim)
    query = HashEmbedder().embed_query("西宁市的组织部长是谁？")
    exact = ExactDense(store).nearest(query, 5)
    cosines = vectors @ query
    assert [chunk_id for chunk_id, _ in exact] == [ids[i] for i in np.argsort(-cosines, kind="stable")[:5]]
    assert [s for _, s in exact] == sorted((s for _, s in exact), reverse=True)
    approximate = store.nearest(query, 5)
    assert [chunk_id for chunk_id, _ in approximate] == [chunk_id for chunk_id, _ in exact]
    assert np.allclose([s for _, s in approximate], [s for _, s in exact], atol=1e-5)
    assert ExactDense(store).nearest(query, 5) == exact


@pytest.mark.slow
def test_two_builds_of_a_suite_give_the_same_candidates_byte_for_byte(tmp_path: Path) -> None:
    """What makes `rag train` rebuild the same model files: the same data searched afresh in
    another data directory gives the same hits and scores (the embedder is the shipped one)."""
    from eval.candidates import DATASETS_DIR, build, library_neighbours, library_settings, suite_name
    from rag.config import Settings

    data = json.loads((DATASETS_DIR / "cmrc2018_trial.json").read_text(encoding="utf-8"))
    (tmp_path / "sets").mkdir()
    (tmp_path / "sets" / "tiny.json").write_text(
        json.dumps({**data, "data": data["data"][:12]}, ensure_ascii=False), encoding="utf-8"
    )
    files = []
    for build_dir in ("first", "second"):
        settings = Settings.from_env({}).with_(data_dir=tmp_path / build_dir)
        questions = build(settings, "tiny", "dev", datasets_dir=tmp_path / "sets")["as-is"]
        assert questions and any(q.hits for q in questions)
        folder = library_settings(settings, suite_name("tiny", "dev")).data_dir
        files.append(sorted(folder.glob("candidates-*.json")))
    assert [p.name for p in files[0]] == [p.name for p in files[1]] and files[0]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(*files))
    # The library a build made is read on as the pipeline reads it (`eval.answers` answers so).
    neighbours = library_neighbours(settings, "tiny", "dev")
    chunk = next(hit.chunk for q in questions for hit in q.hits if hit.chunk.index > 0)
    around = neighbours(chunk, 1, 1)
    assert [c.index for c in around][:1] == [chunk.index - 1] and all(c.doc_id == chunk.doc_id for c in around)

"""Retrieval on a tiny Chinese corpus written here: exact ids for dense, BM25 and hybrid."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rag.config import Settings
from rag.keyword import KeywordHit, KeywordIndex, KeywordSearch, cache_path
from rag.retrieve import Retriever, keyword_query, relevance, rrf
from rag.text import keyword_tokens
from rag.store import Store, connect
from rag.types import Chunk, DocumentInfo, chunk_id_for, chunk_id_owner
from tests.fakes import CORPUS, HashEmbedder, put

@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "index")


@pytest.fixture
def store(settings: Settings) -> Store:
    embedder = HashEmbedder()
    store = Store.open(settings, embedder.name, embedder.dim)
    for key, (source, text) in CORPUS.items():
        put(store, embedder, key, source, text)
    return store


def retriever(settings: Settings, store: Store, mode: str) -> Retriever:
    return Retriever.from_settings(settings.with_(retriever=mode), store, HashEmbedder())


def ids(settings: Settings, store: Store, mode: str, query: str, k: int = 4) -> list[str]:
    return [hit.chunk.doc_id for hit in retriever(settings, store, mode).search(query, k).hits]


# "基层组织建设": the vectors favour 作风's chunk, BM25 the 黨建 one (基层组织, a word the library never
# uses, searched as 基层, 组织, and the folded 基層黨組織). Fused with equal weights, the chunk both rank
# high comes first; with the default weights (dense 0.25) BM25's order leads and the vectors only break
# near-ties.
def test_dense_ranks_by_vector_similarity(settings: Settings, store: Store) -> None:
    assert ids(settings, store, "dense", "干部作风建设") == ["zuofeng", "ganbu", "rencai", "dangjian"]


def test_bm25_returns_only_chunks_sharing_a_keyword(settings: Settings, store: Store) -> None:
    assert ids(settings, store, "bm25", "干部队伍建设") == ["ganbu", "dangjian", "zuofeng"]
    assert ids(settings, store, "bm25", "人才引进政策") == ["rencai"]


def test_hybrid_fuses_both_rankings(settings: Settings, store: Store) -> None:
    assert ids(settings, store, "dense", "基层组织建设") == ["zuofeng", "rencai", "dangjian", "ganbu"]
    assert ids(settings, store, "bm25", "基层组织建设") == ["dangjian", "zuofeng", "ganbu"]
    equal = settings.with_(rrf_k=60, dense_weight=1.0)
    hits = retriever(equal, store, "hybrid").search("基层组织建设", 4).hits
    assert [h.chunk.doc_id for h in hits] == ["zuofeng", "dangjian", "ganbu", "rencai"]
    assert [h.rank for h in hits] == [1, 2, 3, 4]
    first, last = hits[0], hits[-1]
    assert first.ranks == {"dense": 1, "bm25": 2} and set(first.scores) == {"dense", "bm25"}
    assert first.score == pytest.approx(1 / 61 + 1 / 62)
    assert last.ranks == {"dense": 2}, "a chunk only one retriever found keeps only that one's rank"


def test_hybrid_weights_bm25_above_dense_by_default(settings: Settings, store: Store) -> None:
    hits = retriever(settings, store, "hybrid").search("基层组织建设", 4).hits
    assert [h.chunk.doc_id for h in hits] == ["dangjian", "zuofeng", "ganbu", "rencai"]
    k, w = settings.rrf_k, settings.dense_weight
    assert hits[0].score == pytest.approx(w / (k + 3) + 1 / (k + 1))
    assert hits[1].ranks == {"dense": 1, "bm25": 2}
    assert hits[1].score == pytest.approx(w / (k + 1) + 1 / (k + 2))


def test_simplified_question_finds_traditional_passage(settings: Settings, store: Store) -> None:
    # The hash embedder sees characters, so only the script-folded BM25 can bridge 党/黨 here.
    assert ids(settings, store, "bm25", "坚持从严治党") == ["dangjian"]
    assert ids(settings, store, "hybrid", "坚持从严治党", k=1) == ["dangjian"]


class CountingEmbedder(HashEmbedder):
    """The hash embedder, recording every query it embeds."""

    def __init__(self) -> None:
        self.queries: list[str] = []

    def embed_query(self, text: str) -> np.ndarray:
        self.queries.append(text)
        return super().embed_query(text)


def asked(tmp_path: Path, keys: list[str], question: str) -> list[str]:
    """The queries the dense search embeds for `question` to a library of CORPUS[keys]."""
    settings = Settings(data_dir=tmp_path / "index")
    embedder = CountingEmbedder()
    store = Store.open(settings, embedder.name, embedder.dim)
    for key in keys:
        put(store, embedder, key, *CORPUS[key])
    embedder.queries.clear()
    Retriever.from_settings(settings, store, embedder).search(question, 2)
    return embedder.queries


def test_a_library_in_the_other_script_is_asked_in_its_script(tmp_path: Path) -> None:
    # Only 黨建 is Traditional. The hash embedder sees characters: 坚持从严治党 shares no bigram
    # with it, 堅持從嚴治黨 (OpenCC's s2t) five.
    assert asked(tmp_path / "t", ["dangjian"], "坚持从严治党") == ["堅持從嚴治黨"]
    assert asked(tmp_path / "s", ["ganbu", "rencai"], "幹部隊伍建設") == ["干部队伍建设"]


def test_a_library_in_both_scripts_or_the_questions_is_asked_as_written(tmp_path: Path) -> None:
    assert asked(tmp_path / "both", ["ganbu", "dangjian"], "坚持从严治党") == ["坚持从严治党"]
    assert asked(tmp_path / "same", ["ganbu", "rencai"], "干部队伍建设") == ["干部队伍建设"]
    assert asked(tmp_path / "neither", ["ganbu"], "2019年GDP") == ["2019年GDP"]


def test_a_librarys_script_is_that_of_all_but_a_stray_chunk() -> None:
    def library(texts: list[str]) -> KeywordIndex:
        return KeywordIndex.build(
            Chunk(f"c{i}", "d", "d.txt", "", i, 0, len(text), text) for i, text in enumerate(texts)
        )

    traditional, simplified = CORPUS["dangjian"][1], CORPUS["ganbu"][1]
    assert library([traditional] * 100 + ["# 维特鲁威"]).script == "traditional"
    assert library([traditional] * 98 + [simplified] * 2).script is None
    assert library([simplified, "2019年GDP"]).script == "simplified"
    assert library(["2019年GDP"]).script is None
    assert library([]).script is None


def test_the_librarys_script_is_kept_with_its_index(tmp_path: Path) -> None:
    text = CORPUS["dangjian"][1]
    KeywordIndex.build([Chunk("c0", "d", "d.txt", "", 0, 0, len(text), text)]).save(tmp_path / "index")
    assert KeywordIndex.load(tmp_path / "index").script == "traditional"
    (tmp_path / "index" / "script.json").unlink()  # as an index cached before it was kept
    assert KeywordIndex.load(tmp_path / "index").script == "traditional"


def test_traditional_question_finds_simplified_passage(settings: Settings, store: Store) -> None:
    assert ids(settings, store, "bm25", "人才引進與培養") == ["rencai"]
    assert ids(settings, store, "hybrid", "人才引進與培養", k=1) == ["rencai"]


def test_rrf_sums_reciprocal_ranks() -> None:
    fused = rrf({"dense": ["a", "b"], "bm25": ["b", "c"]}, k=60)
    assert [chunk_id for chunk_id, _ in fused] == ["b", "a", "c"]
    assert fused[0][1] == pytest.approx(1 / 62 + 1 / 61)


def test_weighted_rrf_scales_each_ranking() -> None:
    fused = rrf({"dense": ["a", "b"], "bm25": ["b", "c"]}, k=2, weights={"dense": 0.25})
    assert [chunk_id for chunk_id, _ in fused] == ["b", "c", "a"]
    assert dict(fused) == pytest.approx({"b": 0.25 / 4 + 1 / 3, "c": 1 / 4, "a": 0.25 / 3})


def test_keyword_query_drops_question_words() -> None:
    assert keyword_query(keyword_tokens("文章提出了哪些人才引进政策？")) == ["人才", "引进", "政策"]
    assert keyword_query(["什么"]) == ["什么"], "a question of question words only is searched as it is"


def test_relevance_separates_on_and_off_topic(settings: Settings, store: Store) -> None:
    on = retriever(settings, store, "bm25").search("人才引进政策", 3)
    off = retriever(settings, store, "dense").search("红烧肉怎么做", 3)
    assert on.relevance == pytest.approx(1.0)
    assert off.relevance < 0.2 and on.relevance == relevance("人才引进政策", on.hits)


def test_a_question_without_content_words_has_no_relevance(settings: Settings, store: Store) -> None:
    retriever = Retriever(store, HashEmbedder(), KeywordSearch(store, settings.data_dir / "kw"))
    for question in ("？？！。，、；：……——", "哪些？", "   "):
        assert retriever.search(question, 3).relevance == 0.0


def test_keyword_index_is_cached_and_rebuilt_when_the_store_changes(settings: Settings, store: Store) -> None:
    cache = settings.data_dir / "keyword"
    search = KeywordSearch(store, cache)
    assert owners(search.index().search("人才", 2)[:1]) == ["rencai"]
    built = cache_path(cache, store.fingerprint())
    assert (built / "ids.json").is_file()

    # Another process (a new KeywordSearch) loads the cached index instead of reading every chunk.
    loaded = KeywordSearch(NoChunks(store), cache).index()
    assert sorted(chunk_id_owner(i)[0] for i in loaded.ids) == sorted(CORPUS)
    # ...and reads back every chunk from it as Chroma holds it, text and offsets included.
    assert loaded.get_chunks(loaded.ids) == {chunk.id: chunk for chunk in store.chunks()}
    assert owners(loaded.search("人才", 2)) == ["rencai"]

    put(store, HashEmbedder(), "jiceng", "基层.txt", "基层减负要坚持以解决问题为根本。")
    assert owners(search.index().search("基层减负", 2)) == ["jiceng", "dangjian"]  # 基层 = 基層
    assert not built.exists(), "the index of the old fingerprint is dropped"
    store.remove_document("jiceng")
    assert owners(search.index().search("基层减负", 2)) == ["dangjian"]


def owners(hits: list[KeywordHit]) -> list[str]:
    return [chunk_id_owner(hit.chunk_id)[0] for hit in hits]


class NoChunks:
    """A store whose chunks cannot be read: only a cached index can be used with it."""

    def __init__(self, store: Store) -> None:
        self.snapshot = store.snapshot

    def chunks(self, snapshot=None):
        raise AssertionError("the keyword index was rebuilt instead of loaded")


def test_keyword_index_on_an_empty_store(settings: Settings) -> None:
    embedder = HashEmbedder()
    store = Store.open(settings, embedder.name, embedder.dim)
    assert retriever(settings, store, "hybrid").search("干部", 5).hits == []
    assert KeywordIndex.build([]).search("干部", 5) == []


def test_search_reports_stage_timings(settings: Settings, store: Store) -> None:
    timings = retriever(settings, store, "hybrid").search("干部", 2).timings
    assert set(timings) == {"registry", "embed", "dense", "keyword", "fusion"}
    assert all(isinstance(v, float) and v >= 0 for v in timings.values())
    assert np.isfinite(list(timings.values())).all()


def test_a_snapshot_is_reread_only_when_the_registry_moved(
    settings: Settings, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = store.snapshot()
    monkeypatch.setattr(store, "versions", lambda: pytest.fail("read the whole registry though nothing changed"))
    assert store.snapshot() is first
    monkeypatch.undo()

    writer = Store.open(settings, HashEmbedder.name, HashEmbedder.dim)  # another writer on the same index
    put(writer, HashEmbedder(), "jiceng", "基层.txt", "基层减负要坚持以解决问题为根本。")
    after = store.snapshot()
    assert set(after.versions) == set(first.versions) | {"jiceng"} and after.fingerprint != first.fingerprint
    writer.remove_document("jiceng")
    assert store.snapshot().versions == first.versions
    assert "~generation" not in {info.doc_id for info in store.documents()}


class SwitchingClient:
    """A Chroma client whose chunk collection, the first time it is read page by page, first
    lets `switch` run: another process switching a document in the middle of a keyword build."""

    def __init__(self, client, collection: str, switch) -> None:
        self._client = client
        self._collection = collection
        self._switch = switch

    def get_or_create_collection(self, name: str, **kwargs):
        got = self._client.get_or_create_collection(name, **kwargs)
        return SwitchingCollection(got, self._switch) if name == self._collection else got

    def __getattr__(self, name: str):
        return getattr(self._client, name)


class SwitchingCollection:
    def __init__(self, collection, switch) -> None:
        self._collection = collection
        self._switch = switch

    def get(self, **kwargs):
        if "offset" in kwargs and self._switch is not None:
            switch, self._switch = self._switch, None
            switch()
        return self._collection.get(**kwargs)

    def __getattr__(self, name: str):
        return getattr(self._collection, name)


def test_a_document_switched_during_a_keyword_build(settings: Settings, store: Store) -> None:
    """Searches return only chunks of their snapshot's versions that still exist, an index a
    concurrent switch made incomplete is not filed, and the next search builds it again."""
    embedder = HashEmbedder()
    new_text = "人才工作要聚焦基层减负，完善人才评价。"

    def switch() -> None:
        put(store, embedder, "rencai", "人才.txt", new_text)

    reader = Store(SwitchingClient(connect(settings), settings.collection, switch), settings, store.manifest)
    cache = settings.data_dir / "keyword"
    search = Retriever(reader, embedder, KeywordSearch(reader, cache))
    before = reader.snapshot()
    expected = set(before.versions)

    hits = search.search("人才引进政策", 4).hits
    assert all(before.is_visible(h.chunk.id) for h in hits)
    assert all(reader.get_chunks([h.chunk.id]) for h in hits), "a hit whose chunk is gone"
    filed = cache_path(cache, before.fingerprint)
    if filed.exists():  # filed only when whole: every document of the snapshot, rencai's old version too
        assert {chunk_id_owner(i)[0] for i in KeywordIndex.load(filed).ids} == expected

    after = reader.snapshot()
    assert after.fingerprint != before.fingerprint
    hits = search.search("人才评价", 4).hits
    assert hits[0].chunk.text == new_text and after.is_visible(hits[0].chunk.id)
    assert {chunk_id_owner(i)[0] for i in KeywordIndex.load(cache_path(cache, after.fingerprint)).ids} == expected


def test_a_chunk_that_says_ben_yu_is_found_by_its_documents_title() -> None:
    # Neither chunk names its fish; only the titles do.
    neon = Chunk("neon-1", "neon", "霓虹雀鲷.md", "霓虹雀鲷", 3, 400, 424, "本鱼分布于西太平洋区，栖息在珊瑚礁。")
    blue = Chunk("blue-1", "blue", "蓝雀鲷.md", "蓝雀鲷", 3, 380, 402, "本鱼分布于印度洋，栖息在潟湖。")
    index = KeywordIndex.build([blue, neon])
    assert [hit.chunk_id for hit in index.search("霓虹雀鲷分布在哪里？", 2)][:1] == ["neon-1"]
    assert [hit.chunk_id for hit in index.search("蓝雀鲷分布在哪里？", 2)][:1] == ["blue-1"]
    # The chunk read back is the text shown, with its offsets: the title is only indexed.
    assert index.get_chunks(["neon-1"])["neon-1"] == neon


def test_the_author_is_indexed_with_every_chunk() -> None:
    chunk = Chunk("a-1", "a", "a.txt", "谈基层减负", 0, 0, 12, "要坚持以解决问题为根本。")
    assert keyword_tokens("张学天") == ["张学天"]
    assert KeywordIndex.build([chunk], {"a": "张学天"}).search("张学天", 1)[0].chunk_id == "a-1"
    assert KeywordIndex.build([chunk]).search("张学天", 1) == []


def test_the_place_a_byline_names_finds_every_chunk_of_its_document() -> None:
    # Office documents name their place in the byline, not in each paragraph: 海北州坚持哪些导向
    # found 乌审旗's 导向 first, the chunk of 海北's essay that lists its own never naming 海北.
    haibei = Chunk("h-5", "h", "000.txt", "以实干实绩实效推动组织工作高质量发展", 5, 900, 930, "坚持目标导向、标准导向、效果导向相统一。")
    wushen = Chunk("w-0", "w", "004.txt", "为贯彻落实好今年组织部长会议精神", 0, 0, 30, "乌审旗将坚持目标导向、问题导向、结果导向相统一。")
    info = DocumentInfo("h", "000.txt", haibei.title, "x", 9, 3000, "2026-12-05", author="司吉昇",
                        affiliation="中共海北州委常委、组织部部长")
    assert info.byline == "中共海北州委常委、组织部部长 司吉昇"
    index = KeywordIndex.build([wushen, haibei], {"h": info.byline, "w": "苏新发"})
    assert [hit.chunk_id for hit in index.search("海北州坚持哪些导向？", 2)][:1] == ["h-5"]
    assert [hit.chunk_id for hit in index.search("乌审旗坚持哪些导向？", 2)][:1] == ["w-0"]


def test_the_vector_index_is_searched_with_a_wide_beam(settings: Settings, store: Store) -> None:
    # At Chroma's default beam (ef_search 100) a DRCD sample library lost a question's nearest
    # chunk in one process of three (rag/store.py); the library records the wider one.
    import chromadb

    store.close()
    client = chromadb.PersistentClient(str(settings.data_dir / "chroma"))
    assert client.get_collection(settings.collection).configuration["hnsw"]["ef_search"] == 400


def test_a_chunk_s_neighbours_are_the_chunks_around_it_in_its_document() -> None:
    texts = ["需要把握好三条原则。", "一是要坚持以解决问题为根本。", "二是要坚持以工作实效为导向。", "三是要坚持以清正廉洁为标准。"]
    chunks = [Chunk(chunk_id_for("d", "v1", i, t), "d", "a.txt", "谈基层减负", i, 20 * i, 20 * i + len(t), t)
              for i, t in enumerate(texts)]
    other = Chunk(chunk_id_for("e", "v1", 0, "别的。"), "e", "b.txt", "别的", 0, 0, 3, "别的。")
    index = KeywordIndex.build([other, *reversed(chunks)])
    assert index.neighbours(chunks[1].id, 1, 2) == [chunks[0], chunks[2], chunks[3]]
    assert index.neighbours(chunks[0].id, 2, 1) == [chunks[1]]
    assert index.neighbours(other.id, 3, 3) == []
    assert index.neighbours("not-a-chunk", 1, 1) == []


def test_a_compound_the_library_never_uses_is_searched_by_its_words_that_it_does() -> None:
    """会议记录人是谁: jieba keeps 会议记录 whole in the question; the minutes write 会议时间 and 记录人
    (it was refused: the index held no token of it). A compound of which the library uses a part
    only (差旅费 of a library saying 旅费, not 差旅) is searched as it is."""
    texts = ["第三季度安全生产工作会议纪要\n会议时间：9月28日\n记录人：孙丽", "旅费自理。", "人才工作，人人有责，用好每一个人。"]
    index = KeywordIndex.build(
        [Chunk(f"c{i}", f"d{i}", f"d{i}.txt", "", 0, 0, len(t), t) for i, t in enumerate(texts)]
    )
    assert index.search("会议记录人是谁？", 5)[0].chunk_id == "c0"
    assert index.search("差旅费怎么算？", 5) == []

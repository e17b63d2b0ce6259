"""BM25 over jieba tokens of the t2s-folded text, built from the store and cached on disk.

Chroma is the source of truth: the index is a cache keyed by the store's fingerprint, which
changes whenever a document is added, replaced or removed, by this process or by another
one writing to the same Chroma server. Every search checks the fingerprint first and
rebuilds (or loads another process's build) when it has moved.

An index is built from the very snapshot it is filed under (`Store.chunks(snapshot)`), and
filed only when it holds every chunk the snapshot's registry records: a build that a
concurrent switch made skip rows (74 s at 100k chunks gives another process time to switch
a document) serves the search that made it, is not kept, and the next search builds again.

The cache lives in `data_dir/keyword/<fingerprint>-<index text version>/`: bm25s's own save format (numpy
arrays, memory-mapped on load), `ids.json`, the chunk id of every row, and every row's
chunk record (`chunks.bin`, one JSON array per chunk, with `offsets.npy`, memory-mapped).
The records let a search take the texts of the chunks it keeps from here instead of one
more round trip to Chroma (1.1 ms of a 20 ms query on the corpus, more over the network).
"""

from __future__ import annotations

import json
import mmap
import os
import shutil
import tempfile
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

import bm25s
import numpy as np

from rag.store import Snapshot, Store
from rag.text import INDEX_TEXT_VERSION, fold_cleaned, index_text, keyword_tokens, script_of, sub_words
from rag.types import Chunk, chunk_id_owner

_IDS_FILE = "ids.json"
_RECORDS_FILE = "chunks.bin"
_OFFSETS_FILE = "offsets.npy"
_SCRIPT_FILE = "script.json"
# How many of the best BM25 matches a scan for the chunks holding some words reads (`containing`):
# at 20 chunks a document, every document of a library of 100 that says them, when each says them once.
SCANNED = 2000
# The share of a library's chunks (of those written in a script) that makes it one script's.
_ONE_SCRIPT = 0.99


def _places(text: str, word: str) -> list[int]:
    """Where `word` stands in `text`."""
    return [i for i in range(len(text) - len(word) + 1) if text.startswith(word, i)]


class KeywordHit(NamedTuple):
    chunk_id: str
    score: float


class ChunkTable:
    """The chunk record of every row, as UTF-8 JSON arrays back to back, read by offset."""

    def __init__(self, blob: bytes | mmap.mmap, offsets: np.ndarray) -> None:
        self._blob = blob
        self._offsets = offsets  # row i is blob[offsets[i]:offsets[i + 1]]

    @staticmethod
    def record(chunk: Chunk) -> bytes:
        fields = [chunk.id, chunk.doc_id, chunk.source, chunk.title, chunk.index, chunk.start, chunk.end, chunk.text,
                  chunk.page, chunk.page_breaks, chunk.section, chunk.section_breaks]  # fmt: skip
        return json.dumps(fields, ensure_ascii=False).encode("utf-8")

    @classmethod
    def of(cls, records: list[bytes]) -> ChunkTable:
        offsets = np.zeros(len(records) + 1, dtype=np.int64)
        np.cumsum([len(r) for r in records], out=offsets[1:])
        return cls(b"".join(records), offsets)

    def row(self, i: int) -> Chunk:
        fields = json.loads(self._blob[self._offsets[i] : self._offsets[i + 1]])
        # Records written before pages and sections have 8 fields; the Chunk's defaults fill in.
        extra = dict(zip(("page", "page_breaks", "section", "section_breaks"), fields[8:]))
        if "page_breaks" in extra:
            extra["page_breaks"] = tuple(extra["page_breaks"])
        if "section" in extra:
            extra["section"] = tuple(extra["section"])
        if "section_breaks" in extra:
            extra["section_breaks"] = tuple((at, tuple(path)) for at, path in extra["section_breaks"])
        return Chunk(*fields[:8], **extra)

    def save(self, path: Path) -> None:
        (path / _RECORDS_FILE).write_bytes(bytes(self._blob))
        np.save(path / _OFFSETS_FILE, self._offsets)

    @classmethod
    def load(cls, path: Path) -> ChunkTable:
        offsets = np.load(path / _OFFSETS_FILE, mmap_mode="r")
        if offsets[-1] == 0:  # mmap cannot map an empty file
            return cls(b"", offsets)
        with open(path / _RECORDS_FILE, "rb") as f:
            return cls(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ), offsets)


def written_in(scripts: Counter[str | None]) -> str | None:
    """The script of a library whose chunks' scripts (`rag.text.script_of`) are counted in
    `scripts`: that of all but at most 1% of the chunks written in one, so that a stray heading
    or quote in the other does not make it a two-script library (DRCD's train articles: 1 of
    1,411 chunks, the heading 维特鲁威); None when both are used, or neither."""
    counts = Counter({script: n for script, n in scripts.items() if script is not None})
    top = counts.most_common(1)
    return top[0][0] if top and top[0][1] >= _ONE_SCRIPT * counts.total() else None


class KeywordIndex:
    """A BM25 index over chunks; rows are chunk ids, and each row's chunk can be read back."""

    def __init__(self, bm25: bm25s.BM25, ids: list[str], table: ChunkTable, script: str | None) -> None:
        self._bm25 = bm25
        self.ids = ids
        self._table = table
        # The script the library is written in (`written_in`): the dense search asks in it.
        self.script = script
        self._rows: dict[str, int] | None = None
        self._order: dict[str, list[str]] | None = None

    @classmethod
    def build(cls, chunks: Iterable[Chunk], bylines: Mapping[str, str | None] | None = None) -> KeywordIndex:
        """Tokenise every chunk, as `index_text` gives it (under its title and `bylines[doc_id]`), and index it.

        Token ids go into one compact `array` per chunk as they are made, so building over
        100k chunks never holds 100k lists of Python strings at once.
        """
        vocab: dict[str, int] = {}
        rows: list[array] = []
        ids: list[str] = []
        records: list[bytes] = []
        scripts: Counter[str | None] = Counter()
        for chunk in chunks:
            byline = bylines.get(chunk.doc_id) if bylines else None
            tokens = keyword_tokens(index_text(chunk.text, chunk.title, byline, chunk.section))
            rows.append(array("i", (vocab.setdefault(token, len(vocab)) for token in tokens)))
            ids.append(chunk.id)
            records.append(ChunkTable.record(chunk))
            scripts[script_of(chunk.text)] += 1
        bm25 = bm25s.BM25()
        if ids:
            bm25.index((rows, vocab), show_progress=False)
        return cls(bm25, ids, ChunkTable.of(records), written_in(scripts))

    def get_chunks(self, ids: Iterable[str]) -> dict[str, Chunk]:
        """The indexed chunks among `ids`, by id."""
        if self._rows is None:
            self._rows = {chunk_id: row for row, chunk_id in enumerate(self.ids)}
        return {chunk_id: self._table.row(self._rows[chunk_id]) for chunk_id in ids if chunk_id in self._rows}

    def neighbours(self, chunk_id: str, before: int, after: int) -> list[Chunk]:
        """Up to `before` chunks ahead of `chunk_id` and `after` behind it in its document, in reading order."""
        if self._order is None:
            # Ids are `doc-version-position-hash` (`chunk_id_for`); zero-padded positions sort as text.
            order: dict[str, list[str]] = {}
            for i in sorted(self.ids):
                order.setdefault(i.rsplit("-", 2)[0], []).append(i)
            self._order = order
        ids = self._order.get(chunk_id.rsplit("-", 2)[0], [])
        if chunk_id not in ids:
            return []
        at = ids.index(chunk_id)
        around = ids[max(0, at - before) : at] + ids[at + 1 : at + 1 + after]
        found = self.get_chunks(around)
        return [found[i] for i in around if i in found]

    def __len__(self) -> int:
        return len(self.ids)

    def holds(self, snapshot: Snapshot) -> bool:
        """Whether the index has exactly as many chunks of each document as `snapshot` records."""
        counts = Counter(owner[0] for owner in map(chunk_id_owner, self.ids) if owner is not None)
        return counts == Counter({doc_id: n for doc_id, n in snapshot.chunks.items() if n})

    def search(self, query: str, k: int) -> list[KeywordHit]:
        """The k best chunks for `query`, best first; chunks sharing no token with it are left out."""
        return self.search_tokens(keyword_tokens(query), k)

    def search_tokens(self, tokens: list[str], k: int) -> list[KeywordHit]:
        """`search` for a query already cut into `keyword_tokens`."""
        if not self.ids:
            return []
        token_ids = self._bm25.get_tokens_ids(self._in_use(tokens))
        if not token_ids:
            return []
        scores = self._bm25.get_scores(token_ids)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [KeywordHit(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]

    def _in_use(self, tokens: Sequence[str]) -> list[str]:
        """`tokens`, a compound the library never uses read as the shorter words of it that it does,
        where they make up all of it: 会议记录 of 会议记录人是谁, where the minutes write 记录人：孙丽
        (jieba keeps 会议记录 whole in a question, and the index held no token of it); not 霓虹雀鲷,
        a name of which the library may use 霓虹 alone. Written by hand: bm25s reads whole tokens only."""
        vocabulary = self._bm25.vocab_dict
        used: list[str] = []
        for token in tokens:
            words = [] if token in vocabulary else [word for word in sub_words(token) if word in vocabulary]
            covered = {i for word in words for at in _places(token, word) for i in range(at, at + len(word))}
            used += words if words and len(covered) == len(token) else [token]
        return used

    def containing(self, terms: Sequence[str], k: int = SCANNED) -> list[Chunk]:
        """The chunks whose text holds every one of `terms` (folded words: 人才, 干部考核), best BM25
        match first, among the `k` that match any of their tokens best: what a question asking which
        documents say something reads beyond the passages retrieved."""
        hits = self.search_tokens([token for term in terms for token in keyword_tokens(term)], k)
        chunks = self.get_chunks(hit.chunk_id for hit in hits)
        held = ((chunks[hit.chunk_id], fold_cleaned(chunks[hit.chunk_id].text)) for hit in hits)
        return [chunk for chunk, folded in held if all(term in folded for term in terms)]

    def save(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        if self.ids:
            self._bm25.save(str(path), show_progress=False)
        self._table.save(path)
        (path / _IDS_FILE).write_text(json.dumps(self.ids, ensure_ascii=False), encoding="utf-8")
        (path / _SCRIPT_FILE).write_text(json.dumps({"script": self.script}), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> KeywordIndex:
        ids = json.loads((path / _IDS_FILE).read_text(encoding="utf-8"))
        table = ChunkTable.load(path)
        if (path / _SCRIPT_FILE).is_file():
            script = json.loads((path / _SCRIPT_FILE).read_text(encoding="utf-8"))["script"]
        else:  # cached before the script was kept: read from the records (about 20 ms a thousand chunks)
            script = written_in(Counter(script_of(table.row(i).text) for i in range(len(ids))))
        if not ids:
            return cls(bm25s.BM25(), [], table, script)
        # mmap keeps a large index out of the heap until its pages are touched.
        return cls(bm25s.BM25.load(str(path), mmap=True, show_progress=False), ids, table, script)


def cache_path(cache_dir: Path, fingerprint: str) -> Path:
    """Where the index of the store at `fingerprint` is cached.

    The index text's version is part of the key: a cache built from other text is not this index.
    """
    return cache_dir / f"{fingerprint}-{INDEX_TEXT_VERSION}"


class KeywordSearch:
    """The store's keyword index, kept in step with the store's fingerprint."""

    def __init__(self, store: Store, cache_dir: Path) -> None:
        self._store = store
        self._cache_dir = cache_dir
        self._fingerprint: str | None = None
        self._index: KeywordIndex | None = None

    def index(self, snapshot: Snapshot | None = None) -> KeywordIndex:
        """The index for the store as it is now (or as this search's `snapshot` says it is):
        in memory, from the disk cache, or built."""
        snapshot = snapshot or self._store.snapshot()
        if self._index is None or snapshot.fingerprint != self._fingerprint:
            index = self._load_or_build(snapshot)
            if not index.holds(snapshot):
                return index  # rows skipped under a concurrent write: this search only
            self._index, self._fingerprint = index, snapshot.fingerprint
        return self._index

    def current(self) -> KeywordIndex:
        """The index the last search used, without another registry read (what reading on from
        that search's hits wants); the store's index when none was used yet."""
        return self._index if self._index is not None else self.index()

    def _load_or_build(self, snapshot: Snapshot) -> KeywordIndex:
        fingerprint = snapshot.fingerprint
        path = cache_path(self._cache_dir, fingerprint)
        if (path / _IDS_FILE).is_file():
            try:
                return KeywordIndex.load(path)
            except (OSError, ValueError, KeyError):
                shutil.rmtree(path, ignore_errors=True)  # a damaged cache is rebuilt, never trusted
        bylines = {info.doc_id: info.byline for info in self._store.documents()}
        index = KeywordIndex.build(self._store.chunks(snapshot), bylines)
        if not index.holds(snapshot):
            return index
        self._cache_dir.mkdir(parents=True, exist_ok=True)
        # Build beside the target and rename: a concurrent reader sees a whole index or none.
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}-", dir=self._cache_dir))
        index.save(tmp)
        try:
            os.rename(tmp, path)
        except OSError:  # another process renamed its build first; theirs is the same index
            shutil.rmtree(tmp, ignore_errors=True)
        self._drop_stale(keep=path.name)
        return index

    def _drop_stale(self, keep: str) -> None:
        for entry in self._cache_dir.iterdir():
            if entry.name != keep and not entry.name.startswith("."):
                shutil.rmtree(entry, ignore_errors=True)

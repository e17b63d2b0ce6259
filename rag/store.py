"""The Chroma store: chunks with their vectors, and a registry of documents.

Three collections:
- `<name>`: one record per chunk (cleaned text, vector, doc_id/source/title/index/start/end,
  page/page_breaks/section/section_breaks when it has them, and `version`, the content hash of the file
  it came from). Its metadata records how
  it was built (embedder, dimension, chunker), checked every time it is opened.
- `<name>-docs`: the registry, one record per document: its metadata, including the active
  `version`. A chunk is visible only while its document's active version is its own.
- `<name>-texts`: one record per document version, `<doc_id>@<version>`, holding its
  cleaned text (what the app shows, and what chunk offsets index), and where its pages begin.

Every query reads the whole registry, so it holds no text: Chroma reads a record's
document even when asked only for metadata, and with the texts in the registry that read
took 124-147 ms at 470 documents instead of 20 ms (docs/benchmarks.md, "Growth").

Chroma has no transactions, so a changed file is swapped in three steps: write the new
chunks and text (invisible: their version is not yet active), switch the registry record
(one write, the atomic moment), delete the old chunks and text. A query never sees a
document missing or doubled, and an ingest killed at any point leaves only invisible
leftovers that the next ingest collects.

We call chromadb directly rather than through llama-index's ChromaVectorStore because we
need the collection metadata, the registry and `where` deletes, and ChromaVectorStore
stores a serialised node blob beside every record, doubling the index on disk.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
import json
import logging
from pathlib import Path
import pickletools
import re
import shutil
import sqlite3
import uuid
from urllib.parse import urlparse

from filelock import FileLock, Timeout

import numpy as np

from rag.config import Settings
from rag.errors import IndexMismatchError, StoreUnavailableError
from rag.types import Chunk, Document, DocumentInfo, chunk_id_owner, sha256_hex

log = logging.getLogger(__name__)

# Chroma needs a vector for every record; registry and text records are looked up by id,
# never by similarity, so they all carry this one-dimensional placeholder.
_PLACEHOLDER_VECTOR = [1.0]
# Chroma flushes a collection's log into its segments every `hnsw:sync_threshold` records
# (default 1,000), and until then each write took time in proportion to the text written
# since the last flush. The texts collection gets one record, a whole document's text, per
# write: with the default, every document already in the library slowed the next one down
# (measured on 100 KB files: 0.05 s for the first write, 1.2 s at the 75th, so an ingest of
# 100k chunks spent most of its time here). Flushing every two records keeps it flat
# (0.03-0.05 s). Chroma applies these settings only when it creates the collection.
_PER_DOCUMENT_METADATA = {"hnsw:batch_size": 2, "hnsw:sync_threshold": 2}
# The vector index is searched with a wide beam (HNSW's ef_search; Chroma's default is 100).
# e5 puts unrelated Chinese text at a cosine of about 0.8, so the graph is crowded and a narrow
# search misses true neighbours; and Chroma builds the graph of records still in its log (the
# last 1,000) again, with several threads, in every process that opens the library, so which
# neighbours it missed changed from run to run. On a DRCD sample library (913 chunks) the
# nearest chunk of a question was missing from the top 100 in one of three processes at 100,
# and found in 5 of 5 at 400. A search costs a little more (milliseconds at 100k chunks);
# libraries built before keep 100 until `rag ingest --rebuild`.
CHUNKS_METADATA = {"hnsw:space": "cosine", "hnsw:search_ef": 400}
_PAGE = 5000
# The registry record whose value changes after every switch, so that a search can tell the
# library did not change with one read by id instead of reading every record (doc ids are hex).
_GENERATION_ID = "~generation"


@dataclass(frozen=True)
class Manifest:
    """How a collection was built; a collection is usable only with the same three."""

    embedder: str
    dim: int
    chunker: str

    def as_metadata(self) -> dict[str, str | int]:
        return {"embedder": self.embedder, "dim": self.dim, "chunker": self.chunker}


@dataclass(frozen=True)
class Snapshot:
    """The library as one search sees it: every document's active version, how many chunks
    that version has (as the registry records it), and their fingerprint."""

    versions: Mapping[str, str]
    fingerprint: str  # keys the keyword index cache
    chunks: Mapping[str, int]

    def is_visible(self, chunk_id: str) -> bool:
        """Whether a chunk id (from `chunk_id_for`) belongs to its document's active version."""
        owner = chunk_id_owner(chunk_id)
        return owner is not None and self.versions.get(owner[0], "")[:8] == owner[1]


def writer_lock(settings: Settings) -> FileLock:
    """The lock a process holds on the data directory while it ingests: one writer at a time."""
    return FileLock(str(settings.data_dir / "ingest.lock"))


def mend_placeholder_indexes(chroma_dir: Path, collection: str) -> list[str]:
    """Start afresh the vector index of the registry or the texts collection that a killed write
    left half-written; the names of the collections mended.

    Chroma (1.5) rewrites a vector index's `index_metadata.pickle` in place whenever it saves the
    index, and the registry and texts collections save theirs every two records, so an ingest
    killed at the wrong moment leaves it cut short (once in about 100 kills of
    tests/test_faults.py), and no process can read the library after. Their vectors are
    placeholders (records are read by id, from Chroma's metadata segment), so Chroma starting
    their index anew loses nothing. The chunks' index is left alone: its vectors are the
    library's, and only `rag ingest --rebuild` makes them again (`_server_call` says so).
    Call it only while no other process writes the index (`writer_lock`).
    """
    database = chroma_dir / "chroma.sqlite3"
    if not database.exists():
        return []
    names = (f"{collection}-docs", f"{collection}-texts")
    try:
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
            segments = db.execute(
                "SELECT s.id, c.name FROM segments s JOIN collections c ON s.collection = c.id "
                "WHERE s.scope = 'VECTOR' AND c.name IN (?, ?)",
                names,
            ).fetchall()
    except sqlite3.Error:
        return []  # not the schema this was written against: Chroma's own error will say more
    mended = []
    for segment, name in segments:
        folder = chroma_dir / segment
        pickle = folder / "index_metadata.pickle"
        if pickle.exists() and not _whole_pickle(pickle):
            try:
                shutil.rmtree(folder)
            except OSError as exc:  # left as it is: Chroma's error on reading it names the rebuild
                log.warning("%s: cannot start the half-written vector index of %s afresh (%s)", chroma_dir, name, exc)
                continue
            log.warning("%s: the vector index of %s was left half-written; started afresh (it holds "
                        "placeholders only, nothing is lost)", chroma_dir, name)
            mended.append(name)
    return mended


def _whole_pickle(path: Path) -> bool:
    """Whether `path` holds a complete pickle, read opcode by opcode (nothing is unpickled)."""
    try:
        for _ in pickletools.genops(path.read_bytes()):
            pass
    except (ValueError, OSError):
        return False
    return True


def connect(settings: Settings, *, writing: bool = False):
    """A Chroma client: embedded under the data directory, or the server at RAG_CHROMA_URL.

    The embedded index is first mended of what a killed ingest can leave (`mend_placeholder_indexes`)
    when no ingest is running, or when the caller is the ingest (`writing`: it holds `writer_lock`).
    """
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if not settings.chroma_url:
        path = settings.data_dir / "chroma"
        path.mkdir(parents=True, exist_ok=True)
        _mend(settings, path, writing)
        try:
            return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
        except Exception as exc:  # chromadb raises bare exceptions for a corrupt or locked store
            raise StoreUnavailableError(
                f"Cannot open the index at {path} ({exc}). If it is damaged, move it aside and "
                "run `rag ingest --rebuild data/docs`."
            ) from None
    url = urlparse(settings.chroma_url)
    headers = {"Authorization": f"Bearer {settings.chroma_token}"} if settings.chroma_token else None
    try:
        client = chromadb.HttpClient(
            host=url.hostname or "127.0.0.1",
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            headers=headers,
            settings=chroma_settings,
        )
        client.heartbeat()
    except Exception as exc:
        if re.search(r"\b(401|403)\b|unauthori[sz]ed|forbidden|authenticat", str(exc), re.IGNORECASE):
            # `chroma run` has no auth of its own; a proxy in front of it refused us.
            raise StoreUnavailableError(
                f"The Chroma server at {settings.chroma_url} refused the request as unauthorised: "
                "set RAG_CHROMA_TOKEN to the token it expects (sent as `Authorization: Bearer ...`)."
            ) from None
        raise StoreUnavailableError(
            f"Cannot reach the Chroma server at {settings.chroma_url} ({type(exc).__name__}). "
            "Start it with `chroma run --path var/chroma-server --port 8000`, or unset RAG_CHROMA_URL "
            "to use the embedded store."
        ) from None
    return client


def _mend(settings: Settings, chroma_dir: Path, writing: bool) -> None:
    """`mend_placeholder_indexes` on the embedded index, unless another process is writing it."""
    if writing:
        mend_placeholder_indexes(chroma_dir, settings.collection)
        return
    lock = writer_lock(settings)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return  # an ingest is running: what looks cut short may be a save under way
    except OSError:
        return  # a data directory this process may not write (read only): nothing to mend with
    try:
        mend_placeholder_indexes(chroma_dir, settings.collection)
    finally:
        lock.release()


@contextmanager
def _server_call(settings: Settings, what: str) -> Iterator[None]:
    """Turn a lost server connection into a StoreUnavailableError that names the fix."""
    import httpx

    from chromadb.errors import InternalError

    try:
        yield
    except InternalError as exc:
        if settings.chroma_url:
            raise
        # Embedded Chroma is not process-safe: a reader whose vector index predates another
        # process's writes can fail with "Error creating hnsw segment reader" (tests/test_faults.py).
        # Chroma writes the index's metadata pickle in place, so one an ingest was killed while
        # writing is left half-written: no restart reads it, a rebuild from the library does.
        damaged = (
            " If no ingest is running, its vector index was left half-written (an ingest killed "
            "while saving it?): `rag ingest --rebuild <folder>` rebuilds it from the library's files."
            if "deserializing pickle" in str(exc) else ""
        )
        raise StoreUnavailableError(
            f"The index at {settings.data_dir / 'chroma'} changed under this process while {what} "
            f"({exc}). Another process (an ingest?) is writing it: restart this one when it is done, "
            f"or run a Chroma server (RAG_CHROMA_URL) so that several processes can share the index.{damaged}"
        ) from None
    except (httpx.TransportError, ConnectionError):
        if not settings.chroma_url:
            raise
        raise StoreUnavailableError(
            f"Lost the Chroma server at {settings.chroma_url} while {what}. "
            "Check that `chroma run` is up and try again; nothing partial was made visible."
        ) from None


class Store:
    """Chunks and documents in Chroma, with visibility switched per document."""

    def __init__(self, client, settings: Settings, manifest: Manifest) -> None:
        self._client = client
        self._settings = settings
        self.manifest = manifest
        self.location = settings.chroma_url or str(settings.data_dir / "chroma")
        self._seen: tuple[str | None, Snapshot] | None = None  # (generation, snapshot) last read
        self._attach(client)

    def _attach(self, client) -> None:
        settings, manifest = self._settings, self.manifest
        self._client = client
        with _server_call(settings, "opening the collection"):
            self._chunks = client.get_or_create_collection(
                settings.collection,
                embedding_function=None,
                metadata={**CHUNKS_METADATA, **manifest.as_metadata()},
            )
            self._docs = client.get_or_create_collection(
                f"{settings.collection}-docs",
                embedding_function=None,
                metadata={"role": "registry", **_PER_DOCUMENT_METADATA},
            )
            self._texts = client.get_or_create_collection(
                f"{settings.collection}-texts",
                embedding_function=None,
                metadata={"role": "texts", **_PER_DOCUMENT_METADATA},
            )
        self._check(manifest)

    @classmethod
    def open(
        cls, settings: Settings, embedder: str, dim: int, chunker: str | None = None, *, fresh: bool = False,
        writing: bool = False,
    ) -> Store:
        """Open (or create) the collection for this embedder; `chunker` is checked when given.

        `fresh` drops the collections first (`rag ingest --rebuild`): an index built with
        another embedder or chunker is then replaced, where opening it would be refused.
        `writing`: the caller holds `writer_lock` (an ingest).
        """
        client = connect(settings, writing=writing)
        if fresh:
            _drop_collections(client, settings)
        found = _existing_manifest(client, settings)
        return cls(client, settings, Manifest(embedder, dim, chunker or (found.chunker if found else "unknown")))

    @classmethod
    def open_existing(cls, settings: Settings) -> Store:
        """Open the collection as it was built, without loading an embedder (for listing and removing)."""
        client = connect(settings)
        found = _existing_manifest(client, settings)
        return cls(client, settings, found or Manifest("unknown", 0, "unknown"))

    def _check(self, expected: Manifest) -> None:
        """Fail on a collection built another way; record what an empty or older one left unset."""
        found = self._chunks.metadata or {}
        unset = ("unknown", 0, None)
        missing = {}
        for key, want in expected.as_metadata().items():
            have = found.get(key)
            if have in unset:
                if want not in unset:
                    missing[key] = want
            elif want not in unset and have != want:
                back = " (or set RAG_EMBED back)" if key != "chunker" else ""
                raise IndexMismatchError(
                    f"The index at {self.location} was built with {key}={have}, not {want}. "
                    f"Rebuild it with `rag ingest --rebuild data/docs`{back}."
                )
        if missing:
            # hnsw:* keys cannot be passed to modify(); the distance stays as created.
            kept = {k: v for k, v in found.items() if not k.startswith("hnsw:")}
            with _server_call(self._settings, "recording how the index was built"):
                self._chunks.modify(metadata={**kept, **missing})

    # -- documents ---------------------------------------------------------------------------

    def _registry(self, what: str) -> Iterator[tuple[str, dict]]:
        """(doc_id, metadata) of every document in the registry (its generation record aside)."""
        with _server_call(self._settings, what):
            got = self._docs.get(include=["metadatas"])
        return ((doc_id, meta) for doc_id, meta in zip(got["ids"], got["metadatas"]) if doc_id != _GENERATION_ID)

    def documents(self) -> list[DocumentInfo]:
        """Every document in the registry, by source path."""
        infos = [_info(doc_id, meta) for doc_id, meta in self._registry("listing documents")]
        return sorted(infos, key=lambda info: info.source)

    def document(self, doc_id: str) -> DocumentInfo | None:
        if doc_id == _GENERATION_ID:
            return None
        with _server_call(self._settings, "reading a document"):
            got = self._docs.get(ids=[doc_id], include=["metadatas"])
        return _info(got["ids"][0], got["metadatas"][0]) if got["ids"] else None

    def document_text(self, doc_id: str) -> str | None:
        """The cleaned text of the document's active version, as its chunks' offsets index it."""
        info = self.document(doc_id)
        if info is None:
            return None
        with _server_call(self._settings, "reading a document"):
            got = self._texts.get(ids=[_text_id(doc_id, info.version)], include=["documents"])
            if not got["ids"]:  # an index written before the texts left the registry kept them there
                got = self._docs.get(ids=[doc_id], include=["documents"])
        return got["documents"][0] if got["ids"] else None

    def document_pages(self, doc_id: str) -> tuple[int, ...]:
        """Where each page of the document's active version begins in its text (empty without pages)."""
        info = self.document(doc_id)
        if info is None:
            return ()
        with _server_call(self._settings, "reading a document"):
            got = self._texts.get(ids=[_text_id(doc_id, info.version)], include=["metadatas"])
        return _split_ints(got["metadatas"][0].get("page_starts")) if got["ids"] else ()

    def versions(self) -> dict[str, str]:
        """doc_id -> the active version (content hash) of every document."""
        return self._active()[0]

    def _active(self) -> tuple[dict[str, str], dict[str, int]]:
        """doc_id -> active version, and doc_id -> its chunk count, from one registry read."""
        records = list(self._registry("reading the document registry"))
        return {d: _info(d, m).version for d, m in records}, {d: int(m["chunks"]) for d, m in records}

    def fingerprint(self) -> str:
        """Changes whenever any document is added, replaced or removed (keys the keyword index cache)."""
        return self._fingerprint(self.versions())

    def _fingerprint(self, versions: Mapping[str, str]) -> str:
        # The collection's id is new with every collection Chroma creates: a rebuild from the same
        # files (the same versions) with another chunk budget makes other chunks, and the keyword
        # index cached for the old ones must not serve them.
        active = sorted(versions.items())
        identity = (self.manifest.as_metadata(), self._settings.collection, str(self._chunks.id), active)
        return sha256_hex(repr(identity))[:16]

    def _generation(self) -> str | None:
        with _server_call(self._settings, "reading the document registry"):
            got = self._docs.get(ids=[_GENERATION_ID], include=["metadatas"])
        return got["metadatas"][0]["generation"] if got["ids"] else None

    def _advance_generation(self) -> None:
        """Tell every reader the registry changed. Called after a switch, never before: a reader
        that still sees the old generation then keeps the old versions, whose chunks are
        deleted only after this."""
        self._docs.upsert(
            ids=[_GENERATION_ID], embeddings=[_PLACEHOLDER_VECTOR], metadatas=[{"generation": uuid.uuid4().hex}]
        )

    def put_document(self, doc: Document, chunks: Sequence[Chunk], vectors: np.ndarray) -> DocumentInfo:
        """Add or replace a document so that readers see either the old or the new one, never both."""
        version = doc.version
        strays = [c.id for c in chunks if chunk_id_owner(c.id) != (doc.doc_id, version[:8])]
        if strays:
            raise ValueError(f"chunk ids must come from chunk_id_for({doc.doc_id!r}, version, ...): {strays[0]!r}")
        with _server_call(self._settings, f"writing {doc.source}"):
            before = self._docs.get(ids=[doc.doc_id], include=["metadatas"])
            old_version = _info(doc.doc_id, before["metadatas"][0]).version if before["ids"] else None
            self._write_chunks(chunks, vectors, version)
            self._texts.upsert(
                ids=[_text_id(doc.doc_id, version)],
                documents=[doc.text],
                embeddings=[_PLACEHOLDER_VECTOR],
                metadatas=[_text_metadata(doc)],
            )
            info = DocumentInfo(
                doc_id=doc.doc_id,
                source=doc.source,
                title=doc.title,
                content_hash=doc.content_hash,
                chunks=len(chunks),
                chars=len(doc.text),
                ingested_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                author=doc.author,
                date=doc.date,
                publisher=doc.publisher,
                affiliation=doc.affiliation,
                read_by=doc.read_by,
            )
            self._docs.upsert(ids=[doc.doc_id], embeddings=[_PLACEHOLDER_VECTOR], metadatas=[_info_metadata(info)])
            self._advance_generation()
            # The filtered delete scans the collection; a new document has nothing to delete
            # (leftovers of an interrupted ingest are collected when the next one starts).
            if old_version is not None:
                self._chunks.delete(where={"$and": [{"doc_id": doc.doc_id}, {"version": {"$ne": version}}]})
                if old_version != version:
                    self._texts.delete(ids=[_text_id(doc.doc_id, old_version)])
        return info

    def _write_chunks(self, chunks: Sequence[Chunk], vectors: np.ndarray, version: str) -> None:
        batch = min(self._client.get_max_batch_size(), 2000)
        for lo in range(0, len(chunks), batch):
            part = chunks[lo : lo + batch]
            self._chunks.upsert(
                ids=[c.id for c in part],
                embeddings=vectors[lo : lo + batch],
                documents=[c.text for c in part],
                metadatas=[_chunk_metadata(c, version) for c in part],
            )

    def remove_document(self, doc_id: str) -> bool:
        """Remove a document and its chunks; False when there was no such document."""
        with _server_call(self._settings, "removing a document"):
            if doc_id == _GENERATION_ID or not self._docs.get(ids=[doc_id])["ids"]:
                return False
            self._docs.delete(ids=[doc_id])
            self._advance_generation()
            self._chunks.delete(where={"doc_id": doc_id})
            self._texts.delete(where={"doc_id": doc_id})
        return True

    def collect_garbage(self) -> int:
        """Delete chunks and texts no active version points at (left by an interrupted ingest);
        returns how many chunks went."""
        with _server_call(self._settings, "collecting leftovers of an interrupted ingest"):
            self._advance_generation()  # an ingest killed between a switch and its advance
        versions = self.versions()
        self._delete_stale(self._texts, versions)
        return self._delete_stale(self._chunks, versions)

    def _delete_stale(self, collection, versions: Mapping[str, str]) -> int:
        stale = [
            record_id
            for record_id, meta in self._iter_records(collection, include=["metadatas"])
            if versions.get(meta["doc_id"]) != meta["version"]
        ]
        with _server_call(self._settings, "collecting leftovers of an interrupted ingest"):
            for lo in range(0, len(stale), _PAGE):
                collection.delete(ids=stale[lo : lo + _PAGE])
        return len(stale)

    def stale_notice(self, chunker: str) -> str | None:
        """What to do about an index built by another chunker than `chunker` (this version's), or
        None when it was built by this one or does not say.

        A warning, not the error the ingest gives: the old chunks and vectors are whole and
        still answer, only not as well as a rebuilt index's (what is indexed beside each
        chunk's text changed with the version).
        """
        built = self.manifest.chunker
        if built in ("unknown", chunker):
            return None
        return (
            f"The index at {self.location} was built by an older version of zhiwen (chunker {built}; this "
            f"version indexes {chunker}). Answers still come from it, but may be worse than a rebuilt index "
            "gives: rebuild it with `rag ingest --rebuild` and the files or folders you ingested "
            "(e.g. `rag ingest --rebuild data/docs`), or with 重建索引 on the app's 文档库 page."
        )

    def close(self) -> None:
        """Release the client. Embedded Chroma caches one client per path in a process and does
        not see vectors another process wrote since it loaded them: closing the last Store on a
        path and opening a new one reads the index afresh."""
        close = getattr(self._client, "close", None)
        if close is not None:
            close()

    # -- chunks --------------------------------------------------------------------------------

    def count_chunks(self) -> int:
        return sum(info.chunks for info in self.documents())

    def snapshot(self) -> Snapshot:
        """The library as it is now, read once per search and shared by both retrievers.

        While the registry's generation is unchanged this costs one read by id; otherwise
        the whole registry is read (20 ms at 470 documents). Embedded Chroma keeps the
        vector index it loaded and does not see vectors another process (a terminal `rag
        ingest` beside the app) writes later; the registry, in SQLite, does. So when the
        registry moved since this store last looked, drop our client and connect again.
        Chroma shares one system per path and process, so this re-reads only when no other
        open Store in this process holds the same path.
        """
        generation = self._generation()
        if self._seen is not None and generation is not None and self._seen[0] == generation:
            return self._seen[1]
        versions, chunks = self._active()
        if self._settings.chroma_url is None and self._seen is not None and self._seen[1].versions != versions:
            self.close()
            self._attach(connect(self._settings))
        snapshot = Snapshot(versions, self._fingerprint(versions), chunks)
        self._seen = (generation, snapshot)
        return snapshot

    def nearest(self, vector: np.ndarray, k: int, snapshot: Snapshot | None = None) -> list[tuple[str, float]]:
        """Ids of the k visible chunks nearest to `vector`, with cosine similarity, nearest first.

        `snapshot` is what `snapshot()` returned for this search (read here if not given).
        Only ids and distances are fetched: visibility is read from the id, and the caller
        fetches the few chunks it keeps (for 50 neighbours this took 1.9 ms instead of 4.9 ms
        with their metadata and text; docs/benchmarks.md).
        """
        snapshot = snapshot or self.snapshot()
        if not snapshot.versions:
            return []
        with _server_call(self._settings, "searching"):
            # Over-fetch: leftovers of an interrupted or concurrent ingest are filtered out below.
            # Chroma returns fewer when the collection holds fewer.
            got = self._chunks.query(
                query_embeddings=[np.asarray(vector, dtype=np.float32)], n_results=k + 10, include=["distances"]
            )
        hits = [
            (chunk_id, 1.0 - float(distance))
            for chunk_id, distance in zip(got["ids"][0], got["distances"][0])
            if snapshot.is_visible(chunk_id)
        ]
        return hits[:k]

    def chunks(self, snapshot: Snapshot | None = None) -> Iterator[Chunk]:
        """Every chunk visible in `snapshot` (read here if not given), in pages; the keyword
        index is built from these.

        Only chunks of the snapshot's versions are yielded, whatever another process switches
        meanwhile. Pages are read by offset, and Chroma has no cursor: rows deleted during the
        read (an old version after its switch, leftovers collected) shift the rest, so a page
        can skip rows. The caller checks the count per document against `snapshot.chunks`.
        """
        snapshot = snapshot or self.snapshot()
        for chunk_id, meta, text in self._iter_records(self._chunks, include=["metadatas", "documents"]):
            if snapshot.versions.get(meta["doc_id"]) == meta["version"]:
                yield _chunk(chunk_id, text, meta)

    def vectors(self, snapshot: Snapshot | None = None) -> tuple[list[str], np.ndarray]:
        """The ids and stored vectors of every chunk visible in `snapshot` (read here if not
        given), sorted by id: what an exact search reads (`eval.candidates.ExactDense`)."""
        snapshot = snapshot or self.snapshot()
        # Visibility is read from the id, as `nearest` reads it: no metadata needs fetching.
        records = self._iter_records(self._chunks, include=["embeddings"])
        rows = sorted(((i, vector) for i, vector in records if snapshot.is_visible(i)), key=lambda row: row[0])
        ids = [chunk_id for chunk_id, _ in rows]
        return ids, np.asarray([vector for _, vector in rows], dtype=np.float32).reshape(len(rows), -1)

    def openings(self) -> dict[str, Chunk]:
        """The first chunk of every document as the library is now, by doc id: where its title and
        byline stand. One read of every document's first chunk, old versions filtered out."""
        versions = self.snapshot().versions
        with _server_call(self._settings, "reading the documents' openings"):
            got = self._chunks.get(where={"index": 0}, include=["documents", "metadatas"])
        records = zip(got["ids"], got["documents"], got["metadatas"])
        return {meta["doc_id"]: _chunk(i, text, meta) for i, text, meta in records
                if versions.get(meta["doc_id"]) == meta["version"]}

    def get_chunks(self, ids: Sequence[str]) -> list[Chunk]:
        """The chunks with these ids that exist, in the order asked."""
        if not ids:  # Chroma reads an empty id list as no filter at all
            return []
        with _server_call(self._settings, "reading chunks"):
            got = self._chunks.get(ids=list(ids), include=["documents", "metadatas"])
        by_id = {i: _chunk(i, t, m) for i, t, m in zip(got["ids"], got["documents"], got["metadatas"])}
        return [by_id[i] for i in ids if i in by_id]

    def _iter_records(self, collection, include: list[str]) -> Iterator[tuple]:
        offset = 0
        while True:
            with _server_call(self._settings, "reading the index"):
                got = collection.get(include=include, limit=_PAGE, offset=offset)
            if not got["ids"]:
                return
            columns = [got[name] for name in include]
            yield from zip(got["ids"], *columns)
            offset += len(got["ids"])


def _drop_collections(client, settings: Settings) -> None:
    """Delete the chunk, registry and text collections, whichever exist."""
    base = settings.collection
    for name in (base, f"{base}-docs", f"{base}-texts"):
        try:
            client.delete_collection(name)
        except Exception:  # chromadb raises NotFoundError or ValueError by version
            pass


def _existing_manifest(client, settings: Settings) -> Manifest | None:
    try:
        meta = client.get_collection(settings.collection).metadata or {}
    except Exception:  # no such collection yet
        return None
    return Manifest(meta.get("embedder", "unknown"), int(meta.get("dim", 0)), meta.get("chunker", "unknown"))


def _text_id(doc_id: str, version: str) -> str:
    return f"{doc_id}@{version}"


def _text_metadata(doc: Document) -> dict[str, str]:
    meta = {"doc_id": doc.doc_id, "version": doc.version}
    if doc.page_starts:
        meta["page_starts"] = _join_ints(doc.page_starts)
    return meta


def _chunk_metadata(chunk: Chunk, version: str) -> dict[str, str | int]:
    meta: dict[str, str | int] = {
        "doc_id": chunk.doc_id,
        "source": chunk.source,
        "title": chunk.title,
        "index": chunk.index,
        "start": chunk.start,
        "end": chunk.end,
        "version": version,
    }
    # Chroma metadata holds scalars only, and no None: absent fields are left out, lists joined
    # (offsets with commas; headings, which are single lines, with newlines).
    if chunk.page is not None:
        meta["page"] = chunk.page
    if chunk.page_breaks:
        meta["page_breaks"] = _join_ints(chunk.page_breaks)
    if chunk.section:
        meta["section"] = "\n".join(chunk.section)
    if chunk.section_breaks:
        meta["section_breaks"] = json.dumps(chunk.section_breaks, ensure_ascii=False)
    return meta


def _join_ints(values: Sequence[int]) -> str:
    return ",".join(str(v) for v in values)


def _split_ints(value: str | None) -> tuple[int, ...]:
    return tuple(int(v) for v in value.split(",")) if value else ()


def _chunk(chunk_id: str, text: str, meta: dict) -> Chunk:
    return Chunk(
        id=chunk_id,
        doc_id=meta["doc_id"],
        source=meta["source"],
        title=meta["title"],
        index=int(meta["index"]),
        start=int(meta["start"]),
        end=int(meta["end"]),
        text=text,
        page=int(meta["page"]) if "page" in meta else None,
        page_breaks=_split_ints(meta.get("page_breaks")),
        section=tuple(meta["section"].split("\n")) if meta.get("section") else (),
        section_breaks=_section_breaks(json.loads(meta["section_breaks"])) if meta.get("section_breaks") else (),
    )


def _section_breaks(pairs: list) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """`Chunk.section_breaks` from its JSON form (lists for tuples)."""
    return tuple((int(at), tuple(path)) for at, path in pairs)


def _info_metadata(info: DocumentInfo) -> dict[str, str | int]:
    meta = {
        "source": info.source,
        "title": info.title,
        "content_hash": info.content_hash,
        "chunks": info.chunks,
        "chars": info.chars,
        "ingested_at": info.ingested_at,
    }
    # Chroma metadata values cannot be None: absent fields are left out.
    if info.author:
        meta["author"] = info.author
    if info.affiliation:
        meta["affiliation"] = info.affiliation
    if info.date:
        meta["date"] = info.date
    if info.publisher:
        meta["publisher"] = info.publisher
    if info.read_by:
        meta["read_by"] = info.read_by
    return meta


def _info(doc_id: str, meta: dict) -> DocumentInfo:
    return DocumentInfo(
        doc_id=doc_id,
        source=meta["source"],
        title=meta["title"],
        content_hash=meta["content_hash"],
        chunks=int(meta["chunks"]),
        chars=int(meta["chars"]),
        ingested_at=meta["ingested_at"],
        author=meta.get("author"),
        date=meta.get("date"),
        publisher=meta.get("publisher"),
        affiliation=meta.get("affiliation"),
        read_by=meta.get("read_by", ""),
    )

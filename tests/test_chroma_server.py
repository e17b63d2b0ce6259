"""The same ingest against a real Chroma server started by the test."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pipeline import ingest_paths
from rag.config import DEFAULT_DOCS_DIR as CORPUS, Settings
from rag.errors import StoreUnavailableError
from rag.store import Store
from rag.servers import chroma_server, free_port
from tests.fakes import HashEmbedder, nearest_chunks

pytestmark = pytest.mark.slow


def test_ingest_into_a_chroma_server(tmp_path: Path) -> None:
    with chroma_server(tmp_path / "server") as url:
        settings = Settings(data_dir=tmp_path / "local", chroma_url=url)
        first = ingest_paths(settings, [str(CORPUS)], embedder=HashEmbedder())
        assert (first.count("added"), first.count("failed")) == (5, 0)
        second = ingest_paths(settings, [str(CORPUS)], embedder=HashEmbedder())
        assert second.count("unchanged") == 5
        store = Store.open(settings, HashEmbedder.name, HashEmbedder.dim)
        chunks = list(store.chunks())
        assert len(chunks) == first.chunks == store.count_chunks()
        assert not (tmp_path / "local" / "chroma").exists()
        hit, _ = nearest_chunks(store, HashEmbedder().embed_query("張學天"), 1)[0]
        assert hit.doc_id in {info.doc_id for info in store.documents()}


def test_a_server_that_is_down_gets_a_clear_message(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreUnavailableError, match="chroma run"):
        Store.open(settings, HashEmbedder.name, HashEmbedder.dim)

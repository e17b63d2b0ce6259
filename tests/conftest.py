"""Shared fixtures. Every test gets its own data directory; nothing touches the user's index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.config import DEFAULT_DOCS_DIR, Settings
from tests.scripted_llm import ScriptedServer

CORPUS = DEFAULT_DOCS_DIR


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the CLI's settings at a tmpdir and drop any endpoint configured on the machine."""
    monkeypatch.setenv("RAG_DATA_DIR", str(tmp_path / "data"))
    for name in ("RAG_CHROMA_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL", "RAG_ANSWERER", "RAG_EMBED"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # so no .env of the developer's is read


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose data directory holds the default corpus, ingested once per session."""
    from ingest.pipeline import ingest_paths

    settings = Settings(data_dir=tmp_path_factory.mktemp("corpus-index"))
    report = ingest_paths(settings, [str(CORPUS)])
    assert report.count("added") == 5, report.summary()
    return settings


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    """A scripted OpenAI-compatible endpoint on 127.0.0.1 (tests/scripted_llm.py)."""
    with ScriptedServer() as running:
        yield running

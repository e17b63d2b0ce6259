"""The one module that talks to an OpenAI-compatible chat endpoint.

Everything else sees the `ChatModel` protocol, so tests and the eval can pass a fake.

We use the `openai` client directly rather than llama-index's `OpenAILike`: OpenAILike
rides on the same client, but adds its own retry layer and message types on top, and its
errors arrive wrapped, while we need exactly three things from the endpoint (one
completion, one stream, and the status of a failure) to turn failures into messages that
say what to do. The client's built-in retry covers what is transient and nothing else:
connection errors, timeouts, 408, 409, 429 and 5xx, with exponential backoff that honours
`Retry-After`; a 401 or 404 fails at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Protocol

from rag.config import Settings
from rag.errors import ConfigError, LLMError

Message = dict[str, str]  # {"role": "system" | "user" | "assistant", "content": ...}

DEFAULT_BASE_URL = "https://api.openai.com/v1"


class ChatModel(Protocol):
    """What the answerer and the question condenser need from a chat model."""

    def complete(self, messages: Sequence[Message]) -> str: ...

    def stream(self, messages: Sequence[Message]) -> Iterator[str]: ...


class OpenAIChat:
    """Any OpenAI-compatible /v1/chat/completions endpoint (OpenAI, DeepSeek, Qwen, Ollama, vLLM, llama.cpp)."""

    def __init__(
        self,
        base_url: str,
        api_key: str | None,
        model: str,
        timeout: float = 60.0,
        max_retries: int = 2,
        temperature: float = 0.1,
    ) -> None:
        from openai import OpenAI

        # Both arguments explicit: given None, the client would read OPENAI_* from the
        # environment behind the caller's back. Local servers want no key but the client
        # insists on one.
        self._client = OpenAI(
            base_url=base_url, api_key=api_key or "not-needed", max_retries=max_retries, timeout=timeout
        )
        self.base_url = base_url
        self.model = model
        self._temperature = temperature

    @classmethod
    def from_settings(cls, settings: Settings) -> OpenAIChat:
        if not settings.llm_configured:
            raise ConfigError(
                "RAG_ANSWERER=llm needs an OpenAI-compatible endpoint: set OPENAI_API_KEY (and "
                "OPENAI_BASE_URL for a server other than OpenAI), or use RAG_ANSWERER=extractive."
            )
        return cls(
            base_url=settings.openai_base_url or DEFAULT_BASE_URL,
            api_key=settings.openai_api_key,
            model=settings.llm_model,
            timeout=settings.llm_timeout,
            max_retries=settings.llm_max_retries,
        )

    def complete(self, messages: Sequence[Message]) -> str:
        with self._errors():
            response = self._client.chat.completions.create(
                model=self.model, messages=list(messages), temperature=self._temperature
            )
        if not response.choices:
            raise LLMError(f"{self.base_url} returned no choices for model {self.model!r}.")
        return response.choices[0].message.content or ""

    def stream(self, messages: Sequence[Message]) -> Iterator[str]:
        # A failure after the first token is not retried: the caller has shown part of the
        # answer already, and a second attempt would not continue it.
        finished = False
        with self._errors():
            events = self._client.chat.completions.create(
                model=self.model, messages=list(messages), temperature=self._temperature, stream=True
            )
            for event in events:
                if not event.choices:
                    continue
                choice = event.choices[0]
                if choice.delta.content:
                    yield choice.delta.content
                finished = finished or choice.finish_reason is not None
        # A dropped connection ends the event stream as quietly as a finished answer does;
        # only the finish_reason of the last event tells a whole answer from a cut one.
        if not finished:
            raise LLMError(
                f"The answer from {self.base_url} was cut off midway (the stream ended without a "
                "finish_reason). Ask again, or use the offline answerer (RAG_ANSWERER=extractive)."
            )

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Turn the client's exceptions into LLMErrors that name the fix."""
        import openai

        url = self.base_url
        try:
            yield
        except openai.AuthenticationError:
            raise LLMError(f"The API key was refused by {url}: check OPENAI_API_KEY.") from None
        except openai.PermissionDeniedError as exc:
            raise LLMError(
                f"{url} refused access to model {self.model!r} ({exc.message}): check OPENAI_API_KEY "
                "and the key's permissions."
            ) from None
        except openai.NotFoundError:
            raise LLMError(
                f"Model {self.model!r} is unknown at {url}: set RAG_LLM_MODEL to a model it serves "
                "(and check that OPENAI_BASE_URL ends in /v1)."
            ) from None
        except openai.APITimeoutError:
            raise LLMError(
                f"{url} did not answer within the timeout: raise RAG_LLM_TIMEOUT, or use the offline "
                "answerer (RAG_ANSWERER=extractive)."
            ) from None
        except openai.APIConnectionError:
            raise LLMError(
                f"Cannot reach {url}: is the server running? The offline answerer still works "
                "(RAG_ANSWERER=extractive)."
            ) from None
        except openai.APIStatusError as exc:
            raise LLMError(
                f"{url} answered {exc.status_code} for model {self.model!r}: {exc.message}. "
                "Try again later, or use RAG_ANSWERER=extractive."
            ) from None

"""The ``openai`` provider: instructor over the openai client, any OpenAI-compatible URL.

Clients are created lazily, once per provider (sync for one article, async for batches),
and hold the transport policy: ``max_retries`` (429/5xx/timeouts) and the timeout.
Everything about re-asks and accounting lives in ``retries``, the prompt in ``prompt``
and the grounding validator in ``validation``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any

import instructor
from openai import AsyncOpenAI, OpenAI

from summarizer.cleaning import CleanedArticle
from summarizer.config import DEFAULT_MODEL, Mode, Settings
from summarizer.errors import ConfigError
from summarizer.providers.base import Extraction, Provider
from summarizer.providers.openai.prompt import PROMPT_VERSION, build_messages
from summarizer.providers.openai.replay import AsyncReplayingClient, ReplayingClient, scripted
from summarizer.providers.openai.retries import Attempts, RetryPolicy
from summarizer.providers.openai.validation import GroundedSummary, validating_against

# A local server (Ollama, vLLM, llama.cpp) needs no key, but the client insists on one.
PLACEHOLDER_KEY = "not-needed"

_MODES = {
    Mode.tools: instructor.Mode.TOOLS,
    Mode.json: instructor.Mode.JSON,
    Mode.md_json: instructor.Mode.MD_JSON,
}

# instructor logs every failed call at ERROR level; with no logging configured Python
# would print those lines (server error bodies included) on stderr next to our own
# one-line error. The typed errors we raise carry the same information.
logging.getLogger("instructor").addHandler(logging.NullHandler())

# Given a plain pydantic model, instructor subclasses it into a new ResponseSchema class on
# every call, so pydantic rebuilds the class and its JSON schema (several milliseconds of
# CPU per article, serialising a batch). Wrapped once here, instructor uses the class as
# it is and generates its tool schema once (instructor caches it per class).
RESPONSE_MODEL = instructor.response_schema(GroundedSummary)


class OpenAIProvider(Provider):
    """Extract with a model behind an OpenAI-compatible chat completions endpoint."""

    name = "openai"

    def __init__(self, settings: Settings) -> None:
        if not settings.api_key and not settings.base_url:
            raise ConfigError(
                "the openai provider needs an API key: set OPENAI_API_KEY, or pass --base-url "
                "(OPENAI_BASE_URL) for a local OpenAI-compatible server"
            )
        self.settings = settings
        self.model = settings.model or DEFAULT_MODEL
        self.prompt_version = PROMPT_VERSION
        self.policy = RetryPolicy.from_settings(settings)
        self._openai: OpenAI | None = None
        self._async_openai: AsyncOpenAI | None = None
        self._sync: instructor.Instructor | None = None
        self._async: instructor.AsyncInstructor | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> OpenAIProvider:
        return cls(settings)

    @property
    def params(self) -> dict[str, Any]:
        """What changes an answer besides model and prompt; the re-ask count is here too,
        as more re-asks turn some failures into answers."""
        return {
            "mode": self.settings.mode.value,
            "temperature": self.settings.temperature,
            "max_output_tokens": self.settings.max_output_tokens,
            "max_reasks": self.settings.max_reasks,
        }

    def __repr__(self) -> str:
        return f"OpenAIProvider(model={self.model!r}, base_url={self.settings.base_url!r})"

    # -- clients ------------------------------------------------------------------------

    def _client_options(self) -> dict[str, Any]:
        return {
            "api_key": self.settings.api_key or PLACEHOLDER_KEY,
            "base_url": self.settings.base_url,
            "timeout": self.settings.timeout,
            "max_retries": self.settings.transport_retries,
        }

    def _client(self) -> instructor.Instructor:
        if self._sync is None:
            self._openai = OpenAI(**self._client_options(), http_client=ReplayingClient())
            self._sync = instructor.from_openai(self._openai, mode=_MODES[self.settings.mode])
        return self._sync

    def _aclient(self) -> instructor.AsyncInstructor:
        if self._async is None:
            self._async_openai = AsyncOpenAI(
                **self._client_options(), http_client=AsyncReplayingClient()
            )
            self._async = instructor.from_openai(
                self._async_openai, mode=_MODES[self.settings.mode]
            )
        return self._async

    def close(self) -> None:
        """Close the sync client's connections (the async one needs ``aclose``)."""
        if self._openai is not None:
            self._openai.close()
        self._openai = self._sync = None

    async def aclose(self) -> None:
        """Close both clients' connections."""
        if self._async_openai is not None:
            await self._async_openai.close()
        self._async_openai = self._async = None
        self.close()

    # -- extraction ---------------------------------------------------------------------

    def _request(self, article: CleanedArticle, reference_date: dt.date | None) -> dict[str, Any]:
        # No instructor ``context``: given one, instructor renders every message as a Jinja
        # template. The article reaches the grounding validator via ``validating_against``.
        messages = build_messages(article, reference_date)
        # The official API wants max_completion_tokens (reasoning models reject
        # max_tokens); compatible servers (Ollama, llama.cpp, older vLLM) know max_tokens.
        cap = "max_tokens" if self.settings.base_url else "max_completion_tokens"
        return {
            "model": self.model,
            "messages": messages,
            "response_model": RESPONSE_MODEL,
            "strict": False,
            "temperature": self.settings.temperature,
            cap: self.settings.max_output_tokens,
        }

    def _attempts(self) -> Attempts:
        return Attempts(
            self.policy,
            secret=self.settings.api_key,
            where=self.settings.base_url or "api.openai.com",
        )

    def extract(self, article: CleanedArticle, *, reference_date: dt.date | None) -> Extraction:
        """Extract synchronously; raise an ExtractionError (or ConfigError) on failure."""
        attempts = self._attempts()
        with attempts.translating(), validating_against(article.text):
            answer = self._client().create(
                max_retries=attempts.retrying(),
                hooks=attempts.hooks(),
                **self._request(article, reference_date),
            )
        return Extraction(summary=answer.to_summary(), usage=attempts.usage())

    async def aextract(
        self, article: CleanedArticle, *, reference_date: dt.date | None
    ) -> Extraction:
        """Extract inside an event loop (batch mode), through the async client."""
        attempts = self._attempts()
        with attempts.translating(), validating_against(article.text):
            answer = await self._aclient().create(
                max_retries=attempts.aretrying(),
                hooks=attempts.hooks(),
                **self._request(article, reference_date),
            )
        return Extraction(summary=answer.to_summary(), usage=attempts.usage())

    # -- the Batch API ------------------------------------------------------------------

    def request_body(
        self,
        article: CleanedArticle,
        *,
        reference_date: dt.date | None,
        answers: Sequence[dict[str, Any]] = (),
    ) -> dict[str, Any] | None:
        """The JSON body ``extract`` would POST for this article, built by the same code
        and captured unsent: the first request, or, after ``answers`` (the responses to
        the earlier ones), the re-ask that would follow them. None when those answers end
        the exchange (a valid answer, a refusal, a cut-off, the re-asks spent)."""
        attempts = self._attempts()
        with scripted(answers, capture=True) as script, validating_against(article.text):
            try:
                self._client().create(
                    max_retries=attempts.retrying(),
                    hooks=attempts.hooks(),
                    **self._request(article, reference_date),
                )
            except Exception:  # the captured call ends in an error; so may the answers
                if script.captured is None:
                    return None
        return script.captured

    def answering(self, answers: Sequence[dict[str, Any]]) -> AbstractContextManager[object]:
        """Within this block (this thread or task), the first chat completions calls are
        answered with ``answers`` (response bodies, e.g. from a batch's output file) instead
        of the server; any call after them, a re-ask, goes to the server."""
        return scripted(answers)

    def openai_client(self) -> AsyncOpenAI:
        """The async openai client (for the files and batches endpoints)."""
        self._aclient()
        assert self._async_openai is not None
        return self._async_openai


__all__ = ["PLACEHOLDER_KEY", "OpenAIProvider"]

"""The ``openai`` provider: instructor over the openai client, any OpenAI-compatible URL.

Clients are created lazily, once per provider (sync for one article, async for batches),
and hold the transport policy: ``max_retries`` (429/5xx/timeouts) and the timeout.
Everything about re-asks and accounting lives in ``retries``, the prompt in ``prompt``
and the grounding validator in ``validation``; the output cap of each request and when
to chunk in ``budget``; keeping the last answer when the re-asks run out, and the final
summary of a chunked article, in ``long``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading
from typing import Any

import instructor
from openai import AsyncOpenAI, OpenAI

from summarizer.cleaning import CleanedArticle
from summarizer.config import DEFAULT_MODEL, Mode, Settings
from summarizer.errors import (
    BudgetExceededError,
    ConfigError,
    ExtractionError,
    ValidationExhaustedError,
)
from summarizer.providers.base import Extraction, Provider
from summarizer.providers.openai import budget
from summarizer.providers.openai.long import SUMMARY_CAP, SUMMARY_MODEL, LastAnswer, notes
from summarizer.providers.openai.prompt import (
    PROMPT_VERSION,
    build_messages,
    build_summary_messages,
)
from summarizer.providers.openai.retries import Attempts, RetryPolicy
from summarizer.providers.openai.validation import GroundedSummary, validating_against
from summarizer.records import Usage
from summarizer.schema import ArticleSummary

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
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> OpenAIProvider:
        return cls(settings)

    @property
    def params(self) -> dict[str, Any]:
        """What changes an answer besides model and prompt; the re-ask count is here too,
        as more re-asks turn some failures into answers."""
        params: dict[str, Any] = {
            "mode": self.settings.mode.value,
            "temperature": self.settings.temperature,
            "max_output_tokens": self.settings.max_output_tokens,
            "max_reasks": self.settings.max_reasks,
        }
        if self.settings.chunk_chars is not None:
            params["chunk_chars"] = self.settings.chunk_chars
        return params

    def params_for(self, article: CleanedArticle) -> dict[str, Any]:
        """``params`` with the output cap sent for this article (``max_output_tokens`` is
        the ceiling)."""
        return {**self.params, "output_cap": self.output_cap(article)}

    # -- long articles ------------------------------------------------------------------

    def output_cap(self, article: CleanedArticle) -> int:
        """The output token cap for ``article``: its estimated answer, up to the ceiling."""
        return budget.output_cap(article.text, self.settings.max_output_tokens)

    def chunk_limit(self, article: CleanedArticle) -> int | None:
        """Chunk an article longer than ``chunk_chars``, or whose answer would not fit."""
        limit = self.settings.chunk_chars
        if limit is not None and len(article.text) > limit:
            return limit
        return budget.chunk_chars(article.text, self.settings.max_output_tokens)

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
        # Chunks of one article call from several threads at once: one client for all.
        with self._lock:
            if self._sync is None:
                self._openai = OpenAI(**self._client_options())
                self._sync = instructor.from_openai(self._openai, mode=_MODES[self.settings.mode])
        return self._sync

    def _aclient(self) -> instructor.AsyncInstructor:
        if self._async is None:
            self._async_openai = AsyncOpenAI(**self._client_options())
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
        return {
            "model": self.model,
            "messages": messages,
            "response_model": RESPONSE_MODEL,
            "strict": False,
            "temperature": self.settings.temperature,
            self._cap_key(): self.output_cap(article),
        }

    def _cap_key(self) -> str:
        # The official API wants max_completion_tokens (reasoning models reject
        # max_tokens); compatible servers (Ollama, llama.cpp, older vLLM) know max_tokens.
        return "max_tokens" if self.settings.base_url else "max_completion_tokens"

    def _attempts(self, cap: int | None = None) -> Attempts:
        policy = self.policy
        if cap is not None:  # errors name the cap actually sent
            policy = dataclasses.replace(policy, max_output_tokens=cap)
        return Attempts(
            policy,
            secret=self.settings.api_key,
            where=self.settings.base_url or "api.openai.com",
        )

    def _salvaged(self, last: LastAnswer, error: ExtractionError, attempts: Attempts) -> Extraction:
        """The last answer, unchecked, when the re-asks ran out; else ``error`` again."""
        summary = last.summary(RESPONSE_MODEL, _MODES[self.settings.mode])
        if summary is None:
            raise error
        return Extraction(summary=summary, usage=attempts.usage(), failure=error)

    def extract(self, article: CleanedArticle, *, reference_date: dt.date | None) -> Extraction:
        """Extract synchronously; raise an ExtractionError (or ConfigError) on failure.

        When the re-asks run out, the last answer comes back unchecked, with the error in
        ``failure``, for the pipeline to keep what is grounded.
        """
        attempts, last = self._attempts(self.output_cap(article)), LastAnswer()
        try:
            with attempts.translating(), last.keeping(), validating_against(article.text):
                answer = self._client().create(
                    max_retries=attempts.retrying(),
                    hooks=attempts.hooks(),
                    **self._request(article, reference_date),
                )
        except (ValidationExhaustedError, BudgetExceededError) as exc:
            return self._salvaged(last, exc, attempts)
        return Extraction(summary=answer.to_summary(), usage=attempts.usage())

    async def aextract(
        self, article: CleanedArticle, *, reference_date: dt.date | None
    ) -> Extraction:
        """Extract inside an event loop (batch mode), through the async client."""
        attempts, last = self._attempts(self.output_cap(article)), LastAnswer()
        try:
            with attempts.translating(), last.keeping(), validating_against(article.text):
                answer = await self._aclient().create(
                    max_retries=attempts.aretrying(),
                    hooks=attempts.hooks(),
                    **self._request(article, reference_date),
                )
        except (ValidationExhaustedError, BudgetExceededError) as exc:
            return self._salvaged(last, exc, attempts)
        return Extraction(summary=answer.to_summary(), usage=attempts.usage())

    def _summary_request(
        self, article: CleanedArticle, parts: list[ArticleSummary]
    ) -> dict[str, Any]:
        return {
            "model": self.model,
            "messages": build_summary_messages(article.title, notes(parts)),
            "response_model": SUMMARY_MODEL,
            "strict": False,
            "temperature": self.settings.temperature,
            self._cap_key(): self._summary_cap(),
        }

    def _summary_cap(self) -> int:
        return min(SUMMARY_CAP, self.settings.max_output_tokens)

    def summarize_chunks(
        self,
        article: CleanedArticle,
        parts: list[ArticleSummary],
        *,
        reference_date: dt.date | None,
    ) -> tuple[str, Usage]:
        """The summary of a chunked article: one short call over what the chunks gave."""
        attempts = self._attempts(self._summary_cap())
        with attempts.translating():
            answer = self._client().create(
                max_retries=attempts.retrying(),
                hooks=attempts.hooks(),
                **self._summary_request(article, parts),
            )
        return str(answer.summary), attempts.usage()

    async def asummarize_chunks(
        self,
        article: CleanedArticle,
        parts: list[ArticleSummary],
        *,
        reference_date: dt.date | None,
    ) -> tuple[str, Usage]:
        """``summarize_chunks`` through the async client."""
        attempts = self._attempts(self._summary_cap())
        with attempts.translating():
            answer = await self._aclient().create(
                max_retries=attempts.aretrying(),
                hooks=attempts.hooks(),
                **self._summary_request(article, parts),
            )
        return str(answer.summary), attempts.usage()


__all__ = ["PLACEHOLDER_KEY", "OpenAIProvider"]

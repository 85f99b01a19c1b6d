"""The ``openai`` provider: instructor over the openai client, any OpenAI-compatible URL.

Clients are created lazily, once per provider (sync for one article, async for batches),
and hold the transport policy: ``max_retries`` (429/5xx/timeouts), the timeout and the
cap on an answer's size (``transport``). Everything about re-asks and accounting lives in
``retries``, the prompt in ``prompt`` and the grounding validator in ``validation``; the
output cap of each request and when to chunk in ``budget``; keeping the last answer when
the re-asks run out, and the final summary of a chunked article, in ``long``.

The strict modes send OpenAI's strict structured outputs: the schema in its strict
subset (``StrictGroundedSummary``) with ``strict: true`` on the tool (``tools_strict``)
or the response format (``json_schema``). instructor 1.17 parses and re-asks them as its
TOOLS and JSON_SCHEMA modes, but sets no strict flag itself (it maps TOOLS_STRICT to
TOOLS, and the ``strict`` option of ``create`` is pydantic's), so ``strictly`` adds the
flag to the request on its way to the openai client.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractContextManager
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
    system_prompt,
)
from summarizer.providers.openai.replay import AsyncReplayingClient, ReplayingClient, scripted
from summarizer.providers.openai.retries import Attempts, RetryPolicy
from summarizer.providers.openai.transport import async_http_client, http_client, response_cap
from summarizer.providers.openai.validation import (
    GroundedSummary,
    StrictGroundedSummary,
    validating_against,
)
from summarizer.records import Usage
from summarizer.schema import ArticleSummary

# A local server (Ollama, vLLM, llama.cpp) needs no key, but the client insists on one.
PLACEHOLDER_KEY = "not-needed"

_MODES = {
    Mode.tools: instructor.Mode.TOOLS,
    Mode.tools_strict: instructor.Mode.TOOLS,
    Mode.json: instructor.Mode.JSON,
    Mode.json_schema: instructor.Mode.JSON_SCHEMA,
    Mode.md_json: instructor.Mode.MD_JSON,
}
STRICT_MODES = frozenset({Mode.tools_strict, Mode.json_schema})

# instructor logs every failed call at ERROR level; with no logging configured Python
# would print those lines (server error bodies included) on stderr next to our own
# one-line error. The typed errors we raise carry the same information.
logging.getLogger("instructor").addHandler(logging.NullHandler())

# Given a plain pydantic model, instructor subclasses it into a new ResponseSchema class on
# every call, so pydantic rebuilds the class and its JSON schema (several milliseconds of
# CPU per article, serialising a batch). Wrapped once here, instructor uses the class as
# it is and generates its tool schema once (instructor caches it per class).
RESPONSE_MODEL = instructor.response_schema(GroundedSummary)
STRICT_RESPONSE_MODEL = instructor.response_schema(StrictGroundedSummary)


def strict_request(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The request with OpenAI's ``strict: true`` on its tools and its json_schema format."""
    tools = kwargs.get("tools")
    if tools:
        kwargs = {
            **kwargs,
            "tools": [{**tool, "function": {**tool["function"], "strict": True}} for tool in tools],
        }
    response_format = kwargs.get("response_format")
    if isinstance(response_format, dict) and response_format.get("type") == "json_schema":
        json_schema = {**response_format["json_schema"], "strict": True}
        # The format is named after the schema, as the tool is ("ArticleSummary").
        json_schema["name"] = json_schema.get("schema", {}).get("title", json_schema["name"])
        kwargs = {**kwargs, "response_format": {**response_format, "json_schema": json_schema}}
    return kwargs


def strictly(create: Callable[..., Any]) -> Callable[..., Any]:
    """``create`` (the openai client's) sending every request through ``strict_request``."""

    def create_strict(*args: Any, **kwargs: Any) -> Any:
        return create(*args, **strict_request(kwargs))

    return create_strict


def astrictly(create: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    """The async counterpart of ``strictly``."""

    async def create_strict(*args: Any, **kwargs: Any) -> Any:
        return await create(*args, **strict_request(kwargs))

    return create_strict


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

    @property
    def strict(self) -> bool:
        return self.settings.mode in STRICT_MODES

    def _instructor(self, client: OpenAI | AsyncOpenAI) -> Any:
        """instructor over ``client``; in a strict mode, sending OpenAI's strict flag."""
        mode = _MODES[self.settings.mode]
        if not self.strict:
            return instructor.from_openai(client, mode=mode)
        if isinstance(client, AsyncOpenAI):
            create = instructor.patch(create=astrictly(client.chat.completions.create), mode=mode)
            return instructor.AsyncInstructor(client=client, create=create, mode=mode)
        create = instructor.patch(create=strictly(client.chat.completions.create), mode=mode)
        return instructor.Instructor(client=client, create=create, mode=mode)

    def _client(self) -> instructor.Instructor:
        # Chunks of one article call from several threads at once: one client for all.
        with self._lock:
            if self._sync is None:
                cap = response_cap(self.settings.max_output_tokens)
                self._openai = OpenAI(
                    **self._client_options(), http_client=http_client(cap, ReplayingClient)
                )
                self._sync = self._instructor(self._openai)
        return self._sync

    def _aclient(self) -> instructor.AsyncInstructor:
        if self._async is None:
            cap = response_cap(self.settings.max_output_tokens)
            self._async_openai = AsyncOpenAI(
                **self._client_options(), http_client=async_http_client(cap, AsyncReplayingClient)
            )
            self._async = self._instructor(self._async_openai)
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
            "response_model": self._response_model,
            "strict": False,
            "temperature": self.settings.temperature,
            self._cap_key(): self.output_cap(article),
        }

    @property
    def _response_model(self) -> Any:
        return STRICT_RESPONSE_MODEL if self.strict else RESPONSE_MODEL

    def _cap_key(self) -> str:
        # The official API wants max_completion_tokens (reasoning models reject
        # max_tokens); compatible servers (Ollama, llama.cpp, older vLLM) know max_tokens.
        return "max_tokens" if self.settings.base_url else "max_completion_tokens"

    def _validating(
        self, article: CleanedArticle, reference_date: dt.date | None
    ) -> AbstractContextManager[None]:
        return validating_against(
            article.text, reference_date, instructions=system_prompt(), partial=article.partial
        )

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
        summary = last.summary(self._response_model, _MODES[self.settings.mode])
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
            with (
                attempts.translating(),
                last.keeping(),
                self._validating(article, reference_date),
            ):
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
            with (
                attempts.translating(),
                last.keeping(),
                self._validating(article, reference_date),
            ):
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
        attempts = self._attempts(self.output_cap(article))
        with (
            scripted(answers, capture=True) as script,
            self._validating(article, reference_date),
        ):
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


__all__ = ["PLACEHOLDER_KEY", "STRICT_MODES", "OpenAIProvider", "strict_request"]

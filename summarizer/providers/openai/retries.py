"""The two retry policies of a model call, and the accounting of every attempt.

- Transport faults (429 honouring Retry-After, 5xx, timeouts, connection errors) are
  retried by the openai client alone (``max_retries=settings.transport_retries``).
- Validation faults (schema errors, malformed JSON, ungrounded evidence) are re-asked by
  instructor, at most ``settings.max_reasks`` times and within ``settings.token_budget``
  tokens summed over the attempts.

The policies never multiply: instructor's retry loop is given a tenacity ``Retrying``
that retries parse errors only, so an APIError surfacing from the client (after its own
retries) ends the call. Refusals, ``finish_reason=length``, 400 and 401/403 are never
retried; each becomes a typed error from ``summarizer.errors``.

One ``Attempts`` object lives for one article: it hooks into instructor to count calls,
tokens and latency over every attempt (failed ones included) and turns whatever ended
the call into a ``SummarizerError`` carrying those numbers. Its messages say what
happened, not what was configured: the transport retries actually made (the client
numbers each request), a Retry-After too long to wait for, a connection that could not
be made apart from one that broke mid-answer.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import openai
from instructor.core import (
    AsyncValidationError,
    Hooks,
    IncompleteOutputException,
    InstructorRetryException,
    ResponseParsingError,
)
from pydantic import ValidationError
from tenacity import AsyncRetrying, RetryCallState, Retrying, stop_after_attempt
from tenacity.retry import retry_base
from tenacity.stop import stop_base

from summarizer.config import Settings
from summarizer.errors import (
    AuthenticationError,
    BudgetExceededError,
    ConfigError,
    OutputTruncatedError,
    ProviderError,
    RefusalError,
    SummarizerError,
    UnreachableError,
    ValidationExhaustedError,
    redact,
)
from summarizer.providers.openai.transport import ResponseTooLarge
from summarizer.records import Usage

# What instructor may re-ask on: the answer arrived but is not a valid summary.
REASKABLE = (ValidationError, json.JSONDecodeError, AsyncValidationError, ResponseParsingError)

_DETAIL_CHARS = 300


@dataclass(frozen=True)
class RetryPolicy:
    """The bounds of one article's model call (their defaults live in ``Settings``)."""

    max_reasks: int
    token_budget: int
    transport_retries: int
    timeout: float
    max_output_tokens: int

    @classmethod
    def from_settings(cls, settings: Settings) -> RetryPolicy:
        return cls(
            max_reasks=settings.max_reasks,
            token_budget=settings.token_budget,
            transport_retries=settings.transport_retries,
            timeout=settings.timeout,
            max_output_tokens=settings.max_output_tokens,
        )


class _BudgetSpent(stop_base):
    def __init__(self, attempts: Attempts) -> None:
        self.attempts = attempts

    def __call__(self, retry_state: RetryCallState) -> bool:
        return self.attempts.budget_spent


class _Reaskable(retry_base):
    def __init__(self, attempts: Attempts) -> None:
        self.attempts = attempts

    def __call__(self, retry_state: RetryCallState) -> bool:
        outcome = retry_state.outcome
        if outcome is None or not outcome.failed:
            return False
        # A refused or cut-off answer also fails to parse, but asking again would only
        # repeat the refusal or the truncation at full price.
        if self.attempts.refusal is not None or self.attempts.truncated:
            return False
        return isinstance(outcome.exception(), REASKABLE)


@dataclass
class Attempts:
    """Counts one article's model attempts and translates how the call ended."""

    policy: RetryPolicy
    secret: str | None = field(default=None, repr=False)
    where: str | None = None  # the base URL, for connection errors
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: float = 0.0
    usage_reported: bool = True
    refusal: str | None = None
    truncated: bool = False
    problems: list[str] = field(default_factory=list)
    _started: float | None = field(default=None, repr=False)

    # -- wiring into instructor ---------------------------------------------------------

    def hooks(self) -> Hooks:
        """Instructor hooks that feed this counter (hook handlers must never raise)."""
        hooks = Hooks()
        hooks.on("completion:kwargs", self._on_request)
        hooks.on("completion:response", self._on_response)
        hooks.on("completion:error", self._on_error)
        hooks.on("parse:error", self._on_parse_error)
        return hooks

    def retrying(self) -> Retrying:
        """The re-ask loop for a sync call: parse errors only, bounded by count and budget."""
        return Retrying(
            stop=stop_after_attempt(self.policy.max_reasks + 1) | _BudgetSpent(self),
            retry=_Reaskable(self),
            reraise=True,
        )

    def aretrying(self) -> AsyncRetrying:
        """The same loop for an async call."""
        return AsyncRetrying(
            stop=stop_after_attempt(self.policy.max_reasks + 1) | _BudgetSpent(self),
            retry=_Reaskable(self),
            reraise=True,
        )

    def _on_request(self, *args: Any, **kwargs: Any) -> None:
        self.calls += 1
        self._started = time.perf_counter()

    def _stop_clock(self) -> None:
        if self._started is not None:
            self.latency_s += time.perf_counter() - self._started
            self._started = None

    def _on_response(self, response: Any) -> None:
        self._stop_clock()
        usage = getattr(response, "usage", None)
        if usage is None:
            self.usage_reported = False
        else:
            self.prompt_tokens += int(getattr(usage, "prompt_tokens", 0) or 0)
            self.completion_tokens += int(getattr(usage, "completion_tokens", 0) or 0)
        choices = getattr(response, "choices", None) or []
        if not choices:
            return
        choice = choices[0]
        reason = getattr(choice, "finish_reason", None)
        refusal = getattr(getattr(choice, "message", None), "refusal", None)
        if refusal:
            self.refusal = str(refusal)
        elif reason == "content_filter":
            self.refusal = "the provider's content filter stopped the answer"
        if reason == "length":
            self.truncated = True

    def _on_error(self, error: Exception, **metadata: Any) -> None:
        self._stop_clock()

    def _on_parse_error(self, error: Exception, **metadata: Any) -> None:
        self.problems.append(str(error))

    # -- results ------------------------------------------------------------------------

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    @property
    def budget_spent(self) -> bool:
        return self.tokens >= self.policy.token_budget

    def usage(self) -> Usage:
        """Usage summed over every attempt."""
        return Usage(
            calls=self.calls,
            prompt_tokens=self.prompt_tokens,
            completion_tokens=self.completion_tokens,
            latency_s=round(self.latency_s, 3),
        )

    @contextmanager
    def translating(self) -> Iterator[None]:
        """Turn whatever ends the call inside this block into a typed SummarizerError."""
        try:
            yield
        except Exception as exc:
            error = self.error(exc)
            if error is None:
                raise
            raise error from None  # the chain holds request headers: keep it out of logs

    def error(self, exc: BaseException) -> SummarizerError | None:
        """The typed error for what ended the call, or None if it is not a model fault."""
        cause = exc
        if isinstance(exc, InstructorRetryException) and exc.__cause__ is not None:
            cause = exc.__cause__
        err = self._classify(exc, cause)
        if err is not None:
            err.message = redact(err.message, self.secret)
            err.attempts = self.calls
            err.prompt_tokens = self.prompt_tokens
            err.completion_tokens = self.completion_tokens
        return err

    def _classify(self, exc: BaseException, cause: BaseException) -> SummarizerError | None:
        if isinstance(cause, SummarizerError):
            return cause
        if isinstance(cause, ResponseTooLarge):
            return ProviderError(
                f"the provider's answer was larger than {cause.limit} bytes, more than an "
                f"answer of max_output_tokens={self.policy.max_output_tokens} can be; not "
                "read further and not retried"
            )
        if self.refusal is not None or (
            isinstance(cause, AssertionError) and "Unable to generate a response" in str(cause)
        ):
            return RefusalError(f"the model refused to answer: {self._short(self.refusal)}")
        if self.truncated or isinstance(cause, IncompleteOutputException):
            return OutputTruncatedError(
                "the answer was cut off at the output token cap "
                f"(max_output_tokens={self.policy.max_output_tokens}); not resent, since the "
                "same request would be cut off again"
            )
        if isinstance(cause, openai.APIError):
            return self._transport(cause)
        if isinstance(cause, REASKABLE) or isinstance(exc, InstructorRetryException):
            last = self._short(self.problems[-1] if self.problems else str(cause))
            if self.budget_spent:
                return BudgetExceededError(
                    f"the token budget of {self.policy.token_budget} was spent "
                    f"({self.tokens} tokens) before a valid answer; last problem: {last}"
                )
            return ValidationExhaustedError(
                f"no valid answer after {self.policy.max_reasks} re-asks; last problem: {last}"
            )
        return None

    def _transport(self, error: openai.APIError) -> SummarizerError:
        tried = _retries_taken(error)
        if isinstance(error, openai.APITimeoutError):
            return UnreachableError(
                f"the provider did not answer within the {self.policy.timeout:g} s timeout{tried}"
            )
        if isinstance(error, openai.APIConnectionError):
            return UnreachableError(self._connection_failure(error, tried))
        if not isinstance(error, openai.APIStatusError):
            return ProviderError(f"the provider sent an unusable response: {self._short(error)}")
        status = error.status_code
        detail = self._server_message(error)
        if isinstance(error, (openai.AuthenticationError, openai.PermissionDeniedError)):
            return AuthenticationError(
                f"the provider rejected the credentials (HTTP {status}): {detail}; "
                "check OPENAI_API_KEY and the base URL"
            )
        if isinstance(error, openai.NotFoundError):
            return ConfigError(
                f"the provider has no such model or endpoint (HTTP 404): {detail}; "
                "check --model and --base-url"
            )
        if status == 429:
            wait = _retry_after(error)
            asked = f", asked to wait {_duration(wait)}" if wait is not None else ""
            return ProviderError(f"rate limited by the provider (HTTP 429{asked}){tried}: {detail}")
        if status >= 500:
            return ProviderError(f"the provider failed (HTTP {status}){tried}: {detail}")
        return ProviderError(f"the provider rejected the request (HTTP {status}): {detail}")

    def _connection_failure(self, error: openai.APIConnectionError, tried: str) -> str:
        """Whether the connection could not be made, or broke while the answer came."""
        cause = error.__cause__
        names = {cls.__name__ for cls in type(cause).__mro__} if cause is not None else set()
        if cause is None or names & {"ConnectError", "ConnectTimeout"}:
            return f"cannot connect to the provider at {self.where}{tried}"
        return (
            f"the connection to the provider at {self.where} broke before the answer was "
            f"complete{tried}: {self._short(cause) or type(cause).__name__}"
        )

    def _server_message(self, error: openai.APIStatusError) -> str:
        body = error.body
        message: object = None
        if isinstance(body, dict):
            inner = body.get("error", body)
            message = inner.get("message") if isinstance(inner, dict) else inner
        return self._short(message if message else error.message)

    def _short(self, value: object) -> str:
        text = " ".join(redact(str(value), self.secret).split())
        if len(text) > _DETAIL_CHARS:
            text = text[: _DETAIL_CHARS - 3] + "..."
        return text


def _retries_taken(error: openai.APIError) -> str:
    """The retries the transport made, as a phrase: " (after 2 transport retries)". Read
    from the count the client puts on each request it sends; "" when it does not say."""
    try:
        taken = int(error.request.headers.get("x-stainless-retry-count", ""))
    except (AttributeError, RuntimeError, ValueError):
        return ""
    if taken == 0:
        return " (not retried)"
    return f" (after {taken} transport retr{'y' if taken == 1 else 'ies'})"


def _retry_after(error: openai.APIStatusError) -> float | None:
    """The seconds a response's Retry-After asks for (a number, or an HTTP date)."""
    value = error.response.headers.get("retry-after")
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            return None
        seconds = (when - dt.datetime.now(dt.UTC)).total_seconds()
    return seconds if math.isfinite(seconds) else None


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:g} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} minutes"
    if seconds < 172_800:
        return f"{seconds / 3600:.0f} hours"
    return f"{seconds / 86400:.0f} days"


__all__ = ["REASKABLE", "Attempts", "RetryPolicy"]

"""Every error summarizer raises, with the exit code the CLI gives it.

::

    SummarizerError                 exit 1   base class
    ├── InputError                  exit 2   the article cannot be read (names the file)
    │   └── NoArticleError          exit 2   HTML with no article body in it
    ├── OutputError                 exit 1   the batch output cannot be written (disk full)
    ├── ConfigError                 exit 3   provider misconfigured: no key, bad name or URL
    │   └── AuthenticationError     exit 3   the provider refused the credentials (401/403)
    └── ExtractionError             exit 1   the model call did not give a valid summary
        ├── ValidationExhaustedError         still invalid or ungrounded after the re-asks
        ├── BudgetExceededError              the per-article token budget ran out
        ├── RefusalError                     the model refused
        ├── OutputTruncatedError             finish_reason=length: the answer was cut off
        └── ProviderError                    400, persistent 5xx, timeouts, connection errors
            └── UnreachableError             no connection, or no answer within the timeout

Errors carry what a user needs to act: the source file, the attempt count and the tokens
spent. Messages never contain an API key (``redact`` scrubs anything that looks like one).
"""

from __future__ import annotations

import re
from typing import ClassVar

_KEY_PATTERN = re.compile(r"\b(sk-[A-Za-z0-9_\-]{8,}|Bearer\s+[A-Za-z0-9_\-\.]{8,})")


def redact(text: str, *secrets: str | None) -> str:
    """Remove API keys (the given ones and anything shaped like one) from ``text``."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "[redacted]")
    return _KEY_PATTERN.sub("[redacted]", text)


class SummarizerError(Exception):
    """Base class: ``message`` is one line a user can act on."""

    exit_code: ClassVar[int] = 1

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        attempts: int | None = None,
        prompt_tokens: int | None = None,
        completion_tokens: int | None = None,
    ) -> None:
        self.message = redact(message)
        self.source = source
        self.attempts = attempts
        self.prompt_tokens = prompt_tokens
        self.completion_tokens = completion_tokens
        super().__init__(self.message)

    def __str__(self) -> str:
        parts = [f"{self.source}: {self.message}" if self.source else self.message]
        if self.attempts is not None:
            parts.append(f"after {self.attempts} attempt{'s' if self.attempts != 1 else ''}")
        tokens = (self.prompt_tokens or 0) + (self.completion_tokens or 0)
        if tokens:
            parts.append(f"{tokens} tokens used")
        return "; ".join(parts)


class InputError(SummarizerError):
    """The input cannot be read as an article: missing, binary, empty, too large, undecodable."""

    exit_code = 2


class NoArticleError(InputError):
    """An HTML page in which no article body was found."""


class OutputError(SummarizerError):
    """The batch output could not be written (disk full, I/O error): the run stops."""


class ConfigError(SummarizerError):
    """The provider cannot be used as configured."""

    exit_code = 3


class AuthenticationError(ConfigError):
    """The provider rejected the credentials (HTTP 401 or 403)."""


class ExtractionError(SummarizerError):
    """The provider did not produce a valid ArticleSummary."""


class ValidationExhaustedError(ExtractionError):
    """The answer was still invalid or ungrounded after the allowed re-asks."""


class BudgetExceededError(ExtractionError):
    """The per-article token budget was spent before a valid answer arrived."""


class RefusalError(ExtractionError):
    """The model refused to answer."""


class OutputTruncatedError(ExtractionError):
    """The answer hit the output token cap (finish_reason=length)."""


class ProviderError(ExtractionError):
    """The provider failed: a 400, a 5xx that outlasted the retries, a timeout, a connection."""


class UnreachableError(ProviderError):
    """The provider could not be reached (no connection, or no answer in time); a batch
    stops after several in a row rather than fail every article the same way."""


_BY_NAME: dict[str, type[SummarizerError]] = {
    cls.__name__: cls
    for cls in (
        SummarizerError,
        InputError,
        NoArticleError,
        OutputError,
        ConfigError,
        AuthenticationError,
        ExtractionError,
        ValidationExhaustedError,
        BudgetExceededError,
        RefusalError,
        OutputTruncatedError,
        ProviderError,
        UnreachableError,
    )
}


def exit_code_for(error_type: str) -> int:
    """The CLI exit code for an error record's ``type`` (1 for anything unknown)."""
    cls = _BY_NAME.get(error_type)
    return cls.exit_code if cls else 1


__all__ = [
    "AuthenticationError",
    "BudgetExceededError",
    "ConfigError",
    "ExtractionError",
    "InputError",
    "NoArticleError",
    "OutputError",
    "OutputTruncatedError",
    "ProviderError",
    "RefusalError",
    "SummarizerError",
    "UnreachableError",
    "ValidationExhaustedError",
    "exit_code_for",
    "redact",
]

"""How a run reaches and drives its provider: every setting and its default, written once.

``Settings`` is filled from command-line flags and the environment (``Settings.from_env``);
the CLI's options default to None, meaning "this default", so no default is repeated there.
A plain frozen dataclass rather than pydantic-settings: four environment variables with
two prefixes do not need a settings framework, and this module is on every start-up path.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from enum import StrEnum

from summarizer.errors import ConfigError


class Mode(StrEnum):
    """How the model is asked for the answer's shape."""

    tools = "tools"  # a tool (function) call: the default, widest support
    tools_strict = "tools_strict"  # a tool call held to the schema (OpenAI strict: true)
    json = "json"  # JSON in the message content (servers without tool calls)
    json_schema = "json_schema"  # response_format json_schema, strict (structured outputs)
    md_json = "md_json"  # JSON in a fenced block (weak local models)


DEFAULT_MODEL = "gpt-4.1-mini"
DEFAULT_CONCURRENCY = 8  # batch: model calls in flight at once
DEFAULT_MAX_BYTES = 5_000_000  # inputs larger than this are refused (--max-bytes)
MAX_BYTES_LIMIT = 1_000_000_000  # the largest --max-bytes: a gigabyte of text is no article
# batch: stop after this many connection failures in a row (a dead or unreachable server)
DEFAULT_MAX_CONSECUTIVE_FAILURES = 5

# The Batch API (``batch --via batch-api``). The official limits of one input file; other
# OpenAI-compatible hosts may set lower ones (--batch-max-requests, --batch-max-bytes).
BATCH_MAX_REQUESTS = 50_000
BATCH_MAX_BYTES = 200_000_000
BATCH_COMPLETION_WINDOW = "24h"  # the only window the official API offers
BATCH_POLL_SECONDS = 5.0  # the first wait between status checks; it doubles ...
BATCH_POLL_CEILING_SECONDS = 60.0  # ... up to this


def default_workers() -> int:
    """Worker processes for a CPU-bound provider: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# Every environment variable that can point a run at a model or change how it is driven:
# ours (``Settings.from_env``) and the openai client's own. Clearing them all gives the
# offline default, as on a fresh machine.
PROVIDER_ENV = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "OPENAI_ORG_ID",
    "OPENAI_PROJECT_ID",
    "SUMMARIZER_MODEL",
    "SUMMARIZER_MODE",
    "SUMMARIZER_MAX_OUTPUT_TOKENS",
    "SUMMARIZER_CHUNK_CHARS",
)


@dataclass(frozen=True)
class Settings:
    """How to reach and drive a provider."""

    provider: str | None = None  # None: resolved from the environment (providers.resolve_name)
    model: str | None = None  # None: DEFAULT_MODEL for a model provider
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    timeout: float = 60.0  # seconds per model call
    transport_retries: int = 2  # the openai client's own retries (429, 5xx, timeouts)
    max_reasks: int = 2  # re-asks after an invalid or ungrounded answer
    # The ceiling of the output cap: each request's cap is sized to its article (see
    # providers.openai.budget), never above this; set it to what the model allows.
    max_output_tokens: int = 4096
    token_budget: int = 60_000  # per article, summed over every attempt
    temperature: float = 0.0
    mode: Mode = Mode.tools
    # None: extract in chunks only an article whose answer would not fit the ceiling;
    # a number: also any article longer than this many characters, in chunks this size.
    chunk_chars: int | None = None
    # True: an item still ungrounded after the re-asks fails the whole article, instead
    # of being dropped with a warning.
    strict_grounding: bool = False

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "mode", Mode(self.mode))
        except ValueError:
            choices = ", ".join(m.value for m in Mode)
            raise ConfigError(
                f"unknown mode {self.mode!r} (SUMMARIZER_MODE); choose one of {choices}"
            ) from None
        for name in ("timeout", "temperature"):
            value = getattr(self, name)
            if not math.isfinite(value) or value < 0:
                raise ConfigError(f"{name} must be a finite number >= 0, not {value!r}")
        _check_positive("max_output_tokens", self.max_output_tokens)
        if self.chunk_chars is not None:
            _check_positive("chunk_chars", self.chunk_chars)

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from flags (``overrides``; None means unset) and the environment."""
        given = {k: v for k, v in overrides.items() if v is not None}
        env: dict[str, object] = {
            "model": os.environ.get("SUMMARIZER_MODEL") or None,
            "base_url": os.environ.get("OPENAI_BASE_URL") or None,
            "api_key": os.environ.get("OPENAI_API_KEY") or None,
            "mode": os.environ.get("SUMMARIZER_MODE") or None,
        }
        for name, variable in _ENV_INTS.items():
            env[name] = _env_int(variable)
        merged = {k: v for k, v in env.items() if v is not None} | given
        return cls(**merged)  # type: ignore[arg-type]


_ENV_INTS = {
    "max_output_tokens": "SUMMARIZER_MAX_OUTPUT_TOKENS",
    "chunk_chars": "SUMMARIZER_CHUNK_CHARS",
}


def _env_int(variable: str) -> int | None:
    raw = os.environ.get(variable, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{variable} must be a whole number, not {raw!r}") from None


def _check_positive(name: str, value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        where = f" ({_ENV_INTS[name]})" if name in _ENV_INTS else ""
        raise ConfigError(f"{name}{where} must be a whole number >= 1, not {value!r}")


DEFAULTS = Settings()


__all__ = [
    "BATCH_COMPLETION_WINDOW",
    "BATCH_MAX_BYTES",
    "BATCH_MAX_REQUESTS",
    "BATCH_POLL_CEILING_SECONDS",
    "BATCH_POLL_SECONDS",
    "DEFAULTS",
    "DEFAULT_CONCURRENCY",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_CONSECUTIVE_FAILURES",
    "DEFAULT_MODEL",
    "MAX_BYTES_LIMIT",
    "PROVIDER_ENV",
    "Mode",
    "Settings",
    "default_workers",
]

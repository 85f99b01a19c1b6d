"""Providers turn a cleaned article into an ArticleSummary.

- ``openai``: instructor over the openai client, any OpenAI-compatible base URL.
- ``rules``: a deterministic offline extractor, no model; the embedded default.

Resolution (DESIGN.md): an explicit provider wins; otherwise ``openai`` when an API key
or a base URL is configured, else ``rules``. A run never mixes providers.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Protocol

from ..clean import CleanedArticle
from ..exceptions import ConfigError
from ..records import Usage
from ..schema import ArticleSummary

PROVIDER_NAMES = ("openai", "rules")
MODE_NAMES = ("tools", "json", "md_json")
DEFAULT_MODEL = "gpt-4.1-mini"
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
)


@dataclass(frozen=True)
class Settings:
    """How to reach and drive a provider. ``from_env`` fills what the flags left unset."""

    provider: str | None = None  # None: resolve from the environment
    model: str | None = None
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    timeout: float = 60.0
    transport_retries: int = 2  # the openai client's own retries (429, 5xx, timeouts)
    max_reasks: int = 2  # instructor re-asks on validation errors
    max_output_tokens: int = 4096
    token_budget: int = 60_000  # per article, summed over every attempt
    temperature: float = 0.0
    mode: str = "tools"  # "tools" (tool calls), "json" (JSON content) or "md_json" (fenced JSON)

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from flags (``overrides``, None meaning unset) and the environment."""
        given = {k: v for k, v in overrides.items() if v is not None}
        env = {
            "model": os.environ.get("SUMMARIZER_MODEL") or None,
            "base_url": os.environ.get("OPENAI_BASE_URL") or None,
            "api_key": os.environ.get("OPENAI_API_KEY") or None,
            "mode": os.environ.get("SUMMARIZER_MODE") or None,
        }
        merged = {k: v for k, v in env.items() if v is not None} | given
        return cls(**merged)  # type: ignore[arg-type]

    def resolved_provider(self) -> str:
        """The provider name this run uses."""
        if self.provider is not None:
            if self.provider not in PROVIDER_NAMES:
                raise ConfigError(
                    f"unknown provider {self.provider!r}; choose one of {', '.join(PROVIDER_NAMES)}"
                )
            return self.provider
        return "openai" if (self.api_key or self.base_url) else "rules"


@dataclass
class Extraction:
    """What a provider returns: the summary, its usage and any warnings."""

    summary: ArticleSummary
    usage: Usage = field(default_factory=Usage)
    warnings: list[str] = field(default_factory=list)


class Provider(Protocol):
    """One way of producing an ArticleSummary from a cleaned article."""

    name: str
    model: str | None
    prompt_version: str | None

    def extract(self, article: CleanedArticle, *, reference_date: dt.date | None) -> Extraction:
        """Extract synchronously; raise an ExtractionError subclass on failure."""
        ...

    async def aextract(
        self, article: CleanedArticle, *, reference_date: dt.date | None
    ) -> Extraction:
        """Extract in an event loop (batch mode)."""
        ...


def make_provider(settings: Settings) -> Provider:
    """Build the provider the settings resolve to."""
    name = settings.resolved_provider()
    if name == "rules":
        from .rules import RulesProvider

        return RulesProvider()
    from .openai import OpenAIProvider

    return OpenAIProvider(settings)


__all__ = [
    "DEFAULT_MODEL",
    "MODE_NAMES",
    "PROVIDER_ENV",
    "PROVIDER_NAMES",
    "Extraction",
    "Provider",
    "Settings",
    "make_provider",
]

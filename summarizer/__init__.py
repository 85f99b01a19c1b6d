"""summarizer: news articles to validated, evidence-linked structured records.

The public API. Names load on first use (PEP 562), so that importing the package, as
every ``summarizer`` command does first, costs nothing until something is used.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from summarizer._version import __version__

if TYPE_CHECKING:
    from summarizer.cleaning import (
        CleanedArticle,
        RawArticle,
        clean_article,
        parse_update_line,
        read_article,
    )
    from summarizer.config import Mode, Settings
    from summarizer.errors import (
        AuthenticationError,
        ConfigError,
        ExtractionError,
        InputError,
        SummarizerError,
    )
    from summarizer.pipeline import Pipeline, summarize, summarize_text
    from summarizer.providers import Extraction, Provider, provider_names
    from summarizer.records import SummaryRecord
    from summarizer.schema import (
        SCHEMA_VERSION,
        ArticleSummary,
        Attribution,
        Casualty,
        Channel,
        Count,
        Event,
        EventKind,
        UpdateStamp,
    )

_HOMES = {
    "summarizer.cleaning": (
        "CleanedArticle",
        "RawArticle",
        "clean_article",
        "parse_update_line",
        "read_article",
    ),
    "summarizer.config": ("Mode", "Settings"),
    "summarizer.errors": (
        "AuthenticationError",
        "ConfigError",
        "ExtractionError",
        "InputError",
        "SummarizerError",
    ),
    "summarizer.pipeline": ("Pipeline", "summarize", "summarize_text"),
    "summarizer.providers": ("Extraction", "Provider", "provider_names"),
    "summarizer.records": ("SummaryRecord",),
    "summarizer.schema": (
        "SCHEMA_VERSION",
        "ArticleSummary",
        "Attribution",
        "Casualty",
        "Channel",
        "Count",
        "Event",
        "EventKind",
        "UpdateStamp",
    ),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}

__all__ = [
    "SCHEMA_VERSION",
    "ArticleSummary",
    "Attribution",
    "AuthenticationError",
    "Casualty",
    "Channel",
    "CleanedArticle",
    "ConfigError",
    "Count",
    "Event",
    "EventKind",
    "Extraction",
    "ExtractionError",
    "InputError",
    "Mode",
    "Pipeline",
    "Provider",
    "RawArticle",
    "Settings",
    "SummarizerError",
    "SummaryRecord",
    "UpdateStamp",
    "__version__",
    "clean_article",
    "parse_update_line",
    "provider_names",
    "read_article",
    "summarize",
    "summarize_text",
]


def __getattr__(name: str) -> Any:
    module = _HOME_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'summarizer' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return __all__

"""summarizer: news articles to validated, evidence-linked structured records."""

from ._version import __version__
from .clean import CleanedArticle, clean_article
from .exceptions import (
    AuthenticationError,
    ConfigError,
    ExtractionError,
    InputError,
    SummarizerError,
)
from .ingest import RawArticle, read_article
from .pipeline import Pipeline, summarize, summarize_text
from .providers import Settings
from .records import SummaryRecord
from .schema import (
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
from .stamp import parse_update_line

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
    "ExtractionError",
    "InputError",
    "Pipeline",
    "RawArticle",
    "Settings",
    "SummarizerError",
    "SummaryRecord",
    "UpdateStamp",
    "__version__",
    "clean_article",
    "parse_update_line",
    "read_article",
    "summarize",
    "summarize_text",
]

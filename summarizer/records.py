"""SummaryRecord: the one shape that ``--json``, batch lines and the library all return."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from summarizer._version import __version__
from summarizer.errors import SummarizerError
from summarizer.schema import SCHEMA_VERSION, ArticleSummary

RECORD_VERSION = 1


def content_id(text: str) -> str:
    """The record id: a SHA-256 of the cleaned article text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Dateline(BaseModel):
    """The dateline prefix of the body, e.g. 'SULAIMANI (ESTA) —'."""

    text: str = Field(description="The dateline as written.")
    place: str | None = Field(default=None, description="The place, e.g. 'SULAIMANI'.")
    agency: str | None = Field(default=None, description="The agency in brackets, e.g. 'ESTA'.")


class ArticleInfo(BaseModel):
    """What the cleaner found about the article, beside its text."""

    title: str | None = None
    byline: str | None = None
    dateline: Dateline | None = None
    published: str | None = Field(
        default=None, description="Publication date (YYYY-MM-DD) from metadata or the byline."
    )
    updated: str | None = Field(default=None, description="The update line as written.")
    chars: int = Field(description="Characters in the cleaned text the spans index into.")


class ErrorInfo(BaseModel):
    """Why a record has no result."""

    type: str = Field(description="The exception class, e.g. 'ValidationExhaustedError'.")
    message: str


class Provenance(BaseModel):
    """What produced the result: enough to reproduce it or to tell two runs apart."""

    provider: str
    model: str | None = None
    prompt_version: str | None = Field(
        default=None, description="Hash of the prompt templates, or of the rules."
    )
    schema_version: int = SCHEMA_VERSION
    package_version: str = __version__
    reference_date: str | None = None
    params: dict[str, Any] = Field(
        default_factory=dict,
        description="The provider settings that change an answer: mode, temperature, ...",
    )
    answer_key: str | None = Field(
        default=None,
        description=(
            "SHA-256 of everything that can change the answer (the cleaned text and the "
            "fields above but package_version): the key of the answer cache and of batch "
            "resume. Null when the input could not be read."
        ),
    )

    def identity(self, text_id: str) -> str:
        """The answer key of the article whose cleaned text hashes to ``text_id``."""
        parts = self.model_dump(
            mode="json",
            include={"provider", "model", "prompt_version", "schema_version", "reference_date"},
        )
        parts["text"] = text_id
        parts["params"] = self.params
        blob = json.dumps(parts, sort_keys=True, default=str)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def keyed(self, text_id: str) -> Provenance:
        """This provenance with the answer key of ``text_id`` filled in."""
        return self.model_copy(update={"answer_key": self.identity(text_id)})


class Usage(BaseModel):
    """Model usage summed over every attempt, failed ones included."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: float = 0.0
    cached: bool = False

    def add(self, other: Usage) -> None:
        self.calls += other.calls
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.latency_s += other.latency_s


class SummaryRecord(BaseModel):
    """One article's outcome: a result or an error, never both."""

    model_config = ConfigDict(extra="ignore")

    record_version: int = RECORD_VERSION
    id: str = Field(description="SHA-256 of the cleaned text (empty when ingest failed).")
    source: str = Field(description="The file path, '-' for stdin, or the batch item id.")
    article: ArticleInfo | None = None
    result: ArticleSummary | None = None
    error: ErrorInfo | None = None
    provenance: Provenance
    usage: Usage = Field(default_factory=Usage)
    warnings: list[str] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and self.result is not None

    def to_json(self, indent: int | None = None) -> str:
        """The record as JSON, as ``--json`` prints it and batch writes it."""
        return self.model_dump_json(indent=indent)


def error_record(
    source: str,
    exc: SummarizerError,
    provenance: Provenance,
    *,
    text_id: str = "",
    article: ArticleInfo | None = None,
    usage: Usage | None = None,
    warnings: list[str] | None = None,
) -> SummaryRecord:
    """A record for an article that failed, keeping attempts and tokens in ``usage``."""
    if usage is None:
        usage = Usage(
            calls=exc.attempts or 0,
            prompt_tokens=exc.prompt_tokens or 0,
            completion_tokens=exc.completion_tokens or 0,
        )
    return SummaryRecord(
        id=text_id,
        source=source,
        article=article,
        error=ErrorInfo(type=type(exc).__name__, message=exc.message),
        provenance=provenance,
        usage=usage,
        warnings=warnings or [],
    )


__all__ = [
    "ArticleInfo",
    "Dateline",
    "ErrorInfo",
    "Provenance",
    "SummaryRecord",
    "Usage",
    "content_id",
    "error_record",
]

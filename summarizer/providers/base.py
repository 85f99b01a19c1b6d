"""The provider contract: everything the pipeline, batch and eval ask of a provider.

A provider turns a cleaned article into an ``Extraction``. Subclass ``Provider``, give it a
``name``, implement ``from_settings`` and ``extract`` (and ``aextract`` if it does I/O), and
register the class under the ``summarizer.providers`` entry point group; see
``summarizer.providers`` for how providers are found.

Long articles: a provider whose answers have a size limit says when to split an article
(``chunk_limit``); the pipeline then extracts each chunk as an article of its own (a
CleanedArticle whose text is the chunk), merges the answers, and asks
``summarize_chunks`` for the summary of the whole.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

from summarizer.cleaning import CleanedArticle
from summarizer.config import Settings
from summarizer.errors import ExtractionError
from summarizer.records import Usage
from summarizer.schema import ArticleSummary


@dataclass
class Extraction:
    """What a provider returns: the summary, what it cost and what it noticed.

    Items may already carry ``evidence_span`` (a provider that located its evidence while
    checking it); the pipeline locates the rest, so every excerpt is searched for once.
    """

    summary: ArticleSummary
    usage: Usage = field(default_factory=Usage)
    warnings: list[str] = field(default_factory=list)
    #: Set when ``summary`` is the best that could be had rather than a valid answer: the
    #: provider's re-asks ran out and this is its last answer, not checked against the
    #: article (or a chunk of a long article failed). The error it would have raised:
    #: the pipeline keeps what is grounded (and never caches it), or fails with this
    #: error under strict grounding.
    failure: ExtractionError | None = None
    #: How many chunks of a long article were merged into ``summary`` (0: one answer).
    chunks: int = 0


class Provider(ABC):
    """One way of producing an ArticleSummary from a cleaned article."""

    #: The name users pass to ``--provider`` and records carry in ``provenance.provider``.
    name: ClassVar[str]
    #: Whether answers are worth keeping in the disk cache: true for models (slow, paid),
    #: false for deterministic extractors that are cheaper to rerun than to look up.
    cacheable: ClassVar[bool] = True
    #: Whether extraction is local computation rather than waiting on a server: a batch
    #: then spreads it over worker processes (``--workers``), which needs the provider
    #: to be picklable.
    cpu_bound: ClassVar[bool] = False

    model: str | None = None
    #: What the answer depends on besides the model: a hash of the prompt or of the rules.
    prompt_version: str | None = None

    @classmethod
    @abstractmethod
    def from_settings(cls, settings: Settings) -> Provider:
        """Build the provider; raise ConfigError when the settings cannot work."""

    @property
    def params(self) -> dict[str, Any]:
        """The settings that change an answer (mode, temperature, output cap, ...).

        They are part of the answer's identity: recorded in provenance, keyed in the cache
        and in batch resume.
        """
        return {}

    @abstractmethod
    def extract(self, article: CleanedArticle, *, reference_date: dt.date | None) -> Extraction:
        """Extract synchronously; raise an ExtractionError subclass on failure."""

    async def aextract(
        self, article: CleanedArticle, *, reference_date: dt.date | None
    ) -> Extraction:
        """Extract inside an event loop (batch mode).

        The default runs ``extract`` in a worker thread, so that a provider doing blocking
        work never stalls the other articles of a batch.
        """
        import asyncio  # only batch and chunked runs get here: keep it off the start-up path

        return await asyncio.to_thread(self.extract, article, reference_date=reference_date)

    def params_for(self, article: CleanedArticle) -> dict[str, Any]:
        """``params`` as they apply to one article (e.g. an output cap sized to it)."""
        return self.params

    def chunk_limit(self, article: CleanedArticle) -> int | None:
        """The size (characters) of the chunks to extract ``article`` in, or None to
        extract it whole. The default never chunks."""
        return None

    def summarize_chunks(
        self,
        article: CleanedArticle,
        parts: list[ArticleSummary],
        *,
        reference_date: dt.date | None,
    ) -> tuple[str, Usage] | None:
        """The summary of an article extracted in chunks (``parts``, in text order), and
        what writing it cost; None (the default) lets the pipeline take the lead sentences
        of the whole text, as the rules provider does, with no call."""
        return None

    async def asummarize_chunks(
        self,
        article: CleanedArticle,
        parts: list[ArticleSummary],
        *,
        reference_date: dt.date | None,
    ) -> tuple[str, Usage] | None:
        """``summarize_chunks`` inside an event loop (in a worker thread by default)."""
        import asyncio

        return await asyncio.to_thread(
            self.summarize_chunks, article, parts, reference_date=reference_date
        )

    def close(self) -> None:  # noqa: B027 - a hook: most providers hold nothing to release
        """Release connections or other resources (called once a run is over)."""

    async def aclose(self) -> None:
        """Release resources from inside the event loop that used them."""
        self.close()

    def __enter__(self) -> Provider:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(model={self.model!r})"


__all__ = ["Extraction", "Provider"]

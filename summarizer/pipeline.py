"""The path of one article: ingest -> clean -> extract -> ground -> stamp -> record.

Input and configuration problems raise (they happen before any work worth keeping);
a failed extraction becomes a record whose ``error`` says why, with the usage it cost.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from pathlib import Path
from typing import Protocol

from .clean import CleanedArticle, clean_article
from .exceptions import ExtractionError
from .grounding import attach_spans, grounding_problems
from .ingest import DEFAULT_MAX_BYTES, RawArticle, decode_article, read_article
from .providers import Extraction, Provider, Settings, make_provider
from .records import (
    ArticleInfo,
    Dateline,
    Provenance,
    SummaryRecord,
    Usage,
    content_id,
    error_record,
)
from .schema import SCHEMA_VERSION, ArticleSummary
from .stamp import parse_update_line


class ExtractionCache(Protocol):
    """Where model answers are kept between runs (see ``summarizer.cache``)."""

    def get(self, key: str) -> Extraction | None: ...

    def put(self, key: str, extraction: Extraction) -> None: ...


def cache_key(text_id: str, provider: Provider, reference_date: dt.date | None) -> str:
    """Everything that can change a model's answer for this article."""
    parts = {
        "text": text_id,
        "provider": provider.name,
        "model": provider.model,
        "prompt_version": provider.prompt_version,
        "schema_version": SCHEMA_VERSION,
        "reference_date": reference_date.isoformat() if reference_date else None,
        "params": getattr(provider, "params", {}),
    }
    blob = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def reference_date_for(cleaned: CleanedArticle, given: dt.date | None) -> dt.date | None:
    """The date weekdays resolve against: the one given, else the article's publication date."""
    return given or cleaned.published


class Pipeline:
    """One provider, applied to any number of articles. Build it once per run."""

    def __init__(
        self,
        provider: Provider | None = None,
        *,
        settings: Settings | None = None,
        cache: ExtractionCache | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        self.provider = provider or make_provider(settings or Settings.from_env())
        self.cache = cache
        self.max_bytes = max_bytes

    # -- inputs -------------------------------------------------------------------------

    def read(self, path: str | Path) -> RawArticle:
        return read_article(path, max_bytes=self.max_bytes)

    def decode(self, data: bytes, source: str) -> RawArticle:
        return decode_article(data, source=source, max_bytes=self.max_bytes)

    # -- one article --------------------------------------------------------------------

    def provenance(self, reference_date: dt.date | None) -> Provenance:
        return Provenance(
            provider=self.provider.name,
            model=self.provider.model,
            prompt_version=self.provider.prompt_version,
            reference_date=reference_date.isoformat() if reference_date else None,
        )

    def run(
        self,
        raw: RawArticle,
        reference_date: dt.date | None = None,
        *,
        cleaned: CleanedArticle | None = None,
    ) -> SummaryRecord:
        """Summarize a decoded article (synchronously).

        ``cleaned``, if the caller already has it, must be ``clean_article(raw)``.
        """
        cleaned, ref, key = self._prepare(raw, reference_date, cleaned)
        cached = self._cached(key)
        if cached is not None:
            return self._finish(raw, cleaned, ref, cached, cached_hit=True)
        started = time.perf_counter()
        try:
            extraction = self.provider.extract(cleaned, reference_date=ref)
        except ExtractionError as exc:
            return self._failed(raw, cleaned, ref, exc, time.perf_counter() - started)
        self._store(key, extraction)
        return self._finish(raw, cleaned, ref, extraction)

    async def arun(
        self,
        raw: RawArticle,
        reference_date: dt.date | None = None,
        *,
        cleaned: CleanedArticle | None = None,
    ) -> SummaryRecord:
        """Summarize a decoded article inside an event loop (batch mode).

        ``cleaned``, if the caller already has it, must be ``clean_article(raw)``: batch
        mode cleans each input first to learn its content id, and cleaning is the
        costliest step of ours.
        """
        cleaned, ref, key = self._prepare(raw, reference_date, cleaned)
        cached = self._cached(key)
        if cached is not None:
            return self._finish(raw, cleaned, ref, cached, cached_hit=True)
        started = time.perf_counter()
        try:
            extraction = await self.provider.aextract(cleaned, reference_date=ref)
        except ExtractionError as exc:
            return self._failed(raw, cleaned, ref, exc, time.perf_counter() - started)
        self._store(key, extraction)
        return self._finish(raw, cleaned, ref, extraction)

    def summarize(self, path: str | Path, reference_date: dt.date | None = None) -> SummaryRecord:
        """Read, clean and summarize one file ("-" for stdin)."""
        return self.run(self.read(path), reference_date)

    # -- steps --------------------------------------------------------------------------

    def _prepare(
        self, raw: RawArticle, reference_date: dt.date | None, cleaned: CleanedArticle | None
    ) -> tuple[CleanedArticle, dt.date | None, str | None]:
        if cleaned is None:
            cleaned = clean_article(raw)
        ref = reference_date_for(cleaned, reference_date)
        key = None
        if self.cache is not None and self.provider.name != "rules":
            key = cache_key(content_id(cleaned.text), self.provider, ref)
        return cleaned, ref, key

    def _cached(self, key: str | None) -> Extraction | None:
        if key is None or self.cache is None:
            return None
        return self.cache.get(key)

    def _store(self, key: str | None, extraction: Extraction) -> None:
        if key is not None and self.cache is not None:
            self.cache.put(key, extraction)

    def _finish(
        self,
        raw: RawArticle,
        cleaned: CleanedArticle,
        ref: dt.date | None,
        extraction: Extraction,
        *,
        cached_hit: bool = False,
    ) -> SummaryRecord:
        summary = attach_spans(extraction.summary, cleaned.text)
        warnings = list(extraction.warnings)
        warnings += [f"ungrounded: {p}" for p in grounding_problems(summary, cleaned.text)]
        summary = _with_metadata(summary, cleaned, ref)
        usage = Usage(cached=True) if cached_hit else extraction.usage
        return SummaryRecord(
            id=content_id(cleaned.text),
            source=raw.source,
            article=article_info(cleaned),
            result=summary,
            provenance=self.provenance(ref),
            usage=usage,
            warnings=warnings,
        )

    def _failed(
        self,
        raw: RawArticle,
        cleaned: CleanedArticle,
        ref: dt.date | None,
        exc: ExtractionError,
        elapsed: float,
    ) -> SummaryRecord:
        exc.source = exc.source or raw.source
        usage = Usage(
            calls=exc.attempts or 0,
            prompt_tokens=exc.prompt_tokens or 0,
            completion_tokens=exc.completion_tokens or 0,
            latency_s=round(elapsed, 3),
        )
        return error_record(
            raw.source,
            exc,
            self.provenance(ref),
            text_id=content_id(cleaned.text),
            article=article_info(cleaned),
            usage=usage,
        )


def _with_metadata(
    summary: ArticleSummary, cleaned: CleanedArticle, ref: dt.date | None
) -> ArticleSummary:
    # The headline and the update stamp come from the page itself, never from a model.
    stamp = parse_update_line(cleaned.updated_line, ref) if cleaned.updated_line else None
    title = cleaned.title or summary.title
    return summary.model_copy(update={"updated": stamp, "title": title})


def article_info(cleaned: CleanedArticle) -> ArticleInfo:
    """The record's ``article`` block for a cleaned article."""
    dateline = None
    if cleaned.dateline is not None:
        d = cleaned.dateline
        dateline = Dateline(text=d.text, place=d.place, agency=d.agency)
    return ArticleInfo(
        title=cleaned.title,
        byline=cleaned.byline,
        dateline=dateline,
        published=cleaned.published.isoformat() if cleaned.published else None,
        updated=cleaned.updated_line,
        chars=len(cleaned.text),
    )


def summarize(
    path: str | Path,
    *,
    reference_date: dt.date | None = None,
    settings: Settings | None = None,
    provider: Provider | None = None,
) -> SummaryRecord:
    """Summarize one article file ("-" for stdin) into a SummaryRecord."""
    return Pipeline(provider, settings=settings).summarize(path, reference_date)


def summarize_text(
    text: str,
    *,
    source: str = "<text>",
    reference_date: dt.date | None = None,
    settings: Settings | None = None,
    provider: Provider | None = None,
) -> SummaryRecord:
    """Summarize article text (plain or HTML) already in memory."""
    pipeline = Pipeline(provider, settings=settings)
    return pipeline.run(pipeline.decode(text.encode("utf-8"), source), reference_date)


__all__ = [
    "ExtractionCache",
    "Pipeline",
    "article_info",
    "cache_key",
    "summarize",
    "summarize_text",
]

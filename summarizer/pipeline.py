"""The path of one article: ingest -> clean -> extract -> ground -> stamp -> record.

``Pipeline`` owns all per-article work; batch and eval only schedule it. Input problems
raise (they happen before any work worth keeping); a failed extraction becomes a record
whose ``error`` says why, with the usage it cost.

Partial records, not lost ones: what a provider hands back is checked against the
article once more, and items that still fail grounding (a provider whose re-asks ran out
hands back its last answer) are dropped, each with a ``dropped:`` warning, and the rest
is kept; strict grounding fails the whole article instead.

Long articles: when the provider asks for chunks (``Provider.chunk_limit``), or a whole
answer is cut off at the output cap, the article is extracted in chunks
(``summarizer.chunking``), concurrently through the same provider, and the answers are
merged into one record whose summary the provider writes from the whole
(``Provider.summarize_chunks``). A chunk cut off in turn is split again; a chunk that
fails is left out with a warning. Usage is summed over every call.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from summarizer.claims import (
    calendar_warnings,
    check_claims,
    injection_warnings,
    undated_warning,
    without_duplicates,
)
from summarizer.cleaning import (
    DEFAULT_MAX_BYTES,
    CleanedArticle,
    RawArticle,
    clean_article,
    cleaning_warnings,
    decode_article,
    parse_update_line,
    read_article,
)
from summarizer.config import DEFAULTS, Settings
from summarizer.errors import (
    ExtractionError,
    OutputTruncatedError,
    SummarizerError,
    ValidationExhaustedError,
)
from summarizer.grounding import LIST_FIELDS, Problem, check, drop_items
from summarizer.providers import Extraction, Provider, make_provider
from summarizer.records import (
    ArticleInfo,
    Dateline,
    Provenance,
    SummaryRecord,
    Usage,
    content_id,
    error_record,
)
from summarizer.schema import ArticleSummary

if TYPE_CHECKING:
    from summarizer.chunking import ChunkedExtraction


class ExtractionCache(Protocol):
    """Where model answers are kept between runs (see ``summarizer.cache``)."""

    def get(self, key: str) -> Extraction | None: ...

    def put(self, key: str, extraction: Extraction) -> None: ...


def reference_date_for(
    cleaned: CleanedArticle, given: dt.date | None, default: dt.date | None = None
) -> dt.date | None:
    """The date weekdays resolve against: the one given for this article, else its
    publication date, else ``default`` (a batch's ``--date``)."""
    return given or cleaned.published or default


@dataclass(frozen=True)
class Job:
    """One article made ready for extraction: cleaned, dated and keyed."""

    raw: RawArticle
    cleaned: CleanedArticle
    reference_date: dt.date | None
    provenance: Provenance  # with the answer key filled in

    @property
    def source(self) -> str:
        return self.raw.source

    @property
    def key(self) -> str:
        """The answer's identity: the cache key and the batch resume key."""
        assert self.provenance.answer_key is not None
        return self.provenance.answer_key


class Pipeline:
    """One provider, applied to any number of articles. Build it once per run."""

    def __init__(
        self,
        provider: Provider | None = None,
        *,
        settings: Settings | None = None,
        cache: ExtractionCache | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        strict_grounding: bool | None = None,
    ) -> None:
        self.provider = provider or make_provider(settings or Settings.from_env())
        self.cache = cache if self.provider.cacheable else None
        self.max_bytes = max_bytes
        if strict_grounding is None:
            strict_grounding = (settings or DEFAULTS).strict_grounding
        self.strict_grounding = strict_grounding

    # -- inputs -------------------------------------------------------------------------

    def read(self, path: str | Path) -> RawArticle:
        """Read one file ("-" for stdin); InputError naming the file when it cannot be."""
        return read_article(path, max_bytes=self.max_bytes)

    def decode(self, data: bytes, source: str) -> RawArticle:
        """Decode an article already in memory; InputError when it is not one."""
        return decode_article(data, source=source, max_bytes=self.max_bytes)

    def provenance(self, reference_date: dt.date | None) -> Provenance:
        """What this pipeline records as having produced a result (no answer key yet)."""
        return Provenance(
            provider=self.provider.name,
            model=self.provider.model,
            prompt_version=self.provider.prompt_version,
            reference_date=reference_date.isoformat() if reference_date else None,
            params=self.provider.params,
        )

    def prepare(
        self,
        raw: RawArticle,
        reference_date: dt.date | None = None,
        *,
        default_date: dt.date | None = None,
    ) -> Job:
        """Clean one article and work out its reference date and answer key.

        ``reference_date`` is the date given for this article; ``default_date`` is used
        when neither it nor the article's publication date is known.
        Raises NoArticleError when no article text is left after cleaning.
        """
        cleaned = clean_article(raw)
        ref = reference_date_for(cleaned, reference_date, default_date)
        provenance = self.provenance(ref)
        params = self.provider.params_for(cleaned)
        if params != provenance.params:
            provenance = provenance.model_copy(update={"params": params})
        return Job(raw, cleaned, ref, provenance.keyed(content_id(cleaned.text)))

    # -- one article --------------------------------------------------------------------

    def run(
        self, article: RawArticle | Job, reference_date: dt.date | None = None
    ) -> SummaryRecord:
        """Summarize a decoded (or already prepared) article, synchronously."""
        job = self._job(article, reference_date)
        cached = self._from_cache(job)
        if cached is not None:
            return cached
        started = time.perf_counter()
        try:
            extraction = self._extract(job)
        except ExtractionError as exc:
            return self.failed(job.source, exc, job, elapsed=time.perf_counter() - started)
        return self._finish(job, extraction)

    async def arun(
        self, article: RawArticle | Job, reference_date: dt.date | None = None
    ) -> SummaryRecord:
        """Summarize a decoded (or already prepared) article inside an event loop."""
        job = self._job(article, reference_date)
        cached = self._from_cache(job)
        if cached is not None:
            return cached
        started = time.perf_counter()
        try:
            extraction = await self._aextract(job)
        except ExtractionError as exc:
            return self.failed(job.source, exc, job, elapsed=time.perf_counter() - started)
        return self._finish(job, extraction)

    def summarize(self, path: str | Path, reference_date: dt.date | None = None) -> SummaryRecord:
        """Read, clean and summarize one file ("-" for stdin)."""
        return self.run(self.read(path), reference_date)

    def failed(
        self,
        source: str,
        exc: SummarizerError,
        job: Job | None = None,
        *,
        elapsed: float | None = None,
    ) -> SummaryRecord:
        """The record of an article that failed: at reading (no ``job``) or at extraction."""
        usage = Usage(
            calls=exc.attempts or 0,
            prompt_tokens=exc.prompt_tokens or 0,
            completion_tokens=exc.completion_tokens or 0,
            latency_s=round(elapsed or 0.0, 3),
        )
        if job is None:
            return error_record(source, exc, self.provenance(None), usage=usage)
        return error_record(
            source,
            exc,
            job.provenance,
            text_id=content_id(job.cleaned.text),
            article=article_info(job.cleaned),
            usage=usage,
        )

    # -- steps --------------------------------------------------------------------------

    def _job(self, article: RawArticle | Job, reference_date: dt.date | None) -> Job:
        return article if isinstance(article, Job) else self.prepare(article, reference_date)

    def _from_cache(self, job: Job) -> SummaryRecord | None:
        if self.cache is None:
            return None
        extraction = self.cache.get(job.key)
        if extraction is None:
            return None
        return self._finish(job, extraction, cached=True)

    def _extract(self, job: Job) -> Extraction:
        size = self.provider.chunk_limit(job.cleaned)
        if size is None:
            try:
                return self.provider.extract(job.cleaned, reference_date=job.reference_date)
            except OutputTruncatedError as exc:
                return _run_to_end(self._chunked(job, threaded=True).run(None, exc))
        return _run_to_end(self._chunked(job, threaded=True).run(size))

    async def _aextract(self, job: Job) -> Extraction:
        size = self.provider.chunk_limit(job.cleaned)
        if size is None:
            try:
                return await self.provider.aextract(job.cleaned, reference_date=job.reference_date)
            except OutputTruncatedError as exc:
                return await self._chunked(job, threaded=False).run(None, exc)
        return await self._chunked(job, threaded=False).run(size)

    def _chunked(self, job: Job, *, threaded: bool) -> ChunkedExtraction:
        # Only long articles are chunked: keep asyncio and the merge off the start-up path.
        from summarizer.chunking import ChunkedExtraction

        return ChunkedExtraction(
            self.provider,
            job.cleaned,
            job.reference_date,
            strict=self.strict_grounding,
            threaded=threaded,
        )

    def _claims(self, summary: ArticleSummary, job: Job, extraction: Extraction) -> list[Problem]:
        # An answer the validator passed met every claim check already; only evidence from
        # injected text is checked for every provider. A last answer kept after the
        # re-asks ran out is checked in full, so that what the model never fixed goes, and
        # so is a merged answer, whose chunks could not be checked against the whole text.
        full = extraction.failure is not None or bool(extraction.chunks)
        claims = check_claims(summary, job.cleaned.text, job.reference_date, injected_only=not full)
        return claims if full else [p for p in claims if p.field in LIST_FIELDS]

    def _finish(self, job: Job, extraction: Extraction, *, cached: bool = False) -> SummaryRecord:
        cleaned = job.cleaned
        found, duplicates = without_duplicates(extraction.summary)
        problems = check(found, cleaned.text) + self._claims(found, job, extraction)
        if problems and self.strict_grounding:
            return self._strict_failure(job, extraction, problems)
        # A last answer kept after the re-asks ran out is no answer to reuse: ask again.
        if self.cache is not None and not cached and extraction.failure is None:
            self.cache.put(job.key, extraction)
        summary, dropped = drop_items(found, problems)
        warnings = [*extraction.warnings, *duplicates, *dropped]
        warnings += injection_warnings(cleaned.text)
        warnings += cleaning_warnings(cleaned)
        # The headline and the update stamp come from the page itself, never from a model.
        stamp = (
            parse_update_line(cleaned.updated_line, job.reference_date, cleaned.published_at)
            if cleaned.updated_line
            else None
        )
        if job.reference_date is None:
            undated = undated_warning(summary, cleaned.updated_line, stamp)
            warnings += [undated] if undated else []
        summary = summary.model_copy(
            update={"updated": stamp, "title": cleaned.title or summary.title}
        )
        warnings += calendar_warnings(summary, job.reference_date)
        return SummaryRecord(
            id=content_id(cleaned.text),
            source=job.source,
            article=article_info(cleaned),
            result=summary,
            provenance=job.provenance,
            usage=Usage(cached=True) if cached else extraction.usage,
            warnings=warnings,
        )

    def _strict_failure(
        self, job: Job, extraction: Extraction, problems: list[Problem]
    ) -> SummaryRecord:
        error = extraction.failure or ValidationExhaustedError(
            f"{len(problems)} problem(s) with the answer's grounding (strict grounding); "
            f"first: {problems[0].message}"
        )
        from summarizer.chunking import costing

        usage = extraction.usage
        return self.failed(job.source, costing(error, usage), job, elapsed=usage.latency_s)


def _run_to_end(work: Coroutine[Any, Any, Extraction]) -> Extraction:
    from summarizer.chunking import run_async

    return run_async(work)


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
    "Job",
    "Pipeline",
    "article_info",
    "reference_date_for",
    "summarize",
    "summarize_text",
]

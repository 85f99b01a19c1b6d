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

import asyncio
import datetime as dt
import time
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from summarizer.chunking import OVERLAP_CHARS, Chunk, merge, piece, split
from summarizer.claims import check_claims, injection_warnings, without_duplicates
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
from summarizer.config import DEFAULT_CONCURRENCY, DEFAULTS, Settings
from summarizer.errors import (
    ExtractionError,
    OutputTruncatedError,
    SummarizerError,
    ValidationExhaustedError,
)
from summarizer.grounding import LIST_FIELDS, Problem, check, drop_items
from summarizer.language.dates import find_weekday, on_or_after, on_or_before
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
from summarizer.schema import ArticleSummary, UpdateStamp

MAX_SPLITS = 3  # a chunk whose answer is cut off is split again, at most this deep
MIN_SPLIT_CHARS = 2 * OVERLAP_CHARS  # below this, splitting leaves nothing but overlap
T = TypeVar("T")


class ExtractionCache(Protocol):
    """Where model answers are kept between runs (see ``summarizer.cache``)."""

    def get(self, key: str) -> Extraction | None: ...

    def put(self, key: str, extraction: Extraction) -> None: ...


def reference_date_for(cleaned: CleanedArticle, given: dt.date | None) -> dt.date | None:
    """The date weekdays resolve against: the one given, else the article's publication date."""
    return given or cleaned.published


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

    def prepare(self, raw: RawArticle, reference_date: dt.date | None = None) -> Job:
        """Clean one article and work out its reference date and answer key.

        Raises NoArticleError when no article text is left after cleaning.
        """
        cleaned = clean_article(raw)
        ref = reference_date_for(cleaned, reference_date)
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
                return _run_async(_Chunked(self, job, threaded=True).run(None, exc))
        return _run_async(_Chunked(self, job, threaded=True).run(size))

    async def _aextract(self, job: Job) -> Extraction:
        size = self.provider.chunk_limit(job.cleaned)
        if size is None:
            try:
                return await self.provider.aextract(job.cleaned, reference_date=job.reference_date)
            except OutputTruncatedError as exc:
                return await _Chunked(self, job, threaded=False).run(None, exc)
        return await _Chunked(self, job, threaded=False).run(size)

    def _claims(self, summary: ArticleSummary, job: Job, extraction: Extraction) -> list[Problem]:
        # An answer the validator passed met every claim check already; only evidence from
        # injected text is checked for every provider. A last answer kept after the
        # re-asks ran out is checked in full, so that what the model never fixed goes, and
        # so is a merged answer, whose chunks could not be checked against the whole text.
        claims = check_claims(summary, job.cleaned.text, job.reference_date)
        if extraction.failure is not None or extraction.chunks:
            return claims
        return [p for p in claims if p.field in LIST_FIELDS and p.part is None]

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
            parse_update_line(cleaned.updated_line, job.reference_date)
            if cleaned.updated_line
            else None
        )
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
        usage = extraction.usage
        return self.failed(job.source, _costing(error, usage), job, elapsed=usage.latency_s)


@dataclass
class _Chunked:
    """One article extracted in chunks: the calls, what they cost, what came back."""

    pipeline: Pipeline
    job: Job
    threaded: bool  # sync provider calls in worker threads (``run``), else ``aextract``
    parts: list[tuple[Chunk, Extraction]] = field(default_factory=list)
    failed: list[tuple[Chunk, ExtractionError]] = field(default_factory=list)
    spent: list[Usage] = field(default_factory=list)  # answers cut off, then split
    gate: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(DEFAULT_CONCURRENCY))

    @property
    def provider(self) -> Provider:
        return self.pipeline.provider

    async def run(self, size: int | None, cut_off: ExtractionError | None = None) -> Extraction:
        """Extract, merge and summarize; ``cut_off``: the whole answer that did not fit."""
        text = self.job.cleaned.text
        if cut_off is not None:
            self.spent.append(_usage_of(cut_off))
        await self._extract(Chunk(0, len(text), text), size or _half(text), 0)
        if not self.parts and not self.failed:
            raise ExtractionError("the article has no text to extract")
        if not self.parts or (self.failed and self.pipeline.strict_grounding):
            raise _costing(self.failed[0][1], self._usage())
        self.parts.sort(key=lambda part: (part[0].start, part[0].end))
        merged = merge([(chunk, extraction.summary) for chunk, extraction in self.parts])
        summaries = [extraction.summary for _, extraction in self.parts]
        summary, warnings = await self._summary(summaries)
        for chunk, error in sorted(self.failed, key=lambda failure: failure[0].start):
            warnings.append(
                f"chunk failed: characters {chunk.start}-{chunk.end} of the article are not "
                f"in the record: {error.message}"
            )
        found = [w for _, extraction in self.parts for w in extraction.warnings]
        failures = [e.failure for _, e in self.parts if e.failure is not None]
        failures += [error for _, error in self.failed]
        return Extraction(
            summary=merged.model_copy(update={"summary": summary}),
            usage=self._usage(),
            warnings=[*dict.fromkeys(found), *warnings],
            failure=failures[0] if failures else None,
            chunks=len(self.parts),
        )

    async def _extract(self, whole: Chunk, size: int, depth: int) -> None:
        chunks = [
            Chunk(whole.start + c.start, whole.start + c.end, c.text)
            for c in split(whole.text, size)
        ]
        await asyncio.gather(*(self._one(chunk, depth) for chunk in chunks))

    async def _one(self, chunk: Chunk, depth: int) -> None:
        article = piece(self.job.cleaned, chunk)
        try:
            async with self.gate:
                extraction = await self._call(
                    self.provider.extract, self.provider.aextract, article
                )
        except OutputTruncatedError as exc:
            if depth >= MAX_SPLITS or len(chunk.text) < MIN_SPLIT_CHARS:
                self.failed.append((chunk, exc))
                return
            self.spent.append(_usage_of(exc))
            await self._extract(chunk, _half(chunk.text), depth + 1)
        except ExtractionError as exc:
            self.failed.append((chunk, exc))
        else:
            self.parts.append((chunk, extraction))

    async def _summary(self, parts: list[ArticleSummary]) -> tuple[str, list[str]]:
        provider = self.provider
        try:
            summary, usage = await self._call(
                provider.summarize_chunks, provider.asummarize_chunks, self.job.cleaned, parts
            )
        except ExtractionError as exc:
            self.spent.append(_usage_of(exc))
            fallback, _ = Provider.summarize_chunks(
                provider, self.job.cleaned, parts, reference_date=self.job.reference_date
            )
            return fallback, [f"summary: lead sentences instead ({exc.message})"]
        self.spent.append(usage)
        return summary, []

    async def _call(self, sync: Any, coroutine: Any, *args: Any) -> Any:
        ref = self.job.reference_date
        if self.threaded:
            return await asyncio.to_thread(sync, *args, reference_date=ref)
        return await coroutine(*args, reference_date=ref)

    def _usage(self) -> Usage:
        usages = [*self.spent, *(extraction.usage for _, extraction in self.parts)]
        usages += [_usage_of(error) for _, error in self.failed]
        return Usage(
            calls=sum(u.calls for u in usages),
            prompt_tokens=sum(u.prompt_tokens for u in usages),
            completion_tokens=sum(u.completion_tokens for u in usages),
            latency_s=round(sum(u.latency_s for u in usages), 3),
        )


def _half(text: str) -> int:
    return len(text) // 2 + OVERLAP_CHARS // 2


def _usage_of(error: SummarizerError) -> Usage:
    return Usage(
        calls=error.attempts or 0,
        prompt_tokens=error.prompt_tokens or 0,
        completion_tokens=error.completion_tokens or 0,
    )


def _costing(error: SummarizerError, usage: Usage) -> SummarizerError:
    """``error`` carrying the whole article's usage (for its error record)."""
    error.attempts = usage.calls
    error.prompt_tokens = usage.prompt_tokens
    error.completion_tokens = usage.completion_tokens
    return error


def _run_async(work: Coroutine[Any, Any, T]) -> T:
    """Run ``work`` to its end from synchronous code, even when called inside a loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work)
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, work).result()


def stamp_warning(stamp: UpdateStamp | None, reference: dt.date | None) -> str | None:
    """Why an update stamp's weekday has no date: the day would fall after 9999-12-31."""
    if not (stamp and stamp.weekday and not stamp.date and reference):
        return None
    if on_or_after(reference, stamp.weekday) is not None:
        return None
    return (
        f"the update line's {stamp.weekday} would fall after 9999-12-31 (the first on or "
        f"after the reference date {reference.isoformat()}): its date is left null"
    )


def calendar_warnings(summary: ArticleSummary, reference: dt.date | None) -> list[str]:
    """Weekdays left without a date because the day falls outside the calendar, counting
    from a reference date at its edge (before 0001-01-01 or after 9999-12-31)."""
    if reference is None:
        return []
    stamp = stamp_warning(summary.updated, reference)
    warnings = [stamp] if stamp else []
    for index, event in enumerate(summary.events):
        weekday = find_weekday(event.when) if event.when and not event.date else None
        if weekday and on_or_before(reference, weekday) is None:
            warnings.append(
                f"events[{index}]: {weekday} would fall before 0001-01-01 (the latest on or "
                f"before the reference date {reference.isoformat()}): its date is left null"
            )
    return warnings


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
    "calendar_warnings",
    "reference_date_for",
    "stamp_warning",
    "summarize",
    "summarize_text",
]

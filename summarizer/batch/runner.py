"""Batch mode: an asyncio scheduler of ``Pipeline`` jobs into append-only JSON Lines.

Each input is read and prepared first (cheap, in a worker thread) so its answer key is
known before deciding whether to spend a model call. An input whose newest record, under
its source name and key, is ok is skipped. Otherwise, when an ok record with the same key
exists (an identical article under another name, in this run or an earlier one), the
input gets its own record copied from it with ``usage.cached`` true and no call;
identical articles in flight at the same time wait for the first one. So duplicates cost
one call, and every input still has a record under its own ``source``. Failed inputs are
retried on the next run. Nothing is extracted here: every record comes from the pipeline.

Reading and cleaning run in daemon threads of their own (``DaemonThreads``), never in
asyncio's default executor, whose threads a shutdown and the interpreter's exit wait for:
a read stuck in the system (a file that never answers) cannot keep a stopped batch alive.
A CPU-bound provider (the rules) runs in worker processes (``pool``) when the batch is
large enough; the writer, resume and the copies of identical articles stay here. After
``max_consecutive_failures`` articles in a row could not reach the provider, the run
stops with one error instead of writing an error record for every article left.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import signal
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from summarizer.batch.inputs import BatchItem
from summarizer.batch.output import JsonlWriter, OutputIndex
from summarizer.batch.pool import WorkerPool, failure_record, prepare_item, use_pool
from summarizer.config import DEFAULT_CONCURRENCY, DEFAULT_MAX_CONSECUTIVE_FAILURES
from summarizer.errors import ConfigError, ProviderError, UnreachableError
from summarizer.pipeline import Job, Pipeline
from summarizer.records import SummaryRecord, Usage

# How a job is turned into its record; None means "no outcome yet, write nothing" (the
# Batch API leaves such articles to a later batch).
Extract = Callable[[Job], Awaitable[SummaryRecord | None]]

# Articles read and cleaned ahead of a free call slot. Cleaning takes milliseconds and a
# call seconds, so a few are enough; more would only delay the first calls of a run,
# which wait behind all the cleaning started before them.
READ_AHEAD = 4


class RateLimiter:
    """Start at most ``per_minute`` extractions a minute, evenly spaced (no bursts).

    It paces articles, not HTTP requests: a re-ask or a transport retry within one
    article is not counted (the provider's own retry honours Retry-After).
    """

    def __init__(self, per_minute: float) -> None:
        if per_minute <= 0:
            raise ValueError("per_minute must be positive")
        self.interval = 60.0 / per_minute
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        async with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            await asyncio.sleep(start - now)


# -- the run ----------------------------------------------------------------------------------


@dataclass
class BatchStats:
    """Counts for the progress bar and the closing summary."""

    total: int = 0
    ok: int = 0  # ok records written in this run (cached copies included)
    failed: int = 0  # error records written in this run
    skipped: int = 0  # already ok in the output: nothing written
    pending: int = 0  # no outcome yet (left to a later batch): nothing written
    cached: int = 0  # records copied from an identical article: no call
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    interrupted: int | None = None  # the signal that stopped the run

    @property
    def done(self) -> int:
        return self.ok + self.failed + self.skipped + self.pending

    @property
    def written(self) -> int:
        return self.ok + self.failed

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    @property
    def wall_s(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    @property
    def per_minute(self) -> float:
        wall = self.wall_s
        return self.written * 60.0 / wall if wall > 0 else 0.0

    def add(self, record: SummaryRecord) -> None:
        if record.ok:
            self.ok += 1
        else:
            self.failed += 1
        self.cached += record.usage.cached
        self.calls += record.usage.calls
        self.prompt_tokens += record.usage.prompt_tokens
        self.completion_tokens += record.usage.completion_tokens

    def summary_line(self) -> str:
        """The closing line: counts, tokens, wall time, articles per minute."""
        parts = [
            f"{self.ok} ok",
            f"{self.failed} failed",
            f"{self.skipped} skipped (already done)",
        ]
        if self.cached:
            parts.append(f"{self.cached} copied from identical articles")
        if self.pending:
            parts.append(f"{self.pending} not answered yet")
        return (
            f"{self.total} inputs: {', '.join(parts)}; {self.calls} model calls, "
            f"{self.tokens:,} tokens; {format_duration(self.wall_s)}, "
            f"{self.per_minute:.1f} articles/min"
        )


def format_duration(seconds: float) -> str:
    """1.5s, 2m05s, 1h02m05s."""
    minutes, secs = divmod(seconds, 60)
    if minutes >= 60:
        return f"{int(minutes // 60)}h{int(minutes % 60):02d}m{int(secs):02d}s"
    if minutes:
        return f"{int(minutes)}m{int(secs):02d}s"
    return f"{secs:.1f}s"


class BatchRunner:
    """Summarize ``items`` with ``pipeline`` into ``writer``, ``concurrency`` calls at a time.

    Records are written in the order they finish. ``on_update`` is called after every
    input, for a progress display. A ConfigError (no key, 401/403) stops the whole run
    and is raised: it would fail every other article the same way; so does a run of
    ``max_consecutive_failures`` articles that could not reach the provider.

    ``reference_date`` is the default for articles with no date of their own (an item's
    ``reference_date``, else the article's publication date). ``extract`` replaces
    ``Pipeline.arun`` (the Batch API answers from its output files); ``stats`` lets
    several runners add to one count. ``workers`` > 1 runs a CPU-bound provider in that
    many processes.
    """

    def __init__(
        self,
        pipeline: Pipeline,
        items: Sequence[BatchItem],
        writer: JsonlWriter,
        *,
        index: OutputIndex | None = None,
        reference_date: dt.date | None = None,
        concurrency: int = DEFAULT_CONCURRENCY,
        rpm: float | None = None,
        on_update: Callable[[BatchStats], None] | None = None,
        extract: Extract | None = None,
        max_consecutive_failures: int = DEFAULT_MAX_CONSECUTIVE_FAILURES,
        stats: BatchStats | None = None,
        workers: int = 1,
    ) -> None:
        if concurrency < 1 or workers < 1 or max_consecutive_failures < 1:
            raise ValueError("concurrency, workers and max_consecutive_failures must be >= 1")
        self.pipeline = pipeline
        self.items = items
        self.writer = writer
        self.index = index or OutputIndex()
        self.reference_date = reference_date
        self.concurrency = concurrency
        self._shared_stats = stats is not None
        self.stats = stats if stats is not None else BatchStats(total=len(items))
        self._extract_job = extract or pipeline.arun
        self.max_consecutive_failures = max_consecutive_failures
        self._unreachable = 0  # articles in a row that could not reach the provider
        self.workers = (
            workers if extract is None and use_pool(pipeline.provider, workers, len(items)) else 1
        )
        self._pool: WorkerPool | None = None
        self._on_update = on_update
        self._limiter = RateLimiter(rpm) if rpm else None
        self._semaphore = asyncio.Semaphore(concurrency)
        # Identical articles being extracted right now: the sources waiting for a copy.
        self._in_flight: dict[str, list[str]] = {}
        self._workers: list[asyncio.Task[None]] = []
        self._fatal: BaseException | None = None

    async def run(self) -> BatchStats:
        """Process every item; returns early (``stats.interrupted``) after ``stop``."""
        if not self._shared_stats:
            self.stats.started = time.monotonic()
        queue = iter(self.items)
        # A few more workers than call slots, so the next articles are read and cleaned
        # while the slots are busy; the semaphore bounds the model calls. With worker
        # processes, two inputs each keep them busy.
        slots = self.concurrency + READ_AHEAD
        if self.workers > 1:
            self._pool = WorkerPool(self.pipeline, self.workers, self.index)
            slots = 2 * self.workers
        count = min(len(self.items), slots) or 1
        self._workers = [asyncio.create_task(self._work(queue)) for _ in range(count)]
        try:
            await asyncio.wait(self._workers)
        except asyncio.CancelledError:
            self.stop()
            await asyncio.wait(self._workers)
            raise
        finally:
            if self._pool is not None:
                self._pool.close()
            self.stats.finished = time.monotonic()
        if self._fatal is not None:
            raise self._fatal
        return self.stats

    def stop(self, signum: int | None = None) -> None:
        """Cancel the work under way; finished records stay written."""
        if signum is not None and self.stats.interrupted is None:
            self.stats.interrupted = signum
        for task in self._workers:
            task.cancel()

    async def _work(self, queue: Iterator[BatchItem]) -> None:
        try:
            for item in queue:
                await self._process(item)
                if self._on_update:
                    self._on_update(self.stats)
        except Exception as exc:  # a ConfigError, or a bug: stop everything
            if self._fatal is None:
                self._fatal = exc
            self.stop()

    async def _process(self, item: BatchItem) -> None:
        if self._pool is not None:
            await self._process_in_pool(self._pool, item)
            return
        job = await asyncio.to_thread(prepare_item, self.pipeline, item, self.reference_date)
        if isinstance(job, SummaryRecord):
            self._emit(job)
            return
        key = job.key
        if (item.source, key) in self.index.done:
            self.stats.skipped += 1
            return
        waiting = self._in_flight.get(key)
        if waiting is not None:  # the same article is being extracted: copy it when done
            waiting.append(item.source)
            return
        reused = self._reused(key, item.source)
        if reused is not None:
            self._emit(reused)
            return
        self._in_flight[key] = []
        try:
            record = await self._extract(job)
        except BaseException:
            self._in_flight.pop(key, None)
            raise
        followers = self._in_flight.pop(key)
        if record is None:  # left for later: so are its identical articles
            self.stats.pending += 1 + len(followers)
            return
        self._emit(record, key)
        self._check_reachable(record)
        for source in followers:
            self._emit(_copy(record, source))
            if self._on_update:
                self._on_update(self.stats)

    async def _process_in_pool(self, pool: WorkerPool, item: BatchItem) -> None:
        outcome = await pool.summarize(item, self.reference_date)
        if outcome.skipped:
            self.stats.skipped += 1
            return
        if outcome.key is not None and (outcome.reusable or outcome.key in self.index.reusable):
            # An identical article already has a record (a worker may have extracted it
            # again meanwhile): copy it, as the in-process path does.
            reused = self._reused(outcome.key, item.source)
            if reused is not None:
                self._emit(reused)
                return
            if outcome.record is None:
                outcome = await pool.summarize(item, self.reference_date, force=True)
        assert outcome.record is not None
        self._emit(outcome.record, outcome.key)

    async def _extract(self, job: Job) -> SummaryRecord | None:
        async with self._semaphore:
            if self._limiter is not None:
                await self._limiter.wait()
            try:
                return await self._extract_job(job)
            except ConfigError:
                raise
            except Exception as exc:
                return failure_record(self.pipeline, job.source, exc, job)

    def _check_reachable(self, record: SummaryRecord) -> None:
        """Count articles in a row that could not reach the provider; stop at the limit."""
        if record.error is None or record.error.type != UnreachableError.__name__:
            self._unreachable = 0
            return
        self._unreachable += 1
        if self._unreachable >= self.max_consecutive_failures:
            raise ProviderError(
                f"stopped after {self._unreachable} articles in a row could not reach the "
                f"provider (the last: {record.error.message}); {self.stats.written} records "
                f"written to {self.writer.path}; run the same command again to resume"
            )

    def _reused(self, key: str, source: str) -> SummaryRecord | None:
        span = self.index.reusable.get(key)
        if span is None:
            return None
        try:
            record = SummaryRecord.model_validate_json(self.writer.read(span))
        except ValueError:  # an older record shape: extract again instead
            return None
        return _copy(record, source)

    def _emit(self, record: SummaryRecord, key: str | None = None) -> None:
        span = self.writer.write(record)
        self.stats.add(record)
        if key is not None:
            # This run's outcome, ok or not, is what later identical articles copy.
            self.index.reusable[key] = span


def _copy(record: SummaryRecord, source: str) -> SummaryRecord:
    """An identical article's record under another source: no call, ``usage.cached``."""
    return record.model_copy(update={"source": source, "usage": Usage(cached=True)})


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class DaemonThreads(ThreadPoolExecutor):
    """An executor that runs each call in a daemon thread of its own and waits for none.

    asyncio's default executor is a ThreadPoolExecutor: its shutdown, and then the
    interpreter's exit, join every worker, so one thread stuck in a system call would
    hold a stopped batch forever. A call left running here is abandoned at exit. (asyncio
    accepts only a ThreadPoolExecutor as the default; none of its own threads are used.)
    """

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:
                future.set_exception(exc)
            else:
                future.set_result(result)

        threading.Thread(target=run, name="summarizer-batch", daemon=True).start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        return None  # daemon threads: nothing to wait for


def run_batch(runner: BatchRunner) -> BatchStats:
    """Run to the end, or until SIGINT/SIGTERM (``stats.interrupted`` says which).

    A second signal gets the default behaviour, so a stuck shutdown can still be killed.
    """

    async def main() -> BatchStats:
        loop = asyncio.get_running_loop()
        loop.set_default_executor(DaemonThreads())
        installed: list[int] = []

        def on_signal(signum: int) -> None:
            for number in installed:
                loop.remove_signal_handler(number)
            runner.stop(signum)

        for sig in STOP_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, on_signal, sig)
                installed.append(sig)
        try:
            return await runner.run()
        finally:
            for number in installed:
                loop.remove_signal_handler(number)
            # The async client's connections belong to this loop: close them inside it.
            await runner.pipeline.provider.aclose()

    return asyncio.run(main())


__all__ = [
    "DEFAULT_CONCURRENCY",
    "BatchRunner",
    "BatchStats",
    "DaemonThreads",
    "Extract",
    "RateLimiter",
    "format_duration",
    "run_batch",
]

"""Whole articles in worker processes, for a CPU-bound provider (the rules).

One Python process runs the rules provider on one core. With ``--workers N`` each of N
worker processes reads, cleans and extracts whole articles and sends the record back,
while the parent (``BatchRunner``) keeps what must stay single: the one writer, resume
and the bookkeeping of identical articles. Workers start with 'spawn' (no copy of the
parent's threads or event loop) and ignore SIGINT, so Ctrl-C at a terminal stops the
batch through the parent like any other. A worker whose parent dies (kill -9) exits too:
its queue pipes would never tell it.

``prepare_item`` and ``failure_record`` are the one way an input becomes a job or a
record, in the parent and in the workers alike.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from summarizer.batch.inputs import BatchItem, item_path, manifest_text
from summarizer.batch.output import OutputIndex
from summarizer.errors import ConfigError, SummarizerError
from summarizer.pipeline import Job, Pipeline
from summarizer.providers import Provider
from summarizer.records import SummaryRecord

# Below this many articles per worker, starting the workers (each imports the package,
# about a second) costs more than it saves; such a batch runs in-process.
MIN_ARTICLES_PER_WORKER = 25
PARENT_CHECK_SECONDS = 0.5


def prepare_item(
    pipeline: Pipeline, item: BatchItem, default_date: dt.date | None
) -> Job | SummaryRecord:
    """Read and clean one input to learn its answer key; an error record if it cannot be.

    Its reference date is the item's own (a manifest's ``date``), else the article's
    publication date, else ``default_date``.
    """
    try:
        if item.path is not None:
            raw = pipeline.read(item_path(item))
            if raw.source != item.source:
                raw = dataclasses.replace(raw, source=item.source)
        else:
            raw = pipeline.decode(manifest_text(item), item.source)
        return pipeline.prepare(raw, item.reference_date, default_date=default_date)
    except Exception as exc:
        return failure_record(pipeline, item.source, exc)


def failure_record(
    pipeline: Pipeline, source: str, exc: Exception, job: Job | None = None
) -> SummaryRecord:
    """The error record for ``exc``; an exception of ours that is not a SummarizerError is a
    bug, recorded as an internal error rather than the end of the whole batch."""
    if not isinstance(exc, SummarizerError):
        exc = SummarizerError(f"internal error: {type(exc).__name__}: {exc}")
    return pipeline.failed(source, exc, job)


def use_pool(provider: Provider, workers: int, items: int) -> bool:
    """Whether a batch of ``items`` is worth spreading over ``workers`` processes."""
    return provider.cpu_bound and workers > 1 and items >= workers * MIN_ARTICLES_PER_WORKER


@dataclass(frozen=True)
class Outcome:
    """What a worker did with one input."""

    key: str | None  # None: the input could not be read (``record`` says why)
    record: SummaryRecord | None = None
    skipped: bool = False  # already ok in the output under this source and key
    reusable: bool = False  # an ok record with this key exists: the parent copies it


# -- in the worker ------------------------------------------------------------------------------

_worker: dict[str, Any] = {}


def _start_worker(
    parent: int,
    provider: Provider,
    max_bytes: int,
    done: frozenset[tuple[str, str]],
    reusable: frozenset[str],
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    _worker.update(pipeline=Pipeline(provider, max_bytes=max_bytes), done=done, reusable=reusable)


def _exit_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def summarize_in_worker(item: BatchItem, default_date: dt.date | None, force: bool) -> Outcome:
    """Prepare and extract one input in a worker (``force``: even if it could be copied)."""
    pipeline: Pipeline = _worker["pipeline"]
    job = prepare_item(pipeline, item, default_date)
    if isinstance(job, SummaryRecord):
        return Outcome(None, job)
    if (item.source, job.key) in _worker["done"]:
        return Outcome(job.key, skipped=True)
    if job.key in _worker["reusable"] and not force:
        return Outcome(job.key, reusable=True)
    try:
        record = pipeline.run(job)
    except ConfigError:
        raise
    except Exception as exc:
        record = failure_record(pipeline, job.source, exc, job)
    return Outcome(job.key, record)


# -- in the parent ------------------------------------------------------------------------------


class WorkerPool:
    """``workers`` processes summarizing inputs with copies of ``pipeline``'s provider.

    The provider is pickled to each worker once, so a CPU-bound provider must be picklable.
    What the output held at the start (``index``) goes with it, so that workers skip
    finished inputs and leave identical articles to be copied without extracting them.
    """

    def __init__(self, pipeline: Pipeline, workers: int, index: OutputIndex) -> None:
        self._executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(
                os.getpid(),
                pipeline.provider,
                pipeline.max_bytes,
                frozenset(index.done),
                frozenset(index.reusable),
            ),
        )

    async def summarize(
        self, item: BatchItem, default_date: dt.date | None, *, force: bool = False
    ) -> Outcome:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._executor, summarize_in_worker, item, default_date, force
        )

    def close(self) -> None:
        """Stop the workers; inputs not started yet are dropped (their turn is a resume)."""
        self._executor.shutdown(wait=True, cancel_futures=True)


__all__ = [
    "MIN_ARTICLES_PER_WORKER",
    "Outcome",
    "WorkerPool",
    "failure_record",
    "prepare_item",
    "summarize_in_worker",
    "use_pool",
]

"""``summarizer batch --via batch-api``: run the model calls through the OpenAI Batch API.

The provider's batch engine runs the calls on its side within a completion window, at
about half the price and under separate, higher limits; this module only feeds it and
reads it back, resumably (``state``):

1. **scan**: every input is read, cleaned and keyed as in direct mode. Inputs already
   done are skipped; copies of identical articles and unreadable inputs are written at
   once; every other distinct article gets one request line, ``custom_id`` its answer
   key and ``body`` exactly what the direct mode would POST, in request files split at
   the per-file limits of requests and bytes.
2. **submit**: each file is uploaded (purpose ``batch``) and a batch created from it.
3. **wait**: the batches are polled with exponential backoff up to a ceiling.
4. **collect**: when a batch ends, its output and error files are downloaded and each of
   its inputs goes through ``BatchRunner`` with an ``extract`` that answers the direct
   mode's own call from the file (``OpenAIProvider.answering``): the same validation,
   grounding, usage accounting and record. An answer that fails validation or grounding
   is re-asked as instructor re-asks it: by default through the direct mode, within
   ``--max-retries``; with ``reask="batch"`` the re-ask requests (captured, not sent) go
   out as a further batch. Requests that errored or expired are asked again the same
   way; those a cancelled batch never ran are left for the next run.

Records are appended by the one writer, exactly once: a re-run skips what the output
already holds, and the state file says which batches are still to be collected.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import signal
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from summarizer.batch.inputs import BatchItem
from summarizer.batch.output import JsonlWriter, OutputIndex, Span
from summarizer.batch.pool import prepare_item
from summarizer.batch.runner import BatchRunner, BatchStats, format_duration
from summarizer.batch.state import BatchState, Part, PartWriter
from summarizer.config import (
    BATCH_COMPLETION_WINDOW,
    BATCH_MAX_BYTES,
    BATCH_MAX_REQUESTS,
    BATCH_POLL_CEILING_SECONDS,
    BATCH_POLL_SECONDS,
    DEFAULT_CONCURRENCY,
    DEFAULT_MAX_CONSECUTIVE_FAILURES,
)
from summarizer.errors import ConfigError, InputError, ProviderError
from summarizer.pipeline import Job, Pipeline
from summarizer.providers.openai import OpenAIProvider
from summarizer.providers.openai.batch_api import ENDPOINT, BatchClient
from summarizer.records import SummaryRecord
from summarizer.schema import SCHEMA_VERSION

Reask = Literal["direct", "batch"]


@dataclass(frozen=True)
class RemoteOptions:
    """How a Batch API run splits, waits and re-asks."""

    max_requests: int = BATCH_MAX_REQUESTS  # per request file
    max_bytes: int = BATCH_MAX_BYTES  # per request file
    completion_window: str = BATCH_COMPLETION_WINDOW
    poll_seconds: float = BATCH_POLL_SECONDS
    poll_ceiling: float = BATCH_POLL_CEILING_SECONDS
    reask: Reask = "direct"
    concurrency: int = DEFAULT_CONCURRENCY  # answers checked and re-asked at once
    max_consecutive_failures: int = DEFAULT_MAX_CONSECUTIVE_FAILURES


@dataclass
class RemoteStats:
    """What a Batch API run did, for the closing line."""

    records: BatchStats
    batches: dict[str, str] = field(default_factory=dict)  # batch id -> last status
    requests: int = 0  # request lines in this run's batches
    answered: int = 0
    errored: int = 0  # errored, expired or missing from the output
    reasked: int = 0  # inputs that needed a direct call after the batch
    waited_s: float = 0.0
    failed_batches: list[str] = field(default_factory=list)

    def summary_line(self) -> str:
        """Counts, batch ids and statuses, tokens, and time waited."""
        line = self.records.summary_line()
        if not self.batches:
            return line
        batches = ", ".join(f"{b} ({s})" for b, s in self.batches.items())
        return (
            f"{line}; batches {batches}: {self.requests} requests, {self.answered} answered, "
            f"{self.errored} errored or expired, {self.reasked} asked directly; "
            f"waited {format_duration(self.waited_s)}"
        )


def run_config(provider: OpenAIProvider, options: RemoteOptions) -> dict[str, Any]:
    """What the batches of a run depend on: a state made under another is not mixed in."""
    return {
        "provider": provider.name,
        "model": provider.model,
        "prompt_version": provider.prompt_version,
        "schema_version": SCHEMA_VERSION,
        "params": provider.params,
        "base_url": provider.settings.base_url or "https://api.openai.com/v1",
        "endpoint": ENDPOINT,
        "completion_window": options.completion_window,
    }


class _Stopped(Exception):
    """The scan saw a stop request."""


class RemoteBatch:
    """Summarize ``items`` through the Batch API into ``writer`` (see the module doc)."""

    def __init__(
        self,
        pipeline: Pipeline,
        items: Sequence[BatchItem],
        writer: JsonlWriter,
        *,
        index: OutputIndex | None = None,
        reference_date: dt.date | None = None,
        options: RemoteOptions | None = None,
        on_event: Callable[[str], None] | None = None,
        on_status: Callable[[Part], None] | None = None,
        on_update: Callable[[BatchStats], None] | None = None,
    ) -> None:
        if not isinstance(pipeline.provider, OpenAIProvider):
            raise ConfigError(
                f"the Batch API needs the openai provider, not {pipeline.provider.name}"
            )
        self.pipeline = pipeline
        self.provider: OpenAIProvider = pipeline.provider
        self.items = items
        self.writer = writer
        self.index = index or OutputIndex()
        self.reference_date = reference_date
        self.options = options or RemoteOptions()
        self.stats = RemoteStats(BatchStats(total=len(items)))
        self._event = on_event or (lambda _m: None)
        self._status = on_status or (lambda _p: None)
        self._update = on_update
        self._stopping = threading.Event()
        # The answer key each input waits for in a part (None: handled without a batch).
        self._waits_for: list[str | None] = []
        self.state_path = BatchState.path_for(writer.path)
        self.state: BatchState | None = None

    @property
    def client(self) -> BatchClient:
        return BatchClient.of(self.provider)

    # -- the run ------------------------------------------------------------------------

    async def run(self) -> RemoteStats:
        """Scan, submit, wait and collect; returns early if ``stop`` is called."""
        state = self.state = self._open_state()
        self.stats.waited_s = state.waited_s
        immediate, new_parts = await asyncio.to_thread(self._scan, state)
        if new_parts:
            state.parts.extend(new_parts)
            state.save()
        if immediate:
            await self._runner(immediate).run()
        for part in state.active:
            if part.batch_id is None:
                await self._submit(part)
        await self._wait()
        self.stats.records.finished = time.monotonic()
        if not state.active:
            state.remove()
        return self.stats

    def stop(self, signum: int | None = None) -> None:
        """Stop scanning (the caller cancels the task); the batches go on at the provider."""
        if signum is not None and self.stats.records.interrupted is None:
            self.stats.records.interrupted = signum
        self._stopping.set()

    def _open_state(self) -> BatchState:
        config = run_config(self.provider, self.options)
        state = BatchState.load(self.state_path)
        if state is not None and state.active and state.config != config:
            raise InputError(
                "batches made with another configuration are pending for this output ("
                + "; ".join(state.differences(config))
                + "): run with that configuration to collect them, or cancel them with --cancel",
                source=str(self.state_path),
            )
        if state is None or not state.active:
            if state is not None:
                state.remove()
            state = BatchState(self.state_path, config)
        elif state.active:
            self._event(f"resuming the Batch API run in {self.state_path}")
        return state

    def _scan(self, state: BatchState) -> tuple[list[BatchItem], list[Part]]:
        """Key every input; write one request per new distinct article (in a thread)."""
        pending = {k for p in state.active for k in state.key_set(p)}
        writer = self._writer(state)
        immediate: list[BatchItem] = []
        try:
            for item in self.items:
                if self._stopping.is_set():
                    raise _Stopped
                job = prepare_item(self.pipeline, item, self.reference_date)
                key = None if isinstance(job, SummaryRecord) else job.key
                waits = None
                if key is not None and (item.source, key) in self.index.done:
                    self.stats.records.skipped += 1
                elif key is None or key in self.index.reusable:
                    immediate.append(item)  # an error record, or a copy: no call needed
                else:
                    waits = key
                self._waits_for.append(waits)
                if waits is not None and waits not in pending:
                    assert isinstance(job, Job)
                    pending.add(waits)
                    body = self.provider.request_body(
                        job.cleaned, reference_date=job.reference_date
                    )
                    assert body is not None
                    writer.add(waits, body, item.source)
        finally:
            parts = writer.close()
        return immediate, parts

    def _writer(self, state: BatchState, **part: Any) -> PartWriter:
        return PartWriter(state, self.options.max_requests, self.options.max_bytes, **part)

    def _runner(self, items: Sequence[BatchItem], **options: Any) -> BatchRunner:
        return BatchRunner(
            self.pipeline,
            items,
            self.writer,
            index=self.index,
            reference_date=self.reference_date,
            concurrency=self.options.concurrency,
            on_update=self._update,
            max_consecutive_failures=self.options.max_consecutive_failures,
            stats=self.stats.records,
            **options,
        )

    # -- submitting ---------------------------------------------------------------------

    async def _submit(self, part: Part) -> None:
        """Upload a part's file and create its batch, each exactly once."""
        state = self.state
        assert state is not None
        client = self.client
        if part.file_id is None:
            name = state.upload_name(part)
            if part.upload_started is not None:  # a run was stopped while uploading
                part.file_id = await client.find_upload(name, part.upload_started)
            if part.file_id is None:
                part.upload_started = time.time()
                state.save()
                part.file_id = await client.upload(state.file(part, "requests"), name)
            state.save()
            self._event(
                f"uploaded {part.requests} request(s) ({part.bytes:,} bytes) as {part.file_id}"
            )
        if part.batch_id is None:
            metadata = state.metadata(part)
            found = None
            if part.create_started is not None:  # a run was stopped while creating it
                found = await client.find_batch(metadata, part.create_started)
            if found is None:
                part.create_started = time.time()
                state.save()
                found = await client.create(part.file_id, self.options.completion_window, metadata)
            part.update(found)
            state.save()
            self._event(f"created batch {found.id} ({found.status})")
        assert part.batch_id is not None
        self.stats.batches[part.batch_id] = part.status or ""
        self._status(part)

    # -- waiting ------------------------------------------------------------------------

    async def _wait(self) -> None:
        """Poll the batches until every one has ended and been collected."""
        state = self.state
        assert state is not None
        interval = self.options.poll_seconds
        failures = 0
        while state.active:
            started = time.monotonic()
            changed = False
            for part in state.active:
                if part.batch_id is None:
                    await self._submit(part)  # a re-ask round from an interrupted collection
                if part.ended:
                    continue
                try:
                    changed |= part.update(await self.client.retrieve(part.batch_id or ""))
                    failures = 0
                except ConfigError:
                    raise
                except ProviderError as exc:
                    # The batch goes on at the provider whatever our network does.
                    failures += 1
                    if failures >= self.options.max_consecutive_failures:
                        raise
                    self._event(f"warning: {exc}; trying again")
                self.stats.batches[part.batch_id or ""] = part.status or ""
                self._status(part)
            if changed:
                state.save()
            ended = [p for p in state.active if p.ended]
            if len(ended) < len(state.active):
                interval = self.options.poll_seconds if changed else interval
                await asyncio.sleep(interval)
                interval = min(interval * 2, self.options.poll_ceiling)
            state.waited_s += time.monotonic() - started
            self.stats.waited_s = state.waited_s
            for part in ended:
                await self._collect(part)
                interval = self.options.poll_seconds  # a re-ask batch may have started

    # -- collecting ---------------------------------------------------------------------

    async def _collect(self, part: Part) -> None:
        state = self.state
        assert state is not None
        self._event(
            f"batch {part.batch_id} {part.status}: {part.completed} of {part.total} "
            f"request(s) done, {part.failed} failed"
        )
        if part.status == "failed":
            reasons = "; ".join(part.errors) or "no reason given"
            self.stats.failed_batches.append(f"{part.batch_id}: {reasons}")
            part.collected = True
            state.save()
            return
        await self._download(part)
        answers, broken = state.results(part)
        if broken:
            self._event(
                f"warning: {broken} line(s) of batch {part.batch_id}'s results are not valid "
                "results; their articles are asked again"
            )
        self.stats.requests += part.requests
        self.stats.answered += sum(1 for v in answers.values() if isinstance(v, Span))
        self.stats.errored += part.requests - sum(
            1 for v in answers.values() if isinstance(v, Span)
        )
        keys = state.key_set(part)
        waiting = [(i, k) for i, k in zip(self.items, self._waits_for, strict=True) if k in keys]
        follow = None
        if self.options.reask == "batch":
            after = [*part.after, part.number]
            follow = self._writer(state, round=part.round + 1, after=after)

        async def extract(job: Job) -> SummaryRecord | None:
            return await self._answer(part, answers, follow, job)

        await self._runner([item for item, _ in waiting], extract=extract).run()
        new_parts = []
        if follow is not None:
            new_parts = follow.close()
            # Sent again, not left undone: their records come with the next batch.
            self.stats.records.pending -= sum(1 for _, key in waiting if key in follow.keys)
        state.parts.extend(new_parts)
        part.collected = True
        state.save()
        for new in new_parts:
            self._event(f"sending {new.requests} re-ask(s) as a further batch")
            await self._submit(new)

    async def _download(self, part: Part) -> None:
        state = self.state
        assert state is not None
        for kind, file_id in (("output", part.output_file_id), ("errors", part.error_file_id)):
            target = state.file(part, kind)
            if file_id is not None and not target.exists():
                await self.client.download(file_id, target)

    async def _answer(
        self, part: Part, answers: dict[str, Span | str], follow: PartWriter | None, job: Job
    ) -> SummaryRecord | None:
        """The record of one input from its batch answer (None: left for a later batch)."""
        assert self.state is not None
        history, errors = self.state.history(part, job.key)
        entry = answers.get(job.key)
        answered = isinstance(entry, Span)
        if isinstance(entry, Span):
            history.append(self.state.answer(part, entry))
        elif part.status == "cancelled":
            return None  # never ran: the next run sends it again
        if follow is not None:
            # Re-asks as a further batch: what the direct mode would send next, captured;
            # a request that errored is sent again, as often as a re-ask would be.
            if answered or errors < self.provider.settings.max_reasks:
                body = self.provider.request_body(
                    job.cleaned, reference_date=job.reference_date, answers=history
                )
                if body is not None:
                    follow.add(job.key, body, job.source)
                    return None
            if not answered:
                why = entry or "missing from the batch's results"
                return self.pipeline.failed(
                    job.source, ProviderError(f"the batch request failed: {why}"), job
                )
        with self.provider.answering(history):
            record = await self.pipeline.arun(job)
        if record.usage.calls > len(history):
            self.stats.reasked += 1
        return record

    # -- cancelling ---------------------------------------------------------------------

    async def cancel(self) -> list[Part]:
        """Cancel every batch still running; parts never submitted are dropped."""
        state = BatchState.load(self.state_path)
        if state is None or not state.active:
            raise InputError(
                "no Batch API run is pending for this output", source=str(self.state_path)
            )
        self.state = state
        cancelled = []
        for part in state.active:
            if part.batch_id is None:
                part.collected = True  # never created: nothing ran, nothing to collect
                continue
            if not part.ended:
                part.update(await self.client.cancel(part.batch_id))
                part.cancel_requested = True
                cancelled.append(part)
            state.save()
        if state.active:
            state.save()
        else:
            state.remove()
        return cancelled


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def run_remote(remote: RemoteBatch, *, cancel: bool = False) -> RemoteStats | list[Part]:
    """Run (or cancel) to the end, or until SIGINT/SIGTERM (``stats.records.interrupted``)."""

    async def main() -> RemoteStats | list[Part]:
        loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        assert task is not None
        installed: list[int] = []

        def on_signal(signum: int) -> None:
            for number in installed:
                loop.remove_signal_handler(number)
            remote.stop(signum)
            task.cancel()

        for sig in STOP_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, on_signal, sig)
                installed.append(sig)
        try:
            return await (remote.cancel() if cancel else remote.run())
        except asyncio.CancelledError:
            if remote.stats.records.interrupted is None:
                raise
            return remote.stats
        finally:
            for number in installed:
                loop.remove_signal_handler(number)
            await remote.provider.aclose()

    return asyncio.run(main())


__all__ = [
    "RemoteBatch",
    "RemoteOptions",
    "RemoteStats",
    "run_config",
    "run_remote",
]

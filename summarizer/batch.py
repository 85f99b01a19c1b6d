"""Batch mode: many articles to append-only JSON Lines, concurrently and resumably.

The pieces, in the order a run uses them:

- ``discover_inputs``: files, directories (recursive), globs and JSONL manifests of
  ``{id, text | html | path}`` items, turned into ``BatchItem``s; a bad manifest is a usage
  error naming the file and line, before any work starts.
- ``OutputIndex.load``: what an earlier run already wrote to the output file. The newest
  record for an input wins; an unfinished last line (a killed run) is ignored.
- ``JsonlWriter``: the single writer. Each record is one ``write()`` of its full line on an
  ``O_APPEND`` descriptor, so a kill leaves at most one partial line, never a torn record in
  the middle; ``close`` fsyncs.
- ``BatchRunner``: an asyncio pool over ``Pipeline.arun``. Each input is read and cleaned
  first (cheap) so its content id is known before deciding whether to spend a model call;
  the cleaned article is handed on, so it is cleaned once.

Resume and duplicates: a result is keyed by ``ResumeKey``, the content id of the cleaned
text plus the provenance that can change the answer (provider, model, prompt version,
schema version, reference date). An input whose newest record, under its source name and
key, is ok is skipped. Otherwise, when an ok record with the same key exists (an identical
article under another name, in this run or an earlier one), the input gets its own record
copied from it with ``usage.cached`` true and no call; identical articles in flight at the
same time wait for the first one. So duplicates cost one call, and every input still has a
record under its own ``source``. Failed inputs are retried on the next run.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import glob
import json
import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)

from .clean import CleanedArticle, clean_article
from .exceptions import ConfigError, InputError, SummarizerError
from .ingest import RawArticle
from .pipeline import Pipeline, reference_date_for
from .records import Provenance, SummaryRecord, Usage, content_id, error_record

ARTICLE_SUFFIXES = frozenset({".txt", ".html", ".htm", ".md"})
MANIFEST_SUFFIX = ".jsonl"
DEFAULT_CONCURRENCY = 8
# Articles read and cleaned ahead of a free call slot. Cleaning takes milliseconds and a
# call seconds, so a few are enough; more would only delay the first calls of a run,
# which wait behind all the cleaning started before them.
READ_AHEAD = 4
_ITEM_FIELDS = ("text", "html", "path")
_GLOB_CHARS = frozenset("*?[")


# -- inputs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchItem:
    """One article to summarize: a file to read, or a manifest line holding its text."""

    source: str  # the record's ``source``: the path as found, or the manifest item's id
    path: Path | None = None
    manifest: Path | None = None  # text/html items are read back from here when their turn
    offset: int = 0  # comes, so a large manifest is never held in memory
    length: int = 0
    line: int = 0


def discover_inputs(
    args: Sequence[str], *, warn: Callable[[str], None] | None = None
) -> list[BatchItem]:
    """Expand command-line inputs into batch items, in the order given.

    A directory is walked recursively for .txt, .html, .htm and .md files (hidden names
    skipped); a pattern the shell did not expand is globbed here; a ``.jsonl`` file is a
    manifest. A path that does not exist stays an item, so it becomes an error record.
    Raises InputError (a usage error) for a manifest that cannot be read or parsed.
    """
    items: list[BatchItem] = []
    seen: set[str] = set()

    def add_file(path: Path, source: str | None = None) -> None:
        real = os.path.realpath(path)
        if real in seen:  # the same file through a directory and a glob, say
            return
        seen.add(real)
        if path.suffix.lower() == MANIFEST_SUFFIX:
            items.extend(read_manifest(path))
        else:
            items.append(BatchItem(source=source or str(path), path=path))

    for arg in args:
        path = Path(arg)
        if path.is_dir():
            found = _walk(path)
            if not found and warn:
                warn(f"{arg}: no .txt, .html, .htm or .md files in this directory")
            for file in found:
                add_file(file)
        elif not path.exists() and _GLOB_CHARS & set(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches and warn:
                warn(f"{arg}: no files match this pattern")
            for match in matches:
                found_path = Path(match)
                for file in _walk(found_path) if found_path.is_dir() else [found_path]:
                    add_file(file)
        else:
            add_file(path, arg)
    return items


def _walk(root: Path) -> list[Path]:
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and Path(name).suffix.lower() in ARTICLE_SUFFIXES:
                files.append(Path(dirpath, name))
    return files


def read_manifest(path: Path) -> list[BatchItem]:
    """Parse a JSONL manifest of ``{"id", "text" | "html" | "path"}`` items.

    ``path`` items are relative to the manifest's folder. An item without ``id`` is named
    by its path, or ``MANIFEST:LINE``. Any bad line is an InputError naming the line.
    """
    items = []
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read the manifest: {exc.strerror}", source=str(path)) from None
    with handle:
        offset = 0
        for number, line in enumerate(handle, 1):
            start, offset = offset, offset + len(line)
            if not line.strip():
                continue
            item = _manifest_item(line, path, number)
            if isinstance(item, Path):
                items.append(BatchItem(source=_item_id(line) or str(item), path=item))
            else:
                items.append(
                    BatchItem(
                        source=item, manifest=path, offset=start, length=len(line), line=number
                    )
                )
    return items


def _manifest_item(line: bytes, manifest: Path, number: int) -> Path | str:
    """A path item's file, or a text/html item's source name."""

    def bad(reason: str) -> InputError:
        return InputError(f"line {number}: {reason}", source=str(manifest))

    try:
        obj = json.loads(line)
    except ValueError as exc:
        raise bad(f"not valid JSON ({exc})") from None
    if not isinstance(obj, dict):
        raise bad('an item must be a JSON object like {"id": ..., "text": ...}')
    given = [key for key in _ITEM_FIELDS if obj.get(key) is not None]
    if len(given) != 1:
        raise bad('an item needs exactly one of "text", "html" or "path"')
    value = obj[given[0]]
    if not isinstance(value, str):
        raise bad(f'"{given[0]}" must be a string')
    ident = obj.get("id")
    if ident is not None and (not isinstance(ident, str | int) or isinstance(ident, bool)):
        raise bad('"id" must be a string or an integer')
    if given[0] == "path":
        return manifest.parent / value
    return str(ident) if ident is not None else f"{manifest}:{number}"


def _item_id(line: bytes) -> str | None:
    ident = json.loads(line).get("id")
    return None if ident is None else str(ident)


def _manifest_text(item: BatchItem) -> bytes:
    """Read a text/html item back from its manifest line (validated at discovery)."""
    assert item.manifest is not None
    try:
        with item.manifest.open("rb") as handle:
            handle.seek(item.offset)
            obj = json.loads(handle.read(item.length))
        text = obj.get("text") if obj.get("text") is not None else obj["html"]
    except (OSError, ValueError, KeyError, AttributeError):
        raise InputError(
            f"{item.manifest} line {item.line} changed during the batch", source=item.source
        ) from None
    return str(text).encode("utf-8")


# -- what was already written ---------------------------------------------------------------


class ResumeKey(NamedTuple):
    """Everything that can change a result: the cleaned text and the provenance."""

    id: str
    provider: str
    model: str | None
    prompt_version: str | None
    schema_version: int
    reference_date: str | None

    @classmethod
    def of(cls, text_id: str, provenance: Provenance) -> ResumeKey:
        return cls(
            text_id,
            provenance.provider,
            provenance.model,
            provenance.prompt_version,
            provenance.schema_version,
            provenance.reference_date,
        )


class Span(NamedTuple):
    """Where a record's line sits in the output file."""

    offset: int
    length: int


@dataclass
class OutputIndex:
    """What the output file already holds, for resume."""

    done: set[tuple[str, ResumeKey]] = field(default_factory=set)  # (source, key), newest ok
    reusable: dict[ResumeKey, Span] = field(default_factory=dict)  # newest ok record per key
    records: int = 0
    failed: int = 0  # (source, key) pairs whose newest record is an error
    ignored_lines: list[int] = field(default_factory=list)  # partial writes, skipped

    @classmethod
    def load(cls, path: Path) -> OutputIndex:
        """Scan an existing output file; a missing one is empty.

        A line that starts like a JSON object but does not parse is an interrupted write
        and is ignored (its input is redone). Any other line that is not a SummaryRecord
        means the file is not a batch output: InputError, so nothing is appended to it.
        """
        index = cls()
        newest: dict[tuple[str, ResumeKey], bool] = {}
        try:
            handle = path.open("rb")
        except FileNotFoundError:
            return index
        except OSError as exc:
            raise InputError(f"cannot read the output: {exc.strerror}", source=str(path)) from None
        with handle:
            offset = 0
            for number, line in enumerate(handle, 1):
                span = Span(offset, len(line))
                offset += len(line)
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except ValueError:
                    if line.lstrip().startswith(b"{"):
                        index.ignored_lines.append(number)
                        continue
                    obj = None
                entry = _record_entry(obj)
                if entry is None:
                    raise InputError(
                        f"line {number} is not a summary record; refusing to append to a file "
                        "that summarizer batch did not write",
                        source=str(path),
                    )
                source, key, ok = entry
                index.records += 1
                newest[(source, key)] = ok
                if ok:
                    index.reusable[key] = span
        index.done = {pair for pair, ok in newest.items() if ok}
        index.failed = len(newest) - len(index.done)
        return index


def _record_entry(obj: Any) -> tuple[str, ResumeKey, bool] | None:
    if not isinstance(obj, dict):
        return None
    prov = obj.get("provenance")
    if not (
        isinstance(obj.get("id"), str)
        and isinstance(obj.get("source"), str)
        and isinstance(prov, dict)
        and isinstance(prov.get("provider"), str)
    ):
        return None
    key = ResumeKey(
        obj["id"],
        prov["provider"],
        prov.get("model"),
        prov.get("prompt_version"),
        prov.get("schema_version", 0),
        prov.get("reference_date"),
    )
    ok = obj.get("error") is None and obj.get("result") is not None
    return obj["source"], key, ok


# -- the writer -------------------------------------------------------------------------------


class JsonlWriter:
    """The one writer of an output file: whole lines, appended, flushed as they come.

    It holds an exclusive lock on the file, so two batches cannot interleave in it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as exc:
            raise InputError(f"cannot write the output: {exc.strerror}", source=str(path)) from None
        try:
            _lock(self._fd, path)
            self._size = os.fstat(self._fd).st_size
        except BaseException:
            os.close(self._fd)
            raise
        self.written = 0

    def start_fresh_line(self) -> None:
        """After a killed run's partial last line, make the next record start a new line."""
        if self._size and os.pread(self._fd, 1, self._size - 1) != b"\n":
            self._write(b"\n")

    def write(self, record: SummaryRecord) -> Span:
        """Append one record as one line; returns where it went."""
        span = Span(self._size, 0)
        data = (record.to_json() + "\n").encode("utf-8")
        self._write(data)
        self.written += 1
        return span._replace(length=len(data))

    def read(self, span: Span) -> bytes:
        return os.pread(self._fd, span.length, span.offset)

    def _write(self, data: bytes) -> None:
        # One write() call for the line; the loop only matters if the kernel takes less.
        view = memoryview(data)
        while view:
            done = os.write(self._fd, view)
            view = view[done:]
        self._size += len(data)

    def close(self) -> None:
        if self._fd < 0:
            return
        try:
            os.fsync(self._fd)
        finally:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> JsonlWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _lock(fd: int, path: Path) -> None:
    try:
        import fcntl
    except ImportError:  # no advisory locks on this platform; rely on the user
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise InputError(
            "another summarizer batch is writing to this file", source=str(path)
        ) from None


# -- pacing -------------------------------------------------------------------------------------


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
    cached: int = 0  # records copied from an identical article: no call
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    interrupted: int | None = None  # the signal that stopped the run

    @property
    def done(self) -> int:
        return self.ok + self.failed + self.skipped

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
        return (
            f"{self.total} inputs: {', '.join(parts)}; {self.calls} model calls, "
            f"{self.tokens:,} tokens; {_duration(self.wall_s)}, {self.per_minute:.1f} articles/min"
        )


def _duration(seconds: float) -> str:
    minutes, secs = divmod(seconds, 60)
    if minutes >= 60:
        return f"{int(minutes // 60)}h{int(minutes % 60):02d}m{int(secs):02d}s"
    if minutes:
        return f"{int(minutes)}m{int(secs):02d}s"
    return f"{secs:.1f}s"


@dataclass
class _Prepared:
    raw: RawArticle
    cleaned: CleanedArticle
    provenance: Provenance
    key: ResumeKey


class BatchRunner:
    """Summarize ``items`` with ``pipeline`` into ``writer``, ``concurrency`` calls at a time.

    Records are written in the order they finish. ``on_update`` is called after every
    input, for a progress display. A ConfigError (no key, 401/403) stops the whole run
    and is raised: it would fail every other article the same way.
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
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.pipeline = pipeline
        self.items = items
        self.writer = writer
        self.index = index or OutputIndex()
        self.reference_date = reference_date
        self.concurrency = concurrency
        self.stats = BatchStats(total=len(items))
        self._on_update = on_update
        self._limiter = RateLimiter(rpm) if rpm else None
        self._semaphore = asyncio.Semaphore(concurrency)
        # Identical articles being extracted right now: the sources waiting for a copy.
        self._in_flight: dict[ResumeKey, list[str]] = {}
        self._workers: list[asyncio.Task[None]] = []
        self._fatal: BaseException | None = None

    async def run(self) -> BatchStats:
        """Process every item; returns early (``stats.interrupted``) after ``stop``."""
        self.stats.started = time.monotonic()
        queue = iter(self.items)
        # A few more workers than call slots, so the next articles are read and cleaned
        # while the slots are busy; the semaphore bounds the model calls.
        count = min(len(self.items), self.concurrency + READ_AHEAD) or 1
        self._workers = [asyncio.create_task(self._work(queue)) for _ in range(count)]
        try:
            await asyncio.wait(self._workers)
        except asyncio.CancelledError:
            self.stop()
            await asyncio.wait(self._workers)
            raise
        finally:
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
        prepared = await asyncio.to_thread(self._prepare, item)
        if isinstance(prepared, SummaryRecord):
            self._emit(prepared)
            return
        key = prepared.key
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
            record = await self._extract(prepared)
        except BaseException:
            self._in_flight.pop(key, None)
            raise
        followers = self._in_flight.pop(key)
        self._emit(record, key)
        for source in followers:
            self._emit(_copy(record, source))
            if self._on_update:
                self._on_update(self.stats)

    def _prepare(self, item: BatchItem) -> _Prepared | SummaryRecord:
        """Read and clean one input (in a worker thread) to learn its content id."""
        try:
            if item.path is not None:
                raw = self.pipeline.read(item.path)
                if raw.source != item.source:
                    raw = dataclasses.replace(raw, source=item.source)
            else:
                raw = self.pipeline.decode(_manifest_text(item), item.source)
            cleaned = clean_article(raw)
        except SummarizerError as exc:
            exc.source = exc.source or item.source
            return error_record(item.source, exc, self.pipeline.provenance(self.reference_date))
        except Exception as exc:
            return self._internal_error(item.source, exc)
        provenance = self.pipeline.provenance(reference_date_for(cleaned, self.reference_date))
        key = ResumeKey.of(content_id(cleaned.text), provenance)
        return _Prepared(raw, cleaned, provenance, key)

    async def _extract(self, prepared: _Prepared) -> SummaryRecord:
        async with self._semaphore:
            if self._limiter is not None:
                await self._limiter.wait()
            try:
                return await self.pipeline.arun(
                    prepared.raw, self.reference_date, cleaned=prepared.cleaned
                )
            except ConfigError:
                raise
            except SummarizerError as exc:
                return error_record(
                    prepared.raw.source, exc, prepared.provenance, text_id=prepared.key.id
                )
            except Exception as exc:
                return self._internal_error(prepared.raw.source, exc, prepared)

    def _reused(self, key: ResumeKey, source: str) -> SummaryRecord | None:
        span = self.index.reusable.get(key)
        if span is None:
            return None
        try:
            record = SummaryRecord.model_validate_json(self.writer.read(span))
        except ValueError:  # an older record shape: extract again instead
            return None
        return _copy(record, source)

    def _emit(self, record: SummaryRecord, key: ResumeKey | None = None) -> None:
        span = self.writer.write(record)
        self.stats.add(record)
        if key is not None:
            # This run's outcome, ok or not, is what later identical articles copy.
            self.index.reusable[key] = span

    def _internal_error(
        self, source: str, exc: Exception, prepared: _Prepared | None = None
    ) -> SummaryRecord:
        error = SummarizerError(f"internal error: {type(exc).__name__}: {exc}", source=source)
        provenance = (
            prepared.provenance if prepared else self.pipeline.provenance(self.reference_date)
        )
        return error_record(source, error, provenance, text_id=prepared.key.id if prepared else "")


def _copy(record: SummaryRecord, source: str) -> SummaryRecord:
    """An identical article's record under another source: no call, ``usage.cached``."""
    return record.model_copy(update={"source": source, "usage": Usage(cached=True)})


class BatchProgress:
    """A rich progress bar on stderr: done, failed, cached, tokens, rate, ETA.

    Shown only when ``enabled`` (the command passes: stderr is a terminal and not --quiet).
    """

    def __init__(self, total: int, *, enabled: bool, console: Console | None = None) -> None:
        self.enabled = enabled
        self.console = console or Console(stderr=True, highlight=False)
        self._progress = Progress(
            TextColumn("[bold]batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("[red]{task.fields[failed]} failed"),
            TextColumn("{task.fields[cached]} cached"),
            TextColumn("{task.fields[tokens]} tokens"),
            TextColumn("{task.fields[rate]}/min"),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=self.console,
            disable=not enabled,
            transient=False,
        )
        self._task = self._progress.add_task(
            "batch", total=total, failed=0, cached=0, tokens=0, rate="0.0"
        )

    def update(self, stats: BatchStats) -> None:
        self._progress.update(
            self._task,
            completed=stats.done,
            failed=stats.failed,
            cached=stats.cached,
            tokens=f"{stats.tokens:,}",
            rate=f"{stats.per_minute:.1f}",
        )

    def __enter__(self) -> BatchProgress:
        if self.enabled:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self._progress.stop()


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def run_batch(runner: BatchRunner) -> BatchStats:
    """Run to the end, or until SIGINT/SIGTERM (``stats.interrupted`` says which).

    A second signal gets the default behaviour, so a stuck shutdown can still be killed.
    """

    async def main() -> BatchStats:
        loop = asyncio.get_running_loop()
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
            aclose = getattr(runner.pipeline.provider, "aclose", None)
            if aclose is not None:
                await aclose()

    return asyncio.run(main())


__all__ = [
    "ARTICLE_SUFFIXES",
    "DEFAULT_CONCURRENCY",
    "BatchItem",
    "BatchProgress",
    "BatchRunner",
    "BatchStats",
    "JsonlWriter",
    "OutputIndex",
    "RateLimiter",
    "ResumeKey",
    "Span",
    "discover_inputs",
    "read_manifest",
    "run_batch",
]

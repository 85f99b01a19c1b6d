"""The batch progress bars on stderr: done, failed, cached, tokens, rate, ETA; and the
Batch API's batches with their status and request counts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Self

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

from summarizer.batch.runner import BatchStats

if TYPE_CHECKING:
    from summarizer.batch.state import Part


class _Bars:
    """Rich progress bars on stderr, started and stopped only when enabled."""

    enabled: bool
    _progress: Progress

    def __enter__(self) -> Self:
        if self.enabled:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self._progress.stop()


class BatchProgress(_Bars):
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


class RemoteProgress(_Bars):
    """The Batch API's display on stderr: one bar per batch (its status and request counts)
    and one for the records written as the batches are collected.

    Drawn only when ``enabled`` (stderr is a terminal and not --quiet); the step lines
    (uploaded, created, ended) go through ``note`` either way.
    """

    def __init__(self, total: int, *, enabled: bool, console: Console | None = None) -> None:
        self.enabled = enabled
        self.console = console or Console(stderr=True, highlight=False)
        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            TextColumn("{task.fields[status]}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("[red]{task.fields[failed]} failed"),
            TextColumn("{task.fields[extra]}"),
            console=self.console,
            disable=not enabled,
            transient=False,
        )
        self._records = self._progress.add_task(
            "records", total=total, status="", failed=0, extra="", visible=False
        )
        self._batches: dict[str, TaskID] = {}

    def note(self, message: str, info: Callable[[str], None]) -> None:
        """A step line: printed above the bars when they are drawn, else through ``info``."""
        if self.enabled:
            self._progress.console.print(message, markup=False, highlight=False)
        else:
            info(message)

    def status(self, part: Part) -> None:
        """A batch's status and request counts, as last retrieved."""
        if not part.batch_id:
            return
        task = self._batches.get(part.batch_id)
        if task is None:
            task = self._progress.add_task(part.batch_id, status="", failed=0, extra="")
            self._batches[part.batch_id] = task
        self._progress.update(
            task,
            completed=part.completed + part.failed,
            total=part.total or part.requests or None,
            status=part.status or "",
            failed=part.failed,
        )

    def update(self, stats: BatchStats) -> None:
        """The records written so far."""
        self._progress.update(
            self._records,
            completed=stats.done,
            failed=stats.failed,
            extra=f"{stats.tokens:,} tokens",
            visible=True,
        )


__all__ = ["BatchProgress", "RemoteProgress"]

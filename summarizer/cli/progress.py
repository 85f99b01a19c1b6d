"""The batch progress bar on stderr: done, failed, cached, tokens, rate, ETA."""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)

from summarizer.batch.runner import BatchStats


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


__all__ = ["BatchProgress"]

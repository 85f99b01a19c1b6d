"""Small helpers the benchmarks share: percentiles, stage clocks, tables, machine facts."""

from __future__ import annotations

import os
import platform
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib import metadata
from typing import Any

PACKAGES = ("summarizer", "openai", "instructor", "pydantic", "httpx2", "trafilatura")


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100), linearly interpolated between ranks."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float:
    return percentile(values, 50)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}"


class StageClock:
    """Times named stages by wrapping functions in place, per article.

    ``wrap(owner, "name", "stage")`` replaces ``owner.name`` with a timed wrapper that adds
    its duration to the current article's ``stage``; ``restore`` undoes every wrap. Nested
    stages are each timed in full (the caller subtracts what it wants to exclude).
    """

    def __init__(self) -> None:
        self.current: dict[str, float] = defaultdict(float)
        self.articles: list[dict[str, float]] = []
        self._undo: list[Callable[[], None]] = []

    def wrap(self, owner: Any, name: str, stage: str, *, classmethod_: bool = False) -> None:
        had_own = name in vars(owner) if isinstance(owner, type) else name in owner.__dict__
        original = getattr(owner, name)
        current = self.current

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                current[stage] += time.perf_counter() - started

        if classmethod_:
            # ``original`` is already bound to ``owner``; rebind to the calling class.
            func = vars(owner)[name].__func__ if had_own else original.__func__

            def timed_cls(cls: Any, *args: Any, **kwargs: Any) -> Any:
                started = time.perf_counter()
                try:
                    return func(cls, *args, **kwargs)
                finally:
                    current[stage] += time.perf_counter() - started

            setattr(owner, name, classmethod(timed_cls))
        else:
            setattr(owner, name, timed)
        saved = vars(owner)[name] if had_own and isinstance(owner, type) else original
        if had_own:
            self.on_restore(lambda: setattr(owner, name, saved))
        else:
            self.on_restore(lambda: delattr(owner, name))

    def on_restore(self, undo: Callable[[], None]) -> None:
        """Run ``undo`` in ``restore`` (last registered, first run)."""
        self._undo.append(undo)

    def add(self, stage: str, seconds: float) -> None:
        self.current[stage] += seconds

    def next_article(self) -> dict[str, float]:
        """Close the current article's timings and start a new one."""
        done = dict(self.current)
        self.articles.append(done)
        self.current.clear()
        return done

    def discard(self) -> None:
        self.current.clear()

    def restore(self) -> None:
        while self._undo:
            self._undo.pop()()


@contextmanager
def timer() -> Iterator[Callable[[], float]]:
    """``with timer() as elapsed: ...; elapsed()`` in seconds (wall clock)."""
    started = time.perf_counter()
    end: list[float] = []
    yield lambda: (end[0] if end else time.perf_counter()) - started
    end.append(time.perf_counter())


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    """The facts a reader needs to compare figures: CPU, memory, Python, package versions."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            names = [line.split(":", 1)[1].strip() for line in f if line.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    memory = None
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f"{pages / 2**30:.0f} GiB"
    except (ValueError, OSError, AttributeError):
        pass
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "-"
    try:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "-"
    return {
        "cpu": cpu,
        "load": load,
        "cores": os.cpu_count(),
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": sys.version.split()[0],
        "packages": versions,
    }


__all__ = ["StageClock", "machine", "median", "ms", "percentile", "table", "timer"]

"""Concurrency efficiency: batch mode against a model that takes a fixed time to answer.

The scripted server (in its own process) answers every request after ``delay`` seconds.
``N`` distinct articles go through the batch runner (``summarizer batch``'s code: asyncio,
AsyncOpenAI, instructor, JSON Lines writer) at concurrency ``C``. With no overhead at all
the run would take ``N x delay / C``; efficiency is that ideal divided by the measured wall
time (1.0 is perfect). CPU is this process's CPU time per article (all threads); "first
call" is when the server received the run's first request, which shows the start-up of a
run: every worker reads, cleans and builds its first request before the event loop gets to
send any of them.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from summarizer.batch import BatchRunner, JsonlWriter, discover_inputs, run_batch
from summarizer.config import Settings
from summarizer.pipeline import Pipeline
from summarizer.providers.openai import OpenAIProvider

from ._corpus import answers, check_copies, write_copies
from ._server import ServerProcess
from ._util import table

LEVELS = (1, 8, 32, 64)
WARM_UP = 8


def articles_for(concurrency: int, waves: int) -> int:
    """N for a level: ``waves`` full rounds of C calls (at least 4 articles)."""
    return max(4, waves * concurrency)


def run(*, delay: float, waves: int, levels: tuple[int, ...] = LEVELS) -> dict[str, Any]:
    """Measure each concurrency level; ``waves`` rounds of C articles each (C=1: 4 articles)."""
    most = max(articles_for(c, waves) for c in levels)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-concurrency-") as tmp:
        copies = write_copies(Path(tmp) / "articles", most + WARM_UP)
        check_copies(copies)
        warm_up, copies = copies[:WARM_UP], copies[WARM_UP:]
        with ServerProcess(answers(), delay=delay) as server:
            # Untimed: the first async call in a process imports and initialises a lot.
            _level(server, [c.path for c in warm_up], WARM_UP, delay, tmp)
            for concurrency in levels:
                count = articles_for(concurrency, waves) if concurrency > 1 else 4
                rows.append(
                    _level(server, [c.path for c in copies[:count]], concurrency, delay, tmp)
                )
    return {"delay_s": delay, "waves": waves, "levels": rows}


def _level(
    server: ServerProcess, paths: list[Path], concurrency: int, delay: float, tmp: str
) -> dict[str, Any]:
    server.reset()
    settings = Settings(provider="openai", base_url=server.base_url, model="bench", timeout=60)
    pipeline = Pipeline(OpenAIProvider(settings))
    output = Path(tmp) / f"out-{concurrency}-{len(paths)}.jsonl"
    items = discover_inputs([str(p) for p in paths])
    with JsonlWriter(output) as writer:
        runner = BatchRunner(pipeline, items, writer, concurrency=concurrency)
        cpu, started = time.process_time(), time.monotonic()
        stats = run_batch(runner)
        cpu = time.process_time() - cpu
    # The server stamps requests with the same system-wide monotonic clock.
    first = min(server.received(), default=started) - started
    ideal = len(paths) * delay / concurrency
    return {
        "concurrency": concurrency,
        "articles": len(paths),
        "ok": stats.ok,
        "calls": server.calls,
        "ideal_s": ideal,
        "wall_s": stats.wall_s,
        "efficiency": ideal / stats.wall_s,
        "first_call_s": first,
        "cpu_ms_per_article": cpu / len(paths) * 1000,
    }


def report(result: dict[str, Any]) -> str:
    rows = [
        [
            r["concurrency"],
            r["articles"],
            f"{r['ok']}/{r['articles']}",
            r["calls"],
            f"{r['ideal_s']:.2f}",
            f"{r['wall_s']:.2f}",
            f"**{r['efficiency']:.2f}**",
            f"{r['first_call_s']:.2f}",
            f"{r['cpu_ms_per_article']:.1f}",
        ]
        for r in result["levels"]
    ]
    head = (
        f"Server delay {result['delay_s']} s per request; N = {result['waves']} x C "
        "articles (4 at C = 1); efficiency = (N x delay / C) / wall time. First call: when "
        "the server received the run's first request. CPU: this process, all threads."
    )
    return (
        head
        + "\n\n"
        + table(
            [
                "C",
                "N",
                "ok",
                "calls",
                "ideal s",
                "wall s",
                "efficiency",
                "first call at s",
                "CPU ms/article",
            ],
            rows,
        )
    )


__all__ = ["LEVELS", "report", "run"]

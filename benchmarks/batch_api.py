"""The Batch API on our side: preparing the request file, and collecting the answers.

``RemoteBatch`` (``summarizer batch --via batch-api``'s code) over N distinct articles
against the scripted server in its own process, which runs a batch's requests when it is
retrieved for the last time. Its step lines are timed as they come:

- prepare: from the start to the upload of the request file: every article read, cleaned
  and keyed, and its request built by the direct mode's own code and captured unsent;
- collect: from the batch's end to the last record: the output downloaded, and every
  answer validated, grounded and written as the direct mode would.

The wait in between is the provider's, not ours, and is not reported.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from summarizer.batch import JsonlWriter, discover_inputs
from summarizer.batch.remote import RemoteBatch, RemoteOptions, RemoteStats, run_remote
from summarizer.config import Settings
from summarizer.pipeline import Pipeline
from summarizer.providers.openai import OpenAIProvider

from ._corpus import answers, write_copies
from ._server import ServerProcess
from ._util import table


def run(*, articles: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-batch-api-") as tmp:
        copies = write_copies(Path(tmp) / "articles", articles)
        items = discover_inputs([str(c.path) for c in copies])
        with ServerProcess(answers()) as server:
            provider = OpenAIProvider(
                Settings(provider="openai", base_url=server.base_url, model="bench")
            )
            marks: dict[str, float] = {}

            def mark(message: str) -> None:
                for step in ("uploaded", "completed"):
                    if step in message and step not in marks:
                        marks[step] = time.perf_counter()

            with JsonlWriter(Path(tmp) / "out.jsonl") as writer:
                batch = RemoteBatch(
                    Pipeline(provider),
                    items,
                    writer,
                    options=RemoteOptions(poll_seconds=0.05, poll_ceiling=0.05),
                    on_event=mark,
                )
                started = time.perf_counter()
                stats = run_remote(batch)
                ended = time.perf_counter()
    assert isinstance(stats, RemoteStats)
    return {
        "articles": articles,
        "ok": stats.records.ok,
        "calls": stats.records.calls,
        "prepare_s": marks["uploaded"] - started,
        "collect_s": ended - marks["completed"],
    }


def report(result: dict[str, Any]) -> str:
    n = result["articles"]
    rows = [
        [step, f"{result[key]:.1f}", f"{result[key] / n * 1000:.1f}", _per_100k(result[key] / n)]
        for step, key in (
            ("prepare (read, clean, build requests)", "prepare_s"),
            ("collect (validate, ground, write)", "collect_s"),
        )
    ]
    return (
        f"{n:,} distinct articles; {result['ok']:,} records ok, {result['calls']:,} model calls "
        "(one each, all answered in the batch).\n\n"
        + table(["step", "s", "ms per article", "for 100,000 articles"], rows)
    )


def _per_100k(seconds: float) -> str:
    minutes = seconds * 100_000 / 60
    return f"{minutes:.0f} min"


__all__ = ["report", "run"]

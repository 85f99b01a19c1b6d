"""The rules provider: time per article, and the memory of a 1,000-article batch.

- per article: ``Pipeline.run`` with the rules provider over distinct copies of the
  fixtures (read, clean, extract, ground, record and its JSON line), timed one by one in
  this process after a warm-up; the extraction alone is reported too.
- batch: ``summarizer batch --provider rules`` over the same copies in a fresh process;
  wall time, CPU time, and its peak resident memory (``ru_maxrss`` from ``wait4``). A
  process that only starts the CLI (``summarizer schema``) gives the floor to compare
  against.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from summarizer.pipeline import Pipeline
from summarizer.providers.rules import RulesProvider

from ._corpus import ROOT, copyable, write_copies
from ._util import StageClock, median, percentile, table


def run(*, articles: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-rules-") as tmp:
        copies = write_copies(Path(tmp) / "articles", articles)
        per_article = _per_article([c.path for c in copies])
        batch = _peak(
            [
                *(sys.executable, "-m", "summarizer", "batch", str(Path(tmp) / "articles")),
                *("-o", str(Path(tmp) / "out.jsonl"), "--provider", "rules", "--quiet"),
            ]
        )
        lines = (Path(tmp) / "out.jsonl").read_text(encoding="utf-8").count("\n")
        floor = _peak([sys.executable, "-m", "summarizer", "schema"])
    return {
        "articles": articles,
        "fixtures": len(copyable()),
        "per_article": per_article,
        "batch": {**batch, "records": lines},
        "floor": floor,
    }


def _per_article(paths: list[Path]) -> dict[str, Any]:
    provider = RulesProvider()
    pipeline = Pipeline(provider)
    clock = StageClock()
    clock.wrap(provider, "extract", "extract")
    try:
        for path in paths[:20]:  # warm-up
            pipeline.summarize(path).to_json()
        clock.discard()
        failures = 0
        for path in paths:
            started = time.perf_counter()
            record = pipeline.summarize(path)
            record.to_json()
            clock.add("total", time.perf_counter() - started)
            failures += not record.ok
            clock.next_article()
    finally:
        clock.restore()
    out: dict[str, Any] = {"failures": failures}
    for stage in ("total", "extract"):
        values = [a[stage] * 1000 for a in clock.articles]
        out[stage] = {"median_ms": median(values), "p95_ms": percentile(values, 95)}
    return out


# Runs a command and prints its wall time and rusage as JSON. It runs in a small process
# of its own because Linux counts the memory of the process that forks into the child's
# peak (``ru_maxrss`` survives exec), and this benchmark process is large by then.
_MEASURE = """
import json, os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
errors = child.stderr.read().decode("utf-8", "replace")
_, status, usage = os.wait4(child.pid, 0)
print(json.dumps({
    "wall_s": time.perf_counter() - started,
    "peak_rss_mib": usage.ru_maxrss / 1024,
    "cpu_s": usage.ru_utime + usage.ru_stime,
    "exit": os.waitstatus_to_exitcode(status),
    "stderr": errors[-500:],
}))
"""


def _peak(command: list[str]) -> dict[str, Any]:
    """Run ``command``: its wall time, CPU time and peak RSS in MiB (Linux gives KiB)."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    if result.pop("exit") != 0:
        raise RuntimeError(f"{' '.join(command[2:5])} failed: {result['stderr']}")
    result.pop("stderr")
    return result


def report(result: dict[str, Any]) -> str:
    p, b, f = result["per_article"], result["batch"], result["floor"]
    n = result["articles"]
    rows = [
        [
            "whole pipeline per article (in-process)",
            f"{p['total']['median_ms']:.2f}",
            f"{p['total']['p95_ms']:.2f}",
        ],
        [
            "rules extraction alone",
            f"{p['extract']['median_ms']:.2f}",
            f"{p['extract']['p95_ms']:.2f}",
        ],
    ]
    return (
        f"{n} distinct articles (copies of the {result['fixtures']} usable fixtures, one added "
        f"sentence each); {p['failures']} not ok.\n\n"
        + table(["what", "median ms", "p95 ms"], rows)
        + "\n\n"
        + table(
            ["process", "wall s", "CPU s", "ms per article after start-up", "peak RSS MiB"],
            [
                [
                    f"`summarizer batch --provider rules` ({b['records']} records)",
                    f"{b['wall_s']:.2f}",
                    f"{b['cpu_s']:.2f}",
                    f"{(b['wall_s'] - f['wall_s']) / n * 1000:.2f}",
                    f"**{b['peak_rss_mib']:.0f}**",
                ],
                [
                    "`summarizer schema` (start-up floor)",
                    f"{f['wall_s']:.2f}",
                    f"{f['cpu_s']:.2f}",
                    "-",
                    f"{f['peak_rss_mib']:.0f}",
                ],
            ],
        )
    )


__all__ = ["report", "run"]

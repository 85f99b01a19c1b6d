"""Worker processes for the rules provider: articles per second at 1 and 2 workers.

``summarizer batch --provider rules --workers N`` over the same distinct articles (copies of
the fixtures), each run in a fresh process into a fresh output file: wall time from start
to exit, CPU time of the process and its workers, articles per second over the whole
command and after start-up (the wall time of ``summarizer schema``, the CLI's own start,
taken off). The records of every run are compared with those of the first.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ._corpus import ROOT, write_copies
from ._util import table


def run(*, articles: int, workers: tuple[int, ...] = (1, 2)) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-workers-") as tmp:
        folder = Path(tmp) / "articles"
        write_copies(folder, articles)
        floor = _timed([sys.executable, "-m", "summarizer", "schema"])["wall_s"]
        runs, first = [], None
        for count in workers:
            out = Path(tmp) / f"out-{count}.jsonl"
            command = [sys.executable, "-m", "summarizer", "batch", str(folder), "-o", str(out)]
            timed = _timed([*command, "--provider", "rules", "--quiet", "--workers", str(count)])
            records = _records(out)
            first = first or records
            runs.append(
                {"workers": count, **timed, "records": len(records), "same": records == first}
            )
    return {"articles": articles, "floor_s": floor, "runs": runs}


def _timed(command: list[str]) -> dict[str, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[2:4])} failed: {done.stderr[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": wall, "cpu_s": cpu}


def _records(path: Path) -> dict[str, str]:
    """Each record without its usage (latency varies), by source."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        record.pop("usage")
        found[record["source"]] = json.dumps(record, sort_keys=True)
    return found


def report(result: dict[str, Any]) -> str:
    n, floor = result["articles"], result["floor_s"]
    base = None
    rows = []
    for r in result["runs"]:
        rate = n / r["wall_s"]
        after = n / max(r["wall_s"] - floor, 1e-9)
        base = base or after
        rows.append(
            [
                r["workers"],
                f"{r['wall_s']:.1f}",
                f"{r['cpu_s']:.1f}",
                f"{rate:.0f}",
                f"**{after:.0f}**",
                f"{after / base:.2f}",
                f"{r['records']:,}" + ("" if r["same"] else " (differ!)"),
            ]
        )
    return (
        f"{n:,} distinct articles, `summarizer batch --provider rules --workers N` in a fresh "
        f"process each; start-up (`summarizer schema`) {floor:.2f} s.\n\n"
        + table(
            [
                "workers",
                "wall s",
                "CPU s",
                "articles/s",
                "articles/s after start-up",
                "speed-up",
                "records (same as 1 worker)",
            ],
            rows,
        )
    )


__all__ = ["report", "run"]

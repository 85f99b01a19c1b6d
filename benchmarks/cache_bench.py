"""Cache: a second eval run answered from the disk cache.

``summarizer eval --provider openai`` runs twice over the fixtures against the scripted
server (instant answers), in fresh processes sharing one ``SUMMARIZER_CACHE_DIR``; the
server counts the model calls each run makes. The same is measured in-process around
``Pipeline.summarize`` with a ``DiskCache``, which leaves out interpreter start-up and
the scoring the command also does. The second run's report must equal the first's.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from summarizer.cache import CACHE_DIR_ENV, DiskCache
from summarizer.config import PROVIDER_ENV, Settings
from summarizer.pipeline import Pipeline
from summarizer.providers.openai import OpenAIProvider

from ._corpus import ROOT, answers, items
from ._server import ServerProcess
from ._util import table


def run() -> dict[str, Any]:
    with (
        tempfile.TemporaryDirectory(prefix="bench-cache-") as tmp,
        ServerProcess(answers()) as server,
    ):
        # Only the fixtures the fake model can answer (see _corpus.items).
        fixtures = Path(tmp) / "fixtures"
        for item in items():
            shutil.copytree(item.fixture.directory, fixtures / item.fixture.slug)
        cli = [_cli_run(server, Path(tmp), fixtures, n) for n in (1, 2)]
        same = cli[0].pop("report") == cli[1].pop("report")
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "summarizer", "--help"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        startup = time.perf_counter() - started
        library = _library(server, Path(tmp) / "library-cache")
    return {
        "cli": cli,
        "startup_s": startup,
        "reports_equal": same,
        "library": library,
        "articles": len(items()),
    }


def _cli_run(server: ServerProcess, tmp: Path, fixtures: Path, number: int) -> dict[str, Any]:
    server.reset()
    env = {k: v for k, v in os.environ.items() if k not in PROVIDER_ENV}
    env[CACHE_DIR_ENV] = str(tmp / "cli-cache")
    out = tmp / f"report-{number}.json"
    command = [
        *(sys.executable, "-m", "summarizer", "eval", "--provider", "openai"),
        *("--base-url", server.base_url, "--model", "bench", "--fixtures", str(fixtures)),
        *("--json", str(out)),
    ]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"summarizer eval failed ({done.returncode}): {done.stderr[-500:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    report.pop("provenance", None)
    return {"run": number, "wall_s": wall, "calls": server.calls, "report": report}


def _library(server: ServerProcess, directory: Path) -> list[dict[str, Any]]:
    fixtures = [item.fixture for item in items()]
    settings = Settings(provider="openai", base_url=server.base_url, model="bench", timeout=30)
    provider = OpenAIProvider(settings)
    # Warm up imports and the connection on an uncached pipeline first.
    Pipeline(provider).summarize(fixtures[0].article, fixtures[0].reference_date)
    runs = []
    try:
        for number in (1, 2):
            server.reset()
            cache = DiskCache(directory)
            pipeline = Pipeline(provider, cache=cache)
            started = time.perf_counter()
            records = [pipeline.summarize(f.article, f.reference_date) for f in fixtures]
            wall = time.perf_counter() - started
            runs.append(
                {
                    "run": number,
                    "wall_s": wall,
                    "calls": server.calls,
                    "hits": cache.hits,
                    "ok": sum(r.ok for r in records),
                    "cached": sum(r.usage.cached for r in records),
                }
            )
    finally:
        provider.close()
    return runs


def report(result: dict[str, Any]) -> str:
    cli, lib = result["cli"], result["library"]
    n = result["articles"]
    rows = [
        [
            "`summarizer eval` (new process)",
            f"{cli[0]['wall_s']:.2f} s, {cli[0]['calls']} calls",
            f"{cli[1]['wall_s']:.2f} s, {cli[1]['calls']} calls",
            f"**{cli[1]['wall_s'] / cli[0]['wall_s']:.2f}**",
        ],
        [
            "`Pipeline.summarize` x fixtures (in-process)",
            f"{lib[0]['wall_s'] * 1000:.0f} ms, {lib[0]['calls']} calls",
            f"{lib[1]['wall_s'] * 1000:.0f} ms, {lib[1]['calls']} calls, {lib[1]['hits']} hits",
            f"**{lib[1]['wall_s'] / lib[0]['wall_s']:.2f}**",
        ],
    ]
    same = "identical" if result["reports_equal"] else "**different**"
    return (
        f"{n} fixtures, server answering instantly, empty cache before the first run. "
        f"The two eval reports (scores) are {same}.\n\n"
        + table(["what", "first run", "second run (cache)", "second / first"], rows)
        + f"\n\nStarting the CLI alone (`python -m summarizer --help`) takes "
        f"{result['startup_s']:.2f} s of each eval run."
    )


__all__ = ["report", "run"]

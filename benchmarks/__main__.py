"""``python -m benchmarks [--quick] [--only NAME,...] [--json FILE]``: run and print results.

Each benchmark prints a Markdown section with what it measured; nothing passes or fails
on time. ``--quick`` runs every benchmark on less data (under 45 s on a 2-core machine);
the full run, whose figures are recorded in benchmarks/RESULTS.md, takes a few minutes.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Benchmark:
    name: str
    title: str
    module: str  # in this package, with run(**options) and report(result)
    full: dict[str, Any] = field(default_factory=dict)
    quick: dict[str, Any] = field(default_factory=dict)


# Modules are imported when run, so that --help answers at once.
BENCHMARKS = (
    Benchmark(
        "overhead",
        "Overhead per article (model answering instantly)",
        "overhead",
        {"rounds": 20},
        {"rounds": 2},
    ),
    Benchmark(
        "concurrency",
        "Concurrency efficiency (model answering after a fixed delay)",
        "concurrency",
        {"delay": 0.5, "waves": 16},
        {"delay": 0.5, "waves": 2},
    ),
    Benchmark("prompt", "Prompt overhead (tokens per request, calls per article)", "prompt_size"),
    Benchmark("cache", "Cache (a second eval run)", "cache_bench"),
    Benchmark(
        "startup",
        "Start-up (fresh processes, as a ratio to python -c pass)",
        "startup",
        {"rounds": 15},
        {"rounds": 3},
    ),
    Benchmark("guards", "Input guards (cost per article)", "guards", {"rounds": 50}, {"rounds": 5}),
    Benchmark(
        "validator",
        "Grounding validator (false rejections of correct answers, faults caught)",
        "validator",
    ),
    Benchmark(
        "long",
        "Long articles (six blind fixtures: records, calls, F1, time per article)",
        "long_articles",
        {"rounds": 3},
        {"rounds": 1},
    ),
    Benchmark(
        "rules",
        "Rules provider (time per article, memory of a batch)",
        "rules_bench",
        {"articles": 1000},
        {"articles": 150},
    ),
    Benchmark(
        "review",
        "Review page (file size and time to open in Chromium)",
        "review_page",
        {"records": 1000, "runs": 3},
        {"records": 200, "runs": 1},
    ),
    Benchmark(
        "batch-api",
        "The Batch API on our side (preparing requests, collecting answers)",
        "batch_api",
        {"articles": 2000},
        {"articles": 200},
    ),
    Benchmark(
        "workers",
        "Worker processes (the rules provider at 1 and 2 workers)",
        "workers",
        {"articles": 10_000},
        {"articles": 500},
    ),
    Benchmark(
        "linear",
        "Rules provider on long inputs (time per MB at three sizes)",
        "rules_linear",
        {"sizes": (100_000, 1_000_000, 4_000_000)},
        {"sizes": (25_000, 100_000, 250_000)},
    ),
)
NAMES = tuple(b.name for b in BENCHMARKS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Measure summarizer's overhead, concurrency, prompt size, cache and the "
        "rules provider against a scripted model server. Reports figures; never fails on time.",
    )
    parser.add_argument(
        "--quick", action="store_true", help="Less data per benchmark (under 45 s in all)."
    )
    parser.add_argument(
        "--only",
        metavar="NAME[,NAME]",
        help=f"Run only these benchmarks: {', '.join(NAMES)}.",
    )
    parser.add_argument("--json", metavar="FILE", help="Also write the raw figures to FILE.")
    args = parser.parse_args(argv)
    chosen = NAMES if args.only is None else tuple(n.strip() for n in args.only.split(","))
    unknown = sorted(set(chosen) - set(NAMES))
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(NAMES)}")

    from ._corpus import items, skipped
    from ._util import machine

    facts = machine()
    mode = "quick" if args.quick else "full"
    print(f"# summarizer benchmarks ({mode})\n")
    packages = ", ".join(f"{k} {v}" for k, v in facts["packages"].items())
    print(
        f"Machine: {facts['cpu']}, {facts['cores']} cores, {facts['memory']}, {facts['os']}; "
        f"Python {facts['python']}; {packages}. Load average at start: {facts['load']}.\n"
    )
    left_out = "; ".join(f"{slug} ({why})" for slug, why in skipped()) or "none"
    print(f"Fixtures used: {len(items())}; left out: {left_out}.\n")
    results: dict[str, Any] = {"mode": mode, "machine": facts}
    started = time.perf_counter()
    for bench in BENCHMARKS:
        if bench.name not in chosen:
            continue
        module = importlib.import_module(f"{__package__}.{bench.module}")
        began = time.perf_counter()
        result = module.run(**(bench.quick if args.quick else bench.full))
        took = time.perf_counter() - began
        results[bench.name] = {**result, "seconds": took}
        print(f"## {bench.title}\n\n{module.report(result)}\n\n({bench.name}: {took:.1f} s)\n")
        sys.stdout.flush()
    total = time.perf_counter() - started
    results["seconds"] = total
    print(f"Total: {total:.1f} s.")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=2, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())

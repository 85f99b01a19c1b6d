"""Start-up time of the command line, as a ratio to a bare ``python -c pass``.

Each command runs as a fresh process (what a user or a shell loop pays): ``--help``,
``schema`` and ``summarize`` of the seed with the rules provider. Every round times
``python -c pass`` first, in the same conditions, and each command's median wall time is
divided by the baseline's median, so that a slow or busy machine does not change the
figure much. Also reported: the modules a command imports that it should not need (the
eval stack, trafilatura, openai, instructor).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ._util import median, table

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "esta-coalition-rocket-attack.txt"


def commands(python: str) -> dict[str, list[str]]:
    """The commands timed, run by the interpreter ``python`` (another install's, say)."""
    return {
        "python -c pass": [python, "-c", "pass"],
        "summarizer --help": [python, "-m", "summarizer", "--help"],
        "summarizer schema": [python, "-m", "summarizer", "schema"],
        "summarizer summarize (rules)": [
            python,
            *("-m", "summarizer", "summarize", str(SEED), "--provider", "rules", "--json"),
        ],
    }


COMMANDS = commands(sys.executable)
HEAVY = ("scipy", "numpy", "rouge_score", "nltk", "trafilatura", "openai", "instructor")


# Run outside the checkout, so that ``-m summarizer`` imports the interpreter's installed
# package, never the source tree of the working directory.
_CWD = tempfile.gettempdir()


def _env() -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG", "SYSTEMROOT")
    return {k: v for k, v in os.environ.items() if k in keep}


def _time(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        argv,
        env=_env(),
        cwd=_CWD,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - started


def _heavy_imports(argv: list[str]) -> list[str]:
    # -X importtime lists every module the command imports, on stderr.
    run = subprocess.run(
        [argv[0], "-X", "importtime", *argv[1:]],
        env=_env(),
        cwd=_CWD,
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines() if "|" in line}
    return sorted(name for name in loaded if name.split(".")[0] in HEAVY and "." not in name)


def run(rounds: int = 15, python: str = sys.executable) -> dict[str, Any]:
    """Time each command ``rounds`` times; ``python`` runs them (default: this one)."""
    chosen = commands(python)
    times: dict[str, list[float]] = {name: [] for name in chosen}
    for argv in chosen.values():  # warm the file cache and .pyc files once
        _time(argv)
    for _ in range(rounds):
        for name, argv in chosen.items():
            times[name].append(_time(argv))
    base = median(times["python -c pass"])
    return {
        "rounds": rounds,
        "median_s": {name: median(values) for name, values in times.items()},
        "ratio": {name: median(values) / base for name, values in times.items()},
        "heavy_imports": {
            name: _heavy_imports(argv) for name, argv in chosen.items() if name != "python -c pass"
        },
    }


def report(result: dict[str, Any]) -> str:
    rows = [
        [
            name,
            f"{result['median_s'][name] * 1000:.0f}",
            f"{result['ratio'][name]:.1f}x",
            ", ".join(result["heavy_imports"].get(name, [])) or "none",
        ]
        for name in COMMANDS
    ]
    return f"Median of {result['rounds']} fresh processes each, interleaved.\n\n" + table(
        ["command", "ms", "x python -c pass", "heavy modules imported"], rows
    )


if __name__ == "__main__":
    # ``python -m benchmarks.startup [PYTHON]``: another install (a regular one, an older
    # commit's) timed the same way, to compare.
    print(report(run(python=sys.argv[1] if len(sys.argv) > 1 else sys.executable)))

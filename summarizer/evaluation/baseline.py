"""Baselines: a saved report, and the deltas of a new run against it."""

from __future__ import annotations

import errno
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.errors import InputError
from summarizer.evaluation.report import gated_metrics


class BaselineError(InputError):
    """A baseline file is missing or is not an eval report (exit 2)."""


@dataclass(frozen=True)
class Delta:
    """One gated metric in the baseline and now."""

    scope: str  # "totals" or a fixture slug
    metric: str  # "events.f1", "summary.rougeL", ...
    baseline: float | None
    current: float | None
    regressed: bool

    @property
    def change(self) -> float | None:
        if self.baseline is None or self.current is None:
            return None
        return round(self.current - self.baseline, 4)


@dataclass(frozen=True)
class Comparison:
    deltas: list[Delta]
    new_fixtures: list[str]
    missing_fixtures: list[str]

    @property
    def regressions(self) -> list[Delta]:
        return [d for d in self.deltas if d.regressed]


def compare(current: dict[str, Any], baseline: dict[str, Any], tolerance: float) -> Comparison:
    """Every gated metric both reports have; a fall of more than ``tolerance`` regresses."""
    before = {(scope, metric): value for scope, metric, value in gated_metrics(baseline)}
    deltas = []
    for scope, metric, value in gated_metrics(current):
        if (scope, metric) not in before:
            continue
        old = before[scope, metric]
        # A metric that had a value and now has none (nothing left to score) is a fall too.
        fell = old is not None and (value is None or old - value > tolerance + 1e-9)
        deltas.append(Delta(scope, metric, old, value, fell))
    now, then = set(current["fixtures"]), set(baseline["fixtures"])
    return Comparison(deltas, sorted(now - then), sorted(then - now))


def load_baseline(path: str | Path) -> dict[str, Any]:
    """Read a saved report; BaselineError naming the file if it is not one."""
    path = Path(path)
    if path.exists() and not path.is_file():  # a FIFO would block, /dev/zero never end
        raise BaselineError(f"{path}: not a regular file")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise BaselineError(f"{path}: not a readable eval report ({exc})") from None
    if not (
        isinstance(data, dict)
        and isinstance(data.get("totals"), dict)
        and isinstance(data.get("fixtures"), dict)
    ):
        raise BaselineError(f"{path}: not an eval report (needs 'totals' and 'fixtures')")
    return data


def write_json(path: str | Path, data: dict[str, Any]) -> None:
    """Write JSON atomically, so a crash never leaves half a report."""
    write_text(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def write_text(path: str | Path, text: str) -> None:
    """Write a report file atomically (temp file + rename), creating its folder."""
    path = Path(path)
    if path.exists() and not path.is_file():
        # The rename would put a regular file in place of a FIFO or a device (/dev/null).
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


__all__ = [
    "BaselineError",
    "Comparison",
    "Delta",
    "compare",
    "load_baseline",
    "write_json",
    "write_text",
]

"""Two saved eval reports side by side (two models, two prompt versions): ``eval --compare``.

Unlike the baseline gate, nothing here passes or fails: it says, per field, how the two
runs scored and by how much they differ, and per fixture which run did better over the
gated metrics.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from summarizer.evaluation.report import GATED, LIST_FIELDS

# Differences below this are shown as a tie: the tables print three decimals.
TIE = 0.0005


@dataclass(frozen=True)
class Row:
    """One metric in both reports."""

    name: str  # "events.f1", "casualties.attributes.count_value", ...
    a: float | None
    b: float | None

    @property
    def change(self) -> float | None:
        if self.a is None or self.b is None:
            return None
        return round(self.b - self.a, 4)


@dataclass(frozen=True)
class FixtureVerdict(Row):
    """One fixture (``name`` is its slug): the mean of its gated metrics in each report."""

    better: str = "="  # "A", "B", "=" (a tie), or "A only" / "B only" when one lacks it


@dataclass(frozen=True)
class Versus:
    rows: list[Row]
    fixtures: list[FixtureVerdict]

    def wins(self) -> dict[str, int]:
        """How many fixtures each report did better on, and how many tied."""
        counts = {"A": 0, "B": 0, "=": 0}
        for verdict in self.fixtures:
            if verdict.better in counts:
                counts[verdict.better] += 1
        return counts


def field_metrics(block: Mapping[str, Any]) -> dict[str, float | None]:
    """Every per-field metric of a totals (or fixture) block, by dotted name."""
    metrics: dict[str, float | None] = {}
    for name in LIST_FIELDS:
        field = block.get(name, {})
        for metric in ("precision", "recall", "f1"):
            metrics[f"{name}.{metric}"] = field.get(metric)
        for attr, tally in field.get("attributes", {}).items():
            metrics[f"{name}.{attr}"] = tally.get("accuracy")
    metrics["updated.accuracy"] = block.get("updated", {}).get("accuracy")
    metrics["summary.rougeL"] = block.get("summary", {}).get("rougeL")
    metrics["grounding.rate"] = block.get("grounding", {}).get("rate")
    return metrics


def gated_mean(block: Mapping[str, Any]) -> float | None:
    """The mean of a fixture's gated metrics (those it has a value for)."""
    values = [block.get(name, {}).get(metric) for name, metric in GATED]
    present = [v for v in values if isinstance(v, int | float)]
    return round(statistics.fmean(present), 4) if present else None


def _better(a: float | None, b: float | None) -> str:
    if a is None or b is None:
        return "="
    if abs(b - a) < TIE:
        return "="
    return "B" if b > a else "A"


def compare_reports(a: Mapping[str, Any], b: Mapping[str, Any]) -> Versus:
    """Report ``b`` against report ``a``: the totals per field, and fixture by fixture."""
    before, after = field_metrics(a["totals"]), field_metrics(b["totals"])
    rows = [Row(name, before.get(name), after.get(name)) for name in {**before, **after}]
    verdicts = []
    for slug in sorted(set(a["fixtures"]) | set(b["fixtures"])):
        in_a, in_b = a["fixtures"].get(slug), b["fixtures"].get(slug)
        mean_a = None if in_a is None else gated_mean(in_a)
        mean_b = None if in_b is None else gated_mean(in_b)
        if in_a is None or in_b is None:
            better = "B only" if in_a is None else "A only"
        else:
            better = _better(mean_a, mean_b)
        verdicts.append(FixtureVerdict(slug, mean_a, mean_b, better))
    return Versus(rows, verdicts)


__all__ = [
    "TIE",
    "FixtureVerdict",
    "Row",
    "Versus",
    "compare_reports",
    "field_metrics",
    "gated_mean",
]

"""The eval report: per-fixture scores, micro-averaged totals, and the mean over repeats.

Layout (all scores in [0, 1], rounded to 4 places; None where nothing was there to score)::

    {"report_version": 1, "provenance": {...}, "runs": N, "thresholds": {...},
     "totals": {"events"|"casualties"|"attributions": {precision, recall, f1, tp, fp, fn,
                    attributes: {name: {accuracy, correct, total}}},
                "updated": {accuracy, correct, total}, "summary": {rougeL},
                "grounding": {rate, grounded, total}, "fixtures": n, "failed": n},
     "fixtures": {slug: the same blocks, plus matches/missed/spurious per list field,
                        updated.fields, and "error"},
     "spread": {"totals": {...}, "fixtures": {slug: {...}}}   # std of gated metrics, N > 1
    }
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator, Mapping
from typing import Any

from summarizer.evaluation.matching import prf
from summarizer.evaluation.scorers import FixtureScore, ListScore, Tally
from summarizer.evaluation.similarity import THRESHOLDS

REPORT_VERSION = 1
LIST_FIELDS = ("events", "casualties", "attributions")
# The metrics a baseline gates on, for the totals and for every fixture.
GATED = (
    ("events", "f1"),
    ("casualties", "f1"),
    ("attributions", "f1"),
    ("updated", "accuracy"),
    ("summary", "rougeL"),
    ("grounding", "rate"),
)


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _tally(t: Tally) -> dict[str, Any]:
    return {"accuracy": _r(t.accuracy), "correct": t.correct, "total": t.total}


def _prf_block(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p, r, f = prf(tp, fp, fn)
    return {"precision": _r(p), "recall": _r(r), "f1": _r(f), "tp": tp, "fp": fp, "fn": fn}


def list_block(score: ListScore) -> dict[str, Any]:
    """A list field of one fixture, with its per-item match details."""
    m = score.matching
    block = _prf_block(m.tp, m.fp, m.fn)
    block["attributes"] = {name: _tally(t) for name, t in score.attributes.items()}
    block["matches"] = score.matches
    block["missed"] = score.missed
    block["spurious"] = score.spurious
    return block


def fixture_block(score: FixtureScore) -> dict[str, Any]:
    """Everything about one fixture."""
    block: dict[str, Any] = {name: list_block(getattr(score, name)) for name in LIST_FIELDS}
    block["updated"] = _tally(score.updated.tally) | {"fields": score.updated.fields}
    block["summary"] = {"rougeL": _r(score.rouge_l)}
    g = score.grounding
    block["grounding"] = {"rate": _r(g.rate), "grounded": g.grounded, "total": g.total}
    block["error"] = score.error
    return block


def totals_block(fixtures: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Micro-averaged totals (summed counts over fixtures); ROUGE-L is the mean."""
    blocks = list(fixtures.values())
    totals: dict[str, Any] = {}
    for name in LIST_FIELDS:
        tp, fp, fn = (sum(b[name][k] for b in blocks) for k in ("tp", "fp", "fn"))
        totals[name] = _prf_block(tp, fp, fn)
        attrs: dict[str, Any] = {}
        for attr in blocks[0][name]["attributes"] if blocks else ():
            tally = Tally(
                sum(b[name]["attributes"][attr]["correct"] for b in blocks),
                sum(b[name]["attributes"][attr]["total"] for b in blocks),
            )
            attrs[attr] = _tally(tally)
        totals[name]["attributes"] = attrs
    totals["updated"] = _tally(
        Tally(
            sum(b["updated"]["correct"] for b in blocks), sum(b["updated"]["total"] for b in blocks)
        )
    )
    rouge = [b["summary"]["rougeL"] for b in blocks]
    totals["summary"] = {"rougeL": _r(statistics.fmean(rouge)) if rouge else None}
    grounded = sum(b["grounding"]["grounded"] for b in blocks)
    items = sum(b["grounding"]["total"] for b in blocks)
    totals["grounding"] = {
        "rate": _r(grounded / items) if items else None,
        "grounded": grounded,
        "total": items,
    }
    totals["fixtures"] = len(blocks)
    totals["failed"] = sum(1 for b in blocks if b.get("error"))
    return totals


def build_report(
    scores: Mapping[str, FixtureScore], provenance: Mapping[str, Any]
) -> dict[str, Any]:
    """The report of one run over the fixtures (``scores`` by slug)."""
    fixtures = {slug: fixture_block(scores[slug]) for slug in sorted(scores)}
    return {
        "report_version": REPORT_VERSION,
        "provenance": dict(provenance),
        "runs": 1,
        "thresholds": dict(THRESHOLDS),
        "totals": totals_block(fixtures),
        "fixtures": fixtures,
    }


def gated_metrics(report: Mapping[str, Any]) -> Iterator[tuple[str, str, float | None]]:
    """(scope, "field.metric", value) for every gated metric: "totals" then each fixture."""
    scopes = [("totals", report["totals"])]
    scopes += [(slug, block) for slug, block in report["fixtures"].items()]
    for scope, block in scopes:
        for name, metric in GATED:
            yield scope, f"{name}.{metric}", block.get(name, {}).get(metric)


def combine_runs(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """The mean of several runs' reports, with the std of gated metrics in ``spread``.

    Match details are those of the first run; numbers are means over the runs.
    """
    if len(reports) == 1:
        return reports[0]
    combined = dict(reports[0])
    combined["totals"] = _mean_tree([r["totals"] for r in reports])
    combined["fixtures"] = _mean_tree([r["fixtures"] for r in reports])
    combined["runs"] = len(reports)
    spread: dict[str, Any] = {"totals": {}, "fixtures": {}}
    per_run = [list(gated_metrics(r)) for r in reports]
    for k, (scope, path, _) in enumerate(per_run[0]):
        values = [v for run in per_run if (v := run[k][2]) is not None]
        std = _r(statistics.stdev(values)) if len(values) > 1 else None
        name, metric = path.split(".")
        target = spread["totals"] if scope == "totals" else spread["fixtures"].setdefault(scope, {})
        target.setdefault(name, {})[metric] = std
    combined["spread"] = spread
    return combined


def _mean_tree(values: list[Any]) -> Any:
    first = values[0]
    if isinstance(first, dict):
        return {
            k: _mean_tree([v[k] for v in values if isinstance(v, dict) and k in v]) for k in first
        }
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if isinstance(first, int | float) and not isinstance(first, bool) and numbers:
        return _r(statistics.fmean(numbers))
    return first


__all__ = [
    "GATED",
    "REPORT_VERSION",
    "build_report",
    "combine_runs",
    "fixture_block",
    "gated_metrics",
    "list_block",
    "totals_block",
]

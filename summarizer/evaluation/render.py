"""Rich tables for the eval report and the baseline deltas."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from summarizer.evaluation.baseline import Comparison
from summarizer.evaluation.report import GATED

_HEADERS = {
    "events.f1": "events",
    "casualties.f1": "casualties",
    "attributions.f1": "attributions",
    "updated.accuracy": "updated",
    "summary.rougeL": "ROUGE-L",
    "grounding.rate": "grounded",
}
_CAPTION = "F1 for list fields; field accuracy for updated; share of items grounded"


def _fmt(value: float | None, std: float | None = None) -> str:
    if value is None:
        return "—"
    return f"{value:.3f}" if std is None else f"{value:.3f} ±{std:.3f}"


def _cell(block: dict[str, Any], spread: dict[str, Any] | None, name: str, metric: str) -> str:
    std = (spread or {}).get(name, {}).get(metric)
    return _fmt(block.get(name, {}).get(metric), std)


def scores_table(report: dict[str, Any]) -> Table:
    """Fixtures by gated metric, with a totals row."""
    runs = report.get("runs", 1)
    title = "eval" + (f" (mean ± std over {runs} runs)" if runs > 1 else "")
    table = Table(title=title, caption=_CAPTION)
    table.add_column("fixture", no_wrap=True)
    for name, metric in GATED:
        table.add_column(_HEADERS[f"{name}.{metric}"], justify="right")
    spread = report.get("spread", {})
    for slug, block in report["fixtures"].items():
        label = f"{slug} (failed)" if block.get("error") else slug
        cells = [_cell(block, spread.get("fixtures", {}).get(slug), n, m) for n, m in GATED]
        table.add_row(label, *cells)
    table.add_section()
    totals = report["totals"]
    cells = [_cell(totals, spread.get("totals"), n, m) for n, m in GATED]
    table.add_row("totals", *cells, style="bold")
    return table


def attributes_table(report: dict[str, Any]) -> Table:
    """Accuracy within matched pairs, over all fixtures."""
    table = Table(title="within matched pairs (totals)")
    table.add_column("field")
    table.add_column("attribute")
    table.add_column("accuracy", justify="right")
    table.add_column("n", justify="right")
    for name in ("events", "casualties", "attributions"):
        for attr, tally in report["totals"][name]["attributes"].items():
            table.add_row(name, attr, _fmt(tally["accuracy"]), f"{tally['total']:g}")
    return table


def deltas_table(comparison: Comparison) -> Table:
    """Changed gated metrics against the baseline (all of the totals, changes elsewhere)."""
    table = Table(title="against the baseline")
    for column in ("scope", "metric", "baseline", "now", "change"):
        table.add_column(column, justify="left" if column in ("scope", "metric") else "right")
    for d in comparison.deltas:
        if d.scope != "totals" and d.change == 0 and not d.regressed:
            continue
        change = "—" if d.change is None else f"{d.change:+.3f}"
        style = "red" if d.regressed else ("green" if (d.change or 0) > 0 else None)
        table.add_row(
            d.scope, _HEADERS[d.metric], _fmt(d.baseline), _fmt(d.current), change, style=style
        )
    return table


__all__ = ["attributes_table", "deltas_table", "scores_table"]

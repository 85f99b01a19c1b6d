"""Tables for the eval report, the baseline deltas and ``--compare``, readable at 80 columns.

Metric columns have short headers explained in a legend (``LEGEND``) rather than long
ones that a narrow terminal would cut to ``eve…``; numbers never wrap and the only column
that may wrap is the fixture name, at its spaces. ``plain=True`` (stdout is not a
terminal) draws the same tables with ASCII rules and no box drawing, for logs and files.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich import box
from rich.table import Table

from summarizer.evaluation.baseline import Comparison
from summarizer.evaluation.report import GATED
from summarizer.evaluation.versus import Versus

# Short headers for the gated metrics, and the legend that spells them out.
SHORT = {
    "events.f1": "ev",
    "casualties.f1": "cas",
    "attributions.f1": "attr",
    "updated.accuracy": "upd",
    "summary.rougeL": "R-L",
    "grounding.rate": "grnd",
}
LEGEND = (
    "ev, cas, attr: F1 of events, casualties and attributions; upd: updated, field "
    "accuracy; R-L: summary ROUGE-L; grnd: share of items grounded"
)
# Like box.SIMPLE_HEAD (a rule under the header and before the totals, no column lines),
# in ASCII.
PLAIN_BOX = box.Box("    \n    \n -- \n    \n    \n -- \n    \n    \n", ascii=True)
DASH = "-"


def _table(title: str, *, plain: bool, caption: str | None = None) -> Table:
    return Table(
        title=title,
        caption=caption,
        box=PLAIN_BOX if plain else box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
        title_justify="left",
        caption_justify="left",
    )


def _label_column(table: Table, header: str) -> None:
    table.add_column(header, overflow="fold")


def _number_columns(table: Table, headers: Iterable[str]) -> None:
    for header in headers:
        table.add_column(header, justify="right", no_wrap=True)


def _fmt(value: float | None) -> str:
    return DASH if value is None else f"{value:.3f}"


def _signed(value: float | None) -> str:
    return DASH if value is None else f"{value:+.3f}"


def _trend(change: float | None, *, bad: bool = False) -> str | None:
    if bad:
        return "red"
    if change is None or change == 0:
        return None
    return "green" if change > 0 else "red"


def _gated_cells(block: dict[str, Any]) -> list[str]:
    return [_fmt(block.get(name, {}).get(metric)) for name, metric in GATED]


def _spread_cells(spread: dict[str, Any] | None) -> list[str]:
    cells = []
    for name, metric in GATED:
        std = (spread or {}).get(name, {}).get(metric)
        cells.append("" if std is None else f"±{std:.3f}")
    return cells


def scores_table(report: dict[str, Any], *, plain: bool = False) -> Table:
    """Fixtures by gated metric, with a totals row (and ± std rows over repeats)."""
    runs = report.get("runs", 1)
    title = "eval" + (f": mean and ± std over {runs} runs" if runs > 1 else "")
    table = _table(title, plain=plain, caption=LEGEND)
    _label_column(table, "fixture")
    _number_columns(table, (SHORT[f"{n}.{m}"] for n, m in GATED))
    spread = report.get("spread", {})
    for slug, block in report["fixtures"].items():
        # A space before "(failed)" lets the name wrap there rather than inside a word.
        label = f"{slug} (failed)" if block.get("error") else slug
        table.add_row(label, *_gated_cells(block), style="red" if block.get("error") else None)
        if runs > 1:
            table.add_row("", *_spread_cells(spread.get("fixtures", {}).get(slug)), style="dim")
    table.add_section()
    table.add_row("totals", *_gated_cells(report["totals"]), style="bold")
    if runs > 1:
        table.add_row("", *_spread_cells(spread.get("totals")), style="dim")
    return table


def attributes_table(report: dict[str, Any], *, plain: bool = False) -> Table:
    """Accuracy within matched pairs, over all fixtures."""
    table = _table("within matched pairs (totals)", plain=plain)
    _label_column(table, "field")
    _label_column(table, "attribute")
    _number_columns(table, ("accuracy", "n"))
    for name in ("events", "casualties", "attributions"):
        for attr, tally in report["totals"][name]["attributes"].items():
            table.add_row(name, attr, _fmt(tally["accuracy"]), f"{tally['total']:g}")
    return table


def deltas_table(comparison: Comparison, *, plain: bool = False) -> Table:
    """Changed gated metrics against the baseline (all of the totals, changes elsewhere)."""
    table = _table("against the baseline", plain=plain)
    _label_column(table, "scope")
    _label_column(table, "metric")
    _number_columns(table, ("baseline", "now", "change"))
    for d in comparison.deltas:
        if d.scope != "totals" and d.change == 0 and not d.regressed:
            continue
        table.add_row(
            d.scope,
            SHORT[d.metric],
            _fmt(d.baseline),
            _fmt(d.current),
            _signed(d.change),
            style=_trend(d.change, bad=d.regressed),
        )
    return table


def versus_fields_table(versus: Versus, names: tuple[str, str], *, plain: bool = False) -> Table:
    """Every per-field metric of the two reports' totals, and B - A."""
    table = _table(f"totals: A = {names[0]}, B = {names[1]}", plain=plain)
    _label_column(table, "metric")
    _number_columns(table, ("A", "B", "B - A"))
    for row in versus.rows:
        table.add_row(
            row.name, _fmt(row.a), _fmt(row.b), _signed(row.change), style=_trend(row.change)
        )
    return table


def versus_fixtures_table(versus: Versus, *, plain: bool = False) -> Table:
    """Per fixture: the mean of its gated metrics in A and B, and which did better."""
    wins = versus.wins()
    caption = (
        f"mean of the gated metrics ({', '.join(SHORT.values())}); B better on {wins['B']} "
        f"fixture(s), A on {wins['A']}, {wins['=']} the same"
    )
    table = _table("per fixture", plain=plain, caption=caption)
    _label_column(table, "fixture")
    _number_columns(table, ("A", "B", "B - A", "better"))
    for verdict in versus.fixtures:
        table.add_row(
            verdict.name,
            _fmt(verdict.a),
            _fmt(verdict.b),
            _signed(verdict.change),
            verdict.better,
            style=_trend(verdict.change),
        )
    return table


__all__ = [
    "LEGEND",
    "SHORT",
    "attributes_table",
    "deltas_table",
    "scores_table",
    "versus_fields_table",
    "versus_fixtures_table",
]

"""The eval report page: totals, and per fixture gold beside predicted, spans in the text.

It works on plain data, like the review page: the eval report as saved by ``--json``, the
baseline gate's verdicts, and per fixture its cleaned text, gold (spans located) and the
predicted record (``summarizer.evaluation.pages`` gathers them).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

from summarizer.review.page import removed_lines
from summarizer.review.shell import Shell, render_page, text_matches, write_page

DATA_VERSION = 1
FILTERS = (
    ("all", "all"),
    ("failed", "failed"),
    ("missed", "with misses"),
    ("alarms", "with false alarms"),
)
REGRESSED_FILTER = ("regressed", "regressed")


def report_shell(*, gated: bool) -> Shell:
    """The report's shell; with a baseline (``gated``) it can also filter regressions."""
    return Shell(
        styles=("review.css", "eval.css"),
        scripts=("shared.js", "eval.js"),
        filters=(*FILTERS, REGRESSED_FILTER) if gated else FILTERS,
        search="fixture, title and article",
        entries="fixtures",
    )


def report_data(
    report: Mapping[str, Any],
    fixtures: Iterable[Mapping[str, Any]],
    comparison: Mapping[str, Any] | None = None,
    *,
    title: str,
) -> dict[str, Any]:
    """The data blob the report script reads."""
    entries = []
    for fixture in fixtures:
        entry = dict(fixture)
        entry["removed"] = removed_lines(fixture.get("removed") or ())
        matches = text_matches(fixture.get("record"), fixture.get("text"))
        if matches is not None:
            entry["textMatchesId"] = matches
        entries.append(entry)
    return {
        "version": DATA_VERSION,
        "title": title,
        "report": report,
        "comparison": comparison,
        "fixtures": entries,
    }


def build_report_page(
    report: Mapping[str, Any],
    fixtures: Iterable[Mapping[str, Any]],
    comparison: Mapping[str, Any] | None = None,
    *,
    title: str = "summarizer eval",
) -> str:
    """The eval report as one self-contained HTML document.

    ``fixtures``: per fixture ``{"slug", "article", "text", "removed", "gold", "optional",
    "record"}``; ``comparison``: ``{"tolerance", "deltas", "newFixtures",
    "missingFixtures"}`` when a baseline was given.
    """
    data = report_data(report, fixtures, comparison, title=title)
    return render_page(report_shell(gated=comparison is not None), data, title=title)


def write_report_page(
    path: str | os.PathLike[str],
    report: Mapping[str, Any],
    fixtures: Iterable[Mapping[str, Any]],
    comparison: Mapping[str, Any] | None = None,
    *,
    title: str = "summarizer eval",
) -> None:
    """Write the eval report page to ``path`` atomically."""
    write_page(path, build_report_page(report, fixtures, comparison, title=title))


__all__ = ["build_report_page", "report_data", "report_shell", "write_report_page"]

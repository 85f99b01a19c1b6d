"""Items the pipeline dropped as ungrounded, counted from the records' warnings.

A record keeps what is grounded and lists each item it dropped in ``warnings``
(``dropped: casualties[3]: <reason>``, see ``summarizer.grounding.drop_items``). The eval
report counts them per fixture and in total (``"dropped"``), beside the scores, since a
dropped item is a recall loss the scores alone do not explain.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from summarizer.grounding import DROPPED_PREFIX


def dropped_items(warnings: Iterable[object]) -> int:
    """How many items a record's warnings say were dropped."""
    return sum(1 for w in warnings if isinstance(w, str) and w.startswith(DROPPED_PREFIX))


def add_dropped(report: dict[str, Any], counts: Mapping[str, int]) -> dict[str, Any]:
    """``report`` with ``dropped`` set for each fixture (``counts`` by slug) and in total."""
    for slug, block in report["fixtures"].items():
        block["dropped"] = counts.get(slug, 0)
    report["totals"]["dropped"] = sum(b["dropped"] for b in report["fixtures"].values())
    return report


__all__ = ["add_dropped", "dropped_items"]

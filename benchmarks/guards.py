"""The input guards of issue 12: what they cost per article.

Every article now passes checks it did not before: the share of control characters and
the invisible-only test at ingest, the removal of escape sequences and controls (and, in
HTML, of control character references) and the cut of "<!-- -->" comments in cleaning.
Each public one is timed alone over the raw text of every eval fixture (the control share
by the same scan ingest makes), next to the whole of ingest (``decode_article``) and of
cleaning (``clean_article``, where the comment cut is timed with the rest).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from summarizer.cleaning import clean_article, read_article
from summarizer.cleaning.html import decode_control_references
from summarizer.cleaning.ingest import decode_article
from summarizer.language.text import CONTROL_CHARS, is_invisible, strip_controls

from ._corpus import FIXTURES
from ._util import median, percentile, table


def run(*, rounds: int) -> dict[str, Any]:
    paths = sorted(FIXTURES.glob("*/article.*"))
    raws = [read_article(path) for path in paths]
    data = [path.read_bytes() for path in paths]
    pages = sum(r.is_html for r in raws)
    checks: dict[str, Callable[[], object]] = {
        "control share (ingest)": lambda: [CONTROL_CHARS.sub("", r.text) for r in raws],
        "invisible-only test (ingest)": lambda: [is_invisible(r.text) for r in raws],
        "strip_controls (cleaning)": lambda: [strip_controls(r.text) for r in raws],
        "control references (cleaning, per HTML page)": lambda: [
            decode_control_references(r.text) for r in raws if r.is_html
        ],
        "decode_article, all of ingest in memory": lambda: [
            decode_article(d, source="x") for d in data
        ],
        "clean_article, all of cleaning": lambda: [clean_article(r) for r in raws],
    }
    per_article: dict[str, dict[str, float]] = {}
    for name, check in checks.items():
        check()  # warm-up: imports, regex compilation, caches
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            check()
            times.append((time.perf_counter() - started) / len(raws))
        # The HTML check runs on the pages alone: per page, not spread over every article.
        scale = len(raws) / pages if "HTML" in name else 1
        per_article[name] = {
            "median_us": median(times) * scale * 1e6,
            "p95_us": percentile(times, 95) * scale * 1e6,
        }
    return {
        "articles": len(raws),
        "html": pages,
        "mean_chars": sum(len(r.text) for r in raws) / len(raws),
        "per_article": per_article,
    }


def report(result: dict[str, Any]) -> str:
    rows = [
        [name, f"{t['median_us']:.1f}", f"{t['p95_us']:.1f}"]
        for name, t in result["per_article"].items()
    ]
    return (
        f"{result['articles']} fixture articles ({result['html']} HTML, "
        f"{result['mean_chars']:.0f} characters on average); microseconds per article, "
        "median and p95 over the rounds.\n\n" + table(["what", "median µs", "p95 µs"], rows)
    )

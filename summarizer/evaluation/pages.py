"""What the HTML eval report shows of each fixture, as plain data for ``summarizer.review``.

Per fixture: the cleaned article text (the text predicted spans index into), the gold
summary with its evidence located in that text (gold files carry excerpts, not spans),
which gold items are optional, and the predicted record. The scores and the matching
come from the report itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from summarizer.cleaning import clean_article, read_article
from summarizer.errors import SummarizerError
from summarizer.evaluation.baseline import Comparison
from summarizer.evaluation.fixtures import LIST_FIELDS, Fixture
from summarizer.evaluation.runner import Prediction
from summarizer.grounding import find_span


def fixture_page(fixture: Fixture, prediction: Prediction | None) -> dict[str, Any]:
    """One fixture's article, gold (with spans) and predicted record, as JSON-ready data."""
    try:
        cleaned = clean_article(read_article(fixture.article))
    except SummarizerError:
        text, removed = None, []
    else:
        text = cleaned.text
        removed = [{"text": line.text, "reason": line.reason} for line in cleaned.removed]
    gold = fixture.gold.summary.model_dump(mode="json")
    for name in LIST_FIELDS:
        for item in gold[name]:
            span = find_span(item["evidence"], text) if text is not None else None
            item["evidence_span"] = list(span) if span else None
    return {
        "slug": fixture.slug,
        "article": str(fixture.article),
        "text": text,
        "removed": removed,
        "gold": gold,
        "optional": {name: fixture.gold.optional_flags(name) for name in LIST_FIELDS},
        "record": prediction.record if prediction is not None else None,
    }


def fixture_pages(
    fixtures: Sequence[Fixture], predictions: Mapping[str, Prediction]
) -> list[dict[str, Any]]:
    """``fixture_page`` for every fixture, in order."""
    return [fixture_page(f, predictions.get(f.slug)) for f in fixtures]


def comparison_data(comparison: Comparison, tolerance: float) -> dict[str, Any]:
    """The baseline gate's verdicts as JSON-ready data."""
    return {
        "tolerance": tolerance,
        "deltas": [
            {
                "scope": d.scope,
                "metric": d.metric,
                "baseline": d.baseline,
                "current": d.current,
                "change": d.change,
                "regressed": d.regressed,
            }
            for d in comparison.deltas
        ],
        "newFixtures": comparison.new_fixtures,
        "missingFixtures": comparison.missing_fixtures,
    }


__all__ = ["comparison_data", "fixture_page", "fixture_pages"]

"""The eval harness: score extraction against hand-labelled fixtures, field by field.

``fixtures`` loads gold files, ``similarity`` and ``matching`` pair predicted items with
gold ones, ``scorers`` scores each field, ``report`` aggregates, ``baseline`` compares
runs, ``runner`` gets predictions and ``render`` draws the tables. For people and CI:
``junit`` writes the gate as JUnit XML, ``versus`` sets two saved reports side by side,
and ``pages`` gathers what the HTML report (``summarizer.review``) shows of each fixture.
"""

from summarizer.evaluation.baseline import compare, load_baseline
from summarizer.evaluation.fixtures import Fixture, FixtureError, Gold, load_fixtures, load_gold
from summarizer.evaluation.report import build_report, combine_runs
from summarizer.evaluation.runner import load_predictions, run_pipeline, score_predictions
from summarizer.evaluation.scorers import score_fixture

__all__ = [
    "Fixture",
    "FixtureError",
    "Gold",
    "build_report",
    "combine_runs",
    "compare",
    "load_baseline",
    "load_fixtures",
    "load_gold",
    "load_predictions",
    "run_pipeline",
    "score_fixture",
    "score_predictions",
]

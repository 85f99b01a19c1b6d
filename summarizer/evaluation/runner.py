"""Get predictions for the fixtures: run the pipeline, or read saved records."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from summarizer.errors import InputError
from summarizer.evaluation.fixtures import Fixture
from summarizer.evaluation.scorers import FixtureScore, score_fixture
from summarizer.pipeline import Pipeline
from summarizer.records import SummaryRecord
from summarizer.schema import ArticleSummary


class PredictionsError(InputError):
    """A predictions file cannot be read or names no known fixture (exit 2)."""


@dataclass(frozen=True)
class Prediction:
    """What was predicted for one fixture: a result, or why there is none."""

    result: ArticleSummary | None
    error: str | None = None
    cached: bool = False
    provenance: dict[str, Any] | None = None


def run_pipeline(
    pipeline: Pipeline,
    fixtures: Sequence[Fixture],
    on_done: Callable[[Fixture, SummaryRecord], None] | None = None,
) -> dict[str, Prediction]:
    """Summarize every fixture's article with its reference date from meta.json."""
    predictions = {}
    for fixture in fixtures:
        record = pipeline.summarize(fixture.article, fixture.reference_date)
        if on_done is not None:
            on_done(fixture, record)
        predictions[fixture.slug] = _from_record(record)
    return predictions


def _from_record(record: SummaryRecord) -> Prediction:
    error = f"{record.error.type}: {record.error.message}" if record.error else None
    return Prediction(
        result=record.result,
        error=error,
        cached=record.usage.cached,
        provenance=record.provenance.model_dump(),
    )


def load_predictions(path: str | Path, fixtures: Sequence[Fixture]) -> dict[str, Prediction]:
    """Saved records (JSON Lines), each matched to a fixture by ``fixture`` or its source folder.

    A record may be as small as ``{"fixture": slug, "result": {...}}``. A later record for
    the same fixture replaces an earlier one (a resumed batch may repeat an article).
    """
    path = Path(path)
    slugs = {f.slug for f in fixtures}
    if path.exists() and not path.is_file():  # a FIFO would block, /dev/zero never end
        raise PredictionsError(f"{path}: not a regular file")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise PredictionsError(f"{path}: predictions file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PredictionsError(f"{path}: cannot read predictions ({exc})") from None
    predictions: dict[str, Prediction] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        record = _parse_line(line, where)
        slug = _slug_of(record, where)
        if slug not in slugs:
            raise PredictionsError(f"{where}: no fixture named {slug!r}")
        predictions[slug] = _prediction(record, where)
    return predictions


def _parse_line(line: str, where: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise PredictionsError(f"{where}: invalid JSON ({exc.msg})") from None
    except RecursionError:
        raise PredictionsError(f"{where}: nested too deeply to be a record") from None
    if not isinstance(record, dict):
        raise PredictionsError(f"{where}: a record must be a JSON object")
    return record


def _slug_of(record: dict[str, Any], where: str) -> str:
    slug = record.get("fixture")
    if isinstance(slug, str) and slug:
        return slug
    source = record.get("source")
    if isinstance(source, str) and source not in ("", "-"):
        return Path(source).parent.name
    raise PredictionsError(f"{where}: needs a 'fixture' key or a 'source' path in a fixture folder")


def _prediction(record: dict[str, Any], where: str) -> Prediction:
    provenance = record.get("provenance") if isinstance(record.get("provenance"), dict) else None
    error = record.get("error")
    raw = record.get("result")
    if raw is None:
        message = "no result"
        if isinstance(error, dict):
            message = f"{error.get('type', 'error')}: {error.get('message', '')}"
        return Prediction(result=None, error=message, provenance=provenance)
    try:
        result = ArticleSummary.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise PredictionsError(f"{where}: result.{loc}: {first['msg']}") from None
    return Prediction(result=result, provenance=provenance)


def score_predictions(
    fixtures: Sequence[Fixture], predictions: dict[str, Prediction]
) -> dict[str, FixtureScore]:
    """Score each fixture; one with no prediction scores as a failed extraction."""
    scores = {}
    for fixture in fixtures:
        pred = predictions.get(fixture.slug, Prediction(result=None, error="no prediction"))
        scores[fixture.slug] = score_fixture(fixture.gold, pred.result, pred.error)
    return scores


__all__ = [
    "Prediction",
    "PredictionsError",
    "load_predictions",
    "run_pipeline",
    "score_predictions",
]

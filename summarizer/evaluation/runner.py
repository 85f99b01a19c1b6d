"""Get predictions for the fixtures: run the pipeline, or read saved records."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from summarizer.errors import InputError
from summarizer.evaluation.dropped import dropped_items
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
    dropped: int = 0  # items the pipeline dropped as ungrounded (summarizer.evaluation.dropped)
    record: dict[str, Any] | None = None  # the whole record as JSON, for the HTML report


def run_pipeline(
    pipeline: Pipeline,
    fixtures: Sequence[Fixture],
    on_done: Callable[[Fixture, SummaryRecord], None] | None = None,
    *,
    concurrency: int = 1,
) -> dict[str, Prediction]:
    """Summarize every fixture's article with its reference date from meta.json.

    Up to ``concurrency`` articles are extracted at once through the pipeline's async
    path; ``on_done`` is called as each finishes, and the predictions come back in
    fixture order whatever order they finished in.
    """
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    work = _summarize_all(pipeline, fixtures, on_done, concurrency)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        records = asyncio.run(work)
    else:
        # Called from inside an event loop (a notebook, say): run ours in a thread.
        with ThreadPoolExecutor(max_workers=1) as thread:
            records = thread.submit(asyncio.run, work).result()
    return {f.slug: _from_record(r) for f, r in zip(fixtures, records, strict=True)}


async def _summarize_all(
    pipeline: Pipeline,
    fixtures: Sequence[Fixture],
    on_done: Callable[[Fixture, SummaryRecord], None] | None,
    concurrency: int,
) -> list[SummaryRecord]:
    slots = asyncio.Semaphore(concurrency)

    async def one(fixture: Fixture) -> SummaryRecord:
        async with slots:
            # Reading and cleaning are blocking work; the loop keeps the other calls going.
            job = await asyncio.to_thread(
                lambda: pipeline.prepare(pipeline.read(fixture.article), fixture.reference_date)
            )
            record = await pipeline.arun(job)
        if on_done is not None:
            on_done(fixture, record)
        return record

    tasks = [asyncio.ensure_future(one(fixture)) for fixture in fixtures]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        # A configuration error (no key, 401) would fail every fixture: stop the rest.
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
    finally:
        # The async client's connections belong to this loop: close them inside it.
        await pipeline.provider.aclose()


def _from_record(record: SummaryRecord) -> Prediction:
    error = f"{record.error.type}: {record.error.message}" if record.error else None
    return Prediction(
        result=record.result,
        error=error,
        cached=record.usage.cached,
        provenance=record.provenance.model_dump(),
        dropped=dropped_items(record.warnings),
        record=record.model_dump(mode="json"),
    )


def load_predictions(
    path: str | Path,
    fixtures: Sequence[Fixture],
    *,
    warn: Callable[[str], None] | None = None,
) -> dict[str, Prediction]:
    """Saved records (JSON Lines), each matched to a fixture by ``fixture`` or its source.

    A record's source is matched to the fixture whose folder holds it: the fixture's own
    article (a batch run over the fixtures directory), else a folder named like a fixture
    (records made from a copy elsewhere). A record of a file lying beside the fixture
    folders, such as their README, is no fixture's: ``warn`` is told and it is skipped.
    A record may be as small as ``{"fixture": slug, "result": {...}}``. A later record for
    the same fixture replaces an earlier one (a resumed batch may repeat an article).
    """
    path = Path(path)
    by_slug = {f.slug: f for f in fixtures}
    if path.exists() and not path.is_file():  # a FIFO would block, /dev/zero never end
        raise PredictionsError(f"{path}: not a regular file")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise PredictionsError(f"{path}: predictions file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PredictionsError(f"{path}: cannot read predictions ({exc})") from None
    places = _fixture_places(fixtures)
    predictions: dict[str, Prediction] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        record = _parse_line(line, where)
        slug = _slug_of(record, where, places)
        if slug is None:
            if warn is not None:
                warn(f"{where}: {record['source']} is not in a fixture folder: skipped")
            continue
        if slug not in by_slug:
            raise PredictionsError(f"{where}: no fixture named {slug!r}")
        predictions[slug] = _prediction(record, where)
    return predictions


@dataclass(frozen=True)
class _Places:
    articles: dict[Path, str]  # a fixture's article, resolved -> its slug
    roots: frozenset[Path]  # the folders holding the fixture folders


def _fixture_places(fixtures: Sequence[Fixture]) -> _Places:
    return _Places(
        articles={f.article.resolve(): f.slug for f in fixtures},
        roots=frozenset(f.directory.resolve().parent for f in fixtures),
    )


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


def _slug_of(record: dict[str, Any], where: str, places: _Places) -> str | None:
    """The fixture a record belongs to; None for a file beside the fixture folders."""
    slug = record.get("fixture")
    if isinstance(slug, str) and slug:
        return slug
    source = record.get("source")
    if isinstance(source, str) and source not in ("", "-"):
        # Sources are as the batch was given them, relative to where it ran: try here.
        resolved = Path(source).resolve()
        if resolved in places.articles:
            return places.articles[resolved]
        if resolved.parent in places.roots:
            return None
        if Path(source).parent.name:
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
        return Prediction(result=None, error=message, provenance=provenance, record=record)
    try:
        result = ArticleSummary.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise PredictionsError(f"{where}: result.{loc}: {first['msg']}") from None
    warnings = record.get("warnings")
    dropped = dropped_items(warnings) if isinstance(warnings, list) else 0
    return Prediction(result=result, provenance=provenance, dropped=dropped, record=record)


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

"""`summarizer eval`: score the pipeline (or saved records) against the gold fixtures."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from summarizer.cli.exits import EXIT_FAILED, EXIT_USAGE, fail, say
from summarizer.cli.options import (
    BaseUrlOpt,
    ModelOpt,
    ModeOpt,
    ProviderOpt,
    TimeoutOpt,
    choose_provider,
)
from summarizer.errors import SummarizerError

# The eval stack (scipy, numpy, the scorers) loads only when an eval runs.
if TYPE_CHECKING:
    from rich.console import Console

    from summarizer.evaluation.fixtures import Fixture
    from summarizer.evaluation.runner import Prediction
    from summarizer.providers import Provider
    from summarizer.records import SummaryRecord

DEFAULT_FIXTURES = Path("evals/fixtures")
_PROVENANCE_KEYS = ("provider", "model", "prompt_version", "schema_version", "package_version")


def evaluate(
    fixtures: Annotated[
        Path,
        typer.Option("--fixtures", help="Fixture folders: <slug>/{article, gold.json, meta.json}."),
    ] = DEFAULT_FIXTURES,
    provider: ProviderOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    timeout: TimeoutOpt = None,
    mode: ModeOpt = None,
    predictions: Annotated[
        Path | None,
        typer.Option(
            "--predictions",
            help="Score saved records (JSON Lines) instead of running the pipeline; each is "
            "matched to a fixture by its 'fixture' key or the folder of its 'source'.",
        ),
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the full report (JSON) to this file.")
    ] = None,
    save_baseline: Annotated[
        Path | None, typer.Option("--save-baseline", help="Store this run's report as a baseline.")
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(help="Compare with a saved baseline; exit 1 if a gated metric falls."),
    ] = None,
    tolerance: Annotated[
        float, typer.Option(min=0.0, help="How far a gated metric may fall before it fails.")
    ] = 0.02,
    repeat: Annotated[
        int,
        typer.Option(
            min=1, help="Run N times and report mean ± std (the cache is not read when N > 1)."
        ),
    ] = 1,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Ask the model again instead of the disk cache.")
    ] = False,
) -> None:
    """Score extraction against the hand-labelled fixtures, field by field."""
    from rich.console import Console

    from summarizer.evaluation.baseline import load_baseline, write_json
    from summarizer.evaluation.fixtures import load_fixtures
    from summarizer.evaluation.render import attributes_table, scores_table
    from summarizer.evaluation.report import build_report, combine_runs
    from summarizer.evaluation.runner import load_predictions, score_predictions

    if predictions is not None and repeat > 1:
        say("summarizer: error: --repeat needs the pipeline; it cannot be used with --predictions")
        raise typer.Exit(EXIT_USAGE)
    try:
        fixture_list = load_fixtures(fixtures)
        base = load_baseline(baseline) if baseline is not None else None
        if predictions is not None:
            preds = load_predictions(predictions, fixture_list)
            _warn_missing(fixture_list, preds)
            reports = [build_report(score_predictions(fixture_list, preds), _provenance_of(preds))]
        else:
            chosen = choose_provider(provider, model, base_url, timeout, mode=mode)
            reports = _run(chosen, fixture_list, repeat, use_cache=not no_cache and repeat == 1)
    except SummarizerError as exc:
        fail(exc)

    report = combine_runs(reports)
    out = Console(highlight=False)
    out.print(scores_table(report))
    out.print(attributes_table(report))
    try:
        if json_out is not None:
            write_json(json_out, report)
        if save_baseline is not None:
            write_json(save_baseline, report)
            say(f"summarizer: baseline saved to {save_baseline}")
    except OSError as exc:
        say(f"summarizer: error: cannot write {exc.filename}: {exc.strerror}")
        raise typer.Exit(EXIT_USAGE) from None
    if base is not None:
        _gate(report, base, tolerance, out)


def _run(provider: Provider, fixtures: list[Fixture], repeat: int, *, use_cache: bool) -> list[Any]:
    from summarizer.cache import DiskCache
    from summarizer.evaluation.report import build_report
    from summarizer.evaluation.runner import run_pipeline, score_predictions
    from summarizer.pipeline import Pipeline

    cache = DiskCache() if use_cache else None
    pipeline = Pipeline(provider, cache=cache)
    provenance = pipeline.provenance(None).model_dump(include=set(_PROVENANCE_KEYS))

    def report_failure(fixture: Fixture, record: SummaryRecord) -> None:
        if record.error is not None:
            say(f"summarizer: {fixture.slug}: extraction failed: {record.error.message}")

    reports = []
    try:
        for _ in range(repeat):
            preds = run_pipeline(pipeline, fixtures, on_done=report_failure)
            reports.append(build_report(score_predictions(fixtures, preds), provenance))
    finally:
        provider.close()
    if cache is not None and cache.hits:
        where = cache.directory
        say(f"summarizer: {cache.hits} of {len(fixtures)} answers from the cache ({where})")
    return reports


def _warn_missing(fixtures: list[Fixture], preds: dict[str, Prediction]) -> None:
    missing = [f.slug for f in fixtures if f.slug not in preds]
    if missing:
        say(f"summarizer: no prediction for {', '.join(missing)}: scored as failed")


def _provenance_of(preds: dict[str, Prediction]) -> dict[str, Any]:
    """The records' shared provenance; a key whose records disagree reads "mixed"."""
    merged: dict[str, Any] = dict.fromkeys(_PROVENANCE_KEYS)
    seen = [p.provenance for p in preds.values() if p.provenance]
    for key in _PROVENANCE_KEYS:
        values = {repr(p.get(key)) for p in seen}
        if len(values) == 1:
            merged[key] = seen[0].get(key)
        elif values:
            merged[key] = "mixed"
    merged["source"] = "predictions"
    return merged


def _gate(report: dict[str, Any], base: dict[str, Any], tolerance: float, out: Console) -> None:
    from summarizer.evaluation.baseline import compare
    from summarizer.evaluation.render import deltas_table

    comparison = compare(report, base, tolerance)
    then, now = base.get("provenance") or {}, report.get("provenance") or {}
    changed = [k for k in _PROVENANCE_KEYS[:4] if k in then and then.get(k) != now.get(k)]
    if changed:
        # Expected when judging a prompt or model change; a surprise when it was not meant.
        diffs = ", ".join(f"{k} {then.get(k)} -> {now.get(k)}" for k in changed)
        say(f"summarizer: note: the baseline was made differently: {diffs}")
    out.print(deltas_table(comparison))
    if comparison.new_fixtures:
        say(f"summarizer: not in the baseline: {', '.join(comparison.new_fixtures)}")
    if comparison.missing_fixtures:
        say(f"summarizer: in the baseline only: {', '.join(comparison.missing_fixtures)}")
    regressions = comparison.regressions
    if regressions:
        worst = ", ".join(
            f"{d.scope} {d.metric} {d.baseline} -> {d.current}" for d in regressions[:5]
        )
        more = f" and {len(regressions) - 5} more" if len(regressions) > 5 else ""
        say(
            f"summarizer: regression beyond tolerance {tolerance}: {len(regressions)} "
            f"metric(s) fell: {worst}{more}"
        )
        raise typer.Exit(EXIT_FAILED)
    say(f"summarizer: no gated metric fell by more than {tolerance}")


def register(app: typer.Typer) -> None:
    """Add `eval` to the app."""
    app.command("eval")(evaluate)

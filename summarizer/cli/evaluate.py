"""`summarizer eval`: score the pipeline (or saved records) against the gold fixtures.

Exit 1 when a gated metric regressed past the baseline, or when any fixture failed to
extract (unless ``--allow-failures``): a table of zeros from an unreachable model is not
a result. Report files (``--json``, ``--html``, ``--junit``) are written either way.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from summarizer.cli.exits import EXIT_FAILED, EXIT_OK, EXIT_USAGE, fail, say
from summarizer.cli.options import (
    BaseUrlOpt,
    ModelOpt,
    ModeOpt,
    ProviderOpt,
    StrictGroundingOpt,
    TimeoutOpt,
    choose_provider,
)
from summarizer.errors import SummarizerError

# The eval stack (scipy, numpy, the scorers) loads only when an eval runs.
if TYPE_CHECKING:
    from rich.console import Console

    from summarizer.evaluation.baseline import Comparison
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
            help="Score saved records (JSON Lines, e.g. a batch output) instead of running "
            "the pipeline; each is matched to a fixture by its 'fixture' key or the fixture "
            "folder of its 'source'.",
        ),
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the full report (JSON) to this file.")
    ] = None,
    html_out: Annotated[
        Path | None,
        typer.Option(
            "--html",
            help="Write a self-contained HTML report: per fixture, gold and predicted items "
            "side by side with their spans in the article; the totals against the baseline.",
        ),
    ] = None,
    junit_out: Annotated[
        Path | None,
        typer.Option(
            "--junit",
            help="Write JUnit XML for CI: a test case per fixture and gated metric, failing "
            "where the baseline gate fails.",
        ),
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
    concurrency: Annotated[
        int, typer.Option(min=1, max=256, help="Fixtures extracted at once.")
    ] = 1,
    allow_failures: Annotated[
        bool,
        typer.Option(
            "--allow-failures",
            help="Exit 0 even if some fixtures failed to extract (they score zero).",
        ),
    ] = False,
    compare_reports: Annotated[
        tuple[Path, Path] | None,
        typer.Option(
            "--compare",
            help="Compare two saved reports (A.json B.json, from --json or --save-baseline): "
            "per-field totals of both and their difference, and per fixture which did better. "
            "Runs nothing.",
            metavar="A.json B.json",
            show_default=False,
        ),
    ] = None,
    strict_grounding: StrictGroundingOpt = False,
) -> None:
    """Score extraction against the hand-labelled fixtures, field by field."""
    from rich.console import Console

    from summarizer.evaluation.baseline import compare, write_json
    from summarizer.evaluation.render import attributes_table, scores_table
    from summarizer.evaluation.report import build_report, combine_runs

    out = Console(highlight=False)
    if compare_reports is not None:
        given = [predictions, json_out, html_out, junit_out, save_baseline, baseline]
        names = ["--predictions", "--json", "--html", "--junit", "--save-baseline", "--baseline"]
        clashing = [name for name, value in zip(names, given, strict=True) if value is not None]
        _versus(compare_reports, clashing, out)
        return
    if predictions is not None and repeat > 1:
        say("summarizer: error: --repeat needs the pipeline; it cannot be used with --predictions")
        raise typer.Exit(EXIT_USAGE)
    try:
        fixture_list, base = _load_inputs(fixtures, baseline)
        if predictions is not None:
            preds = _load_predictions(predictions, fixture_list)
            report = build_report(_score(fixture_list, preds), _provenance_of(preds))
            reports = [_with_dropped(report, preds)]
        else:
            chosen = choose_provider(provider, model, base_url, timeout, mode=mode)
            use_cache = not no_cache and repeat == 1
            reports, preds = _run(
                chosen,
                fixture_list,
                repeat,
                concurrency,
                use_cache=use_cache,
                strict=strict_grounding,
            )
    except SummarizerError as exc:
        fail(exc)

    report = combine_runs(reports)
    if report["totals"].get("dropped"):
        say(
            f"summarizer: {report['totals']['dropped']:g} ungrounded item(s) dropped from the "
            "records (the report's 'dropped' counts them per fixture)"
        )
    plain = not out.is_terminal
    out.print(scores_table(report, plain=plain))
    out.print(attributes_table(report, plain=plain))
    failed = sum(r["totals"]["failed"] for r in reports)
    comparison = compare(report, base, tolerance) if base is not None else None
    failing = bool(failed) and not allow_failures
    try:
        if json_out is not None:
            write_json(json_out, report)
        if html_out is not None:
            _write_html(html_out, report, fixture_list, preds, comparison, tolerance)
        if junit_out is not None:
            _write_junit(junit_out, report, comparison, tolerance, allow_failures)
        if save_baseline is not None and not failing:
            write_json(save_baseline, report)
            say(f"summarizer: baseline saved to {save_baseline}")
    except OSError as exc:
        say(f"summarizer: error: cannot write {exc.filename}: {exc.strerror}")
        raise typer.Exit(EXIT_USAGE) from None
    regressed = comparison is not None and _gate(report, base or {}, comparison, tolerance, out)
    if failed:
        _say_failures(failed, len(fixture_list) * len(reports), allow_failures, save_baseline)
    raise typer.Exit(EXIT_FAILED if regressed or failing else EXIT_OK)


def _say_failures(failed: int, attempts: int, allowed: bool, save_baseline: Path | None) -> None:
    what = f"{failed} of {attempts} extractions failed"
    if allowed:
        say(f"summarizer: {what} and scored zero (allowed by --allow-failures)")
        return
    say(f"summarizer: error: {what} and scored zero; fix the provider or pass --allow-failures")
    if save_baseline is not None:
        say(f"summarizer: baseline not saved to {save_baseline}: it would hold the failures")


def _load_inputs(fixtures: Path, baseline: Path | None) -> tuple[list[Fixture], Any]:
    from summarizer.evaluation.baseline import load_baseline
    from summarizer.evaluation.fixtures import load_fixtures

    fixture_list = load_fixtures(fixtures)
    return fixture_list, load_baseline(baseline) if baseline is not None else None


def _load_predictions(path: Path, fixtures: list[Fixture]) -> dict[str, Prediction]:
    from summarizer.evaluation.runner import load_predictions

    preds = load_predictions(path, fixtures, warn=lambda m: say(f"summarizer: warning: {m}"))
    missing = [f.slug for f in fixtures if f.slug not in preds]
    if missing:
        say(f"summarizer: no prediction for {', '.join(missing)}: scored as failed")
    return preds


def _score(fixtures: list[Fixture], preds: dict[str, Prediction]) -> Any:
    from summarizer.evaluation.runner import score_predictions

    return score_predictions(fixtures, preds)


def _run(
    provider: Provider,
    fixtures: list[Fixture],
    repeat: int,
    concurrency: int,
    *,
    use_cache: bool,
    strict: bool,
) -> tuple[list[Any], dict[str, Prediction]]:
    """The reports of ``repeat`` runs, and the first run's predictions (for --html)."""
    from summarizer.cache import DiskCache
    from summarizer.evaluation.report import build_report
    from summarizer.evaluation.runner import run_pipeline, score_predictions
    from summarizer.pipeline import Pipeline

    cache = DiskCache() if use_cache else None
    pipeline = Pipeline(provider, cache=cache, strict_grounding=strict)
    provenance = pipeline.provenance(None).model_dump(include=set(_PROVENANCE_KEYS))

    def report_failure(fixture: Fixture, record: SummaryRecord) -> None:
        if record.error is not None:
            say(f"summarizer: {fixture.slug}: extraction failed: {record.error.message}")

    reports: list[Any] = []
    first: dict[str, Prediction] = {}
    try:
        for run in range(repeat):
            preds = run_pipeline(
                pipeline, fixtures, on_done=report_failure, concurrency=concurrency
            )
            first = preds if run == 0 else first
            report = build_report(score_predictions(fixtures, preds), provenance)
            reports.append(_with_dropped(report, preds))
    finally:
        provider.close()
    if cache is not None and cache.hits:
        where = cache.directory
        say(f"summarizer: {cache.hits} of {len(fixtures)} answers from the cache ({where})")
    return reports, first


def _with_dropped(report: dict[str, Any], preds: dict[str, Prediction]) -> dict[str, Any]:
    from summarizer.evaluation.dropped import add_dropped

    return add_dropped(report, {slug: p.dropped for slug, p in preds.items()})


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


def _write_html(
    path: Path,
    report: dict[str, Any],
    fixtures: list[Fixture],
    preds: dict[str, Prediction],
    comparison: Comparison | None,
    tolerance: float,
) -> None:
    from summarizer.evaluation.pages import comparison_data, fixture_pages
    from summarizer.review import write_report_page

    gate = comparison_data(comparison, tolerance) if comparison is not None else None
    provenance = report.get("provenance") or {}
    model = provenance.get("model") or provenance.get("provider")
    title = f"summarizer eval: {model}" if model else "summarizer eval"
    write_report_page(path, report, fixture_pages(fixtures, preds), gate, title=title)
    say(f"summarizer: HTML report written to {path}")


def _write_junit(
    path: Path,
    report: dict[str, Any],
    comparison: Comparison | None,
    tolerance: float,
    allow_failures: bool,
) -> None:
    from summarizer.evaluation.baseline import write_text
    from summarizer.evaluation.junit import junit_xml

    xml = junit_xml(report, comparison, tolerance=tolerance, allow_failures=allow_failures)
    write_text(path, xml)


def _gate(
    report: dict[str, Any],
    base: dict[str, Any],
    comparison: Comparison,
    tolerance: float,
    out: Console,
) -> bool:
    """Print the deltas against the baseline; True when a gated metric regressed."""
    from summarizer.evaluation.render import deltas_table

    then, now = base.get("provenance") or {}, report.get("provenance") or {}
    changed = [k for k in _PROVENANCE_KEYS[:4] if k in then and then.get(k) != now.get(k)]
    if changed:
        # Expected when judging a prompt or model change; a surprise when it was not meant.
        diffs = ", ".join(f"{k} {then.get(k)} -> {now.get(k)}" for k in changed)
        say(f"summarizer: note: the baseline was made differently: {diffs}")
    out.print(deltas_table(comparison, plain=not out.is_terminal))
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
        return True
    say(f"summarizer: no gated metric fell by more than {tolerance}")
    return False


def _versus(paths: tuple[Path, Path], clashing: list[str], out: Console) -> None:
    """``--compare``: two saved reports side by side (it runs nothing, so takes no outputs)."""
    from summarizer.evaluation.baseline import load_baseline
    from summarizer.evaluation.render import versus_fields_table, versus_fixtures_table
    from summarizer.evaluation.versus import compare_reports

    if clashing:
        say(
            "summarizer: error: --compare reads two saved reports; it runs nothing, so it "
            f"takes no {', '.join(clashing)}"
        )
        raise typer.Exit(EXIT_USAGE)
    try:
        a, b = (load_baseline(path) for path in paths)
    except SummarizerError as exc:
        fail(exc)
    for letter, path, data in (("A", paths[0], a), ("B", paths[1], b)):
        prov = data.get("provenance") or {}
        made = ", ".join(f"{k} {prov[k]}" for k in _PROVENANCE_KEYS[:3] if prov.get(k))
        say(f"summarizer: {letter} = {path}" + (f" ({made})" if made else ""))
    versus = compare_reports(a, b)
    plain = not out.is_terminal
    out.print(versus_fields_table(versus, (paths[0].name, paths[1].name), plain=plain))
    out.print(versus_fixtures_table(versus, plain=plain))


def register(app: typer.Typer) -> None:
    """Add `eval` to the app."""
    app.command("eval")(evaluate)

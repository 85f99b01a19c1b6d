"""`summarizer summarize PATH|-`: one article, a rich panel for people or the record as JSON."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from summarizer.cli.exits import fail, parse_date, terminal_safe
from summarizer.cli.options import (
    BaseUrlOpt,
    DateOpt,
    MaxBytesOpt,
    ModelOpt,
    ModeOpt,
    PathArg,
    ProviderOpt,
    RetriesOpt,
    StrictGroundingOpt,
    TimeoutOpt,
    choose_provider,
)
from summarizer.cli.view import HtmlOpt
from summarizer.config import DEFAULT_MAX_BYTES
from summarizer.errors import SummarizerError, exit_code_for

if TYPE_CHECKING:
    from summarizer.pipeline import Job
    from summarizer.records import SummaryRecord

JsonOpt = Annotated[bool, typer.Option("--json", help="Print the SummaryRecord as JSON.")]


def summarize_command(
    path: PathArg,
    json_output: JsonOpt = False,
    provider: ProviderOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    date: DateOpt = None,
    timeout: TimeoutOpt = None,
    mode: ModeOpt = None,
    max_retries: RetriesOpt = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    strict_grounding: StrictGroundingOpt = False,
    html: HtmlOpt = None,
) -> None:
    """Summarize one article into a validated, evidence-linked record."""
    from summarizer.pipeline import Pipeline

    reference_date = parse_date(date)
    try:
        chosen = choose_provider(provider, model, base_url, timeout, max_retries, mode=mode)
    except SummarizerError as exc:
        fail(exc)
    try:
        pipeline = Pipeline(chosen, max_bytes=max_bytes, strict_grounding=strict_grounding)
        job = pipeline.prepare(pipeline.read(path), reference_date)
        record = pipeline.run(job)
    except SummarizerError as exc:
        fail(exc)
    finally:
        chosen.close()
    if json_output:
        sys.stdout.write(record.to_json(indent=2) + "\n")
    else:
        from summarizer.cli.rendering import render_record

        render_record(record)
    if html is not None:
        _write_html(html, record, job)
    if record.error is not None:
        line = f"summarizer: error: {record.source}: {record.error.message}"
        print(terminal_safe(line), file=sys.stderr)
        raise typer.Exit(exit_code_for(record.error.type))


def _write_html(html: Path, record: SummaryRecord, job: Job) -> None:
    from summarizer.cli.view import write_review
    from summarizer.review import ReviewArticle

    article = ReviewArticle(record.model_dump(mode="json"), job.cleaned.text, job.cleaned.removed)
    title = record.result.title if record.result and record.result.title else record.source
    write_review(html, [article], title=f"summarizer review: {title}")


def register(app: typer.Typer) -> None:
    """Add `summarize` to the app."""
    app.command("summarize")(summarize_command)

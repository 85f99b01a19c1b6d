"""`summarizer summarize PATH|-`: one article, a rich panel for people or the record as JSON."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from summarizer.cli.exits import fail, parse_date, terminal_safe
from summarizer.cli.options import (
    BaseUrlOpt,
    DateOpt,
    MaxBytesOpt,
    ModelOpt,
    PathArg,
    ProviderOpt,
    RetriesOpt,
    TimeoutOpt,
    choose_provider,
)
from summarizer.config import DEFAULT_MAX_BYTES
from summarizer.errors import SummarizerError, exit_code_for

JsonOpt = Annotated[bool, typer.Option("--json", help="Print the SummaryRecord as JSON.")]


def summarize_command(
    path: PathArg,
    json_output: JsonOpt = False,
    provider: ProviderOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    date: DateOpt = None,
    timeout: TimeoutOpt = None,
    max_retries: RetriesOpt = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
) -> None:
    """Summarize one article into a validated, evidence-linked record."""
    from summarizer.pipeline import Pipeline

    reference_date = parse_date(date)
    try:
        chosen = choose_provider(provider, model, base_url, timeout, max_retries)
    except SummarizerError as exc:
        fail(exc)
    try:
        record = Pipeline(chosen, max_bytes=max_bytes).summarize(path, reference_date)
    except SummarizerError as exc:
        fail(exc)
    finally:
        chosen.close()
    if json_output:
        sys.stdout.write(record.to_json(indent=2) + "\n")
    else:
        from summarizer.cli.rendering import render_record

        render_record(record)
    if record.error is not None:
        line = f"summarizer: error: {record.source}: {record.error.message}"
        print(terminal_safe(line), file=sys.stderr)
        raise typer.Exit(exit_code_for(record.error.type))


def register(app: typer.Typer) -> None:
    """Add `summarize` to the app."""
    app.command("summarize")(summarize_command)

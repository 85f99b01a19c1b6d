"""`summarizer summarize PATH|-`: one article, a rich panel for people or the record as JSON."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..exceptions import SummarizerError, exit_code_for
from ..ingest import DEFAULT_MAX_BYTES
from ..pipeline import Pipeline
from ..render import render_record
from ._common import fail, parse_date
from ._options import (
    BaseUrlOpt,
    DateOpt,
    MaxBytesOpt,
    ModelOpt,
    PathArg,
    ProviderOpt,
    RetriesOpt,
    TimeoutOpt,
    choose_provider,
    close_provider,
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print the SummaryRecord as JSON.")]


def summarize_command(
    path: PathArg,
    json_output: JsonOpt = False,
    provider: ProviderOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    date: DateOpt = None,
    timeout: TimeoutOpt = 60.0,
    max_retries: RetriesOpt = 2,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
) -> None:
    """Summarize one article into a validated, evidence-linked record."""
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
        close_provider(chosen)
    if json_output:
        sys.stdout.write(record.to_json(indent=2) + "\n")
    else:
        render_record(record)
    if record.error is not None:
        print(f"summarizer: error: {record.source}: {record.error.message}", file=sys.stderr)
        raise typer.Exit(exit_code_for(record.error.type))


def register(app: typer.Typer) -> None:
    """Add `summarize` to the app."""
    app.command("summarize")(summarize_command)

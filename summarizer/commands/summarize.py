"""`summarizer summarize PATH|-`: one article, a rich panel for people or the record as JSON."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from ..exceptions import SummarizerError, exit_code_for
from ..ingest import DEFAULT_MAX_BYTES
from ..pipeline import Pipeline
from ..providers import Provider, Settings, make_provider
from ..render import render_record
from ._common import fail, parse_date, say

PathArg = Annotated[str, typer.Argument(help="Article file (text or HTML), or - for stdin.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the SummaryRecord as JSON.")]


class ProviderName(StrEnum):
    openai = "openai"
    rules = "rules"


ProviderOpt = Annotated[
    ProviderName | None,
    typer.Option(
        help="Default: openai when OPENAI_API_KEY or OPENAI_BASE_URL is set, else rules.",
        show_default=False,
    ),
]
ModelOpt = Annotated[
    str | None, typer.Option(help="Model name (env SUMMARIZER_MODEL).", show_default=False)
]
BaseUrlOpt = Annotated[
    str | None,
    typer.Option(help="OpenAI-compatible base URL (Ollama, vLLM, ...) (env OPENAI_BASE_URL)."),
]
DateOpt = Annotated[
    str | None,
    typer.Option("--date", help="Reference (publication) date, YYYY-MM-DD, to resolve weekdays."),
]
TimeoutOpt = Annotated[float, typer.Option(help="Seconds to wait for each model call.")]
RetriesOpt = Annotated[
    int, typer.Option(help="Re-asks after an invalid or ungrounded answer.", min=0, max=10)
]
MaxBytesOpt = Annotated[int, typer.Option(help="Refuse inputs larger than this.", min=1)]


def build_provider(
    provider: ProviderName | str | None,
    model: str | None,
    base_url: str | None,
    timeout: float | None = None,
    max_retries: int | None = None,
) -> Provider:
    """The provider for a run, announced on stderr when it was not chosen explicitly."""
    settings = Settings.from_env(
        provider=str(provider) if provider else None,
        model=model,
        base_url=base_url,
        timeout=timeout,
        max_reasks=max_retries,
    )
    try:
        chosen = make_provider(settings)
    except SummarizerError as exc:
        fail(exc)
    if provider is None:
        if chosen.name == "rules":
            say(
                "summarizer: no model configured (OPENAI_API_KEY / OPENAI_BASE_URL unset): "
                "using the offline rules provider"
            )
        else:
            say(f"summarizer: using provider {chosen.name}, model {chosen.model}")
    return chosen


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
    chosen = build_provider(provider, model, base_url, timeout, max_retries)
    pipeline = Pipeline(chosen, max_bytes=max_bytes)
    try:
        record = pipeline.summarize(path, reference_date)
    except SummarizerError as exc:
        fail(exc)
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

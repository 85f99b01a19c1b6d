"""`summarizer schema`: the JSON Schema of the output contract."""

from __future__ import annotations

import json
from typing import Annotated

import typer


def schema_command(
    record: Annotated[
        bool, typer.Option("--record", help="The SummaryRecord schema instead of ArticleSummary.")
    ] = False,
) -> None:
    """Print the JSON Schema of ArticleSummary (or of the whole SummaryRecord)."""
    from summarizer.records import SummaryRecord
    from summarizer.schema import ArticleSummary

    model = SummaryRecord if record else ArticleSummary
    typer.echo(json.dumps(model.model_json_schema(), indent=2))


def register(app: typer.Typer) -> None:
    """Add `schema` to the app."""
    app.command("schema")(schema_command)

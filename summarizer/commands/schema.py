"""`summarizer schema`: the JSON Schema of the output contract."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from ..records import SummaryRecord
from ..schema import ArticleSummary


def schema_command(
    record: Annotated[
        bool, typer.Option("--record", help="The SummaryRecord schema instead of ArticleSummary.")
    ] = False,
) -> None:
    """Print the JSON Schema of ArticleSummary (or of the whole SummaryRecord)."""
    model = SummaryRecord if record else ArticleSummary
    typer.echo(json.dumps(model.model_json_schema(), indent=2))


def register(app: typer.Typer) -> None:
    """Add `schema` to the app."""
    app.command("schema")(schema_command)

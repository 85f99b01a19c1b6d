"""`summarizer clean PATH|-`: show what the model would see, and what was taken out."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from summarizer.cli.exits import fail, parse_date, say, terminal_safe
from summarizer.cli.options import MaxBytesOpt, PathArg
from summarizer.config import DEFAULT_MAX_BYTES
from summarizer.errors import SummarizerError

if TYPE_CHECKING:
    from summarizer.cleaning import CleanedArticle
    from summarizer.schema import UpdateStamp


def cleaned_to_dict(
    cleaned: CleanedArticle, source: str, stamp: UpdateStamp | None
) -> dict[str, Any]:
    """The JSON shape of ``summarizer clean --json``."""
    dateline = cleaned.dateline
    return {
        "source": source,
        "title": cleaned.title,
        "byline": cleaned.byline,
        "dateline": (
            {"text": dateline.text, "place": dateline.place, "agency": dateline.agency}
            if dateline
            else None
        ),
        "published": cleaned.published.isoformat() if cleaned.published else None,
        "modified": cleaned.modified.isoformat() if cleaned.modified else None,
        "updated": stamp.model_dump() if stamp else None,
        "text": cleaned.text,
        "removed": [{"text": r.text, "reason": r.reason} for r in cleaned.removed],
    }


def _render(cleaned: CleanedArticle, source: str, stamp: UpdateStamp | None) -> None:
    from rich.console import Console
    from rich.panel import Panel
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=False)
    facts = Text(cleaned.title or "(no headline)", style="bold")
    facts.append("\n")
    for label, value in (
        ("byline", cleaned.byline),
        ("dateline", cleaned.dateline.text if cleaned.dateline else None),
        ("published", cleaned.published.isoformat() if cleaned.published else None),
        ("updated", (stamp.iso or stamp.text) if stamp else cleaned.updated_line),
    ):
        if value:
            facts.append(f"{label}: ", style="bold")
            facts.append(f"{value}\n")
    facts.append(f"{len(cleaned.text)} characters", style="dim")
    console.print(Panel(facts, subtitle=Text(terminal_safe(source))))
    console.print(Text(cleaned.text))
    if cleaned.removed:
        console.print()
        console.print(Text(f"Removed {len(cleaned.removed)} lines:", style="bold"))
        for line in cleaned.removed:
            entry = Text("  ")
            entry.append(f"[{line.reason}] ", style="yellow")
            entry.append(line.text, style="dim")
            console.print(entry)


def register(app: typer.Typer) -> None:
    """Add the ``clean`` command to the app."""

    @app.command("clean")
    def clean_command(
        path: PathArg,
        as_json: Annotated[
            bool, typer.Option("--json", help="Print the cleaned article as JSON.")
        ] = False,
        date: Annotated[
            str | None,
            typer.Option(
                "--date",
                help="Reference date YYYY-MM-DD for the update line (default: the published date).",
            ),
        ] = None,
        max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    ) -> None:
        """Show the cleaned text the model sees: headline, dateline, what was removed."""
        from summarizer.claims import stamp_warning
        from summarizer.cleaning import clean_article, parse_update_line, read_article
        from summarizer.pipeline import reference_date_for

        reference: dt.date | None = parse_date(date)
        try:
            raw = read_article(path, max_bytes=max_bytes)
            cleaned = clean_article(raw)
        except SummarizerError as exc:
            fail(exc)
        reference = reference_date_for(cleaned, reference)
        stamp = (
            parse_update_line(cleaned.updated_line, reference, cleaned.published_at)
            if cleaned.updated_line
            else None
        )
        if cleaned.updated_line and stamp is None:
            say(f"summarizer: could not read a date or time in {cleaned.updated_line!r}")
        edge = stamp_warning(stamp, reference)
        if edge:
            say(f"summarizer: warning: {edge}")
        if as_json:
            typer.echo(json.dumps(cleaned_to_dict(cleaned, raw.source, stamp), ensure_ascii=False))
        else:
            _render(cleaned, raw.source, stamp)

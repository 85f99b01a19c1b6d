"""The rich rendering of a SummaryRecord, for people at a terminal (never for machines)."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from summarizer.pipeline import UNDATED_WARNING
from summarizer.records import SummaryRecord
from summarizer.schema import ArticleSummary, Count

UNDATED_HINT = (
    "hint: weekdays need a reference date; pass --date YYYY-MM-DD (the article's "
    "publication date) to date them"
)


def _count(count: Count | None) -> str:
    if count is None:
        return "–"
    prefix = {"exact": "", "at_least": "≥", "approximate": "~"}[count.precision]
    return f"{prefix}{count.value}"


def _events(result: ArticleSummary) -> Table:
    table = Table(title="Events", title_justify="left", expand=True, show_lines=False)
    for column in ("#", "kind", "when", "where", "what"):
        table.add_column(column, overflow="fold")
    for i, event in enumerate(result.events):
        when = " ".join(x for x in (event.date, f"({event.when})" if event.when else None) if x)
        table.add_row(str(i), str(event.kind), when, event.location or "", event.description)
    return table


def _casualties(result: ArticleSummary) -> Table:
    table = Table(title="Casualties", title_justify="left", expand=True)
    for column in ("group", "killed", "injured", "missing", "event", "reported by"):
        table.add_column(column, overflow="fold")
    for c in result.casualties:
        table.add_row(
            c.group,
            _count(c.killed),
            _count(c.injured),
            _count(c.missing),
            "" if c.event is None else str(c.event),
            c.reported_by or "",
        )
    return table


def _attributions(result: ArticleSummary) -> Table:
    table = Table(title="Attributions", title_justify="left", expand=True)
    for column in ("speaker", "channel", "claim"):
        table.add_column(column, overflow="fold")
    for a in result.attributions:
        speaker = a.speaker + (f" ({a.affiliation})" if a.affiliation else "")
        claim = a.claim + (f"\n“{a.quote}”" if a.quote else "")
        table.add_row(speaker, str(a.channel), claim)
    return table


def record_renderable(record: SummaryRecord) -> RenderableType:
    """A panel showing the summary, events, casualties, attributions and update time."""
    prov = record.provenance
    subtitle = f"{prov.provider}" + (f" · {prov.model}" if prov.model else "")
    if record.result is None:
        message = record.error.message if record.error else "no result"
        return Panel(Text(message, style="red"), title=record.source, subtitle=subtitle)
    result = record.result
    parts: list[RenderableType] = [Text(result.summary)]
    meta = []
    if record.article and record.article.dateline:
        meta.append(record.article.dateline.text)
    if result.updated is not None:
        meta.append(f"updated {result.updated.iso or result.updated.text}")
    if prov.reference_date:
        meta.append(f"reference date {prov.reference_date}")
    if meta:
        parts.append(Text(" · ".join(meta), style="dim"))
    if result.events:
        parts.append(_events(result))
    if result.casualties:
        parts.append(_casualties(result))
    if result.attributions:
        parts.append(_attributions(result))
    for warning in record.warnings:
        parts.append(Text(f"warning: {warning}", style="yellow"))
    if any(w.startswith(UNDATED_WARNING) for w in record.warnings):
        parts.append(Text(UNDATED_HINT, style="cyan"))
    return Panel(
        Group(*parts), title=Text(result.title or record.source, style="bold"), subtitle=subtitle
    )


def render_record(record: SummaryRecord, console: Console | None = None) -> None:
    """Print the record's panel to stdout (or the given console)."""
    (console or Console()).print(record_renderable(record))

"""The rich rendering of a SummaryRecord, for people at a terminal (never for machines).

It reads at 80 columns: the title is a wrapping line inside the panel (a panel's title
bar would cut it), items are numbered blocks rather than many-column tables, labels such
as event kinds are words that wrap at spaces, and under each item its evidence excerpt
(dim, shortened) and span say where in the cleaned text it came from.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.style import Style
from rich.table import Table
from rich.text import Text

from summarizer.claims import UNDATED_WARNING
from summarizer.cli.exits import terminal_safe
from summarizer.records import SummaryRecord
from summarizer.schema import ArticleSummary, Attribution, Casualty, Count, Event

EVIDENCE_CHARS = 110  # an excerpt longer than this is shortened in the panel
_PRECISION = {"exact": "", "at_least": "≥ ", "approximate": "≈ "}


class _Text(Text):
    """Text whose strings come from an article or a model: a terminal never acts on them
    (escape sequences, control characters are shown escaped, not executed)."""

    def __init__(self, text: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(terminal_safe(text, multiline=True), *args, **kwargs)

    def append(self, text: str | Text, style: str | Style | None = None) -> Text:
        if isinstance(text, str):
            text = terminal_safe(text, multiline=True)
        return super().append(text, style)


UNDATED_HINT = (
    "hint: weekdays need a reference date; pass --date YYYY-MM-DD (the article's "
    "publication date) to date them"
)


def _count(count: Count | None) -> str:
    if count is None:
        return "–"
    return f"{_PRECISION[count.precision]}{count.value}"


def _words(value: object) -> str:
    # "shelling_artillery_missile_attack" wraps at its spaces once they are spaces.
    return str(value).replace("_", " ")


def _evidence(item: Event | Casualty | Attribution) -> Text:
    excerpt = " ".join(item.evidence.split())
    if len(excerpt) > EVIDENCE_CHARS:
        # At a word boundary, so that what is shown is the article's own words.
        excerpt = excerpt[: EVIDENCE_CHARS - 1].rsplit(" ", 1)[0] + " …"
    if item.evidence_span is None:
        line = _Text("evidence (not found in the text): ", style="yellow")
    else:
        start, end = item.evidence_span
        line = _Text(f"evidence {start}–{end}: ", style="dim cyan")
    line.append(excerpt, style="dim")
    return line


def _block(title: str, entries: list[list[Text]]) -> RenderableType:
    """A heading and numbered entries, each a few wrapping lines."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True, style="dim")
    grid.add_column(overflow="fold")
    for number, lines in enumerate(entries):
        grid.add_row(str(number), Text("\n").join(lines))
    return Group(_Text(title, style="bold"), grid)


def _event(event: Event) -> list[Text]:
    facts = [_words(event.kind)]
    when = " ".join(x for x in (event.date, f"({event.when})" if event.when else None) if x)
    facts += [x for x in (when, event.location) if x]
    head = _Text(" · ".join(facts), style="bold")
    lines = [head, _Text(event.description)]
    parties = [
        f"{label}: {'; '.join(names)}"
        for label, names in (
            ("actors", event.actors),
            ("alleged", event.alleged_actors),
            ("targets", event.targets),
        )
        if names
    ]
    if parties:
        lines.append(_Text(" · ".join(parties)))
    return [*lines, _evidence(event)]


def _casualty(casualty: Casualty) -> list[Text]:
    counts = [
        f"{name} {_count(getattr(casualty, name))}"
        for name in ("killed", "injured", "missing")
        if getattr(casualty, name) is not None
    ]
    head = _Text(casualty.group, style="bold")
    head.append(": " + ", ".join(counts) if counts else "")
    facts = []
    if casualty.event is not None:
        facts.append(f"event {casualty.event}")
    if casualty.reported_by:
        facts.append(f"reported by {casualty.reported_by}")
    lines = [head] + ([_Text(" · ".join(facts))] if facts else [])
    return [*lines, _evidence(casualty)]


def _attribution(attribution: Attribution) -> list[Text]:
    head = _Text(attribution.speaker, style="bold")
    if attribution.affiliation:
        head.append(f" ({attribution.affiliation})")
    head.append(f" · {_words(attribution.channel)}")
    lines = [head, _Text(attribution.claim)]
    if attribution.quote:
        lines.append(_Text(f"“{attribution.quote}”", style="italic"))
    return [*lines, _evidence(attribution)]


def _body(record: SummaryRecord, result: ArticleSummary) -> list[RenderableType]:
    parts: list[RenderableType] = [_Text(result.title or record.source, style="bold")]
    meta = []
    if record.article and record.article.dateline:
        meta.append(record.article.dateline.text)
    if result.updated is not None:
        meta.append(f"updated {result.updated.iso or result.updated.text}")
    if record.provenance.reference_date:
        meta.append(f"reference date {record.provenance.reference_date}")
    if meta:
        parts.append(_Text(" · ".join(meta), style="dim"))
    parts += [_Text(), _Text(result.summary)]
    sections = (
        ("Events", [_event(event) for event in result.events]),
        ("Casualties", [_casualty(casualty) for casualty in result.casualties]),
        ("Attributions", [_attribution(attribution) for attribution in result.attributions]),
    )
    for title, entries in sections:
        if entries:
            parts += [_Text(), _block(title, entries)]
    return parts


def record_renderable(record: SummaryRecord) -> RenderableType:
    """A panel showing the summary, events, casualties, attributions and update time."""
    prov = record.provenance
    subtitle = terminal_safe(f"{prov.provider}" + (f" · {prov.model}" if prov.model else ""))
    if record.result is None:
        message = record.error.message if record.error else "no result"
        body = Group(_Text(record.source, style="bold"), _Text(message, style="red"))
        return Panel(body, subtitle=subtitle, border_style="red")
    parts = _body(record, record.result)
    if record.warnings:
        parts.append(_Text())
    for warning in record.warnings:
        parts.append(_Text(f"warning: {warning}", style="yellow"))
    if any(w.startswith(UNDATED_WARNING) for w in record.warnings):
        parts.append(_Text(UNDATED_HINT, style="cyan"))
    return Panel(Group(*parts), subtitle=subtitle)


def render_record(record: SummaryRecord, console: Console | None = None) -> None:
    """Print the record's panel to stdout (or the given console)."""
    (console or Console()).print(record_renderable(record))

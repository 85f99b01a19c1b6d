"""The rich panel of `summarize` (no --json) in an 80-column terminal."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from rich.console import Console

from summarizer import Settings, summarize
from summarizer.cli.rendering import EVIDENCE_CHARS, record_renderable
from summarizer.records import ErrorInfo, SummaryRecord
from summarizer.schema import Casualty, Count

SEED = Path(__file__).resolve().parent.parent / "seeds" / "esta-coalition-rocket-attack.txt"
WIDTH = 80


def panel(record: SummaryRecord, width: int = WIDTH) -> list[str]:
    console = Console(width=width, force_terminal=False, color_system=None, record=True)
    console.print(record_renderable(record))
    return console.export_text().splitlines()


def inner(lines: list[str]) -> str:
    """The panel's text with its border and the line breaks between words taken out."""
    body = [line.strip("│ ").strip() for line in lines[1:-1]]
    return " ".join(part for part in body if part)


@pytest.fixture(scope="module")
def seed() -> SummaryRecord:
    return summarize(SEED, reference_date=dt.date(2021, 6, 28), settings=Settings(provider="rules"))


def test_every_line_fits_and_the_title_is_whole(seed: SummaryRecord) -> None:
    lines = panel(seed)
    assert max(len(line) for line in lines) <= WIDTH
    assert seed.result is not None and seed.result.title
    assert inner(lines).startswith(seed.result.title)  # wrapped inside, never cut
    assert "rules" in lines[-1]


def test_event_kinds_are_words_that_never_break_inside(seed: SummaryRecord) -> None:
    assert seed.result is not None
    lines = panel(seed, width=60)  # narrower still
    words = {word for event in seed.result.events for word in event.kind.split("_")}
    tokens = {token for line in lines for token in re.findall(r"[\w-]+", line)}
    assert words <= tokens  # each word of each kind appears whole on some line
    assert "shelling_artillery" not in " ".join(lines)


def test_each_item_shows_where_its_evidence_is(seed: SummaryRecord) -> None:
    assert seed.result is not None
    text = inner(panel(seed))
    items = [*seed.result.events, *seed.result.casualties, *seed.result.attributions]
    for item in items:
        assert item.evidence_span is not None
        start, end = item.evidence_span
        excerpt = " ".join(item.evidence.split())
        if len(excerpt) > EVIDENCE_CHARS:  # shortened at a word boundary
            excerpt = excerpt[: EVIDENCE_CHARS - 1].rsplit(" ", 1)[0] + " …"
        assert f"evidence {start}–{end}: {excerpt}" in text
    assert any(len(item.evidence) > EVIDENCE_CHARS for item in items)


def test_counts_show_their_precision(seed: SummaryRecord) -> None:
    assert seed.result is not None
    casualty = Casualty(
        group="officers",
        killed=Count(value=3, precision="exact"),
        injured=Count(value=12, precision="at_least"),
        missing=Count(value=20, precision="approximate"),
        evidence="killing three officers and wounding at least 12 people",
    )
    result = seed.result.model_copy(update={"casualties": [casualty]})
    body = inner(panel(seed.model_copy(update={"result": result})))
    assert "officers: killed 3, injured ≥ 12, missing ≈ 20" in body
    assert "evidence (not found in the text): killing three officers" in body


def test_a_failed_record_names_its_source_and_error(seed: SummaryRecord) -> None:
    error = ErrorInfo(type="ProviderError", message="the model did not answer within 60 s")
    failed = seed.model_copy(update={"result": None, "error": error, "source": "in/a.txt"})
    lines = panel(failed)
    assert max(len(line) for line in lines) <= WIDTH
    assert inner(lines) == "in/a.txt the model did not answer within 60 s"


def test_text_from_a_model_or_an_article_never_drives_the_terminal(seed: SummaryRecord) -> None:
    assert seed.result is not None
    hostile = "\x1b[2J\x1b]0;owned\x07 cleared"
    result = seed.result.model_copy(update={"summary": f"Rockets fell. {hostile}"})
    record = seed.model_copy(
        update={"result": result, "warnings": [f"odd {hostile}"], "source": "a\x1b[31m.txt"}
    )
    console = Console(width=80, record=True, force_terminal=True, color_system=None)
    console.print(record_renderable(record))
    shown = console.export_text()
    assert "\x1b" not in shown and "\x07" not in shown
    assert "\\x1b[2J" in shown and "cleared" in shown

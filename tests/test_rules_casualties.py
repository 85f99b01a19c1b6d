"""The rules' casualty records, by what they give on the public API: sentences written for
these tests (no fixture's sentences), one error class each."""

from __future__ import annotations

import datetime as dt

import summarizer
from summarizer.schema import ArticleSummary, Casualty

RULES = summarizer.Settings(provider="rules")
LEDE = "A gas explosion tore through a depot in the town of Varo on Monday."


def run(*paragraphs: str) -> ArticleSummary:
    text = "\n\n".join([LEDE, *paragraphs])
    record = summarizer.summarize_text(text, reference_date=dt.date(2024, 6, 15), settings=RULES)
    assert record.result is not None, record.error
    return record.result


def counts(c: Casualty) -> tuple[int | None, int | None, int | None]:
    return tuple(x.value if x else None for x in (c.killed, c.injured, c.missing))  # type: ignore[return-value]


def table(summary: ArticleSummary) -> list[tuple[str, tuple[int | None, ...], str | None]]:
    return [(c.group, counts(c), c.reported_by) for c in summary.casualties]


def test_a_death_toll_put_at_a_figure_is_a_killed_count() -> None:
    summary = run(
        "The regional health office later put the death toll at 13, the radio said.",
    )
    assert table(summary) == [("people", (13, None, None), "regional health office")]


def test_a_toll_and_the_wounded_of_one_source_are_one_record() -> None:
    summary = run(
        "In a statement, the Interior Ministry put the death toll at six and said 21 people"
        " were wounded.",
    )
    assert table(summary) == [("people", (6, 21, None), "Interior Ministry")]


def test_n_of_them_hurt_counts_the_people_named_before_it() -> None:
    summary = run("Rescuers pulled 19 boys out alive, 12 of them with injuries, the mayor said.")
    assert table(summary) == [("boys", (None, 12, None), "mayor")]


def test_people_who_are_no_figure_give_their_name_not_their_count() -> None:
    summary = run(
        "Thirty other workers in the shaft reached the surface, three of them with minor"
        " injuries, the company said.",
    )
    assert table(summary) == [("other workers", (None, 3, None), "company")]


def test_a_bare_remainder_is_of_the_people_counted_before_it() -> None:
    summary = run(
        "Officials said 300 inmates had escaped, 90 of whom were recaptured, leaving 210 still"
        " at large.",
    )
    assert table(summary) == [("inmates", (None, None, 210), "Officials")]


def test_a_bare_count_after_a_figure_still_joins_it() -> None:
    summary = run("Police said the blast killed 5 people and wounded 30 others.")
    assert table(summary) == [("people", (5, 30, None), "Police")]

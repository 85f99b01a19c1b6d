"""The shared language modules: dates, numbers and datelines, read one way everywhere."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from summarizer.language.datelines import DatelineInfo, parse_dateline
from summarizer.language.dates import (
    WEEKDAYS,
    find_calendar_date,
    find_clock_time,
    find_dates,
    find_time,
    find_weekday,
    month_number,
    nearest_year,
    on_or_after,
    on_or_before,
    parse_date,
    shift,
    weekday_named,
)
from summarizer.language.numbers import NUMBER, parse_number, stated_numbers, states_none

FIRST_DAY = dt.date.min  # 0001-01-01, a Monday
LAST_DAY = dt.date.max  # 9999-12-31, a Friday
MON_2021_06_28 = dt.date(2021, 6, 28)

# -- dates: names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "number"), [("Jan", 1), ("Sept.", 9), ("september", 9), ("May", 5), ("dec.", 12)]
)
def test_month_number_reads_every_form_of_a_month(name: str, number: int) -> None:
    assert month_number(name) == number


def test_weekday_named_reads_short_names() -> None:
    assert weekday_named("thurs") == "Thursday"
    assert weekday_named("TUE") == "Tuesday"
    assert weekday_named("sun") == "Sunday"
    assert weekday_named("someday") is None


# -- dates: arithmetic -----------------------------------------------------------------------


def test_weekdays_resolve_backwards_and_forwards_including_the_day_itself() -> None:
    assert on_or_before(MON_2021_06_28, "Monday") == MON_2021_06_28
    assert on_or_before(MON_2021_06_28, "Sunday") == dt.date(2021, 6, 27)
    assert on_or_before(MON_2021_06_28, "Tuesday") == dt.date(2021, 6, 22)
    assert on_or_after(MON_2021_06_28, "Monday") == MON_2021_06_28
    assert on_or_after(MON_2021_06_28, "Tuesday") == dt.date(2021, 6, 29)
    assert on_or_after(MON_2021_06_28, "Sunday") == dt.date(2021, 7, 4)


def test_arithmetic_past_either_end_of_the_calendar_is_none() -> None:
    assert shift(FIRST_DAY, -1) is None
    assert shift(LAST_DAY, 1) is None
    assert shift(LAST_DAY, -1) == dt.date(9999, 12, 30)
    assert on_or_before(FIRST_DAY, "Sunday") is None
    assert on_or_before(FIRST_DAY, "Monday") == FIRST_DAY
    assert on_or_after(LAST_DAY, "Tuesday") is None
    assert on_or_after(LAST_DAY, "Friday") == LAST_DAY
    assert nearest_year(12, 31, FIRST_DAY) == dt.date(1, 12, 31)
    assert nearest_year(1, 1, LAST_DAY) == dt.date(9999, 1, 1)


def test_nearest_year_picks_the_closest_occurrence() -> None:
    assert nearest_year(12, 30, dt.date(2024, 1, 2)) == dt.date(2023, 12, 30)
    assert nearest_year(1, 2, dt.date(2023, 12, 30)) == dt.date(2024, 1, 2)
    assert nearest_year(2, 29, dt.date(2023, 6, 1)) == dt.date(2024, 2, 29)
    assert nearest_year(2, 29, dt.date(2002, 6, 1)) is None  # no leap year within one


# -- dates: finders --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "month_first", "expected"),
    [
        ("Updated Feb. 13, 2024 3:45 p.m.", False, (2024, 2, 13)),
        ("14 November 2025 10:02 GMT", False, (2025, 11, 14)),
        ("on the 3rd of September, 2020", False, (2020, 9, 3)),
        ("Updated 14 Nov 10:02", False, (None, 11, 14)),
        ("2024/03/07 08:15", False, (2024, 3, 7)),
        ("10.02.2024, 14:30", False, (2024, 2, 10)),  # day first
        ("03/04/2024 10:00", False, (2024, 4, 3)),
        ("03/04/2024 10:00", True, (2024, 3, 4)),  # a month-first writer
        ("04/13/2024", False, (2024, 4, 13)),  # no 13th month: month first
    ],
)
def test_find_calendar_date(
    text: str, month_first: bool, expected: tuple[int | None, int, int]
) -> None:
    found = find_calendar_date(text, month_first=month_first)
    assert found is not None
    assert (found.year, found.month, found.day) == expected
    assert found.time is None and found.offset is None


def test_find_calendar_date_says_where_and_keeps_an_iso_time_and_offset() -> None:
    text = "Updated 2024-03-05T10:15:00+01:00 by the desk"
    found = find_calendar_date(text)
    assert found is not None and found.date == dt.date(2024, 3, 5)
    assert text[found.start : found.end] == "2024-03-05T10:15:00+01:00"
    assert found.time == dt.time(10, 15) and found.offset == dt.timedelta(hours=1)


@pytest.mark.parametrize("text", ["Updated 2024-02-30 10:00", "2024/13/01", "no date here", ""])
def test_find_calendar_date_refuses_what_is_no_date(text: str) -> None:
    assert find_calendar_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("at 12:25 a.m. (EBL time)", dt.time(0, 25)),
        ("3 pm", dt.time(15, 0)),
        ("08.15 CET", dt.time(8, 15)),
        ("0815 GMT", dt.time(8, 15)),
        ("around noon", dt.time(12, 0)),
        ("at midnight", dt.time(0, 0)),
        ("no time", None),
    ],
)
def test_find_clock_time(text: str, expected: dt.time | None) -> None:
    assert find_clock_time(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("updated on Tuesday", "Tuesday"),
        ("Thu, 07 Mar 2024", "Thursday"),
        ("Sat. 9 March", "Saturday"),
        ("the Sun rises", None),  # a short name only before a stop, a comma or a number
    ],
)
def test_find_weekday(text: str, expected: str | None) -> None:
    assert find_weekday(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4 March 2024", dt.date(2024, 3, 4)),
        ("March 4, 2024 at 14.30 GMT", dt.date(2024, 3, 4)),
        ("04.03.2024", dt.date(2024, 3, 4)),
        ("| Tue 5 Mar 2024 |", dt.date(2024, 3, 5)),
        ("The strike on March 4, 2024 killed three people in the old market", None),
        ("March 4", None),  # no year: not a header date
        ("no date", None),
    ],
)
def test_parse_date_takes_only_text_that_is_mostly_a_date(
    text: str, expected: dt.date | None
) -> None:
    assert parse_date(text) == expected


def test_find_dates_resolves_against_the_reference_date() -> None:
    found = find_dates("The raid on Sunday, a week after the June 30 attack.", MON_2021_06_28)
    assert [(d.text, d.iso) for d in found] == [("Sunday", "2021-06-27"), ("June 30", "2020-06-30")]
    assert [d.iso for d in find_dates("yesterday", MON_2021_06_28)] == ["2021-06-27"]


def test_find_dates_at_the_ends_of_the_calendar_leaves_the_date_null() -> None:
    assert [d.iso for d in find_dates("on Sunday", FIRST_DAY)] == [None]
    assert [d.iso for d in find_dates("yesterday", FIRST_DAY)] == [None]
    assert [d.iso for d in find_dates("on Monday", FIRST_DAY)] == ["0001-01-01"]
    assert [d.iso for d in find_dates("on Dec 31", FIRST_DAY)] == [None]  # would be year 0
    assert [d.iso for d in find_dates("on Thursday", LAST_DAY)] == ["9999-12-30"]


def test_find_time_keeps_the_time_as_written() -> None:
    assert find_time("The blast came at 07:44 p.m. local time.") == "07:44 p.m. local time"
    assert find_time("They left at 5 and came back.") is None


def test_weekdays_start_on_monday_as_date_weekday_does() -> None:
    assert WEEKDAYS[MON_2021_06_28.weekday()] == "Monday"


# -- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("at least 5", (5, "at_least")),
        ("more than 200", (200, "at_least")),
        ("about 20", (20, "approximate")),
        ("nearly two dozen", (24, "approximate")),
        ("a dozen", (12, "exact")),
        ("half a dozen", (6, "exact")),
        ("dozens", (12, "approximate")),
        ("dozens of", (12, "approximate")),
        ("scores", (20, "approximate")),
        ("hundreds", (100, "approximate")),
        ("tens of", (10, "approximate")),
        ("up to hundreds", (100, "approximate")),
        ("twenty-three", (23, "exact")),
        ("Twenty three", (23, "exact")),
        ("one hundred and twenty", (120, "exact")),
        ("1,200", (1200, "exact")),
        ("5 thousand", (5000, "exact")),
        ("a hundred", (100, "exact")),
        ("an", (1, "exact")),
        ("several", None),
        ("", None),
    ],
)
def test_parse_number(phrase: str, expected: tuple[int, str] | None) -> None:
    assert parse_number(phrase) == expected


@pytest.mark.parametrize(
    "phrase",
    [
        *("1,200", "5 thousand", "twenty-three", "seventeen", "two dozen", "a hundred"),
        *("half a dozen", "dozens of", "scores", "tens of"),
    ],
)
def test_number_pattern_matches_what_parse_number_reads(phrase: str) -> None:
    assert re.fullmatch(NUMBER, phrase, re.IGNORECASE)
    assert parse_number(phrase) is not None


@pytest.mark.parametrize(
    ("excerpt", "expected"),
    [
        ("named four members", {4}),
        ("twenty-five people", {25}),
        ("one hundred and twenty", {120}),
        ("1,200 people and 3 police", {1200, 3}),
        ("dozens were hurt", {12}),
        ("scores of people", {20}),
        ("hundreds fled", {100}),
        ("killed five; one survived", {5, 1}),
        ("nearly two dozen were hurt", {24}),
        ("half a dozen homes", {6}),
        ("five one", {5, 1}),
        ("both guards and a driver", {2, 1}),
    ],
)
def test_stated_numbers(excerpt: str, expected: set[int]) -> None:
    assert stated_numbers(excerpt) == expected


def test_states_none() -> None:
    assert states_none("Nobody was hurt.")
    assert states_none("the crew escaped unharmed")
    assert not states_none("Two people were hurt.")


# -- datelines -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("SULAIMANI (ESTA) — A rocket hit ...", ("SULAIMANI (ESTA) —", "SULAIMANI", "ESTA")),
        (
            "Kyiv, Ukraine (AP) — Russian drones ...",
            ("Kyiv, Ukraine (AP) —", "Kyiv, Ukraine", "AP"),
        ),
        ("(CNN) — Police said ...", ("(CNN) —", None, "CNN")),
        ("NEW DELHI: The government said on Monday.", ("NEW DELHI:", "NEW DELHI", None)),
    ],
)
def test_parse_dateline(paragraph: str, expected: tuple[str, str | None, str | None]) -> None:
    assert parse_dateline(paragraph) == DatelineInfo(*expected)


@pytest.mark.parametrize(
    "paragraph",
    [
        "BREAKING: Five people were killed in a strike near the border.",
        "NATO: the alliance said it would send more troops.",
        "Police — who arrived late — said nothing.",
        "In Gaza, Hamas — the group that runs the strip — said ...",
        "Gen Smith (AP) — The general said the strike killed five.",  # a title, not a place
    ],
)
def test_labels_and_sentence_starts_are_no_datelines(paragraph: str) -> None:
    assert parse_dateline(paragraph) is None


def test_last_weekday_is_the_one_before_the_reference_day() -> None:
    sunday = dt.date(2024, 5, 19)
    found = {m.text: m.iso for m in find_dates("on Sunday, after last Sunday's vote", sunday)}
    assert found["Sunday"] == "2024-05-19"  # the day itself
    assert found["last Sunday's"] == "2024-05-12"  # a week back
    friday = {m.text: m.iso for m in find_dates("last Friday", sunday)}
    assert friday == {"last Friday": "2024-05-17"}

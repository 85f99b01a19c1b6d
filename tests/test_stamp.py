"""The update-line parser: every UpdateStamp field, zones, daylight saving, weekdays."""

from __future__ import annotations

import datetime as dt

import pytest

import summarizer
from summarizer.cleaning import clean_article, decode_article, parse_published, parse_update_line
from summarizer.providers.rules import RulesProvider
from summarizer.schema import UpdateStamp

SEED_LINE = "*This story was updated at 12:25 a.m. (EBL time) on Tuesday"
MON_2021_06_28 = dt.date(2021, 6, 28)
MON_2024_03_04 = dt.date(2024, 3, 4)

# line, reference date -> time, weekday, date, timezone, utc_offset, iso
CASES: list[tuple[str, dt.date | None, tuple[str | None, ...]]] = [
    # The seed: a weekday resolves to the earliest such day on or after the reference date.
    (
        SEED_LINE,
        MON_2021_06_28,
        ("00:25", "Tuesday", "2021-06-29", "EBL", "+03:00", "2021-06-29T00:25:00+03:00"),
    ),
    (SEED_LINE, None, ("00:25", "Tuesday", None, "EBL", "+03:00", None)),
    (
        SEED_LINE,
        dt.date(2021, 6, 29),  # a Tuesday: "on or after" includes the day itself
        ("00:25", "Tuesday", "2021-06-29", "EBL", "+03:00", "2021-06-29T00:25:00+03:00"),
    ),
    (
        "This story was updated at 23:59 (Baghdad time) on Sunday",
        MON_2024_03_04,
        ("23:59", "Sunday", "2024-03-10", "Baghdad time", "+03:00", "2024-03-10T23:59:00+03:00"),
    ),
    # Written dates in several styles; the weekday is derived from the date.
    (
        "Updated: Feb. 13, 2024 3:45 p.m. ET",
        None,
        ("15:45", "Tuesday", "2024-02-13", "ET", "-05:00", "2024-02-13T15:45:00-05:00"),
    ),
    (
        "Updated: July 13, 2024 3:45 p.m. ET",  # same label, summer: daylight time
        None,
        ("15:45", "Saturday", "2024-07-13", "ET", "-04:00", "2024-07-13T15:45:00-04:00"),
    ),
    (
        "Last updated 14 November 2025 10:02 GMT",
        None,
        ("10:02", "Friday", "2025-11-14", "GMT", "+00:00", "2025-11-14T10:02:00+00:00"),
    ),
    (
        "Updated 10.02.2024, 14:30 CET",  # day first
        None,
        ("14:30", "Saturday", "2024-02-10", "CET", "+01:00", "2024-02-10T14:30:00+01:00"),
    ),
    (
        "Updated 03/04/2024 10:00 ET",  # a US zone: month first
        None,
        ("10:00", "Monday", "2024-03-04", "ET", "-05:00", "2024-03-04T10:00:00-05:00"),
    ),
    (
        "Updated 03/04/2024 10:00 GMT",  # elsewhere: day first
        None,
        ("10:00", "Wednesday", "2024-04-03", "GMT", "+00:00", "2024-04-03T10:00:00+00:00"),
    ),
    # ISO 8601 with its own offset: an offset, not a zone label, so the label stays null.
    (
        "Updated 2024-03-05T10:15:00+01:00",
        None,
        ("10:15", "Tuesday", "2024-03-05", None, "+01:00", "2024-03-05T10:15:00+01:00"),
    ),
    (
        "Updated 2024-03-05T10:15:00Z",
        None,
        ("10:15", "Tuesday", "2024-03-05", None, "+00:00", "2024-03-05T10:15:00+00:00"),
    ),
    (
        "Updated 2024-11-03T01:30:00-04:00",  # the offset disambiguates a repeated hour
        None,
        ("01:30", "Sunday", "2024-11-03", None, "-04:00", "2024-11-03T01:30:00-04:00"),
    ),
    # noon, midnight, 24-hour and military times.
    (
        "Updated at noon (Baghdad time) on Wednesday",
        MON_2024_03_04,
        ("12:00", "Wednesday", "2024-03-06", "Baghdad time", "+03:00", "2024-03-06T12:00:00+03:00"),
    ),
    (
        "Updated midnight ET, Dec. 31, 2023",
        None,
        ("00:00", "Sunday", "2023-12-31", "ET", "-05:00", "2023-12-31T00:00:00-05:00"),
    ),
    ("Updated 1430 GMT", None, ("14:30", None, None, "GMT", "+00:00", None)),
    ("UPDATED 9:45PM EDT", None, ("21:45", None, None, "EDT", "-04:00", None)),
    (
        "Updated 12 p.m. BST, 1 June 2024",
        None,
        ("12:00", "Saturday", "2024-06-01", "BST", "+01:00", "2024-06-01T12:00:00+01:00"),
    ),
    # Place-name zones through IANA, with daylight saving by date.
    (
        "Updated at midnight Kyiv time on March 31, 2024",  # clocks go forward at 03:00
        None,
        ("00:00", "Sunday", "2024-03-31", "Kyiv time", "+02:00", "2024-03-31T00:00:00+02:00"),
    ),
    (
        "Updated 4 a.m. Kyiv time on March 31, 2024",
        None,
        ("04:00", "Sunday", "2024-03-31", "Kyiv time", "+03:00", "2024-03-31T04:00:00+03:00"),
    ),
    # 03:30 that day never happened in Kyiv: no single offset.
    (
        "Updated 3:30 a.m. Kyiv time on March 31, 2024",
        None,
        ("03:30", "Sunday", "2024-03-31", "Kyiv time", None, None),
    ),
    (
        "Updated 08:00 Gaza time, 14 November 2025",
        None,
        ("08:00", "Friday", "2025-11-14", "Gaza time", "+02:00", "2025-11-14T08:00:00+02:00"),
    ),
    (
        "Updated 08:00 Gaza time, 14 July 2025",
        None,
        ("08:00", "Monday", "2025-07-14", "Gaza time", "+03:00", "2025-07-14T08:00:00+03:00"),
    ),
    (
        "Updated 7 a.m. London time, 1 December 2024",
        None,
        ("07:00", "Sunday", "2024-12-01", "London time", "+00:00", "2024-12-01T07:00:00+00:00"),
    ),
    # US daylight-saving edges: the repeated hour and the skipped hour have no single offset.
    (
        "Updated 1:30 a.m. ET Nov. 3, 2024",
        None,
        ("01:30", "Sunday", "2024-11-03", "ET", None, None),
    ),
    (
        "Updated 2:30 a.m. ET March 10, 2024",
        None,
        ("02:30", "Sunday", "2024-03-10", "ET", None, None),
    ),
    (
        "Updated 1:59 a.m. ET March 10, 2024",
        None,
        ("01:59", "Sunday", "2024-03-10", "ET", "-05:00", "2024-03-10T01:59:00-05:00"),
    ),
    (
        "Updated 3:30 a.m. Eastern Time March 10, 2024",
        None,
        (
            "03:30",
            "Sunday",
            "2024-03-10",
            "Eastern Time",
            "-04:00",
            "2024-03-10T03:30:00-04:00",
        ),
    ),
    # European autumn change on 27 October 2024 at 03:00 local.
    (
        "Updated 11:05 a.m. Central European Time, Oct. 26, 2024",
        None,
        (
            "11:05",
            "Saturday",
            "2024-10-26",
            "Central European Time",
            "+02:00",
            "2024-10-26T11:05:00+02:00",
        ),
    ),
    (
        "Updated 11:05 a.m. Central European Time, Oct. 27, 2024",
        None,
        (
            "11:05",
            "Sunday",
            "2024-10-27",
            "Central European Time",
            "+01:00",
            "2024-10-27T11:05:00+01:00",
        ),
    ),
    # A zone with daylight saving and no date has no single offset; one without it does.
    ("Updated at noon Kyiv time", None, ("12:00", None, None, "Kyiv time", None, None)),
    ("Updated at noon (Baghdad time)", None, ("12:00", None, None, "Baghdad time", "+03:00", None)),
    # Explicit offsets.
    (
        "Updated 5 p.m. UTC+3 on Monday",
        MON_2024_03_04,
        ("17:00", "Monday", "2024-03-04", "UTC+3", "+03:00", "2024-03-04T17:00:00+03:00"),
    ),
    (
        "Updated Tuesday 14h30 GMT+05:30",
        MON_2024_03_04,
        ("14:30", "Tuesday", "2024-03-05", "GMT+05:30", "+05:30", "2024-03-05T14:30:00+05:30"),
    ),
    # Ambiguous labels keep the label and give no offset.
    (
        "Updated 10:00 IST, March 4, 2024",
        None,
        ("10:00", "Monday", "2024-03-04", "IST", None, None),
    ),
    (
        "Updated 18:20 AST on Thursday",
        MON_2024_03_04,
        ("18:20", "Thursday", "2024-03-07", "AST", None, None),
    ),
    ("Updated 10:30 CST", None, ("10:30", None, None, "CST", None, None)),
    (
        "Updated at 6 p.m. local time on Friday",
        MON_2024_03_04,
        ("18:00", "Friday", "2024-03-08", "local time", None, None),
    ),
    # Month and day without a year: the nearest one to the reference date, never a guess.
    (
        "Updated Tue, Mar 5",
        MON_2024_03_04,
        (None, "Tuesday", "2024-03-05", None, None, None),
    ),
    (
        "Updated: Mar 5 12:25 a.m. EBL",
        dt.date(2024, 12, 30),
        ("00:25", "Wednesday", "2025-03-05", "EBL", "+03:00", "2025-03-05T00:25:00+03:00"),
    ),
    ("Updated: Mar 5 12:25 a.m. EBL", None, ("00:25", None, None, "EBL", "+03:00", None)),
    # Real-world formats.
    (
        "Updated 4:32 PM EST, Mon March 4, 2024",  # AP style
        None,
        ("16:32", "Monday", "2024-03-04", "EST", "-05:00", "2024-03-04T16:32:00-05:00"),
    ),
    (
        # Both stamps on one line: the update is the one after "Updated", day first.
        "Published 06.03.2024 12:00 | Updated 07.03.2024 08:15",
        None,
        ("08:15", "Thursday", "2024-03-07", None, None, None),
    ),
    (
        # "Last update" (the noun) after a published stamp: the update's stamp, not the first.
        "Published: 6 March 2024 – 09:00 EET Last update: 7 March 2024 – 21:15 EET",
        None,
        ("21:15", "Thursday", "2024-03-07", "EET", "+02:00", "2024-03-07T21:15:00+02:00"),
    ),
    (
        "Posted March 6, 2024 9:00 a.m. ET; last updated March 7, 2024 8:15 a.m. ET",
        None,
        ("08:15", "Thursday", "2024-03-07", "ET", "-05:00", "2024-03-07T08:15:00-05:00"),
    ),
    (
        "Updated: 2024-03-07 08:15 UTC",
        None,
        ("08:15", "Thursday", "2024-03-07", "UTC", "+00:00", "2024-03-07T08:15:00+00:00"),
    ),
    (
        "Last modified on Thu 7 Mar 2024 08.15 GMT",  # Guardian style: a dot in the time
        None,
        ("08:15", "Thursday", "2024-03-07", "GMT", "+00:00", "2024-03-07T08:15:00+00:00"),
    ),
    (
        "Last modified on Sun 7 Jul 2024 18.05 BST",
        None,
        ("18:05", "Sunday", "2024-07-07", "BST", "+01:00", "2024-07-07T18:05:00+01:00"),
    ),
    # No year: the reference date's nearest year, never a guess without one.
    ("Updated: March 7", MON_2024_03_04, (None, "Thursday", "2024-03-07", None, None, None)),
    (
        "Updated: March 7, 8:15 a.m. ET",
        MON_2024_03_04,
        ("08:15", "Thursday", "2024-03-07", "ET", "-05:00", "2024-03-07T08:15:00-05:00"),
    ),
    # Year first with slashes, and an RFC 2822 numeric offset (no zone label).
    ("Updated on 2024/03/07 08:15", None, ("08:15", "Thursday", "2024-03-07", None, None, None)),
    (
        "Updated Thu, 07 Mar 2024 08:15:00 -0500",
        None,
        ("08:15", "Thursday", "2024-03-07", None, "-05:00", "2024-03-07T08:15:00-05:00"),
    ),
    # African, Asian and other fixed-offset abbreviations.
    (
        "Updated 13:45 WAT, 21 August 2024",
        None,
        ("13:45", "Wednesday", "2024-08-21", "WAT", "+01:00", "2024-08-21T13:45:00+01:00"),
    ),
    (
        "Updated 9:10 a.m. EAT, 2 May 2024",
        None,
        ("09:10", "Thursday", "2024-05-02", "EAT", "+03:00", "2024-05-02T09:10:00+03:00"),
    ),
    (
        "Updated 17:00 SAST on Friday",
        MON_2024_03_04,
        ("17:00", "Friday", "2024-03-08", "SAST", "+02:00", "2024-03-08T17:00:00+02:00"),
    ),
    # A line in parentheses: the text is the line inside them.
    (
        "(Updated 10.02.2024, 18:40 Kyiv time)",
        None,
        ("18:40", "Saturday", "2024-02-10", "Kyiv time", "+02:00", "2024-02-10T18:40:00+02:00"),
    ),
]


@pytest.mark.parametrize(("line", "reference", "expected"), CASES, ids=[c[0] for c in CASES])
def test_update_line(
    line: str, reference: dt.date | None, expected: tuple[str | None, ...]
) -> None:
    stamp = parse_update_line(line, reference)
    assert stamp is not None
    got = (stamp.time, stamp.weekday, stamp.date, stamp.timezone, stamp.utc_offset, stamp.iso)
    assert got == expected
    # Every stamp is a valid UpdateStamp of the schema, and its iso reads back to the parts.
    UpdateStamp.model_validate(stamp.model_dump())
    if stamp.iso:
        moment = dt.datetime.fromisoformat(stamp.iso)
        assert moment.date().isoformat() == stamp.date
        assert moment.strftime("%H:%M") == stamp.time


def test_text_is_the_line_without_decoration() -> None:
    stamp = parse_update_line("  " + SEED_LINE + "  ", MON_2021_06_28)
    assert stamp is not None
    assert stamp.text == "This story was updated at 12:25 a.m. (EBL time) on Tuesday"
    stamp = parse_update_line("[Updated 10.02.2024, 18:40 Kyiv time]")
    assert stamp is not None and stamp.text == "Updated 10.02.2024, 18:40 Kyiv time"
    # Parentheses that do not enclose the whole line stay.
    stamp = parse_update_line("(EBL time) Updated at 12:25 a.m. on Tuesday (local)")
    assert stamp is not None and stamp.text.startswith("(EBL time)")


@pytest.mark.parametrize(
    "line", ["", "   ", "Updated 2 hours ago", "updated 15 minutes ago", "Updated Mar 5", "()"]
)
def test_nothing_to_parse_gives_none(line: str) -> None:
    # "Updated Mar 5" has no year and no reference date: never guess a year. "2 hours ago"
    # has no absolute time at all, and a reference date (a day) cannot make one.
    assert parse_update_line(line) is None
    assert parse_update_line(line, MON_2024_03_04) is None or line == "Updated Mar 5"


def test_public_from_package() -> None:
    assert summarizer.parse_update_line is parse_update_line
    stamp = summarizer.parse_update_line(SEED_LINE, reference_date=MON_2021_06_28)
    assert stamp is not None and stamp.iso == "2021-06-29T00:25:00+03:00"


# line, reference date -> time, weekday, date, utc_offset: nothing past the calendar's ends.
EDGES: list[tuple[str, dt.date, tuple[str | None, ...]]] = [
    # 9999-12-31 is a Friday: the Tuesday on or after it would be in the year 10000.
    (
        "Published 9999-12-31 | Updated 12:25 a.m. (EBL time) on Tuesday",
        dt.date.max,
        ("00:25", "Tuesday", None, "+03:00"),
    ),
    ("Updated yesterday at 10:00", dt.date.min, ("10:00", None, None, None)),
    # The date exists, but 23:30 in New York that night is 10000-01-01 in UTC: no offset.
    ("Updated at 23:30 ET on Dec 31", dt.date.max, ("23:30", "Friday", "9999-12-31", None)),
    ("Updated at 00:30 Kyiv time on Jan 1", dt.date.min, ("00:30", "Monday", "0001-01-01", None)),
    # A date the calendar does not have is no date; the rest of the line still counts.
    ("Updated 2024-02-30 10:00", MON_2024_03_04, ("10:00", None, None, None)),
]


@pytest.mark.parametrize(("line", "reference", "expected"), EDGES, ids=[e[0] for e in EDGES])
def test_the_ends_of_the_calendar_give_a_null_date_not_an_error(
    line: str, reference: dt.date, expected: tuple[str | None, ...]
) -> None:
    stamp = parse_update_line(line, reference)
    assert stamp is not None
    assert (stamp.time, stamp.weekday, stamp.date, stamp.utc_offset) == expected
    assert stamp.iso is None


def test_a_publication_date_at_the_end_of_the_calendar_gives_a_record() -> None:
    text = (
        "Blast hits fuel depot in Kirkuk\n\n"
        "Published 9999-12-31 | Updated 12:25 a.m. (EBL time) on Tuesday\n\n"
        "KIRKUK (XNA) — A blast hit a fuel depot in Kirkuk on Tuesday, police said.\n"
    )
    record = summarizer.summarize_text(text, provider=RulesProvider())
    assert record.ok and record.result is not None
    assert record.provenance.reference_date == "9999-12-31"
    updated = record.result.updated
    assert updated is not None and updated.weekday == "Tuesday" and updated.date is None


# -- zones by place, and lines read against the page's publication time -------------------

PLACES: list[tuple[str, str, str | None]] = [
    # A city of the tz database, with or without its accents.
    ("Updated 10.07.2024, 18:40 Kyiv time", "Kyiv time", "+03:00"),
    ("Updated 10.07.2024, 18:40 Nairobi time", "Nairobi time", "+03:00"),
    ("Updated 10.07.2024, 18:40 (Brasília time)", "Brasília time", "-03:00"),
    ("Updated 10.07.2024, 18:40 Brasilia time", "Brasilia time", "-03:00"),
    # A country of one zone, or of zones that keep one offset; a country of several is
    # ambiguous: its label stays, its offset is unknown.
    ("Updated 10.07.2024, 18:40 Armenia time", "Armenia time", "+04:00"),
    ("Updated 10.07.2024, 18:40 Kenya time", "Kenya time", "+03:00"),
    ("Updated 10.07.2024, 18:40 Brazil time", "Brazil time", None),
    ("Updated 10.07.2024, 18:40 Moldova time", "Moldova time", "+03:00"),
]


@pytest.mark.parametrize(("line", "label", "offset"), PLACES, ids=[p[0] for p in PLACES])
def test_zone_labels_by_city_and_country(line: str, label: str, offset: str | None) -> None:
    stamp = parse_update_line(line)
    assert stamp is not None
    assert (stamp.timezone, stamp.utc_offset) == (label, offset)
    assert stamp.iso == (f"2024-07-10T18:40:00{offset}" if offset else None)


NINE_FORTY_GMT = dt.datetime(2025, 3, 13, 9, 40, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("line", "published", "expected"),
    [
        # A time with no day after the publication time that day: the publication date.
        ("Updated 14:05 GMT", NINE_FORTY_GMT, ("14:05", "2025-03-13", "2025-03-13T14:05:00+00:00")),
        # Earlier than the publication time that day: no date is resolved.
        ("Updated 08:05 GMT", NINE_FORTY_GMT, ("08:05", None, None)),
        # Another zone: compared as instants (11:30 CET is 10:30 GMT, after 09:40 GMT).
        ("Updated 11:30 CET", NINE_FORTY_GMT, ("11:30", "2025-03-13", "2025-03-13T11:30:00+01:00")),
        # No zone written: the publication's own clock.
        ("Updated at 10:15", NINE_FORTY_GMT, ("10:15", "2025-03-13", "2025-03-13T10:15:00+00:00")),
        # A relative line: that long after the publication time, in its offset.
        (
            "Updated 3 hours ago",
            NINE_FORTY_GMT,
            ("12:40", "2025-03-13", "2025-03-13T12:40:00+00:00"),
        ),
        (
            "updated 45 minutes ago",
            NINE_FORTY_GMT,
            ("10:25", "2025-03-13", "2025-03-13T10:25:00+00:00"),
        ),
        ("Updated a day ago", NINE_FORTY_GMT, ("09:40", "2025-03-14", "2025-03-14T09:40:00+00:00")),
        # A publication time without an offset gives a date, not an instant.
        ("Updated 2 hours ago", dt.datetime(2025, 3, 13, 23, 30), ("01:30", "2025-03-14", None)),
        # A line with its own date needs no publication time.
        (
            "Updated 14 March 2025 08:00 GMT",
            NINE_FORTY_GMT,
            ("08:00", "2025-03-14", "2025-03-14T08:00:00+00:00"),
        ),
    ],
)
def test_lines_read_against_the_publication_time(
    line: str, published: dt.datetime, expected: tuple[str | None, ...]
) -> None:
    stamp = parse_update_line(line, None, published)
    assert stamp is not None
    assert (stamp.time, stamp.date, stamp.iso) == expected
    if stamp.date:
        assert stamp.weekday == dt.date.fromisoformat(stamp.date).strftime("%A")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published 13 March 2025, 09:40 GMT", NINE_FORTY_GMT),
        (
            "Published: 18 September 2024, 07:55 (Brasília time)",
            dt.datetime(2024, 9, 18, 7, 55, tzinfo=dt.timezone(dt.timedelta(hours=-3))),
        ),
        (
            "Posted March 6, 2024 9:00 a.m. ET; last updated March 7, 2024",
            dt.datetime(2024, 3, 6, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
        ),
        ("Published 19 May 2024, 18:10 · Updated 3 hours ago", dt.datetime(2024, 5, 19, 18, 10)),
        ("Published 13 March 2025", None),  # a date alone is the article's published date
        ("Published yesterday", None),
    ],
)
def test_publication_time_of_a_published_line(line: str, expected: dt.datetime | None) -> None:
    assert parse_published(line) == expected


def test_the_cleaner_carries_the_publication_time_to_the_stamp() -> None:
    text = (
        "Published 13 March 2025, 09:40 GMT\n\n"
        "Bridge closed in Tarnow after barge strikes pier\n\n"
        "TARNOW — A barge struck a pier of the Old Bridge in Tarnow on Thursday morning, and "
        "the bridge was closed to traffic, the city said.\n\n"
        "Updated 14:05 GMT\n"
    )
    record = summarizer.summarize_text(text, provider=RulesProvider())
    assert record.article is not None and record.article.published == "2025-03-13"
    assert record.result is not None and record.result.updated is not None
    assert record.result.updated.iso == "2025-03-13T14:05:00+00:00"


def test_an_html_page_gives_its_publication_time_to_a_relative_line() -> None:
    page = (
        "<html><head><title>Ferry delayed</title>"
        '<meta property="article:published_time" content="2024-05-19T18:10:00+02:00"></head>'
        "<body><article><h1>Ferry to Lisk delayed by storm</h1>"
        "<p>Updated 3 hours ago</p>"
        "<p>LISK — The morning ferry to Lisk was delayed by six hours on Sunday as a storm "
        "crossed the strait, the port authority said in a statement.</p>"
        "<p>Passengers waited in the terminal, where the authority handed out water and "
        "blankets, and the first crossing left shortly after noon.</p></article></body></html>"
    )
    record = summarizer.summarize_text(page, provider=RulesProvider())
    assert record.result is not None and record.result.updated is not None
    stamp = record.result.updated
    assert (stamp.text, stamp.iso) == ("Updated 3 hours ago", "2024-05-19T21:10:00+02:00")


_FIRE_PAGE = (
    "<html><head><title>Fire at Brask mill</title>"
    '<meta property="article:published_time" content="2025-05-02T08:30:00+02:00"></head>'
    "<body><nav>Home | News</nav><article><h1>Fire at Brask mill kills two</h1>{top}"
    "<p>A fire at a textile mill in Brask killed two workers on Friday, the fire service "
    "said.</p><p>Five others were taken to hospital, a spokesman said.</p>{foot}</article>"
    "<aside><ul><li><a href='/x'>Dam levels rise</a> <span>Updated 1 hour ago</span></li>"
    "</ul></aside><footer>About us</footer></body></html>"
)


@pytest.mark.parametrize(
    ("top", "foot", "iso"),
    [
        (  # a relative line in the byline block, which the body extractor drops
            '<div class="meta"><span class="byline">By Ana Lind</span> '
            '<span class="timestamp">Updated 3 hours ago</span></div>',
            "",
            "2025-05-02T11:30:00+02:00",
        ),
        (  # a dated line with no zone, after the body: the publication time's offset
            "",
            '<p class="updated">Last updated 11:52, Friday 2 May 2025</p>',
            "2025-05-02T11:52:00+02:00",
        ),
    ],
    ids=["relative line in the byline", "zoneless line after the body"],
)
def test_an_html_page_s_own_update_line_is_read_wherever_it_stands(
    top: str, foot: str, iso: str
) -> None:
    page = _FIRE_PAGE.format(top=top, foot=foot)
    record = summarizer.summarize_text(page, provider=RulesProvider())
    assert record.result is not None and record.result.updated is not None
    assert record.result.updated.iso == iso
    text = clean_article(decode_article(page.encode(), source="page.html")).text
    assert "pdated" not in text  # the line is lifted out of the body


_FERRY_BODY = (
    "<p>LISK — The morning ferry to Lisk was delayed by six hours on Sunday as a storm "
    "crossed the strait, the port authority said in a statement.</p>"
    "<p>Passengers waited in the terminal, where the authority handed out water and "
    "blankets, and the first crossing left shortly after noon.</p>"
)


@pytest.mark.parametrize(
    ("published", "stamps", "aside", "expected"),
    [
        # A relative line beside the publication time in a timestamps block of the story's
        # header: counted from the metadata's publication time.
        (
            "2024-05-19T08:10:00+02:00",
            "<span class='pub'>Published 8:10 May 19, 2024</span><span class='upd'>"
            "Updated 2 hours ago</span>",
            "",
            ("Updated 2 hours ago", "2024-05-19T10:10:00+02:00"),
        ),
        # Without a publication time it counts from when the page was saved: nothing.
        (None, "<span class='upd'>Updated 2 hours ago</span>", "", None),
        # Another story's teaser (a link in a list) is never taken, publication time or not.
        (
            "2024-05-19T08:10:00+02:00",
            "",
            "<ul><li><a href='/x'>Dam levels rise</a> <span>Updated 1 hour ago</span></li></ul>",
            None,
        ),
    ],
)
def test_a_relative_line_in_an_html_story_header(
    published: str | None, stamps: str, aside: str, expected: tuple[str, str] | None
) -> None:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    page = (
        f"<html><head><title>Ferry delayed</title>{meta}</head><body><article><header>"
        f"<h1>Ferry to Lisk delayed by storm</h1><div class='timestamps'>{stamps}</div>"
        f"</header>{_FERRY_BODY}{aside}</article></body></html>"
    )
    record = summarizer.summarize_text(page, provider=RulesProvider())
    assert record.result is not None
    stamp = record.result.updated
    assert (None if stamp is None else (stamp.text, stamp.iso)) == expected


@pytest.mark.parametrize(
    ("line", "text"),
    [
        (
            "Editor's note: This story was updated at 15:20 GMT with the death toll.",
            "Editor's note: This story was updated at 15:20 GMT with the death toll.",
        ),
        ("— Updated 4 March 2024, 15:20 GMT", "Updated 4 March 2024, 15:20 GMT"),
    ],
)
def test_an_update_line_after_the_body(line: str, text: str) -> None:
    article = (
        "Storm floods coastal villages in Dorva\n\n"
        "Published 4 March 2024, 08:00 GMT\n\n"
        "DORVA — Heavy rain flooded three coastal villages in Dorva on Monday, and two people "
        "were killed when a wall collapsed, the district office said.\n\n"
        "Rescue teams moved about 400 residents to a school on higher ground.\n\n"
        f"{line}\n"
    )
    record = summarizer.summarize_text(article, provider=RulesProvider())
    assert record.result is not None and record.result.updated is not None
    assert (record.result.updated.text, record.result.updated.iso) == (
        text,
        "2024-03-04T15:20:00+00:00",
    )

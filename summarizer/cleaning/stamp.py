"""Parse an article's own update line into an UpdateStamp, deterministically.

The line is searched for four parts, each optional: a date (ISO 8601, "Feb. 13, 2024",
"14 November 2025", "10.02.2024" day first, "2024/03/07"), a weekday, a time (12- or
24-hour, "08.15", "noon", "midnight") and a zone label ("GMT", "ET", "(EBL time)", "Kyiv
time", "UTC+3"; ``zones``). Dates, weekdays and times are read by
``summarizer.language.dates``. A numeric offset ("+02:00" in ISO 8601, "+0000" after a time)
gives the offset but is no zone label. In "Published ... | Updated ..." only the part from
"Updated" is read.

What the line leaves open is resolved (docs/schema.md): a weekday without a date to the
earliest such weekday on or after the reference date, a month and day without a year to the
nearest one. With the page's publication time (``published``, from its metadata or a
"Published ..." line with a time): a relative line ("Updated 3 hours ago") is that long
after it, in its offset; a time with no day takes the publication date when that puts it
after the publication time, and no date otherwise; a time with no zone takes the
publication time's offset. Without one, a relative line gives None.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from summarizer.cleaning.header import PUBLISHED_LABEL
from summarizer.cleaning.zones import US_ZONES, Zone, find_zone, format_offset, zone_offset
from summarizer.language.dates import (
    WEEKDAYS,
    CalendarDate,
    find_calendar_date,
    find_clock_time,
    find_weekday,
    nearest_year,
    on_or_after,
    shift,
)
from summarizer.schema import UpdateStamp


def _blank(line: str, start: int, end: int) -> str:
    """Hide what one reading used, so later readings do not take it twice."""
    return line[:start] + " " * (end - start) + line[end:]


_NUMERIC_OFFSET = re.compile(
    r"\d{1,2}:\d{2}(?::\d{2})?\s*(?P<sign>[+-])(?P<h>[01]\d)(?P<m>[0-5]\d)(?!\d)"
)
_UPDATE_WORD = re.compile(
    r"\b(?:(?:last|latest)\s+update|(?:last\s+)?(?:updated|modified|edited|revised))\b",
    re.IGNORECASE,
)
_PUBLISH_WORD = re.compile(rf"^\W*{PUBLISHED_LABEL}", re.IGNORECASE)
# "Updated 3 hours ago", "updated an hour ago", "Updated 20 mins ago"
_AGO = re.compile(
    r"\b(?P<n>\d+|an?|one)\s+(?P<unit>min(?:ute)?s?|hours?|hrs?|days?)\s+ago\b", re.IGNORECASE
)
_DECORATION = "*_>#•·-–— \t"


def _undecorate(line: str) -> str:
    """The line without markers around it: "*Updated ...", "(Updated 10.02.2024, 18:40)"."""
    text = " ".join(line.split()).strip(_DECORATION)
    while len(text) > 1 and text[0] + text[-1] in ("()", "[]") and _encloses(text):
        text = text[1:-1].strip(_DECORATION)
    return text


def _encloses(text: str) -> bool:
    """Whether the bracket opening ``text`` is the one closing it: "(a)" but not "(a) (b)"."""
    depth = 0
    for index, char in enumerate(text):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
        if depth == 0:
            return index == len(text) - 1
    return False


def _update_part(text: str) -> str:
    """From "Published 06.03.2024 12:00 | Updated 07.03.2024 08:15", the part after "Updated"."""
    update = _UPDATE_WORD.search(text)
    if update and re.search(r"\b(?:published|posted)\b", text[: update.start()], re.IGNORECASE):
        return text[update.start() :]
    return text


_RELATIVE = re.compile(r"\b(?P<word>today|yesterday|tonight|this morning)\b", re.IGNORECASE)


def _date(
    found: CalendarDate | None, weekday: str | None, rest: str, reference: dt.date | None
) -> dt.date | None:
    """The stamp's date: as written, else resolved against the reference date (a month and
    day to the nearest year, a weekday to the earliest on or after it, "yesterday")."""
    date = found.date if found else None
    if found is not None and found.year is None and reference is not None:
        date = nearest_year(found.month, found.day, reference)
    if date is not None or reference is None:
        return date
    if weekday is not None:
        return on_or_after(reference, weekday)
    relative = _RELATIVE.search(rest)
    if relative is None:
        return None
    return shift(reference, -1 if relative["word"].lower() == "yesterday" else 0)


@dataclass(frozen=True)
class _Reading:
    """What one line says: its parts as found, before anything is resolved."""

    text: str
    zone: Zone | None
    found: CalendarDate | None
    rest: str  # the line without its calendar date
    time: dt.time | None
    numeric_offset: dt.timedelta | None


def _read(scan: str, text: str) -> _Reading:
    zone = find_zone(scan)
    found = find_calendar_date(scan, month_first=zone is not None and zone.label in US_ZONES)
    rest = _blank(scan, found.start, found.end) if found else scan
    time = (found.time if found else None) or find_clock_time(rest)
    numeric_offset = found.offset if found else None
    if numeric_offset is None and zone is None:
        # "Thu, 07 Mar 2024 08:15:00 +0000": a numeric offset right after the time.
        numeric = _NUMERIC_OFFSET.search(rest)
        if numeric:
            minutes = int(numeric["h"]) * 60 + int(numeric["m"])
            numeric_offset = dt.timedelta(minutes=-minutes if numeric["sign"] == "-" else minutes)
    return _Reading(text, zone, found, rest, time, numeric_offset)


def _offset(reading: _Reading, date: dt.date | None) -> tuple[str | None, str | None]:
    """(offset, label): an ISO 8601 or numeric offset is no zone label."""
    zone = reading.zone
    if reading.numeric_offset is not None:
        return format_offset(reading.numeric_offset), zone.label if zone else None
    if zone is not None:
        return zone_offset(zone, date, reading.time), zone.label
    return None, None


def parse_published(line: str) -> dt.datetime | None:
    """The publication time a "Published 13 March 2025, 09:40 GMT" line states: aware when
    its zone gives an offset, naive otherwise; None without a date and a time."""
    text = _undecorate(line)
    update = _UPDATE_WORD.search(text)
    scan = _PUBLISH_WORD.sub("", text[: update.start()] if update else text)
    reading = _read(scan, text)
    if reading.found is None or reading.found.date is None or reading.time is None:
        return None
    date = reading.found.date
    offset, _ = _offset(reading, date)
    stamp = dt.datetime.combine(date, reading.time)
    if offset is None:
        return stamp
    sign = -1 if offset[0] == "-" else 1
    hours, minutes = int(offset[1:3]), int(offset[4:6])
    return stamp.replace(tzinfo=dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes)))


def _ago(match: re.Match[str], text: str, published: dt.datetime) -> UpdateStamp:
    """ "Updated 3 hours ago": that long after the publication time, in its offset."""
    count = 1 if match["n"].lower() in {"a", "an", "one"} else int(match["n"])
    unit = match["unit"].lower()
    step = {"m": "minutes", "h": "hours", "d": "days"}[unit[0]]
    stamp = published + dt.timedelta(**{step: count})
    offset = stamp.utcoffset()
    formatted = format_offset(offset) if offset is not None else None
    date, time = stamp.date(), stamp.time()
    return UpdateStamp(
        text=text,
        time=time.strftime("%H:%M"),
        weekday=WEEKDAYS[date.weekday()],
        date=date.isoformat(),
        timezone=None,
        utc_offset=formatted,
        iso=f"{date.isoformat()}T{time.strftime('%H:%M:%S')}{formatted}" if formatted else None,
    )


def _after_publication(time: dt.time, offset: str | None, published: dt.datetime) -> bool:
    """Whether a clock time on the publication's own date is later than the publication."""
    if offset is not None and published.tzinfo is not None:
        sign = -1 if offset[0] == "-" else 1
        delta = sign * dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6]))
        local = published.astimezone(dt.timezone(delta))
        candidate = dt.datetime.combine(local.date(), time, tzinfo=dt.timezone(delta))
        return candidate > published
    return time > published.replace(tzinfo=None).time()


def parse_update_line(
    line: str, reference_date: dt.date | None = None, published: dt.datetime | None = None
) -> UpdateStamp | None:
    """Parse e.g. "This story was updated at 12:25 a.m. (EBL time) on Tuesday".

    Returns None when the line holds no date, weekday, time or zone at all. A weekday-only
    line needs ``reference_date`` to get a date: the earliest such weekday on or after it.
    ``published``, the page's publication time, resolves a relative line and gives a time
    without a day its date (see the module's docstring).
    """
    text = _undecorate(line)
    if not text:
        return None
    scan = _update_part(text)
    ago = _AGO.search(scan)
    if ago is not None:
        return _ago(ago, text, published) if published is not None else None
    reading = _read(scan, text)
    weekday = find_weekday(reading.rest)
    date = _date(reading.found, weekday, reading.rest, reference_date)
    time = reading.time
    if weekday is None and date is not None:
        weekday = WEEKDAYS[date.weekday()]
    offset, label = _offset(reading, date)
    if published is not None and time is not None:
        if offset is None and label is None and published.tzinfo is not None:
            # A time with no zone is the page's own clock: the publication time's offset.
            offset = format_offset(published.utcoffset() or dt.timedelta())
        day_less = date is None and weekday is None
        if day_less and _after_publication(time, offset, published):
            # "Updated 14:05 GMT" on a page published at 09:40 GMT that day: that day.
            date = published.date()
            weekday = WEEKDAYS[date.weekday()]
            if label is not None and reading.numeric_offset is None and reading.zone is not None:
                offset = zone_offset(reading.zone, date, time)
    if date is None and time is None and weekday is None and label is None:
        return None
    iso = None
    if date is not None and time is not None and offset is not None:
        iso = f"{date.isoformat()}T{time.strftime('%H:%M:%S')}{offset}"
    return UpdateStamp(
        text=text,
        time=time.strftime("%H:%M") if time else None,
        weekday=weekday,
        date=date.isoformat() if date else None,
        timezone=label,
        utc_offset=offset,
        iso=iso,
    )


__all__ = ["parse_published", "parse_update_line"]

"""Parse an article's own update line into an UpdateStamp, deterministically.

The line is searched for four parts, each optional: a date (ISO 8601, "Feb. 13, 2024",
"14 November 2025", "10.02.2024" day first, "2024/03/07"), a weekday, a time (12- or
24-hour, "08.15", "noon", "midnight") and a zone label ("GMT", "ET", "(EBL time)", "Kyiv
time", "UTC+3"). Dates, weekdays and times are read by ``summarizer.language.dates``;
this module adds the zones, which resolve through zoneinfo so daylight saving follows the
date. A numeric offset ("+02:00" in ISO 8601, "+0000" after a time) gives the offset but
is no zone label. In "Published ... | Updated ..." only the part from "Updated" is read. A
weekday without a date resolves to the earliest such weekday on or after the reference
date, a month and day without a year to the nearest one (SCHEMA.md); a relative stamp
("2 hours ago") has no absolute time and gives None.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, available_timezones

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

# -- zone labels --------------------------------------------------------------------------

# Abbreviations that name one fixed offset. EST/EDT, CET/CEST etc. state which half of the
# year they mean, so they are fixed; the generic names (ET, "Central European Time") are not.
_FIXED: dict[str, int] = {  # minutes east of UTC
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "WET": 0,
    "WEST": 60,
    "BST": 60,  # British Summer Time (the Bangladesh reading is rare in news datelines)
    "CET": 60,
    "CEST": 120,
    "EET": 120,
    "EEST": 180,
    "MSK": 180,
    "EBL": 180,  # Erbil, Kurdistan Region of Iraq: no daylight saving
    "TRT": 180,
    "IRST": 210,
    "GST": 240,  # Gulf Standard Time
    "AFT": 270,
    "PKT": 300,
    "WIB": 420,
    "HKT": 480,
    "SGT": 480,
    "JST": 540,
    "KST": 540,
    "AEST": 600,
    "AEDT": 660,
    "NZST": 720,
    "NZDT": 780,
    "EST": -300,
    "EDT": -240,
    "CDT": -300,
    "MST": -420,
    "MDT": -360,
    "PST": -480,
    "PDT": -420,
    "AKST": -540,
    "AKDT": -480,
    "HST": -600,
    "WAT": 60,  # West Africa Time
    "CAT": 120,  # Central Africa Time
    "SAST": 120,
    "EAT": 180,  # East Africa Time
    "IDT": 180,  # Israel Daylight Time
    "NPT": 345,
    "MMT": 390,
    "ICT": 420,
    "WITA": 480,
    "PHT": 480,
    "PHST": 480,
    "MYT": 480,
    "AWST": 480,
    "WIT": 540,
    "ACST": 570,
    "ACDT": 630,
    "BRT": -180,
    "COT": -300,
    "PET": -300,
    "VET": -240,
}

# Abbreviations whose offset depends on the date.
_ZONED: dict[str, str] = {
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
    "UK": "Europe/London",
}

# Abbreviations that stand for several zones: the label is kept, the offset stays null.
_AMBIGUOUS = frozenset({"IST", "AST", "CST", "ADT", "ECT", "SST", "AMT"})

# Spelled-out names, lower case, without the word "time".
_NAMED_FIXED: dict[str, int] = {
    "greenwich mean": 0,
    "coordinated universal": 0,
    "universal": 0,
    "british summer": 60,
    "central european summer": 120,
    "central european standard": 60,
    "eastern european summer": 180,
    "eastern european standard": 120,
    "eastern standard": -300,
    "eastern daylight": -240,
    "central daylight": -300,
    "mountain standard": -420,
    "mountain daylight": -360,
    "pacific standard": -480,
    "pacific daylight": -420,
    "arabia standard": 180,
    "arabian standard": 180,
    "gulf standard": 240,
    "erbil": 180,
}
_NAMED_ZONES: dict[str, str] = {
    "eastern": "America/New_York",
    "central": "America/Chicago",
    "mountain": "America/Denver",
    "pacific": "America/Los_Angeles",
    "central european": "Europe/Berlin",
    "eastern european": "Europe/Athens",
    "western european": "Europe/Lisbon",
    "british": "Europe/London",
    "moscow": "Europe/Moscow",
    "israel": "Asia/Jerusalem",
    "tel aviv": "Asia/Jerusalem",
    "iraq": "Asia/Baghdad",
    "kurdistan": "Asia/Baghdad",
    "sulaimani": "Asia/Baghdad",
    "sulaymaniyah": "Asia/Baghdad",
    "mosul": "Asia/Baghdad",
    "basra": "Asia/Baghdad",
    "kiev": "Europe/Kyiv",
    "ukraine": "Europe/Kyiv",
    "kharkiv": "Europe/Kyiv",
    "odesa": "Europe/Kyiv",
    "lviv": "Europe/Kyiv",
    "syria": "Asia/Damascus",
    "lebanon": "Asia/Beirut",
    "iran": "Asia/Tehran",
    "turkey": "Europe/Istanbul",
    "ankara": "Europe/Istanbul",
    "egypt": "Africa/Cairo",
    "jordan": "Asia/Amman",
    "saudi": "Asia/Riyadh",
    "mecca": "Asia/Riyadh",
    "yemen": "Asia/Aden",
    "sanaa": "Asia/Aden",
    "uae": "Asia/Dubai",
    "abu dhabi": "Asia/Dubai",
    "qatar": "Asia/Qatar",
    "afghanistan": "Asia/Kabul",
    "pakistan": "Asia/Karachi",
    "islamabad": "Asia/Karachi",
    "india": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
    "mumbai": "Asia/Kolkata",
    "china": "Asia/Shanghai",
    "beijing": "Asia/Shanghai",
    "japan": "Asia/Tokyo",
    "washington": "America/New_York",
    "london": "Europe/London",
    "paris": "Europe/Paris",
    "france": "Europe/Paris",
    "germany": "Europe/Berlin",
    "west bank": "Asia/Hebron",
    "ramallah": "Asia/Hebron",
    "sudan": "Africa/Khartoum",
    "libya": "Africa/Tripoli",
    "somalia": "Africa/Mogadishu",
    "nigeria": "Africa/Lagos",
    "abuja": "Africa/Lagos",
    "kenya": "Africa/Nairobi",
    "ethiopia": "Africa/Addis_Ababa",
    "addis ababa": "Africa/Addis_Ababa",
}


@functools.lru_cache(maxsize=1)
def _cities() -> dict[str, str]:
    """Every IANA zone by its city, lower case: "baghdad" -> "Asia/Baghdad"."""
    table: dict[str, str] = {}
    for name in sorted(available_timezones()):
        if "/" not in name or name.startswith(("Etc/", "SystemV/", "US/")):
            continue
        city = name.rsplit("/", 1)[1].replace("_", " ").lower()
        table.setdefault(city, name)
    return table


@dataclass(frozen=True)
class _Zone:
    label: str
    fixed: int | None = None  # minutes east of UTC
    zone: str | None = None  # IANA name


def _lookup(name: str) -> _Zone | None:
    """A spelled-out zone or place name ("Baghdad", "Central European") without "time"."""
    key = re.sub(r"\s+", " ", name).strip().lower()
    key = re.sub(r"^the ", "", key)
    if key in _NAMED_FIXED:
        return _Zone(name, fixed=_NAMED_FIXED[key])
    zone = _NAMED_ZONES.get(key) or _cities().get(key)
    if zone:
        return _Zone(name, zone=zone)
    return None


_OFFSET_LABEL = re.compile(
    r"\b(?P<label>(?:GMT|UTC)\s*(?P<sign>[+\-−–])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?)(?!\d)"
)
_ABBR = re.compile(r"(?<![\w-])(?P<abbr>[A-Z]{1,5})(?![\w-])")
# "(EBL time)", "Baghdad time", "Central European Summer Time", "local time".
_TIME_PHRASE = re.compile(r"(?P<words>(?:[A-Za-z][\w'’.-]*\s+){1,4}?)(?P<kw>[Tt]ime)\b")


def _find_zone(line: str) -> _Zone | None:
    match = _OFFSET_LABEL.search(line)
    if match:
        minutes = int(match["h"]) * 60 + int(match["m"] or 0)
        sign = -1 if match["sign"] in "-−–" else 1
        return _Zone(re.sub(r"\s+", "", match["label"]), fixed=sign * minutes)
    for match in _TIME_PHRASE.finditer(line):
        words = match["words"].split()
        # Try the longest run of words before "time" first: "Central European" over "European".
        for start in range(len(words)):
            candidate = " ".join(words[start:])
            if candidate.lower() == "local":
                return _Zone("local time")
            abbr = _abbr_zone(candidate)
            if abbr is not None:
                return abbr
            zone = _lookup(candidate)
            if zone is not None:
                return _Zone(f"{candidate} {match['kw']}", fixed=zone.fixed, zone=zone.zone)
    for match in _ABBR.finditer(line):
        abbr = _abbr_zone(match["abbr"])
        if abbr is not None:
            return abbr
    return None


def _abbr_zone(token: str) -> _Zone | None:
    if token in _FIXED and token != "Z":
        return _Zone(token, fixed=_FIXED[token])
    if token in _ZONED:
        return _Zone(token, zone=_ZONED[token])
    if token in _AMBIGUOUS:
        return _Zone(token)
    return None


def _format_offset(offset: dt.timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{mins:02d}"


def _zone_offset(zone: _Zone, date: dt.date | None, time: dt.time | None) -> str | None:
    if zone.fixed is not None:
        return _format_offset(dt.timedelta(minutes=zone.fixed))
    if zone.zone is None:
        return None
    tz = ZoneInfo(zone.zone)
    if date is None:
        # Without a date, only a zone that keeps one offset all year has a single answer.
        year = dt.date.today().year
        offsets = {
            dt.datetime(year, month, 15, 12, tzinfo=tz).utcoffset() for month in (1, 4, 7, 10)
        }
        if len(offsets) != 1:
            return None
        (only,) = offsets
        return _format_offset(only) if only is not None else None
    local = dt.datetime.combine(date, time or dt.time(12, 0))
    first = local.replace(tzinfo=tz, fold=0)
    second = local.replace(tzinfo=tz, fold=1)
    offset = first.utcoffset()
    if offset != second.utcoffset():
        # The clock repeats (autumn) or skips (spring) this hour: the local time names two
        # instants or none. With no time given, noon is a safe stand-in for the whole day.
        return None
    try:
        round_trip = first.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None)
    except OverflowError:  # the instant in UTC is off the calendar: 9999-12-31 in New York
        return None
    if round_trip != local:
        return None
    return _format_offset(offset) if offset is not None else None


# -- the line -----------------------------------------------------------------------------

# Zones of writers who put the month first in "03/04/2024".
_US_ZONES = frozenset({"ET", "CT", "MT", "PT", "EST", "EDT", "CDT", "MST", "MDT", "PST", "PDT"})


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
_PUBLISH_WORD = re.compile(r"\b(?:published|posted|first\s+published)\b", re.IGNORECASE)


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
    if update and _PUBLISH_WORD.search(text[: update.start()]):
        return text[update.start() :]
    return text


_RELATIVE = re.compile(r"\b(?P<word>today|yesterday|tonight|this morning)\b", re.IGNORECASE)
_DECORATION = "*_>#•·-–— \t"


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


def parse_update_line(line: str, reference_date: dt.date | None = None) -> UpdateStamp | None:
    """Parse e.g. "This story was updated at 12:25 a.m. (EBL time) on Tuesday".

    Returns None when the line holds no date, weekday, time or zone at all. A weekday-only
    line needs ``reference_date`` to get a date: the earliest such weekday on or after it.
    """
    text = _undecorate(line)
    if not text:
        return None
    scan = _update_part(text)
    zone = _find_zone(scan)
    found = find_calendar_date(scan, month_first=zone is not None and zone.label in _US_ZONES)
    rest = _blank(scan, found.start, found.end) if found else scan
    time = (found.time if found else None) or find_clock_time(rest)
    numeric_offset = found.offset if found else None
    if numeric_offset is None and zone is None:
        # "Thu, 07 Mar 2024 08:15:00 +0000": a numeric offset right after the time.
        numeric = _NUMERIC_OFFSET.search(rest)
        if numeric:
            minutes = int(numeric["h"]) * 60 + int(numeric["m"])
            numeric_offset = dt.timedelta(minutes=-minutes if numeric["sign"] == "-" else minutes)
    weekday = find_weekday(rest)
    date = _date(found, weekday, rest, reference_date)
    if weekday is None and date is not None:
        weekday = WEEKDAYS[date.weekday()]

    if numeric_offset is not None:
        # An ISO 8601 or numeric offset is not a zone label: the label stays null.
        offset: str | None = _format_offset(numeric_offset)
        label = zone.label if zone else None
    elif zone is not None:
        offset = _zone_offset(zone, date, time)
        label = zone.label
    else:
        offset, label = None, None

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


__all__ = ["parse_update_line"]

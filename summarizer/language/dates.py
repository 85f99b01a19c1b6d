"""Dates, weekdays and clock times in text: one reading for every stage that needs one.

The calendar's names (``WEEKDAYS``, ``MONTHS`` and their patterns), the finders of a
calendar date, a clock time and a weekday, and the date arithmetic that resolves a weekday
or a date without a year against a reference date. The cleaner reads header dates
(``parse_date``) and update stamps with them, the rules provider a sentence's time
expressions (``find_dates``, ``find_time``), the prompt the weekdays it works out for the
model.

The arithmetic never raises at the ends of the calendar: a date before 0001-01-01 or after
9999-12-31 is None.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dateutil import parser as dateparser

from summarizer.language.numbers import UNITS

# -- names --------------------------------------------------------------------------------

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
)
# Patterns carry no flags: each reader chooses whether case matters.
WEEKDAY = rf"(?:{'|'.join(WEEKDAYS)})"
MONTH_NAME = rf"(?:{'|'.join(MONTHS)})"
# A month written in full or short, with or without a full stop: "Feb.", "Sept", "March".
MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# The first three letters, in lower case, which every short form starts with: "thurs",
# "sept". For readers that ignore case.
WEEKDAY_STEM = rf"(?:{'|'.join(day[:3].lower() for day in WEEKDAYS)})"
MONTH_STEM = rf"(?:{'|'.join(month[:3].lower() for month in MONTHS)})"
_WEEKDAY_SHORT = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)"
_ORDINAL = r"(?:st|nd|rd|th)?"
_LEAP_YEAR = 2000  # validates a month and day written without a year: 29 February exists


def month_number(name: str) -> int:
    """1 to 12 for a month's name in any of the forms ``MONTH`` matches ("Sept.", "march")."""
    stem = name.lower().rstrip(".")[:3]
    return next(i for i, month in enumerate(MONTHS, start=1) if month[:3].lower() == stem)


def weekday_named(word: str) -> str | None:
    """The weekday a full or short name stands for ("thurs" -> "Thursday"), or None."""
    stem = word.lower()[:3]
    return next((day for day in WEEKDAYS if day[:3].lower() == stem), None)


# -- arithmetic ---------------------------------------------------------------------------


def shift(date: dt.date, days: int) -> dt.date | None:
    """``date`` moved by ``days`` (negative: back), or None past either end of the calendar."""
    try:
        return date + dt.timedelta(days=days)
    except OverflowError:
        return None


def on_or_before(reference: dt.date, weekday: str) -> dt.date | None:
    """The latest ``weekday`` on or before ``reference``: "on Monday" in a report."""
    return shift(reference, -((reference.weekday() - WEEKDAYS.index(weekday)) % 7))


def on_or_after(reference: dt.date, weekday: str) -> dt.date | None:
    """The earliest ``weekday`` on or after ``reference``: "updated on Tuesday" in a stamp."""
    return shift(reference, (WEEKDAYS.index(weekday) - reference.weekday()) % 7)


def nearest_year(month: int, day: int, reference: dt.date) -> dt.date | None:
    """A month and day without a year: the occurrence closest to ``reference``."""
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:  # year 0 or 10000, or 29 February in a common year
            continue
    return min(candidates, key=lambda d: abs((d - reference).days), default=None)


def _this_or_last_year(month: int, day: int, reference: dt.date) -> dt.date | None:
    """A month and day without a year in a report: this year's, or last year's if that would
    be after the reference date (a report does not tell of the future)."""
    try:
        candidate = dt.date(reference.year, month, day)
        if candidate > reference:
            candidate = dt.date(reference.year - 1, month, day)
    except ValueError:
        return None
    return candidate


# -- calendar dates, clock times and weekdays ---------------------------------------------


@dataclass(frozen=True)
class CalendarDate:
    """A calendar date found in a text: where it is written, and what it says."""

    start: int
    end: int
    month: int
    day: int
    year: int | None  # None when written without one: "14 Nov"
    time: dt.time | None = None  # an ISO 8601 date-time's own time...
    offset: dt.timedelta | None = None  # ...and offset ("+01:00", "Z")

    @property
    def date(self) -> dt.date | None:
        """The date, when the year is written."""
        return None if self.year is None else dt.date(self.year, self.month, self.day)


_ISO_DATETIME = re.compile(
    r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\d:])"
)
_DAY_MONTH_YEAR = re.compile(
    rf"\b(?P<day>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?(?P<month>{MONTH})(?:,?\s+(?P<year>\d{{4}}))?"
    r"(?!\w)",
    re.IGNORECASE,
)
_MONTH_DAY_YEAR = re.compile(
    rf"\b(?P<month>{MONTH})\s+(?P<day>\d{{1,2}}){_ORDINAL}(?:,?\s+(?P<year>\d{{4}}))?"
    r"(?![\w:.]\d|\w)",
    re.IGNORECASE,
)
_NUMERIC_DATE = re.compile(
    r"(?<![\d.:/])(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})(?![\d.:]\d)"
)
_YEAR_FIRST_DATE = re.compile(
    r"(?<![\d.:/])(?P<year>(?:19|20)\d{2})(?P<sep>[./])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"
    r"(?![\d.:]\d)"
)


def find_calendar_date(text: str, *, month_first: bool = False) -> CalendarDate | None:
    """The calendar date ``text`` states, or None.

    In order: ISO 8601 (a date-time keeps its time and offset), "Feb. 13, 2024" or "14
    November 2025" (the year may be missing), "2024/03/07", then "10.02.2024". A numeric
    date is day first unless its numbers say otherwise; ``month_first`` reads "03/04/2024"
    the American way, for a writer known to use it.
    """
    iso = _ISO_DATETIME.search(text)
    if iso:
        written = iso.group()
        try:
            stamp = dt.datetime.fromisoformat(written.replace(" ", "T"))
        except ValueError:  # "2024-02-30": those digits are no other kind of date either
            return None
        timed = "T" in written or " " in written
        return CalendarDate(
            iso.start(),
            iso.end(),
            stamp.month,
            stamp.day,
            stamp.year,
            time=stamp.time() if timed else None,
            offset=stamp.utcoffset() if timed else None,
        )
    for pattern in (_MONTH_DAY_YEAR, _DAY_MONTH_YEAR):
        match = pattern.search(text)
        if match is None:
            continue
        year = int(match["year"]) if match["year"] else None
        month, day = month_number(match["month"]), int(match["day"])
        try:
            dt.date(year or _LEAP_YEAR, month, day)
        except ValueError:  # "31 Feb": perhaps the other pattern reads the text better
            continue
        return CalendarDate(match.start(), match.end(), month, day, year)
    match = _YEAR_FIRST_DATE.search(text)
    if match:
        year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
        try:
            dt.date(year, month, day)
        except ValueError:
            return None
        return CalendarDate(match.start(), match.end(), month, day, year)
    match = _NUMERIC_DATE.search(text)
    if match is None:
        return None
    a, b = int(match["a"]), int(match["b"])
    first_is_month = match["sep"] == "/" and (b > 12 or (a <= 12 and month_first))
    try:
        # dateutil for the two-digit year's century ("10.02.24").
        parsed = dateparser.parse(
            f"{match['a']}/{match['b']}/{match['year']}", dayfirst=not first_is_month
        )
    except (ValueError, OverflowError):
        return None
    if (parsed.day, parsed.month) not in ((a, b), (b, a)):
        return None
    return CalendarDate(match.start(), match.end(), parsed.month, parsed.day, parsed.year)


_TIME_12 = re.compile(
    r"\b(?P<h>\d{1,2})(?:[:.](?P<m>[0-5]\d))?\s*(?P<ampm>[ap])\.?\s?m\b\.?", re.IGNORECASE
)
_TIME_24 = re.compile(r"(?<![\d.:])(?P<h>[01]?\d|2[0-3])[:.h](?P<m>[0-5]\d)(?::[0-5]\d)?(?![\d.:])")
_TIME_MILITARY = re.compile(
    r"(?<![\d.:])(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)\s*(?=hrs\b|hours\b|GMT\b|UTC\b|Z\b|[A-Z]{2,4}\b)"
)
_NOON = re.compile(r"\b(?:12\s+)?(?P<word>noon|midday|midnight)\b", re.IGNORECASE)


def find_clock_time(text: str) -> dt.time | None:
    """The clock time ``text`` states: 12- or 24-hour, "08.15", "0815 GMT", noon, midnight."""
    match = _NOON.search(text)
    if match:
        return dt.time(0, 0) if match["word"].lower() == "midnight" else dt.time(12, 0)
    match = _TIME_12.search(text)
    if match:
        hour, minute = int(match["h"]), int(match["m"] or 0)
        if 1 <= hour <= 12:
            hour = hour % 12 + (12 if match["ampm"].lower() == "p" else 0)
            return dt.time(hour, minute)
    for pattern in (_TIME_24, _TIME_MILITARY):
        match = pattern.search(text)
        if match:
            return dt.time(int(match["h"]), int(match["m"]))
    return None


# A short name only before a full stop, a comma or a number: "Tue, 05 Mar", not "Sun rises".
_WEEKDAY_WORD = re.compile(
    rf"\b(?P<full>{WEEKDAY})\b|\b(?P<short>{_WEEKDAY_SHORT})(?=[.,]|\s+\d)", re.IGNORECASE
)


def find_weekday(text: str) -> str | None:
    """The weekday ``text`` names, in full or short ("Tue, 05 Mar"), as its full name."""
    match = _WEEKDAY_WORD.search(text)
    return weekday_named(match["full"] or match["short"]) if match else None


def parse_date(text: str) -> dt.date | None:
    """A calendar date in a short piece of text that is (mostly) only a date, or None."""
    text = text.strip(" |·•,-–—()")
    if not text or len(text) > 60 or not re.search(r"\d", text):
        return None
    has_month = re.search(rf"\b{MONTH_STEM}[a-z]*\.?\b", text, re.IGNORECASE)
    has_year = re.search(r"\b(?:19|20)\d{2}\b", text)
    numeric = re.search(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b", text)
    if not ((has_month and has_year) or numeric):
        return None
    # "14.30" is a time (Guardian style); "04.03.2024" stays a date.
    text = re.sub(r"(?<![\d.])([01]?\d|2[0-3])\.([0-5]\d)(?![\d.])", r"\1:\2", text)
    dayfirst = bool(re.search(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b", text)) or bool(
        re.match(r"^\W*\d{1,2}\s+[A-Za-z]", text)
    )
    # dateutil's fuzzy reading skips what is not a date and says what it skipped, which is
    # how "mostly only a date" is told from a sentence that mentions one.
    try:
        parsed, skipped = dateparser.parse(
            text, dayfirst=dayfirst, fuzzy_with_tokens=True, ignoretz=True
        )
    except (ValueError, OverflowError):
        return None
    # Little may be left over: "at", a zone label, a separator; not a sentence.
    leftover = " ".join(skipped).split()
    if len(leftover) > 4:
        return None
    return parsed.date()


# -- time expressions in a sentence -------------------------------------------------------

_PART = r"(?:\s+(?:morning|afternoon|evening|night|midday))"
_TIME = (
    r"(?:\d{1,2}[:.]\d{2}\s*(?:a\.m\.|p\.m\.|am\b|pm\b|hours?\b|hrs\b)?|\d{1,2}\s*(?:a\.m\.|p\.m\.)"
    r"|\d{1,2}\s*(?:am|pm)\b|noon|midnight|dawn|dusk)"
    r"(?:\s*\(?(?:local time|local|GMT|UTC|[A-Z]{2,4}(?: time)?)\)?(?!\w))?"
    r"(?:\s+local time)?"
)
_EXPRESSIONS = re.compile(
    rf"""
    (?P<iso>\b\d{{4}}-\d{{2}}-\d{{2}}\b)
    | (?P<mdy>\b(?P<m1>{MONTH})\s+(?P<d1>\d{{1,2}}){_ORDINAL}\b(?:,?\s+(?P<y1>\d{{4}}))?)
    | (?P<dmy>\b(?P<d2>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?(?P<m2>{MONTH})
        (?:,?\s+(?P<y2>\d{{4}}))?)
    | (?P<weekday>\b(?:(?i:late|early|last|on|this)\s+)?(?P<wd>{WEEKDAY})(?:['’]s)?{_PART}?\b)
    | (?P<relative>\b(?i:yesterday|today|tonight|last\s+night|this\s+(?:morning|afternoon|evening)
        |overnight)\b)
    | (?P<vague>\b(?:(?i:(?:last|this|the|over\s+the)\s+weekend|weekend|last\s+week
        |earlier\s+this\s+week|last\s+(?:month|year)|earlier\s+this\s+(?:month|year))
        |(?i:in|since|during)\s+{MONTH}(?!\s+\d{{1,2}}\b)(?:\s+\d{{4}})?|(?i:in)\s+(?:19|20)\d{{2}})\b)
    """,
    re.VERBOSE,
)
_TIME_RE = re.compile(
    rf"(?:\b(?:at|around|about|shortly after|shortly before|before|after)\s+)?\b{_TIME}"
)


@dataclass(frozen=True)
class DateMention:
    """A time expression: where it is, how it is written, and its ISO date if resolvable."""

    start: int
    end: int
    text: str
    iso: str | None
    background: bool  # "in February", "last year": not the reported incident


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


def _in_report(month: int, day: int, year: str | None, ref: dt.date | None) -> str | None:
    """A written month and day; without a year, the reference year's (or the year before)."""
    if year:
        try:
            return dt.date(int(year), month, day).isoformat()
        except ValueError:
            return None
    return _iso(_this_or_last_year(month, day, ref)) if ref else None


def find_dates(text: str, ref: dt.date | None) -> list[DateMention]:
    """Every time expression in ``text`` (a sentence), resolved against ``ref``.

    "on Monday" is the latest Monday on or before ``ref`` (SCHEMA.md); a date without a
    year takes ``ref``'s year (the one before if that would be later than ``ref``). Without
    ``ref``, weekdays and year-less dates stay unresolved.
    """
    out = []
    for m in _EXPRESSIONS.finditer(text):
        iso: str | None = None
        background = False
        written = m.group()
        if m.group("iso"):
            try:
                iso = dt.date.fromisoformat(m.group("iso")).isoformat()
            except ValueError:
                continue
        elif m.group("mdy"):
            iso = _in_report(month_number(m.group("m1")), int(m.group("d1")), m.group("y1"), ref)
        elif m.group("dmy"):
            iso = _in_report(month_number(m.group("m2")), int(m.group("d2")), m.group("y2"), ref)
        elif m.group("weekday"):
            # "last Sunday" written on a Sunday is a week back: the latest one before today.
            last = written.lower().startswith("last")
            start = shift(ref, -1) if ref and last else ref
            iso = _iso(on_or_before(start, m.group("wd").capitalize())) if start else None
            written = re.sub(r"^on\s+", "", written, flags=re.IGNORECASE)
        elif m.group("relative"):
            word = m.group("relative").lower()
            if ref is not None:
                back = 1 if word in {"yesterday"} or word.startswith("last") else 0
                iso = _iso(shift(ref, -back))
        else:
            vague = m.group("vague").lower()
            background = not ("weekend" in vague or "this week" in vague)
            month = re.search(MONTH, m.group("vague"))
            year = re.search(r"\d{4}", vague)
            if ref is not None and month and re.match(r"(?:in|during)\s", vague):
                background = month_number(month.group()) != ref.month or bool(year)
            elif ref is not None and year and not month:
                background = int(year.group()) < ref.year
        out.append(DateMention(m.start(), m.end(), written, iso, background))
    return out


def find_time(text: str) -> str | None:
    """The first clock time in ``text`` (a sentence), as written ("07:44 p.m. local time")."""
    for m in _TIME_RE.finditer(text):
        written = m.group().strip()
        written = re.sub(r"^(?:at|around|about)\s+", "", written)
        if re.search(r"\d|noon|midnight|dawn|dusk", written):
            # A bare number with no clock marker ("at 5") is not a time.
            if re.fullmatch(r"\d{1,2}", written):
                continue
            return written
    return None


# Any date will do: it only tells which expressions a reference date would resolve.
_SOME_DATE = dt.date(2000, 1, 1)


def needs_reference_date(text: str) -> list[str]:
    """The time expressions in ``text`` that only a reference date can date ("on Monday",
    "yesterday", "5 March" without a year), as written."""
    unresolved = {(m.start, m.end) for m in find_dates(text, None) if m.iso is None}
    return [
        m.text
        for m in find_dates(text, _SOME_DATE)
        if m.iso is not None and not m.background and (m.start, m.end) in unresolved
    ]


# "two days after", "a day earlier", "the next day": a day counted from another date.
_DAY_OFFSET = re.compile(
    r"\b(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
    r"(?P<unit>days?|weeks?)\s+(?:before|after|earlier|later|ago|previously)\b"
    r"|\b(?:the\s+)?(?P<one>(?:previous|next|following)\s+day|day\s+(?:before|after))\b",
    re.IGNORECASE,
)
_ARTICLE = {"a": 1, "an": 1}


def day_offsets(text: str) -> set[int]:
    """How many days ``text`` counts from another date ("two days after" -> 2), unsigned."""
    found = set()
    for match in _DAY_OFFSET.finditer(text):
        if match["one"]:
            found.add(1)
            continue
        word = match["n"].lower()
        n = int(word) if word.isdigit() else _ARTICLE.get(word) or UNITS[word]
        found.add(n * 7 if match["unit"].lower().startswith("week") else n)
    return found


__all__ = [
    "MONTH",
    "MONTHS",
    "MONTH_NAME",
    "MONTH_STEM",
    "WEEKDAY",
    "WEEKDAYS",
    "WEEKDAY_STEM",
    "CalendarDate",
    "DateMention",
    "day_offsets",
    "find_calendar_date",
    "find_clock_time",
    "find_dates",
    "find_time",
    "find_weekday",
    "month_number",
    "nearest_year",
    "needs_reference_date",
    "on_or_after",
    "on_or_before",
    "parse_date",
    "shift",
    "weekday_named",
]

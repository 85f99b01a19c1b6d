"""Time expressions in a sentence, resolved against the reference date.

"on Monday" is the latest Monday on or before the reference date (SCHEMA.md). A date
without a year takes the reference year (the previous one if that would be in the
future). Without a reference date, weekdays and year-less dates stay unresolved.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_ABBR = {m[:3].lower(): i + 1 for i, m in enumerate(MONTHS)}
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?" + (
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
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
    | (?P<mdy>\b(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y1>\d{{4}}))?)
    | (?P<dmy>\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH})
        (?:,?\s+(?P<y2>\d{{4}}))?)
    | (?P<weekday>\b(?:(?i:late|early|last|on|this)\s+)?(?P<wd>{_WEEKDAY})(?:['’]s)?{_PART}?\b)
    | (?P<relative>\b(?i:yesterday|today|tonight|last\s+night|this\s+(?:morning|afternoon|evening)
        |overnight)\b)
    | (?P<vague>\b(?:(?i:(?:last|this|the|over\s+the)\s+weekend|weekend|last\s+week
        |earlier\s+this\s+week|last\s+(?:month|year)|earlier\s+this\s+(?:month|year))
        |(?i:in|since|during)\s+{_MONTH}(?!\s+\d{{1,2}}\b)(?:\s+\d{{4}})?|(?i:in)\s+(?:19|20)\d{{2}})\b)
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


def _month_number(name: str) -> int:
    return _MONTH_ABBR[name.lower().rstrip(".")[:3]]


def _with_year(month: int, day: int, year: str | None, ref: dt.date | None) -> str | None:
    try:
        if year:
            return dt.date(int(year), month, day).isoformat()
        if ref is None:
            return None
        candidate = dt.date(ref.year, month, day)
        if candidate > ref:
            candidate = dt.date(ref.year - 1, month, day)
        return candidate.isoformat()
    except ValueError:
        return None


def _weekday(name: str, ref: dt.date | None) -> str | None:
    if ref is None:
        return None
    target = WEEKDAYS.index(name.capitalize())
    return (ref - dt.timedelta(days=(ref.weekday() - target) % 7)).isoformat()


def find_dates(text: str, ref: dt.date | None) -> list[DateMention]:
    """Every time expression in ``text`` (a sentence)."""
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
            iso = _with_year(_month_number(m.group("m1")), int(m.group("d1")), m.group("y1"), ref)
        elif m.group("dmy"):
            iso = _with_year(_month_number(m.group("m2")), int(m.group("d2")), m.group("y2"), ref)
        elif m.group("weekday"):
            iso = _weekday(m.group("wd"), ref)
            written = re.sub(r"^on\s+", "", written, flags=re.IGNORECASE)
        elif m.group("relative"):
            word = m.group("relative").lower()
            if ref is not None:
                back = 1 if word in {"yesterday"} or word.startswith("last") else 0
                iso = (ref - dt.timedelta(days=back)).isoformat()
        else:
            vague = m.group("vague").lower()
            background = not ("weekend" in vague or "this week" in vague)
            month = re.search(_MONTH, m.group("vague"))
            year = re.search(r"\d{4}", vague)
            if ref is not None and month and re.match(r"(?:in|during)\s", vague):
                background = _month_number(month.group()) != ref.month or bool(year)
            elif ref is not None and year and not month:
                background = int(year.group()) < ref.year
        out.append(DateMention(m.start(), m.end(), written, iso, background))
    return out


def find_time(text: str) -> str | None:
    """The first clock time in ``text``, as written ("07:44 p.m. local time")."""
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

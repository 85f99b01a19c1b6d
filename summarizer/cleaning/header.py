"""The story's header lines: bylines, date lines, update lines and the dateline.

General newsroom conventions, for any site's copy: bylines (``parse_byline``, plain "Name in
Place" bylines, the reporter's role line), date lines (``header_date``,
``published_and_updated``) and update lines (``is_update_line``, ``has_when``). The dates they
hold are read by ``summarizer.language.dates.parse_date``, the dateline that opens the first
paragraph by ``summarizer.language.datelines``. A line that reads as a reported sentence
("..., police said.") is never a header date line.
"""

from __future__ import annotations

import datetime as dt
import re

from summarizer.language.dates import MONTH_NAME, MONTH_STEM, WEEKDAY, WEEKDAY_STEM, parse_date
from summarizer.language.names import NAME_PARTICLES, NEWSROOM_JOBS

SHORT = 200  # longer lines are prose, never chrome


# Attribution verbs mark a reported sentence, which no boilerplate rule may take.
_REPORTED = re.compile(
    r"\b(?:said|says|told|according\s+to|stated|added|reported|announced|wrote)\b", re.IGNORECASE
)


# "*This story was updated at ...", "Updated: ...", "Last updated ...", "UPDATED 3:45 p.m."
_WHEN = (
    rf"(?=\s*(?:\d|{WEEKDAY_STEM}|{MONTH_STEM}"
    r"|noon|midnight|today|yesterday|this\s+morning|on\b|at\b))"
)
_UPDATE_LINE = re.compile(
    # A dash before it ("— Updated ..."), an editor's note around it ("Editor's note: This
    # story was updated at ...", often the last line of the body).
    r"^[*_\[(>\s—–-]*(?:editor[’']?s\s+note\s*[:\-–—]\s*)?(?:"
    r"(?:this|the)\s+(?:story|article|report|post|page|item|piece)\s+(?:was|has\s+been|is|had\s+been)"
    r"\s+(?:last\s+|first\s+)?updated\b"
    r"|(?:last\s+)?updated(?:\s+on|\s+at)?\s*[:\-–—|]\s*\S"
    r"|(?:last\s+)?updated\b" + _WHEN + r"|last\s+(?:updated|modified)\b|modified\s*:"
    # The noun: "Last update: 27 May 2024 – 21:15 EEST", "Latest update 14:05 GMT"
    r"|(?:last|latest)\s+update\b(?:\s*[:\-–—|]\s*\S|" + _WHEN + r")"
    # "Page last updated at 08:15 GMT", "Article updated: 7 March 2024"
    r"|(?:page|article|story|post)\s+(?:last\s+)?(?:updated|modified)(?:\s*:|\b" + _WHEN + r")"
    r")",
    re.IGNORECASE,
)
_PUBLISHED_UPDATED = re.compile(
    r"^(?P<pub>.*?)\s*(?:[|·•,;]|\s-\s|\s–\s|\s—\s)\s*(?P<upd>(?:(?:last|latest)\s+update|(?:last\s+)?updated)\b.*)$",
    re.IGNORECASE,
)
# The label of a publication date: "Published on:", "First published", "Posted", "Dated".
PUBLISHED_LABEL = (
    r"(?:(?:first\s+)?published|posted|date(?:d)?|released)(?:\s+on|\s+at)?\s*[:\-–—]?\s*"
)
_DATE_LINE = re.compile(rf"^{PUBLISHED_LABEL}(?P<rest>.+)$", re.IGNORECASE)
_BYLINE = re.compile(
    r"^(?P<kind>(?:written|posted|reported|story)\s+by|by|author\s*:|from)\s+(?P<byline>.+)$",
    re.IGNORECASE,
)
# A byline without "By": "Dan Sabbagh in Kyiv", "Jane Roe and John Doe in Gaza City".
_PARTICLE = "|".join(NAME_PARTICLES)
_JOB = "|".join(NEWSROOM_JOBS)
_PERSON = rf"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|{_PARTICLE})){{1,3}}"
_PLAIN_BYLINE = re.compile(
    rf"^{_PERSON}(?:(?:,\s+|\s+and\s+){_PERSON})*\s+in\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{0,2}}$"
)
_NAMES_LINE = re.compile(rf"^{_PERSON}(?:(?:,\s+|\s+and\s+|\s*&\s*){_PERSON})*$")
# The line under a byline that gives the reporter's job: "BBC Middle East correspondent".
_ROLE_LINE = re.compile(
    rf"^[A-Z][\w.'’&, -]{{0,60}}\b(?:{_JOB}|analyst)s?$",
    re.IGNORECASE,
)
# What may follow a name after a comma: "Staff Writer", "Global Ledger correspondent".
_ROLE_WORD = re.compile(
    rf"^(?:{_JOB}|staff|chief|bureau|desk|senior|special|foreign|our|the|in|at|for|of|and)$",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(rf"^(?:[A-Z][\w.'’-]*|[A-Z]\.|and|&|{_PARTICLE})$")
_CALENDAR_WORD = re.compile(rf"^{WEEKDAY}$|^{MONTH_NAME}$", re.IGNORECASE)


def parse_byline(line: str) -> tuple[str, dt.date | None] | None:
    """``(byline, date)`` for "By X | March 4, 2024", "By X, Reuters"; None for prose.

    The byline is "" for a CMS user name ("Posted by admin on March 4, 2024").
    """
    match = _BYLINE.match(line)
    if match is None or len(line) > 160:
        return None
    # A byline is not a sentence, though it may end in "Jr." or a year.
    if line.rstrip().endswith((".", "?", "!")) and not re.search(
        r"\b(?:[A-Z]\.)+$|\b[JS]r\.$|\b\d{4}\.?$", line.rstrip()
    ):
        return None
    kind = match["kind"].lower()
    body = match["byline"].strip()
    parts = [p.strip() for p in re.split(r"\s+[|·•—–-]\s+|\s*\|\s*", body) if p.strip()]
    names = parts[0]
    date = None
    for part in parts[1:]:
        date = date or parse_date(part)
    # "Posted by admin on March 4, 2024": the date may follow the names after "on".
    on_date = re.match(r"^(?P<names>.+?)\s+on\s+(?P<date>.+)$", names)
    if on_date and parse_date(on_date["date"]) is not None:
        names, date = on_date["names"], date or parse_date(on_date["date"])
    # The names part may carry ", Reuters" or "Staff Writer" but must be names, not prose.
    first, _, rest = names.partition(",")
    words = first.split()
    if not words or len(words) > 10 or _CALENDAR_WORD.match(words[0]):
        return None
    # A CMS user name ("Posted by admin") is one lower-case word; a byline's names are capitalised.
    username = kind == "posted by" and len(words) == 1 and re.fullmatch(r"[\w.-]{2,30}", first)
    if not username and not all(_NAME_WORD.match(w) for w in words):
        return None
    if kind == "from" and (not rest or len(words) < 2 or len(line) > 80):
        # "From Aminu Bello, Kaduma" names a reporter and a place; "From Gaza ..." is prose.
        return None
    if rest:
        tail = parse_date(rest)
        if tail is not None:
            date = date or tail
        elif not all(
            _NAME_WORD.match(w) or _ROLE_WORD.match(w) for w in rest.replace(",", " ").split()
        ):
            return None
    # A user name is no byline: the line goes, the byline stays unknown.
    return ("" if username else names), date


def is_update_line(line: str) -> bool:
    """A line saying the story was updated: "Updated: ...", "This story was updated at ..."."""
    return len(line) <= SHORT and _UPDATE_LINE.match(line) is not None


def has_when(line: str) -> bool:
    """Whether an update line states when, not only that ("Last updated", "2 hours ago")."""
    if re.search(r"\bago\b", line, re.IGNORECASE):
        return False
    return bool(re.search(rf"\d|\b(?:noon|midnight|{WEEKDAY_STEM})", line, re.I))


# -- plain text ---------------------------------------------------------------------------


def published_and_updated(line: str) -> tuple[dt.date, str] | None:
    """``(published, update line)`` for "Published 4 March 2024 | Updated 5 March, 09:10"."""
    match = _PUBLISHED_UPDATED.match(line) if len(line) <= SHORT else None
    if match is None or not is_update_line(match["upd"]):
        return None
    published = parse_date(_strip_date_label(match["pub"]))
    return (published, match["upd"]) if published is not None else None


def header_date(line: str) -> dt.date | None:
    """The date of a header line that states only a date: "Published On 4 Mar 2024"."""
    date_line = _DATE_LINE.match(line)
    candidate = date_line["rest"] if date_line else line
    when = parse_date(candidate)
    if when is not None and (date_line or len(line) <= 60) and not _REPORTED.search(line):
        return when
    return None


def _strip_date_label(text: str) -> str:
    match = _DATE_LINE.match(text.strip())
    return match["rest"] if match else text


def is_plain_byline(line: str) -> bool:
    """A byline without "By": "Dan Sabbagh in Kyiv"."""
    return _PLAIN_BYLINE.match(line) is not None


def is_names_line(line: str) -> bool:
    """A line of only people's names: "Mahmoud Ali Abu Rizq", "Jane Roe & John Doe"."""
    return _NAMES_LINE.match(line) is not None


def is_role_line(line: str) -> bool:
    """A reporter's job under a byline: "BBC Middle East correspondent"."""
    return _ROLE_LINE.match(line) is not None


def is_role_word(word: str) -> bool:
    """A word of a reporter's role beside a name: "Staff", "Writer", "correspondent"."""
    return _ROLE_WORD.match(word) is not None


def reads_as_reported(line: str) -> bool:
    """Whether a line has an attribution verb ("said", "according to"): a reported sentence."""
    return _REPORTED.search(line) is not None


def is_name_word(word: str) -> bool:
    """A word of a person's name in a byline: capitalised, an initial, or a name particle."""
    return _NAME_WORD.match(word) is not None

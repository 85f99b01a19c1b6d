"""The story's header lines: bylines, date lines, update lines and the dateline.

General newsroom conventions, for any site's copy: bylines (``parse_byline``, plain "Name in
Place" bylines, the reporter's role line), date lines (``header_date``,
``published_and_updated``), update lines (``is_update_line``, ``has_when``), the dateline that
opens the first paragraph (``parse_dateline``), and the calendar dates they hold
(``parse_date``). A line that reads as a reported sentence ("..., police said.") is never a
header date line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dateutil import parser as dateparser

SHORT = 200  # longer lines are prose, never chrome


@dataclass(frozen=True)
class DatelineInfo:
    """The dateline that opens a story; it stays in the body, this only describes it."""

    text: str  # as written, e.g. "SULAIMANI (ESTA) —"
    place: str | None
    agency: str | None


# Attribution verbs mark a reported sentence, which no boilerplate rule may take.
_REPORTED = re.compile(
    r"\b(?:said|says|told|according\s+to|stated|added|reported|announced|wrote)\b", re.IGNORECASE
)


# "*This story was updated at ...", "Updated: ...", "Last updated ...", "UPDATED 3:45 p.m."
_WHEN = (
    r"(?=\s*(?:\d|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
    r"|noon|midnight|today|yesterday|this\s+morning|on\b|at\b))"
)
_UPDATE_LINE = re.compile(
    r"^[*_\[(>\s]*(?:"
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
_DATE_LINE = re.compile(
    r"^(?:(?:first\s+)?published|posted|date|dated|released)(?:\s+on|\s+at)?\s*[:\-–—]?\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^(?P<kind>(?:written|posted|reported|story)\s+by|by|author\s*:|from)\s+(?P<byline>.+)$",
    re.IGNORECASE,
)
# A byline without "By": "Dan Sabbagh in Kyiv", "Jane Roe and John Doe in Gaza City".
_PERSON = r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|al|de|van|von|bin|ibn)){1,3}"
_PLAIN_BYLINE = re.compile(
    rf"^{_PERSON}(?:(?:,\s+|\s+and\s+){_PERSON})*\s+in\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{0,2}}$"
)
_NAMES_LINE = re.compile(rf"^{_PERSON}(?:(?:,\s+|\s+and\s+|\s*&\s*){_PERSON})*$")
# The line under a byline that gives the reporter's job: "BBC Middle East correspondent".
_ROLE_LINE = re.compile(
    r"^[A-Z][\w.'’&, -]{0,60}\b(?:correspondent|reporter|editor|writer|journalist|producer"
    r"|contributor|columnist|analyst)s?$",
    re.IGNORECASE,
)
# What may follow a name after a comma: "Staff Writer", "Global Ledger correspondent".
_ROLE_WORD = re.compile(
    r"^(?:correspondent|reporter|writer|editor|contributor|columnist|producer|journalist|staff"
    r"|chief|bureau|desk|senior|special|foreign|our|the|in|at|for|of|and)$",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"^(?:[A-Z][\w.'’-]*|[A-Z]\.|and|&|de|da|van|von|der|al|el|bin|ibn|la|le)$")
_CALENDAR_WORD = re.compile(
    r"^(?:mon|tues|wednes|thurs|fri|satur|sun)day$|^(?:january|february|march|april|may|june|"
    r"july|august|september|october|november|december)$",
    re.IGNORECASE,
)

# "SULAIMANI (ESTA) —", "KYIV, Ukraine (AP) —", "GAZA, Nov 14 (Reuters) -", "BEIRUT —",
# "RAMPALI, Vindhara (SNS):", "Kyiv, Ukraine (AP) —", "(CNN) —". Case is checked in
# parse_dateline.
_UPPER = "A-ZÀ-ÖØ-Þ"
_PLACE_WORD = rf"(?:[{_UPPER}]|(?:al|el|ez|ad|an|ar|as|ash|at|az|ed|es)-)[\w.'’/-]*"
_PLACE_LINK = r"(?:al|el|de|da|del|di|du|la|le|of|on|upon|sur|am|an|bin|ibn|ez|es|ad|as|y)"
_PLACE = rf"{_PLACE_WORD}(?:\s+(?:{_PLACE_LINK}\s+)?{_PLACE_WORD}){{0,4}}"
_DATELINE = re.compile(
    rf"^(?P<text>(?:(?P<place>{_PLACE}(?:,\s+(?!\d){_PLACE}){{0,2}}?)"
    r"(?:,\s+(?P<date>(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
    r"(?:,?\s+\d{4})?))?"
    r"(?:\s*\((?P<agency>[^()]{1,40})\))?"
    r"|\((?P<lone_agency>[^()]{1,40})\))"
    r"\s*(?P<dash>—|–|--|-|:))(?:\s+|(?<=—)(?=[A-Z\"“]))(?=\S)"
)
# Capitalised words that start sentences, never a dateline's place: "In Gaza, Hamas — ..."
_NOT_PLACE = frozenset(
    {
        *("the", "a", "an", "in", "on", "at", "as", "after", "before", "but", "and", "or", "so"),
        *("yet", "however", "meanwhile", "today", "yesterday", "tonight", "earlier", "later"),
        *("last", "this", "that", "these", "those", "there", "here", "when", "while", "since"),
        *("for", "from", "with", "without", "by", "he", "she", "it", "they", "we", "i", "you"),
        *("his", "her", "their", "our", "my", "mr", "mrs", "ms", "dr", "police", "officials"),
        *("president", "minister", "prime", "residents", "witnesses", "sources", "according"),
    }
)
# Newsroom labels in capitals that look like a place before a colon or dash.
_LABELS = re.compile(
    r"^(?:BREAKING(?:\s+NEWS)?|EXCLUSIVE|UPDATED?(?:\s+\d+)?|WATCH|LIVE|ANALYSIS|OPINION|FACTBOX"
    r"|EXPLAINER|CORRECTION|CORRECTED|NOTE|EDITOR'?S\s+NOTE|URGENT|FLASH|ALERT|DEVELOPING|VIDEO"
    r"|PHOTOS?|REFILE|INSIGHT|REVIEW|EDITORIAL|COMMENTARY|WRAPUP|SPECIAL\s+REPORT|FILE|WARNING"
    r"|FACT\s+CHECK|TIMELINE|QUOTEBOX|SNAP|ADVISORY)$"
)


def ends_sentence(line: str) -> bool:
    """Whether a line ends as a sentence does (not as a headline or a label)."""
    stripped = line.rstrip()
    if re.search(r"\b(?:[A-Z]\.){2,}$", stripped):  # "U.S.", "U.N." end headlines too
        return False
    return bool(re.search(r"[.:;,]['\"”’)]*$", stripped))


def parse_date(text: str) -> dt.date | None:
    """A calendar date in a short piece of text that is (mostly) only a date, or None."""
    text = text.strip(" |·•,-–—()")
    if not text or len(text) > 60 or not re.search(r"\d", text):
        return None
    has_month = re.search(
        r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b", text, re.IGNORECASE
    )
    has_year = re.search(r"\b(?:19|20)\d{2}\b", text)
    numeric = re.search(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b", text)
    if not ((has_month and has_year) or numeric):
        return None
    # "14.30" is a time (Guardian style); "04.03.2024" stays a date.
    text = re.sub(r"(?<![\d.])([01]?\d|2[0-3])\.([0-5]\d)(?![\d.])", r"\1:\2", text)
    dayfirst = bool(re.search(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b", text)) or bool(
        re.match(r"^\W*\d{1,2}\s+[A-Za-z]", text)
    )
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
    return bool(re.search(r"\d|\b(?:noon|midnight|mon|tue|wed|thu|fri|sat|sun)", line, re.I))


def _agency(text: str | None) -> str | None:
    """A news agency's name from a dateline's parentheses, or None if it is not one."""
    if text is None:
        return None
    agency = text.strip()
    words = agency.split()
    if not words or len(words) > 4 or not re.fullmatch(r"[A-Za-z][\w&.'’ /-]*", agency):
        return None
    # "(AP)", "(Reuters)", "(DPA-D)", "(dpa)"; not "(the militant group)".
    if not any(c.isupper() for c in agency) and len(agency) > 4:
        return None
    return agency


def parse_dateline(line: str) -> DatelineInfo | None:
    """The dateline at the start of a paragraph: a place and/or agency, then a dash or colon.

    A place in capitals is a dateline ("BEIRUT —"); one in title case is only with an agency,
    a date or a region ("Beirut, Lebanon -"), as a sentence may start "Police — ...".
    """
    match = _DATELINE.match(line)
    if match is None:
        return None
    dash = match["dash"]
    if match["lone_agency"] is not None:
        agency = _agency(match["lone_agency"])
        if agency is None or dash == ":":
            return None
        return DatelineInfo(text=match["text"].strip(), place=None, agency=agency)
    place = match["place"].strip()
    agency = _agency(match["agency"])
    if match["agency"] is not None and agency is None:
        return None
    city = place.split(",")[0]
    words = city.split()
    first_word = words[0]
    if len(first_word.strip(".'’-")) < 2 or len(place.split()) > 8:
        return None
    if not any(c.islower() for c in city):  # "SULAIMANI", "GAZA CITY", "KYIV, Ukraine"
        if _LABELS.match(city):
            return None
        # "NEW DELHI: The government said ..." opens a story; "NATO: Allies agree" is a headline.
        if dash == ":" and agency is None:
            rest = line[match.end() :]
            if "," in place or rest[:1].islower() or not ends_sentence(line):
                return None
    else:  # "Kyiv (AP) —", "Sanaa, Yemen, March 4 (Reuters) -", "Beirut, Lebanon -"
        if first_word.lower() in _NOT_PLACE or len(words) > 4 or (match["date"] and dash == ":"):
            return None
        if not (agency or match["date"] or ("," in place and dash != ":")):
            return None
    return DatelineInfo(text=match["text"].strip(), place=place, agency=agency)


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

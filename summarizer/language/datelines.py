"""Datelines: the place and agency that open a news story ("SULAIMANI (ESTA) —").

One reading of datelines for every stage that needs one: the cleaner records the
article's dateline, the rules provider strips it from the first sentence and takes the
agency as a speaker's outlet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.language.names import TITLES
from summarizer.language.sentences import ends_sentence


@dataclass(frozen=True)
class DatelineInfo:
    """The dateline that opens a story; it stays in the body, this only describes it."""

    text: str  # as written, e.g. "SULAIMANI (ESTA) —"
    place: str | None
    agency: str | None


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
        *("his", "her", "their", "our", "my", "police", "officials"),
        *(title.lower() for title in TITLES),
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


__all__ = ["DatelineInfo", "parse_dateline"]

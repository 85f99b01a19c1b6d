"""How many people a phrase singles out, and how many figures a text states.

``singles_out_one`` reads the phrase after "including", "among them", "one of them" and
the like: "27 personnel, including the officer-in-charge of the station" names a subgroup
of one, which supports a count of 1 although the excerpt states only the total.
``figure_mentions`` counts the figures a text states (digits, number words, vague
quantities, words that say there were none) and ``speaker_mentions`` the quotations or
reported statements, whichever is more: measures of how many casualty records and
attributions an article may give.
"""

from __future__ import annotations

import re

from summarizer.language.text import normalise

# What introduces a subgroup picked out of a total. "one of them" and "one of whom" name
# one person by their own figure; the phrase after them is read all the same.
_CUE = re.compile(
    r"\b(?:including|included|among\s+(?:them|whom|those|the\s+\w+)(?:\s+(?:was|were|is))?"
    r"|one\s+of\s+(?:them|whom)(?:\s+(?:was|is))?|of\s+whom\s+one\s+(?:was|is))\s+",
    re.IGNORECASE,
)
# A clause whose subject is one determined person: "Their driver was left at the roadside".
_SUBJECT = re.compile(
    r"(?:^|[.;:]\s+|,\s+)((?:the|their|his|her|its|our|a|an|one)\s+[^,;:.]{1,60}?)"
    r"\s+(?:was|is|had\s+been|has\s+been)\b",
    re.IGNORECASE,
)
# Where the noun phrase after the cue ends: punctuation, a conjunction, a relative
# pronoun or the verb of the clause.
_NP_END = re.compile(
    r"[,;:()\[\]\u2014]|\.(?:\s|$)|\s(?:and|or|who|whom|which|that|was|were|is|are|had|has"
    r"|have|as|while|when|after|before)\s",
    re.IGNORECASE,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_DETERMINERS = _words("the a an one its his her their our this that another single")
_PLURAL_QUANTIFIERS = _words(
    "two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
    "hundred dozens scores hundreds thousands several many some most all both few various "
    "numerous other these those"
)
# Heads that name more than one person without ending in "s", and adjectives used as
# nouns for a group ("the wounded").
_PLURAL_HEADS = _words(
    "children people police men women personnel staff crew family team unit group couple "
    "militia youth folk kin wounded injured dead missing elderly displaced survivors"
)
_PREPOSITIONS = _words("of at in on from for with to near inside outside by under over aboard")
_SINGULAR_S = ("ss", "us", "is")

_FIGURE = re.compile(
    r"\d[\d,.]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
    r"|seventy|eighty|ninety|hundred|dozens?|scores|hundreds|thousands|nobody|no\s+one"
    r"|none|unharmed|unhurt)\b",
    re.IGNORECASE,
)


def _noun_phrase(rest: str) -> list[str]:
    end = _NP_END.search(rest)
    phrase = rest[: end.start()] if end else rest
    return phrase.split()


def _names_one(words: list[str]) -> bool:
    if not words:
        return False
    first = words[0].lower()
    if first in _PLURAL_QUANTIFIERS or first[0].isdigit():
        return False
    determined = first in _DETERMINERS
    while words and (words[0].lower() in _DETERMINERS or words[0].endswith(("'s", "\u2019s"))):
        words = words[1:]
    head_words: list[str] = []
    for word in words:
        if word.lower() in _PREPOSITIONS:
            break
        head_words.append(word)
    if not head_words:
        return False
    head = head_words[-1].strip(".'\u2019\"")
    if not head:
        return False
    lower = head.lower()
    if lower in _PLURAL_HEADS:
        return False
    if head[0].isupper() and not determined:
        return True  # a name, with or without a rank: "Sgt. Ana Ruiz", "Corporal Dlamini"
    return not lower.endswith("s") or lower.endswith(_SINGULAR_S)


def singles_out_one(excerpt: str) -> bool:
    """Whether ``excerpt`` names one person: picked out of a group ("including the
    driver", "among them a nurse") or as the subject of a clause ("Their driver was left
    at the roadside"), whatever other figures it states ("both legs", "27 injured")."""
    text = normalise(excerpt)
    if any(_names_one(_noun_phrase(text[cue.end() :])) for cue in _CUE.finditer(text)):
        return True
    return any(_names_one(match.group(1).split()) for match in _SUBJECT.finditer(text))


_REPORTED = re.compile(
    r"\b(?:said|says|told|added|wrote|posted|tweeted|stated|claimed|announced|confirmed"
    r"|denied|warned|according\s+to)\b",
    re.IGNORECASE,
)


def speaker_mentions(text: str) -> int:
    """How many quotations or reported statements ``text`` has, whichever is more."""
    quotations = sum(text.count(mark) for mark in "\u201c\u201e\u00ab") + text.count('"') // 2
    return max(quotations, len(_REPORTED.findall(text)))


def figure_mentions(text: str) -> int:
    """How many figures ``text`` states: digits, number words, vague quantities, zeros."""
    return len(_FIGURE.findall(text))


__all__ = ["figure_mentions", "singles_out_one", "speaker_mentions"]

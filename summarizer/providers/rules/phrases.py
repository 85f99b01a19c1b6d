"""Noun phrases and places in a sentence's tokens: what stands before or after a word.

A noun phrase read left to right ends at a word of the ``function`` class (a preposition,
a verb of being, a conjunction) or at punctuation; read right to left it starts after one.
Places are capitalised phrases after "in", "near", "at", "outside" and the like.
"""

from __future__ import annotations

import re

from summarizer.providers.rules.engine import RULES, Token

_OPENING = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "some"})
_INSIDE = frozenset({"of", "'s", "and"})


def _stop(token: Token) -> bool:
    return not token.word or RULES.lexicon.has(token.low, "function")


def np_after(tokens: list[Token], i: int, max_words: int = 8) -> tuple[int, int] | None:
    """The noun phrase starting at ``tokens[i]``: a determiner, then words up to a
    function word or punctuation ("of" may join two: "members of the faction")."""
    j = i
    if j < len(tokens) and tokens[j].low in _OPENING:
        j += 1
    start = j
    while j < len(tokens) and j - start < max_words:
        token = tokens[j]
        if token.low == "of" and j > start and j + 1 < len(tokens):
            nxt = tokens[j + 1]
            if nxt.low in _OPENING or not _stop(nxt):
                j += 2 if nxt.low in _OPENING else 1
                continue
        if _stop(token) and token.low not in {"-", "'s", "’s"}:
            break
        if j > start and token.low.endswith("ed") and not token.cap and len(token.low) > 4:
            break  # "<noun> stationed in X": a participle starts a clause
        j += 1
    while j > start and tokens[j - 1].low in _INSIDE | _OPENING:
        j -= 1
    return (i, j) if j > start else None


def np_before(tokens: list[Token], end: int, max_words: int = 8) -> tuple[int, int] | None:
    """The noun phrase ending just before ``tokens[end]``."""
    j = end
    while j > 0 and end - j < max_words:
        token = tokens[j - 1]
        if token.low == "of" and j - 1 > 0 and j < end:
            j -= 1
            continue
        if token.low in _OPENING:
            if j - 2 > 0 and tokens[j - 2].low == "of":
                j -= 2  # "<members> of the <group>": one phrase
                continue
            j -= 1
            break
        if _stop(token) and token.low not in {"'s", "’s"}:
            break
        j -= 1
    return (j, end) if j < end and tokens[j].low not in {"of"} else None


def strip_determiner(phrase: str) -> str:
    return re.sub(r"^(?:the|a|an|some|its|their|his|her|our)\s+", "", phrase.strip(" ,.;:"),
                  flags=re.IGNORECASE).strip()  # fmt: skip


def before_participle(phrase: str) -> str:
    """A noun phrase without the participle clause after its noun: "<group> travelling on
    X" is the group; an "-ing" word before a noun ("polling station") stays."""
    words = phrase.split()
    for i in range(1, len(words)):
        word = words[i]
        if not (word.endswith("ing") and word.islower() and len(word) > 4):
            continue
        after = words[i + 1].lower() if i + 1 < len(words) else None
        if after is None or RULES.lexicon.has(after, "prepositions"):
            return " ".join(words[:i])
    return phrase


def head(phrase: str) -> str:
    """The head word of a noun phrase: the last word before "of", else the last word."""
    words = phrase.lower().replace("’", "'").split()
    if "of" in words[1:]:
        words = words[: words.index("of", 1)]
    return words[-1] if words else ""


_PLACE_PREPS = frozenset(
    {"in", "near", "at", "outside", "inside", "across", "around", "on", "from", "towards", "off"}
)
_DIRECTIONS = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western",
     "central", "northeast", "northwest", "southeast", "southwest", "northeastern",
     "northwestern", "southeastern", "southwestern"}
)  # fmt: skip
_LINKS = frozenset({"al", "el", "ad", "as", "ash", "an", "ar", "at", "az", "bin", "ibn", "de",
                    "del", "la", "le", "of", "da", "do", "dos", "das", "-"})  # fmt: skip


def places(tokens: list[Token], text: str) -> list[tuple[int, str, str]]:
    """(token index, preposition, place) for every "in/near/at X" with a capitalised X.

    ``text`` is the article text the tokens index into.
    """
    out = []
    i = 0
    while i < len(tokens) - 1:
        prep = tokens[i].low
        if prep not in _PLACE_PREPS:
            i += 1
            continue
        j = i + 1
        if j < len(tokens) and tokens[j].low == "the":
            j += 1
        named = _kind_of(tokens, j)  # "the town of <Name>", "the <Adjective> island of"
        j = named or j
        while j < len(tokens) and tokens[j].low in _DIRECTIONS:
            j += 1
        start = j
        while j < len(tokens) and (
            (tokens[j].word and tokens[j].cap) or (tokens[j].low in _LINKS and j > start)
        ):
            j += 1
        while j > start and tokens[j - 1].low in _LINKS:
            j -= 1
        if j > start and tokens[j - 1].low.endswith(("'s", "’s")):
            # "in <Country>'s <direction> <Name> province": the place inside the country.
            inner = _kind_of(tokens, j) or j
            while inner < len(tokens) and tokens[inner].low in _DIRECTIONS:
                inner += 1
            k = inner
            while k < len(tokens) and tokens[k].word and tokens[k].cap:
                k += 1
            if k > inner:
                start, j, named = inner, k, inner
        # A kind of place after the name: "<Name> province", "<Name> Square".
        kind = j > start and j < len(tokens) and RULES.lexicon.has(tokens[j].low, "places")
        if kind:
            j += 1
        # "on the <Adjective> <noun>": a name before a common noun is an adjective, and "on"
        # names a place only with a kind of place ("on the X border").
        adjective = (
            j < len(tokens)
            and tokens[j].word
            and not tokens[j].cap
            and not kind
            and (
                RULES.lexicon.has(tokens[j].low, "people")
                or RULES.lexicon.has(tokens[j].low, "armed")
                or RULES.lexicon.has(tokens[j].low, "sites")
            )
        )
        if prep == "on" and not kind:
            adjective = True
        if j > start and not adjective and not _not_a_place(tokens[start:j]):
            place = text[tokens[start if named else i + 1].start : tokens[j - 1].end]
            out.append((i, prep, re.sub(r"^the\s+", "", place)))
            i = j
        else:
            i += 1
    return out


def _kind_of(tokens: list[Token], j: int) -> int | None:
    """Where the name starts after "<kind of place> of" at ``tokens[j]``, if there is one."""
    if j + 1 < len(tokens) and tokens[j].word and RULES.lexicon.has(tokens[j + 1].low, "places"):
        j += 1  # an adjective before the kind: "the <Adjective> island of", "the small town of"
    if (
        j + 2 < len(tokens)
        and not tokens[j].cap
        and RULES.lexicon.has(tokens[j].low, "places")
        and tokens[j + 1].low == "of"
        and tokens[j + 2].cap
    ):
        return j + 2
    return None


def _not_a_place(words: list[Token]) -> bool:
    first = words[0].low
    lexicon = RULES.lexicon
    return (
        lexicon.has(first, "weekdays")
        or lexicon.has(first, "months")
        or lexicon.has(first, "pronouns")
        or lexicon.has(first, "platforms")
        or lexicon.has(first, "agencies")
        or first in {"least", "this", "that", "some", "reuters"}
        or (len(words) == 1 and len(first) <= 1)
    )


__all__ = ["head", "np_after", "np_before", "places", "strip_determiner"]

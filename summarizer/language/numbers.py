"""Numbers written in words or digits: one parser for every reader of figures.

``stated_numbers`` lists every number a phrase states ("four", "twenty-five", "1,200",
"dozens"); ``parse_number`` reads one count with its precision ("at least 5"). Grounding
checks figures with the first, the rules provider reads them with the second.
"""

from __future__ import annotations

import re

from summarizer.language.text import normalise

_UNIT_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_TEN_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety"
_UNITS = {word: n for n, word in enumerate(_UNIT_WORDS.split())}
_TENS = {word: 10 * n for n, word in enumerate(_TEN_WORDS.split(), start=2)}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# ACLED's conservative coding of vague quantities (SCHEMA.md), plus plain synonyms.
_VAGUE = {
    "dozen": 12,
    "dozens": 12,
    "scores": 20,
    "score": 20,
    "hundreds": 100,
    "thousands": 1000,
    "both": 2,
    "pair": 2,
    "couple": 2,
    "twice": 2,
    "single": 1,
    "lone": 1,
    "a": 1,
    "an": 1,
    "another": 1,
    "first": 1,
    "second": 2,
    "third": 3,
}
_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+|\d+|[a-z]+|[^\sa-z0-9]")


def stated_numbers(excerpt: str) -> set[int]:
    """Every number an excerpt states, in digits or words ("four", "twenty-five", "dozens")."""
    words = _TOKEN.findall(normalise(excerpt).lower().replace("-", " "))
    found: set[int] = set()
    total = current = 0
    last = ""  # kind of the previous word of the number being read: unit, ten, scale

    def close() -> None:
        nonlocal total, current, last
        if last:
            found.add(total + current)
        total = current = 0
        last = ""

    for word in words:
        if word[0].isdigit():
            close()
            found.add(int(word.replace(",", "")))
        elif word in _UNITS:
            if last == "unit":  # "five one" is two numbers
                close()
            current += _UNITS[word]
            last = "unit"
        elif word in _TENS:
            if last in ("unit", "ten"):
                close()
            current += _TENS[word]
            last = "ten"
        elif word in _SCALES and (last or word == "hundred"):
            if word == "hundred":
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * _SCALES[word]
                current = 0
            last = "scale"
        elif word == "and" and last == "scale":
            continue
        else:
            close()
            if word in _VAGUE:
                found.add(_VAGUE[word])
            elif word == "half":
                found.add(6)  # "half a dozen"
    close()
    return found


# Words that say there were none: "no injuries", "nobody was hurt", "escaped unharmed".
_ZERO = re.compile(
    r"\b(no|none|nobody|no-one|zero|0|without|not|never|neither|nor|unharmed|unhurt|"
    r"uninjured|unscathed|escaped|spared)\b"
)


def states_none(text: str) -> bool:
    """Whether ``text`` has a word that can say a count is zero ("no", "nobody", "unhurt")."""
    return bool(_ZERO.search(normalise(text).lower()))


__all__ = ["stated_numbers", "states_none"]

"""Numbers written in words or digits: one table and one reader for every reader of figures.

``parse_number`` reads one count phrase with its precision ("at least 5" -> 5, at least;
"dozens" -> 12, approximate); ``stated_numbers`` lists every number an excerpt states;
``NUMBER`` and ``MODIFIER`` are the patterns of such a phrase for extractors to build on.
Grounding checks figures with ``stated_numbers``, the rules provider finds them with
``NUMBER`` and reads them with ``parse_number``, so both read a phrase the same way.
"""

from __future__ import annotations

import re

from summarizer.language.text import normalise

_UNIT_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_TEN_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety"
UNITS = {word: n for n, word in enumerate(_UNIT_WORDS.split())}
TENS = {word: 10 * n for n, word in enumerate(_TEN_WORDS.split(), start=2)}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
DOZEN = 12
# ACLED's conservative coding of vague quantities (SCHEMA.md).
VAGUE = {"dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1000, "tens": 10}
# Words that state a count without being a numeral: "both", "a pair", "a second".
COUNTING_WORDS = {
    "score": 20,
    "both": 2,
    "pair": 2,
    "couple": 2,
    "twice": 2,
    "single": 1,
    "lone": 1,
    "another": 1,
    "first": 1,
    "second": 2,
    "third": 3,
}

AT_LEAST = r"at least|more than|over|upwards of|no fewer than|not less than|in excess of"
APPROX = r"about|around|nearly|some|approximately|roughly|almost|close to|an estimated|up to"
MODIFIER = rf"(?:(?:{AT_LEAST}|{APPROX})\s+)?"

_MULTIPLIER = rf"(?:{'|'.join(SCALES)}|dozen)"
_UNIT = "|".join(UNITS)
# One count phrase: "1,200", "5 thousand", "twenty-three", "two dozen", "a hundred",
# "half a dozen", "dozens of".
NUMBER = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\s+{_MULTIPLIER})?"
    rf"|(?:(?:{'|'.join(TENS)})(?:[- ](?:{_UNIT}))?|{_UNIT})(?:\s+{_MULTIPLIER})?"
    rf"|half\s+an?\s+dozen|an?\s+{_MULTIPLIER}"
    rf"|(?:{'|'.join(VAGUE)})(?:\s+of)?"
)

_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+|\d+|[a-z]+|[^\sa-z0-9]")


def _words(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("-", " "))


def _read(words: list[str], start: int) -> tuple[int, int, bool] | None:
    """The number phrase at ``words[start]``: its value, the index after it, and whether it is
    a vague quantity ("dozens"); None when no number starts there."""
    word = words[start]
    if word in VAGUE:
        return VAGUE[word], start + 1, True
    if word == "half" and words[start + 1 : start + 3] in (["a", "dozen"], ["an", "dozen"]):
        return DOZEN // 2, start + 3, False
    total = current = 0
    last = ""  # what the previous word of the phrase was: digits, article, unit, ten, scale
    end = start
    for end in range(start, len(words) + 1):
        word = words[end] if end < len(words) else ""
        if word[:1].isdigit() and not last:
            current, last = int(word.replace(",", "")), "digits"
        elif word in ("a", "an") and not last:
            current, last = 1, "article"  # "a hundred", "a dozen"; alone, one
        elif word in UNITS and last in ("", "ten", "scale"):  # "five one" is two numbers
            current += UNITS[word]
            last = "unit"
        elif word in TENS and last in ("", "scale"):
            current += TENS[word]
            last = "ten"
        elif word == "hundred" and last != "dozen":
            current = max(current, 1) * 100
            last = "scale"
        elif word in SCALES and last and last != "dozen":
            total += max(current, 1) * SCALES[word]
            current = 0
            last = "scale"
        elif word == "dozen" and last in ("", "digits", "article", "unit", "ten"):
            current = max(current, 1) * DOZEN
            last = "dozen"
        elif word == "and" and last == "scale":  # "one hundred and twenty"
            continue
        else:
            break
    if not last:
        return None
    return total + current, end, False


def parse_number(phrase: str) -> tuple[int, str] | None:
    """``"at least 5"`` -> ``(5, "at_least")``; ``"dozens"`` -> ``(12, "approximate")``;
    None when the phrase does not start with a number."""
    text = phrase.lower().strip()
    precision = "exact"
    lead = re.match(rf"({AT_LEAST}|{APPROX})\s+", text)
    if lead:
        precision = "at_least" if re.fullmatch(AT_LEAST, lead.group(1)) else "approximate"
        text = text[lead.end() :]
    words = _words(text)
    read = _read(words, 0) if words else None
    if read is None:
        return None
    value, _, vague = read
    return value, "approximate" if vague and precision == "exact" else precision


def stated_numbers(excerpt: str) -> set[int]:
    """Every number an excerpt states, in digits or words ("four", "twenty-five", "dozens")."""
    words = _words(normalise(excerpt))
    found: set[int] = set()
    at = 0
    while at < len(words):
        read = _read(words, at)
        if read is not None:
            found.add(read[0])
            at = read[1]
            continue
        if words[at] in COUNTING_WORDS:
            found.add(COUNTING_WORDS[words[at]])
        at += 1
    return found


# Words that say there were none: "no injuries", "nobody was hurt", "escaped unharmed".
_ZERO = re.compile(
    r"\b(no|none|nobody|no-one|zero|0|without|not|never|neither|nor|unharmed|unhurt|"
    r"uninjured|unscathed|escaped|spared)\b"
)


def states_none(text: str) -> bool:
    """Whether ``text`` has a word that can say a count is zero ("no", "nobody", "unhurt")."""
    return bool(_ZERO.search(normalise(text).lower()))


__all__ = [
    "APPROX",
    "AT_LEAST",
    "COUNTING_WORDS",
    "MODIFIER",
    "NUMBER",
    "SCALES",
    "TENS",
    "UNITS",
    "VAGUE",
    "parse_number",
    "stated_numbers",
    "states_none",
]

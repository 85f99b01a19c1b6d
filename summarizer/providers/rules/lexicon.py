"""Tokens, word classes and counts: what the rules' patterns are matched against.

A sentence is cut into tokens (``tokenize``): words, numbers and punctuation, each with its
offsets in the article text, so that whatever a rule finds is cut verbatim. A word class is
a set of phrases (``Lexicon``), looked up token by token; a count phrase ("at least N",
"twenty-two", "dozens of") is read by ``read_count`` through summarizer.language.numbers.
A sentence's tokens (``Tokens``) remember what was found at each of them, since patterns ask
the same questions of the same tokens many times.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from summarizer.language.numbers import parse_number

# -- tokens -------------------------------------------------------------------------------

_LETTER = "A-Za-zÀ-ÖØ-öø-ÿĀ-ſ"
_TOKEN = re.compile(
    rf"(?:[{_LETTER}]\.){{2,}}"  # U.S., a.m.
    rf"|\d+(?:[,.:]\d+)*(?:[{_LETTER}]+)?(?:-[{_LETTER}0-9]+)*"  # 1,200 / 07:44 / 3rd / 5-year-old
    rf"|[{_LETTER}0-9]+(?:['’\-][{_LETTER}0-9]+)*(?:['’](?=\s|$))?"
    r"|\S"
)


class Token(NamedTuple):
    """One token of a sentence: its text, lower-cased form and offsets in the article."""

    text: str
    low: str
    start: int
    end: int
    word: bool  # a word or a number, not punctuation
    cap: bool  # capitalised


class Tokens(list[Token]):
    """A sentence's tokens, with a cache of what the lexicon and the count reader found at
    each of them (a pattern asks the same questions of the same tokens many times)."""

    def __init__(self, tokens: list[Token]) -> None:
        super().__init__(tokens)
        self.memo: dict[str, list[int]] = {}  # class -> per token: its phrase's end, 0 none
        self.counts: dict[int, tuple[int, Count] | None] = {}
        self.positions: dict[frozenset[str], list[int]] = {}  # word set -> where it occurs
        self.words = frozenset(t.low for t in tokens)


def tokenize(text: str, offset: int = 0) -> Tokens:
    """The tokens of ``text``; their offsets are ``offset`` plus the position in ``text``."""
    out = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        first = word[0]
        low = word.lower().replace("’", "'")
        out.append(
            Token(word, low, offset + m.start(), offset + m.end(), first.isalnum(), first.isupper())
        )
    return Tokens(out)


# -- word classes -------------------------------------------------------------------------


_PLAIN = re.compile(r"[a-z]+(?: [a-z]+)*")


def phrase_words(text: str) -> tuple[str, ...]:
    """A phrase of a word class as the lower-case tokens it matches."""
    if _PLAIN.fullmatch(text):
        return tuple(text.split(" "))  # most phrases: plain lower-case words
    return tuple(t.low for t in tokenize(text))


class Lexicon:
    """Word classes: each a set of phrases, looked up token by token."""

    def __init__(self, classes: dict[str, list[str]]) -> None:
        self.names = frozenset(classes)
        self._single: dict[str, set[str]] = {}
        self._multi: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        firsts: dict[str, set[str]] = {name: set() for name in classes}
        for name, phrases in classes.items():
            for text in phrases:
                words = phrase_words(text)
                if len(words) == 1:
                    self._single.setdefault(words[0], set()).add(name)
                elif words:
                    self._multi.setdefault(words[0], []).append((words, name))
                if words:
                    firsts[name].add(words[0])
        for entries in self._multi.values():
            entries.sort(key=lambda e: -len(e[0]))
        # The words each class's phrases can start with.
        self._firsts = {name: frozenset(words) for name, words in firsts.items()}

    def end(self, tokens: list[Token], i: int, name: str) -> int | None:
        """The end of the longest phrase of class ``name`` starting at ``tokens[i]``."""
        if i >= len(tokens):
            return None
        if tokens[i].low not in self._firsts.get(name, ()):
            return None
        if not isinstance(tokens, Tokens):
            return self._at(tokens, i, name)
        ends = tokens.memo.get(name)
        if ends is None:
            ends = tokens.memo[name] = [-1] * len(tokens)
        end = ends[i]
        if end < 0:
            end = ends[i] = self._at(tokens, i, name) or 0
        return end or None

    def _at(self, tokens: list[Token], i: int, name: str) -> int | None:
        low = tokens[i].low
        for words, cls in self._multi.get(low, ()):
            if cls == name and tuple(t.low for t in tokens[i : i + len(words)]) == words:
                return i + len(words)
        return i + 1 if name in self._single.get(low, ()) else None

    def firsts(self, name: str) -> frozenset[str]:
        """The words a phrase of class ``name`` can start with."""
        return self._firsts.get(name, frozenset())

    def has(self, word: str, name: str) -> bool:
        """Whether a single word (lower case) is in class ``name``."""
        return name in self._single.get(word.lower().replace("’", "'"), ())

    def phrases(
        self, tokens: list[Token], name: str, a: int = 0, b: int | None = None
    ) -> Iterator[tuple[int, int]]:
        """Every (start, end) of a phrase of class ``name`` within ``tokens[a:b]``, left to
        right, not overlapping."""
        b = len(tokens) if b is None else min(b, len(tokens))
        firsts = self.firsts(name)
        i = a
        while i < b:
            if tokens[i].low not in firsts:
                i += 1
                continue
            end = self.end(tokens, i, name)
            if end is None or end > b:
                i += 1
            else:
                yield i, end
                i = end

    def within(self, tokens: list[Token], a: int, b: int, name: str) -> bool:
        """Whether a phrase of class ``name`` lies within ``tokens[a:b]``."""
        return next(self.phrases(tokens, name, a, b), None) is not None


# -- counts -------------------------------------------------------------------------------

_NUMBER_WORDS = frozenset(
    [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "thousand",
        "million",
        "dozen",
        "dozens",
        "scores",
        "hundreds",
        "thousands",
        "tens",
    ]
)
_MODIFIERS = (
    ("at", "least"),
    ("more", "than"),
    ("no", "fewer", "than"),
    ("not", "less", "than"),
    ("upwards", "of"),
    ("in", "excess", "of"),
    ("close", "to"),
    ("an", "estimated"),
    ("up", "to"),
    ("over",),
    ("about",),
    ("around",),
    ("nearly",),
    ("some",),
    ("approximately",),
    ("roughly",),
    ("almost",),
)


def _is_number(token: Token) -> bool:
    if token.low[0].isdigit():
        return re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", token.low) is not None
    return all(part in _NUMBER_WORDS for part in token.low.split("-"))


@dataclass(frozen=True)
class Count:
    value: int
    precision: str  # exact, at_least, approximate


def read_count(tokens: list[Token], i: int) -> tuple[int, Count] | None:
    """The count phrase starting at ``tokens[i]``: its end and what it says, or None.

    "at least N", "twenty-two", "1,200", "a dozen", "dozens of", "between N and M" (the
    lower bound, at least: docs/schema.md).
    """
    if isinstance(tokens, Tokens):
        if i not in tokens.counts:
            tokens.counts[i] = _read_count(tokens, i)
        return tokens.counts[i]
    return _read_count(tokens, i)


COUNT_STARTS = frozenset(
    {"between", "a", "an", "half", *(words[0] for words in _MODIFIERS), *_NUMBER_WORDS}
)


def _read_count(tokens: list[Token], i: int) -> tuple[int, Count] | None:
    n = len(tokens)
    if i >= n or not (tokens[i].low[0].isdigit() or tokens[i].low.split("-")[0] in COUNT_STARTS):
        return None
    if i < n and tokens[i].low == "between":
        first = read_count(tokens, i + 1)
        if first and first[0] < n and tokens[first[0]].low == "and":
            second = read_count(tokens, first[0] + 1)
            if second:
                return second[0], Count(first[1].value, "at_least")
        return None
    j = i
    for words in _MODIFIERS:
        if tuple(t.low for t in tokens[i : i + len(words)]) == words:
            j = i + len(words)
            break
    k = j
    if k < n and tokens[k].low in {"a", "an", "half"}:
        # "a dozen", "a hundred", "half a dozen"; "a" alone is not a count here.
        step = k + (2 if tokens[k].low == "half" else 1)
        if step < n and tokens[step].low in {"dozen", "hundred", "thousand", "score"}:
            k = step + 1
        else:
            return None
    else:
        while k < n and _is_number(tokens[k]) and (k == j or not tokens[k].low[0].isdigit()):
            k += 1
        if k == j:
            return None
    if k < n and tokens[k].low == "of" and tokens[k - 1].low in {"dozens", "scores", "hundreds",
                                                                  "thousands", "tens"}:  # fmt: skip
        k += 1
    text = " ".join(t.low for t in tokens[i:k])
    parsed = parse_number(text)
    if parsed is None:
        return None
    return k, Count(parsed[0], parsed[1])


__all__ = ["Count", "Lexicon", "Token", "Tokens", "read_count", "tokenize"]

"""The rules' one matching engine: word classes and token patterns read from ``data/``.

The rules are data (TOML files under ``data/``, one per concern); this module runs them.

- A sentence is cut into tokens (``lexicon.tokenize``): words, numbers and punctuation,
  each with its offsets in the article text, so whatever a rule finds is cut verbatim.
- A word class is a list of phrases (``[classes]`` tables): ``@name`` in a pattern matches
  the longest phrase of the class at that point.
- A pattern (``patterns``) is a short sequence of token tests, like spaCy's ``Matcher``
  patterns, written in one line::

      (num: #num) (group: !function{0,6}?) @auxiliary* (outcome: @killed)

  ``@class`` a phrase of a class (``@a|b``: of either); ``!class`` one word outside it;
  ``word|word`` literal words (``gave_way``: two words in a row); ``#num`` a count phrase
  ("at least N", "twenty-two", "dozens of"); ``#one`` "a", "an" or "one"; ``#cap`` a
  capitalised word; ``#word`` any word; ``#year`` a year; ``#any`` any token. ``?``, ``*``,
  ``+`` and ``{m,n}`` repeat (a trailing ``?`` makes them lazy); ``(name: ...)`` captures,
  ``[ ... ]`` groups. The classes ``months`` and ``weekdays`` come from
  summarizer.language.dates.
- A rule is a pattern with a priority and guards: ``unless_before`` / ``unless_after`` are
  patterns that must not end where the match starts or start where it ends; ``needs`` is a
  word class the sentence must hold. Of overlapping matches the higher priority wins
  (``best``).

Everything is built on first use (``RULES``), so importing the provider costs nothing. A
section's rules are tried only where their first word can start and only in sentences that
hold a word of each element they require, so the work per sentence stays small.
"""

from __future__ import annotations

import bisect
import functools
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from summarizer.language.dates import MONTHS, WEEKDAYS
from summarizer.providers.rules.lexicon import (
    COUNT_STARTS,
    Count,
    Lexicon,
    Token,
    Tokens,
    phrase_words,
    read_count,
    tokenize,
)
from summarizer.providers.rules.patterns import Found, Pattern, Rule, best

DATA = Path(__file__).parent / "data"


# -- the data -----------------------------------------------------------------------------


class Rules:
    """Every data file under ``data/``, read and compiled on first use."""

    @functools.cached_property
    def data(self) -> dict[str, dict[str, Any]]:
        out = {}
        for path in sorted(DATA.glob("*.toml")):
            with path.open("rb") as f:
                out[path.stem] = tomllib.load(f)
        return out

    @functools.cached_property
    def lexicon(self) -> Lexicon:
        # The calendar's names have one owner, summarizer.language.dates.
        classes: dict[str, list[str]] = {"months": list(MONTHS), "weekdays": list(WEEKDAYS)}
        for name, table in self.data.items():
            for cls, phrases in table.get("classes", {}).items():
                if cls in classes:
                    raise ValueError(f"data/{name}.toml: word class {cls!r} is defined twice")
                classes[cls] = phrases
        return Lexicon(classes)

    def pattern(self, source: str) -> Pattern:
        """A pattern of the rules' language, compiled once."""
        return _compiled(self, source)

    def rules(self, file: str, section: str) -> list[Rule]:
        """The rules of ``[[section]]`` in ``data/<file>.toml``, highest priority first."""
        return _rules(self, file, section)

    def words(self, name: str) -> frozenset[str]:
        """A word class as a set of its phrases (lower case), for quick membership tests."""
        return _words(self, name)


@functools.lru_cache(maxsize=512)
def _compiled(rules: Rules, source: str) -> Pattern:
    return Pattern(source, rules.lexicon)


@functools.lru_cache(maxsize=64)
def _rules(rules: Rules, file: str, section: str) -> list[Rule]:
    out = []
    for entry in rules.data[file].get(section, []):
        entry = dict(entry)
        pattern = entry.pop("pattern", None)
        before = entry.pop("unless_before", None)
        after = entry.pop("unless_after", None)
        out.append(
            Rule(
                name=entry.pop("name", pattern or ""),
                pattern=rules.pattern(pattern) if pattern else None,
                priority=entry.pop("priority", 0),
                unless_before=_guards(rules, before),
                unless_after=_guards(rules, after),
                extra=entry,
            )
        )
    return sorted(out, key=lambda r: -r.priority)


def _guards(rules: Rules, sources: str | list[str] | None) -> list[Pattern]:
    if not sources:
        return []
    return [rules.pattern(s) for s in ([sources] if isinstance(sources, str) else sources)]


@functools.lru_cache(maxsize=128)
def _words(rules: Rules, name: str) -> frozenset[str]:
    for table in rules.data.values():
        if name in table.get("classes", {}):
            return frozenset(" ".join(phrase_words(p)) for p in table["classes"][name])
    raise KeyError(name)


RULES = Rules()


@functools.lru_cache(maxsize=64)
def _index(file: str, section: str) -> tuple[dict[str, list[Rule]], list[Rule], list[Rule]]:
    """A section's rules by the words they can start with; those that can start anywhere;
    those that can start with digits."""
    by_word: dict[str, list[Rule]] = {}
    anywhere: list[Rule] = []
    digits: list[Rule] = []
    for rule in RULES.rules(file, section):
        assert rule.pattern is not None
        if rule.pattern.anywhere:
            anywhere.append(rule)
            continue
        for word in rule.pattern.starts:
            by_word.setdefault(word, []).append(rule)
        if "#num" in rule.pattern.starts:
            digits.append(rule)
    return by_word, anywhere, digits


def _hyphenated_count(word: str) -> bool:
    """ "twenty-two": a count word no index lists whole."""
    return "-" in word and word.split("-", 1)[0] in COUNT_STARTS


def _positions(tokens: list[Token], words: frozenset[str]) -> list[int]:
    """Where the tokens are one of ``words`` (kept on the sentence: rules share such sets)."""
    memo = tokens.positions if isinstance(tokens, Tokens) else {}
    found = memo.get(words)
    if found is None:
        found = memo[words] = [j for j, t in enumerate(tokens) if t.low in words]
    return found


def _context_holds(rule: Rule, tokens: list[Token]) -> bool:
    """A rule's ``needs``: a word class the sentence must hold somewhere ("withdrew" is a
    troop movement only in a sentence about armed forces)."""
    needs = rule.extra.get("needs")
    return not needs or RULES.lexicon.within(tokens, 0, len(tokens), needs)


def _in_order(needs: list[list[int]], start: int, limit: int) -> bool:
    """Whether each required element has a place after the one before, from ``start`` on
    and before ``limit``: else no match can start at ``start``."""
    at = start
    for places in needs:
        k = bisect.bisect_left(places, at)
        if k == len(places) or places[k] >= limit:
            return False
        at = places[k] + 1
    return True


def find_all(
    file: str, section: str, tokens: list[Token], keep: Callable[[Found], bool] | None = None
) -> list[Found]:
    """Every match of every rule of a section (that ``keep`` keeps), overlaps resolved by
    priority."""
    by_word, anywhere, digits = _index(file, section)
    found = [f for rule in anywhere if _context_holds(rule, tokens) for f in rule.find(tokens)]
    words = tokens.words if isinstance(tokens, Tokens) else frozenset(t.low for t in tokens)
    # Per rule: None when it cannot match in this sentence, else where each of its required
    # elements can start (a match starting at i holds them in order, within its reach).
    lasts: dict[int, list[list[int]] | None] = {}
    for i, token in enumerate(tokens):
        rules = by_word.get(token.low, [])
        if token.low[0].isdigit() or _hyphenated_count(token.low):
            rules = [*rules, *digits]
        for rule in rules:
            pattern = rule.pattern
            if pattern is None:
                continue
            key = id(rule)
            if key not in lasts:
                lasts[key] = (
                    [_positions(tokens, need) for need in pattern.needs]
                    if pattern.possible(words)
                    else None
                )
            needs = lasts[key]
            if needs is None or not _in_order(needs, i, i + pattern.reach):
                continue
            if not _context_holds(rule, tokens):
                lasts[key] = None
                continue
            if pattern.starts_at(tokens, i):
                found.extend(rule.at(tokens, i))
    return best([f for f in found if keep(f)] if keep else found)


__all__ = [
    "RULES",
    "Count",
    "Found",
    "Lexicon",
    "Pattern",
    "Rule",
    "Token",
    "Tokens",
    "best",
    "find_all",
    "read_count",
    "tokenize",
]

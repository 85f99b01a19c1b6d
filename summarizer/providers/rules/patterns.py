"""The pattern language of the rules, compiled and matched over a sentence's tokens.

See ``engine`` for the language. A ``Pattern`` is a list of elements with repetitions and
captures; matching backtracks over these few elements only, and a ``Rule`` adds a name, a
priority and guards. Of overlapping matches, ``best`` keeps the higher priority.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from summarizer.providers.rules.lexicon import COUNT_STARTS, Lexicon, Token, Tokens, read_count


@dataclass
class _Element:
    kind: str  # class, notclass, words, builtin, group
    value: Any
    low: int = 1
    high: int = 1
    lazy: bool = False
    name: str | None = None  # a capture's name


_QUANT = re.compile(r"^(?P<body>.*?)(?P<q>\?|\*|\+|\{\d+,\d+\})(?P<lazy>\??)$")


def _split_quant(token: str) -> tuple[str, int, int, bool]:
    if token in {"?", "*", "+"} or len(token) == 1:
        return token, 1, 1, False
    m = _QUANT.match(token)
    if m is None or not m["body"]:
        return token, 1, 1, False
    q = m["q"]
    low, high = {"?": (0, 1), "*": (0, 99), "+": (1, 99)}.get(q, (0, 0))
    if q.startswith("{"):
        low, high = (int(x) for x in q[1:-1].split(","))
    return m["body"], low, high, bool(m["lazy"])


def _parse(items: list[str], at: int, closer: str | None) -> tuple[list[_Element], int]:
    out: list[_Element] = []
    while at < len(items):
        item = items[at]
        if closer and item.startswith(closer):
            return out, at
        at += 1
        if item.startswith("(") and item.endswith(":"):
            inner, at = _parse(items, at, ")")
            _, low, high, lazy = _split_quant(items[at])
            out.append(_Element("group", inner, low, high, lazy, item[1:-1]))
            at += 1
            continue
        if item == "[":
            inner, at = _parse(items, at, "]")
            _, low, high, lazy = _split_quant(items[at])
            out.append(_Element("group", inner, low, high, lazy))
            at += 1
            continue
        body, low, high, lazy = _split_quant(item)
        if body.startswith("@"):
            out.append(_Element("class", tuple(body[1:].split("|")), low, high, lazy))
        elif body.startswith("!") and len(body) > 1:
            out.append(_Element("notclass", tuple(body[1:].split("|")), low, high, lazy))
        elif body.startswith("#") and len(body) > 1:
            names = tuple(name.lstrip("#") for name in body.split("|"))
            unknown = set(names) - _BUILTINS
            if unknown:
                raise ValueError(f"pattern: unknown #{', #'.join(sorted(unknown))}")
            out.append(_Element("builtin", names, low, high, lazy))
        else:
            phrases = tuple(tuple(w.split("_")) for w in body.lower().split("|"))
            out.append(
                _Element("words", tuple(sorted(phrases, key=len, reverse=True)), low, high, lazy)
            )
    if closer:
        raise ValueError(f"pattern: missing {closer!r}")
    return out, at


_BUILTINS = frozenset({"num", "one", "cap", "word", "any", "year"})


def _starts(elements: list[_Element], lexicon: Lexicon) -> tuple[frozenset[str], bool]:
    """The words a match of ``elements`` can start with, and whether it can start anywhere
    (a first element that tests no word: ``!class``, ``#word``, ``#cap``, ``#any``)."""
    words: set[str] = set()
    for e in elements:
        if e.kind == "words":
            words |= {phrase[0] for phrase in e.value}
        elif e.kind == "class":
            for name in e.value:
                words |= lexicon.firsts(name)
        elif e.kind == "group":
            inner, anywhere = _starts(e.value, lexicon)
            if anywhere:
                return frozenset(), True
            words |= inner
        elif e.kind == "builtin":
            for name in e.value:
                if name == "num":
                    words |= COUNT_STARTS | {"#num"}
                elif name == "one":
                    words |= {"a", "an", "one"}
                elif name == "year":
                    words |= {"#num"}
                else:
                    return frozenset(), True
        else:
            return frozenset(), True
        if e.low > 0 and not (e.kind == "group" and _nullable(e.value)):
            return frozenset(words), False
    return frozenset(words), True  # every element may be empty


def _needs(elements: list[_Element], lexicon: Lexicon) -> list[frozenset[str]]:
    """For each required word or class element of a pattern, the words it can start with:
    a sentence must hold one of each for the pattern to match anywhere in it."""
    out: list[frozenset[str]] = []
    for e in elements:
        if e.low == 0:
            continue
        if e.kind == "words":
            out.append(frozenset(phrase[0] for phrase in e.value))
        elif e.kind == "class":
            out.append(frozenset().union(*(lexicon.firsts(name) for name in e.value)))
        elif e.kind == "group":
            out.extend(_needs(e.value, lexicon))
    return out


def _reach(elements: list[_Element]) -> int:
    """The most tokens a match can span (multi-word phrases count as four)."""
    total = 0
    for e in elements:
        one = _reach(e.value) if e.kind == "group" else 4 if e.kind == "class" else 3
        total += one * e.high
    return total


def _nullable(elements: list[_Element]) -> bool:
    return all(e.low == 0 or (e.kind == "group" and _nullable(e.value)) for e in elements)


def _builtin(name: str, tokens: list[Token], i: int) -> int | None:
    token = tokens[i]
    if name == "num":
        read = read_count(tokens, i)
        return None if read is None else read[0]
    if name == "one":
        return i + 1 if token.low in {"a", "an", "one"} else None
    if name == "cap":
        return i + 1 if token.word and token.cap else None
    if name == "word":
        return i + 1 if token.word else None
    if name == "year":
        return i + 1 if re.fullmatch(r"(?:19|20)\d\d", token.low) else None
    return i + 1  # any


_ITEM = re.compile(r"\(\w+:|[)\]](?:[?*+]|\{\d+,\d+\})?\??|\[|[^\s\[\]()]+")


def _items(source: str) -> list[str]:
    # "(name:" opens a capture, "[" a group; ")" and "]" close them and may carry a quantifier.
    return _ITEM.findall(source)


@dataclass
class Found:
    """A match: token span ``[start, end)`` and its captures (token spans)."""

    rule: Rule
    start: int
    end: int
    groups: dict[str, tuple[int, int]]

    def span(self, name: str) -> tuple[int, int] | None:
        return self.groups.get(name)


class Pattern:
    """A compiled token pattern (see the module docstring)."""

    def __init__(self, source: str, lexicon: Lexicon) -> None:
        self.source = source
        self.lexicon = lexicon
        self.elements, _ = _parse(_items(source), 0, None)
        for element in self._walk(self.elements):
            if element.kind in {"class", "notclass"}:
                for name in element.value:
                    if name not in lexicon.names:
                        raise ValueError(f"pattern {source!r}: unknown word class {name!r}")

        self.starts, self.anywhere = _starts(self.elements, lexicon)
        self.needs = _needs(self.elements, lexicon)
        self.reach = min(60, _reach(self.elements))  # how far a match can reach
        first = self.elements[0] if self.elements else None
        while first is not None and first.kind == "group" and first.low > 0 and first.value:
            first = first.value[0]
        # A pattern that opens with a count starts only where a count does.
        self.count_first = (
            first is not None and first.kind == "builtin" and first.low > 0
            and set(first.value) <= {"num", "one"}
        )  # fmt: skip

    def possible(self, words: frozenset[str]) -> bool:
        """Whether a sentence with these words can hold a match at all."""
        return all(not need.isdisjoint(words) for need in self.needs)

    def starts_at(self, tokens: list[Token], i: int) -> bool:
        """A closer test than ``may_start`` for a pattern that opens with a count."""
        if not self.count_first:
            return True
        return tokens[i].low in {"a", "an", "one"} or read_count(tokens, i) is not None

    def may_start(self, token: Token) -> bool:
        """A quick test: whether a match can start at ``token`` at all."""
        if self.anywhere or token.low in self.starts:
            return True
        return "#num" in self.starts and token.low[0].isdigit()

    def _walk(self, elements: list[_Element]) -> Iterator[_Element]:
        for element in elements:
            yield element
            if element.kind == "group":
                yield from self._walk(element.value)

    def _one(self, e: _Element, tokens: list[Token], i: int) -> int | None:
        """Where one repetition of a non-group element starting at ``tokens[i]`` ends."""
        if i >= len(tokens):
            return None
        token = tokens[i]
        if e.kind == "class":
            if len(e.value) == 1:
                return self.lexicon.end(tokens, i, e.value[0])
            ends = [self.lexicon.end(tokens, i, name) for name in e.value]
            return max((end for end in ends if end is not None), default=None)
        if e.kind == "notclass":
            ok = token.word and all(self.lexicon.end(tokens, i, n) is None for n in e.value)
            return i + 1 if ok else None
        if e.kind == "words":
            for words in e.value:
                if len(words) == 1:
                    if token.low == words[0]:
                        return i + 1
                elif tuple(t.low for t in tokens[i : i + len(words)]) == words:
                    return i + len(words)
            return None
        ends = [_builtin(name, tokens, i) for name in e.value]
        return max((end for end in ends if end is not None), default=None)

    def _single(
        self, e: _Element, tokens: list[Token], i: int, groups: dict[str, tuple[int, int]]
    ) -> Iterator[int]:
        if e.kind == "group":
            yield from self._seq(e.value, 0, tokens, i, groups)
        else:
            end = self._one(e, tokens, i)
            if end is not None:
                yield end

    def _reps(
        self,
        e: _Element,
        tokens: list[Token],
        i: int,
        groups: dict[str, tuple[int, int]],
        done: int,
    ) -> Iterator[int]:
        """Ends after ``done`` or more repetitions of ``e``: most first, or fewest if lazy."""
        if e.kind != "group":
            # One way to match each repetition: the ends are a list, no need to recurse.
            ends = [i]
            at = i
            while len(ends) - 1 + done < e.high:
                nxt = self._one(e, tokens, at)
                if nxt is None or nxt == at:
                    break
                ends.append(nxt)
                at = nxt
            usable = ends[max(0, e.low - done) :]
            yield from (usable if e.lazy else reversed(usable))
            return
        if e.lazy and done >= e.low:
            yield i
        if done < e.high:
            for mid in self._single(e, tokens, i, groups):
                if mid > i:
                    yield from self._reps(e, tokens, mid, groups, done + 1)
                elif done < e.low:
                    yield i  # an empty repetition (a group that may match nothing)
        if not e.lazy and done >= e.low:
            yield i

    def _seq(
        self,
        elements: list[_Element],
        k: int,
        tokens: list[Token],
        i: int,
        groups: dict[str, tuple[int, int]],
        failed: set[tuple[int, int]] | None = None,
    ) -> Iterator[int]:
        """Ends of ``elements[k:]`` matched from ``tokens[i]``. ``failed`` (for the whole
        pattern only) holds the states (k, i) already tried in full without an end its
        caller took: trying them again cannot succeed, so each state is tried once and a
        match costs at most (elements x tokens) steps, however many ways lead there."""
        if k == len(elements):
            yield i
            return
        if failed is not None and (k, i) in failed:
            return
        e = elements[k]
        if e.kind != "group" and e.low == e.high == 1:  # the common case: one element, once
            one = self._one(e, tokens, i)
            ends: Iterable[int] = () if one is None or one == i else (one,)
        else:
            ends = self._reps(e, tokens, i, groups, 0)
        for end in ends:
            if e.name is not None:
                groups[e.name] = (i, end)
            yield from self._seq(elements, k + 1, tokens, end, groups, failed)
            if e.name is not None:
                groups.pop(e.name, None)
        if failed is not None:
            failed.add((k, i))

    def match(self, tokens: list[Token], i: int) -> Found | None:
        """The match starting at ``tokens[i]``, or None."""
        groups: dict[str, tuple[int, int]] = {}
        for end in self._seq(self.elements, 0, tokens, i, groups, set()):
            return Found(_NO_RULE, i, end, dict(groups))
        return None

    def ending_at(self, tokens: list[Token], end: int, reach: int = 8) -> bool:
        """Whether a match ends exactly at ``end``, starting at most ``reach`` tokens back."""
        failed: set[tuple[int, int]] = set()
        for start in range(max(0, end - reach), end):
            ends = self._seq(self.elements, 0, tokens, start, {}, failed)
            if any(stop == end for stop in ends):
                return True
        return False


@dataclass
class Rule:
    """A pattern with a name, a priority, guards and whatever else its data file gives."""

    name: str
    pattern: Pattern | None
    priority: int = 0
    unless_before: list[Pattern] = field(default_factory=list)
    unless_after: list[Pattern] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def find(self, tokens: list[Token]) -> Iterator[Found]:
        """Every match of the rule, one per starting token, guards applied (``best`` picks
        among overlapping ones)."""
        pattern = self.pattern
        if pattern is None:
            return
        if isinstance(tokens, Tokens) and not pattern.possible(tokens.words):
            return
        for i, token in enumerate(tokens):
            if pattern.may_start(token):
                yield from self.at(tokens, i)

    def at(self, tokens: list[Token], i: int) -> Iterator[Found]:
        """The rule's match starting at ``tokens[i]``, if any and if no guard rules it out."""
        assert self.pattern is not None
        found = self.pattern.match(tokens, i)
        if found is not None and found.end > i and self.allowed(tokens, i, found.end):
            found.rule = self
            yield found

    def allowed(self, tokens: list[Token], start: int, end: int) -> bool:
        """Whether no guard rules out a match of ``tokens[start:end]``."""
        if any(guard.ending_at(tokens, start) for guard in self.unless_before):
            return False
        return not any(guard.match(tokens, end) for guard in self.unless_after)


_NO_RULE = Rule("", None)


def best(found: list[Found]) -> list[Found]:
    """Of overlapping matches, the higher priority (then the longer, then the earlier)."""
    kept: list[Found] = []
    for f in sorted(found, key=lambda f: (-f.rule.priority, f.start - f.end, f.start)):
        if all(f.end <= k.start or k.end <= f.start for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


__all__ = ["Found", "Pattern", "Rule", "best"]

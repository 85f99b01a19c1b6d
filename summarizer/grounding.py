"""Tie every evidence excerpt and quote to a span of the cleaned text.

Matching is exact after a light normalisation (whitespace runs, curly quotes, dashes,
ellipses, invisible characters), and spans are mapped back to offsets in the original
cleaned text. ``grounding_problems`` lists what a re-ask should fix; ``GroundedSummary``
runs it as a pydantic validator so that instructor re-asks on ungrounded answers. The
article text reaches the validator through the validation context,
``GroundedSummary.model_validate(data, context={ARTICLE_TEXT_KEY: text})``, or for a whole
block of code (a model call with its re-asks) through ``validating_against(text)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from pydantic import ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

from .schema import ArticleSummary, Casualty, Count, UpdateStamp

ARTICLE_TEXT_KEY = "article_text"

_QUOTES = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "`": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
}
_DASHES = dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-")
_REPLACE = {**_QUOTES, **_DASHES, "\u2026": "..."}
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_DOUBLE_QUOTES = frozenset('"\u201c\u201d\u201e\u201f\u00ab\u00bb')
_EDGE_JUNK = " \"'.,;:"
_EXCERPT_IN_MESSAGE = 90


def _normalise(text: str) -> tuple[str, tuple[int, ...]]:
    """Normalised text and, for each of its characters, the index it came from."""
    out: list[str] = []
    origin: list[int] = []
    in_space = True  # drops leading whitespace
    for i, ch in enumerate(text):
        if ch in _INVISIBLE:
            continue
        if ch.isspace():
            if not in_space:
                out.append(" ")
                origin.append(i)
                in_space = True
            continue
        for piece in _REPLACE.get(ch, ch):
            out.append(piece)
            origin.append(i)
        in_space = False
    if out and out[-1] == " ":
        out.pop()
        origin.pop()
    return "".join(out), tuple(origin)


# Articles and excerpts are cached apart: one article can have more distinct excerpts
# than a shared cache holds, and each would then evict the article and have all of it
# normalised again.
@lru_cache(maxsize=8)
def _normalised_text(text: str) -> tuple[str, tuple[int, ...]]:
    return _normalise(text)


@lru_cache(maxsize=1024)
def _normalised_excerpt(excerpt: str) -> str:
    return _normalise(excerpt)[0]


def find_span(excerpt: str, text: str) -> tuple[int, int] | None:
    """[start, end) of ``excerpt`` in ``text`` after normalising whitespace, quotes, dashes."""
    needle = _normalised_excerpt(excerpt)
    haystack, origin = _normalised_text(text)
    if not needle:
        return None
    start = haystack.find(needle)
    if start < 0:
        # Models often add or drop the surrounding quotation marks or the final full
        # stop; the words themselves must still be verbatim.
        needle = needle.strip(_EDGE_JUNK)
        if not needle:
            return None
        start = haystack.find(needle)
        if start < 0:
            return None
    end = start + len(needle)
    return origin[start], origin[end - 1] + 1


# -- numbers stated in an excerpt ------------------------------------------------------

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
_ZERO = re.compile(
    r"\b(no|none|nobody|no-one|zero|0|without|not|never|neither|nor|unharmed|unhurt|"
    r"uninjured|unscathed|escaped|spared)\b"
)
_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+|\d+|[a-z]+|[^\sa-z0-9]")


def stated_numbers(excerpt: str) -> set[int]:
    """Every number an excerpt states, in digits or words ("four", "twenty-five", "dozens")."""
    words = _TOKEN.findall(_normalised_excerpt(excerpt).lower().replace("-", " "))
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


def _count_supported(value: int, evidence: str) -> bool:
    if value == 0:
        return bool(_ZERO.search(_normalised_excerpt(evidence).lower()))
    numbers = stated_numbers(evidence)
    if value in numbers:
        return True
    # A singular victim is often unnumbered: "Their driver was treated for gunshot wounds".
    # One is then the only reading, as long as the excerpt states no other figure.
    if value == 1 and not numbers:
        return True
    # "two soldiers and three civilians were killed" may be coded as one group of five.
    return len(numbers) > 1 and value == sum(numbers)


# -- quotation marks -------------------------------------------------------------------


@lru_cache(maxsize=8)
def _quoted_regions(text: str) -> tuple[tuple[int, int], ...]:
    """[start, end) ranges of ``text`` inside double quotation marks.

    News style reopens a quotation in every paragraph of a long quote without closing
    the previous one, so an unclosed quotation ends with its paragraph.
    """
    regions: list[tuple[int, int]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        opened: int | None = None
        for i, ch in enumerate(line):
            if ch not in _DOUBLE_QUOTES:
                continue
            closes = ch in "\u201d\u00bb" or (ch not in "\u201c\u201e\u00ab" and opened is not None)
            if opened is not None and closes:
                regions.append((offset + opened, offset + i))
                opened = None
            elif opened is None:
                opened = i + 1
        if opened is not None:
            regions.append((offset + opened, offset + len(line.rstrip("\r\n"))))
        offset += len(line)
    return tuple(regions)


def _in_quotation(span: tuple[int, int], text: str) -> bool:
    start, end = span
    return any(a <= start and end <= b for a, b in _quoted_regions(text))


# -- problems --------------------------------------------------------------------------


def _show(excerpt: str) -> str:
    excerpt = " ".join(excerpt.split())
    if len(excerpt) > _EXCERPT_IN_MESSAGE:
        excerpt = excerpt[: _EXCERPT_IN_MESSAGE - 3].rstrip() + "..."
    return f'"{excerpt}"'


def _casualty_problems(i: int, casualty: Casualty, n_events: int) -> list[str]:
    problems = []
    if casualty.event is not None and casualty.event >= n_events:
        problems.append(
            f"casualties[{i}].event is {casualty.event} but there are only {n_events} events "
            "(indices start at 0); point it at an existing event or set it to null"
        )
    for name in ("killed", "injured", "missing"):
        count: Count | None = getattr(casualty, name)
        if count is None or _count_supported(count.value, casualty.evidence):
            continue
        if count.value == 0:
            problems.append(
                f"casualties[{i}].{name} is 0 but its evidence {_show(casualty.evidence)} does "
                "not say there were none; quote the words that say so, or set it to null if "
                "the article says nothing about it"
            )
        else:
            problems.append(
                f"casualties[{i}].{name} is {count.value} but its evidence "
                f"{_show(casualty.evidence)} states no such figure; use the figure the "
                "evidence states (digits or words; 'dozens' is 12, 'scores' 20, 'hundreds' "
                "100), or quote the sentence that states it"
            )
    return problems


def grounding_problems(summary: ArticleSummary, text: str) -> list[str]:
    """Every problem a re-ask should fix: excerpts not in the text, unsupported counts, ..."""
    problems: list[str] = []
    items: list[tuple[str, Any]] = [
        *((f"events[{i}]", e) for i, e in enumerate(summary.events)),
        *((f"casualties[{i}]", c) for i, c in enumerate(summary.casualties)),
        *((f"attributions[{i}]", a) for i, a in enumerate(summary.attributions)),
    ]
    for where, item in items:
        if find_span(item.evidence, text) is None:
            problems.append(
                f"{where}.evidence {_show(item.evidence)} is not in the article; copy the "
                "words exactly as the article writes them"
            )
    for i, casualty in enumerate(summary.casualties):
        problems.extend(_casualty_problems(i, casualty, len(summary.events)))
    for i, attribution in enumerate(summary.attributions):
        if not attribution.quote:
            continue
        quote = attribution.quote.strip().strip("\"'\u201c\u201d\u2018\u2019")
        span = find_span(quote, text) if quote else None
        if span is None:
            problems.append(
                f"attributions[{i}].quote {_show(attribution.quote)} is not in the article; "
                "copy the quoted words exactly, or set quote to null"
            )
        elif not _in_quotation(span, text):
            problems.append(
                f"attributions[{i}].quote {_show(attribution.quote)} is not inside quotation "
                "marks in the article; set quote to null unless the article quotes these words"
            )
    return problems


def attach_spans(summary: ArticleSummary, text: str) -> ArticleSummary:
    """A copy of ``summary`` with ``evidence_span`` set on every item whose evidence is found."""

    def spanned(items: list[Any]) -> list[Any]:
        return [
            item.model_copy(update={"evidence_span": find_span(item.evidence, text)})
            for item in items
        ]

    return summary.model_copy(
        update={
            "events": spanned(summary.events),
            "casualties": spanned(summary.casualties),
            "attributions": spanned(summary.attributions),
        }
    )


# The article answers are checked against inside ``validating_against``. A context variable,
# not instructor's validation context: given a context, instructor also renders every
# message as a Jinja template, which costs more than building the request itself. Each
# thread and each asyncio task sees only the value it set.
_ARTICLE_TEXT: ContextVar[str | None] = ContextVar("summarizer_article_text", default=None)


@contextmanager
def validating_against(text: str) -> Iterator[None]:
    """Within this block (this thread or task only), check GroundedSummary answers against
    ``text``, as ``context={ARTICLE_TEXT_KEY: text}`` would."""
    token = _ARTICLE_TEXT.set(text)
    try:
        yield
    finally:
        _ARTICLE_TEXT.reset(token)


class GroundedSummary(ArticleSummary):
    """A structured, evidence-linked summary of one news article."""

    # The tool the model calls keeps the contract's name.
    model_config = ConfigDict(title="ArticleSummary")

    # Filled by the pipeline from a deterministic parser, so hidden from the model and
    # dropped if a model sends it anyway.
    updated: SkipJsonSchema[UpdateStamp | None] = Field(default=None, exclude=True)

    @field_validator("updated", mode="before")
    @classmethod
    def _drop_updated(cls, value: object) -> None:
        return None

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> GroundedSummary:
        context = info.context if isinstance(info.context, dict) else {}
        text = context.get(ARTICLE_TEXT_KEY, _ARTICLE_TEXT.get())
        if not isinstance(text, str):
            return self  # no article to check against (e.g. re-validating a stored answer)
        problems = grounding_problems(self, text)
        if problems:
            raise ValueError(
                "the answer is not grounded in the article; fix these and answer again: "
                + " | ".join(problems)
            )
        return self

    def to_summary(self, text: str | None = None) -> ArticleSummary:
        """The plain contract model, with evidence spans when ``text`` is given."""
        summary = ArticleSummary.model_validate(self.model_dump(exclude={"updated"}))
        return attach_spans(summary, text) if text is not None else summary


__all__ = [
    "ARTICLE_TEXT_KEY",
    "GroundedSummary",
    "attach_spans",
    "find_span",
    "grounding_problems",
    "stated_numbers",
    "validating_against",
]

"""Tie every evidence excerpt and quote to a span of the cleaned text, and check them.

Matching is exact after a light normalisation (``summarizer.language.text``), and spans
map back to offsets in the original cleaned text. ``check`` locates each item's evidence
(once: an item that already has its span keeps it) and lists what a re-ask should fix:
excerpts not in the text, counts their excerpt does not state, quotes that are not
quoted. Providers that validate answers (the openai provider's instructor validator) call
it; the pipeline calls it again only to locate what is still unlocated.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from summarizer.language.numbers import stated_numbers, states_none
from summarizer.language.text import DOUBLE_QUOTES, normalise, normalised_article
from summarizer.schema import ArticleSummary, Casualty, Count

LIST_FIELDS = ("events", "casualties", "attributions")
_EDGE_JUNK = " \"'.,;:"
_EXCERPT_IN_MESSAGE = 90


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an answer, with the item it concerns."""

    field: str  # "events", "casualties" or "attributions"
    index: int
    message: str  # names the item ("casualties[2].injured is 3 but ...") and the fix

    def __str__(self) -> str:
        return self.message


def find_span(excerpt: str, text: str) -> tuple[int, int] | None:
    """[start, end) of ``excerpt`` in ``text`` after normalising whitespace, quotes, dashes."""
    needle = normalise(excerpt)
    haystack, origin = normalised_article(text)
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


def _items(summary: ArticleSummary) -> list[tuple[str, int, Any]]:
    return [
        (name, i, item) for name in LIST_FIELDS for i, item in enumerate(getattr(summary, name))
    ]


def locate(summary: ArticleSummary, text: str) -> None:
    """Set ``evidence_span`` on every item that has none and whose evidence is found."""
    for _, _, item in _items(summary):
        if item.evidence_span is None:
            item.evidence_span = find_span(item.evidence, text)


# -- counts ----------------------------------------------------------------------------


def _count_supported(value: int, evidence: str) -> bool:
    if value == 0:
        return states_none(evidence)
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
            if ch not in DOUBLE_QUOTES:
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


def _casualty_problems(i: int, casualty: Casualty, n_events: int) -> list[Problem]:
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
    return [Problem("casualties", i, message) for message in problems]


def check(summary: ArticleSummary, text: str) -> list[Problem]:
    """Locate every item's evidence in ``text``, then list every problem a re-ask should fix."""
    locate(summary, text)
    problems: list[Problem] = []
    for name, i, item in _items(summary):
        if item.evidence_span is None:
            problems.append(
                Problem(
                    name,
                    i,
                    f"{name}[{i}].evidence {_show(item.evidence)} is not in the article; copy "
                    "the words exactly as the article writes them",
                )
            )
    for i, casualty in enumerate(summary.casualties):
        problems.extend(_casualty_problems(i, casualty, len(summary.events)))
    for i, attribution in enumerate(summary.attributions):
        if not attribution.quote:
            continue
        quote = attribution.quote.strip().strip("\"'\u201c\u201d\u2018\u2019")
        span = find_span(quote, text) if quote else None
        if span is None:
            message = (
                f"attributions[{i}].quote {_show(attribution.quote)} is not in the article; "
                "copy the quoted words exactly, or set quote to null"
            )
        elif not _in_quotation(span, text):
            message = (
                f"attributions[{i}].quote {_show(attribution.quote)} is not inside quotation "
                "marks in the article; set quote to null unless the article quotes these words"
            )
        else:
            continue
        problems.append(Problem("attributions", i, message))
    return problems


def grounding_problems(summary: ArticleSummary, text: str) -> list[str]:
    """The messages of ``check``: what is wrong with ``summary`` as evidence of ``text``."""
    return [problem.message for problem in check(summary, text)]


__all__ = [
    "LIST_FIELDS",
    "Problem",
    "check",
    "find_span",
    "grounding_problems",
    "locate",
]

"""Tie every evidence excerpt and quote to a span of the cleaned text, and check them.

Matching is exact after a light normalisation (``summarizer.language.text``), and spans
map back to offsets in the original cleaned text. ``check`` locates each item's evidence
(once: an item that already has its span keeps it) and lists what a re-ask should fix:
excerpts not in the text, counts their excerpt does not state, quotes that are not
quoted. Providers that validate answers (the openai provider's instructor validator) call
it; the pipeline calls it again on what a provider hands back, and ``drop_items`` removes
what still fails once the re-asks are spent. What the items claim beyond their excerpts
is checked in ``summarizer.claims``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from summarizer.language.counts import singles_out_one
from summarizer.language.numbers import stated_numbers, states_none
from summarizer.language.text import DOUBLE_QUOTES, normalise, normalised_article
from summarizer.schema import ArticleSummary, Casualty, Count

LIST_FIELDS = ("events", "casualties", "attributions")
DROPPED_PREFIX = "dropped: "  # the warning of an item left out of a record
_EDGE_JUNK = " \"'.,;:"
_QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"
# A split quotation's segments stand within a couple of sentences of each other.
_SPLIT_GAP_SENTENCES = 2
_SPLIT_GAP_CHARS = 400
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*(?:\s|$)")
_EXCERPT_IN_MESSAGE = 90


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an answer, with the item it concerns."""

    field: str  # "events", "casualties" or "attributions"
    index: int
    message: str  # names the item ("casualties[2].injured is 3 but ...") and the fix
    part: str | None = None  # the one field at fault ("injured", "quote"); None: the item

    def __str__(self) -> str:
        return self.message


def find_span(excerpt: str, text: str) -> tuple[int, int] | None:
    """[start, end) of ``excerpt`` in ``text`` after normalising whitespace, quotes, dashes."""
    spans = find_spans(excerpt, text, first=True)
    return spans[0] if spans else None


def find_spans(excerpt: str, text: str, *, first: bool = False) -> list[tuple[int, int]]:
    """Every [start, end) where ``excerpt`` occurs in ``text`` (``first``: the first only),
    matched as ``find_span`` matches."""
    needle = normalise(excerpt)
    haystack, origin = normalised_article(text)
    if not needle:
        return []
    starts = _starts(needle, haystack, first)
    if not starts:
        # Models often add or drop the surrounding quotation marks or the final full
        # stop; the words themselves must still be verbatim.
        needle = needle.strip(_EDGE_JUNK)
        if not needle:
            return []
        starts = _starts(needle, haystack, first)
    return [(origin[start], origin[start + len(needle) - 1] + 1) for start in starts]


def _starts(needle: str, haystack: str, first: bool) -> list[int]:
    found = []
    start = haystack.find(needle)
    while start >= 0:
        found.append(start)
        if first:
            break
        start = haystack.find(needle, start + 1)
    return found


def list_items(summary: ArticleSummary) -> list[tuple[str, int, Any]]:
    """Every event, casualty and attribution as (list name, index, item)."""
    return [
        (name, i, item) for name in LIST_FIELDS for i, item in enumerate(getattr(summary, name))
    ]


def locate(summary: ArticleSummary, text: str) -> None:
    """Set ``evidence_span`` on every item that has none and whose evidence is found."""
    for _, _, item in list_items(summary):
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
    # A single person picked out of a total: "27 injured, including the officer-in-charge".
    if value == 1 and singles_out_one(evidence):
        return True
    # "two soldiers and three civilians were killed" may be coded as one group of five.
    return len(numbers) > 1 and value == sum(numbers)


# -- quotation marks -------------------------------------------------------------------


_SINGLE_OPENERS = "\u2018\u201a\u201b'"
_SINGLE_CLOSERS = "\u2019'"
# What may stand right before an opening single quotation mark (an apostrophe follows a
# letter: "don't", "soldiers' families").
_BEFORE_OPENING = '([{\u201c"\u2014\u2013-/'


@lru_cache(maxsize=8)
def _quoted_regions(text: str) -> tuple[tuple[int, int], ...]:
    """[start, end) ranges of ``text`` inside quotation marks: double, single or guillemets.

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
        regions.extend((offset + a, offset + b) for a, b in _single_quoted(line.rstrip("\r\n")))
        offset += len(line)
    return tuple(regions)


def _single_quoted(line: str) -> list[tuple[int, int]]:
    """Ranges of one paragraph inside single quotation marks, told apart from apostrophes
    by what stands on either side of the mark."""
    regions: list[tuple[int, int]] = []
    opened: int | None = None
    for i, ch in enumerate(line):
        before = line[i - 1] if i else " "
        after = line[i + 1] if i + 1 < len(line) else " "
        if opened is None:
            opens = before.isspace() or before in _BEFORE_OPENING
            if ch in _SINGLE_OPENERS and opens and not after.isspace():
                opened = i + 1
        elif ch in _SINGLE_CLOSERS and not before.isspace() and not after.isalnum():
            regions.append((opened, i))
            opened = None
    # Only a typographic opening mark carries an unclosed quotation to the paragraph's end:
    # a straight one at a word's start may be an elision ('em, 'til).
    if opened is not None and line[opened - 1] == "\u2018":
        regions.append((opened, len(line)))
    return regions


def _in_quotation(span: tuple[int, int], text: str) -> bool:
    start, end = span
    return any(a <= start and end <= b for a, b in _quoted_regions(text))


def _quoted_occurrences(excerpt: str, text: str) -> list[tuple[int, int]]:
    return [span for span in find_spans(excerpt, text) if _in_quotation(span, text)]


def _split_quote_found(segments: list[str], text: str) -> bool:
    """Whether quoted segments stand in quotation marks in ``text``, in order, each
    within a couple of sentences of the one before."""
    found = [_quoted_occurrences(segment, text) for segment in segments]
    if not all(found):
        return False
    for start in found[0]:
        end = start[1]
        for spans in found[1:]:
            following = [s for s in spans if s[0] >= end and _close(text[end : s[0]])]
            if not following:
                break
            end = following[0][1]
        else:
            return True
    return False


def _close(gap: str) -> bool:
    return len(gap) <= _SPLIT_GAP_CHARS and len(_SENTENCE_END.findall(gap)) <= _SPLIT_GAP_SENTENCES


def _quote_problem(i: int, quote: str, text: str) -> str | None:
    """What is wrong with ``attributions[i].quote``, or None when it stands quoted.

    A quote is accepted when any of its occurrences stands inside quotation marks (a
    word may also occur unquoted earlier), or, joined by ``...``, when each segment does,
    in order and close together (a quotation interrupted by its attribution).
    """
    shown = clip(quote)
    quote = quote.strip().strip(_QUOTE_MARKS)
    if not quote:
        return None
    spans = find_spans(quote, text)
    if any(_in_quotation(span, text) for span in spans):
        return None
    segments = [s.strip(_EDGE_JUNK) for s in normalise(quote).split("...")]
    segments = [s for s in segments if s]
    if not spans and len(segments) > 1:
        if _split_quote_found(segments, text):
            return None
        if all(find_spans(segment, text, first=True) for segment in segments):
            return (
                f"attributions[{i}].quote {shown} joins segments that are not each inside "
                "quotation marks, in order and close together in the article; quote one "
                "quotation, or set quote to null"
            )
    if not spans:
        return (
            f"attributions[{i}].quote {shown} is not in the article; copy the quoted words "
            "exactly, or set quote to null"
        )
    return (
        f"attributions[{i}].quote {shown} is not inside quotation marks in the article; set "
        "quote to null unless the article quotes these words"
    )


# -- problems --------------------------------------------------------------------------


def clip(excerpt: str) -> str:
    """An excerpt as a problem message quotes it: one line, shortened."""
    excerpt = " ".join(excerpt.split())
    if len(excerpt) > _EXCERPT_IN_MESSAGE:
        excerpt = excerpt[: _EXCERPT_IN_MESSAGE - 3].rstrip() + "..."
    return f'"{excerpt}"'


def _casualty_problems(i: int, casualty: Casualty, n_events: int) -> list[Problem]:
    problems: list[tuple[str, str]] = []
    if casualty.event is not None and casualty.event >= n_events:
        message = (
            f"casualties[{i}].event is {casualty.event} but there are only {n_events} events "
            "(indices start at 0); point it at an existing event or set it to null"
        )
        problems.append(("event", message))
    for name in ("killed", "injured", "missing"):
        count: Count | None = getattr(casualty, name)
        if count is None or _count_supported(count.value, casualty.evidence):
            continue
        if count.value == 0:
            message = (
                f"casualties[{i}].{name} is 0 but its evidence {clip(casualty.evidence)} does "
                "not say there were none; quote the words that say so, or set it to null if "
                "the article says nothing about it"
            )
        else:
            message = (
                f"casualties[{i}].{name} is {count.value} but its evidence "
                f"{clip(casualty.evidence)} states no such figure; use the figure the "
                "evidence states (digits or words; 'dozens' is 12, 'scores' 20, 'hundreds' "
                "100), or quote the sentence that states it"
            )
        problems.append((name, message))
    return [Problem("casualties", i, message, part) for part, message in problems]


def check(summary: ArticleSummary, text: str) -> list[Problem]:
    """Locate every item's evidence in ``text``, then list every problem a re-ask should fix."""
    locate(summary, text)
    problems: list[Problem] = []
    for name, i, item in list_items(summary):
        if item.evidence_span is None:
            problems.append(
                Problem(
                    name,
                    i,
                    f"{name}[{i}].evidence {clip(item.evidence)} is not in the article; copy "
                    "the words exactly as the article writes them",
                )
            )
    for i, casualty in enumerate(summary.casualties):
        problems.extend(_casualty_problems(i, casualty, len(summary.events)))
    for i, attribution in enumerate(summary.attributions):
        if attribution.quote:
            message = _quote_problem(i, attribution.quote, text)
            if message is not None:
                problems.append(Problem("attributions", i, message, "quote"))
    return problems


def drop_items(
    summary: ArticleSummary, problems: list[Problem]
) -> tuple[ArticleSummary, list[str]]:
    """``summary`` without what ``problems`` name, and a warning for each thing dropped.

    What fails is dropped and the rest kept: a count its evidence does not state (the
    casualty keeps its other counts; with none left it goes), a quote not in quotation
    marks (the attribution keeps its claim), a link to no event; an item whose evidence
    is not in the article goes whole. Warnings read ``dropped: casualties[3]: <reason>``
    or ``dropped: casualties[3].injured: <reason>``, indices as in the answer given. A
    casualty linked to a dropped event loses the link; links to later events follow them
    down. A problem that names no list item drops nothing and comes back as an
    ``ungrounded:`` warning.
    """
    whole: dict[tuple[str, int], list[str]] = {}
    parts: dict[tuple[str, int], dict[str, list[str]]] = {}
    warnings: list[str] = []
    for problem in problems:
        key = (problem.field, problem.index)
        if problem.field not in LIST_FIELDS:
            warnings.append(f"ungrounded: {problem.message}")
        elif problem.part is None:
            whole.setdefault(key, []).append(problem.message)
        else:
            parts.setdefault(key, {}).setdefault(problem.part, []).append(problem.message)
    if not whole and not parts:
        return summary, warnings
    lists: dict[str, list[Any]] = {}
    for name in LIST_FIELDS:
        lists[name] = []
        for i, item in enumerate(getattr(summary, name)):
            if (name, i) not in whole:
                failed = parts.get((name, i), {})
                if failed:
                    # A list field at fault empties (alleged actors); any other goes to null.
                    emptied: dict[str, Any] = {
                        k: [] if isinstance(getattr(item, k), list) else None for k in failed
                    }
                    item = item.model_copy(update=emptied)
                if name == "casualties" and failed and not _has_count(item):
                    whole[(name, i)] = [m for messages in failed.values() for m in messages]
                    continue
                lists[name].append((i, item))
    new_index = {old: new for new, (old, _) in enumerate(lists["events"])}
    casualties = []
    for _, casualty in lists["casualties"]:
        if casualty.event is not None and casualty.event != new_index.get(casualty.event):
            casualty = casualty.model_copy(update={"event": new_index.get(casualty.event)})
        casualties.append(casualty)
    dropped = [(name, i, "", messages) for (name, i), messages in whole.items()]
    dropped += [
        (name, i, f".{part}", messages)
        for (name, i), failed in parts.items()
        if (name, i) not in whole
        for part, messages in failed.items()
    ]
    for name, i, part, messages in sorted(dropped, key=lambda d: (LIST_FIELDS.index(d[0]), d[1])):
        warnings.append(f"{DROPPED_PREFIX}{name}[{i}]{part}: {'; '.join(messages)}")
    update = {
        "events": [item for _, item in lists["events"]],
        "casualties": casualties,
        "attributions": [item for _, item in lists["attributions"]],
    }
    return summary.model_copy(update=update), warnings


def _has_count(casualty: Casualty) -> bool:
    return any(getattr(casualty, name) is not None for name in ("killed", "injured", "missing"))


def grounding_problems(summary: ArticleSummary, text: str) -> list[str]:
    """The messages of ``check``: what is wrong with ``summary`` as evidence of ``text``."""
    return [problem.message for problem in check(summary, text)]


__all__ = [
    "DROPPED_PREFIX",
    "LIST_FIELDS",
    "Problem",
    "check",
    "clip",
    "drop_items",
    "find_span",
    "find_spans",
    "grounding_problems",
    "list_items",
    "locate",
]

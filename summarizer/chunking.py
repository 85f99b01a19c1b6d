"""Long articles in chunks: paragraph-aligned pieces with a small overlap, and the merge.

A long article whose answer would not fit one model call is split into chunks (``split``)
that each go through the same provider and validation as a whole article (``piece``: a
CleanedArticle whose text is the chunk). ``merge`` puts the answers back together:

- every evidence span is mapped from the chunk to the full text by the chunk's offset;
- an item found twice because its text lies in the overlap of two chunks is kept once:
  the same span, or overlapping spans with the same kind (events) or speaker
  (attributions); for casualties the same figures with the same span, or the same
  figures, group and source;
- casualty -> event links are re-indexed into the merged list of events.

Only items of different chunks are compared: two items of one answer are the model's own
choice. The merged summary text is a placeholder; the pipeline writes it from the whole.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from summarizer.cleaning import CleanedArticle
from summarizer.grounding import locate
from summarizer.language.text import normalise
from summarizer.schema import ArticleSummary, Attribution, Casualty, Event

OVERLAP_CHARS = 600  # at most this much of a chunk's end opens the next chunk
_PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*")
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+")

Span = tuple[int, int]
Item = TypeVar("Item", Event, Casualty, Attribution)


@dataclass(frozen=True)
class Chunk:
    """``text[start:end]`` of the article."""

    start: int
    end: int
    text: str


def _pieces(start: int, end: int, text: str, size: int) -> list[Span]:
    """A paragraph longer than ``size`` cut at sentence ends (or at spaces, for a sentence
    longer than ``size``) into pieces of at most ``size`` characters."""
    if end - start <= size:
        return [(start, end)]
    cuts = [m.end() for m in _SENTENCE_END.finditer(text, start, end)]
    pieces: list[Span] = []
    begin = start
    while end - begin > size:
        fitting = [c for c in cuts if begin < c <= begin + size]
        cut = fitting[-1] if fitting else text.rfind(" ", begin + 1, begin + size) + 1
        if cut <= begin:
            cut = begin + size
        pieces.append((begin, cut))
        begin = cut
    pieces.append((begin, end))
    return [(a, a + len(text[a:b].rstrip())) for a, b in pieces if text[a:b].strip()]


def _units(text: str, size: int) -> list[Span]:
    units: list[Span] = []
    for match in _PARAGRAPH.finditer(text):
        start = match.start() + len(match.group()) - len(match.group().lstrip())
        end = match.start() + len(match.group().rstrip())
        units.extend(_pieces(start, end, text, size))
    return units


def split(text: str, size: int, *, overlap: int = OVERLAP_CHARS) -> list[Chunk]:
    """``text`` in chunks of whole paragraphs, each at most ``size`` characters (a longer
    paragraph is cut at sentence ends). Each chunk after the first opens with the last
    paragraphs of the one before, up to ``overlap`` characters of them."""
    if size < 1:
        raise ValueError("chunk size must be at least 1")
    units = _units(text, size)
    chunks: list[Chunk] = []
    first = 0
    while first < len(units):
        last = first
        while last + 1 < len(units) and units[last + 1][1] - units[first][0] <= size:
            last += 1
        start, end = units[first][0], units[last][1]
        chunks.append(Chunk(start, end, text[start:end]))
        if last + 1 >= len(units):
            break
        following = units[last + 1]
        nxt = last + 1
        # Step back over whole units while they fit the overlap and leave room for the
        # next unit, so that every chunk brings new text.
        while (
            nxt - 1 > first
            and end - units[nxt - 1][0] <= overlap
            and following[1] - units[nxt - 1][0] <= size
        ):
            nxt -= 1
        first = nxt
    return chunks


def piece(article: CleanedArticle, chunk: Chunk) -> CleanedArticle:
    """The article a provider sees for one chunk: the chunk's text, the page's metadata."""
    return dataclasses.replace(article, text=chunk.text, removed=[], partial=True)


# -- merging ---------------------------------------------------------------------------


def _shifted(item: Item, offset: int) -> Item:
    if item.evidence_span is None or offset == 0:
        return item.model_copy()
    start, end = item.evidence_span
    return item.model_copy(update={"evidence_span": (start + offset, end + offset)})


def _overlap(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _key(value: str | None) -> str:
    words = normalise(value or "").lower().split()
    if words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def _figures(casualty: Casualty) -> tuple[Any, ...]:
    return tuple(
        None if count is None else (count.value, count.precision)
        for count in (casualty.killed, casualty.injured, casualty.missing)
    )


def _same_event(a: Event, b: Event) -> bool:
    return a.evidence_span == b.evidence_span is not None or (
        a.kind == b.kind and _overlap(a.evidence_span, b.evidence_span)
    )


def _same_casualty(a: Casualty, b: Casualty) -> bool:
    if _figures(a) != _figures(b):
        return False
    if a.evidence_span == b.evidence_span is not None and _key(a.group) == _key(b.group):
        return True
    linked = a.event is None or b.event is None or a.event == b.event
    return linked and (_key(a.group), _key(a.reported_by)) == (_key(b.group), _key(b.reported_by))


def _same_attribution(a: Attribution, b: Attribution) -> bool:
    return _key(a.speaker) == _key(b.speaker) and (
        a.evidence_span == b.evidence_span is not None or _overlap(a.evidence_span, b.evidence_span)
    )


class _Merged:
    """One list field being merged: the items kept, and which chunks each has absorbed."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self.chunks: list[set[int]] = []

    def add(self, item: Any, chunk: int, same: Any) -> int:
        """Keep ``item`` unless it repeats an item of another chunk; its merged index."""
        for index, kept in enumerate(self.items):
            if chunk not in self.chunks[index] and same(item, kept):
                self.chunks[index].add(chunk)
                return index
        self.items.append(item)
        self.chunks.append({chunk})
        return len(self.items) - 1


def merge(parts: Sequence[tuple[Chunk, ArticleSummary]]) -> ArticleSummary:
    """One summary from the summaries of the chunks of one text, spans into that text.

    Items whose evidence is not in their chunk keep no span (the pipeline looks for them
    in the whole text, and drops what it cannot ground).
    """
    if not parts:
        raise ValueError("nothing to merge")
    events, casualties, attributions = _Merged(), _Merged(), _Merged()
    for number, (chunk, summary) in enumerate(parts):
        locate(summary, chunk.text)
        event_index = {
            local: events.add(_shifted(event, chunk.start), number, _same_event)
            for local, event in enumerate(summary.events)
        }
        for casualty in summary.casualties:
            moved = _shifted(casualty, chunk.start)
            moved.event = None if casualty.event is None else event_index.get(casualty.event)
            casualties.add(moved, number, _same_casualty)
        for attribution in summary.attributions:
            attributions.add(_shifted(attribution, chunk.start), number, _same_attribution)
    # model_copy, not a new model: the merged lists may be longer than one answer's limits.
    return parts[0][1].model_copy(
        update={
            "events": events.items,
            "casualties": casualties.items,
            "attributions": attributions.items,
        }
    )


__all__ = ["OVERLAP_CHARS", "Chunk", "merge", "piece", "split"]

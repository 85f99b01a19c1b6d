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

import asyncio
import dataclasses
import datetime as dt
import re
from collections.abc import Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from summarizer.cleaning import CleanedArticle
from summarizer.config import DEFAULT_CONCURRENCY
from summarizer.errors import ExtractionError, OutputTruncatedError, SummarizerError
from summarizer.grounding import locate
from summarizer.language.text import normalise
from summarizer.providers import Extraction, Provider
from summarizer.providers.rules import summary_of
from summarizer.records import Usage
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


MAX_SPLITS = 3  # a chunk whose answer is cut off is split again, at most this deep
MIN_SPLIT_CHARS = 2 * OVERLAP_CHARS  # below this, splitting leaves nothing but overlap
T = TypeVar("T")


@dataclass
class ChunkedExtraction:
    """One article extracted in chunks: the calls, what they cost, what came back.

    ``run`` splits the cleaned text, extracts the chunks concurrently through the
    provider, merges what came back and has the provider summarize the whole.
    """

    provider: Provider
    article: CleanedArticle
    reference_date: dt.date | None
    strict: bool  # a failed chunk fails the article (strict grounding)
    threaded: bool  # sync provider calls in worker threads (``run``), else ``aextract``
    parts: list[tuple[Chunk, Extraction]] = field(default_factory=list)
    failed: list[tuple[Chunk, ExtractionError]] = field(default_factory=list)
    spent: list[Usage] = field(default_factory=list)  # answers cut off, then split
    gate: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(DEFAULT_CONCURRENCY))

    async def run(self, size: int | None, cut_off: ExtractionError | None = None) -> Extraction:
        """Extract, merge and summarize; ``cut_off``: the whole answer that did not fit."""
        text = self.article.text
        if cut_off is not None:
            self.spent.append(_usage_of(cut_off))
        await self._extract(Chunk(0, len(text), text), size or _half(text), 0)
        if not self.parts and not self.failed:
            raise ExtractionError("the article has no text to extract")
        if not self.parts or (self.failed and self.strict):
            raise costing(self.failed[0][1], self._usage())
        self.parts.sort(key=lambda part: (part[0].start, part[0].end))
        merged = merge([(chunk, extraction.summary) for chunk, extraction in self.parts])
        summaries = [extraction.summary for _, extraction in self.parts]
        summary, warnings = await self._summary(summaries)
        for chunk, error in sorted(self.failed, key=lambda failure: failure[0].start):
            warnings.append(
                f"chunk failed: characters {chunk.start}-{chunk.end} of the article are not "
                f"in the record: {error.message}"
            )
        found = [w for _, extraction in self.parts for w in extraction.warnings]
        failures = [e.failure for _, e in self.parts if e.failure is not None]
        failures += [error for _, error in self.failed]
        return Extraction(
            summary=merged.model_copy(update={"summary": summary}),
            usage=self._usage(),
            warnings=[*dict.fromkeys(found), *warnings],
            failure=failures[0] if failures else None,
            chunks=len(self.parts),
        )

    async def _extract(self, whole: Chunk, size: int, depth: int) -> None:
        chunks = [
            Chunk(whole.start + c.start, whole.start + c.end, c.text)
            for c in split(whole.text, size)
        ]
        await asyncio.gather(*(self._one(chunk, depth) for chunk in chunks))

    async def _one(self, chunk: Chunk, depth: int) -> None:
        article = piece(self.article, chunk)
        try:
            async with self.gate:
                extraction = await self._call(
                    self.provider.extract, self.provider.aextract, article
                )
        except OutputTruncatedError as exc:
            if depth >= MAX_SPLITS or len(chunk.text) < MIN_SPLIT_CHARS:
                self.failed.append((chunk, exc))
                return
            self.spent.append(_usage_of(exc))
            await self._extract(chunk, _half(chunk.text), depth + 1)
        except ExtractionError as exc:
            self.failed.append((chunk, exc))
        else:
            self.parts.append((chunk, extraction))

    async def _summary(self, parts: list[ArticleSummary]) -> tuple[str, list[str]]:
        provider = self.provider
        try:
            answer = await self._call(
                provider.summarize_chunks, provider.asummarize_chunks, self.article, parts
            )
        except ExtractionError as exc:
            self.spent.append(_usage_of(exc))
            return summary_of(self.article), [f"summary: lead sentences instead ({exc.message})"]
        if answer is None:  # the provider has no summary of its own
            return summary_of(self.article), []
        summary, usage = answer
        self.spent.append(usage)
        return summary, []

    async def _call(self, sync: Any, coroutine: Any, *args: Any) -> Any:
        ref = self.reference_date
        if self.threaded:
            return await asyncio.to_thread(sync, *args, reference_date=ref)
        return await coroutine(*args, reference_date=ref)

    def _usage(self) -> Usage:
        usages = [*self.spent, *(extraction.usage for _, extraction in self.parts)]
        usages += [_usage_of(error) for _, error in self.failed]
        return Usage(
            calls=sum(u.calls for u in usages),
            prompt_tokens=sum(u.prompt_tokens for u in usages),
            completion_tokens=sum(u.completion_tokens for u in usages),
            latency_s=round(sum(u.latency_s for u in usages), 3),
        )


def _half(text: str) -> int:
    return len(text) // 2 + OVERLAP_CHARS // 2


def _usage_of(error: SummarizerError) -> Usage:
    return Usage(
        calls=error.attempts or 0,
        prompt_tokens=error.prompt_tokens or 0,
        completion_tokens=error.completion_tokens or 0,
    )


def costing(error: SummarizerError, usage: Usage) -> SummarizerError:
    """``error`` carrying the whole article's usage (for its error record)."""
    error.attempts = usage.calls
    error.prompt_tokens = usage.prompt_tokens
    error.completion_tokens = usage.completion_tokens
    return error


def run_async(work: Coroutine[Any, Any, T]) -> T:
    """Run ``work`` to its end from synchronous code, even when called inside a loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work)
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, work).result()


__all__ = [
    "OVERLAP_CHARS",
    "Chunk",
    "ChunkedExtraction",
    "costing",
    "merge",
    "piece",
    "run_async",
    "split",
]

"""Turn raw article text or HTML into the cleaned text the model sees, plus metadata.

HTML goes through trafilatura (article body, author) and htmldate (published and modified
dates), so page chrome never reaches the model; what trafilatura drops, the headline and the
update line, is read from the page's own markup (``webpage``). Plain text, and the body
trafilatura returns, are cleaned line by line: each line is marked with the reason it is not
the story by the general line rules of ``boilerplate`` (captions, navigation, related links,
share and cookie widgets, promotions, credits, ...) and of ``headers`` (bylines, date lines,
update lines, datelines), using its place in the text: the header
above the first long paragraph may hold a byline, a date line and labels; a navigation or
caption label takes the line after it, a "Related" header the run of teasers below it. The
headline, byline, date line and update line are lifted out; the dateline prefix is parsed but
left in the body. Every line taken out is kept in ``removed`` with its reason, so nothing
vanishes silently.

Nothing a terminal would act on survives cleaning: escape sequences and control characters
are removed before anything else reads the text. HTML comments never reach the text either
(trafilatura drops a page's; a "<!-- ... -->" left in text is cut out here), and those that
address a model are kept in ``removed`` as "injected text", which the record warns about
(``cleaning_warnings``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from summarizer.cleaning.header import (
    SHORT,
    has_when,
    header_date,
    is_names_line,
    is_plain_byline,
    is_role_line,
    is_update_line,
    parse_byline,
    published_and_updated,
)
from summarizer.cleaning.html import (
    COMMENT_CHARS,
    comparable,
    decode_control_references,
    html_byline,
    injected_comments,
    page_published_at,
    page_title,
    page_update_line,
    parse_page,
)
from summarizer.cleaning.ingest import RawArticle
from summarizer.cleaning.lines import (
    Removal,
    boilerplate_reason,
    headline_like,
    is_caption_label,
    is_kicker,
    is_source_line,
    teaser_like,
)
from summarizer.cleaning.stamp import parse_published
from summarizer.errors import NoArticleError
from summarizer.language.datelines import DatelineInfo, parse_dateline
from summarizer.language.dates import parse_date
from summarizer.language.injection import looks_injected
from summarizer.language.sentences import ends_sentence
from summarizer.language.text import strip_controls


@dataclass(frozen=True)
class RemovedLine:
    text: str
    reason: Removal


@dataclass(frozen=True)
class CleanedArticle:
    """The cleaned article. ``text`` is what the model sees and what evidence spans index into.

    ``text`` keeps the headline as its first paragraph (a headline can state a figure,
    e.g. "no casualties reported") and the body verbatim, dateline included; the update
    line and boilerplate are removed from it and kept in ``updated_line`` / ``removed``.
    """

    text: str
    title: str | None = None
    byline: str | None = None
    dateline: DatelineInfo | None = None
    published: dt.date | None = None
    updated_line: str | None = None
    removed: list[RemovedLine] = field(default_factory=list)
    modified: dt.date | None = None  # HTML only: the page's last-modified date (htmldate)
    # A chunk of a longer article (summarizer.chunking): the checks that need the whole
    # text (dates, alleged actors, the summary) wait for the merged answer.
    partial: bool = False
    # When the page gives a time of publication (metadata, a "Published ..." line): it
    # resolves a relative update line and gives a time without a day its date.
    published_at: dt.datetime | None = None


MIN_HTML_WORDS = 10


# -- plain text ---------------------------------------------------------------------------


@dataclass
class _Line:
    text: str
    block: int
    reason: Removal | None = None


def _split_blocks(text: str) -> list[_Line]:
    """Lines with the index of their paragraph (blocks separated by blank lines)."""
    raw = [line.strip() for line in text.split("\n")]
    one_per_line = not any(
        not raw[i] and any(raw[:i]) and any(raw[i + 1 :]) for i in range(len(raw))
    )
    lines: list[_Line] = []
    block = 0
    for line in raw:
        if not line:
            block += 1
            continue
        lines.append(_Line(line, block))
        if one_per_line:
            # No blank lines at all: each line is a paragraph (copied web text looks like this).
            block += 1
    return lines


@dataclass
class _State:
    updated_line: str | None = None
    byline: str | None = None
    published: dt.date | None = None
    published_line: str | None = None  # the header line the publication date came from

    def offer_update(self, line: str) -> None:
        """Keep the first update line, unless it states no time and a later one does."""
        if self.updated_line is None or (has_when(line) and not has_when(self.updated_line)):
            self.updated_line = line


def _mark(lines: list[_Line], state: _State, header_lines: int) -> None:
    """Give every boilerplate or lifted line its removal reason."""
    # "navigation" takes one teaser, "caption" one caption, "list" a run of teasers.
    teaser_mode: str | None = None
    for index, line in enumerate(lines):
        text = line.text
        in_header = index < header_lines
        after = lines[index - 1].reason if index else None
        later = lines[index + 1].text if index + 1 < len(lines) else ""
        if is_update_line(text):
            line.reason = Removal.update_line
            state.offer_update(text)
            teaser_mode = None
            continue
        combined = published_and_updated(text)
        if combined is not None:
            line.reason = Removal.date_line
            state.published = state.published or combined[0]
            state.published_line = state.published_line or text
            state.offer_update(combined[1])
            continue
        byline = parse_byline(text) if len(text) <= 160 else None
        if byline is not None and (in_header or not text.lower().startswith("from ")):
            line.reason = Removal.byline
            state.byline = state.byline or byline[0] or None
            state.published = state.published or byline[1]
            continue
        kept_above = in_header and any(not other.reason for other in lines[:index])
        if in_header and kept_above and is_plain_byline(text):
            # "Dan Sabbagh in Kyiv" under the headline (Guardian style)
            line.reason = Removal.byline
            state.byline = state.byline or text
            continue
        # A name alone above or below the date: "Mahmoud Ali Abu Rizq" / "Published On 4 Mar".
        beside_date = parse_date(later) is not None or after == Removal.date_line
        if in_header and kept_above and beside_date and is_names_line(text):
            line.reason = Removal.byline
            state.byline = state.byline or text
            continue
        if after == Removal.byline and is_role_line(text):
            line.reason = Removal.byline  # "BBC Middle East correspondent" under "By Yolande Knell"
            continue
        if in_header and _header_label(text, index, lines, later):
            line.reason = Removal.source_line if is_source_line(text) else Removal.section_label
            continue
        when = header_date(text) if in_header else None
        if when is not None:
            line.reason = Removal.date_line
            state.published = state.published or when
            state.published_line = state.published_line or text
            continue
        reason = boilerplate_reason(text)
        if reason is not None:
            line.reason = reason
            if reason == Removal.navigation:
                teaser_mode = "navigation"
            elif reason == Removal.related_links:
                teaser_mode = "list"
            elif reason == Removal.photo_caption and is_caption_label(text):
                teaser_mode = "caption"
            continue
        if teaser_mode == "navigation":
            teaser_mode = None
            if headline_like(text) or len(text) <= 120:
                line.reason = Removal.navigation_teaser
                continue
        elif teaser_mode == "caption":
            teaser_mode = None
            if len(text) <= 300 and not parse_dateline(text):
                line.reason = Removal.photo_caption
                continue
        elif teaser_mode == "list":
            if teaser_like(text):
                line.reason = Removal.related_links
                continue
            teaser_mode = None


def _header_label(text: str, index: int, lines: list[_Line], later: str) -> bool:
    """A label above the headline: "Breaking News", "Gaza war", "Dnipro Herald | Olena Kravets"."""
    if is_kicker(text):
        return True
    above_headline = headline_like(later) and len(later.split()) >= 5
    if is_source_line(text):
        # The first line may be a headline in title case: take it only above another one.
        return index > 0 or above_headline
    # A topic tag of one or two words at the very top, above a longer headline.
    first = all(line.reason for line in lines[:index])
    return (
        first
        and above_headline
        and len(text.split()) <= 2
        and len(text) <= 30
        and not ends_sentence(text)
        and not re.search(r"\d", text)
    )


def _header_size(lines: list[_Line]) -> int:
    """How many leading lines can hold a byline or date: before the first long paragraph."""
    for index, line in enumerate(lines[:8]):
        if len(line.text) > SHORT or parse_dateline(line.text):
            return index
    return min(len(lines), 8)


def _paragraphs(lines: Iterable[_Line]) -> list[str]:
    blocks: dict[int, list[str]] = {}
    for line in lines:
        if line.reason is None:
            blocks.setdefault(line.block, []).append(line.text)
    return ["\n".join(texts) for _, texts in sorted(blocks.items())]


def _without_comments(text: str) -> tuple[str, list[RemovedLine]]:
    """``text`` without "<!-- ... -->" comments, and each comment as a removed line."""
    pieces: list[str] = []
    removed: list[RemovedLine] = []
    at = 0
    # str.find, not a lazy regex: many openings without a close would make that quadratic.
    while (start := text.find("<!--", at)) >= 0 and (end := text.find("-->", start + 4)) >= 0:
        pieces.append(text[at:start])
        comment = " ".join(text[start + 4 : end].split())
        if comment:
            reason = Removal.injected_text if looks_injected(comment) else Removal.html_comment
            removed.append(RemovedLine(comment[:COMMENT_CHARS], reason))
        at = end + 3
    if not removed and at == 0:
        return text, []
    pieces.append(text[at:])
    return "".join(pieces), removed


def _clean_lines(
    text: str, *, title: str | None = None, find_headline: bool = True
) -> tuple[list[str], str | None, _State, list[RemovedLine]]:
    text, comments = _without_comments(text)
    lines = _split_blocks(text)
    state = _State()
    _mark(lines, state, _header_size(lines))
    removed = comments + [RemovedLine(line.text, line.reason) for line in lines if line.reason]
    paragraphs = _paragraphs(lines)
    if title is not None:
        # HTML: the title comes from metadata; drop it from the body if trafilatura kept it.
        if paragraphs and comparable(paragraphs[0]) == comparable(title):
            paragraphs = paragraphs[1:]
    elif (
        find_headline
        and len(paragraphs) >= 2
        and "\n" not in paragraphs[0]
        and headline_like(paragraphs[0])
    ):
        title = paragraphs[0]
        paragraphs = paragraphs[1:]
    return paragraphs, title, state, removed


def _assemble(
    paragraphs: list[str],
    title: str | None,
    state: _State,
    removed: list[RemovedLine],
    *,
    published: dt.date | None = None,
    modified: dt.date | None = None,
    byline: str | None = None,
    published_at: dt.datetime | None = None,
) -> CleanedArticle:
    dateline = _find_dateline(paragraphs)
    body = ([title] if title else []) + paragraphs
    if published_at is None and state.published_line:
        published_at = parse_published(state.published_line)
    return CleanedArticle(
        text="\n\n".join(body),
        title=title,
        byline=byline or state.byline,
        dateline=dateline,
        published=published or state.published,
        updated_line=state.updated_line,
        removed=removed,
        modified=modified,
        published_at=published_at,
    )


def _find_dateline(paragraphs: list[str]) -> DatelineInfo | None:
    """The dateline of the story's first paragraph, which a standfirst or a kept caption
    line may precede: look past short paragraphs, never past the story's first paragraph."""
    for paragraph in paragraphs[:4]:
        found = parse_dateline(paragraph)
        if found is not None or len(paragraph) > SHORT:
            return found
    return None


def _clean_text(raw: RawArticle) -> CleanedArticle:
    paragraphs, title, state, removed = _clean_lines(strip_controls(raw.text))
    if not paragraphs:
        raise NoArticleError(
            "no article text left after removing boilerplate lines", source=raw.source
        )
    return _assemble(paragraphs, title, state, removed)


# -- HTML ---------------------------------------------------------------------------------


def _date_or_none(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _clean_html(raw: RawArticle) -> CleanedArticle:
    # Imported here: trafilatura is slow to import and plain-text runs never need it.
    import htmldate
    import trafilatura

    html = strip_controls(decode_control_references(raw.text))
    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        favor_precision=True,
        deduplicate=False,
    )
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        raise NoArticleError(
            "no article found in the HTML page (trafilatura found no article body)",
            source=raw.source,
        )
    page = parse_page(html)
    found = (getattr(doc, "title", None) or "").strip() or None
    title = page_title(page, found, getattr(doc, "sitename", None))
    published = _date_or_none(getattr(doc, "date", None))
    modified = _date_or_none(htmldate.find_date(html, original_date=False, extensive_search=False))
    paragraphs, title, state, lines_removed = _clean_lines(body, title=title, find_headline=False)
    removed = [RemovedLine(text, Removal.injected_text) for text in injected_comments(page)]
    removed += lines_removed
    words = sum(len(p.split()) for p in paragraphs)
    if words < MIN_HTML_WORDS:
        # A 404 page or an index of links: what is left is a heading, not an article.
        raise NoArticleError(
            f"no article found in the HTML page (only {words} words of body text)",
            source=raw.source,
        )
    published_at = page_published_at(page)
    if state.updated_line is None or not has_when(state.updated_line):
        # trafilatura may drop the line, or keep "Last updated" and drop its <time>.
        state.updated_line = page_update_line(page, published_at) or state.updated_line
    return _assemble(
        paragraphs,
        title,
        state,
        removed,
        published=published,
        modified=modified if modified != (published or state.published) else None,
        byline=html_byline(getattr(doc, "author", None)),
        published_at=published_at,
    )


def clean_article(raw: RawArticle) -> CleanedArticle:
    """Clean a decoded article: HTML through trafilatura, plain text by line rules.

    Raises NoArticleError when no article text is left (an HTML page with no article body).
    """
    if raw.is_html:
        return _clean_html(raw)
    return _clean_text(raw)


def cleaning_warnings(cleaned: CleanedArticle) -> list[str]:
    """What a record should say about the input's cleaning: hidden text addressing a model."""
    injected = [line.text for line in cleaned.removed if line.reason == Removal.injected_text]
    if not injected:
        return []
    first = injected[0] if len(injected[0]) <= 80 else injected[0][:77] + "..."
    return [
        f"injected text: {len(injected)} HTML comment(s) addressing a model were removed "
        f"from the input, the first: {first!r}"
    ]


__all__ = ["CleanedArticle", "DatelineInfo", "RemovedLine", "clean_article", "cleaning_warnings"]

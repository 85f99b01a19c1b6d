"""Turn raw article text or HTML into the cleaned text the model sees, plus metadata.

HTML goes through trafilatura (article body, title, author) and htmldate (published and
modified dates), so page chrome never reaches the model. Plain text, and the body
trafilatura returns, are cleaned line by line with general rules for the boilerplate news
sites wrap around a story: photo captions, previous/next navigation with its teasers,
"Related Posts" / "Read more:" lists, share counters and buttons, advertisements,
copyright, tag and credit lines. The headline, byline, date line and update line are
lifted out; the dateline prefix is parsed but left in the body. Every line taken out is
kept in ``removed`` with its reason, so nothing vanishes silently.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from dateutil import parser as dateparser

from .exceptions import NoArticleError
from .ingest import RawArticle


@dataclass(frozen=True)
class DatelineInfo:
    text: str  # as written, e.g. "SULAIMANI (ESTA) —"
    place: str | None
    agency: str | None


@dataclass(frozen=True)
class RemovedLine:
    text: str
    reason: str  # "photo caption", "navigation", "share counter", "update line", ...


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


# -- line rules ---------------------------------------------------------------------------

_SHORT = 200  # longer lines are prose, never chrome
MIN_HTML_WORDS = 10

_CAPTION_END = re.compile(
    # "... (Reuters photo)", "(AFP file photo)", "(Photo: Jane Doe/AP)", "(Getty Images)"
    r"\((?:[^()]*\b)?(?:photos?|pictures?|images?|pics?|photograph|photo credit|getty images"
    r"|file)\b[^()]*\)\.?$"
    # "... Photo: Jane Doe/Reuters", "Photograph: Ahmad Hasaballah/Getty Images"
    r"|\b(?:photo|photograph|picture|image)(?:\s+credit)?\s*[:/]\s*[^.]{1,80}$"
    # Reuters and AP wire captions end in "REUTERS/Name" or "(AP Photo/Name)"
    r"|\b(?:REUTERS|AFP|AP|EPA|ANADOLU|XINHUA)(?:\s+via\s+Getty\s+Images)?\s*/\s*[\w.' -]{2,60}$"
    r"|\bvia\s+Getty\s+Images\.?$",
    re.IGNORECASE,
)
_CAPTION_START = re.compile(
    r"^\(?(?:photo|image|picture|photograph|file photo|pictured|caption)\s*(?:credit)?\s*[:|]"
    # "Image source, Getty Images", "Image caption, Rescuers search ..." (BBC style)
    r"|^(?:image|photo|picture|video)\s+(?:source|caption|credit)s?\s*[,:]"
    r"|^(?:getty\s+images|shutterstock|file\s+photo|photo\s+illustration)\.?$",
    re.IGNORECASE,
)
_NAVIGATION = re.compile(
    r"^[«‹<←]*\s*(?:previous|next|prev|older|newer)\s+(?:article|post|story|entry|item|news)s?"
    r"\s*[»›>→:]*$",
    re.IGNORECASE,
)
_SKIP_LINK = re.compile(
    r"^(?:skip\s+to\s+(?:main\s+)?(?:content|navigation)|back\s+to\s+top|jump\s+to"
    r"|go\s+to\s+(?:homepage|top))\W*$",
    re.IGNORECASE,
)
_READING_TIME = re.compile(
    r"^(?:\d+\s*(?:-\s*)?min(?:ute)?s?\s+(?:read|listen)|(?:estimated\s+)?reading\s+time\s*:?\s*\d+\s*(?:min(?:ute)?s?)?)$",
    re.IGNORECASE,
)
_LIST_HEADER = re.compile(
    r"^(?:related(?:\s+(?:posts?|articles?|stories|news|coverage|content|topics|links))?"
    r"|read\s+(?:more|also|next)|also\s+read|see\s+also|more\s+(?:on\s+this|stories|news|from\s+.{1,40})"
    r"|you\s+(?:may|might)\s+(?:also\s+)?(?:like|be\s+interested\s+in)|recommended(?:\s+for\s+you)?"
    r"|most\s+(?:read|popular|viewed|shared)|trending(?:\s+now)?|top\s+stories|latest\s+(?:news|stories)"
    r"|up\s+next|what\s+to\s+read\s+next|in\s+other\s+news)\s*[:>»]?$",
    re.IGNORECASE,
)
_INLINE_LINK = re.compile(
    r"^(?:read\s+(?:more|also|next)|also\s+read|see\s+also|related|more)\s*[:>»|]\s*\S",
    re.IGNORECASE,
)
_COUNTER = re.compile(
    r"^(?:\d[\d,.]*\s*[km]?|total|shares?|views?|likes?|reactions?|comments?"
    r"|\d[\d,.]*\s*[km]?\s+(?:shares?|views?|likes?|comments?|reactions?|reads?))$",
    re.IGNORECASE,
)
_ADVERT = re.compile(
    r"^(?:[-–—:|\s]*(?:advertisements?|advertising|ad|ads|sponsored(?:\s+content)?|paid\s+content"
    r"|story\s+continues\s+below(?:\s+(?:this\s+)?advertisement)?|scroll\s+to\s+continue.*"
    r"|continue\s+reading(?:\s+below|\s+the\s+main\s+story)?|article\s+continues\s+(?:below|after\s+(?:this\s+)?advertisement)"
    r"|skip\s+advert(?:isement)?))+[-–—:|\s]*$",
    re.IGNORECASE,
)
_SOCIAL_STRONG = frozenset(
    {
        *("share", "shares", "tweet", "facebook", "twitter", "whatsapp", "telegram", "linkedin"),
        *("reddit", "pinterest", "email", "e-mail", "print", "messenger", "viber", "instagram"),
        *("youtube", "tiktok", "threads", "bluesky", "mastodon", "flipboard", "copy"),
    }
)
_SOCIAL_WEAK = frozenset(
    {"on", "via", "this", "article", "story", "post", "page", "link", "it", "pin", "us", "x"}
    | {"follow", "the"}
)
_PROMO = re.compile(
    r"^(?:follow\s+(?:us|\w+)\s+on\b|join\s+(?:us|our)\b.*\b(?:channel|group|newsletter)"
    r"|click\s+to\s+(?:share|print|email)|subscribe\b|sign\s+up\b.*\bnewsletter|get\s+the\s+latest\b.*\b(?:app|newsletter|inbox)"
    r"|download\s+(?:our|the)\s+app|click\s+here\b|listen\s+to\s+this\s+article|print\s+this\s+page"
    r"|(?:leave|post)\s+a\s+(?:comment|reply)|comments\s+are\s+closed|sign\s+in\s+to\s+comment)",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}))|\ball\s+rights\s+reserved\b",
    re.IGNORECASE,
)
_TAGS = re.compile(r"^(?:tags?|topics?|filed\s+under|categor(?:y|ies)|keywords)\s*:", re.IGNORECASE)
_CREDITS = re.compile(
    r"^\(?(?:(?:additional\s+)?reporting|writing|editing|compiled|produced)\s+by\b.*$",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"^[\s*=_~#·•-]{3,}$")
_BULLET = re.compile(r"^[-–•*·▪►▸◦]\s+")

# "*This story was updated at ...", "Updated: ...", "Last updated ...", "UPDATED 3:45 p.m."
_WHEN = (
    r"(?=\s*(?:\d|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
    r"|noon|midnight|today|yesterday|this\s+morning|on\b|at\b))"
)
_UPDATE_LINE = re.compile(
    r"^[*_\[(>\s]*(?:"
    r"(?:this|the)\s+(?:story|article|report|post|page|item|piece)\s+(?:was|has\s+been|is|had\s+been)"
    r"\s+(?:last\s+|first\s+)?updated\b"
    r"|(?:last\s+)?updated(?:\s+on|\s+at)?\s*[:\-–—|]\s*\S"
    r"|(?:last\s+)?updated\b" + _WHEN + r"|last\s+(?:updated|modified)\b|modified\s*:"
    r")",
    re.IGNORECASE,
)
_PUBLISHED_UPDATED = re.compile(
    r"^(?P<pub>.*?)\s*(?:[|·•,;]|\s-\s|\s–\s|\s—\s)\s*(?P<upd>(?:last\s+)?updated\b.*)$",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(
    r"^(?:(?:first\s+)?published|posted|date|dated|released)(?:\s+on|\s+at)?\s*[:\-–—]?\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^(?:(?:written|posted|reported|story)\s+by|by|author\s*:)\s+(?P<byline>.+)$", re.IGNORECASE
)
_NAME_WORD = re.compile(r"^(?:[A-Z][\w.'’-]*|[A-Z]\.|and|&|de|da|van|von|der|al|el|bin|ibn|la|le)$")
_CALENDAR_WORD = re.compile(
    r"^(?:mon|tues|wednes|thurs|fri|satur|sun)day$|^(?:january|february|march|april|may|june|"
    r"july|august|september|october|november|december)$",
    re.IGNORECASE,
)

# "SULAIMANI (ESTA) —", "KYIV, Ukraine (AP) —", "GAZA, Nov 14 (Reuters) -", "BEIRUT —"
_UPPER = "A-ZÀ-ÖØ-Þ"
_DATELINE = re.compile(
    rf"^(?P<text>(?P<place>[{_UPPER}][{_UPPER}.'’/-]+(?:\s+[{_UPPER}][{_UPPER}.'’/-]*)*"
    rf"(?:,\s+(?!\d)[{_UPPER}][\w.'’-]*(?:\s+[{_UPPER}][\w.'’-]*){{0,3}}){{0,2}}?)"
    r"(?:,\s+(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?"
    r"(?:\s*\((?P<agency>[^()]{1,40})\))?"
    r"\s*(?P<dash>—|–|--|-|:))\s+(?=\S)"
)


def _is_social(line: str) -> bool:
    words = [w for w in re.split(r"[\s|,·•/:!]+", line.lower()) if w]
    if not words or len(words) > 12:
        return False
    strong = [w for w in words if w in _SOCIAL_STRONG]
    return bool(strong) and all(w in _SOCIAL_STRONG or w in _SOCIAL_WEAK for w in words)


def _is_caption(line: str) -> bool:
    if len(line) > 400:
        return False
    return bool(_CAPTION_END.search(line) or _CAPTION_START.match(line))


def _boilerplate(line: str) -> str | None:
    """The reason a line on its own is page furniture, or None for article text."""
    if len(line) > 400:
        return None
    if _is_caption(line):
        return "photo caption"
    short = len(line) <= _SHORT
    if not short:
        return None
    if _NAVIGATION.match(line):
        return "navigation"
    if _SKIP_LINK.match(line):
        return "skip link"
    if _READING_TIME.match(line):
        return "reading time"
    if _LIST_HEADER.match(line):
        return "related links"
    if _INLINE_LINK.match(line):
        return "related link"
    if _COUNTER.match(line):
        return "share counter"
    if _ADVERT.match(line):
        return "advertisement"
    if _PROMO.match(line):
        return "promotion"
    if _is_social(line):
        return "share/social"
    if _COPYRIGHT.search(line) and len(line) <= 150:
        return "copyright"
    if _TAGS.match(line):
        return "tags"
    # "Reporting by X; Editing by Y" (wire trailers): the semicolon keeps prose like
    # "Reporting by the BBC showed ..." in the story.
    if (_CREDITS.match(line) and ";" in line) or re.match(
        r"^\((?:additional\s+)?reporting\b", line
    ):
        return "credits"
    if _SEPARATOR.match(line):
        return "separator"
    return None


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip()
    if re.search(r"\b(?:[A-Z]\.){2,}$", stripped):  # "U.S.", "U.N." end headlines too
        return False
    return bool(re.search(r"[.:;,]['\"”’)]*$", stripped))


def _headline_like(line: str) -> bool:
    return (
        len(line) <= _SHORT
        and len(line.split()) >= 2
        and not _ends_sentence(line)
        and _DATELINE.match(line) is None
    )


def _teaser_like(line: str) -> bool:
    """A linked headline in a teaser list: short, bulleted or not a finished sentence."""
    if _BULLET.match(line):
        return len(line) <= 300
    return (len(line) <= 160 and not _ends_sentence(line)) or _parse_date(line) is not None


def _parse_date(text: str) -> dt.date | None:
    """A calendar date in a short piece of text that is (mostly) only a date, or None."""
    text = text.strip(" |·•,-–—()")
    if not text or len(text) > 60 or not re.search(r"\d", text):
        return None
    has_month = re.search(
        r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b", text, re.IGNORECASE
    )
    has_year = re.search(r"\b(?:19|20)\d{2}\b", text)
    numeric = re.search(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b", text)
    if not ((has_month and has_year) or numeric):
        return None
    dayfirst = bool(re.search(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b", text)) or bool(
        re.match(r"^\W*\d{1,2}\s+[A-Za-z]", text)
    )
    try:
        parsed, skipped = dateparser.parse(
            text, dayfirst=dayfirst, fuzzy_with_tokens=True, ignoretz=True
        )
    except (ValueError, OverflowError):
        return None
    # Little may be left over: "at", a zone label, a separator; not a sentence.
    leftover = " ".join(skipped).split()
    if len(leftover) > 4:
        return None
    return parsed.date()


def _byline(line: str) -> tuple[str, dt.date | None] | None:
    """``(byline, date)`` for "By X | March 4, 2024", "By X, Reuters"; None for prose."""
    match = _BYLINE.match(line)
    if match is None or len(line) > 160:
        return None
    # A byline is not a sentence, though it may end in "Jr." or a year.
    if line.rstrip().endswith((".", "?", "!")) and not re.search(
        r"\b(?:[A-Z]\.)+$|\b[JS]r\.$|\b\d{4}\.?$", line.rstrip()
    ):
        return None
    body = match["byline"].strip()
    parts = [p.strip() for p in re.split(r"\s+[|·•—–-]\s+|\s*\|\s*", body) if p.strip()]
    names = parts[0]
    date = None
    for part in parts[1:]:
        date = date or _parse_date(part)
    # The names part may carry ", Reuters" or "Staff Writer" but must be names, not prose.
    first, _, rest = names.partition(",")
    words = first.split()
    if not words or len(words) > 10 or _CALENDAR_WORD.match(words[0]):
        return None
    if not all(_NAME_WORD.match(w) for w in words):
        return None
    if rest:
        tail = _parse_date(rest)
        if tail is not None:
            date = date or tail
        elif not all(_NAME_WORD.match(w) for w in rest.replace(",", " ").split()):
            return None
    return names, date


def _is_update_line(line: str) -> bool:
    return len(line) <= _SHORT and _UPDATE_LINE.match(line) is not None


def _dateline(line: str) -> DatelineInfo | None:
    match = _DATELINE.match(line)
    if match is None:
        return None
    place = match["place"].strip()
    first_word = re.split(r"[\s,]", place)[0]
    # A real dateline starts with a place in capitals: "SULAIMANI", "GAZA CITY", "KYIV, Ukraine".
    if len(first_word.strip(".'’-")) < 2 or any(c.islower() for c in first_word):
        return None
    if match["dash"] == ":" and match["agency"] is None and "," in place:
        return None
    agency = match["agency"].strip() if match["agency"] else None
    return DatelineInfo(text=match["text"].strip(), place=place, agency=agency)


# -- plain text ---------------------------------------------------------------------------


@dataclass
class _Line:
    text: str
    block: int
    reason: str | None = None


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


def _mark(lines: list[_Line], state: _State, header_lines: int) -> None:
    """Give every boilerplate or lifted line its removal reason."""
    teaser_mode: str | None = None  # "navigation" takes one teaser, "list" takes a run
    for index, line in enumerate(lines):
        text = line.text
        in_header = index < header_lines
        if _is_update_line(text):
            line.reason = "update line"
            if state.updated_line is None:
                state.updated_line = text
            teaser_mode = None
            continue
        combined = _PUBLISHED_UPDATED.match(text) if in_header else None
        if combined and _parse_date(_strip_date_label(combined["pub"])) is not None:
            line.reason = "date line"
            state.published = state.published or _parse_date(_strip_date_label(combined["pub"]))
            state.updated_line = state.updated_line or combined["upd"]
            continue
        byline = _byline(text) if len(text) <= 160 else None
        if byline is not None:
            line.reason = "byline"
            state.byline = state.byline or byline[0]
            state.published = state.published or byline[1]
            continue
        if in_header:
            date_line = _DATE_LINE.match(text)
            candidate = date_line["rest"] if date_line else text
            when = _parse_date(candidate)
            if when is not None and (date_line or len(text) <= 60):
                line.reason = "date line"
                state.published = state.published or when
                continue
        reason = _boilerplate(text)
        if reason is not None:
            line.reason = reason
            if reason == "navigation":
                teaser_mode = "navigation"
            elif reason == "related links":
                teaser_mode = "list"
            continue
        if teaser_mode == "navigation":
            teaser_mode = None
            if _headline_like(text) or len(text) <= 120:
                line.reason = "navigation teaser"
                continue
        elif teaser_mode == "list":
            if _teaser_like(text):
                line.reason = "related links"
                continue
            teaser_mode = None


def _strip_date_label(text: str) -> str:
    match = _DATE_LINE.match(text.strip())
    return match["rest"] if match else text


def _header_size(lines: list[_Line]) -> int:
    """How many leading lines can hold a byline or date: before the first long paragraph."""
    for index, line in enumerate(lines[:8]):
        if len(line.text) > _SHORT or _dateline(line.text):
            return index
    return min(len(lines), 8)


def _paragraphs(lines: Iterable[_Line]) -> list[str]:
    blocks: dict[int, list[str]] = {}
    for line in lines:
        if line.reason is None:
            blocks.setdefault(line.block, []).append(line.text)
    return ["\n".join(texts) for _, texts in sorted(blocks.items())]


def _clean_lines(
    text: str, *, title: str | None = None, find_headline: bool = True
) -> tuple[list[str], str | None, _State, list[RemovedLine]]:
    lines = _split_blocks(text)
    state = _State()
    _mark(lines, state, _header_size(lines))
    removed = [RemovedLine(line.text, line.reason) for line in lines if line.reason]
    paragraphs = _paragraphs(lines)
    if title is not None:
        # HTML: the title comes from metadata; drop it from the body if trafilatura kept it.
        if paragraphs and _same(paragraphs[0], title):
            paragraphs = paragraphs[1:]
    elif (
        find_headline
        and len(paragraphs) >= 2
        and "\n" not in paragraphs[0]
        and _headline_like(paragraphs[0])
    ):
        title = paragraphs[0]
        paragraphs = paragraphs[1:]
    return paragraphs, title, state, removed


def _same(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"\W+", " ", s).strip().lower()

    return norm(a) == norm(b)


def _assemble(
    paragraphs: list[str],
    title: str | None,
    state: _State,
    removed: list[RemovedLine],
    *,
    published: dt.date | None = None,
    modified: dt.date | None = None,
    byline: str | None = None,
) -> CleanedArticle:
    dateline = _dateline(paragraphs[0]) if paragraphs else None
    body = ([title] if title else []) + paragraphs
    return CleanedArticle(
        text="\n\n".join(body),
        title=title,
        byline=byline or state.byline,
        dateline=dateline,
        published=published or state.published,
        updated_line=state.updated_line,
        removed=removed,
        modified=modified,
    )


def _clean_text(raw: RawArticle) -> CleanedArticle:
    paragraphs, title, state, removed = _clean_lines(raw.text)
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


def _page_update_line(html: str) -> str | None:
    """An update line in the page's own markup, which trafilatura may count as chrome."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None
    articles = tree.xpath("//article")
    scope = articles[0] if len(articles) == 1 else tree
    for element in scope.iter("p", "span", "div", "time", "small", "em", "li", "strong"):
        text = " ".join(element.text_content().split())
        if text and len(text) <= 150 and _is_update_line(text) and not _in_chrome(element):
            return text
    return None


_CHROME_TAGS = frozenset({"nav", "aside", "footer", "form", "button"})
_CHROME_CLASS = re.compile(
    r"related|sidebar|most-?(?:read|popular)|trending|recommend|promo|teaser|widget|comment",
    re.IGNORECASE,
)


def _in_chrome(element: Any) -> bool:
    """Whether an element sits in page furniture: other stories' timestamps live there."""
    for node in element.iterancestors():
        if node.tag in _CHROME_TAGS:
            return True
        if _CHROME_CLASS.search(f"{node.get('class', '')} {node.get('id', '')}"):
            return True
    return False


def _clean_html(raw: RawArticle) -> CleanedArticle:
    # Imported here: trafilatura is slow to import and plain-text runs never need it.
    import htmldate
    import trafilatura

    doc = trafilatura.bare_extraction(
        raw.text,
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
    title = (getattr(doc, "title", None) or "").strip() or None
    published = _date_or_none(getattr(doc, "date", None))
    modified = _date_or_none(
        htmldate.find_date(raw.text, original_date=False, extensive_search=False)
    )
    paragraphs, title, state, removed = _clean_lines(body, title=title, find_headline=False)
    words = sum(len(p.split()) for p in paragraphs)
    if words < MIN_HTML_WORDS:
        # A 404 page or an index of links: what is left is a heading, not an article.
        raise NoArticleError(
            f"no article found in the HTML page (only {words} words of body text)",
            source=raw.source,
        )
    if state.updated_line is None:
        state.updated_line = _page_update_line(raw.text)
    author = (getattr(doc, "author", None) or "").strip() or None
    return _assemble(
        paragraphs,
        title,
        state,
        removed,
        published=published,
        modified=modified if modified != (published or state.published) else None,
        byline=author,
    )


def clean_article(raw: RawArticle) -> CleanedArticle:
    """Clean a decoded article: HTML through trafilatura, plain text by line rules.

    Raises NoArticleError when no article text is left (an HTML page with no article body).
    """
    if raw.is_html:
        return _clean_html(raw)
    return _clean_text(raw)


__all__ = ["CleanedArticle", "DatelineInfo", "RemovedLine", "clean_article"]

"""Turn raw article text or HTML into the cleaned text the model sees, plus metadata.

HTML goes through trafilatura (article body, author) and htmldate (published and modified
dates), so page chrome never reaches the model; the headline and the update line come from
the page's own markup when trafilatura drops them (its <h1>, og:title or <title> without
the site's name; a visible "Updated ..." element, a modified-time <time>, the page's
modified-time metadata). Plain text, and the body trafilatura returns, are cleaned line by
line with general rules for the boilerplate news sites wrap around a story: photo captions
and credits, previous/next navigation with its teasers, breadcrumbs, "Related Posts" /
"Read more:" lists, share counters and buttons, cookie notices, comment widgets, page
controls, advertisements, promotions, copyright, tag and credit lines, section labels.
A line that reads as a reported sentence ("..., police said.") is never taken by the
riskier rules. The headline, byline, date line and update line are lifted out; the
dateline prefix is parsed but left in the body. Every line taken out is kept in
``removed`` with its reason, so nothing vanishes silently.
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
    r"|\bvia\s+Getty\s+Images\.?$"
    # "... central Gaza [Reuters]", "[Mohammed Salem/Reuters]", "[File: AFP]"
    r"|[^.\s]\s+\[(?:file:?\s*)?[A-Z][\w.&'’ -]{1,40}(?:/[A-Z][\w.&'’ -]{1,40})?\]$",
    re.IGNORECASE,
)
# A caption's label on a line of its own, its text on the next: "Image caption," (BBC style).
_CAPTION_LABEL = re.compile(
    r"^(?:image|photo|picture|video)\s+(?:caption|source|credit)s?\s*[,:]?$", re.IGNORECASE
)
_CAPTION_START = re.compile(
    r"^\(?(?:photo|image|picture|photograph|file photo|pictured|caption)\s*(?:credit)?\s*[:|]"
    # "Image source, Getty Images", "Image caption, Rescuers search ..." (BBC style)
    r"|^(?:image|photo|picture|video)\s+(?:source|caption|credit)s?\s*[,:]"
    r"|^(?:getty\s+images|shutterstock|file\s+photo|photo\s+illustration)\.?$",
    re.IGNORECASE,
)
# Photo credits in an agency's own style: "(LWS/Karim Haddad)", "(Xinhua/Li Ming)". Case
# matters here: an agency's name, then a person's full name.
_CAPTION_CREDIT = re.compile(
    r"\((?:[A-Z][\w.&-]+)(?:\s+[A-Z][\w.&-]*){0,2}\s*/\s*"
    r"[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}\)\.?$"
)
# "Photo by Jane Roe/AFP", "Image courtesy of the county council", "Photo credit Jane Roe"
_CAPTION_BY = re.compile(
    r"^(?:photo(?:graph)?|image|picture)s?\s+(?:by|courtesy(?:\s+of)?|credit)\b", re.IGNORECASE
)
_NAVIGATION = re.compile(
    r"^[«‹<←]*\s*(?:previous|next|prev|older|newer)\s+(?:article|post|story|entry|item|news)s?"
    r"\s*[»›>→:]*$",
    re.IGNORECASE,
)
# "NEXT / Council approves budget", "Previous story: Floods hit the valley", "« Older post | X"
_NAVIGATION_TEASER = re.compile(
    r"^[«‹<←]*\s*(?:previous|next|prev|older|newer)"
    r"(?:\s+(?:article|post|story|entry|item|news|up))?\s*(?P<sep>[/|»›>→]|:)\s*\S",
    re.IGNORECASE,
)
_BREADCRUMB = re.compile(
    r"^(?:home|news|start)\s*(?:[>»›/|]\s*[\w'’&,.() -]{1,40}?\s*){1,6}$", re.IGNORECASE
)
_COMMENTS = re.compile(
    r"^(?:comments?\s*[(\[:]?\s*\d+\s*[)\]]?|[(\[]?\d+[)\]]?\s+(?:comments?|responses?|replies)"
    r"|(?:view|show|load|read|see|hide|open)\s+(?:all\s+|the\s+)?(?:\d+\s+)?comments?"
    r"|join\s+the\s+(?:conversation|discussion|debate)|be\s+the\s+first\s+to\s+comment"
    r"|(?:add|write)\s+(?:a|your)\s+comment|cancel\s+reply|comment\s+policy"
    r"|conversation\s+guidelines)\W*$"
    r"|^your\s+email\s+address\s+will\s+not\s+be\s+published"
    r"|^required\s+fields\s+are\s+marked",
    re.IGNORECASE,
)
# A banner speaks for the site ("We use cookies", "our use of cookies"); a button is short.
_COOKIES = re.compile(
    r"\b(?:we|this\s+(?:web)?site|our\s+(?:web)?site|this\s+page)\s+(?:uses?|places?|stores?)"
    r"\s+cookies\b|\bour\s+use\s+of\s+cookies\b"
    r"|^(?:accept|reject|allow|manage)\s+(?:all\s+|our\s+)?cookies\W*$"
    r"|^(?:cookie\s+(?:settings|preferences|policy|consent|notice)|manage\s+(?:cookie\s+)?"
    r"(?:preferences|settings|consent)|(?:accept|reject)\s+all|privacy\s+(?:settings|preferences))"
    r"\W*$",
    re.IGNORECASE,
)
# Buttons and widget labels that make a line of their own in copied page text.
_UI_LABELS = frozenset(
    {
        *("save", "save article", "save story", "saved", "bookmark", "gift this article"),
        *("gift article", "link copied", "copied", "show more", "load more", "see more"),
        *("view more", "log in", "login", "sign in", "register", "menu", "search", "close"),
        *("accept", "agree", "i agree", "got it", "loading", "listen", "play", "pause"),
        *("toggle navigation", "open in app", "text size", "font size", "dark mode", "expand"),
        *("collapse", "show less", "sign out", "my account", "back to top", "opens in new window"),
        *("reuse this content", "report an error", "print this article", "view in browser"),
    }
)
# "WATCH: Footage shows the aftermath", "Video: Rescuers pull survivors from rubble"
_MEDIA_LINK = re.compile(
    r"^(?:watch|video|listen|audio|podcast|gallery|in\s+pictures|photos|pictures|live)\s*:\s*\S",
    re.IGNORECASE,
)
# Newsroom labels above a headline: "Breaking News", "Analysis", "LIVE UPDATES".
_KICKER = re.compile(
    r"^(?:breaking(?:\s+news)?|live(?:\s+updates?|\s+blog)?|exclusive|opinion|analysis|explainer"
    r"|fact[\s-]?check|developing(?:\s+story)?|just\s+in|update[ds]?|watch|video|news"
    r"|(?:world|local|national|international|regional)(?:\s+news)?|latest(?:\s+news)?|top\s+stor(?:y|ies)"
    r"|special\s+report|investigation|editorial|commentary|feature|news\s+analysis|in\s+depth)"
    r"\W*$",
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
    r"|up\s+next|what\s+to\s+read\s+next|in\s+other\s+news|further\s+reading"
    r"|recommended\s+(?:stories|articles|reading|videos|news)|editor['’]?s\s+picks?|popular\s+now"
    r"|don['’]t\s+miss|must\s+reads?|most\s+commented|more\s+top\s+stories"
    r"|(?:explore\s+)?more\s+on\s+(?:these|this)\s+topics?|explore\s+more)\s*[:>»]?$",
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
    r"|(?:leave|post)\s+a\s+(?:comment|reply)|comments\s+are\s+closed|sign\s+in\s+to\s+comment"
    r"|sign\s+up\s+(?:here|now|today|for\s+free)|(?:have|got)\s+a\s+(?:news\s+)?(?:tip|story)\b"
    r"|support\s+(?:our|independent)\s+journalism|get\s+(?:our|the)\s+\w+\s+newsletter"
    r"|(?:our|editorial)\s+standards\s*:|privacy\s+(?:notice|policy)\s*:"
    r"|(?:after|skip\s+past)\s+newsletter\s+promotion|save\s+(?:articles?|stories)\s+to\b)",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}))|\ball\s+rights\s+reserved\b",
    re.IGNORECASE,
)
_TAGS = re.compile(r"^(?:tags?|topics?|filed\s+under|categor(?:y|ies)|keywords)\s*:", re.IGNORECASE)
# CMS labels without a colon: "Filed under Protests, Fuel", "Posted in World News"
_TAGS_LOOSE = re.compile(r"^(?:filed\s+under|posted\s+in)\s+[A-Z0-9]", re.IGNORECASE)
# Attribution verbs mark a reported sentence, which no boilerplate rule may take.
_REPORTED = re.compile(
    r"\b(?:said|says|told|according\s+to|stated|added|reported|announced|wrote)\b", re.IGNORECASE
)
_CREDITS = re.compile(
    r"^\(?(?:(?:additional\s+)?reporting|writing|editing|edited|compiled|produced|research"
    r"|fact[\s-]checking|graphics)\s+by\b.*$",
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
    # "Page last updated at 08:15 GMT", "Article updated: 7 March 2024"
    r"|(?:page|article|story|post)\s+(?:last\s+)?(?:updated|modified)(?:\s*:|\b" + _WHEN + r")"
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
    r"^(?P<kind>(?:written|posted|reported|story)\s+by|by|author\s*:|from)\s+(?P<byline>.+)$",
    re.IGNORECASE,
)
# A byline without "By": "Dan Sabbagh in Kyiv", "Jane Roe and John Doe in Gaza City".
_PERSON = r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|al|de|van|von|bin|ibn)){1,3}"
_PLAIN_BYLINE = re.compile(
    rf"^{_PERSON}(?:(?:,\s+|\s+and\s+){_PERSON})*\s+in\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{0,2}}$"
)
_NAMES_LINE = re.compile(rf"^{_PERSON}(?:(?:,\s+|\s+and\s+|\s*&\s*){_PERSON})*$")
# The line under a byline that gives the reporter's job: "BBC Middle East correspondent".
_ROLE_LINE = re.compile(
    r"^[A-Z][\w.'’&, -]{0,60}\b(?:correspondent|reporter|editor|writer|journalist|producer"
    r"|contributor|columnist|analyst)s?$",
    re.IGNORECASE,
)
# What may follow a name after a comma: "Staff Writer", "Global Ledger correspondent".
_ROLE_WORD = re.compile(
    r"^(?:correspondent|reporter|writer|editor|contributor|columnist|producer|journalist|staff"
    r"|chief|bureau|desk|senior|special|foreign|our|the|in|at|for|of|and)$",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"^(?:[A-Z][\w.'’-]*|[A-Z]\.|and|&|de|da|van|von|der|al|el|bin|ibn|la|le)$")
_CALENDAR_WORD = re.compile(
    r"^(?:mon|tues|wednes|thurs|fri|satur|sun)day$|^(?:january|february|march|april|may|june|"
    r"july|august|september|october|november|december)$",
    re.IGNORECASE,
)

# "SULAIMANI (ESTA) —", "KYIV, Ukraine (AP) —", "GAZA, Nov 14 (Reuters) -", "BEIRUT —",
# "RAMPALI, Vindhara (SNS):", "Kyiv, Ukraine (AP) —", "(CNN) —". Case is checked in _dateline.
_UPPER = "A-ZÀ-ÖØ-Þ"
_PLACE_WORD = rf"(?:[{_UPPER}]|(?:al|el|ez|ad|an|ar|as|ash|at|az|ed|es)-)[\w.'’/-]*"
_PLACE_LINK = r"(?:al|el|de|da|del|di|du|la|le|of|on|upon|sur|am|an|bin|ibn|ez|es|ad|as|y)"
_PLACE = rf"{_PLACE_WORD}(?:\s+(?:{_PLACE_LINK}\s+)?{_PLACE_WORD}){{0,4}}"
_DATELINE = re.compile(
    rf"^(?P<text>(?:(?P<place>{_PLACE}(?:,\s+(?!\d){_PLACE}){{0,2}}?)"
    r"(?:,\s+(?P<date>(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
    r"(?:,?\s+\d{4})?))?"
    r"(?:\s*\((?P<agency>[^()]{1,40})\))?"
    r"|\((?P<lone_agency>[^()]{1,40})\))"
    r"\s*(?P<dash>—|–|--|-|:))(?:\s+|(?<=—)(?=[A-Z\"“]))(?=\S)"
)
# Capitalised words that start sentences, never a dateline's place: "In Gaza, Hamas — ..."
_NOT_PLACE = frozenset(
    {
        *("the", "a", "an", "in", "on", "at", "as", "after", "before", "but", "and", "or", "so"),
        *("yet", "however", "meanwhile", "today", "yesterday", "tonight", "earlier", "later"),
        *("last", "this", "that", "these", "those", "there", "here", "when", "while", "since"),
        *("for", "from", "with", "without", "by", "he", "she", "it", "they", "we", "i", "you"),
        *("his", "her", "their", "our", "my", "mr", "mrs", "ms", "dr", "police", "officials"),
        *("president", "minister", "prime", "residents", "witnesses", "sources", "according"),
    }
)
# Newsroom labels in capitals that look like a place before a colon or dash.
_LABELS = re.compile(
    r"^(?:BREAKING(?:\s+NEWS)?|EXCLUSIVE|UPDATED?(?:\s+\d+)?|WATCH|LIVE|ANALYSIS|OPINION|FACTBOX"
    r"|EXPLAINER|CORRECTION|CORRECTED|NOTE|EDITOR'?S\s+NOTE|URGENT|FLASH|ALERT|DEVELOPING|VIDEO"
    r"|PHOTOS?|REFILE|INSIGHT|REVIEW|EDITORIAL|COMMENTARY|WRAPUP|SPECIAL\s+REPORT|FILE|WARNING"
    r"|FACT\s+CHECK|TIMELINE|QUOTEBOX|SNAP|ADVISORY)$"
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
    if _CAPTION_END.search(line) or _CAPTION_START.match(line) or _CAPTION_CREDIT.search(line):
        return True
    # "Photo by Jane Roe/AFP" is a credit; "Photos by residents showed the damage." is a sentence.
    return (
        _CAPTION_BY.match(line) is not None
        and len(line) <= 120
        and not re.search(r"\b[a-z]{3,}\.$", line)  # a sentence ends in a word, a credit in a name
        and _REPORTED.search(line) is None
    )


def _ui_label(line: str) -> bool:
    # A quoted word is speech ("Listen."), a full stop ends a sentence; "Loading..." is neither.
    if re.search(r"[\"“”‘]", line) or re.search(r"(?<!\.)\.$", line):
        return False
    key = re.sub(r"[^\w' ]+", " ", line.lower())
    return " ".join(key.split()) in _UI_LABELS


def _names_only(text: str) -> bool:
    """Whether ``text`` is a list of names ("Jane Roe in Gaza and John Doe"), not a clause."""
    words = re.split(r"[\s,;&]+", text.strip(" .()"))
    return bool(words) and all(
        _NAME_WORD.match(w) or w in {"in", "and", "from", "at", "with"} for w in words if w
    )


def _boilerplate(line: str) -> str | None:
    """The reason a line on its own is page furniture, or None for article text."""
    if len(line) > 400:
        return None
    if _is_caption(line):
        return "photo caption"
    if _cookie_notice(line):
        return "cookie notice"
    short = len(line) <= _SHORT
    if not short:
        return None
    if _NAVIGATION.match(line):
        return "navigation"
    teaser = _NAVIGATION_TEASER.match(line)
    # "Next: a headline" but never "Next: rescuers will search the valley, he said."
    if teaser and (teaser["sep"] != ":" or not _ends_sentence(line)):
        return "navigation link"  # the teaser is on this line: the next line is the story's
    if _BREADCRUMB.match(line) and len(line) <= 120:
        return "breadcrumb"
    if _COMMENTS.match(line):
        return "comments"
    if _ui_label(line):
        return "page control"
    if _MEDIA_LINK.match(line) and len(line) <= 160 and not _ends_sentence(line):
        return "media link"
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
    if _COPYRIGHT.search(line) and len(line) <= 150 and not _REPORTED.search(line):
        return "copyright"
    if _TAGS.match(line) or (_TAGS_LOOSE.match(line) and not _ends_sentence(line)):
        return "tags"
    # "Reporting by X; Editing by Y" (wire trailers): the semicolon or a list of names keeps
    # prose like "Reporting by the BBC showed ..." in the story.
    credits = _CREDITS.match(line)
    if credits and (";" in line or _names_only(re.split(r"(?i)\bby\b", line, maxsplit=1)[1])):
        return "credits"
    if re.match(r"^\((?:additional\s+)?reporting\b", line):
        return "credits"
    # "Source: Al Jazeera and news agencies", "Sources: AFP, Reuters"
    if (
        re.match(r"^(?i:sources?)\s*:\s*[A-Z]", line)
        and len(line) <= 100
        and not _ends_sentence(line)
    ):
        return "credits"
    if _SEPARATOR.match(line):
        return "separator"
    return None


def _cookie_notice(line: str) -> bool:
    return len(line) <= 400 and bool(_COOKIES.search(line)) and not _REPORTED.search(line)


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
        and _dateline(line) is None
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
    # "14.30" is a time (Guardian style); "04.03.2024" stays a date.
    text = re.sub(r"(?<![\d.])([01]?\d|2[0-3])\.([0-5]\d)(?![\d.])", r"\1:\2", text)
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
    """``(byline, date)`` for "By X | March 4, 2024", "By X, Reuters"; None for prose.

    The byline is "" for a CMS user name ("Posted by admin on March 4, 2024").
    """
    match = _BYLINE.match(line)
    if match is None or len(line) > 160:
        return None
    # A byline is not a sentence, though it may end in "Jr." or a year.
    if line.rstrip().endswith((".", "?", "!")) and not re.search(
        r"\b(?:[A-Z]\.)+$|\b[JS]r\.$|\b\d{4}\.?$", line.rstrip()
    ):
        return None
    kind = match["kind"].lower()
    body = match["byline"].strip()
    parts = [p.strip() for p in re.split(r"\s+[|·•—–-]\s+|\s*\|\s*", body) if p.strip()]
    names = parts[0]
    date = None
    for part in parts[1:]:
        date = date or _parse_date(part)
    # "Posted by admin on March 4, 2024": the date may follow the names after "on".
    on_date = re.match(r"^(?P<names>.+?)\s+on\s+(?P<date>.+)$", names)
    if on_date and _parse_date(on_date["date"]) is not None:
        names, date = on_date["names"], date or _parse_date(on_date["date"])
    # The names part may carry ", Reuters" or "Staff Writer" but must be names, not prose.
    first, _, rest = names.partition(",")
    words = first.split()
    if not words or len(words) > 10 or _CALENDAR_WORD.match(words[0]):
        return None
    # A CMS user name ("Posted by admin") is one lower-case word; a byline's names are capitalised.
    username = kind == "posted by" and len(words) == 1 and re.fullmatch(r"[\w.-]{2,30}", first)
    if not username and not all(_NAME_WORD.match(w) for w in words):
        return None
    if kind == "from" and (not rest or len(words) < 2 or len(line) > 80):
        # "From Aminu Bello, Kaduma" names a reporter and a place; "From Gaza ..." is prose.
        return None
    if rest:
        tail = _parse_date(rest)
        if tail is not None:
            date = date or tail
        elif not all(
            _NAME_WORD.match(w) or _ROLE_WORD.match(w) for w in rest.replace(",", " ").split()
        ):
            return None
    # A user name is no byline: the line goes, the byline stays unknown.
    return ("" if username else names), date


def _is_update_line(line: str) -> bool:
    return len(line) <= _SHORT and _UPDATE_LINE.match(line) is not None


def _agency(text: str | None) -> str | None:
    """A news agency's name from a dateline's parentheses, or None if it is not one."""
    if text is None:
        return None
    agency = text.strip()
    words = agency.split()
    if not words or len(words) > 4 or not re.fullmatch(r"[A-Za-z][\w&.'’ /-]*", agency):
        return None
    # "(AP)", "(Reuters)", "(DPA-D)", "(dpa)"; not "(the militant group)".
    if not any(c.isupper() for c in agency) and len(agency) > 4:
        return None
    return agency


def _dateline(line: str) -> DatelineInfo | None:
    """The dateline at the start of a paragraph: a place and/or agency, then a dash or colon.

    A place in capitals is a dateline ("BEIRUT —"); one in title case is only with an agency,
    a date or a region ("Beirut, Lebanon -"), as a sentence may start "Police — ...".
    """
    match = _DATELINE.match(line)
    if match is None:
        return None
    dash = match["dash"]
    if match["lone_agency"] is not None:
        agency = _agency(match["lone_agency"])
        if agency is None or dash == ":":
            return None
        return DatelineInfo(text=match["text"].strip(), place=None, agency=agency)
    place = match["place"].strip()
    agency = _agency(match["agency"])
    if match["agency"] is not None and agency is None:
        return None
    city = place.split(",")[0]
    words = city.split()
    first_word = words[0]
    if len(first_word.strip(".'’-")) < 2 or len(place.split()) > 8:
        return None
    if not any(c.islower() for c in city):  # "SULAIMANI", "GAZA CITY", "KYIV, Ukraine"
        if _LABELS.match(city):
            return None
        # "NEW DELHI: The government said ..." opens a story; "NATO: Allies agree" is a headline.
        if dash == ":" and agency is None:
            rest = line[match.end() :]
            if "," in place or rest[:1].islower() or not _ends_sentence(line):
                return None
    else:  # "Kyiv (AP) —", "Sanaa, Yemen, March 4 (Reuters) -", "Beirut, Lebanon -"
        if first_word.lower() in _NOT_PLACE or len(words) > 4 or (match["date"] and dash == ":"):
            return None
        if not (agency or match["date"] or ("," in place and dash != ":")):
            return None
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

    def offer_update(self, line: str) -> None:
        """Keep the first update line, unless it states no time and a later one does."""
        if self.updated_line is None or (_has_when(line) and not _has_when(self.updated_line)):
            self.updated_line = line


def _has_when(line: str) -> bool:
    """Whether an update line states when, not only that ("Last updated", "2 hours ago")."""
    if re.search(r"\bago\b", line, re.IGNORECASE):
        return False
    return bool(re.search(r"\d|\b(?:noon|midnight|mon|tue|wed|thu|fri|sat|sun)", line, re.I))


def _source_line(line: str) -> bool:
    """A publisher, section or place label: "Dnipro Herald | Olena Kravets", "World / Africa".

    Each part is a short run of capitalised words; a headline has lower-case words or one part.
    """
    if len(line) > 100:
        return False
    parts = re.split(r"\s+[|/·•]\s+|\s*\|\s*", line)
    if len(parts) < 2:
        return False
    for part in parts:
        words = part.split()
        if not 1 <= len(words) <= 4:
            return False
        if not all(
            re.match(r"^(?:[A-Z0-9][\w.'’&-]*|&|of|the|and|for|de|al|el)$", w) for w in words
        ):
            return False
    return True


def _mark(lines: list[_Line], state: _State, header_lines: int) -> None:
    """Give every boilerplate or lifted line its removal reason."""
    # "navigation" takes one teaser, "caption" one caption, "list" a run of teasers.
    teaser_mode: str | None = None
    for index, line in enumerate(lines):
        text = line.text
        in_header = index < header_lines
        after = lines[index - 1].reason if index else None
        later = lines[index + 1].text if index + 1 < len(lines) else ""
        if _is_update_line(text):
            line.reason = "update line"
            state.offer_update(text)
            teaser_mode = None
            continue
        combined = _PUBLISHED_UPDATED.match(text) if len(text) <= _SHORT else None
        if (
            combined
            and _is_update_line(combined["upd"])
            and _parse_date(_strip_date_label(combined["pub"])) is not None
        ):
            line.reason = "date line"
            state.published = state.published or _parse_date(_strip_date_label(combined["pub"]))
            state.offer_update(combined["upd"])
            continue
        byline = _byline(text) if len(text) <= 160 else None
        if byline is not None and (in_header or not text.lower().startswith("from ")):
            line.reason = "byline"
            state.byline = state.byline or byline[0] or None
            state.published = state.published or byline[1]
            continue
        kept_above = in_header and any(not other.reason for other in lines[:index])
        plain = _PLAIN_BYLINE.match(text) if in_header and kept_above else None
        if plain:  # "Dan Sabbagh in Kyiv" under the headline (Guardian style)
            line.reason = "byline"
            state.byline = state.byline or text
            continue
        # A name alone above or below the date: "Mahmoud Ali Abu Rizq" / "Published On 4 Mar".
        beside_date = _parse_date(later) is not None or (after or "").startswith("date")
        if in_header and kept_above and beside_date and _NAMES_LINE.match(text):
            line.reason = "byline"
            state.byline = state.byline or text
            continue
        if after == "byline" and _ROLE_LINE.match(text):
            line.reason = "byline"  # "BBC Middle East correspondent" under "By Yolande Knell"
            continue
        if in_header and _header_label(text, index, lines, later):
            line.reason = "source line" if _source_line(text) else "section label"
            continue
        if in_header:
            date_line = _DATE_LINE.match(text)
            candidate = date_line["rest"] if date_line else text
            when = _parse_date(candidate)
            if when is not None and (date_line or len(text) <= 60) and not _REPORTED.search(text):
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
            elif reason == "photo caption" and _CAPTION_LABEL.match(text):
                teaser_mode = "caption"
            continue
        if teaser_mode == "navigation":
            teaser_mode = None
            if _headline_like(text) or len(text) <= 120:
                line.reason = "navigation teaser"
                continue
        elif teaser_mode == "caption":
            teaser_mode = None
            if len(text) <= 300 and not _dateline(text):
                line.reason = "photo caption"
                continue
        elif teaser_mode == "list":
            if _teaser_like(text):
                line.reason = "related links"
                continue
            teaser_mode = None


def _header_label(text: str, index: int, lines: list[_Line], later: str) -> bool:
    """A label above the headline: "Breaking News", "Gaza war", "Dnipro Herald | Olena Kravets"."""
    if _KICKER.match(text):
        return True
    above_headline = _headline_like(later) and len(later.split()) >= 5
    if _source_line(text):
        # The first line may be a headline in title case: take it only above another one.
        return index > 0 or above_headline
    # A topic tag of one or two words at the very top, above a longer headline.
    first = all(line.reason for line in lines[:index])
    return (
        first
        and above_headline
        and len(text.split()) <= 2
        and len(text) <= 30
        and not _ends_sentence(text)
        and not re.search(r"\d", text)
    )


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
    dateline = _find_dateline(paragraphs)
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


def _find_dateline(paragraphs: list[str]) -> DatelineInfo | None:
    """The dateline of the story's first paragraph, which a standfirst or a kept caption
    line may precede: look past short paragraphs, never past the story's first paragraph."""
    for paragraph in paragraphs[:4]:
        found = _dateline(paragraph)
        if found is not None or len(paragraph) > _SHORT:
            return found
    return None


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


@dataclass
class _Page:
    """What the page's own markup says beside the body trafilatura extracts."""

    tree: Any
    meta: dict[str, str]  # <meta> property or name (lower case) -> content, first one wins
    linked: dict[str, Any]  # the JSON-LD object of the article, if any


def _parse_page(html: str) -> _Page | None:
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None
    meta: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        content = element.get("content")
        if key and content and content.strip():
            meta.setdefault(key.strip().lower(), " ".join(content.split()))
    return _Page(tree, meta, _linked_data(tree))


def _linked_data(tree: Any) -> dict[str, Any]:
    """The first JSON-LD object with a headline (NewsArticle, Article, BlogPosting, ...)."""
    import json

    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text_content())
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if isinstance(item.get("headline"), str):
                    return item
                stack.extend(v for k, v in item.items() if k == "@graph")
    return {}


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _site_names(page: _Page, sitename: str | None) -> set[str]:
    names = {sitename, page.meta.get("og:site_name"), page.meta.get("application-name")}
    publisher = page.linked.get("publisher")
    if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
        names.add(publisher["name"])
    out = {_norm(n) for n in names if n}
    return out | {re.sub(r"^the ", "", n) for n in out}


_TITLE_SEP = re.compile(r"\s+(\||-|–|—|::|·|»|/)\s+")


def _strip_site(title: str, sites: set[str]) -> str:
    """A page title without its site name and sections: "Headline | World | Daily Post"."""
    parts = _TITLE_SEP.split(" ".join(title.split()))
    segments, seps = parts[0::2], parts[1::2]

    def is_site(segment: str) -> bool:
        key = _norm(segment)
        return (
            key in sites
            or re.sub(r"^the ", "", key) in sites
            or bool(re.fullmatch(r"(?:www\.)?[\w-]+(?:\.[a-z]{2,6})+", segment.strip().lower()))
        )

    while len(segments) > 1 and is_site(segments[-1]):
        segments, seps = segments[:-1], seps[:-1]
    while len(segments) > 1 and is_site(segments[0]):
        segments, seps = segments[1:], seps[1:]
    if len(segments) > 1 and "|" in seps:
        # Pipes part a headline from sections and site names, which are shorter than it.
        pieces = _join(segments, seps).split(" | ")
        return max(pieces, key=lambda piece: len(piece.split())).strip()
    if len(segments) > 1 and not sites:
        # "Headline - Daily Post": a short tail in capitals is the site; "... - officials" is not.
        tail = segments[-1].split()
        if len(tail) <= 4 and all(w[:1].isupper() for w in tail):
            segments, seps = segments[:-1], seps[:-1]
    return _join(segments, seps)


def _join(segments: list[str], seps: list[str]) -> str:
    return segments[0] + "".join(
        f" {sep} {seg}" for sep, seg in zip(seps, segments[1:], strict=True)
    )


_BRAND = re.compile(r"logo|brand|masthead|site-?(?:name|title|header)", re.IGNORECASE)


def _page_headline(page: _Page, sites: set[str]) -> str | None:
    """The page's one visible <h1>, when it is a headline and not the site's logo."""
    headings = [h for h in page.tree.iter("h1") if not _in_chrome(h)]
    in_article = [h for h in headings if any(a.tag == "article" for a in h.iterancestors())]
    if len(in_article) == 1:
        headings = in_article
    if len(headings) != 1:
        return None
    heading = headings[0]
    text = " ".join(heading.text_content().split())
    marks = [heading, *heading.iterancestors()]
    if any(_BRAND.search(f"{n.get('class', '')} {n.get('id', '')}") for n in marks):
        return None
    if len(text.split()) < 2 or _norm(text) in sites or len(text) > 300:
        return None
    return text


def _page_title(page: _Page | None, found: str | None, sitename: str | None) -> str | None:
    """The headline: the page's <h1>, else its metadata title without the site's name.

    An <h1> of a few words that no title in the metadata contains is a section's name
    ("Middle East"), not the headline.
    """
    if page is None:
        return found
    sites = _site_names(page, sitename)
    titles = page.tree.xpath("//head/title")
    candidates = [
        page.meta.get("og:title"),
        page.meta.get("twitter:title"),
        page.linked.get("headline"),
        " ".join(titles[0].text_content().split()) if titles else None,
    ]
    metadata = [c for c in candidates if isinstance(c, str) and c.strip()]
    headline = _page_headline(page, sites)
    if headline and (
        len(headline.split()) >= 6
        or not metadata
        or any(_norm(headline) in _norm(title) for title in metadata)
    ):
        return headline
    for candidate in [*metadata, found]:
        if candidate:
            stripped = _strip_site(candidate, sites)
            if stripped and _norm(stripped) not in sites:
                return stripped
    return found


_UPDATE_TAGS = ("p", "span", "div", "time", "small", "em", "li", "strong", "b", "dd", "header")
_MODIFIED_MARK = re.compile(r"updated|modified|date-?mod", re.IGNORECASE)


def _page_update_line(page: _Page | None) -> str | None:
    """The update line in the page's own markup, which trafilatura may count as chrome.

    Looked for in the article, then above it (a headline block outside <article>), then in
    an element marked as the modification time, then the page's modified-time metadata.
    """
    if page is None:
        return None
    tree = page.tree
    articles = tree.xpath("//article")
    article = articles[0] if len(articles) == 1 else None
    scopes = [article.iter(*_UPDATE_TAGS)] if article is not None else []
    scopes.append(_before(tree, article) if article is not None else tree.iter(*_UPDATE_TAGS))
    for scope in scopes:
        for element in scope:
            text = " ".join(element.text_content().split())
            # "Updated 3 hours ago" was relative to when the page was saved: no stamp, and in
            # lists of other stories more often than not.
            if not text or len(text) > 150 or re.search(r"\bago\b", text, re.IGNORECASE):
                continue
            if _is_update_line(text) and not _in_chrome(element):
                return text
    for element in tree.iter("time", "span", "p", "div", "small", "meta"):
        mark = f"{element.get('itemprop', '')} {element.get('class', '')} {element.get('id', '')}"
        if not _MODIFIED_MARK.search(mark) or _in_chrome(element):
            continue
        text = " ".join(element.text_content().split())
        if element.tag == "meta" or not text:
            text = element.get("content") or element.get("datetime") or ""
        if len(text) <= 80 and (_parse_date(text) or _ISO_STAMP.match(text)):
            return text
    return _modified_meta(page)


_ISO_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _modified_meta(page: _Page) -> str | None:
    """The modified time of the page's metadata, when it is later than the published time."""
    modified = (
        page.meta.get("article:modified_time")
        or page.meta.get("og:updated_time")
        or page.meta.get("datemodified")
        or page.linked.get("dateModified")
    )
    published = (
        page.meta.get("article:published_time")
        or page.meta.get("datepublished")
        or page.linked.get("datePublished")
    )
    if not isinstance(modified, str) or not _ISO_STAMP.match(modified.strip()):
        return None
    try:
        later = dt.datetime.fromisoformat(modified.strip().replace("Z", "+00:00"))
        earlier = (
            dt.datetime.fromisoformat(published.strip().replace("Z", "+00:00"))
            if isinstance(published, str)
            else None
        )
    except ValueError:
        return None
    if earlier is not None:
        try:
            if later <= earlier:
                return None
        except TypeError:  # one has an offset and the other not
            if later.replace(tzinfo=None) <= earlier.replace(tzinfo=None):
                return None
    return modified.strip()


def _before(tree: Any, stop: Any) -> Any:
    """Elements before ``stop`` in document order, skipping its ancestors."""
    ancestors = set(stop.iterancestors())
    for element in tree.iter(*_UPDATE_TAGS, "article"):
        if element is stop:
            return
        if element not in ancestors and element.tag != "article":
            yield element


_CHROME_TAGS = frozenset({"nav", "aside", "footer", "form", "button"})
_CHROME_CLASS = re.compile(
    r"related|sidebar|most-?(?:read|popular)|trending|recommend|promo|teaser|widget|comment",
    re.IGNORECASE,
)


def _in_chrome(element: Any) -> bool:
    """Whether an element sits in page furniture: other stories' timestamps live there."""
    ancestors = list(element.iterancestors())
    in_article = any(node.tag == "article" for node in ancestors)
    for node in ancestors:
        # A story's own <footer> holds its tags and update line; the page's footer is chrome.
        if node.tag in _CHROME_TAGS and not (node.tag == "footer" and in_article):
            return True
        if _CHROME_CLASS.search(f"{node.get('class', '')} {node.get('id', '')}"):
            return True
    return False


def _html_byline(author: str | None) -> str | None:
    """trafilatura's author without role labels it split off: "Jane Doe; Staff Writer"."""
    if not author or not author.strip():
        return None
    parts = [p.strip() for p in author.split(";") if p.strip()]
    names = [p for p in parts if not all(_ROLE_WORD.match(w) for w in p.split())]
    names = [p for p in names if p.lower() not in _ACCOUNTS]
    return "; ".join(names) or None


# CMS account names that stand where an author's name should be.
_ACCOUNTS = frozenset({"admin", "administrator", "webmaster", "root", "user", "guest", "editor"})


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
    page = _parse_page(raw.text)
    found = (getattr(doc, "title", None) or "").strip() or None
    title = _page_title(page, found, getattr(doc, "sitename", None))
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
    if state.updated_line is None or not _has_when(state.updated_line):
        # trafilatura may drop the line, or keep "Last updated" and drop its <time>.
        state.updated_line = _page_update_line(page) or state.updated_line
    return _assemble(
        paragraphs,
        title,
        state,
        removed,
        published=published,
        modified=modified if modified != (published or state.published) else None,
        byline=_html_byline(getattr(doc, "author", None)),
    )


def clean_article(raw: RawArticle) -> CleanedArticle:
    """Clean a decoded article: HTML through trafilatura, plain text by line rules.

    Raises NoArticleError when no article text is left (an HTML page with no article body).
    """
    if raw.is_html:
        return _clean_html(raw)
    return _clean_text(raw)


__all__ = ["CleanedArticle", "DatelineInfo", "RemovedLine", "clean_article"]

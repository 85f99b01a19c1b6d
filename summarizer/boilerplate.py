"""Line rules: what a line of copied news text is, when it is not the story.

Each rule is general, for the furniture any news site wraps around a story; none is written
for one site's text. The families:

- page furniture (``boilerplate_reason``): photo captions and credits, previous/next
  navigation and its teasers, breadcrumbs, "Related Posts" / "Read more:" lists and links,
  share counters and buttons, cookie notices, comment widgets, page controls and UI labels,
  media links, skip links, reading times, advertisements, promotions, copyright, tag and
  credit lines, separators;
- the story's header: bylines (``parse_byline``, plain "Name in Place" bylines, the
  reporter's role line), date lines (``header_date``, ``published_and_updated``), kickers and
  publisher/section labels (``is_kicker``, ``is_source_line``), the dateline that opens the
  first paragraph (``parse_dateline``);
- update lines (``is_update_line``, ``has_when``);
- shape heuristics: ``headline_like``, ``teaser_like``, ``ends_sentence``, ``parse_date``.

The guard: a line that reads as a reported sentence, with an attribution verb ("..., police
said.", "according to"), is never taken by the riskier rules (credits "Photo by ...", cookie
notices, copyright lines, header date lines); rules whose pattern can open a sentence ("Next:",
"Watch:", "Filed under", "Sources:") leave a line that ends as a sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dateutil import parser as dateparser


@dataclass(frozen=True)
class DatelineInfo:
    """The dateline that opens a story; it stays in the body, this only describes it."""

    text: str  # as written, e.g. "SULAIMANI (ESTA) —"
    place: str | None
    agency: str | None


SHORT = 200  # longer lines are prose, never chrome

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
# "RAMPALI, Vindhara (SNS):", "Kyiv, Ukraine (AP) —", "(CNN) —". Case is checked in
# parse_dateline.
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


def boilerplate_reason(line: str) -> str | None:
    """The reason a line on its own is page furniture, or None for article text."""
    if len(line) > 400:
        return None
    if _is_caption(line):
        return "photo caption"
    if _cookie_notice(line):
        return "cookie notice"
    short = len(line) <= SHORT
    if not short:
        return None
    if _NAVIGATION.match(line):
        return "navigation"
    teaser = _NAVIGATION_TEASER.match(line)
    # "Next: a headline" but never "Next: rescuers will search the valley, he said."
    if teaser and (teaser["sep"] != ":" or not ends_sentence(line)):
        return "navigation link"  # the teaser is on this line: the next line is the story's
    if _BREADCRUMB.match(line) and len(line) <= 120:
        return "breadcrumb"
    if _COMMENTS.match(line):
        return "comments"
    if _ui_label(line):
        return "page control"
    if _MEDIA_LINK.match(line) and len(line) <= 160 and not ends_sentence(line):
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
    if _TAGS.match(line) or (_TAGS_LOOSE.match(line) and not ends_sentence(line)):
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
        and not ends_sentence(line)
    ):
        return "credits"
    if _SEPARATOR.match(line):
        return "separator"
    return None


def _cookie_notice(line: str) -> bool:
    return len(line) <= 400 and bool(_COOKIES.search(line)) and not _REPORTED.search(line)


def ends_sentence(line: str) -> bool:
    """Whether a line ends as a sentence does (not as a headline or a label)."""
    stripped = line.rstrip()
    if re.search(r"\b(?:[A-Z]\.){2,}$", stripped):  # "U.S.", "U.N." end headlines too
        return False
    return bool(re.search(r"[.:;,]['\"”’)]*$", stripped))


def headline_like(line: str) -> bool:
    """A short line of two or more words that is neither a finished sentence nor a dateline."""
    return (
        len(line) <= SHORT
        and len(line.split()) >= 2
        and not ends_sentence(line)
        and parse_dateline(line) is None
    )


def teaser_like(line: str) -> bool:
    """A linked headline in a teaser list: short, bulleted or not a finished sentence."""
    if _BULLET.match(line):
        return len(line) <= 300
    return (len(line) <= 160 and not ends_sentence(line)) or parse_date(line) is not None


def parse_date(text: str) -> dt.date | None:
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


def parse_byline(line: str) -> tuple[str, dt.date | None] | None:
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
        date = date or parse_date(part)
    # "Posted by admin on March 4, 2024": the date may follow the names after "on".
    on_date = re.match(r"^(?P<names>.+?)\s+on\s+(?P<date>.+)$", names)
    if on_date and parse_date(on_date["date"]) is not None:
        names, date = on_date["names"], date or parse_date(on_date["date"])
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
        tail = parse_date(rest)
        if tail is not None:
            date = date or tail
        elif not all(
            _NAME_WORD.match(w) or _ROLE_WORD.match(w) for w in rest.replace(",", " ").split()
        ):
            return None
    # A user name is no byline: the line goes, the byline stays unknown.
    return ("" if username else names), date


def is_update_line(line: str) -> bool:
    """A line saying the story was updated: "Updated: ...", "This story was updated at ..."."""
    return len(line) <= SHORT and _UPDATE_LINE.match(line) is not None


def has_when(line: str) -> bool:
    """Whether an update line states when, not only that ("Last updated", "2 hours ago")."""
    if re.search(r"\bago\b", line, re.IGNORECASE):
        return False
    return bool(re.search(r"\d|\b(?:noon|midnight|mon|tue|wed|thu|fri|sat|sun)", line, re.I))


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


def parse_dateline(line: str) -> DatelineInfo | None:
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
            if "," in place or rest[:1].islower() or not ends_sentence(line):
                return None
    else:  # "Kyiv (AP) —", "Sanaa, Yemen, March 4 (Reuters) -", "Beirut, Lebanon -"
        if first_word.lower() in _NOT_PLACE or len(words) > 4 or (match["date"] and dash == ":"):
            return None
        if not (agency or match["date"] or ("," in place and dash != ":")):
            return None
    return DatelineInfo(text=match["text"].strip(), place=place, agency=agency)


# -- plain text ---------------------------------------------------------------------------


def published_and_updated(line: str) -> tuple[dt.date, str] | None:
    """``(published, update line)`` for "Published 4 March 2024 | Updated 5 March, 09:10"."""
    match = _PUBLISHED_UPDATED.match(line) if len(line) <= SHORT else None
    if match is None or not is_update_line(match["upd"]):
        return None
    published = parse_date(_strip_date_label(match["pub"]))
    return (published, match["upd"]) if published is not None else None


def header_date(line: str) -> dt.date | None:
    """The date of a header line that states only a date: "Published On 4 Mar 2024"."""
    date_line = _DATE_LINE.match(line)
    candidate = date_line["rest"] if date_line else line
    when = parse_date(candidate)
    if when is not None and (date_line or len(line) <= 60) and not _REPORTED.search(line):
        return when
    return None


def _strip_date_label(text: str) -> str:
    match = _DATE_LINE.match(text.strip())
    return match["rest"] if match else text


def is_plain_byline(line: str) -> bool:
    """A byline without "By": "Dan Sabbagh in Kyiv"."""
    return _PLAIN_BYLINE.match(line) is not None


def is_names_line(line: str) -> bool:
    """A line of only people's names: "Mahmoud Ali Abu Rizq", "Jane Roe & John Doe"."""
    return _NAMES_LINE.match(line) is not None


def is_role_line(line: str) -> bool:
    """A reporter's job under a byline: "BBC Middle East correspondent"."""
    return _ROLE_LINE.match(line) is not None


def is_role_word(word: str) -> bool:
    """A word of a reporter's role beside a name: "Staff", "Writer", "correspondent"."""
    return _ROLE_WORD.match(word) is not None


def is_kicker(line: str) -> bool:
    """A newsroom label above a headline: "Breaking News", "Analysis", "LIVE UPDATES"."""
    return _KICKER.match(line) is not None


def is_caption_label(line: str) -> bool:
    """A caption's label on a line of its own, its text on the next: "Image caption,"."""
    return _CAPTION_LABEL.match(line) is not None


def is_source_line(line: str) -> bool:
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

"""Line rules: what a line of copied news text is, when it is not the story.

Each rule is general, for the furniture any news site wraps around a story; none is written
for one site's text. The families:

- page furniture (``boilerplate_reason``): photo captions and credits, previous/next
  navigation and its teasers, breadcrumbs, "Related Posts" / "Read more:" lists and links,
  share counters and buttons, cookie notices, comment widgets, page controls and UI labels,
  media links, skip links, reading times, advertisements, promotions, copyright, tag and
  credit lines, separators;
- labels of the story's header: kickers and publisher/section labels (``is_kicker``,
  ``is_source_line``); bylines, date lines, update lines and datelines live in ``headers``;
- shape heuristics: ``headline_like``, ``teaser_like``.

The guard: a line that reads as a reported sentence, with an attribution verb ("..., police
said.", "according to"), is never taken by the riskier rules (credits "Photo by ...", cookie
notices, copyright lines, header date lines); rules whose pattern can open a sentence ("Next:",
"Watch:", "Filed under", "Sources:") leave a line that ends as a sentence.
"""

from __future__ import annotations

import re
from enum import StrEnum

from summarizer.cleaning.header import SHORT, is_name_word, reads_as_reported
from summarizer.language.datelines import parse_dateline
from summarizer.language.dates import parse_date
from summarizer.language.sentences import ends_sentence


class Removal(StrEnum):
    """Why the cleaner took a line out of the article (kept in ``CleanedArticle.removed``)."""

    photo_caption = "photo caption"
    cookie_notice = "cookie notice"
    navigation = "navigation"
    navigation_link = "navigation link"
    breadcrumb = "breadcrumb"
    comments = "comments"
    page_control = "page control"
    media_link = "media link"
    skip_link = "skip link"
    reading_time = "reading time"
    related_links = "related links"
    related_link = "related link"
    share_counter = "share counter"
    advertisement = "advertisement"
    promotion = "promotion"
    share_social = "share/social"
    copyright = "copyright"
    tags = "tags"
    credits = "credits"
    separator = "separator"
    update_line = "update line"
    date_line = "date line"
    byline = "byline"
    source_line = "source line"
    section_label = "section label"
    navigation_teaser = "navigation teaser"
    html_comment = "html comment"
    injected_text = "injected text"  # hidden text that addresses a model: the record warns


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
_CREDITS = re.compile(
    r"^\(?(?:(?:additional\s+)?reporting|writing|editing|edited|compiled|produced|research"
    r"|fact[\s-]checking|graphics)\s+by\b.*$",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"^[\s*=_~#·•-]{3,}$")
_BULLET = re.compile(r"^[-–•*·▪►▸◦]\s+")


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
        and not reads_as_reported(line)
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
        is_name_word(w) or w in {"in", "and", "from", "at", "with"} for w in words if w
    )


def boilerplate_reason(line: str) -> Removal | None:
    """The reason a line on its own is page furniture, or None for article text."""
    if len(line) > 400:
        return None
    if _is_caption(line):
        return Removal.photo_caption
    if _cookie_notice(line):
        return Removal.cookie_notice
    short = len(line) <= SHORT
    if not short:
        return None
    if _NAVIGATION.match(line):
        return Removal.navigation
    teaser = _NAVIGATION_TEASER.match(line)
    # "Next: a headline" but never "Next: rescuers will search the valley, he said."
    if teaser and (teaser["sep"] != ":" or not ends_sentence(line)):
        return Removal.navigation_link  # the teaser is on this line: the next line is the story's
    if _BREADCRUMB.match(line) and len(line) <= 120:
        return Removal.breadcrumb
    if _COMMENTS.match(line):
        return Removal.comments
    if _ui_label(line):
        return Removal.page_control
    if _MEDIA_LINK.match(line) and len(line) <= 160 and not ends_sentence(line):
        return Removal.media_link
    if _SKIP_LINK.match(line):
        return Removal.skip_link
    if _READING_TIME.match(line):
        return Removal.reading_time
    if _LIST_HEADER.match(line):
        return Removal.related_links
    if _INLINE_LINK.match(line):
        return Removal.related_link
    if _COUNTER.match(line):
        return Removal.share_counter
    if _ADVERT.match(line):
        return Removal.advertisement
    if _PROMO.match(line):
        return Removal.promotion
    if _is_social(line):
        return Removal.share_social
    if _COPYRIGHT.search(line) and len(line) <= 150 and not reads_as_reported(line):
        return Removal.copyright
    if _TAGS.match(line) or (_TAGS_LOOSE.match(line) and not ends_sentence(line)):
        return Removal.tags
    # "Reporting by X; Editing by Y" (wire trailers): the semicolon or a list of names keeps
    # prose like "Reporting by the BBC showed ..." in the story.
    credits = _CREDITS.match(line)
    if credits and (";" in line or _names_only(re.split(r"(?i)\bby\b", line, maxsplit=1)[1])):
        return Removal.credits
    if re.match(r"^\((?:additional\s+)?reporting\b", line):
        return Removal.credits
    # "Source: Al Jazeera and news agencies", "Sources: AFP, Reuters"
    if (
        re.match(r"^(?i:sources?)\s*:\s*[A-Z]", line)
        and len(line) <= 100
        and not ends_sentence(line)
    ):
        return Removal.credits
    if _SEPARATOR.match(line):
        return Removal.separator
    return None


def _cookie_notice(line: str) -> bool:
    return len(line) <= 400 and bool(_COOKIES.search(line)) and not reads_as_reported(line)


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

"""Read what an HTML page's own markup says beside the article body trafilatura extracts.

trafilatura keeps the story's text and drops page chrome, and with it, at times, the
headline and the update line. This module finds them in the page itself: the headline is the
page's one visible <h1>, else its og:title, twitter:title, JSON-LD headline or <title> without
the site's name and sections; the update line is a visible "Updated ..." element in or above
the article, else an element marked as the modification time, else the page's modified-time
metadata when it is later than the published time. Elements in page furniture (navigation,
sidebars, related-story lists, comment widgets) are never read: other stories' headlines and
timestamps live there. It also cleans trafilatura's author into a byline.

Before any of that, numeric references to control characters ("&#27;[2J") are written as
the characters (``decode_control_references``), so that cleaning removes the escape
sequences they start whole; and the page's comments that address a model, which no reader
sees and trafilatura drops, are listed (``injected_comments``) so the record can warn.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from summarizer.cleaning.header import is_role_word, is_update_line
from summarizer.language.dates import parse_date
from summarizer.language.injection import looks_injected


@dataclass
class Page:
    """What the page's own markup says beside the body trafilatura extracts."""

    tree: Any
    meta: dict[str, str]  # <meta> property or name (lower case) -> content, first one wins
    linked: dict[str, Any]  # the JSON-LD object of the article, if any


def parse_page(html: str) -> Page | None:
    """The page's markup, <meta> values and article JSON-LD; None if lxml cannot parse it."""
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
    return Page(tree, meta, _linked_data(tree))


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


def comparable(text: str) -> str:
    """``text`` lower-cased with punctuation collapsed, for comparing titles and headlines."""
    return re.sub(r"\W+", " ", text).strip().lower()


def _site_names(page: Page, sitename: str | None) -> set[str]:
    names = {sitename, page.meta.get("og:site_name"), page.meta.get("application-name")}
    publisher = page.linked.get("publisher")
    if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
        names.add(publisher["name"])
    out = {comparable(n) for n in names if n}
    return out | {re.sub(r"^the ", "", n) for n in out}


_TITLE_SEP = re.compile(r"\s+(\||-|–|—|::|·|»|/)\s+")


def _strip_site(title: str, sites: set[str]) -> str:
    """A page title without its site name and sections: "Headline | World | Daily Post"."""
    parts = _TITLE_SEP.split(" ".join(title.split()))
    segments, seps = parts[0::2], parts[1::2]

    def is_site(segment: str) -> bool:
        key = comparable(segment)
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


def _page_headline(page: Page, sites: set[str]) -> str | None:
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
    if len(text.split()) < 2 or comparable(text) in sites or len(text) > 300:
        return None
    return text


def page_title(page: Page | None, found: str | None, sitename: str | None) -> str | None:
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
        or any(comparable(headline) in comparable(title) for title in metadata)
    ):
        return headline
    for candidate in [*metadata, found]:
        if candidate:
            stripped = _strip_site(candidate, sites)
            if stripped and comparable(stripped) not in sites:
                return stripped
    return found


_UPDATE_TAGS = ("p", "span", "div", "time", "small", "em", "li", "strong", "b", "dd", "header")
_MODIFIED_MARK = re.compile(r"updated|modified|date-?mod", re.IGNORECASE)


def page_update_line(page: Page | None, published_at: dt.datetime | None) -> str | None:
    """The update line in the page's own markup, which trafilatura may count as chrome.

    Looked for in the article, then above it (a headline block outside <article>), then in
    an element marked as the modification time, then the page's modified-time metadata. A
    line that states when wins over a relative one ("Updated 3 hours ago"), which the
    publication time resolves (``published_at``, the page's own: see ``page_published_at``).
    """
    if page is None:
        return None
    tree = page.tree
    articles = tree.xpath("//article")
    article = articles[0] if len(articles) == 1 else None
    scopes = [article.iter(*_UPDATE_TAGS)] if article is not None else []
    scopes.append(_before(tree, article) if article is not None else tree.iter(*_UPDATE_TAGS))
    # "Updated 3 hours ago" counts from the publication time when the page's metadata gives
    # one (stamp.py); without it, it was relative to when the page was saved and says
    # nothing. A line that states when wins over it.
    resolvable = published_at is not None
    relative = None
    for scope in scopes:
        for element in scope:
            text = " ".join(element.text_content().split())
            if not text or len(text) > 150:
                continue
            for line in _lines(element, text):
                if not is_update_line(line) or _in_chrome(element):
                    continue
                if not re.search(r"\bago\b", line, re.IGNORECASE):
                    return line
                if resolvable and not _in_teaser(element):
                    relative = relative or line
    if relative is not None:
        return relative
    for element in tree.iter("time", "span", "p", "div", "small", "meta"):
        mark = f"{element.get('itemprop', '')} {element.get('class', '')} {element.get('id', '')}"
        if not _MODIFIED_MARK.search(mark) or _in_chrome(element):
            continue
        text = " ".join(element.text_content().split())
        if element.tag == "meta" or not text:
            text = element.get("content") or element.get("datetime") or ""
        if len(text) <= 80 and (parse_date(text) or _ISO_STAMP.match(text)):
            return text
    return _modified_meta(page)


_ISO_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _lines(element: Any, text: str) -> list[str]:
    """The element's text, one entry per line its <br> tags make: a "Published: ...<br>Last
    update: ..." block is two lines, whose text_content() runs together."""
    if element.find(".//br") is None:
        return [text]
    broken = copy.deepcopy(element)
    broken.tail = None
    for br in broken.iter("br"):
        br.tail = "\n" + (br.tail or "")
    lines = [" ".join(line.split()) for line in broken.text_content().split("\n")]
    return [line for line in lines if line]


def _modified_meta(page: Page) -> str | None:
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


def page_published_at(page: Page | None) -> dt.datetime | None:
    """The publication time the page's metadata gives (a date and a time), or None."""
    if page is None:
        return None
    candidates: list[Any] = [
        page.meta.get("article:published_time"),
        page.meta.get("og:published_time"),
        page.meta.get("datepublished"),
        page.linked.get("datePublished"),
    ]
    candidates += [
        element.get("datetime")
        for element in page.tree.xpath("//time[@itemprop='datePublished' or @pubdate]")
    ]
    for value in candidates:
        if isinstance(value, str) and _ISO_STAMP.match(value.strip()):
            try:
                return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            except ValueError:
                continue
    return None


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


def _in_teaser(element: Any) -> bool:
    """Whether an element sits in a list item or holds a link: another story's teaser."""
    if element.tag == "a" or element.find(".//a") is not None:
        return True
    return any(node.tag in ("li", "a") for node in element.iterancestors())


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


def html_byline(author: str | None) -> str | None:
    """trafilatura's author without role labels it split off: "Jane Doe; Staff Writer"."""
    if not author or not author.strip():
        return None
    parts = [p.strip() for p in author.split(";") if p.strip()]
    names = [p for p in parts if not all(is_role_word(w) for w in p.split())]
    names = [p for p in names if p.lower() not in _ACCOUNTS]
    return "; ".join(names) or None


# CMS account names that stand where an author's name should be.
_ACCOUNTS = frozenset({"admin", "administrator", "webmaster", "root", "user", "guest", "editor"})


# -- controls and comments ----------------------------------------------------------------

_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX](?P<hex>[0-9a-fA-F]{1,8})|(?P<dec>[0-9]{1,10}));?")


def _reference(match: re.Match[str]) -> str:
    code = int(match["hex"], 16) if match["hex"] else int(match["dec"])
    if code in (0x09, 0x0A, 0x0D) or 0x20 <= code < 0x7F or code > 0x9F:
        return match.group()
    if code >= 0x80:
        # HTML reads "&#150;" as the cp1252 character, as legacy pages meant it ("–").
        try:
            return bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            return ""
    return chr(code)


def decode_control_references(html: str) -> str:
    """``html`` with numeric references to controls written as the characters themselves.

    The parser would turn "&#27;[2J" into an escape sequence anyway, and trafilatura gives
    up on a page holding one; written out, it is removed whole with the other controls.
    """
    if "&#" not in html:
        return html
    return _CHARACTER_REFERENCE.sub(_reference, html)


COMMENT_CHARS = 300  # of a comment's text kept in ``removed``


def injected_comments(page: Page | None) -> list[str]:
    """The text of the page's comments that address a model ("<!-- Note to AI: ... -->")."""
    if page is None:
        return []
    import lxml.etree

    root = page.tree
    comments = [
        *root.itersiblings(preceding=True),
        *root.iter(lxml.etree.Comment),
        *root.itersiblings(),
    ]
    found = []
    for comment in comments:
        if comment.tag is not lxml.etree.Comment:
            continue
        text = " ".join((comment.text or "").split())
        if text and looks_injected(text):
            found.append(text[:COMMENT_CHARS])
    return found

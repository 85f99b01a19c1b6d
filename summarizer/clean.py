"""Turn raw article text or HTML into the cleaned text the model sees, plus metadata.

(Interface fixed; the implementation is being written in issue 3.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

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


def clean_article(raw: RawArticle) -> CleanedArticle:
    """Clean a decoded article: HTML through trafilatura, plain text by line rules."""
    raise NotImplementedError

"""The cleaning stage: raw bytes to the cleaned text a provider sees, plus what it learned.

- ``ingest``: read and decode one input safely (refusals are InputErrors naming the file);
- ``article``: the stage itself, ``clean_article``: HTML through trafilatura, text by lines;
- ``lines``: the general line rules for page chrome (captions, navigation, widgets, ...);
- ``header``: bylines, date lines and update lines above the story;
- ``html``: what trafilatura drops (headline, update line) read from the page's markup;
- ``stamp``: the update line parsed into an UpdateStamp (``zones``: its zone labels).
"""

from summarizer.cleaning.article import (
    CleanedArticle,
    RemovedLine,
    clean_article,
    cleaning_warnings,
)
from summarizer.cleaning.ingest import (
    DEFAULT_MAX_BYTES,
    RawArticle,
    decode_article,
    looks_like_html,
    read_article,
)
from summarizer.cleaning.lines import Removal
from summarizer.cleaning.stamp import parse_published, parse_update_line
from summarizer.language.datelines import DatelineInfo

__all__ = [
    "DEFAULT_MAX_BYTES",
    "CleanedArticle",
    "DatelineInfo",
    "RawArticle",
    "Removal",
    "RemovedLine",
    "clean_article",
    "cleaning_warnings",
    "decode_article",
    "looks_like_html",
    "parse_published",
    "parse_update_line",
    "read_article",
]

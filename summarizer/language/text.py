"""Comparable text: one normalisation of quotes, dashes, ellipses and whitespace.

Models and writers disagree on typography (curly or straight quotes, en or em dashes,
"..." or "…", soft hyphens, runs of spaces), never on words. Grounding compares excerpts
with the article after this normalisation, keeping for each normalised character the
index it came from, so that a match maps back to a span of the original text.
"""

from __future__ import annotations

from functools import lru_cache

_QUOTES = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "`": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
}
_DASHES = dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-")
_REPLACE = {**_QUOTES, **_DASHES, "\u2026": "..."}
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
DOUBLE_QUOTES = frozenset('"\u201c\u201d\u201e\u201f\u00ab\u00bb')


def normalise_with_origin(text: str) -> tuple[str, tuple[int, ...]]:
    """Normalised text and, for each of its characters, the index it came from."""
    out: list[str] = []
    origin: list[int] = []
    in_space = True  # drops leading whitespace
    for i, ch in enumerate(text):
        if ch in _INVISIBLE:
            continue
        if ch.isspace():
            if not in_space:
                out.append(" ")
                origin.append(i)
                in_space = True
            continue
        for piece in _REPLACE.get(ch, ch):
            out.append(piece)
            origin.append(i)
        in_space = False
    if out and out[-1] == " ":
        out.pop()
        origin.pop()
    return "".join(out), tuple(origin)


# Articles and excerpts are cached apart: one article can have more distinct excerpts
# than a shared cache holds, and each would then evict the article and have all of it
# normalised again.
@lru_cache(maxsize=8)
def normalised_article(text: str) -> tuple[str, tuple[int, ...]]:
    """``normalise_with_origin`` of an article, cached: one article meets many excerpts."""
    return normalise_with_origin(text)


@lru_cache(maxsize=1024)
def normalise(excerpt: str) -> str:
    """The normalised text alone."""
    return normalise_with_origin(excerpt)[0]


__all__ = ["DOUBLE_QUOTES", "normalise", "normalise_with_origin", "normalised_article"]

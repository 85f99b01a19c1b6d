"""Comparable text: one normalisation of quotes, dashes, ellipses and whitespace.

Models and writers disagree on typography (curly or straight quotes, en or em dashes,
"..." or "…", soft hyphens, runs of spaces), never on words. Grounding compares excerpts
with the article after this normalisation, keeping for each normalised character the
index it came from, so that a match maps back to a span of the original text.

Text from an untrusted file can also carry what a terminal acts on instead of printing:
``strip_controls`` removes escape sequences and control characters, and ``is_invisible``
tells a text that shows nothing (zero-width spaces, byte-order marks, word joiners).
"""

from __future__ import annotations

import re
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


# -- what a terminal would act on instead of printing ----------------------------------------

# Escape sequences whole, so that no remnant ("[2J") is left behind: CSI (colours, clearing
# the screen, moving the cursor), OSC (window titles, hyperlinks) up to its terminator or
# the end of the line, DCS/SOS/PM/APC strings, two-character escapes, and their 8-bit forms.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x9c|\x1b\\)?"
    r"|\x1b[ -/]*[0-~]"
)
# Controls that stand for a line break; every other C0 or C1 control but tab and newline
# is removed.
_LINE_CONTROLS = re.compile(r"[\x0b\x0c\x1c-\x1e\x85]")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Characters that show nothing: whitespace, controls, zero-width spaces and joiners, word
# joiners and invisible operators, byte-order marks, soft hyphens, bidi marks, variation
# selectors, and the blank fillers of Hangul and Braille.
_INVISIBLE_ONLY = re.compile(
    r"[\s\x00-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    r"\u200b-\u200f\u202a-\u202e\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0]*"
)


def strip_controls(text: str) -> str:
    """``text`` without terminal escape sequences and C0/C1 controls (tab and newline kept;
    vertical tab, form feed and the like become newlines)."""
    if not CONTROL_CHARS.search(text):
        return text
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _LINE_CONTROLS.sub("\n", text)
    return CONTROL_CHARS.sub("", text)


def is_invisible(text: str) -> bool:
    """Whether ``text`` shows nothing at all: only whitespace, controls and invisible marks."""
    return _INVISIBLE_ONLY.fullmatch(text) is not None


__all__ = [
    "CONTROL_CHARS",
    "DOUBLE_QUOTES",
    "is_invisible",
    "normalise",
    "normalise_with_origin",
    "normalised_article",
    "strip_controls",
]

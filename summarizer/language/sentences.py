"""Where sentences end: shared by the cleaner's line rules, the dateline reader and grounding."""

from __future__ import annotations

import re


def ends_sentence(line: str) -> bool:
    """Whether a line ends as a sentence does (not as a headline or a label)."""
    stripped = line.rstrip()
    if re.search(r"\b(?:[A-Z]\.){2,}$", stripped):  # "U.S.", "U.N." end headlines too
        return False
    return bool(re.search(r"[.:;,]['\"”’)]*$", stripped))


# A stop (with any closing quote or bracket) before a space, or a line break. Titles and
# initials ("Col.", "U.S.") split a sentence too: callers that look at a sentence and its
# neighbours get a narrower window, never a wrong one.
_SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*\s+|\n+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of ``text``, in order, trailing space included."""
    spans = []
    at = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((at, match.end()))
        at = match.end()
    if at < len(text):
        spans.append((at, len(text)))
    return spans


__all__ = ["ends_sentence", "sentence_spans"]

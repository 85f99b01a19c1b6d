"""Where sentences end: shared by the cleaner's line rules and the dateline reader."""

from __future__ import annotations

import re


def ends_sentence(line: str) -> bool:
    """Whether a line ends as a sentence does (not as a headline or a label)."""
    stripped = line.rstrip()
    if re.search(r"\b(?:[A-Z]\.){2,}$", stripped):  # "U.S.", "U.N." end headlines too
        return False
    return bool(re.search(r"[.:;,]['\"”’)]*$", stripped))


__all__ = ["ends_sentence"]

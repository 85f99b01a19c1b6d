"""Read one article's bytes safely and decode them to text.

(Interface fixed; the implementation is being written in issue 3.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

DEFAULT_MAX_BYTES = 5_000_000


@dataclass(frozen=True)
class RawArticle:
    """Decoded input, before cleaning."""

    source: str  # the path as given, "-" for stdin, or a batch item's id
    text: str
    encoding: str  # "utf-8", "utf-8-sig", "utf-16", "cp1252"
    is_html: bool  # detected by content, not only by the file extension


def read_article(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, stdin: BinaryIO | None = None
) -> RawArticle:
    """Read a file, or standard input for "-"; raise InputError naming the file and reason."""
    raise NotImplementedError


def decode_article(data: bytes, *, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> RawArticle:
    """Validate and decode bytes already in memory (batch JSONL items, tests)."""
    raise NotImplementedError

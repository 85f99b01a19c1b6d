"""Read one article's bytes safely and decode them to text.

Refusals are ``InputError`` (exit 2) naming the file and the reason: a missing path, a
directory, an empty or whitespace-only file, binary data, a file over the size cap, or
bytes that are not UTF-8, UTF-16 (with a BOM) or cp1252. Decoding is always strict, so a
wrong guess fails loudly instead of filling the article with replacement characters.
"""

from __future__ import annotations

import codecs
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from summarizer.config import DEFAULT_MAX_BYTES
from summarizer.errors import InputError

BINARY_SNIFF_BYTES = 8192
STDIN_NAME = "<stdin>"

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)

# A document (or fragment) that starts like markup, or any of the tags only pages have.
_HTML_START = re.compile(
    r"\A[\s\ufeff]*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta"
    r"|title|article|div|p|section|main|h[1-6]|span|table|ul|ol|li|header|footer|nav|aside|figure"
    r"|blockquote|strong|b|em|i|a|img|picture|time|font|center|form|script|style|link|br|hr|!--)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAGS = re.compile(r"<(?:html|body|head)\b[^>]*>|<!doctype\s+html", re.IGNORECASE)
_ANY_TAG = re.compile(
    r"</?(?:p|div|br|a|span|article|h[1-6]|li|ul|ol|section|header|footer|figure|figcaption"
    r"|blockquote|strong|em|b|img|table|tr|td)\b[^>]*>",
    re.IGNORECASE,
)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|section|article|header|footer|figure|blockquote|table|main"
    r"|nav|aside|body|html)\b",
    re.IGNORECASE,
)
# Closing block tags: pasted page text with no tag in front still has these.
_CLOSING_BLOCK = re.compile(r"</(?:p|div|li|h[1-6]|td|article|section|blockquote)>", re.IGNORECASE)


@dataclass(frozen=True)
class RawArticle:
    """Decoded input, before cleaning."""

    source: str  # the path as given, "-" for stdin, or a batch item's id
    text: str
    encoding: str  # "utf-8", "utf-8-sig", "utf-16", "cp1252"
    is_html: bool  # detected by content, not only by the file extension


def _size(n: int) -> str:
    return f"{n:,} bytes"


def read_article(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, stdin: BinaryIO | None = None
) -> RawArticle:
    """Read a file, or standard input for "-"; raise InputError naming the file and reason."""
    if str(path) == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        # Read one byte past the cap: enough to know it is too large without reading it all.
        data = stream.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputError(
                f"standard input is larger than the {_size(max_bytes)} limit (--max-bytes)",
                source=STDIN_NAME,
            )
        article = decode_article(data, source=STDIN_NAME, max_bytes=max_bytes)
        return RawArticle("-", article.text, article.encoding, article.is_html)

    source = str(path)
    file = Path(path)
    try:
        if not file.exists():
            raise InputError("no such file", source=source)
        if file.is_dir():
            raise InputError("is a directory, not an article file", source=source)
        size = file.stat().st_size
        if file.is_file() and size > max_bytes:
            raise InputError(
                f"file is {_size(size)}, larger than the {_size(max_bytes)} limit (--max-bytes)",
                source=source,
            )
        with file.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise InputError("permission denied", source=source) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=source) from None
    article = decode_article(data, source=source, max_bytes=max_bytes)
    # The extension alone does not make a page, but it tips a fragment with a few tags.
    is_page_name = file.suffix.lower() in {".html", ".htm", ".xhtml"}
    if not article.is_html and is_page_name and _ANY_TAG.search(article.text):
        return RawArticle(article.source, article.text, article.encoding, True)
    return article


def decode_article(data: bytes, *, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> RawArticle:
    """Validate and decode bytes already in memory (batch JSONL items, tests)."""
    if len(data) > max_bytes:
        raise InputError(
            f"input is {_size(len(data))}, larger than the {_size(max_bytes)} limit (--max-bytes)",
            source=source,
        )
    if not data:
        raise InputError("input is empty (0 bytes)", source=source)
    text, encoding = _decode(data, source)
    if not text.strip():
        raise InputError("input contains only whitespace", source=source)
    if "\x00" in text:
        raise InputError("looks binary: it contains NUL characters", source=source)
    # One newline convention, so spans and paragraph splitting see the same text everywhere.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return RawArticle(source=source, text=text, encoding=encoding, is_html=looks_like_html(text))


def _decode(data: bytes, source: str) -> tuple[str, str]:
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), label
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"starts with a {label.upper()} byte-order mark but is not valid {label} "
                    f"(byte {exc.start})",
                    source=source,
                ) from None
    if b"\x00" in data[:BINARY_SNIFF_BYTES]:
        raise InputError(
            "looks binary: NUL bytes in the first 8 KB (UTF-16 text needs a byte-order mark)",
            source=source,
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise InputError(
            f"cannot decode: not UTF-8, UTF-16 (with BOM) or cp1252 text "
            f"(byte 0x{data[exc.start]:02x} at offset {exc.start})",
            source=source,
        ) from None


def looks_like_html(text: str) -> bool:
    """Whether the text is an HTML page or fragment, judged by its content."""
    head = text[:20_000]
    if _HTML_TAGS.search(head):
        return True
    # Starting with a tag and holding a few, one of them a block ("<b>Note</b>" is not a page).
    if _HTML_START.match(head) and len(_ANY_TAG.findall(head)) >= 2 and _BLOCK_TAG.search(head):
        return True
    return len(_CLOSING_BLOCK.findall(head)) >= 2


__all__ = ["DEFAULT_MAX_BYTES", "RawArticle", "decode_article", "looks_like_html", "read_article"]

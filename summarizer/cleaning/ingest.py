"""Read one article's bytes safely and decode them to text.

Refusals are ``InputError`` (exit 2) naming the file and the reason: a missing path, a
directory or any other file that is not a regular file (a named pipe, a device, a socket:
reading one could block forever or never end), an empty file or one that shows nothing
(whitespace, zero-width spaces, byte-order marks, word joiners), binary data (NUL bytes, or
more than ``BINARY_SHARE`` of its characters control or unprintable), a file over the size
cap, or bytes that are not UTF-8, UTF-16 (with a BOM) or cp1252. Decoding is always strict,
so a wrong guess fails loudly instead of filling the article with replacement characters.
Memory follows the data read, never the cap: a file is read in chunks up to one byte past it.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from summarizer.config import DEFAULT_MAX_BYTES
from summarizer.errors import InputError
from summarizer.language.text import is_invisible

BINARY_SNIFF_BYTES = 8192
STDIN_NAME = "<stdin>"
# Text has next to no control characters; bytes decoded as cp1252 by chance have about one
# in nine (the 27 C0 controls and DEL among the 251 bytes cp1252 and the NUL check let
# through). Above one in twenty the input is refused as binary: well clear of both, and
# an article with a few stray terminal escapes (which cleaning removes) still passes.
BINARY_SHARE = 0.05
# Controls that no text needs (tab, newline, carriage return and form feed excepted), and
# the replacement character a garbled conversion leaves.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
_CHUNK = 1 << 20

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
        data = _read_capped(stream.read, max_bytes)
        if data is None:
            raise InputError(
                f"standard input is larger than the {_size(max_bytes)} limit (--max-bytes)",
                source=STDIN_NAME,
            )
        article = decode_article(data, source=STDIN_NAME, max_bytes=max_bytes)
        return RawArticle("-", article.text, article.encoding, article.is_html)

    source = str(path)
    file = Path(path)
    data = read_regular_file(file, source=source, max_bytes=max_bytes)
    article = decode_article(data, source=source, max_bytes=max_bytes)
    # The extension alone does not make a page, but it tips a fragment with a few tags.
    is_page_name = file.suffix.lower() in {".html", ".htm", ".xhtml"}
    if not article.is_html and is_page_name and _ANY_TAG.search(article.text):
        return RawArticle(article.source, article.text, article.encoding, True)
    return article


def read_regular_file(path: Path, *, source: str, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; InputError for anything else."""
    with open_regular(path, source=source, hint=" (give - to read standard input)") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > max_bytes:
            raise InputError(
                f"file is {_size(size)}, larger than the {_size(max_bytes)} limit (--max-bytes)",
                source=source,
            )
        try:
            data = _read_capped(handle.read, max_bytes)
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", source=source) from None
    if data is None:  # it grew past the cap while being read
        raise InputError(f"file is larger than the {_size(max_bytes)} limit", source=source)
    return data


def open_regular(path: Path, *, source: str, hint: str = "") -> BinaryIO:
    """Open a regular file for reading; InputError naming ``source`` for anything else.

    The type is checked with stat before the file is opened, since opening a named pipe
    blocks until a writer comes; the file is then opened non-blocking and checked again on
    the open descriptor, in case a pipe was swapped in between. ``hint`` follows the
    refusal of a file that is not regular.
    """

    def refuse(mode: int) -> None:
        refusal = not_regular(mode)
        if refusal is not None:
            raise InputError(refusal + ("" if stat.S_ISDIR(mode) else hint), source=source)

    try:
        refuse(os.stat(path).st_mode)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
        try:
            refuse(os.fstat(fd).st_mode)
        except InputError:
            os.close(fd)
            raise
    except (FileNotFoundError, NotADirectoryError):
        raise InputError("no such file", source=source) from None
    except PermissionError:
        raise InputError("permission denied", source=source) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=source) from None
    return os.fdopen(fd, "rb")


def not_regular(mode: int) -> str | None:
    """Why a file of this mode is refused ("is a named pipe (FIFO), not a regular file"), or
    None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    kinds = (
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    kind = next((name for test, name in kinds if test(mode)), "a special file")
    return f"is {kind}, not a regular file"


def _read_capped(read: Callable[[int], bytes], max_bytes: int) -> bytes | None:
    """Everything ``read`` gives, or None once it gives more than ``max_bytes``."""
    chunks: list[bytes] = []
    total = 0
    while total <= max_bytes:
        chunk = read(min(_CHUNK, max_bytes + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return None if total > max_bytes else b"".join(chunks)


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
    if is_invisible(text):
        raise InputError(
            "input contains only whitespace or invisible characters (zero-width spaces, "
            "byte-order marks, word joiners)",
            source=source,
        )
    if "\x00" in text:
        raise InputError("looks binary: it contains NUL characters", source=source)
    unprintable = len(text) - len(_UNPRINTABLE.sub("", text))
    if unprintable > BINARY_SHARE * len(text):
        raise InputError(
            f"looks binary: {unprintable:,} of its {len(text):,} characters are control "
            "or unprintable characters",
            source=source,
        )
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


__all__ = [
    "BINARY_SHARE",
    "DEFAULT_MAX_BYTES",
    "RawArticle",
    "decode_article",
    "looks_like_html",
    "not_regular",
    "open_regular",
    "read_article",
    "read_regular_file",
]

"""What every command shares: exit codes, one-line errors on stderr, date options.

Exit codes: 0 ok; 1 extraction failed (or, in batch, any item failed; in eval, a gated
metric regressed); 2 bad input or usage; 3 provider configuration or authentication;
128 + the signal number when a batch is interrupted.

Anything a file name, an article or a model brings to the terminal goes through
``terminal_safe`` first, so it can neither drive the terminal (clear the screen, set the
window title) nor forge a second line.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from typing import NoReturn

import typer

from summarizer.errors import SummarizerError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_CONFIG = 3


def parse_date(value: str | None) -> dt.date | None:
    """A --date option (YYYY-MM-DD); bad values are a usage error (exit 2)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


# What a terminal acts on instead of showing (C0 and C1 controls, DEL), and what reorders
# what it shows (bidirectional marks, embeddings, overrides and isolates).
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_UNSAFE_KEEPING_LINES = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def terminal_safe(text: str, *, multiline: bool = False) -> str:
    """``text`` with every character a terminal would act on written as an escape ("\\x1b",
    "\\n"). ``multiline`` keeps newlines and tabs, for text shown over several lines."""
    return (_UNSAFE_KEEPING_LINES if multiline else _UNSAFE).sub(_escaped, text)


def say(message: str) -> None:
    """One line of information for people, on stderr (stdout carries only the record, so
    pipes stay clean)."""
    print(terminal_safe(message), file=sys.stderr)


def fail(exc: SummarizerError) -> NoReturn:
    """Report an error as one line on stderr and exit with its code."""
    print(f"summarizer: error: {terminal_safe(str(exc))}", file=sys.stderr)
    raise typer.Exit(exc.exit_code)

"""What every command shares: exit codes, one-line errors on stderr, date options.

Exit codes: 0 ok; 1 extraction failed (or, in batch, any item failed; in eval, a gated
metric regressed); 2 bad input or usage; 3 provider configuration or authentication;
128 + the signal number when a batch is interrupted.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import NoReturn

import typer
from rich.console import Console

from summarizer.errors import SummarizerError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_CONFIG = 3

# Humans read stderr; stdout carries only the record (or nothing), so pipes stay clean.
stderr = Console(stderr=True, highlight=False, soft_wrap=True)


def parse_date(value: str | None) -> dt.date | None:
    """A --date option (YYYY-MM-DD); bad values are a usage error (exit 2)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def say(message: str) -> None:
    """One line of information for people, on stderr."""
    stderr.print(message, markup=False)


def fail(exc: SummarizerError) -> NoReturn:
    """Report an error as one line on stderr and exit with its code."""
    print(f"summarizer: error: {exc}", file=sys.stderr)
    raise typer.Exit(exc.exit_code)

"""Parse an article's own update line into an UpdateStamp, deterministically.

(Interface fixed; the implementation is being written in issue 3.)
"""

from __future__ import annotations

import datetime as dt

from .schema import UpdateStamp


def parse_update_line(line: str, reference_date: dt.date | None = None) -> UpdateStamp | None:
    """Parse e.g. "This story was updated at 12:25 a.m. (EBL time) on Tuesday"."""
    raise NotImplementedError

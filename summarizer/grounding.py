"""Tie every evidence excerpt and quote to a span of the cleaned text.

(Interface fixed; the implementation is being written in issue 4.)
"""

from __future__ import annotations

from .schema import ArticleSummary


def find_span(excerpt: str, text: str) -> tuple[int, int] | None:
    """[start, end) of ``excerpt`` in ``text`` after normalising whitespace, quotes, dashes."""
    raise NotImplementedError


def grounding_problems(summary: ArticleSummary, text: str) -> list[str]:
    """Every problem a re-ask should fix: excerpts not in the text, unsupported counts, ..."""
    raise NotImplementedError


def attach_spans(summary: ArticleSummary, text: str) -> ArticleSummary:
    """A copy of ``summary`` with ``evidence_span`` set on every item whose evidence is found."""
    raise NotImplementedError

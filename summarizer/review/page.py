"""The review page: records with their evidence highlighted in the article text."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from summarizer.review.shell import Shell, render_page, text_matches, write_page

DATA_VERSION = 1
REVIEW_SHELL = Shell(
    styles=("review.css",),
    scripts=("shared.js", "review.js"),
    filters=(("all", "all"), ("ok", "ok"), ("failed", "failed"), ("warnings", "has warnings")),
    search="title, source and summary",
    entries="articles",
)


@dataclass(frozen=True)
class ReviewArticle:
    """One article for the review page: its record and, if known, the text its spans index."""

    record: Mapping[str, Any]  # a SummaryRecord as JSON (model_dump(mode="json") or a JSONL line)
    text: str | None = None  # the cleaned text; None when it is not available
    removed: Sequence[Any] = ()  # lines the cleaner removed: RemovedLine or {"text", "reason"}
    gold: Mapping[str, Any] | None = None  # carried in the data, not shown on this page


def page_data(articles: Iterable[ReviewArticle], *, title: str) -> dict[str, Any]:
    """The data blob the page script reads: the title and one entry per article."""
    return {
        "version": DATA_VERSION,
        "title": title,
        "articles": [_article_data(article) for article in articles],
    }


def build_review_page(
    articles: Iterable[ReviewArticle], *, title: str = "summarizer review"
) -> str:
    """The review page for ``articles`` as one self-contained HTML document."""
    return render_page(REVIEW_SHELL, page_data(articles, title=title), title=title)


def write_review_page(
    path: str | os.PathLike[str],
    articles: Iterable[ReviewArticle],
    *,
    title: str = "summarizer review",
) -> None:
    """Write the review page to ``path`` atomically: readers see the old file or the new one."""
    write_page(path, build_review_page(articles, title=title))


def removed_lines(removed: Iterable[Any]) -> list[dict[str, str]]:
    """Removed lines as the pages show them: ``{"text", "reason"}`` strings.

    Each line may be a mapping (parsed JSON) or the cleaner's own ``RemovedLine``.
    """
    lines = []
    for line in removed:
        if isinstance(line, Mapping):
            text, reason = line.get("text", ""), line.get("reason", "")
        else:
            text, reason = getattr(line, "text", ""), getattr(line, "reason", "")
        lines.append({"text": str(text), "reason": str(reason)})
    return lines


def _article_data(article: ReviewArticle) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "record": article.record,
        "text": article.text,
        "removed": removed_lines(article.removed),
    }
    if article.gold is not None:
        entry["gold"] = article.gold
    matches = text_matches(article.record, article.text)
    if matches is not None:
        entry["textMatchesId"] = matches
    return entry

"""Assemble the review page: the packaged HTML shell, CSS and JS, and one JSON data blob.

Everything from a record or an article is untrusted. It reaches the page only inside the
JSON blob (escaped so it cannot close its ``<script>`` element) and the page script puts it
into the DOM as text, never as markup. The Content-Security-Policy allows exactly the two
inline assets by hash and nothing else, so even an injection that slipped through could
neither run nor reach the network.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

DATA_ELEMENT_ID = "review-data"
DATA_VERSION = 1

# Inside <script>, "</script" or "<!--" would end or confuse the element, and U+2028/2029 are
# line breaks to older JS parsers; as \u escapes they are the same JSON string. (ensure_ascii
# already escapes the last two; str.replace is some thirty times faster than str.translate.)
_JSON_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))


@dataclass(frozen=True)
class ReviewArticle:
    """One article for the review page: its record and, if known, the text its spans index."""

    record: Mapping[str, Any]  # a SummaryRecord as JSON (model_dump(mode="json") or a JSONL line)
    text: str | None = None  # the cleaned text; None when it is not available
    removed: Sequence[Mapping[str, str]] = ()  # [{"text", "reason"}] lines the cleaner removed
    gold: Mapping[str, Any] | None = None  # reserved for the eval report; carried, not shown


def embed_json(value: Any) -> str:
    """``value`` as JSON that stays inert inside ``<script type="application/json">``."""
    # ensure_ascii keeps lone surrogates (possible in a parsed JSONL line) writable as UTF-8;
    # allow_nan=False because JSON.parse rejects NaN and the whole page would go blank.
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    for char, escape in _JSON_ESCAPES:
        text = text.replace(char, escape)
    return text


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
    css = _asset("review.css")
    js = _asset("review.js")
    blob = embed_json(page_data(articles, title=title))
    policy = "; ".join(
        [
            "default-src 'none'",
            f"script-src '{_sha256(js)}'",
            f"style-src '{_sha256(css)}'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    # The CSS and JS go in verbatim, so that the hashes above match what the browser hashes.
    return Template(_asset("review.html")).substitute(
        policy=policy,  # made of constants and base64 only: nothing to escape
        title=html.escape(title),
        css=css,
        data_id=DATA_ELEMENT_ID,
        blob=blob,
        js=js,
    )


def write_review_page(
    path: str | os.PathLike[str],
    articles: Iterable[ReviewArticle],
    *,
    title: str = "summarizer review",
) -> None:
    """Write the review page to ``path`` atomically: readers see the old file or the new one."""
    target = Path(path)
    page = build_review_page(articles, title=title)
    # In the target's folder, so the rename stays on one file system. Not mkstemp: its files
    # are private (0600), and a page is an ordinary document whose mode the umask decides.
    temp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(page)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _article_data(article: ReviewArticle) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "record": article.record,
        "text": article.text,
        "removed": [
            {"text": str(line.get("text", "")), "reason": str(line.get("reason", ""))}
            for line in article.removed
        ],
    }
    if article.gold is not None:
        entry["gold"] = article.gold
    record_id = article.record.get("id")
    if article.text is not None and isinstance(record_id, str) and record_id:
        # The id is the SHA-256 of the cleaned text: a mismatch means the spans point into
        # some other text, and the page warns that its highlights may be off.
        digest = hashlib.sha256(article.text.encode("utf-8", "surrogatepass")).hexdigest()
        entry["textMatchesId"] = digest == record_id
    return entry


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _sha256(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")

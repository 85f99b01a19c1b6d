"""Self-contained HTML pages for people: the evidence review page and the eval report.

Both are one file each (inline CSS and JS, the data as one JSON blob), open from disk,
load nothing from the network (their Content-Security-Policy forbids it), and build only
the selected entry's detail, so that a thousand records open in about a second.

- ``page``: the review page of records, from plain data (records as JSON, the cleaned
  text, the removed lines) handed over as ``ReviewArticle`` values::

      from dataclasses import asdict
      from summarizer import clean_article, read_article, summarize
      from summarizer.review import ReviewArticle, write_review_page

      record = summarize(path)
      cleaned = clean_article(read_article(path))
      article = ReviewArticle(
          record.model_dump(mode="json"), cleaned.text, [asdict(r) for r in cleaned.removed]
      )
      write_review_page("review.html", [article])

- ``sources``: the same from a records file (``summarizer view``): each record's source
  is read again and cleaned, and its text used when it is the one the record was made from;
- ``report``: the eval report (``summarizer eval --html``), from the report's plain data;
- ``shell``: what the pages share (the HTML shell, the policy, the blob, atomic writing).
"""

from summarizer.review.page import (
    ReviewArticle,
    build_review_page,
    page_data,
    removed_lines,
    write_review_page,
)
from summarizer.review.report import build_report_page, write_report_page
from summarizer.review.shell import embed_json, text_matches
from summarizer.review.sources import RecordsError, load_records, review_articles

__all__ = [
    "RecordsError",
    "ReviewArticle",
    "build_report_page",
    "build_review_page",
    "embed_json",
    "load_records",
    "page_data",
    "removed_lines",
    "review_articles",
    "text_matches",
    "write_report_page",
    "write_review_page",
]

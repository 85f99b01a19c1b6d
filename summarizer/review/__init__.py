"""The evidence review page: one self-contained HTML file showing records and their evidence.

It works on plain data (records as JSON, the cleaned text, the removed lines), so it needs
nothing from the cleaner, the providers or the pipeline; callers gather those and hand them
over as ``ReviewArticle`` values::

    from dataclasses import asdict
    from summarizer import clean_article, read_article, summarize
    from summarizer.review import ReviewArticle, write_review_page

    record = summarize(path)
    cleaned = clean_article(read_article(path))
    article = ReviewArticle(
        record.model_dump(mode="json"), cleaned.text, [asdict(r) for r in cleaned.removed]
    )
    write_review_page("review.html", [article])

The page opens from disk, loads nothing from the network (its Content-Security-Policy
forbids it), and builds only the selected article's detail, so that a thousand records
open in about a second.
"""

from .page import ReviewArticle, build_review_page, embed_json, page_data, write_review_page

__all__ = ["ReviewArticle", "build_review_page", "embed_json", "page_data", "write_review_page"]

"""`summarizer view INPUT -o review.html`: the evidence review page of saved records.

INPUT is a batch file (JSON Lines), one ``summarize --json`` record, or ``-`` for stdin.
``summarize --html`` and ``batch --html`` write the same page through ``write_review``
and ``write_records_review``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from summarizer.cli.exits import EXIT_USAGE, fail, say
from summarizer.errors import SummarizerError

if TYPE_CHECKING:
    from summarizer.review import ReviewArticle

HtmlOpt = Annotated[
    Path | None,
    typer.Option(
        "--html",
        help="Also write the evidence review page (one self-contained HTML file) here.",
        dir_okay=False,
        show_default=False,
    ),
]


def view_command(
    records: Annotated[
        str,
        typer.Argument(
            help="A batch output (JSON Lines), a record from summarize --json, or - for stdin.",
            metavar="INPUT",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="The HTML file to write (one self-contained page; opens from disk).",
            dir_okay=False,
            show_default=False,
        ),
    ],
    title: Annotated[
        str | None, typer.Option(help="The page title (default: from INPUT).", show_default=False)
    ] = None,
) -> None:
    """Write the evidence review page of saved records: every span highlighted in its text."""
    write_records_review(records, output, title=title, strict=True)


def write_records_review(
    records: str | Path, output: Path, *, title: str | None = None, strict: bool = False
) -> None:
    """The review page of a records file; with ``strict``, exit 2 if it holds no records.

    Each record's text is its source read again and cleaned, when that is still the text
    the record was made from (relative to the working directory, else to the records
    file's folder).
    """
    from summarizer.review import load_records, review_articles

    name = str(records)
    try:
        found = load_records(records)
    except SummarizerError as exc:
        if strict:
            fail(exc)
        # batch --html: the batch has already said what went wrong with its output.
        say(f"summarizer: warning: no review page written: {exc}")
        return
    if found.ignored_lines:
        lines = ", ".join(map(str, found.ignored_lines))
        say(f"summarizer: warning: {name}: skipped unfinished line(s) {lines}")
    if found.superseded:
        say(f"summarizer: {found.superseded} older record(s) left out for a newer one of a source")
    folder = None if name == "-" else Path(records).parent
    articles = list(review_articles(found.records, folder))
    shown = "stdin" if name == "-" else Path(name).name
    write_review(output, articles, title=title or f"summarizer review: {shown}")


def write_review(output: Path, articles: Iterable[ReviewArticle], *, title: str) -> None:
    """Write the page (atomically); a file that cannot be written is exit 2."""
    from summarizer.review import write_review_page

    listed = list(articles)
    try:
        write_review_page(output, listed, title=title)
    except OSError as exc:
        say(f"summarizer: error: cannot write {output}: {exc.strerror}")
        raise typer.Exit(EXIT_USAGE) from None
    with_text = sum(1 for article in listed if article.text is not None)
    without = len(listed) - with_text
    note = f"; {without} without their article text (source moved or changed)" if without else ""
    say(f"summarizer: review page of {len(listed)} record(s) written to {output}{note}")


def register(app: typer.Typer) -> None:
    """Add `view` to the app."""
    app.command("view")(view_command)


__all__ = ["HtmlOpt", "register", "view_command", "write_records_review", "write_review"]

"""Records files as review articles: ``summarizer view`` and ``batch --html``.

Records do not carry the cleaned text their spans index into. Each record's ``source``
is read again when it is a readable file (relative to the working directory, else to the
records file's folder) and cleaned by the library; the text is used only when its SHA-256
is the record's id, so that a file edited since never lends its text to old spans.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.cleaning import DEFAULT_MAX_BYTES, clean_article, read_article
from summarizer.errors import InputError, SummarizerError
from summarizer.records import content_id
from summarizer.review.page import ReviewArticle


class RecordsError(InputError):
    """A records file cannot be read as summary records (exit 2)."""


@dataclass
class Records:
    """The records of a file: the newest one per source, in the order sources first came."""

    records: list[dict[str, Any]] = field(default_factory=list)
    superseded: int = 0  # older records of a source that a later one replaced
    ignored_lines: list[int] = field(default_factory=list)  # unfinished writes, skipped


def load_records(path: str | Path) -> Records:
    """A batch file (JSON Lines), one ``--json`` record, or a JSON list of records.

    ``-`` reads stdin. As in batch resume, the newest record of a source wins (a failed
    article retried later shows its retry) and a line cut short by a killed run is
    skipped. Anything else that is not a record is a RecordsError naming the file and line.
    """
    name = str(path)
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(path).read_bytes()
    except FileNotFoundError:
        raise RecordsError("records file not found", source=name) from None
    except OSError as exc:
        raise RecordsError(f"cannot read it: {exc.strerror}", source=name) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RecordsError("not UTF-8 text, so not a records file", source=name) from None
    if not text.strip():
        raise RecordsError("no records in it", source=name)
    found = Records()
    for where, record in _parse(text, name, found):
        if not isinstance(record, dict) or "result" not in record:
            raise RecordsError(f"{where}: not a summary record (a JSON object with 'result')")
        found.records.append(record)
    found.records, found.superseded = _newest_per_source(found.records)
    return found


def _parse(text: str, name: str, found: Records) -> Iterator[tuple[str, Any]]:
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        pass  # several documents: JSON Lines
    else:
        values = whole if isinstance(whole, list) else [whole]
        for number, value in enumerate(values):
            yield (f"{name}: item {number}" if isinstance(whole, list) else name), value
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            if line.lstrip().startswith("{"):
                found.ignored_lines.append(number)  # a record cut short by a killed run
                continue
            raise RecordsError(f"{name}:{number}: not JSON ({exc.msg})") from None
        yield f"{name}:{number}", value


def _newest_per_source(records: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    newest: dict[Any, dict[str, Any]] = {}
    for number, record in enumerate(records):
        source = record.get("source")
        # A dict keeps the place a key first took, and takes the value it was last given.
        newest[source if isinstance(source, str) else number] = record
    return list(newest.values()), len(records) - len(newest)


def review_articles(
    records: Iterable[dict[str, Any]],
    folder: Path | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[ReviewArticle]:
    """Each record with its cleaned text when its source is still the article it was."""
    for record in records:
        text, removed = source_text(record, folder, max_bytes=max_bytes)
        yield ReviewArticle(record, text, removed)


def source_text(
    record: dict[str, Any], folder: Path | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[str | None, Sequence[Any]]:
    """The cleaned text and removed lines of a record's source, or (None, ()).

    The source is tried as given (relative to the working directory), then relative to
    ``folder`` (the records file's own). A text whose SHA-256 is not the record's id is
    not the one its spans index into, and is not used.
    """
    source, record_id = record.get("source"), record.get("id")
    if not isinstance(source, str) or source in ("", "-") or not isinstance(record_id, str):
        return None, ()
    candidates = [Path(source)]
    if folder is not None and not Path(source).is_absolute():
        candidates.append(folder / source)
    for path in candidates:
        if not path.is_file():
            continue
        try:
            cleaned = clean_article(read_article(path, max_bytes=max_bytes))
        except SummarizerError:
            continue
        if content_id(cleaned.text) == record_id:
            return cleaned.text, cleaned.removed
    return None, ()


__all__ = ["Records", "RecordsError", "load_records", "review_articles", "source_text"]

"""Articles and grounded model answers for the benchmarks, built from the eval fixtures.

Each fixture's ``gold.json`` is a valid ArticleSummary whose evidence is cut from its
article, so it serves as the fake model's answer once the eval-only keys are dropped.
``write_copies`` makes any number of distinct articles (their content ids differ, so batch
mode neither skips nor deduplicates them) by adding one neutral sentence to a fixture.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from summarizer.cleaning import clean_article, decode_article, read_article
from summarizer.evaluation.fixtures import GOLD_ONLY_KEYS, LIST_FIELDS, Fixture, load_fixtures
from summarizer.grounding import grounding_problems
from summarizer.schema import ArticleSummary

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "evals" / "fixtures"
TESTS = ROOT / "tests"
SIGNATURE_CHARS = 100  # the tail of a cleaned article, which tells the fixtures apart

_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)


@dataclass(frozen=True)
class Item:
    """One fixture, ready to serve: where its article is and what the model answers."""

    fixture: Fixture
    signature: str  # found in the user message of any request about this article
    answer: str  # the ArticleSummary JSON the fake model sends back
    text: str  # the cleaned article


def gold_answer(fixture: Fixture) -> dict[str, Any]:
    """The fixture's gold summary as a model would send it (no eval-only keys, no stamp)."""
    data = json.loads((fixture.directory / "gold.json").read_text(encoding="utf-8"))
    data.pop("updated", None)  # the pipeline parses it; the tool schema does not offer it
    for name in LIST_FIELDS:
        for entry in data.get(name, []):
            for key in GOLD_ONLY_KEYS:
                entry.pop(key, None)
    return data


@cache
def _load() -> tuple[tuple[Item, ...], tuple[tuple[str, str], ...]]:
    found, skipped = [], []
    for fixture in load_fixtures(FIXTURES):
        cleaned = clean_article(read_article(fixture.article))
        answer = gold_answer(fixture)
        problems = grounding_problems(ArticleSummary.model_validate(answer), cleaned.text)
        if problems:
            # The fake model would be re-asked, and a benchmark would time re-asks.
            skipped.append((fixture.slug, f"gold answer not grounded: {problems[0][:80]}"))
            continue
        found.append(
            Item(fixture, cleaned.text[-SIGNATURE_CHARS:], json.dumps(answer), cleaned.text)
        )
    signatures = [item.signature for item in found]
    if len(set(signatures)) != len(signatures):
        raise RuntimeError("two fixtures share a signature; raise SIGNATURE_CHARS")
    return tuple(found), tuple(skipped)


def items() -> tuple[Item, ...]:
    """Every fixture whose gold answer is grounded in its cleaned article, with the answer."""
    return _load()[0]


def skipped() -> tuple[tuple[str, str], ...]:
    """(slug, reason) of the fixtures left out of the benchmarks."""
    return _load()[1]


def answers() -> list[tuple[str, str]]:
    """(cleaned text, answer JSON) pairs for the fake server."""
    return [(item.text, item.answer) for item in items()]


def _boundaries(text: str, *, html: bool) -> list[int]:
    """Offsets just after each long paragraph of the body, top first."""
    if html:
        body = max(text.find("<article"), 0)
        return [m.end() for m in _PARAGRAPH.finditer(text, body) if len(m.group(1)) > 150]
    offsets, position = [], 0
    for paragraph in text.split("\n\n"):
        position += len(paragraph)
        if len(paragraph) > 150:
            offsets.append(position)
        position += 2
    return offsets


def _with_line(text: str, at: int, number: int, *, html: bool) -> str:
    line = f"Reference copy {number} of this report was filed for the archive."
    return f"{text[:at]}\n<p>{line}</p>{text[at:]}" if html else f"{text[:at]}\n\n{line}{text[at:]}"


def _grounded_in(item: Item, data: str) -> str | None:
    """The cleaned text of ``data`` if ``item``'s answer is grounded in it, else None."""
    text = clean_article(decode_article(data.encode("utf-8"), source="copy")).text
    summary = ArticleSummary.model_validate_json(item.answer)
    if text.endswith(item.signature) and not grounding_problems(summary, text):
        return text
    return None


def _fixture(slug: str) -> Fixture:
    return next(i.fixture for i in items() if i.fixture.slug == slug)


@cache
def _insertion_point(slug: str) -> int:
    """The first paragraph end where an added line leaves the answer grounded."""
    item = next(i for i in items() if i.fixture.slug == slug)
    text = item.fixture.article.read_text(encoding="utf-8")
    html = item.fixture.article.suffix == ".html"
    original = _grounded_in(item, text)
    for at in _boundaries(text, html=html):
        changed = _grounded_in(item, _with_line(text, at, 0, html=html))
        if changed is not None and changed != original:
            return at
    raise RuntimeError(f"{slug}: no place to add a line that keeps the answer grounded")


def variant(slug: str, text: str, number: int) -> str:
    """Fixture ``slug``'s article with one neutral sentence numbered ``number`` added.

    The sentence goes between two body paragraphs where no gold excerpt spans the gap,
    so the answer stays grounded and the article's tail (its signature) is untouched,
    while the cleaned text, and so the content id, differs per ``number``.
    """
    html = _fixture(slug).article.suffix == ".html"
    return _with_line(text, _insertion_point(slug), number, html=html)


@dataclass(frozen=True)
class Copy:
    """One generated article file."""

    path: Path
    slug: str
    reference_date: dt.date | None


def copyable() -> list[Fixture]:
    """The fixtures ``variant`` can copy (a body paragraph to add a line after)."""
    found = []
    for item in items():
        try:
            _insertion_point(item.fixture.slug)
        except RuntimeError:
            continue
        found.append(item.fixture)
    return found


def write_copies(directory: Path, count: int) -> list[Copy]:
    """Write ``count`` distinct articles into ``directory``, cycling through the fixtures."""
    directory.mkdir(parents=True, exist_ok=True)
    fixtures = copyable()
    sources = {f.slug: f.article.read_text(encoding="utf-8") for f in fixtures}
    copies = []
    for n in range(count):
        fixture = fixtures[n % len(fixtures)]
        path = directory / f"{n:05d}-{fixture.slug}{fixture.article.suffix}"
        path.write_text(variant(fixture.slug, sources[fixture.slug], n), encoding="utf-8")
        copies.append(Copy(path, fixture.slug, fixture.reference_date))
    return copies


def check_copies(copies: list[Copy]) -> None:
    """Raise unless every copy cleans to a distinct text in which its answer is grounded."""
    by_slug = {item.fixture.slug: item for item in items()}
    texts = set()
    for copy in copies:
        text = _grounded_in(by_slug[copy.slug], copy.path.read_text(encoding="utf-8"))
        if text is None:
            raise RuntimeError(f"{copy.path}: the copy no longer matches its answer")
        texts.add(text)
    if len(texts) != len(copies):
        raise RuntimeError("some copies clean to the same text")


__all__ = [
    "FIXTURES",
    "ROOT",
    "TESTS",
    "Copy",
    "Item",
    "answers",
    "check_copies",
    "copyable",
    "gold_answer",
    "items",
    "skipped",
    "variant",
    "write_copies",
]

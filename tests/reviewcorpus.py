"""Articles for the review page tests, made by running the real library offline.

Every record comes from ``summarizer.summarize`` / ``summarize_text``: the rules provider
for the ordinary ones, and two scripted providers for what rules never produces on its
own: a failed extraction and an answer with an item the pipeline cannot ground (which it
reports as a warning and leaves without a span). Spans are therefore the pipeline's own.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

from summarizer import Settings, summarize, summarize_text
from summarizer.cleaning import CleanedArticle, clean_article, decode_article, read_article
from summarizer.errors import ValidationExhaustedError
from summarizer.providers import Extraction, Provider
from summarizer.providers.rules import RulesProvider
from summarizer.records import SummaryRecord
from summarizer.review import ReviewArticle

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "esta-coalition-rocket-attack.txt"
FIXTURES = ROOT / "evals" / "fixtures"
RULES = Settings(provider="rules")

PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</script>",
)

# Headline, body and quote carry every payload; the emoji puts astral characters before
# the spans, where Python's code point offsets and JavaScript's UTF-16 offsets part ways.
HOSTILE_TEXT = """\
Militants <script>alert(1)</script> storm "><img src=x onerror=alert(1)> checkpoint in Karvo 🙂

KARVO (Wire) — Gunmen attacked a police checkpoint in Karvo on Monday, killing three \
officers 🙂 and wounding at least 12 people, police said.

"We will not be intimidated by </script><script>alert(2)</script> anyone," police \
spokesman Amir Dalo told reporters.

A statement said about 20 people were missing after the attack on the \
<b onmouseover=alert(3)>checkpoint</b>.
"""
HOSTILE_WARNING = 'check </script><script>alert(4)</script> and "><img src=x onerror=alert(5)>'
UNGROUNDED_EVIDENCE = "Eleven shepherds were reported missing near the old well"


class FailingProvider(Provider):
    """A provider whose every answer fails validation, as an exhausted model's would."""

    name = "scripted"
    model = "scripted-model"
    prompt_version = "scripted-1"

    def extract(self, article: CleanedArticle, *, reference_date: dt.date | None) -> Extraction:
        raise ValidationExhaustedError(
            "the answer never validated: casualties[0].killed must be a count",
            attempts=3,
            prompt_tokens=2400,
            completion_tokens=610,
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> Provider:
        return cls()


class AmendedRules(Provider):
    """The rules provider's answer plus extra warnings and one casualty not in the text."""

    name = "scripted"
    model = "rules-amended"
    prompt_version = "scripted-1"

    def __init__(self, *, warnings: tuple[str, ...] = (), ungrounded: bool = False) -> None:
        self.rules = RulesProvider()
        self.warnings = warnings
        self.ungrounded = ungrounded

    def extract(self, article: CleanedArticle, *, reference_date: dt.date | None) -> Extraction:
        extraction = self.rules.extract(article, reference_date=reference_date)
        summary = extraction.summary
        if self.ungrounded:
            data = summary.model_dump(mode="json")
            data["casualties"].append(
                {
                    "group": "shepherds",
                    "missing": {"value": 11, "precision": "exact"},
                    "evidence": UNGROUNDED_EVIDENCE,
                }
            )
            summary = type(summary).model_validate(data)
        return Extraction(summary, extraction.usage, [*extraction.warnings, *self.warnings])

    @classmethod
    def from_settings(cls, settings: Settings) -> Provider:
        return cls()


def _review(record: SummaryRecord, cleaned: CleanedArticle, *, text: bool = True) -> ReviewArticle:
    return ReviewArticle(
        record=record.model_dump(mode="json"),
        text=cleaned.text if text else None,
        removed=[{"text": line.text, "reason": line.reason} for line in cleaned.removed],
    )


def _fixture(slug: str) -> tuple[Path, dt.date]:
    folder = FIXTURES / slug
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    article = next(folder.glob("article.*"))
    return article, dt.date.fromisoformat(meta["reference_date"])


def seed_article() -> ReviewArticle:
    """The seed, summarized by the rules provider, with its cleaned text and removed lines."""
    record = summarize(SEED, reference_date=dt.date(2021, 6, 28), settings=RULES)
    return _review(record, clean_article(read_article(SEED)))


def warned_article() -> ReviewArticle:
    """A fixture's record as versions before partial records wrote it: one casualty the
    pipeline could not find in the text, kept without a span, and its warning (today's
    pipeline drops such an item; a batch file from then still holds it)."""
    path, reference = _fixture("el-bireika-clashes-vague-counts")
    data = summarize(path, reference_date=reference, settings=RULES).model_dump(mode="json")
    index = len(data["result"]["casualties"])
    missing = {"value": 11, "precision": "exact"}
    data["result"]["casualties"].append(
        {"group": "shepherds", "missing": missing, "evidence": UNGROUNDED_EVIDENCE}
    )
    data["warnings"].append(
        f'ungrounded: casualties[{index}].evidence "{UNGROUNDED_EVIDENCE}" is not in the article'
    )
    return _review(SummaryRecord.model_validate(data), clean_article(read_article(path)))


def failed_article() -> ReviewArticle:
    """A fixture whose extraction failed: an error record, text available."""
    path, reference = _fixture("tindoula-roadside-bomb")
    record = summarize(path, reference_date=reference, provider=FailingProvider())
    return _review(record, clean_article(read_article(path)))


def textless_article() -> ReviewArticle:
    """An ordinary rules record whose cleaned text the caller does not have."""
    path, reference = _fixture("tel-azra-market-shelling")
    record = summarize(path, reference_date=reference, settings=RULES)
    return _review(record, clean_article(read_article(path)), text=False)


def hostile_article() -> ReviewArticle:
    """Markup and script payloads in the headline, text, summary, quote and a warning."""
    provider = AmendedRules(warnings=(HOSTILE_WARNING,))
    record = summarize_text(
        HOSTILE_TEXT,
        source='hostile "><img src=x>.txt',
        reference_date=dt.date(2024, 5, 6),
        provider=provider,
    )
    cleaned = clean_article(decode_article(HOSTILE_TEXT.encode("utf-8"), source="hostile"))
    return _review(record, cleaned)


@cache
def corpus() -> tuple[ReviewArticle, ...]:
    """Seed, warned, failed, text-less and hostile articles, in that order."""
    return (
        seed_article(),
        warned_article(),
        failed_article(),
        textless_article(),
        hostile_article(),
    )


def located(article: ReviewArticle, kind: str) -> list[tuple[int, dict[str, Any]]]:
    """(index, item) of the items of ``kind`` ("events", ...) that have a span."""
    result = article.record["result"] or {}
    return [(i, item) for i, item in enumerate(result[kind]) if item["evidence_span"]]

"""The ``rules`` provider: a deterministic offline extractor, no model.

It is the embedded default (no key or base URL configured) and the baseline every model
must beat in evals. Lead sentences make the summary; the rules, which are data
(``data/*.toml``: word classes, trigger lexicons, patterns with their guards and
priorities, channel cues) run by one small matching engine (``engine.py``), find events,
casualty figures and attributions. Every evidence is cut verbatim from the cleaned text,
and text that addresses a model ("ignore previous instructions ...") is skipped whole.

Layout, in the order the work flows: ``sentences`` (linear splitting, headline, dateline,
injected spans), ``names``, ``speakers`` and ``attributions`` (who said what), ``mentions``,
``events`` and ``parties`` (incidents and who took part), ``figures`` and ``casualties``
(tolls), ``phrases`` (noun phrases and places).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from summarizer.cleaning import CleanedArticle
from summarizer.config import Settings
from summarizer.errors import ExtractionError
from summarizer.providers.base import Extraction, Provider
from summarizer.providers.rules.attributions import build_attributions
from summarizer.providers.rules.casualties import build_casualties
from summarizer.providers.rules.events import build_events
from summarizer.providers.rules.sentences import Sentence, sentences
from summarizer.records import Usage
from summarizer.schema import SUMMARY_MAX_WORDS, ArticleSummary

SUMMARY_SENTENCES = (2, 4)
# A third or fourth sentence only while the summary stays this short: a lead of two
# sentences says what happened, and a summary padded to the limit says less per word.
SUMMARY_TARGET_WORDS = 50


def rules_version(*directories: Path) -> str:
    """A hash of every file of the rules (code and data) under ``directories``.

    Any change to the rules changes the version, so eval baselines and cached answers
    can tell them apart.
    """
    digest = hashlib.sha256()
    for directory in directories:
        for path in sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix != ".pyc"):
            digest.update(f"{directory.name}/{path.relative_to(directory).as_posix()}".encode())
            digest.update(path.read_bytes())
    return "rules-" + digest.hexdigest()[:12]


# The rules read dates, numbers, datelines and names through summarizer.language, so a
# change there is a change to the rules.
RULES_DIRECTORIES = (Path(__file__).parent, Path(__file__).parents[2] / "language")
RULES_VERSION = rules_version(*RULES_DIRECTORIES)


def lead_summary(sents: list[Sentence]) -> str:
    """The lead sentences after the dateline: two of them within 90 words, and a third or a
    fourth while the summary stays within 50."""
    body = [s for s in sents if not s.headline and not s.injected]
    chosen: list[str] = []
    total = 0
    for sentence in body:
        text = sentence.text.strip()
        count = len(text.split())
        limit = SUMMARY_MAX_WORDS if len(chosen) < SUMMARY_SENTENCES[0] else SUMMARY_TARGET_WORDS
        if len(chosen) >= SUMMARY_SENTENCES[1] or total + count > limit:
            break
        chosen.append(text)
        total += count
    if not chosen and body:
        # A first sentence longer than the limit: keep its first words.
        chosen = [" ".join(body[0].text.split()[: SUMMARY_MAX_WORDS - 1]).rstrip(",;:") + " …"]
    if not chosen:
        headline = [s.text for s in sents if s.headline]
        chosen = headline[:1] or ["(no text)"]
    return " ".join(chosen)


class RulesProvider(Provider):
    """Deterministic extraction by rules: same input, same output, no network."""

    name = "rules"
    # Rerunning the rules takes milliseconds, less than reading a cached answer back.
    cacheable = False
    cpu_bound = True

    def __init__(self) -> None:
        self.prompt_version = RULES_VERSION

    @classmethod
    def from_settings(cls, settings: Settings) -> RulesProvider:
        return cls()

    def extract(self, article: CleanedArticle, *, reference_date: dt.date | None) -> Extraction:
        """Extract a summary of ``article`` (dates resolved against ``reference_date``)."""
        try:
            return self._extract(article, reference_date)
        except ValueError as exc:  # a rule produced something the schema refuses
            raise ExtractionError(f"rules provider produced an invalid summary: {exc}") from exc

    async def aextract(
        self, article: CleanedArticle, *, reference_date: dt.date | None
    ) -> Extraction:
        """The same as ``extract``: rules take milliseconds, less than a thread hand-off."""
        return self.extract(article, reference_date=reference_date)

    def _extract(self, article: CleanedArticle, ref: dt.date | None) -> Extraction:
        sents = sentences(article)
        warnings = []
        injected = [s for s in sents if s.injected]
        if injected:
            warnings.append(
                f"rules: skipped {len(injected)} sentence(s) of text that addresses a model "
                "(possible prompt injection)"
            )
        attributions, reporters = build_attributions(article, sents)
        events = build_events(article.text, sents, ref, frozenset(reporters))
        casualties = build_casualties(article.text, sents, events, reporters)
        title = article.title or next((s.text for s in sents if s.headline), None)
        summary = ArticleSummary(
            title=title,
            summary=lead_summary(sents),
            events=events.events,
            casualties=casualties,
            attributions=attributions,
        )
        return Extraction(summary=summary, usage=Usage(), warnings=warnings)


def summary_of(article: CleanedArticle) -> str:
    """The rules' summary of a cleaned article: its lead sentences."""
    return lead_summary(sentences(article))


__all__ = [
    "RULES_DIRECTORIES",
    "RULES_VERSION",
    "RulesProvider",
    "lead_summary",
    "rules_version",
    "summary_of",
]

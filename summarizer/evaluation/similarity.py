"""How alike a predicted list item is to a gold one, in [0, 1], per list field.

Each similarity mixes fuzzy text agreement on the item's naming fields (rapidfuzz), an
agreement on its category (kind, channel, counts) and the overlap of the two evidence
excerpts. Evidence is verbatim article text, so two items quoting the same sentence are
near-certainly the same item, while two sentences of one article still share many words:
the overlap is rescaled so that only a substantial one counts.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz, utils

from summarizer.schema import Attribution, Casualty, Count, Event

# Matching thresholds per list field: pairs below them are not matched at all.
THRESHOLDS = {"events": 0.55, "casualties": 0.55, "attributions": 0.55}

_EVIDENCE_FLOOR = 0.5  # token-set agreement that two unrelated sentences of one article reach
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Case-folded text with quotes, dashes and whitespace unified."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip().casefold()


def text_similarity(a: str | None, b: str | None) -> float:
    """Fuzzy agreement of two short texts (word order and subsets tolerated), in [0, 1]."""
    if not a or not b:
        return 1.0 if not a and not b else 0.0
    return fuzz.token_set_ratio(a, b, processor=utils.default_process) / 100


def evidence_overlap(a: str, b: str) -> float:
    """1.0 when one excerpt contains the other, falling to 0 for unrelated sentences."""
    raw = text_similarity(a, b)
    return max(0.0, (raw - _EVIDENCE_FLOOR) / (1 - _EVIDENCE_FLOOR))


def _agree(a: object, b: object) -> float:
    return 1.0 if a == b else 0.0


def _count_value(count: Count | None) -> int | None:
    return None if count is None else count.value


def count_agreement(gold: Casualty, pred: Casualty) -> float:
    """Share of the stated counts (killed, injured, missing) whose values agree."""
    fields = [
        (_count_value(getattr(gold, name)), _count_value(getattr(pred, name)))
        for name in ("killed", "injured", "missing")
    ]
    stated = [(g, p) for g, p in fields if g is not None or p is not None]
    if not stated:
        return 1.0
    return sum(1 for g, p in stated if g == p) / len(stated)


def event_similarity(gold: Event, pred: Event) -> float:
    """Description, kind and evidence."""
    return (
        0.45 * text_similarity(gold.description, pred.description)
        + 0.20 * _agree(gold.kind, pred.kind)
        + 0.35 * evidence_overlap(gold.evidence, pred.evidence)
    )


def casualty_similarity(gold: Casualty, pred: Casualty) -> float:
    """Group, counts and evidence."""
    # Equal counts are weak evidence of identity ("3 militants" vs "3 civilians"), and a
    # wrong count on the right group is scored within the pair, so counts weigh least.
    return (
        0.40 * text_similarity(gold.group, pred.group)
        + 0.20 * count_agreement(gold, pred)
        + 0.40 * evidence_overlap(gold.evidence, pred.evidence)
    )


def attribution_similarity(gold: Attribution, pred: Attribution) -> float:
    """Speaker, claim, channel and evidence."""
    # One speaker often makes several claims, so the claim and its sentence decide.
    return (
        0.20 * text_similarity(gold.speaker, pred.speaker)
        + 0.35 * text_similarity(gold.claim, pred.claim)
        + 0.05 * _agree(gold.channel, pred.channel)
        + 0.40 * evidence_overlap(gold.evidence, pred.evidence)
    )


__all__ = [
    "THRESHOLDS",
    "attribution_similarity",
    "casualty_similarity",
    "count_agreement",
    "event_similarity",
    "evidence_overlap",
    "normalize",
    "text_similarity",
]

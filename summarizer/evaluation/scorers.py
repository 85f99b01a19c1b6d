"""Score one prediction against one gold summary: one small function per field."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from summarizer.evaluation.fixtures import Gold
from summarizer.evaluation.matching import Matching, Pair, match
from summarizer.evaluation.rouge import rouge_l
from summarizer.evaluation.similarity import (
    THRESHOLDS,
    attribution_similarity,
    casualty_similarity,
    event_similarity,
    normalize,
    text_similarity,
)
from summarizer.schema import ArticleSummary, Attribution, Casualty, Event, UpdateStamp

T = TypeVar("T", Event, Casualty, Attribution)

STAMP_FIELDS = tuple(UpdateStamp.model_fields)  # text, time, weekday, date, ...
_QUOTE_EDGES = " \"'.,;:!?-"
NAME_AGREEMENT = 0.8  # fuzzy agreement at which two names are the same group or speaker


@dataclass
class Tally:
    """Right answers out of those asked; ``accuracy`` is None when nothing was asked."""

    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> bool:
        self.correct += int(ok)
        self.total += 1
        return ok

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None


@dataclass
class ListScore:
    """One list field of one article: the matching, and accuracies within matched pairs."""

    matching: Matching
    attributes: dict[str, Tally]
    matches: list[dict[str, Any]] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)
    spurious: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class UpdatedScore:
    tally: Tally
    fields: dict[str, bool]


@dataclass
class GroundingScore:
    grounded: int
    total: int

    @property
    def rate(self) -> float | None:
        return self.grounded / self.total if self.total else None


@dataclass
class FixtureScore:
    """Everything scored for one fixture."""

    events: ListScore
    casualties: ListScore
    attributions: ListScore
    updated: UpdatedScore
    rouge_l: float
    grounding: GroundingScore
    error: str | None = None


# -- list fields -----------------------------------------------------------------------


def _score_list(
    gold: Sequence[T],
    pred: Sequence[T],
    optional: Sequence[bool],
    similarity: Callable[[T, T], float],
    threshold: float,
    label: Callable[[T], str],
    judge: Callable[[T, T, dict[str, Tally]], dict[str, bool]],
    attributes: Sequence[str],
) -> ListScore:
    matching = match(gold, pred, similarity, threshold, optional)
    tallies = {name: Tally() for name in attributes}
    score = ListScore(matching=matching, attributes=tallies)
    for pair in matching.pairs:
        # Optional gold items give no credit and no penalty, so their pairs are not judged.
        outcome = {} if pair.optional else judge(gold[pair.gold], pred[pair.pred], tallies)
        score.matches.append(_pair_detail(pair, label(gold[pair.gold]), label(pred[pair.pred])))
        score.matches[-1].update(outcome)
    score.missed = [
        {"gold": i, "label": label(gold[i]), "optional": i in matching.optional_gold}
        for i in matching.unmatched_gold
    ]
    score.spurious = [{"pred": j, "label": label(pred[j])} for j in matching.unmatched_pred]
    return score


def _pair_detail(pair: Pair, gold_label: str, pred_label: str) -> dict[str, Any]:
    return {
        "gold": pair.gold,
        "pred": pair.pred,
        "similarity": pair.similarity,
        "optional": pair.optional,
        "gold_label": gold_label,
        "pred_label": pred_label,
    }


def _judge_event(gold: Event, pred: Event, t: dict[str, Tally]) -> dict[str, bool]:
    return {
        "kind": t["kind"].add(gold.kind == pred.kind),
        # A null date is a right answer when the article does not let one resolve it.
        "date": t["date"].add(gold.date == pred.date),
    }


def same_name(gold: str | None, pred: str | None) -> bool:
    """Whether a predicted name (group, speaker) is the gold one, allowing for wording."""
    return gold is not None and pred is not None and text_similarity(gold, pred) >= NAME_AGREEMENT


def _judge_casualty(gold: Casualty, pred: Casualty, t: dict[str, Tally]) -> dict[str, bool]:
    outcome = {"group": t["group"].add(same_name(gold.group, pred.group))}
    for name in ("killed", "injured", "missing"):
        g, p = getattr(gold, name), getattr(pred, name)
        if g is None and p is None:
            continue  # neither states it: nothing to score
        value_ok = g is not None and p is not None and g.value == p.value
        outcome[f"{name}_value"] = t["count_value"].add(value_ok)
        if g is not None and p is not None:
            outcome[f"{name}_precision"] = t["count_precision"].add(g.precision == p.precision)
    return outcome


def quote_text(quote: str | None) -> str | None:
    """A quote normalised for comparison: case, quote marks, dashes, edge punctuation."""
    if quote is None:
        return None
    return normalize(quote).strip(_QUOTE_EDGES) or None


def _judge_attribution(
    gold: Attribution, pred: Attribution, t: dict[str, Tally]
) -> dict[str, bool]:
    # A speaker may be named by role ("the principal") where gold names the person.
    speaker = same_name(gold.speaker, pred.speaker) or same_name(gold.affiliation, pred.speaker)
    return {
        "speaker": t["speaker"].add(speaker),
        "channel": t["channel"].add(gold.channel == pred.channel),
        "quote": t["quote"].add(quote_text(gold.quote) == quote_text(pred.quote)),
    }


def score_events(gold: Gold, pred: Sequence[Event]) -> ListScore:
    """Events matched on description, kind and evidence; then kind and date accuracy."""
    return _score_list(
        gold.summary.events,
        pred,
        gold.optional_flags("events"),
        event_similarity,
        THRESHOLDS["events"],
        lambda e: e.description,
        _judge_event,
        ("kind", "date"),
    )


def score_casualties(gold: Gold, pred: Sequence[Casualty]) -> ListScore:
    """Casualties matched on group, counts and evidence; then group, count value, precision."""
    return _score_list(
        gold.summary.casualties,
        pred,
        gold.optional_flags("casualties"),
        casualty_similarity,
        THRESHOLDS["casualties"],
        lambda c: c.group,
        _judge_casualty,
        ("group", "count_value", "count_precision"),
    )


def score_attributions(gold: Gold, pred: Sequence[Attribution]) -> ListScore:
    """Attributions matched on speaker, claim, channel, evidence; then speaker, channel, quote."""
    return _score_list(
        gold.summary.attributions,
        pred,
        gold.optional_flags("attributions"),
        attribution_similarity,
        THRESHOLDS["attributions"],
        lambda a: f"{a.speaker}: {a.claim}",
        _judge_attribution,
        ("speaker", "channel", "quote"),
    )


# -- the rest --------------------------------------------------------------------------


def score_updated(gold: UpdateStamp | None, pred: UpdateStamp | None) -> UpdatedScore:
    """Field by field over the UpdateStamp; null equals null, a missing stamp misses all."""
    fields: dict[str, bool] = {}
    for name in STAMP_FIELDS:
        if gold is None or pred is None:
            # No stamp on both sides is right in every field; on one side, wrong in every one.
            fields[name] = gold is None and pred is None
            continue
        g, p = getattr(gold, name), getattr(pred, name)
        if name == "text" and g is not None and p is not None:
            g, p = normalize(g), normalize(p)
        fields[name] = g == p
    return UpdatedScore(Tally(sum(fields.values()), len(fields)), fields)


def score_summary(gold: str, pred: str | None) -> float:
    """ROUGE-L F1 of the predicted summary against the gold one (0 when there is none)."""
    if not pred or not pred.strip():
        return 0.0
    return rouge_l(gold, pred)


def score_grounding(pred: ArticleSummary | None) -> GroundingScore:
    """How many predicted items had their evidence found in the text (a span was set)."""
    if pred is None:
        return GroundingScore(0, 0)
    items = [*pred.events, *pred.casualties, *pred.attributions]
    return GroundingScore(sum(1 for i in items if i.evidence_span is not None), len(items))


def score_fixture(
    gold: Gold, pred: ArticleSummary | None, error: str | None = None
) -> FixtureScore:
    """Score one prediction (None when extraction failed: everything is missed)."""
    return FixtureScore(
        events=score_events(gold, pred.events if pred else []),
        casualties=score_casualties(gold, pred.casualties if pred else []),
        attributions=score_attributions(gold, pred.attributions if pred else []),
        updated=score_updated(gold.summary.updated, pred.updated if pred else None),
        rouge_l=score_summary(gold.summary.summary, pred.summary if pred else None),
        grounding=score_grounding(pred),
        error=error,
    )


__all__ = [
    "FixtureScore",
    "GroundingScore",
    "ListScore",
    "Tally",
    "UpdatedScore",
    "quote_text",
    "score_attributions",
    "score_casualties",
    "score_events",
    "score_fixture",
    "score_grounding",
    "score_summary",
    "score_updated",
]

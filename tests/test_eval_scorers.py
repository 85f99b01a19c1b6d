"""The eval scorers against hand-computed values."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from summarizer.evaluation.baseline import compare
from summarizer.evaluation.fixtures import FixtureError, Gold, load_fixtures, load_gold
from summarizer.evaluation.matching import assign, match, prf
from summarizer.evaluation.report import build_report, combine_runs
from summarizer.evaluation.scorers import (
    score_attributions,
    score_casualties,
    score_events,
    score_fixture,
    score_grounding,
    score_summary,
    score_updated,
)
from summarizer.schema import ArticleSummary, Attribution, Casualty, Event, UpdateStamp

DATA = Path(__file__).parent / "data" / "eval" / "fixtures"


@pytest.fixture(scope="module")
def golds() -> dict[str, Gold]:
    return {f.slug: f.gold for f in load_fixtures(DATA)}


def _copy(summary: ArticleSummary, **changes: Any) -> ArticleSummary:
    return summary.model_copy(update=changes)


# -- precision / recall / F1 -----------------------------------------------------------


@pytest.mark.parametrize(
    ("tp", "fp", "fn", "expected"),
    [
        (0, 0, 0, (1.0, 1.0, 1.0)),  # nothing to find, nothing found
        (0, 2, 0, (0.0, 0.0, 0.0)),  # nothing to find, two found
        (0, 0, 3, (0.0, 0.0, 0.0)),  # three to find, none found
        (2, 1, 1, (2 / 3, 2 / 3, 2 / 3)),
        (3, 1, 0, (0.75, 1.0, 6 / 7)),
    ],
)
def test_prf(tp: int, fp: int, fn: int, expected: tuple[float, float, float]) -> None:
    assert prf(tp, fp, fn) == pytest.approx(expected)


# -- matching --------------------------------------------------------------------------


def _greedy(matrix: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    """Best remaining pair first: the strategy optimal assignment must beat."""
    pairs, used_g, used_p = [], set(), set()
    cells = sorted(np.ndindex(matrix.shape), key=lambda c: -matrix[c])
    for g, p in cells:
        if g not in used_g and p not in used_p and matrix[g, p] >= threshold:
            pairs.append((g, p))
            used_g.add(g)
            used_p.add(p)
    return sorted(pairs)


def test_optimal_assignment_beats_greedy() -> None:
    # Gold 0 likes both predictions; gold 1 only likes prediction 0. Greedy takes the
    # single best cell (0, 0) and leaves gold 1 unmatched; the optimum pairs both.
    sims = np.array([[0.9, 0.8], [0.85, 0.1]])
    assert _greedy(sims, 0.5) == [(0, 0)]
    assert [(g, p) for g, p, _ in assign(sims, 0.5)] == [(0, 1), (1, 0)]

    table = {("g0", "p0"): 0.9, ("g0", "p1"): 0.8, ("g1", "p0"): 0.85, ("g1", "p1"): 0.1}
    m = match(["g0", "g1"], ["p0", "p1"], lambda g, p: table[g, p], 0.5)
    assert (m.tp, m.fp, m.fn) == (2, 0, 0)


def test_assignment_ignores_pairs_below_threshold() -> None:
    # Over raw similarities the optimum is (0,1)+(1,0) = 1.05, and dropping the
    # below-threshold (1,0) afterwards would leave the weaker pair (0,1). Worthless cells
    # must not steer the assignment: the best real match is (0,0).
    sims = np.array([[0.7, 0.6], [0.45, 0.0]])
    assert [(g, p) for g, p, _ in assign(sims, 0.5)] == [(0, 0)]
    assert assign(np.zeros((0, 3)), 0.5) == []


def test_optional_gold_gives_no_credit_and_no_penalty() -> None:
    same = {("a", "a"): 1.0, ("b", "b"): 1.0}

    def sim(g: str, p: str) -> float:
        return same.get((g, p), 0.0)

    both = match(["a", "b"], ["a", "b"], sim, 0.5, optional=[False, True])
    assert (both.tp, both.fp, both.fn) == (1, 0, 0)
    only_optional = match(["a", "b"], ["b"], sim, 0.5, optional=[False, True])
    assert (only_optional.tp, only_optional.fp, only_optional.fn) == (0, 0, 1)
    only_required = match(["a", "b"], ["a"], sim, 0.5, optional=[False, True])
    assert (only_required.tp, only_required.fp, only_required.fn) == (1, 0, 0)
    nothing = match(["a", "b"], [], sim, 0.5, optional=[False, True])
    assert (nothing.tp, nothing.fp, nothing.fn) == (0, 0, 1)


def test_optional_item_in_a_fixture(golds: dict[str, Gold]) -> None:
    gold = golds["alpha-rocket-attack"]
    attributions = gold.summary.attributions  # the third, the police source, is optional
    all_three = score_attributions(gold, attributions)
    assert (all_three.matching.tp, all_three.matching.fp, all_three.matching.fn) == (2, 0, 0)
    assert all_three.attributes["channel"].total == 2  # the optional pair is not judged
    without_optional = score_attributions(gold, attributions[:2])
    assert (without_optional.matching.tp, without_optional.matching.fn) == (2, 0)
    only_optional = score_attributions(gold, attributions[2:])
    assert (only_optional.matching.tp, only_optional.matching.fp) == (0, 0)
    assert only_optional.matching.fn == 2


def test_empty_lists(golds: dict[str, Gold]) -> None:
    empty = Gold(ArticleSummary(summary="Nothing happened."))
    none_none = score_events(empty, [])
    assert (none_none.matching.tp, none_none.matching.fp, none_none.matching.fn) == (0, 0, 0)
    spurious = score_events(empty, golds["beta-protest"].summary.events)
    assert (spurious.matching.fp, spurious.matching.fn) == (1, 0)
    assert spurious.spurious[0]["pred"] == 0
    missed = score_events(golds["alpha-rocket-attack"], [])
    assert (missed.matching.tp, missed.matching.fn) == (0, 2)


def test_a_duplicate_prediction_is_a_false_positive(golds: dict[str, Gold]) -> None:
    gold = golds["beta-protest"]
    event = gold.summary.events[0]
    score = score_events(gold, [event, event.model_copy()])
    assert (score.matching.tp, score.matching.fp, score.matching.fn) == (1, 1, 0)


def test_unrelated_prediction_does_not_match(golds: dict[str, Gold]) -> None:
    gold = golds["alpha-rocket-attack"]
    other = golds["beta-protest"].summary.events[0]
    score = score_events(gold, [other])
    assert (score.matching.tp, score.matching.fp, score.matching.fn) == (0, 1, 2)


# -- within matched pairs --------------------------------------------------------------


def test_event_kind_and_date_within_pairs(golds: dict[str, Gold]) -> None:
    gold = golds["alpha-rocket-attack"]
    attack, arrest = gold.summary.events
    pred = [
        attack.model_copy(update={"kind": "attack"}),  # right event, wrong kind
        arrest.model_copy(update={"date": "2024-03-04"}),  # gold date is null
    ]
    score = score_events(gold, pred)
    assert score.matching.tp == 2
    assert (score.attributes["kind"].correct, score.attributes["kind"].total) == (1, 2)
    assert (score.attributes["date"].correct, score.attributes["date"].total) == (1, 2)
    assert score.matches[0]["kind"] is False and score.matches[0]["date"] is True


def test_count_value_and_precision_within_pairs(golds: dict[str, Gold]) -> None:
    gold = golds["alpha-rocket-attack"]  # soldiers: injured 2 exact, killed null
    pred = Casualty.model_validate(
        {
            "group": "two soldiers",
            "killed": {"value": 0, "precision": "exact"},  # gold says nothing: wrong
            "injured": {"value": 2, "precision": "at_least"},  # right value, wrong precision
            "evidence": "wounding two soldiers",
        }
    )
    score = score_casualties(gold, [pred])
    assert score.matching.tp == 1
    value, precision = score.attributes["count_value"], score.attributes["count_precision"]
    assert (value.correct, value.total) == (1, 2)  # missing is null on both sides: not asked
    assert (precision.correct, precision.total) == (0, 1)
    assert score.attributes["group"].correct == 1  # "two soldiers" names the gold "soldiers"
    wrong_group = pred.model_copy(update={"group": "the"})
    assert score_casualties(gold, [wrong_group]).attributes["group"].correct == 0


def test_channel_and_quote_within_pairs(golds: dict[str, Gold]) -> None:
    gold = golds["alpha-rocket-attack"]
    nouri = gold.summary.attributions[1]
    pred = [
        # Curly quotes, case and a trailing comma do not make a different quote.
        nouri.model_copy(update={"quote": "“The base was targeted by three Katyusha rockets,”"}),
        gold.summary.attributions[0].model_copy(update={"channel": "unspecified"}),
    ]
    score = score_attributions(gold, pred)
    assert score.matching.tp == 2
    assert (score.attributes["quote"].correct, score.attributes["quote"].total) == (2, 2)
    assert (score.attributes["channel"].correct, score.attributes["channel"].total) == (1, 2)
    assert (score.attributes["speaker"].correct, score.attributes["speaker"].total) == (2, 2)
    wrong = nouri.model_copy(update={"quote": "The base was hit by rockets", "speaker": "and"})
    wrong_score = score_attributions(gold, [wrong])
    assert wrong_score.matching.tp == 1  # still the same claim in the same sentence...
    assert wrong_score.attributes["quote"].correct == 0
    assert wrong_score.attributes["speaker"].correct == 0  # ...but not the same speaker
    by_role = nouri.model_copy(update={"speaker": "the ministry spokesman"})
    assert score_attributions(gold, [by_role]).attributes["speaker"].correct == 1


# -- summary, updated, grounding -------------------------------------------------------


def test_rouge_l_on_a_known_pair() -> None:
    # LCS of "the cat sat on the mat" / "the cat was on the mat" is 5 of 6 tokens each way.
    assert score_summary("the cat sat on the mat", "the cat was on the mat") == pytest.approx(5 / 6)
    assert score_summary("the cat sat on the mat", "the cat sat on the mat") == 1.0
    assert score_summary("the cat sat on the mat", None) == 0.0


STAMP = UpdateStamp(
    text="This story was updated at 09:10 p.m. (GMT) on Tuesday",
    time="21:10",
    weekday="Tuesday",
    date="2024-03-05",
    timezone="GMT",
    utc_offset="+00:00",
    iso="2024-03-05T21:10:00+00:00",
)


def test_updated_field_by_field() -> None:
    both_null = score_updated(None, None)
    assert (both_null.tally.correct, both_null.tally.total) == (7, 7)
    invented = score_updated(None, STAMP)
    assert (invented.tally.correct, invented.tally.total) == (0, 7)
    missed = score_updated(STAMP, None)
    assert missed.tally.correct == 0
    # No date: date and iso are wrong, the other five right.
    partial = STAMP.model_copy(update={"date": None, "iso": None, "text": "  " + STAMP.text})
    score = score_updated(STAMP, partial)
    assert (score.tally.correct, score.tally.total) == (5, 7)
    assert score.fields["date"] is False and score.fields["text"] is True
    nulls = STAMP.model_copy(update={"utc_offset": None, "iso": None})
    assert score_updated(nulls, nulls).tally.accuracy == 1.0  # null equals null


def test_grounding_rate(golds: dict[str, Gold]) -> None:
    summary = golds["alpha-rocket-attack"].summary
    events = [summary.events[0].model_copy(update={"evidence_span": (10, 40)}), summary.events[1]]
    pred = _copy(summary, events=events, casualties=[], attributions=[])
    score = score_grounding(pred)
    assert (score.grounded, score.total, score.rate) == (1, 2, 0.5)
    assert score_grounding(None).rate is None


def test_failed_extraction_misses_everything(golds: dict[str, Gold]) -> None:
    score = score_fixture(golds["alpha-rocket-attack"], None, "ProviderError: boom")
    assert (score.events.matching.tp, score.events.matching.fn) == (0, 2)
    assert score.attributions.matching.fn == 2  # the optional one is not missed
    assert score.rouge_l == 0.0 and score.error == "ProviderError: boom"


# -- report, repeats, baseline ---------------------------------------------------------


def _report(golds: dict[str, Gold], alpha_events: list[Event]) -> dict[str, Any]:
    alpha, beta = golds["alpha-rocket-attack"], golds["beta-protest"]
    scores = {
        "alpha-rocket-attack": score_fixture(alpha, _copy(alpha.summary, events=alpha_events)),
        "beta-protest": score_fixture(beta, beta.summary),
    }
    return build_report(scores, {"provider": "test"})


def test_totals_are_micro_averaged(golds: dict[str, Gold]) -> None:
    alpha_events = golds["alpha-rocket-attack"].summary.events[:1]  # one of two events
    report = _report(golds, alpha_events)
    alpha = report["fixtures"]["alpha-rocket-attack"]["events"]
    assert (alpha["tp"], alpha["fp"], alpha["fn"], alpha["recall"]) == (1, 0, 1, 0.5)
    totals = report["totals"]["events"]
    # Summed: tp 2, fn 1 -> recall 2/3 (a macro mean of 0.5 and 1.0 would say 0.75).
    assert (totals["tp"], totals["fn"]) == (2, 1)
    assert totals["recall"] == pytest.approx(0.6667)
    assert totals["f1"] == pytest.approx(0.8)
    assert report["totals"]["updated"] == {"accuracy": 1.0, "correct": 14, "total": 14}
    assert report["totals"]["fixtures"] == 2


def test_repeats_give_mean_and_spread(golds: dict[str, Gold]) -> None:
    events = golds["alpha-rocket-attack"].summary.events
    runs = [_report(golds, events[:1]), _report(golds, list(events))]
    combined = combine_runs(runs)
    assert combined["runs"] == 2
    f1s = [r["fixtures"]["alpha-rocket-attack"]["events"]["f1"] for r in runs]
    assert f1s == [pytest.approx(2 / 3, abs=1e-4), 1.0]
    alpha = combined["fixtures"]["alpha-rocket-attack"]["events"]
    assert alpha["f1"] == pytest.approx((2 / 3 + 1) / 2, abs=1e-4)
    spread = combined["spread"]["fixtures"]["alpha-rocket-attack"]["events"]["f1"]
    assert spread == pytest.approx(0.2357, abs=1e-4)  # sample std of 2/3 and 1
    assert combined["spread"]["fixtures"]["beta-protest"]["events"]["f1"] == 0.0
    assert combined["provenance"] == {"provider": "test"}


def test_baseline_comparison_flags_falls_beyond_tolerance(golds: dict[str, Gold]) -> None:
    events = golds["alpha-rocket-attack"].summary.events
    good, worse = _report(golds, list(events)), _report(golds, events[:1])
    assert compare(good, good, 0.02).regressions == []
    assert compare(worse, good, 0.02).regressions != []
    fell = {(d.scope, d.metric) for d in compare(worse, good, 0.02).regressions}
    assert fell == {("totals", "events.f1"), ("alpha-rocket-attack", "events.f1")}
    assert compare(good, worse, 0.02).regressions == []  # an improvement never fails
    assert compare(worse, good, 0.5).regressions == []  # within a generous tolerance


# -- gold files ------------------------------------------------------------------------


EVENT = {"kind": "attack", "description": "d", "evidence": "e"}


def _write_gold(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{not json", "invalid JSON at line 1"),
        ([], "must be a JSON object"),
        ({"summary": "x", "event": []}, "unknown key(s) 'event'"),
        ({"summary": "x", "events": {}}, "events must be a list"),
        ({"summary": "x", "events": [EVENT | {"optinal": 1}]}, "[0]: unknown key(s) 'optinal'"),
        ({"summary": "x", "events": [EVENT | {"optional": "yes"}]}, "[0].optional must be true"),
        ({"summary": "x", "events": [EVENT | {"kind": "bombing"}]}, "events.0.kind"),
    ],
)  # fmt: skip
def test_malformed_gold_names_the_file(tmp_path: Path, data: object, message: str) -> None:
    path = tmp_path / "gold.json"
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        _write_gold(path, data)
    with pytest.raises(FixtureError) as info:
        load_gold(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_gold_notes_are_ignored_and_optional_kept(tmp_path: Path) -> None:
    item = {"speaker": "S", "claim": "c", "channel": "statement", "evidence": "e"}
    path = _write_gold(
        tmp_path / "gold.json",
        {"summary": "x", "attributions": [item, item | {"optional": True, "note": "why"}]},
    )
    gold = load_gold(path)
    assert gold.optional_flags("attributions") == [False, True]
    assert isinstance(gold.summary.attributions[1], Attribution)
    assert gold.optional_flags("events") == []

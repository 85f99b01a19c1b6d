"""Evidence spans and the cross-checks that drive re-asks."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from summarizer.grounding import check, drop_items, find_span, grounding_problems
from summarizer.providers.openai.validation import ARTICLE_TEXT_KEY, GroundedSummary
from summarizer.schema import ArticleSummary

TEXT = (
    "Blast hits market \u2014 no casualties reported\n\n"
    "KABUL (AP) \u2014 A  bomb   exploded near the market on Monday\u2026 officials said.\n\n"
    "\u201cWe are safe,\u201d the mayor said. \u201cThe shops will reopen\n\n"
    "\u201cTomorrow,\u201d he added. Police said four people were wounded and dozens fled.\n"
)


def test_find_span_normalises_whitespace_quotes_dashes_and_ellipses() -> None:
    excerpt = "A bomb exploded near the market on Monday... officials said."
    span = find_span(excerpt, TEXT)
    assert span is not None
    assert TEXT[span[0] : span[1]] == (
        "A  bomb   exploded near the market on Monday\u2026 officials said."
    )
    span = find_span('"We are safe," the mayor said.', TEXT)
    assert span is not None and TEXT[span[0] : span[1]].startswith("\u201cWe are safe")
    span = find_span("Blast hits market - no casualties reported", TEXT)
    assert span == (0, len("Blast hits market \u2014 no casualties reported"))


def test_find_span_tolerates_added_quote_marks_and_final_stop_but_not_other_words() -> None:
    span = find_span('"four people were wounded."', TEXT)
    assert span is not None and TEXT[span[0] : span[1]] == "four people were wounded"
    assert find_span("five people were wounded", TEXT) is None
    assert find_span("   ", TEXT) is None


def _summary(**changes: Any) -> ArticleSummary:
    data: dict[str, Any] = {
        "summary": "A bomb exploded near a market in Kabul; four people were wounded.",
        "events": [
            {
                "kind": "remote_explosive",
                "description": "A bomb exploded near the market.",
                "evidence": "A bomb exploded near the market on Monday",
            }
        ],
        "casualties": [
            {
                "group": "people",
                "injured": {"value": 4},
                "event": 0,
                "evidence": "four people were wounded",
            }
        ],
        "attributions": [
            {
                "speaker": "the mayor",
                "claim": "They are safe.",
                "quote": "We are safe,",
                "channel": "unspecified",
                "evidence": "\u201cWe are safe,\u201d the mayor said.",
            }
        ],
    }
    data.update(changes)
    return ArticleSummary.model_validate(data)


def test_a_grounded_summary_has_no_problems_and_gets_spans() -> None:
    summary = _summary()
    assert summary.casualties[0].evidence_span is None
    assert check(summary, TEXT) == []
    # Checking locates every excerpt once, on the summary itself.
    start, end = summary.casualties[0].evidence_span or (0, 0)
    assert TEXT[start:end] == "four people were wounded"
    assert all(i.evidence_span for i in [*summary.events, *summary.attributions])


def test_an_item_that_already_has_its_span_is_not_searched_again() -> None:
    summary = _summary()
    summary.events[0].evidence_span = (0, 5)
    assert check(summary, TEXT) == []
    assert summary.events[0].evidence_span == (0, 5)


def test_invented_evidence_is_named() -> None:
    summary = _summary(
        events=[{"kind": "attack", "description": "x", "evidence": "Gunmen opened fire at noon"}]
    )
    problems = grounding_problems(summary, TEXT)
    assert len(problems) == 1
    assert problems[0].startswith('events[0].evidence "Gunmen opened fire at noon"')
    assert "not in the article" in problems[0]


@pytest.mark.parametrize(
    ("casualty", "complaint"),
    [
        ({"injured": {"value": 5}, "evidence": "four people were wounded"}, "injured is 5"),
        ({"killed": {"value": 0}, "evidence": "four people were wounded"}, "killed is 0"),
        ({"injured": {"value": 12}, "evidence": "four people were wounded and dozens fled"}, None),
        ({"killed": {"value": 0}, "evidence": "no casualties reported"}, None),
    ],
)
def test_casualty_counts_must_be_supported_by_their_evidence(
    casualty: dict[str, Any], complaint: str | None
) -> None:
    summary = _summary(casualties=[{"group": "people", **casualty}], attributions=[])
    problems = grounding_problems(summary, TEXT)
    if complaint is None:
        assert problems == []
    else:
        assert len(problems) == 1 and complaint in problems[0]


@pytest.mark.parametrize(
    ("evidence", "value", "ok"),
    [
        ("Their driver was taken to hospital with gunshot wounds", 1, True),
        ("Their driver was taken to hospital with gunshot wounds", 2, False),
        ("Three passengers were taken to hospital with gunshot wounds", 1, False),
    ],
)
def test_an_unnumbered_singular_victim_supports_one(evidence: str, value: int, ok: bool) -> None:
    summary = _summary(
        events=[],
        casualties=[{"group": "driver", "injured": {"value": value}, "evidence": evidence}],
        attributions=[],
    )
    assert (grounding_problems(summary, evidence) == []) is ok


@pytest.mark.parametrize(
    "evidence", ["No one was hurt", "Both drivers were unharmed", "There were no injuries"]
)
def test_zero_phrases_support_a_zero(evidence: str) -> None:
    summary = _summary(
        events=[],
        casualties=[{"group": "drivers", "injured": {"value": 0}, "evidence": evidence}],
        attributions=[],
    )
    assert grounding_problems(summary, evidence) == []


def test_event_index_must_exist() -> None:
    summary = _summary().model_copy()
    summary.casualties[0].event = 3
    problems = grounding_problems(summary, TEXT)
    assert any("casualties[0].event is 3" in p for p in problems)


def test_quote_must_stand_in_quotation_marks() -> None:
    inside_unclosed = _summary(
        attributions=[
            {
                "speaker": "the mayor",
                "claim": "Shops reopen.",
                "quote": "The shops will reopen",  # opened, closed only by the paragraph end
                "channel": "unspecified",
                "evidence": "The shops will reopen",
            }
        ]
    )
    assert grounding_problems(inside_unclosed, TEXT) == []
    outside = _summary(
        attributions=[
            {
                "speaker": "Police",
                "claim": "Four were wounded.",
                "quote": "four people were wounded",
                "channel": "unspecified",
                "evidence": "Police said four people were wounded",
            }
        ]
    )
    problems = grounding_problems(outside, TEXT)
    assert len(problems) == 1 and "not inside quotation marks" in problems[0]
    invented = _summary(
        attributions=[
            {
                "speaker": "the mayor",
                "claim": "x",
                "quote": "We will rebuild",
                "channel": "unspecified",
                "evidence": "the mayor said",
            }
        ]
    )
    problems = grounding_problems(invented, TEXT)
    assert len(problems) == 1 and '.quote "We will rebuild" is not in the article' in problems[0]


def test_grounded_summary_validates_through_the_validation_context() -> None:
    data = _summary().model_dump()
    data["events"][0]["evidence"] = "Gunmen opened fire at noon"
    data["updated"] = {"text": "made up by a model"}
    with pytest.raises(ValidationError, match="Gunmen opened fire"):
        GroundedSummary.model_validate(data, context={ARTICLE_TEXT_KEY: TEXT})
    # Without an article there is nothing to check against; the model's "updated" is dropped.
    loose = GroundedSummary.model_validate(data)
    assert loose.updated is None
    plain = loose.to_summary()
    assert type(plain) is ArticleSummary


def test_the_model_facing_schema_hides_pipeline_fields() -> None:
    schema = GroundedSummary.model_json_schema()
    assert schema["title"] == "ArticleSummary"
    assert "updated" not in schema["properties"]
    assert "evidence_span" not in str(schema)


# -- what is dropped when the re-asks are spent -------------------------------------------


def test_what_fails_is_dropped_and_the_rest_kept() -> None:
    summary = _summary(
        events=[
            {"kind": "attack", "description": "x", "evidence": "Gunmen opened fire at noon"},
            {"kind": "remote_explosive", "description": "x", "evidence": "A bomb exploded"},
        ],
        casualties=[
            # A count its evidence does not state goes; the grounded count stays.
            {
                "group": "people",
                "injured": {"value": 4},
                "missing": {"value": 3},
                "event": 1,
                "evidence": "four people were wounded",
            },
            # With no count left, the casualty goes.
            {"group": "people", "killed": {"value": 7}, "evidence": "four people were wounded"},
            # Linked to the dropped event: the link goes.
            {"group": "people", "injured": {"value": 4}, "event": 0, "evidence": "four people"},
        ],
        attributions=[
            {
                "speaker": "Police",
                "claim": "Four were wounded.",
                "quote": "four people were wounded",  # not quoted: the quote goes
                "channel": "unspecified",
                "evidence": "Police said four people were wounded",
            }
        ],
    )
    kept, warnings = drop_items(summary, check(summary, TEXT))

    assert [e.kind for e in kept.events] == ["remote_explosive"]
    assert [(c.injured, c.missing, c.event) for c in kept.casualties] == [
        (summary.casualties[0].injured, None, 0),
        (summary.casualties[2].injured, None, None),
    ]
    assert kept.attributions[0].quote is None and kept.attributions[0].claim
    assert [w.split(":")[0] for w in warnings] == [
        "dropped",
        "dropped",
        "dropped",
        "dropped",
    ]
    assert [w.split(": ")[1] for w in warnings] == [
        "events[0]",
        "casualties[0].missing",
        "casualties[1]",
        "attributions[0].quote",
    ]
    assert "casualties[1].killed is 7 but its evidence" in warnings[2]
    assert summary.casualties[0].missing is not None  # the answer itself is untouched


def test_nothing_to_drop_returns_the_summary_as_it_is() -> None:
    summary = _summary()
    assert drop_items(summary, check(summary, TEXT)) == (summary, [])


@pytest.mark.parametrize(
    ("quote", "ok"),
    [
        ("We are safe ... The shops will reopen", True),  # interrupted by the attribution
        ("We are safe ... Tomorrow", True),  # the next paragraph's quotation
        ("The shops will reopen ... We are safe", False),  # out of order
        ("We are safe ... four people were wounded", False),  # a segment not quoted
    ],
)
def test_a_split_quote_is_its_quoted_segments_in_order(quote: str, ok: bool) -> None:
    summary = _summary(
        attributions=[
            {
                "speaker": "the mayor",
                "claim": "x",
                "quote": quote,
                "channel": "unspecified",
                "evidence": "the mayor said",
            }
        ]
    )
    assert (grounding_problems(summary, TEXT) == []) is ok

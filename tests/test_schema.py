"""The output contract: field names, enums and the rules SCHEMA.md states as validators."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from summarizer.errors import (
    AuthenticationError,
    InputError,
    ValidationExhaustedError,
    exit_code_for,
    redact,
)
from summarizer.records import Provenance, SummaryRecord, content_id, error_record
from summarizer.schema import ArticleSummary, Casualty, Count, Event, UpdateStamp


def _event(**kw: object) -> dict[str, object]:
    return {"kind": "attack", "description": "x", "evidence": "quoted text"} | kw


def test_field_names_are_the_contract() -> None:
    assert list(ArticleSummary.model_fields) == [
        "title", "summary", "events", "casualties", "attributions", "updated",
    ]  # fmt: skip
    assert set(Event.model_fields) >= {
        "kind", "description", "date", "when", "location", "actors", "alleged_actors",
        "targets", "evidence",
    }  # fmt: skip
    assert set(Casualty.model_fields) >= {
        "group", "killed", "injured", "missing", "event", "reported_by", "evidence",
    }  # fmt: skip
    schema = ArticleSummary.model_json_schema()
    kinds = schema["$defs"]["EventKind"]["enum"]
    assert "shelling_artillery_missile_attack" in kinds and len(kinds) == 14
    assert len(schema["$defs"]["Channel"]["enum"]) == 8


def test_the_contract_schema_shows_the_evidence_span_every_item_carries(
    record_schema: dict[str, Any],
) -> None:
    for schema in (ArticleSummary.model_json_schema(), record_schema):
        for item in ("Event", "Casualty", "Attribution"):
            span = schema["$defs"][item]["properties"]["evidence_span"]
            assert "pipeline" in span["description"]


def test_counts_are_non_negative_and_precise() -> None:
    with pytest.raises(ValidationError):
        Count(value=-1)
    with pytest.raises(ValidationError):
        Count.model_validate({"value": 3, "precision": "roughly"})
    assert Count(value=0).precision == "exact"


def test_event_index_must_exist() -> None:
    data = {
        "summary": "A thing happened.",
        "events": [_event()],
        "casualties": [{"group": "people", "event": 1, "evidence": "quoted text"}],
    }
    with pytest.raises(ValidationError, match="only 1 events"):
        ArticleSummary.model_validate(data)
    data["casualties"][0]["event"] = 0  # type: ignore[index]
    assert ArticleSummary.model_validate(data).casualties[0].event == 0


def test_dates_must_be_iso() -> None:
    with pytest.raises(ValidationError, match="ISO date"):
        Event.model_validate(_event(date="28/06/2021"))
    with pytest.raises(ValidationError, match="ISO date"):
        Event.model_validate(_event(date="2021-02-30"))
    assert Event.model_validate(_event(date="2021-06-28")).date == "2021-06-28"


def test_summary_word_limit() -> None:
    with pytest.raises(ValidationError, match="91 words"):
        ArticleSummary(summary=" ".join(["word"] * 91))
    ArticleSummary(summary=" ".join(["word"] * 90))
    with pytest.raises(ValidationError):
        ArticleSummary(summary="   ")


def test_evidence_is_bounded_and_non_empty() -> None:
    with pytest.raises(ValidationError, match="at most 300"):
        Event.model_validate(_event(evidence="x" * 301))
    with pytest.raises(ValidationError):
        Event.model_validate(_event(evidence=" "))


def test_update_stamp_rules() -> None:
    with pytest.raises(ValidationError):
        UpdateStamp(text="t", time="24:10")
    with pytest.raises(ValidationError):
        UpdateStamp(text="t", utc_offset="3")
    with pytest.raises(ValidationError, match="iso is set only"):
        UpdateStamp(text="t", time="00:25", iso="2021-06-29T00:25:00+03:00")
    UpdateStamp(
        text="t", time="00:25", date="2021-06-29", utc_offset="+03:00",
        iso="2021-06-29T00:25:00+03:00",
    )  # fmt: skip


def test_error_record_keeps_attempts_and_tokens() -> None:
    exc = ValidationExhaustedError(
        "still ungrounded", source="a.txt", attempts=3, prompt_tokens=900, completion_tokens=120
    )
    record = error_record("a.txt", exc, Provenance(provider="openai", model="m"))
    assert record.error is not None and record.error.type == "ValidationExhaustedError"
    assert (record.usage.calls, record.usage.prompt_tokens) == (3, 900)
    assert not record.ok
    assert "after 3 attempts" in str(exc) and "1020 tokens used" in str(exc)
    again = SummaryRecord.model_validate_json(record.to_json())
    assert again == record


def test_exit_codes_and_redaction() -> None:
    assert exit_code_for("InputError") == InputError.exit_code == 2
    assert exit_code_for("AuthenticationError") == AuthenticationError.exit_code == 3
    assert exit_code_for("ValidationExhaustedError") == 1
    assert exit_code_for("SomethingElse") == 1
    key = "sk-test-0123456789abcdef"
    assert key not in redact(f"Incorrect API key provided: {key}")
    assert "secret-value" not in redact("bad: secret-value", "secret-value")
    assert key not in str(AuthenticationError(f"401: key {key} rejected"))


def test_content_id_is_stable() -> None:
    assert content_id("abc") == content_id("abc") != content_id("abd")
    assert len(content_id("abc")) == 64


def _answer(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "summary": "A thing happened.",
        "events": [_event()],
        "casualties": [{"group": "people", "killed": {"value": 2}, "evidence": "quoted text"}],
        "attributions": [
            {"speaker": "a witness", "claim": "It happened.", "channel": "unspecified",
             "evidence": "quoted text"}
        ],
    }  # fmt: skip
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"summary": ("x" * 40 + " ") * 18}, "summary"),  # 18 words but 738 characters
        ({"events": [_event()] * 31}, "events"),
        ({"casualties": [{"group": "g", "evidence": "e"}] * 61}, "casualties"),
        ({"events": [_event(description="d" * 301)]}, "description"),
        ({"events": [_event(actors=["a"] * 11)]}, "actors"),
        ({"events": [_event(targets=["t" * 151])]}, "targets"),
        ({"events": [_event(when="w" * 121)]}, "when"),
        ({"casualties": [{"group": "g", "killed": {"value": 10**9}, "evidence": "e"}]}, "value"),
        ({"casualties": [{"group": "g" * 201, "evidence": "e"}]}, "group"),
    ],
)
def test_answers_are_bounded(changes: dict[str, Any], where: str) -> None:
    with pytest.raises(ValidationError, match=where):
        ArticleSummary.model_validate(_answer(**changes))


def test_the_limits_are_in_the_schema_the_model_sees() -> None:
    from summarizer.providers.openai.validation import GroundedSummary, StrictGroundedSummary

    for model in (GroundedSummary, StrictGroundedSummary):
        schema = model.model_json_schema()
        props, defs = schema["properties"], schema["$defs"]
        assert props["summary"]["maxLength"] == 700
        assert [props[n]["maxItems"] for n in ("events", "casualties", "attributions")] == [
            30, 60, 80,
        ]  # fmt: skip
        assert defs["Attribution"]["properties"]["quote"]["maxLength"] == 600
        assert defs["Casualty"]["properties"]["reported_by"]["maxLength"] == 200
        assert defs["Count"]["properties"]["value"]["maximum"] == 100_000_000
        assert {"summary", "events", "casualties", "attributions"} <= set(schema["required"])


def test_a_model_answer_must_send_every_list() -> None:
    from summarizer.providers.openai.validation import GroundedSummary

    with pytest.raises(ValidationError, match="casualties, attributions missing"):
        GroundedSummary.model_validate({"summary": "A thing happened.", "events": []})
    assert GroundedSummary.model_validate(_answer(events=[], casualties=[], attributions=[]))
    # The contract itself still reads records whose empty lists were left out.
    assert ArticleSummary.model_validate({"summary": "A thing happened."}).events == []

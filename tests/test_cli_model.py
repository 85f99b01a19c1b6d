"""`summarizer summarize` with a model behind --base-url: records, exit codes, no key shown."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fakeserver import FakeLLM
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.providers.openai.prompt import PROMPT_VERSION
from summarizer.records import SummaryRecord

SEED = Path(__file__).resolve().parents[1] / "seeds" / "esta-coalition-rocket-attack.txt"
SECRET = "test-secret-key-0123456789"
runner = CliRunner()


def _summarize(llm: FakeLLM, *extra: str) -> Any:
    args = ["summarize", str(SEED), "--base-url", llm.base_url, "--model", "fake-model"]
    return runner.invoke(app, [*args, "--date", "2021-06-29", *extra])


def test_json_record_from_the_model_validates_and_says_where_it_came_from(
    fake_llm: FakeLLM, seed_answer: dict[str, Any], record_schema: dict[str, Any]
) -> None:
    fake_llm.reply(seed_answer, usage=(1000, 200))
    result = _summarize(fake_llm, "--json")

    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, record_schema)
    record = SummaryRecord.model_validate(data)
    assert record.ok and record.result is not None
    assert record.provenance.provider == "openai"
    assert record.provenance.model == "fake-model"
    assert record.provenance.prompt_version == PROMPT_VERSION
    assert (record.usage.calls, record.usage.prompt_tokens) == (1, 1000)
    assert all(c.evidence_span for c in record.result.casualties)
    assert "provider openai" in result.stderr


def test_an_item_still_ungrounded_after_the_reasks_is_dropped_and_the_record_kept(
    fake_llm: FakeLLM, seed_answer: dict[str, Any], record_schema: dict[str, Any]
) -> None:
    seed_answer["events"][0]["evidence"] = "Rockets struck the base at dawn"
    fake_llm.repeat(3, lambda: fake_llm.reply(seed_answer, usage=(1000, 200)))

    result = _summarize(fake_llm, "--json")

    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, record_schema)
    record = SummaryRecord.model_validate(data)
    assert record.ok and record.result is not None
    assert [e.kind for e in record.result.events] == ["air_or_drone_strike"]
    # The casualty of the dropped event loses its link; the other follows its event down.
    assert [c.event for c in record.result.casualties] == [None, 0]
    assert len(record.result.attributions) == 2
    (warning,) = record.warnings
    assert warning.startswith('dropped: events[0]: events[0].evidence "Rockets struck the base')
    assert (record.usage.calls, record.usage.prompt_tokens) == (3, 3000)
    assert fake_llm.calls == 3


def test_the_panel_lists_a_dropped_item(fake_llm: FakeLLM, seed_answer: dict[str, Any]) -> None:
    seed_answer["events"][0]["evidence"] = "Rockets struck the base at dawn"
    fake_llm.repeat(3, lambda: fake_llm.reply(seed_answer))
    result = _summarize(fake_llm)
    assert result.exit_code == 0, result.stderr
    assert "warning: dropped: events[0]" in " ".join(result.stdout.split())


def test_strict_grounding_exits_1_with_the_error_record(
    fake_llm: FakeLLM, seed_answer: dict[str, Any]
) -> None:
    seed_answer["events"][0]["evidence"] = "Rockets struck the base at dawn"
    fake_llm.repeat(3, lambda: fake_llm.reply(seed_answer, usage=(1000, 200)))

    result = _summarize(fake_llm, "--json", "--strict-grounding")

    assert result.exit_code == 1
    record = SummaryRecord.model_validate_json(result.stdout)
    assert record.error is not None and record.error.type == "ValidationExhaustedError"
    assert "Rockets struck the base at dawn" in record.error.message
    assert (record.usage.calls, record.usage.prompt_tokens) == (3, 3000)
    assert fake_llm.calls == 3
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and errors[0].startswith("summarizer: error:")


def test_persistent_server_errors_exit_1(fake_llm: FakeLLM) -> None:
    fake_llm.repeat(10, lambda: fake_llm.error(503, headers={"Retry-After": "0"}))
    result = _summarize(fake_llm)
    assert result.exit_code == 1
    assert "HTTP 503" in result.stderr
    assert fake_llm.calls == 3


def test_a_slow_server_exits_1_with_a_timeout_message(
    fake_llm: FakeLLM, seed_answer: dict[str, Any]
) -> None:
    fake_llm.repeat(3, lambda: fake_llm.reply(seed_answer, delay=10))
    result = _summarize(fake_llm, "--timeout", "0.3")
    assert result.exit_code == 1
    assert "0.3 s timeout" in result.stderr


def test_rejected_key_exits_3_and_the_key_is_never_shown(
    fake_llm: FakeLLM, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    for extra in ((), ("--json",)):
        fake_llm.error(401, f"Incorrect API key provided: {SECRET}")
        result = _summarize(fake_llm, *extra)
        assert result.exit_code == 3
        assert "HTTP 401" in result.stderr
        assert SECRET not in result.stdout and SECRET not in result.stderr
    assert fake_llm.requests[0].headers["authorization"] == f"Bearer {SECRET}"


def test_openai_without_a_key_exits_3() -> None:
    result = runner.invoke(app, ["summarize", str(SEED), "--provider", "openai"])
    assert result.exit_code == 3
    assert "OPENAI_API_KEY" in result.stderr

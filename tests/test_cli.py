"""`summarize` and `schema` as a user meets them: output, errors and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.records import SummaryRecord

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "esta-coalition-rocket-attack.txt"
runner = CliRunner()


def test_schema_prints_the_article_summary_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert set(schema["properties"]) == {
        "title", "summary", "events", "casualties", "attributions", "updated",
    }  # fmt: skip
    assert "instruction" not in result.stderr


def test_summarize_json_is_the_record_and_validates(
    tmp_path: Path, record_schema: dict[str, Any]
) -> None:
    result = runner.invoke(app, ["summarize", str(SEED), "--json", "--date", "2021-06-28"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, record_schema)
    record = SummaryRecord.model_validate(data)
    assert record.ok and record.result is not None
    assert record.provenance.provider == "rules"
    assert record.provenance.reference_date == "2021-06-28"
    assert record.article is not None and record.article.chars > 0
    # No model configured: the fallback is announced once, on stderr, never on stdout.
    assert "rules provider" in result.stderr and "rules provider" not in result.stdout
    updated = record.result.updated
    assert updated is not None and updated.iso == "2021-06-29T00:25:00+03:00"


def test_every_evidence_has_a_span_into_the_cleaned_text() -> None:
    result = runner.invoke(app, ["summarize", str(SEED), "--json", "--date", "2021-06-28"])
    record = SummaryRecord.model_validate_json(result.stdout)
    cleaned = runner.invoke(app, ["clean", str(SEED), "--json"])
    text = json.loads(cleaned.stdout)["text"]
    assert record.result is not None
    items = [*record.result.events, *record.result.casualties, *record.result.attributions]
    assert items
    for item in items:
        assert item.evidence_span is not None
        start, end = item.evidence_span
        assert 0 <= start < end <= len(text)


def test_summarize_reads_stdin() -> None:
    result = runner.invoke(
        app, ["summarize", "-", "--json", "--provider", "rules"], input=SEED.read_bytes()
    )
    assert result.exit_code == 0, result.stderr
    record = SummaryRecord.model_validate_json(result.stdout)
    assert record.source == "-"
    # An explicit provider is not announced.
    assert "rules provider" not in result.stderr


def test_human_output_is_a_panel() -> None:
    result = runner.invoke(app, ["summarize", str(SEED), "--provider", "rules"])
    assert result.exit_code == 0, result.stderr
    assert "Coalition confirms rocket attack" in result.stdout
    assert "Casualties" in result.stdout and "Attributions" in result.stdout
    assert not result.stdout.lstrip().startswith("{")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["summarize", "no/such/file.txt"], "no/such/file.txt"),
        (["summarize", str(SEED), "--date", "28.06.2021"], "YYYY-MM-DD"),
        (["summarize", str(SEED), "--provider", "gpt"], "gpt"),
        (["summarize", str(SEED), "--max-bytes", "100"], str(SEED)),
    ],
)
def test_bad_input_or_usage_exits_2(args: list[str], needle: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert needle in result.stderr
    assert result.stdout == ""


def test_openai_without_key_or_base_url_exits_3() -> None:
    result = runner.invoke(app, ["summarize", str(SEED), "--provider", "openai"])
    assert result.exit_code == 3
    assert "OPENAI_API_KEY" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_installed_console_script_runs() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "summarizer", "summarize", str(SEED), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(ROOT)},
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["provenance"]["provider"] == "rules"

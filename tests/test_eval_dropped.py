"""`summarizer eval` counts the items the pipeline dropped, and honours --strict-grounding."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fakeserver import FakeLLM
from test_eval_cli import ALPHA, BETA, DATA, gold
from typer.testing import CliRunner

from summarizer.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def test_the_report_counts_dropped_items_per_fixture_and_in_total(tmp_path: Path) -> None:
    records = [
        {
            "fixture": ALPHA,
            "result": gold(ALPHA),
            "warnings": [
                "dropped: casualties[2]: casualties[2].killed is 9 but its evidence ...",
                "dropped: attributions[0].quote: attributions[0].quote ... is not inside ...",
                "injection: text that addresses a model",
            ],
        },
        {"fixture": BETA, "result": gold(BETA), "warnings": []},
    ]
    predictions = tmp_path / "p.jsonl"
    predictions.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "report.json"

    result = runner.invoke(
        app,
        ["eval", "--fixtures", str(DATA), "--predictions", str(predictions), "--json", str(out)],
    )

    assert result.exit_code == 0, result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["totals"]["dropped"] == 2
    assert {slug: block["dropped"] for slug, block in report["fixtures"].items()} == {
        ALPHA: 2,
        BETA: 0,
    }
    assert "2 ungrounded item(s) dropped" in result.stderr


def test_eval_runs_the_pipeline_under_strict_grounding(
    tmp_path: Path, fake_llm: FakeLLM, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A model that keeps giving a casualty a count its evidence does not state.
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    fixtures = tmp_path / "fixtures"
    slug = ALPHA
    shutil.copytree(DATA / slug, fixtures / slug)
    answer = gold(slug)
    answer.pop("updated")
    answer["casualties"][0]["injured"] = {"value": 9, "precision": "exact"}
    fake_llm.default = lambda request: answer
    out = tmp_path / "report.json"
    args = [
        "eval", "--fixtures", str(fixtures), "--json", str(out),
        "--provider", "openai", "--base-url", fake_llm.base_url, "--model", "fake", "--no-cache",
    ]  # fmt: skip

    lenient = runner.invoke(app, args)
    assert lenient.exit_code == 0, lenient.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["totals"]["dropped"] == 1

    # Under strict grounding the fixture fails, which fails the eval (exit 1).
    strict = runner.invoke(app, [*args, "--strict-grounding"])
    assert strict.exit_code == 1, strict.stderr
    assert "1 of 1 extractions failed" in strict.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["totals"]["failed"] == 1 and report["totals"]["dropped"] == 0
    assert f"{slug}: extraction failed" in strict.stderr
    assert "states no such figure" in report["fixtures"][slug]["error"]

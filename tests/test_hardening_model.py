"""Issue 12: dates at the edges of the calendar through every path (CLI, batch, prompt, eval
fixtures), fixture files nested past the parser, and model-server faults told as they
happened (retries actually made, a Retry-After not waited for, a connection cut mid-answer)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
from fakeserver import FakeLLM
from typer.testing import CliRunner

from summarizer.cleaning import CleanedArticle
from summarizer.cli import app
from summarizer.errors import ProviderError
from summarizer.records import SummaryRecord

runner = CliRunner()
EVAL_DATA = Path(__file__).parent / "data" / "eval" / "fixtures"
DEEP = "[" * 100_000 + "]" * 100_000  # deeper than json's decoder recurses

# A Sunday event and a Tuesday update line: 0001-01-01 is a Monday, so the Sunday before it
# is off the calendar; 9999-12-31 is a Friday, so the Tuesday after it is too.
EDGE_ARTICLE = (
    "Rockets hit fuel depot near Kirkuk\n\n"
    "Updated at 10:15 a.m. on Tuesday\n\n"
    "KIRKUK — Two rockets struck a fuel depot near Kirkuk on Sunday, wounding four workers, "
    "the provincial police said in a statement. No group claimed the attack.\n"
)


@pytest.fixture
def edge_article(tmp_path: Path) -> Path:
    path = tmp_path / "edge.txt"
    path.write_text(EDGE_ARTICLE, encoding="utf-8")
    return path


def summarize_json(*args: str) -> SummaryRecord:
    result = runner.invoke(app, ["summarize", *args, "--json"])
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return SummaryRecord.model_validate_json(result.stdout)


# -- dates at the edge of the calendar ------------------------------------------------------


def test_a_page_published_on_the_last_day_gives_a_null_update_date_and_a_warning(
    tmp_path: Path,
) -> None:
    path = tmp_path / "last-day.txt"
    path.write_text(
        EDGE_ARTICLE.replace("Updated at", "Published 9999-12-31\nUpdated at"), encoding="utf-8"
    )
    record = summarize_json(str(path), "--provider", "rules")
    assert record.provenance.reference_date == "9999-12-31"  # the page's own date
    assert record.result is not None and record.result.updated is not None
    assert (record.result.updated.weekday, record.result.updated.date) == ("Tuesday", None)
    assert record.result.updated.time == "10:15"
    assert any("Tuesday would fall after 9999-12-31" in w for w in record.warnings)

    result = runner.invoke(app, ["clean", str(path)])
    assert result.exit_code == 0
    assert "warning: the update line's Tuesday would fall after 9999-12-31" in result.stderr


@pytest.mark.parametrize(
    ("date", "warning"),
    [
        ("9999-12-31", "the update line's Tuesday would fall after 9999-12-31"),
        ("0001-01-01", "events[0]: Sunday would fall before 0001-01-01"),
    ],
)
def test_date_flags_at_the_edge_through_summarize_clean_and_batch(
    tmp_path: Path, edge_article: Path, date: str, warning: str
) -> None:
    record = summarize_json(str(edge_article), "--provider", "rules", "--date", date)
    assert record.ok and record.provenance.reference_date == date
    assert [w for w in record.warnings if "would fall" in w] == [
        next(w for w in record.warnings if w.startswith(warning))
    ]
    assert record.result is not None
    if date == "0001-01-01":
        assert record.result.events[0].date is None
        assert record.result.updated is not None and record.result.updated.date == "0001-01-02"
    else:
        assert record.result.events[0].date == "9999-12-26"
        assert record.result.updated is not None and record.result.updated.date is None

    result = runner.invoke(app, ["clean", str(edge_article), "--json", "--date", date])
    assert result.exit_code == 0, result.stderr
    stamp = json.loads(result.stdout)["updated"]
    assert stamp["weekday"] == "Tuesday"

    out = tmp_path / "out.jsonl"
    args = ["batch", str(edge_article), "-o", str(out), "--provider", "rules", "--date", date]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    (line,) = out.read_text(encoding="utf-8").splitlines()
    assert any(w.startswith(warning) for w in SummaryRecord.model_validate_json(line).warnings)


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31"])
def test_the_prompt_at_the_edge_of_the_calendar(
    fake_llm: FakeLLM, edge_article: Path, date: str
) -> None:
    fake_llm.reply(
        {
            "summary": "Two rockets struck a fuel depot near Kirkuk. Four workers were wounded.",
            "events": [],
            "casualties": [],
            "attributions": [],
        }
    )
    record = summarize_json(
        str(edge_article), "--provider", "openai", "--base-url", fake_llm.base_url, "--date", date
    )
    assert record.ok
    note = fake_llm.requests[0].message("user")
    if date == "0001-01-01":  # no day before it to list
        assert note.startswith("Reference date: Mon 0001-01-01\n")
    else:
        assert note.startswith("Reference date: Fri 9999-12-31; before: Thu 12-30, Wed 12-29")


def run_eval(folder: Path, *extra: str) -> Any:
    return runner.invoke(app, ["eval", "--fixtures", str(folder), "--provider", "rules", *extra])


def _fixture_folder(tmp_path: Path, meta: dict[str, Any] | None = None) -> Path:
    folder = tmp_path / "fixtures"
    shutil.copytree(EVAL_DATA / "alpha-rocket-attack", folder / "alpha-rocket-attack")
    if meta is not None:
        (folder / "alpha-rocket-attack" / "meta.json").write_text(json.dumps(meta))
    return folder


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01"])
def test_an_eval_fixture_dated_at_the_edge_is_scored(tmp_path: Path, date: str) -> None:
    folder = _fixture_folder(tmp_path, {"reference_date": date, "source": "test"})
    result = run_eval(folder)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_a_gold_file_nested_past_the_parser_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    folder = _fixture_folder(tmp_path)
    gold = folder / "alpha-rocket-attack" / "gold.json"
    gold.write_text('{"summary": ' + DEEP + "}")
    result = run_eval(folder)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"summarizer: error: {gold}: nested too deeply to be a fixture file"
    )


@pytest.mark.parametrize("option", ["--baseline", "--predictions"])
def test_eval_files_nested_too_deep_or_not_regular_are_usage_errors(
    tmp_path: Path, option: str
) -> None:
    folder = _fixture_folder(tmp_path)
    deep = tmp_path / "deep.json"
    deep.write_text('{"a": ' + DEEP + "}")
    for path, says in (
        (deep, "nested too deeply" if option == "--predictions" else "recursion"),
        (Path("/dev/zero"), "not a regular file"),
    ):
        result = run_eval(folder, option, str(path))
        assert result.exit_code == 2, result.stderr
        (line,) = result.stderr.strip().splitlines()[-1:]
        assert line.startswith(f"summarizer: error: {path}") and says in line
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize("option", ["--json", "--save-baseline"])
def test_an_eval_report_is_never_renamed_over_a_fifo_or_a_device(
    tmp_path: Path, option: str
) -> None:
    folder = _fixture_folder(tmp_path)
    fifo = tmp_path / "report.json"
    os.mkfifo(fifo)
    result = run_eval(folder, option, str(fifo))
    assert result.exit_code == 2
    assert f"summarizer: error: cannot write {fifo}: not a regular file" in result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still the pipe it was


# -- model-server faults, told as they happened ---------------------------------------------


def test_a_429_whose_retry_after_is_a_day_is_not_retried_and_says_so(
    fake_llm: FakeLLM, openai_provider: Any, seed_article: CleanedArticle
) -> None:
    fake_llm.error(429, "quota exhausted", headers={"Retry-After": "86400"})
    with pytest.raises(ProviderError) as caught:
        openai_provider(transport_retries=2).extract(seed_article, reference_date=None)
    assert fake_llm.calls == 1
    message = str(caught.value)
    assert message.startswith(
        "rate limited by the provider (HTTP 429, asked to wait 24 hours) (not retried): "
        "quota exhausted"
    )
    assert "transport retries" not in message


def test_a_429_with_an_http_date_retry_after_is_told_in_time_left(
    fake_llm: FakeLLM, openai_provider: Any, seed_article: CleanedArticle
) -> None:
    fake_llm.error(429, "later", headers={"Retry-After": "Fri, 31 Dec 9999 23:59:59 GMT"})
    with pytest.raises(ProviderError, match=r"asked to wait \d+ days\) \(not retried\)"):
        openai_provider().extract(seed_article, reference_date=None)
    assert fake_llm.calls == 1


def test_retries_are_counted_as_made(
    fake_llm: FakeLLM, openai_provider: Any, seed_article: CleanedArticle
) -> None:
    fake_llm.error(503, "busy", headers={"Retry-After": "0.05"})
    fake_llm.error(503, "still busy", headers={"x-should-retry": "false"})
    with pytest.raises(ProviderError) as caught:
        openai_provider(transport_retries=3).extract(seed_article, reference_date=None)
    assert fake_llm.calls == 2
    assert str(caught.value).startswith(
        "the provider failed (HTTP 503) (after 1 transport retry): still busy"
    )


def test_a_connection_cut_mid_answer_is_not_cannot_connect(
    fake_llm: FakeLLM, openai_provider: Any, seed_article: CleanedArticle, seed_answer: dict
) -> None:
    fake_llm.repeat(2, lambda: fake_llm.cut(seed_answer))
    with pytest.raises(ProviderError) as caught:
        openai_provider(transport_retries=1).extract(seed_article, reference_date=None)
    assert fake_llm.calls == 2
    message = str(caught.value)
    assert "cannot connect" not in message
    assert message.startswith(
        f"the connection to the provider at {fake_llm.base_url} broke before the answer was "
        "complete (after 1 transport retry): "
    )


def test_a_cut_answer_then_a_whole_one_succeeds(
    fake_llm: FakeLLM, openai_provider: Any, seed_article: CleanedArticle, seed_answer: dict
) -> None:
    fake_llm.cut(seed_answer).reply(seed_answer)
    # The seed answer dates its events, which needs the reference date to check.
    reference = dt.date(2021, 6, 29)
    extraction = openai_provider().extract(seed_article, reference_date=reference)
    assert fake_llm.calls == 2 and extraction.summary.events


def test_the_cli_line_for_a_429_not_retried(fake_llm: FakeLLM, edge_article: Path) -> None:
    fake_llm.error(429, "quota exhausted", headers={"Retry-After": "86400"})
    args = ["summarize", str(edge_article), "--provider", "openai", "--base-url"]
    result = runner.invoke(app, [*args, fake_llm.base_url])
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert line == (
        f"summarizer: error: {edge_article}: rate limited by the provider (HTTP 429, asked to "
        "wait 24 hours) (not retried): quota exhausted"
    )

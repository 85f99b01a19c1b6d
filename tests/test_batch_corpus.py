"""`summarizer batch` on real corpora: per-article reference dates, failing fast against a
dead server, and the rules provider spread over worker processes."""

from __future__ import annotations

import asyncio
import json
import shutil
import signal
import socket
from collections import Counter
from pathlib import Path

import pytest
from conftest import SEED
from test_batch import (
    _complete_records,
    _run_in_background,
    _wait_for_lines,
    article,
    read_records,
    write_articles,
)
from typer.testing import CliRunner

from summarizer.batch import BatchRunner, JsonlWriter, discover_inputs
from summarizer.batch.runner import run_batch
from summarizer.cli import app
from summarizer.errors import ProviderError, UnreachableError
from summarizer.pipeline import Job, Pipeline
from summarizer.providers.rules import RulesProvider
from summarizer.records import SummaryRecord

runner = CliRunner()
DATA = Path(__file__).resolve().parent / "data" / "batch"
PAGE = DATA / "pages" / "market-fire.html"  # its metadata says published 2024-03-12


def manifest(path: Path, *items: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    return path


# -- reference dates ----------------------------------------------------------------------------


def test_each_item_takes_its_own_date_then_its_publication_date_then_the_default(
    tmp_path: Path,
) -> None:
    # A manifest's paths stay inside its folder.
    shutil.copy(PAGE, tmp_path / PAGE.name)
    items = manifest(
        tmp_path / "items.jsonl",
        {"id": "dated", "text": article(1), "date": "2024-03-06"},  # a Wednesday
        {"id": "undated", "text": article(2)},
        {"id": "page", "path": PAGE.name},
        {"id": "page-dated", "path": PAGE.name, "date": "2024-05-01"},
    )
    out = tmp_path / "out.jsonl"
    args = ["batch", str(items), "-o", str(out), "--provider", "rules", "--date", "2024-01-10"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    records = {r.source: r for r in read_records(out)}
    dates = {source: r.provenance.reference_date for source, r in records.items()}
    assert dates == {
        "dated": "2024-03-06",  # the manifest's date wins over --date
        "undated": "2024-01-10",  # no date of its own, no publication date: --date
        "page": "2024-03-12",  # the page's own publication date, not --date
        "page-dated": "2024-05-01",
    }
    # "on Monday" resolves against each article's own date.
    assert records["dated"].result and records["dated"].result.events[0].date == "2024-03-04"
    assert records["undated"].result and records["undated"].result.events[0].date == "2024-01-08"
    # The same page under two dates is two answers, not a copy.
    assert records["page"].provenance.answer_key != records["page-dated"].provenance.answer_key


@pytest.mark.parametrize("value", ['"2024-13-01"', '"March 4, 2024"', "20240304", '"2024-3-4"'])
def test_a_bad_manifest_date_is_a_usage_error_naming_file_and_line(
    tmp_path: Path, value: str
) -> None:
    items = tmp_path / "items.jsonl"
    items.write_text(
        json.dumps({"id": "a", "text": article(1)})
        + "\n"
        + f'{{"id": "b", "text": "x", "date": {value}}}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["batch", str(items), "-o", str(out), "--provider", "rules"])
    assert result.exit_code == 2
    assert f'{items}: line 2: "date" must be a date in the form YYYY-MM-DD, not {value}' in (
        result.stderr
    )
    assert not out.exists()


def test_undated_weekdays_are_a_warning_and_the_panel_gives_a_hint(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["batch", str(SEED), "-o", str(out), "--provider", "rules"])
    assert result.exit_code == 0, result.stderr
    (record,) = read_records(out)
    assert record.provenance.reference_date is None
    (warning,) = [w for w in record.warnings if w.startswith("no reference date")]
    assert 'could not date event 0 ("Monday")' in warning
    assert 'the update line ("Tuesday")' in warning

    dated = tmp_path / "dated.jsonl"
    args = ["batch", str(SEED), "-o", str(dated), "--provider", "rules", "--date", "2021-06-28"]
    assert runner.invoke(app, args).exit_code == 0
    assert not [w for w in read_records(dated)[0].warnings if "reference date" in w]

    panel = runner.invoke(
        app, ["summarize", str(SEED), "--provider", "rules"], env={"COLUMNS": "200"}
    )
    assert panel.exit_code == 0
    assert "hint: weekdays need a reference date; pass --date YYYY-MM-DD" in panel.stdout
    dated_panel = runner.invoke(
        app,
        ["summarize", str(SEED), "--provider", "rules", "--date", "2021-06-28"],
        env={"COLUMNS": "200"},
    )
    assert "hint:" not in dated_panel.stdout


# -- failing fast -------------------------------------------------------------------------------


def _dead_url() -> str:
    """A local port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def test_a_dead_server_stops_the_batch_after_a_few_failures(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 30)
    out = tmp_path / "out.jsonl"
    args = ["batch", str(tmp_path / "in"), "-o", str(out), "--provider", "openai"]
    args += ["--base-url", _dead_url(), "--max-consecutive-failures", "3", "--concurrency", "2"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("summarizer: error: stopped after 3 articles in a row could not")
    assert "cannot connect to the provider at http://127.0.0.1:" in lines[0]
    assert "run the same command again to resume" in lines[0]
    records = read_records(out)
    assert 3 <= len(records) <= 4  # not one per article
    assert {r.error.type for r in records if r.error} == {"UnreachableError"}


def test_only_failures_in_a_row_count(tmp_path: Path) -> None:
    """Unreachable, unreachable, ok, unreachable, unreachable: never three in a row."""
    paths = write_articles(tmp_path / "in", 5)
    items = discover_inputs([str(p) for p in paths])
    pipeline = Pipeline(RulesProvider())
    outcomes = iter([False, False, True, False, False, False])

    async def extract(job: Job) -> SummaryRecord:
        if next(outcomes):
            return await pipeline.arun(job)
        return pipeline.failed(job.source, UnreachableError("cannot connect"), job)

    with JsonlWriter(tmp_path / "out.jsonl") as writer:
        stats = run_batch(
            BatchRunner(
                pipeline, items, writer, concurrency=1, extract=extract, max_consecutive_failures=3
            )
        )
    assert (stats.ok, stats.failed) == (1, 4)

    more = discover_inputs([*map(str, paths), str(SEED)])
    with JsonlWriter(tmp_path / "again.jsonl") as writer:
        batch = BatchRunner(pipeline, more, writer, concurrency=1, extract=extract)
        batch.max_consecutive_failures = 2
        outcomes = iter([False, False])
        with pytest.raises(ProviderError, match="stopped after 2 articles in a row"):
            asyncio.run(batch.run())


# -- worker processes ---------------------------------------------------------------------------


def _by_source(path: Path) -> dict[str, dict[str, object]]:
    return {r.source: r.model_dump(exclude={"usage"}) for r in read_records(path)}


def test_workers_write_the_same_records_as_one_process(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_articles(folder, 60)
    (folder / "copy.txt").write_bytes((folder / "report-007.txt").read_bytes())
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" * 50)
    base = ["batch", str(folder), "--provider", "rules", "--date", "2024-03-01"]
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    result = runner.invoke(app, [*base, "-o", str(one), "--workers", "1"])
    assert result.exit_code == 1, result.stderr  # the binary file
    result = runner.invoke(app, [*base, "-o", str(two), "--workers", "2"])
    assert result.exit_code == 1, result.stderr
    assert "61 ok, 1 failed, 0 skipped" in result.stderr
    assert "1 copied from identical articles" in result.stderr
    assert _by_source(two) == _by_source(one)
    assert len(read_records(two)) == 62

    result = runner.invoke(app, [*base, "-o", str(two), "--workers", "2"])
    assert "0 ok, 1 failed, 61 skipped" in result.stderr  # resume: only the failure again
    assert len(read_records(two)) == 63


@pytest.mark.parametrize("how", ["kill", "sigint"])
def test_workers_stopped_mid_run_then_resumed_give_each_input_once(
    tmp_path: Path, how: str
) -> None:
    inputs = write_articles(tmp_path / "in", 400)
    out = tmp_path / "out.jsonl"
    args = ["batch", str(tmp_path / "in"), "-o", str(out), "--provider", "rules", "--workers", "2"]
    process = _run_in_background(args)
    _wait_for_lines(out, 40, process)
    if how == "kill":
        process.kill()
        process.communicate()
    else:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
        assert process.returncode == 130, err.decode()
        assert "Traceback" not in err.decode()  # the workers ignore Ctrl-C; the parent stops
        assert out.read_bytes().endswith(b"\n")
    kept = len(_complete_records(out))
    assert 40 <= kept < 400

    result = runner.invoke(app, [*args[:-2], "--workers", "2"])
    assert result.exit_code == 0, result.stderr
    assert f"{kept} skipped" in result.stderr
    sources = Counter(r.source for r in _complete_records(out))
    assert sources == Counter(map(str, inputs))

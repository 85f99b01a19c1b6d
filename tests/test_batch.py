"""`summarizer batch`: inputs, concurrency, resume after a kill, duplicates, errors, exit codes."""

from __future__ import annotations

import asyncio
import io
import json
import os
import re
import select
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fakeserver import Answer, FakeLLM, Request, shaped
from rich.console import Console
from typer.testing import CliRunner

from summarizer.batch import (
    BatchStats,
    JsonlWriter,
    OutputIndex,
    RateLimiter,
    discover_inputs,
)
from summarizer.batch import (
    runner as batch_runner,
)
from summarizer.cli import app
from summarizer.cli.progress import BatchProgress
from summarizer.errors import InputError
from summarizer.records import SummaryRecord

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data" / "batch"
SEED = ROOT / "seeds" / "esta-coalition-rocket-attack.txt"
runner = CliRunner()

PLACES = ["Kirkuk", "Mosul", "Tikrit", "Basra", "Erbil", "Dohuk", "Najaf", "Karbala", "Ramadi"]


@pytest.fixture(autouse=True)
def no_model_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "SUMMARIZER_MODEL"):
        monkeypatch.delenv(name, raising=False)


def article(n: int) -> str:
    """A short, distinct news report (the number makes every text, and so every id, unique)."""
    place = PLACES[n % len(PLACES)]
    return (
        f"Rocket strike hits depot near {place}\n\n"
        f"{place.upper()} — Two rockets struck a fuel depot near {place} on Monday, "
        f"wounding {n + 2} workers, the provincial police said in a statement. "
        f"No group claimed the attack, which was the {n + 1}th this year.\n"
    )


def write_articles(folder: Path, count: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        path = folder / f"report-{n:03d}.txt"
        path.write_text(article(n), encoding="utf-8")
        paths.append(path)
    return paths


def read_records(path: Path) -> list[SummaryRecord]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [SummaryRecord.model_validate_json(line) for line in lines if line.strip()]


def ok_sources(records: list[SummaryRecord]) -> Counter[str]:
    return Counter(r.source for r in records if r.ok)


# -- inputs ------------------------------------------------------------------------------------


def test_inputs_from_directories_globs_and_files(tmp_path: Path) -> None:
    (tmp_path / "a" / "deep").mkdir(parents=True)
    for name in ["a/one.txt", "a/deep/two.html", "a/deep/three.HTM", "a/four.md", "a/skip.pdf"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "a" / ".hidden").mkdir()
    (tmp_path / "a" / ".hidden" / "five.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b.txt").write_text("x", encoding="utf-8")
    warnings: list[str] = []

    items = discover_inputs(
        [
            str(tmp_path / "a"),
            str(tmp_path / "*.txt"),  # a pattern the shell left alone
            str(tmp_path / "a" / "one.txt"),  # already found through the directory
            str(tmp_path / "missing.txt"),  # kept: it becomes an error record
            str(tmp_path / "nothing-*.txt"),
        ],
        warn=warnings.append,
    )

    names = [Path(item.source).relative_to(tmp_path).as_posix() for item in items]
    assert names == [
        "a/four.md",
        "a/one.txt",
        "a/deep/three.HTM",
        "a/deep/two.html",
        "b.txt",
        "missing.txt",
    ]
    assert warnings == [f"{tmp_path / 'nothing-*.txt'}: no files match this pattern"]


def test_manifest_items_by_id_text_html_and_path(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "r.txt").write_text(article(1), encoding="utf-8")
    manifest = tmp_path / "items.jsonl"
    manifest.write_text(
        json.dumps({"id": "t1", "text": article(2)})
        + "\n\n"
        + json.dumps({"id": 7, "html": "<html><body><p>x</p></body></html>"})
        + "\n"
        + json.dumps({"path": "docs/r.txt"})
        + "\n"
        + json.dumps({"text": article(3)})
        + "\n",
        encoding="utf-8",
    )
    items = discover_inputs([str(manifest)])
    assert [item.source for item in items] == [
        "t1",
        "7",
        str(tmp_path / "docs" / "r.txt"),
        f"{manifest}:5",
    ]
    assert items[2].path == tmp_path / "docs" / "r.txt"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"id": "a", "text": "ok"', "not valid JSON"),
        ('["a"]', "must be a JSON object"),
        ('{"id": "a"}', 'exactly one of "text", "html" or "path"'),
        ('{"id": "a", "text": "x", "path": "y"}', 'exactly one of "text", "html" or "path"'),
        ('{"id": "a", "text": 3}', '"text" must be a string'),
    ],
)
def test_a_bad_manifest_line_is_a_usage_error_naming_file_and_line(
    tmp_path: Path, line: str, reason: str
) -> None:
    manifest = tmp_path / "items.jsonl"
    manifest.write_text(json.dumps({"id": "ok", "text": "fine"}) + "\n" + line + "\n")
    with pytest.raises(InputError) as caught:
        discover_inputs([str(manifest)])
    assert str(caught.value).startswith(f"{manifest}: line 2: ")
    assert reason in str(caught.value)

    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["batch", str(manifest), "-o", str(out), "--provider", "rules"])
    assert result.exit_code == 2
    assert f"{manifest}: line 2: " in result.stderr
    assert not out.exists()


def test_no_inputs_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        app, ["batch", str(tmp_path / "empty"), "-o", str(out), "--provider", "rules"]
    )
    assert result.exit_code == 2
    assert "no inputs" in result.stderr
    assert "no .txt, .html, .htm or .md files" in result.stderr
    assert not out.exists()


def test_batch_requires_an_output() -> None:
    result = runner.invoke(app, ["batch", str(SEED)])
    assert result.exit_code == 2
    assert "--output" in result.stderr


# -- the output file ----------------------------------------------------------------------------


def test_an_unfinished_last_line_is_cut_off_with_a_warning_and_the_run_resumes(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["batch", str(SEED), "-o", str(out), "--provider", "rules"])
    assert result.exit_code == 0, result.stderr
    whole = out.read_bytes()
    torn = whole[: len(whole) // 2]
    out.write_bytes(whole + torn)  # a second record cut off by a kill

    index = OutputIndex.load(out)
    assert index.records == 1 and index.unfinished == 2 and index.ignored_lines == []
    other = write_articles(tmp_path / "in", 1)[0]
    result = runner.invoke(
        app, ["batch", str(SEED), str(other), "-o", str(out), "--provider", "rules"]
    )
    assert result.exit_code == 0, result.stderr
    assert f"cut off its unfinished last line ({len(torn):,} bytes)" in result.stderr

    lines = out.read_bytes().split(b"\n")
    assert lines[-1] == b"" and len(lines) == 3  # record, new record, ""
    assert lines[0] == whole[:-1]
    assert SummaryRecord.model_validate_json(lines[1]).source == str(other)


def test_a_torn_line_in_the_middle_from_an_older_version_is_only_skipped(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["batch", str(SEED), "-o", str(out), "--provider", "rules"])
    whole = out.read_bytes()
    out.write_bytes(whole[: len(whole) // 2] + b"\n" + whole)
    assert OutputIndex.load(out).ignored_lines == [1]
    result = runner.invoke(app, ["batch", str(SEED), "-o", str(out), "--provider", "rules"])
    assert result.exit_code == 0, result.stderr
    assert "ignoring unfinished line(s) 1" in result.stderr
    assert "0 ok, 0 failed, 1 skipped" in result.stderr
    assert out.read_bytes() == whole[: len(whole) // 2] + b"\n" + whole


def test_refuses_to_append_to_a_file_it_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "notes.jsonl"
    out.write_text('{"note": "mine"}\n', encoding="utf-8")
    result = runner.invoke(app, ["batch", str(SEED), "-o", str(out), "--provider", "rules"])
    assert result.exit_code == 2
    assert f"{out}: line 1 is not a summary record" in result.stderr
    assert out.read_text(encoding="utf-8") == '{"note": "mine"}\n'


def test_a_second_writer_on_the_same_output_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with JsonlWriter(out), pytest.raises(InputError, match="another summarizer batch"):
        JsonlWriter(out)


# -- pacing and display -----------------------------------------------------------------------


def test_rate_limiter_spaces_starts_evenly(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        asked.append(seconds)

    monkeypatch.setattr(batch_runner.asyncio, "sleep", fake_sleep)

    async def main() -> None:
        limiter = RateLimiter(per_minute=30)  # one start every 2 seconds
        await asyncio.gather(*(limiter.wait() for _ in range(4)))

    asyncio.run(main())
    # The first starts at once; the others are queued 2, 4 and 6 seconds out.
    assert len(asked) == 3
    assert [round(s) for s in sorted(asked)] == [2, 4, 6]


def test_progress_bar_draws_only_when_enabled() -> None:
    stats = BatchStats(total=4, ok=2, failed=1, cached=1, prompt_tokens=1000, completion_tokens=234)
    shown = io.StringIO()
    console = Console(file=shown, force_terminal=True, width=140)
    with BatchProgress(4, enabled=True, console=console) as progress:
        progress.update(stats)
    assert "3/4" in shown.getvalue() and "1 failed" in shown.getvalue()
    assert "1,234 tokens" in shown.getvalue()

    hidden = io.StringIO()
    console = Console(file=hidden, force_terminal=True, width=140)
    with BatchProgress(4, enabled=False, console=console) as progress:
        progress.update(stats)
    assert hidden.getvalue() == ""


def test_non_tty_stderr_has_no_progress_bar_and_quiet_has_nothing(tmp_path: Path) -> None:
    inputs = write_articles(tmp_path / "in", 3)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["batch", str(tmp_path / "in"), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "━" not in result.stderr and "ETA" not in result.stderr
    assert "rules provider" in result.stderr  # the fallback announced once
    assert "3 inputs: 3 ok, 0 failed, 0 skipped" in result.stderr
    assert "articles/min" in result.stderr
    assert result.stdout == ""

    out.unlink()
    result = runner.invoke(app, ["batch", *map(str, inputs), "-o", str(out), "--quiet"])
    assert result.exit_code == 0
    assert result.stderr == "" and result.stdout == ""
    assert len(read_records(out)) == 3


# -- the rules provider, end to end -------------------------------------------------------------


def test_rules_provider_batches_and_records_are_the_summarize_json(tmp_path: Path) -> None:
    inputs = write_articles(tmp_path / "in", 5)
    out = tmp_path / "out.jsonl"
    args = ["batch", str(tmp_path / "in"), str(SEED), "-o", str(out), "--provider", "rules"]
    args += ["--date", "2021-06-28"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    records = read_records(out)
    assert ok_sources(records) == Counter([*map(str, inputs), str(SEED)])
    assert {r.provenance.provider for r in records} == {"rules"}
    assert {r.provenance.reference_date for r in records} == {"2021-06-28"}

    # Each line is exactly what `summarize --json` prints for the same article.
    single = runner.invoke(
        app, ["summarize", str(SEED), "--json", "--provider", "rules", "--date", "2021-06-28"]
    )
    line = next(r for r in records if r.source == str(SEED))
    expected = SummaryRecord.model_validate_json(single.stdout)
    assert line.model_dump(exclude={"usage"}) == expected.model_dump(exclude={"usage"})
    raw_line = next(x for x in out.read_text().splitlines() if json.loads(x)["source"] == str(SEED))
    assert raw_line == line.to_json()

    # Run again: everything is already done, nothing is appended.
    before = out.read_bytes()
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert "0 ok, 0 failed, 6 skipped" in result.stderr
    assert out.read_bytes() == before

    # A different reference date can change the answer: it is new work, not a skip.
    result = runner.invoke(
        app, ["batch", str(SEED), "-o", str(out), "--provider", "rules", "--date", "2021-07-05"]
    )
    assert result.exit_code == 0
    assert "1 ok, 0 failed, 0 skipped" in result.stderr


def test_a_binary_file_among_inputs_is_an_error_record_and_exit_1(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 3)
    (tmp_path / "in" / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        app, ["batch", str(tmp_path / "in"), str(tmp_path / "gone.txt"), "-o", str(out)]
    )
    assert result.exit_code == 1
    assert "3 ok, 2 failed" in result.stderr
    records = {r.source: r for r in read_records(out)}
    assert len(records) == 5
    binary = records[str(tmp_path / "in" / "photo.txt")]
    assert binary.error is not None and binary.error.type == "InputError"
    assert "binary" in binary.error.message
    assert binary.result is None and binary.id == ""
    missing = records[str(tmp_path / "gone.txt")]
    assert missing.error is not None and missing.error.type == "InputError"


def test_identical_articles_under_rules_get_one_record_each(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_articles(folder, 2)
    (folder / "copy.txt").write_bytes((folder / "report-000.txt").read_bytes())
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["batch", str(folder), "-o", str(out), "--provider", "rules"])
    assert result.exit_code == 0, result.stderr
    records = {r.source: r for r in read_records(out)}
    original, copy = records[str(folder / "report-000.txt")], records[str(folder / "copy.txt")]
    assert copy.id == original.id and copy.result == original.result
    assert [original.usage.cached, copy.usage.cached].count(True) == 1


# -- against the scripted model server ----------------------------------------------------------


class ScriptedModel:
    """Answers every article with a grounded record; counts calls per article and overlap."""

    def __init__(
        self,
        llm: FakeLLM,
        *,
        delay: float = 0.0,
        fail: set[int] | None = None,
        throttle: set[int] | None = None,
    ) -> None:
        self.delay = delay
        self.fail = set(fail or ())
        self.throttle = set(throttle or ())  # answered 429 + Retry-After, the first time only
        self.active = 0
        self.peak = 0
        self._lock = threading.Lock()
        self.llm = llm
        llm.default = self

    def articles(self, requests: list[Request] | None = None) -> list[int]:
        """The article number each request was about, in arrival order."""
        return [article_number(r) for r in (self.llm.requests if requests is None else requests)]

    def __call__(self, request: Request) -> Answer:
        n = article_number(request)
        with self._lock:
            self.active += 1
            self.peak = max(self.peak, self.active)
        if n in self.throttle:
            self.throttle.discard(n)
            body: dict[str, Any] = {"error": {"message": "slow down", "type": "rate_limit"}}
            headers = {"Retry-After": "0.2"}
            return Answer(status=429, body=self._done(lambda _r: body), headers=headers)
        if n in self.fail:
            body = {"error": {"message": "bad request", "type": "invalid"}}
            return Answer(status=400, body=self._done(lambda _r: body), delay=self.delay)
        return Answer(body=self._done(shaped(answer_for(n))), delay=self.delay)

    def _done(self, build: Callable[[Request], dict[str, Any]]) -> Callable[[Request], Any]:
        def finish(request: Request) -> dict[str, Any]:  # runs after the delay
            with self._lock:
                self.active -= 1
            return build(request)

        return finish


def article_number(request: Request) -> int:
    found = re.search(r"wounding (\d+) workers", request.message("user"))
    assert found, "not one of this module's articles"
    return int(found.group(1)) - 2


def answer_for(n: int) -> dict[str, Any]:
    place = PLACES[n % len(PLACES)]
    return {
        "title": f"Rocket strike hits depot near {place}",
        "summary": f"Two rockets struck a fuel depot near {place}, wounding {n + 2} workers.",
        "events": [
            {
                "kind": "shelling_artillery_missile_attack",
                "description": f"Two rockets struck a fuel depot near {place}.",
                "location": place,
                "targets": ["a fuel depot"],
                "evidence": f"Two rockets struck a fuel depot near {place} on Monday",
            }
        ],
        "casualties": [
            {
                "group": "workers",
                "injured": {"value": n + 2, "precision": "exact"},
                "event": 0,
                "reported_by": "the provincial police",
                "evidence": f"wounding {n + 2} workers",
            }
        ],
        "attributions": [],
    }


def model_args(llm: FakeLLM, *extra: str) -> list[str]:
    return ["--provider", "openai", "--base-url", llm.base_url, "--model", "fake-model", *extra]


def test_many_inputs_run_concurrently_within_the_bound(tmp_path: Path, fake_llm: FakeLLM) -> None:
    model = ScriptedModel(fake_llm, delay=0.2)
    inputs = write_articles(tmp_path / "in", 40)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        app, ["batch", str(tmp_path / "in"), "-o", str(out), *model_args(fake_llm)]
    )
    assert result.exit_code == 0, result.stderr
    assert "40 inputs: 40 ok, 0 failed, 0 skipped" in result.stderr
    assert "40 model calls" in result.stderr
    records = read_records(out)
    assert ok_sources(records) == Counter(map(str, inputs))
    assert sorted(model.articles()) == list(range(40))
    assert 1 < model.peak <= 8  # overlapping requests, never more than --concurrency
    assert all(r.provenance.provider == "openai" and r.usage.calls == 1 for r in records)
    by_source = {r.source: r for r in records}
    casualty = by_source[str(inputs[7])].result.casualties[0]  # type: ignore[union-attr]
    assert casualty.injured is not None and casualty.injured.value == 9


def test_concurrency_option_bounds_requests_in_flight(tmp_path: Path, fake_llm: FakeLLM) -> None:
    model = ScriptedModel(fake_llm, delay=0.1)
    write_articles(tmp_path / "in", 12)
    out = tmp_path / "out.jsonl"
    args = ["batch", str(tmp_path / "in"), "-o", str(out), "--concurrency", "3"]
    result = runner.invoke(app, [*args, *model_args(fake_llm, "--rpm", "100000")])
    assert result.exit_code == 0, result.stderr
    assert fake_llm.calls == 12
    assert 1 < model.peak <= 3


def test_duplicates_cost_one_call_and_each_input_keeps_its_record(
    tmp_path: Path, fake_llm: FakeLLM
) -> None:
    model = ScriptedModel(fake_llm, delay=0.2)
    folder = tmp_path / "in"
    write_articles(folder, 3)
    for name in ("copy-a.txt", "copy-b.txt"):
        (folder / name).write_bytes((folder / "report-000.txt").read_bytes())
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["batch", str(folder), "-o", str(out), *model_args(fake_llm)])
    assert result.exit_code == 0, result.stderr
    assert sorted(model.articles()) == [0, 1, 2]  # three distinct texts, three calls
    records = read_records(out)
    assert len(records) == 5
    original = next(r for r in records if r.source == str(folder / "report-000.txt"))
    same = [r for r in records if r.id == original.id]
    assert sorted(Path(r.source).name for r in same) == [
        "copy-a.txt",
        "copy-b.txt",
        "report-000.txt",
    ]
    assert len({r.model_dump_json(include={"result"}) for r in same}) == 1
    paid = [r for r in same if not r.usage.cached]
    assert len(paid) == 1 and paid[0].usage.calls == 1
    assert all(r.usage.calls == 0 and r.usage.prompt_tokens == 0 for r in same if r.usage.cached)
    assert "2 copied from identical articles" in result.stderr

    # Later, the same article under yet another name: a record of its own, still no call.
    (folder / "copy-c.txt").write_bytes((folder / "report-000.txt").read_bytes())
    calls = fake_llm.calls
    result = runner.invoke(app, ["batch", str(folder), "-o", str(out), *model_args(fake_llm)])
    assert result.exit_code == 0, result.stderr
    assert fake_llm.calls == calls
    newest = read_records(out)[-1]
    assert newest.source == str(folder / "copy-c.txt") and newest.ok and newest.usage.cached
    assert "1 ok, 0 failed, 5 skipped" in result.stderr


def test_failed_inputs_are_retried_on_the_next_run(tmp_path: Path, fake_llm: FakeLLM) -> None:
    model = ScriptedModel(fake_llm, fail={1})
    inputs = write_articles(tmp_path / "in", 4)
    out = tmp_path / "out.jsonl"
    args = ["batch", str(tmp_path / "in"), "-o", str(out), *model_args(fake_llm)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "3 ok, 1 failed" in result.stderr
    failed = [r for r in read_records(out) if not r.ok]
    assert [r.source for r in failed] == [str(inputs[1])]
    assert failed[0].error is not None and failed[0].error.type == "ProviderError"
    assert failed[0].id  # the text was read and cleaned: its id is known

    model.fail.clear()
    calls = fake_llm.calls
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert model.articles(fake_llm.requests[calls:]) == [1]
    assert "1 ok, 0 failed, 3 skipped" in result.stderr
    records = read_records(out)
    assert len(records) == 5 and records[-1].source == str(inputs[1]) and records[-1].ok
    result = runner.invoke(app, args)  # the newest record for the input wins: now done
    assert result.exit_code == 0 and "0 ok, 0 failed, 4 skipped" in result.stderr


def test_a_resume_with_another_mode_or_date_redoes_the_articles(
    tmp_path: Path, fake_llm: FakeLLM, monkeypatch: pytest.MonkeyPatch
) -> None:
    ScriptedModel(fake_llm)
    write_articles(tmp_path / "in", 3)
    out = tmp_path / "out.jsonl"
    args = ["batch", str(tmp_path / "in"), "-o", str(out), *model_args(fake_llm)]
    assert runner.invoke(app, args).exit_code == 0
    assert runner.invoke(app, args).stderr.count("0 ok, 0 failed, 3 skipped") == 1
    # Another answer shape can give another answer: nothing is skipped, and the records
    # tell the two configurations apart.
    monkeypatch.setenv("SUMMARIZER_MODE", "json")
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert "3 ok, 0 failed, 0 skipped" in result.stderr
    result = runner.invoke(app, [*args, "--date", "2024-03-01"])
    assert "3 ok, 0 failed, 0 skipped" in result.stderr
    records = read_records(out)
    assert len({r.provenance.answer_key for r in records}) == 9
    modes = {r.provenance.params["mode"] for r in records}
    assert modes == {"tools", "json"}


def test_a_throttled_article_is_retried_by_the_client_and_succeeds(
    tmp_path: Path, fake_llm: FakeLLM
) -> None:
    model = ScriptedModel(fake_llm, throttle={2, 5})
    inputs = write_articles(tmp_path / "in", 8)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        app, ["batch", str(tmp_path / "in"), "-o", str(out), *model_args(fake_llm)]
    )
    assert result.exit_code == 0, result.stderr
    assert ok_sources(read_records(out)) == Counter(map(str, inputs))
    assert sorted(model.articles()) == sorted([*range(8), 2, 5])  # one retry each


def test_rejected_credentials_stop_the_whole_batch(tmp_path: Path, fake_llm: FakeLLM) -> None:
    fake_llm.default = lambda r: Answer(status=401, body={"error": {"message": "bad key"}})
    write_articles(tmp_path / "in", 20)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        app, ["batch", str(tmp_path / "in"), "-o", str(out), *model_args(fake_llm)]
    )
    assert result.exit_code == 3
    assert "summarizer: error:" in result.stderr
    assert fake_llm.calls <= 8  # the calls already in flight, not one per article
    assert read_records(out) == []


def _run_in_background(args: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "summarizer", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ),
    )


def _wait_for_lines(out: Path, count: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if out.exists() and out.read_bytes().count(b"\n") >= count:
            return
        time.sleep(0.02)
    process.kill()
    _, err = process.communicate()
    raise AssertionError(f"the batch never wrote {count} records: {err.decode()}")


def _complete_records(out: Path) -> list[SummaryRecord]:
    data = out.read_bytes()
    return [SummaryRecord.model_validate_json(line) for line in data.split(b"\n")[:-1] if line]


def test_killed_mid_run_then_resumed_gives_each_input_once_and_redoes_nothing(
    tmp_path: Path, fake_llm: FakeLLM
) -> None:
    model = ScriptedModel(fake_llm, delay=0.15)
    inputs = write_articles(tmp_path / "in", 30)
    out = tmp_path / "out.jsonl"
    args = ["batch", str(tmp_path / "in"), "-o", str(out), "--concurrency", "4"]
    args += model_args(fake_llm)
    process = _run_in_background(args)
    _wait_for_lines(out, 8, process)
    process.kill()  # SIGKILL: no chance to clean up
    process.communicate()
    assert process.returncode == -signal.SIGKILL

    finished = {r.source for r in _complete_records(out) if r.ok}
    assert 8 <= len(finished) < 30
    calls = fake_llm.calls
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert f"{len(finished)} skipped" in result.stderr

    assert ok_sources(_complete_records(out)) == Counter(map(str, inputs))  # each exactly once
    # One call for each input not finished before the kill, and none for the others.
    redone = model.articles(fake_llm.requests[calls:])
    assert sorted(redone) == [n for n, path in enumerate(inputs) if str(path) not in finished]


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_cleanly_keeping_every_finished_record(
    tmp_path: Path, fake_llm: FakeLLM, signum: int, code: int
) -> None:
    ScriptedModel(fake_llm, delay=0.15)
    inputs = write_articles(tmp_path / "in", 30)
    out = tmp_path / "out.jsonl"
    args = ["batch", str(tmp_path / "in"), "-o", str(out), "--concurrency", "4"]
    args += model_args(fake_llm)
    process = _run_in_background(args)
    _wait_for_lines(out, 4, process)
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == code, err.decode()
    name = signal.Signals(signum).name
    assert f"interrupted by {name}" in err.decode() and "run the same command again" in err.decode()
    data = out.read_bytes()
    assert data.endswith(b"\n")  # no half-written line
    kept = _complete_records(out)
    assert 4 <= len(kept) < 30 and all(r.ok for r in kept)
    assert f"{len(kept)} records written" in err.decode()

    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert ok_sources(read_records(out)) == Counter(map(str, inputs))


def test_a_jsonl_manifest_of_text_html_and_path_items(tmp_path: Path) -> None:
    manifest = DATA / "items.jsonl"
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["batch", str(manifest), "-o", str(out), "--provider", "rules"])
    assert result.exit_code == 0, result.stderr
    records = {r.source: r for r in read_records(out)}
    page = str(DATA / "pages" / "market-fire.html")
    assert set(records) == {"wire-0001", "wire-0002", "wire-0003", page}
    assert all(r.ok for r in records.values())
    html = records["wire-0002"]
    assert (
        html.article is not None and html.article.title == "Fire destroys market stalls in Kessala"
    )
    assert html.provenance.reference_date == "2024-03-12"  # from the page's metadata
    # The same page inline and by path is one article: extracted once, copied once.
    assert records[page].id == html.id and records[page].result == html.result
    assert [records[page].usage.cached, html.usage.cached].count(True) == 1
    dateline = records["wire-0003"].article and records["wire-0003"].article.dateline
    assert dateline is not None and dateline.place == "VARNA BAY"


def _stderr_on_a_terminal(args: list[str]) -> str:
    """Run the CLI with stderr on a pseudo-terminal; what it drew there."""
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "summarizer", *args],
            stdout=subprocess.DEVNULL,
            stderr=slave,
            env={**os.environ, "COLUMNS": "160", "TERM": "xterm"},
        )
        os.close(slave)
        chunks = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if not select.select([master], [], [], 0.5)[0]:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the terminal's other side is closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait(timeout=60) == 0
    finally:
        os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_unless_quiet(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 3)
    args = ["batch", str(tmp_path / "in"), "--provider", "rules"]
    drawn = _stderr_on_a_terminal([*args, "-o", str(tmp_path / "a.jsonl")])
    assert "3/3" in drawn and "ETA" in drawn and "tokens" in drawn
    assert "3 inputs: 3 ok" in drawn
    quiet = _stderr_on_a_terminal([*args, "-o", str(tmp_path / "b.jsonl"), "--quiet"])
    assert quiet == ""

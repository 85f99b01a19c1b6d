"""`summarizer batch --via batch-api`: the OpenAI Batch API against the scripted server.

The real openai client uploads, creates, polls and downloads against tests/fakebatch.py;
the requests inside a batch are answered by the same script as direct calls, so each
test compares the Batch API with the direct mode on the same articles.
"""

from __future__ import annotations

import io
import json
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import SEED, SEED_ANSWER
from fakeserver import Answer, FakeLLM, Request
from rich.console import Console
from test_batch import (
    _complete_records,
    _run_in_background,
    _stderr_on_a_terminal,
    answer_for,
    article_number,
    ok_sources,
    read_records,
    write_articles,
)
from typer.testing import CliRunner

from summarizer.batch import BatchStats, JsonlWriter, discover_inputs, remote
from summarizer.batch.state import BatchState, Part
from summarizer.cli import app
from summarizer.cli.progress import RemoteProgress
from summarizer.config import Settings
from summarizer.pipeline import Pipeline
from summarizer.providers.openai import OpenAIProvider
from summarizer.providers.openai.batch_api import read_result, request_line
from summarizer.records import SummaryRecord

runner = CliRunner()
STATE = ".batch.json"


class Model:
    """Answers each article of test_batch (and the seed) with a grounded record.

    ``ungrounded`` articles get an answer whose casualty evidence is not in the article
    the first time they are asked; ``batch_errors`` articles get a 500 inside a batch
    (never when asked directly).
    """

    def __init__(
        self,
        llm: FakeLLM,
        *,
        ungrounded: set[int] | None = None,
        batch_errors: set[int] | None = None,
    ) -> None:
        self.ungrounded = set(ungrounded or ())
        self.batch_errors = set(batch_errors or ())
        self.llm = llm
        llm.default = self

    def __call__(self, request: Request) -> Answer | dict[str, Any]:
        if "wounding" not in request.message("user"):
            # No reference date is given here: a faithful answer leaves weekdays undated.
            return {**SEED_ANSWER, "events": [{**e, "date": None} for e in SEED_ANSWER["events"]]}
        n = article_number(request)
        if request.via_batch and n in self.batch_errors:
            return Answer(status=500, body={"error": {"message": "server overloaded"}})
        answer = answer_for(n)
        if n in self.ungrounded:
            self.ungrounded.discard(n)
            answer["casualties"][0]["evidence"] = f"killing {n + 2} workers"
        return answer

    def asked(self, *, via_batch: bool) -> list[int]:
        """Article numbers of the requests made through batches, or directly."""
        return [
            article_number(r)
            for r in self.llm.requests
            if bool(r.via_batch) == via_batch and "wounding" in r.message("user")
        ]


def api_args(
    llm: FakeLLM, out: Path, *inputs: Path | str, extra: tuple[str, ...] = ()
) -> list[str]:
    return [
        "batch",
        *map(str, inputs),
        "-o",
        str(out),
        "--provider",
        "openai",
        "--base-url",
        llm.base_url,
        "--model",
        "fake-model",
        "--via",
        "batch-api",
        "--poll-interval",
        "0.01",
        *extra,
    ]


def uploaded_lines(llm: FakeLLM, file_id: str = "file-1") -> list[dict[str, Any]]:
    content = llm.batches.files[file_id].content
    return [json.loads(line) for line in content.splitlines()]


def state_of(out: Path) -> dict[str, Any]:
    return json.loads(out.with_name(out.name + STATE).read_text(encoding="utf-8"))


# -- the request file ---------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["tools", "json"])
def test_each_request_line_is_exactly_what_the_direct_mode_sends(
    tmp_path: Path, fake_llm: FakeLLM, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    monkeypatch.setenv("SUMMARIZER_MODE", mode)
    Model(fake_llm)
    inputs = [*write_articles(tmp_path / "in", 2), SEED]
    direct = tmp_path / "direct.jsonl"
    model = ["--provider", "openai", "--base-url", fake_llm.base_url, "--model", "fake-model"]
    result = runner.invoke(app, ["batch", *map(str, inputs), "-o", str(direct), *model])
    assert result.exit_code == 0, result.stderr
    sent = {json.dumps(r.body, sort_keys=True) for r in fake_llm.requests}
    assert len(sent) == 3

    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, api_args(fake_llm, out, *inputs))
    assert result.exit_code == 0, result.stderr
    lines = uploaded_lines(fake_llm)
    assert {json.dumps(line["body"], sort_keys=True) for line in lines} == sent
    assert {line["method"] for line in lines} == {"POST"}
    assert {line["url"] for line in lines} == {"/v1/chat/completions"}
    assert fake_llm.batches.files["file-1"].purpose == "batch"
    created = fake_llm.batches.created["batch_1"]
    assert created.endpoint == "/v1/chat/completions" and created.completion_window == "24h"

    # custom_id is the answer key, and the records are those of the direct mode.
    records = {r.source: r for r in read_records(out)}
    assert {line["custom_id"] for line in lines} == {
        r.provenance.answer_key for r in records.values()
    }
    for before in read_records(direct):
        after = records[before.source]
        assert after.model_dump(exclude={"usage"}) == before.model_dump(exclude={"usage"})
        assert after.usage.prompt_tokens == before.usage.prompt_tokens  # from the batch
        assert after.usage.completion_tokens == before.usage.completion_tokens
        assert after.usage.calls == 1


def test_request_and_result_lines() -> None:
    line = request_line("k1", {"model": "m", "messages": []})
    assert line.endswith(b"\n") and json.loads(line) == {
        "custom_id": "k1",
        "method": "POST",
        "url": "/v1/chat/completions",
        "body": {"model": "m", "messages": []},
    }
    answer = {"id": "c", "choices": [], "object": "chat.completion"}
    ok = read_result(
        json.dumps({"custom_id": "k1", "response": {"status_code": 200, "body": answer}}).encode()
    )
    assert ok is not None and ok.answer == answer and ok.error is None
    expired = read_result(
        json.dumps(
            {
                "custom_id": "k2",
                "response": None,
                "error": {"code": "batch_expired", "message": "late"},
            }
        ).encode()
    )
    assert expired is not None and expired.answer is None and expired.error == "batch_expired: late"
    failed = read_result(
        json.dumps(
            {
                "custom_id": "k3",
                "response": {"status_code": 400, "body": {"error": {"message": "bad"}}},
            }
        ).encode()
    )
    assert failed is not None and failed.error == "HTTP 400: bad"
    assert read_result(b'{"custom_id": "k4", "resp') is None
    assert read_result(b'{"no": "id"}') is None


# -- end to end ---------------------------------------------------------------------------------


def test_a_batch_runs_end_to_end_and_a_rerun_writes_nothing(
    tmp_path: Path, fake_llm: FakeLLM, record_schema: dict[str, Any]
) -> None:
    model = Model(fake_llm)
    inputs = write_articles(tmp_path / "in", 6)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, api_args(fake_llm, out, tmp_path / "in"))
    assert result.exit_code == 0, result.stderr
    records = read_records(out)
    assert ok_sources(records) == Counter(map(str, inputs))
    assert sorted(model.asked(via_batch=True)) == list(range(6))
    assert model.asked(via_batch=False) == []  # no direct call at all
    for line in out.read_text(encoding="utf-8").splitlines():
        jsonschema.validate(json.loads(line), record_schema)

    # One upload, one batch, polled through its statuses, its output downloaded.
    api = fake_llm.batches
    assert api.calls("POST", "/v1/files") == 1 and api.calls("POST", "/v1/batches") == 1
    assert api.calls("GET", "/v1/batches/batch_1") == 3  # in_progress, finalizing, completed
    assert api.calls("GET", f"/v1/files/{api.created['batch_1'].output_file_id}/content") == 1
    stderr = result.stderr
    assert "uploaded 6 request(s)" in stderr and "as file-1" in stderr
    assert "created batch batch_1 (validating)" in stderr
    assert "batch batch_1 completed: 6 of 6 request(s) done, 0 failed" in stderr
    tokens = sum(r.usage.prompt_tokens + r.usage.completion_tokens for r in records)
    final = stderr.strip().splitlines()[-1]
    assert final.startswith("summarizer: 6 inputs: 6 ok, 0 failed, 0 skipped")
    assert f"{tokens:,} tokens" in final and "batches batch_1 (completed)" in final
    assert "6 requests, 6 answered, 0 errored or expired, 0 asked directly; waited " in final
    # Nothing is left beside the output once every batch is collected.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out.jsonl"]

    before = out.read_bytes()
    result = runner.invoke(app, api_args(fake_llm, out, tmp_path / "in"))
    assert result.exit_code == 0, result.stderr
    assert "0 ok, 0 failed, 6 skipped" in result.stderr
    assert out.read_bytes() == before and api.calls("POST", "/v1/files") == 1


def test_identical_articles_share_one_request(tmp_path: Path, fake_llm: FakeLLM) -> None:
    Model(fake_llm)
    folder = tmp_path / "in"
    write_articles(folder, 2)
    (folder / "copy.txt").write_bytes((folder / "report-000.txt").read_bytes())
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, api_args(fake_llm, out, folder))
    assert result.exit_code == 0, result.stderr
    assert len(uploaded_lines(fake_llm)) == 2
    records = {Path(r.source).name: r for r in read_records(out)}
    assert set(records) == {"copy.txt", "report-000.txt", "report-001.txt"}
    assert records["copy.txt"].result == records["report-000.txt"].result
    assert [records["copy.txt"].usage.cached, records["report-000.txt"].usage.cached].count(
        True
    ) == 1


def test_requests_are_split_at_the_per_file_limits(tmp_path: Path, fake_llm: FakeLLM) -> None:
    Model(fake_llm)
    inputs = write_articles(tmp_path / "in", 5)
    out = tmp_path / "out.jsonl"
    args = api_args(fake_llm, out, tmp_path / "in", extra=("--batch-max-requests", "2"))
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert sorted(fake_llm.batches.created) == ["batch_1", "batch_2", "batch_3"]
    sizes = [
        len(uploaded_lines(fake_llm, b.input_file_id)) for b in fake_llm.batches.created.values()
    ]
    assert sizes == [2, 2, 1]
    assert ok_sources(read_records(out)) == Counter(map(str, inputs))

    # By bytes: a limit that holds two of these requests but not three.
    first = fake_llm.batches.files[fake_llm.batches.created["batch_1"].input_file_id].content
    biggest = max(len(line) + 1 for line in first.splitlines())
    limit = str(2 * biggest + biggest // 2)
    out2 = tmp_path / "out2.jsonl"
    args = api_args(fake_llm, out2, tmp_path / "in", extra=("--batch-max-bytes", limit))
    result = runner.invoke(app, [*args[:1], *args[1:]])
    assert result.exit_code == 0, result.stderr
    new = [
        b
        for b in fake_llm.batches.created.values()
        if b.id not in {"batch_1", "batch_2", "batch_3"}
    ]
    files = [fake_llm.batches.files[b.input_file_id].content for b in new]
    assert [len(f.splitlines()) for f in files] == [2, 2, 1]
    assert max(map(len, files)) <= int(limit)

    too_small = api_args(
        fake_llm, tmp_path / "out3.jsonl", tmp_path / "in", extra=("--batch-max-bytes", "100")
    )
    result = runner.invoke(app, too_small)
    assert result.exit_code == 2
    assert "more than the 100 bytes a request file may hold" in result.stderr


# -- what goes wrong in a batch -----------------------------------------------------------------


def test_an_expired_batch_answers_what_it_ran_and_asks_the_rest_directly(
    tmp_path: Path, fake_llm: FakeLLM
) -> None:
    model = Model(fake_llm)
    inputs = write_articles(tmp_path / "in", 5)
    fake_llm.batches.plan(statuses=["validating", "in_progress", "expired"], answered=2)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, api_args(fake_llm, out, tmp_path / "in"))
    assert result.exit_code == 0, result.stderr
    assert ok_sources(read_records(out)) == Counter(map(str, inputs))
    assert len(model.asked(via_batch=True)) == 2
    assert len(model.asked(via_batch=False)) == 3
    assert "batch batch_1 expired: 2 of 5 request(s) done, 3 failed" in result.stderr
    assert (
        "batches batch_1 (expired): 5 requests, 2 answered, 3 errored or expired, 3 asked directly"
        in result.stderr
    )


def test_errored_requests_in_the_error_file_are_asked_again_directly(
    tmp_path: Path, fake_llm: FakeLLM
) -> None:
    model = Model(fake_llm, batch_errors={1, 3})
    inputs = write_articles(tmp_path / "in", 4)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, api_args(fake_llm, out, tmp_path / "in"))
    assert result.exit_code == 0, result.stderr
    batch = fake_llm.batches.created["batch_1"]
    errors = fake_llm.batches.files[batch.error_file_id or ""].content.splitlines()
    assert len(errors) == 2 and all(json.loads(e)["response"]["status_code"] == 500 for e in errors)
    assert sorted(model.asked(via_batch=False)) == [1, 3]
    records = {r.source: r for r in read_records(out)}
    assert ok_sources(list(records.values())) == Counter(map(str, inputs))
    assert (
        records[str(inputs[1])].usage.calls == 1
    )  # the direct call; the batch's failed one cost nothing


def test_an_ungrounded_answer_is_reasked_directly_in_the_same_conversation(
    tmp_path: Path, fake_llm: FakeLLM
) -> None:
    model = Model(fake_llm, ungrounded={2})
    inputs = write_articles(tmp_path / "in", 3)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, api_args(fake_llm, out, tmp_path / "in"))
    assert result.exit_code == 0, result.stderr
    assert model.asked(via_batch=False) == [2]
    reask = next(r for r in fake_llm.requests if not r.via_batch)
    roles = [m["role"] for m in reask.messages]
    assert roles == ["system", "user", "assistant", "tool"]  # instructor's re-ask, as direct
    assert "killing 4 workers" in json.dumps(reask.messages[2])  # the rejected answer
    assert "not grounded" in json.dumps(reask.messages[3])
    record = next(r for r in read_records(out) if r.source == str(inputs[2]))
    assert record.ok and record.usage.calls == 2
    first = next(r for r in fake_llm.requests if r.via_batch and article_number(r) == 2)
    assert record.usage.prompt_tokens > len(json.dumps(first.body)) // 4  # both calls counted
    assert "1 asked directly" in result.stderr


def test_reasks_can_go_out_as_a_second_batch(tmp_path: Path, fake_llm: FakeLLM) -> None:
    model = Model(fake_llm, ungrounded={0}, batch_errors=set())
    inputs = write_articles(tmp_path / "in", 3)
    fake_llm.batches.plan(statuses=["validating", "expired"], answered=2)  # article 2 expires
    out = tmp_path / "out.jsonl"
    args = api_args(fake_llm, out, tmp_path / "in", extra=("--reask-via", "batch"))
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert model.asked(via_batch=False) == []  # nothing asked directly
    assert sorted(fake_llm.batches.created) == ["batch_1", "batch_2"]
    second = uploaded_lines(fake_llm, fake_llm.batches.created["batch_2"].input_file_id)
    assert len(second) == 2
    by_article = {article_number(Request("POST", "", {}, line["body"])): line for line in second}
    assert [m["role"] for m in by_article[0]["body"]["messages"]] == [
        "system",
        "user",
        "assistant",
        "tool",
    ]
    first = uploaded_lines(fake_llm)
    original = next(line for line in first if line["custom_id"] == by_article[2]["custom_id"])
    assert by_article[2]["body"] == original["body"]  # the expired request, sent again
    records = {r.source: r for r in read_records(out)}
    assert ok_sources(list(records.values())) == Counter(map(str, inputs))
    assert records[str(inputs[0])].usage.calls == 2
    assert "sending 2 re-ask(s) as a further batch" in result.stderr


def test_a_malformed_output_line_is_asked_again(tmp_path: Path, fake_llm: FakeLLM) -> None:
    model = Model(fake_llm)
    inputs = write_articles(tmp_path / "in", 3)
    fake_llm.batches.plan(malformed={1})
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, api_args(fake_llm, out, tmp_path / "in"))
    assert result.exit_code == 0, result.stderr
    assert "1 line(s) of batch batch_1's results are not valid results" in result.stderr
    assert len(model.asked(via_batch=False)) == 1
    assert ok_sources(read_records(out)) == Counter(map(str, inputs))


def test_a_failed_batch_is_one_error_and_the_next_run_sends_a_new_one(
    tmp_path: Path, fake_llm: FakeLLM
) -> None:
    model = Model(fake_llm)
    inputs = write_articles(tmp_path / "in", 3)
    fake_llm.batches.plan(statuses=["validating", "failed"], errors=["model fake-model not found"])
    out = tmp_path / "out.jsonl"
    args = api_args(fake_llm, out, tmp_path / "in")
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "summarizer: error: batch batch_1: model fake-model not found" in result.stderr
    assert model.asked(via_batch=False) == [] and read_records(out) == []
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert ok_sources(read_records(out)) == Counter(map(str, inputs))


@pytest.mark.parametrize(
    ("status", "code", "says"),
    [
        (
            401,
            3,
            "cannot upload part-001.requests.jsonl: the provider rejected the credentials "
            "(HTTP 401)",
        ),
        (404, 3, "does not offer the Batch API (HTTP 404 when trying to upload"),
    ],
)
def test_a_refused_upload_stops_the_run(
    tmp_path: Path, fake_llm: FakeLLM, status: int, code: int, says: str
) -> None:
    Model(fake_llm)
    write_articles(tmp_path / "in", 2)
    fake_llm.batches.refuse(status, "no")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, api_args(fake_llm, out, tmp_path / "in"))
    assert result.exit_code == code
    assert says in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_failing_status_check_is_a_warning_and_the_wait_goes_on(
    tmp_path: Path, fake_llm: FakeLLM
) -> None:
    Model(fake_llm)
    inputs = write_articles(tmp_path / "in", 2)
    for _ in range(3):  # the first check and the client's two retries of it
        fake_llm.batches.refuse(502, "bad gateway", path="/v1/batches/batch_1")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, [*api_args(fake_llm, out, tmp_path / "in"), "--quiet"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(
        "summarizer: warning: cannot check batch batch_1: the provider failed (HTTP 502)"
    )
    assert result.stderr.strip().endswith("bad gateway; trying again")  # --quiet: nothing else
    assert ok_sources(read_records(out)) == Counter(map(str, inputs))


def test_the_batch_api_needs_the_openai_provider(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        app, ["batch", str(SEED), "-o", str(out), "--provider", "rules", "--via", "batch-api"]
    )
    assert result.exit_code == 2
    assert "the Batch API needs the openai provider, not rules" in result.stderr
    result = runner.invoke(app, ["batch", str(SEED), "-o", str(out), "--cancel"])
    assert result.exit_code == 2 and "only applies with --via batch-api" in result.stderr


# -- resuming -----------------------------------------------------------------------------------


def _wait_until(check: Callable[[], bool], process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if check():
            return
        if process.poll() is not None:
            break
        time.sleep(0.02)
    process.kill()
    _, err = process.communicate()
    raise AssertionError(f"the run never got there: {err.decode()}")


def _wait_for_batch(out: Path, process: subprocess.Popen[bytes]) -> None:
    """Until the run in ``process`` has recorded its batch's id in the state file."""
    state = out.with_name(out.name + STATE)
    _wait_until(lambda: state.exists() and bool(state_of(out)["parts"][0]["batch_id"]), process)


@pytest.mark.parametrize("created", [False, True])
def test_killed_between_upload_and_creation_resumes_without_a_second_upload(
    tmp_path: Path, fake_llm: FakeLLM, created: bool
) -> None:
    Model(fake_llm)
    inputs = write_articles(tmp_path / "in", 4)
    out = tmp_path / "out.jsonl"
    args = api_args(fake_llm, out, tmp_path / "in")
    fake_llm.batches.hold_creation()
    process = _run_in_background(args[0:])
    _wait_until(lambda: fake_llm.batches.waiting_creations() == 1, process)
    process.kill()
    process.communicate()
    # The server gets the creation after the client died: made (True) or not (False).
    fake_llm.batches.release(create=created)
    part = state_of(out)["parts"][0]
    assert part["file_id"] == "file-1" and part["batch_id"] is None

    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    api = fake_llm.batches
    assert api.calls("POST", "/v1/files") == 1
    assert sorted(api.created) == ["batch_1"]  # found again, or created now: never twice
    assert ok_sources(read_records(out)) == Counter(map(str, inputs))


def test_killed_while_waiting_picks_up_the_same_batch(tmp_path: Path, fake_llm: FakeLLM) -> None:
    Model(fake_llm)
    inputs = write_articles(tmp_path / "in", 4)
    fake_llm.batches.plan(statuses=["validating", *["in_progress"] * 8, "completed"])
    out = tmp_path / "out.jsonl"
    args = api_args(fake_llm, out, tmp_path / "in", extra=("--poll-interval", "0.2"))
    process = _run_in_background(args)
    _wait_for_batch(out, process)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err.decode()
    assert (
        "interrupted by SIGINT" in err.decode()
        and "the batches go on at the provider" in err.decode()
    )
    assert _complete_records(out) == []

    result = runner.invoke(app, api_args(fake_llm, out, tmp_path / "in"))
    assert result.exit_code == 0, result.stderr
    assert "resuming the Batch API run" in result.stderr
    api = fake_llm.batches
    assert api.calls("POST", "/v1/files") == 1 and api.calls("POST", "/v1/batches") == 1
    assert ok_sources(read_records(out)) == Counter(map(str, inputs))


def test_another_configuration_is_refused_while_a_batch_is_pending(
    tmp_path: Path, fake_llm: FakeLLM
) -> None:
    Model(fake_llm)
    write_articles(tmp_path / "in", 2)
    fake_llm.batches.plan(statuses=["validating", *["in_progress"] * 50, "completed"])
    out = tmp_path / "out.jsonl"
    args = api_args(fake_llm, out, tmp_path / "in", extra=("--poll-interval", "5"))
    process = _run_in_background(args)
    _wait_for_batch(out, process)
    process.kill()
    process.communicate()

    other = [*api_args(fake_llm, out, tmp_path / "in")[:-2], "--model", "other-model"]
    result = runner.invoke(app, other)
    assert result.exit_code == 2
    assert 'model "fake-model" (pending) vs "other-model" (now)' in result.stderr
    assert "cancel them with --cancel" in result.stderr
    assert len(fake_llm.batches.created) == 1


def test_cancel_then_collect_what_finished_then_send_the_rest(
    tmp_path: Path, fake_llm: FakeLLM
) -> None:
    Model(fake_llm)
    inputs = write_articles(tmp_path / "in", 5)
    fake_llm.batches.plan(statuses=["validating", *["in_progress"] * 50, "completed"], answered=2)
    out = tmp_path / "out.jsonl"
    args = api_args(fake_llm, out, tmp_path / "in")
    process = _run_in_background([*args, "--poll-interval", "5"])
    _wait_for_batch(out, process)
    process.kill()
    process.communicate()

    result = runner.invoke(app, [*args, "--cancel"])
    assert result.exit_code == 0, result.stderr
    assert "cancelled batch batch_1 (cancelling" in result.stderr
    assert fake_llm.batches.created["batch_1"].status == "cancelling"
    assert fake_llm.batches.calls("POST", "/v1/batches/batch_1/cancel") == 1

    result = runner.invoke(app, args)  # collects the two it finished
    assert result.exit_code == 1
    assert "batch batch_1 cancelled" in result.stderr
    assert "3 input(s) not answered (their batch was cancelled)" in result.stderr
    assert len(read_records(out)) == 2

    result = runner.invoke(app, args)  # a new batch for the other three
    assert result.exit_code == 0, result.stderr
    assert sorted(fake_llm.batches.created) == ["batch_1", "batch_2"]
    assert len(uploaded_lines(fake_llm, fake_llm.batches.created["batch_2"].input_file_id)) == 3
    assert ok_sources(read_records(out)) == Counter(map(str, inputs))
    result = runner.invoke(app, [*args, "--cancel"])
    assert result.exit_code == 2 and "no Batch API run is pending" in result.stderr


def test_the_state_file_is_written_atomically_and_refuses_garbage(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    state = BatchState(BatchState.path_for(out), {"model": "m"})
    state.save()
    assert json.loads(state.path.read_text())["config"] == {"model": "m"}
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl.batch.json"]  # no temp file left
    loaded = BatchState.load(state.path)
    assert loaded is not None and loaded.run_id == state.run_id
    state.path.write_text("{broken")
    result = runner.invoke(
        app,
        [
            "batch",
            str(SEED),
            "-o",
            str(out),
            "--base-url",
            "http://127.0.0.1:9/v1",
            "--via",
            "batch-api",
        ],
    )
    assert result.exit_code == 2
    assert f"{state.path}: cannot read the Batch API state" in result.stderr


def test_batch_records_from_the_api_equal_direct_ones_in_the_output_schema(
    tmp_path: Path, fake_llm: FakeLLM
) -> None:
    Model(fake_llm)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, api_args(fake_llm, out, SEED, extra=("--date", "2021-06-28")))
    assert result.exit_code == 0, result.stderr
    record = read_records(out)[0]
    assert record.ok and record.provenance.reference_date == "2021-06-28"
    assert record.result is not None and record.result.updated is not None
    assert record.result.updated.date == "2021-06-29"
    assert SummaryRecord.model_validate_json(out.read_text()).warnings == []


# -- waiting and what it shows ------------------------------------------------------------------


def test_polls_back_off_up_to_the_ceiling_and_start_again_on_a_new_status(
    tmp_path: Path, fake_llm: FakeLLM, monkeypatch: pytest.MonkeyPatch
) -> None:
    Model(fake_llm)
    paths = write_articles(tmp_path / "in", 2)
    statuses = ["validating", *["in_progress"] * 3, "finalizing", "finalizing", "completed"]
    fake_llm.batches.plan(statuses=statuses)
    waits: list[float] = []

    async def no_wait(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(remote.asyncio, "sleep", no_wait)
    provider = OpenAIProvider(
        Settings(provider="openai", base_url=fake_llm.base_url, model="fake-model")
    )
    seen: list[str] = []
    with JsonlWriter(tmp_path / "out.jsonl") as writer:
        batch = remote.RemoteBatch(
            Pipeline(provider),
            discover_inputs([str(p) for p in paths]),
            writer,
            options=remote.RemoteOptions(poll_seconds=1, poll_ceiling=3),
            on_status=lambda part: seen.append(part.status or ""),
        )
        stats = remote.run_remote(batch)
    assert isinstance(stats, remote.RemoteStats) and stats.records.ok == 2
    assert waits == [1, 2, 3, 1, 2]
    assert [s for n, s in enumerate(seen) if n == 0 or seen[n - 1] != s] == [
        "validating",
        "in_progress",
        "finalizing",
        "completed",
    ]


def test_the_batch_display_draws_statuses_and_counts_only_when_enabled() -> None:
    part = Part(number=1, batch_id="batch_7", status="in_progress", total=6, completed=3, failed=1)
    stats = BatchStats(total=6, ok=2, failed=1, prompt_tokens=1000, completion_tokens=234)
    notes: list[str] = []
    shown = io.StringIO()
    console = Console(file=shown, force_terminal=True, width=140)
    with RemoteProgress(6, enabled=True, console=console) as progress:
        progress.status(part)
        progress.update(stats)
        progress.note("summarizer: created batch batch_7", notes.append)
    drawn = shown.getvalue()
    assert "batch_7" in drawn and "in_progress" in drawn and "4/6" in drawn
    assert "1 failed" in drawn and "3/6" in drawn and "1,234 tokens" in drawn
    assert "created batch batch_7" in drawn and notes == []

    hidden = io.StringIO()
    console = Console(file=hidden, force_terminal=True, width=140)
    with RemoteProgress(6, enabled=False, console=console) as progress:
        progress.status(part)
        progress.update(stats)
        progress.note("summarizer: created batch batch_7", notes.append)
    assert hidden.getvalue() == "" and notes == ["summarizer: created batch batch_7"]


def test_a_terminal_shows_the_batch_going_through_its_statuses(
    tmp_path: Path, fake_llm: FakeLLM
) -> None:
    Model(fake_llm)
    write_articles(tmp_path / "in", 3)
    out = tmp_path / "out.jsonl"
    drawn = _stderr_on_a_terminal(api_args(fake_llm, out, tmp_path / "in"))
    assert "batch_1" in drawn and "completed" in drawn and "3/3" in drawn
    assert "created batch batch_1" in drawn and "3 inputs: 3 ok" in drawn
    quiet = _stderr_on_a_terminal(
        [*api_args(fake_llm, tmp_path / "q.jsonl", tmp_path / "in"), "--quiet"]
    )
    assert quiet == ""

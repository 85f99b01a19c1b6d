"""Issue 12, in batch mode: special files among the inputs and as the output, paths that
lead outside the folder or manifest given, a full disk, and SIGTERM with a stuck worker."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fakeserver import FakeLLM
from test_batch import ScriptedModel, article, model_args, read_records, write_articles
from test_hardening_inputs import within
from typer.testing import CliRunner

from summarizer.batch import JsonlWriter, OutputIndex, discover_inputs
from summarizer.batch import output as batch_output
from summarizer.cli import app
from summarizer.errors import InputError, OutputError

runner = CliRunner()
SECRET = "root:$6$saltsalt$0123456789abcdefghijklmnopqrstuvwxyz:19000:0:99999:7:::"


def batch(*args: str) -> Any:
    return within(60, lambda: runner.invoke(app, ["batch", *args, "--provider", "rules"]))


def error_lines(stderr: str) -> list[str]:
    assert "Traceback" not in stderr
    return [line for line in stderr.splitlines() if line.startswith("summarizer: error:")]


# -- special files --------------------------------------------------------------------------


def test_a_fifo_in_a_folder_is_an_error_record_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    inputs = write_articles(folder, 3)
    os.mkfifo(folder / "pipe.txt")
    out = tmp_path / "out.jsonl"
    try:
        result = batch(str(folder), "-o", str(out))
    finally:
        with contextlib.suppress(OSError):  # unblock a reader, should there be one
            os.close(os.open(folder / "pipe.txt", os.O_WRONLY | os.O_NONBLOCK))
    assert result.exit_code == 1, result.stderr
    records = {r.source: r for r in read_records(out)}
    assert all(records[str(path)].ok for path in inputs)
    failed = records[str(folder / "pipe.txt")]
    assert failed.error is not None and failed.error.type == "InputError"
    assert failed.error.message == "is a named pipe (FIFO), not a regular file " + (
        "(give - to read standard input)"
    )


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "/dev/full", "symlink-to-/dev/zero"])
def test_an_output_that_is_not_a_regular_file_is_refused_before_it_is_read(
    tmp_path: Path, kind: str
) -> None:
    if kind == "fifo":
        target = tmp_path / "out.jsonl"
        os.mkfifo(target)
    elif kind.startswith("symlink"):
        target = tmp_path / "out.jsonl"
        target.symlink_to("/dev/zero")
    else:
        target = Path(kind)
    result = batch(str(write_articles(tmp_path / "in", 1)[0]), "-o", str(target))
    assert result.exit_code == 2
    lines = error_lines(result.stderr)
    assert len(lines) == 1 and lines[0].startswith(f"summarizer: error: {target}: is a ")
    assert "not a regular file (the output must be a regular file, or not exist yet)" in lines[0]


def test_a_manifest_that_is_a_fifo_is_a_usage_error(tmp_path: Path) -> None:
    manifest = tmp_path / "items.jsonl"
    os.mkfifo(manifest)
    result = batch(str(manifest), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 2
    assert error_lines(result.stderr) == [
        f"summarizer: error: {manifest}: is a named pipe (FIFO), not a regular file"
    ]


# -- paths outside the folder or manifest given -------------------------------------------


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside every folder the tests hand to batch: /etc/shadow's stand-in."""
    path = tmp_path / "etc" / "shadow"
    path.parent.mkdir()
    path.write_text(article(99) + SECRET + "\n", encoding="utf-8")
    return path


def _secret_in(out: Path) -> bool:
    return "saltsalt" in out.read_text(encoding="utf-8")


def test_a_symlink_leading_out_of_the_folder_is_refused_per_item(
    tmp_path: Path, secret: Path
) -> None:
    folder = tmp_path / "in"
    inputs = write_articles(folder, 2)
    (folder / "leak.txt").symlink_to(secret)
    (folder / "inside.txt").symlink_to(inputs[0])  # a link within the folder is fine
    out = tmp_path / "out.jsonl"
    result = batch(str(folder), "-o", str(out))
    assert result.exit_code == 1, result.stderr
    records = {r.source: r for r in read_records(out)}
    assert records[str(folder / "inside.txt")].ok and records[str(inputs[1])].ok
    refused = records[str(folder / "leak.txt")]
    assert refused.error is not None and refused.error.type == "InputError"
    assert refused.error.message == (
        f"leads outside {folder} (to {secret}); pass --allow-outside to read it"
    )
    assert refused.id == "" and refused.article is None
    assert not _secret_in(out)

    result = batch(str(folder), "-o", str(out), "--allow-outside")
    assert result.exit_code == 0, result.stderr
    assert _secret_in(out)  # the user asked for it


def test_a_glob_is_confined_to_its_fixed_folder(tmp_path: Path, secret: Path) -> None:
    folder = tmp_path / "in"
    write_articles(folder, 1)
    (folder / "leak.txt").symlink_to(secret)
    items = discover_inputs([str(folder / "*.txt")])
    assert [item.root for item in items] == [folder, folder]
    out = tmp_path / "out.jsonl"
    result = batch(str(folder / "*.txt"), "-o", str(out))
    assert result.exit_code == 1
    assert not _secret_in(out)
    assert [r.ok for r in read_records(out)].count(False) == 1


def test_a_file_named_on_the_command_line_is_read_wherever_it_is(
    tmp_path: Path, secret: Path
) -> None:
    link = tmp_path / "named.txt"
    link.symlink_to(secret)
    out = tmp_path / "out.jsonl"
    assert batch(str(link), "-o", str(out)).exit_code == 0
    assert _secret_in(out)


def test_a_refused_link_does_not_hide_the_same_file_named_on_the_command_line(
    tmp_path: Path, secret: Path
) -> None:
    folder = tmp_path / "in"
    write_articles(folder, 1)
    (folder / "leak.txt").symlink_to(secret)
    out = tmp_path / "out.jsonl"
    result = batch(str(folder), str(secret), "-o", str(out))
    assert result.exit_code == 1
    records = {r.source: r for r in read_records(out)}
    assert not records[str(folder / "leak.txt")].ok
    assert records[str(secret)].ok  # named by the user: read


@pytest.mark.parametrize("how", ["relative", "absolute", "symlink"])
def test_a_manifest_path_outside_its_folder_is_refused_per_item(
    tmp_path: Path, secret: Path, fake_llm: FakeLLM, how: str
) -> None:
    ScriptedModel(fake_llm)
    folder = tmp_path / "jobs"
    write_articles(folder / "docs", 1)
    if how == "symlink":
        (folder / "docs" / "link.txt").symlink_to(secret)
    leak = {
        "relative": "../../../../../../../.." + str(secret),
        "absolute": str(secret),
        "symlink": "docs/link.txt",
    }[how]
    manifest = folder / "items.jsonl"
    lines = [
        {"id": "inside", "path": "docs/report-000.txt"},
        {"id": "leak", "path": leak},
        {"id": "text", "text": article(5)},
    ]
    manifest.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = ["batch", str(manifest), "-o", str(out), *model_args(fake_llm)]
    result = within(60, lambda: runner.invoke(app, args))
    assert result.exit_code == 1, result.stderr
    records = {r.source: r for r in read_records(out)}
    assert records["inside"].ok and records["text"].ok
    error = records["leak"].error
    assert error is not None and error.type == "InputError"
    assert error.message.startswith(f"leads outside {folder} (to {secret})")
    assert not _secret_in(out)
    # Nothing of the file outside went to the model either.
    assert fake_llm.calls == 2
    assert not any("saltsalt" in json.dumps(r.body) for r in fake_llm.requests)

    result = within(60, lambda: runner.invoke(app, [*args, "--allow-outside"]))
    assert result.exit_code == 0, result.stderr


# -- a full disk ----------------------------------------------------------------------------


def _assert_whole_lines(out: Path) -> list[dict[str, Any]]:
    data = out.read_bytes()
    assert data == b"" or data.endswith(b"\n")
    return [json.loads(line) for line in data.splitlines()]


@pytest.fixture
def enospc_after(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """os.write fails with ENOSPC once the batch output holds ``budget[0]`` lines, after
    writing part of the line that does not fit (as a full disk does)."""
    budget = [3]
    real_write = os.write

    def write(fd: int, data: Any) -> int:
        target = os.readlink(f"/proc/self/fd/{fd}")
        if not target.endswith(".jsonl"):
            return real_write(fd, data)
        if budget[0] <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        budget[0] -= 1
        if budget[0] == 0:
            return real_write(fd, bytes(data)[: len(data) // 2])  # then the retry fails
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)
    yield budget


def test_a_failed_write_is_cut_back_and_the_run_stops_with_one_line(
    tmp_path: Path, enospc_after: list[int]
) -> None:
    inputs = write_articles(tmp_path / "in", 6)
    out = tmp_path / "out.jsonl"
    enospc_after[0] = 3  # two whole records, then half of the third
    result = runner.invoke(
        app, ["batch", str(tmp_path / "in"), "-o", str(out), "--provider", "rules", "-q"]
    )
    assert result.exit_code == 1
    assert error_lines(result.stderr) == [
        f"summarizer: error: {out}: cannot write the output: No space left on device; it ends "
        "at its last complete record, and running the same command again resumes"
    ]
    assert len(result.stderr.splitlines()) == 1
    assert len(_assert_whole_lines(out)) == 2

    enospc_after[0] = 100  # space again: the resume continues cleanly
    result = runner.invoke(app, ["batch", str(tmp_path / "in"), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.stderr
    sources = Counter(line["source"] for line in _assert_whole_lines(out))
    assert sources == Counter(map(str, inputs))


def test_the_writer_cuts_a_failed_line_back_itself(tmp_path: Path, enospc_after: list[int]) -> None:
    from summarizer.pipeline import Pipeline

    record = Pipeline().summarize(write_articles(tmp_path / "in", 1)[0])
    out = tmp_path / "out.jsonl"
    enospc_after[0] = 2
    with JsonlWriter(out) as writer:
        writer.write(record)
        with pytest.raises(OutputError, match="No space left on device"):
            writer.write(record)
    assert out.read_bytes() == (record.to_json() + "\n").encode()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real file system of 64 KB (a tmpfs), mounted for the test; root only."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_really_full_disk_stops_the_run_cleanly_and_a_resume_finishes_it(
    tmp_path: Path, small_disk: Path
) -> None:
    inputs = write_articles(tmp_path / "in", 40)
    out = small_disk / "out.jsonl"
    args = ["batch", str(tmp_path / "in"), "-o", str(out), "--provider", "rules", "-q"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    (line,) = error_lines(result.stderr)
    assert line.startswith(f"summarizer: error: {out}: cannot write the output: No space left")
    kept = _assert_whole_lines(out)
    assert 0 < len(kept) < 40

    subprocess.run(["mount", "-o", "remount,size=4m", str(small_disk)], check=True)
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    sources = Counter(line["source"] for line in _assert_whole_lines(out))
    assert sources == Counter(map(str, inputs))


# -- what the resume scan reads -------------------------------------------------------------


def test_a_line_longer_than_any_record_is_refused_without_reading_it_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch_output, "MAX_LINE_BYTES", 1000)
    out = tmp_path / "out.jsonl"
    out.write_bytes(b'{"id": "' + b"x" * 5000)
    with pytest.raises(InputError, match="line 1 is longer than 1,000 bytes"):
        OutputIndex.load(out)
    result = batch(str(write_articles(tmp_path / "in", 1)[0]), "-o", str(out))
    assert result.exit_code == 2
    assert out.stat().st_size == 5008  # not appended to, not cut


def test_json_nested_deeper_than_the_parser_goes_is_a_clear_error(tmp_path: Path) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    out = tmp_path / "out.jsonl"
    out.write_bytes(b'{"a": ' + deep + b"}\n")
    result = batch(str(write_articles(tmp_path / "in", 1)[0]), "-o", str(out))
    assert result.exit_code == 2
    assert error_lines(result.stderr) == [
        f"summarizer: error: {out}: line 1 is not a summary record; refusing to append to a "
        "file that summarizer batch did not write"
    ]
    manifest = tmp_path / "items.jsonl"
    manifest.write_bytes(b'{"id": "a", "text": ' + deep + b"}\n")
    result = batch(str(manifest), "-o", str(tmp_path / "new.jsonl"))
    assert result.exit_code == 2
    assert error_lines(result.stderr) == [
        f"summarizer: error: {manifest}: line 1: nested too deeply to be an item"
    ]


# -- SIGTERM with a stuck worker ------------------------------------------------------------

STUCK_READ = textwrap.dedent(
    """
    import os, sys, threading
    from summarizer.pipeline import Pipeline

    real_read = Pipeline.read

    # A read that never returns, as on a file system that stopped answering.
    def read(self, path):
        if os.path.basename(path) == "stuck.txt":
            threading.Event().wait()
        return real_read(self, path)

    Pipeline.read = read
    from summarizer.cli import main
    sys.argv[0] = "summarizer"
    main()
    """
)


def test_sigterm_ends_a_batch_within_seconds_even_with_a_worker_thread_stuck(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    write_articles(folder, 3)
    (folder / "stuck.txt").write_text(article(7), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen(
        [sys.executable, "-c", STUCK_READ, "batch", str(folder), "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if out.exists() and out.read_bytes().count(b"\n") >= 3:
                break
            time.sleep(0.05)
        assert process.poll() is None, process.communicate()[1].decode()
        process.send_signal(signal.SIGTERM)
        sent = time.monotonic()
        _, err = process.communicate(timeout=20)
        took = time.monotonic() - sent
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 143, err.decode()
    assert took < 5
    assert "interrupted by SIGTERM: 3 records written" in err.decode()
    assert len(_assert_whole_lines(out)) == 3

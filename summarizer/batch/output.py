"""Batch output: what an earlier run wrote, and the one writer that appends to it.

- ``OutputIndex.load``: what the output file already holds. The newest record for an
  input wins; an unfinished last line (a killed run) is ignored.
- ``JsonlWriter``: each record is one ``write()`` of its full line on an ``O_APPEND``
  descriptor, so a kill leaves at most one partial line, never a torn record in the
  middle; ``close`` fsyncs. An exclusive lock keeps a second run out of the file.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from summarizer.errors import InputError
from summarizer.records import SummaryRecord


class Span(NamedTuple):
    """Where a record's line sits in the output file."""

    offset: int
    length: int


@dataclass
class OutputIndex:
    """What the output file already holds, for resume (keys are answer keys)."""

    done: set[tuple[str, str]] = field(default_factory=set)  # (source, key), newest ok
    reusable: dict[str, Span] = field(default_factory=dict)  # newest ok record per key
    records: int = 0
    failed: int = 0  # (source, key) pairs whose newest record is an error
    ignored_lines: list[int] = field(default_factory=list)  # partial writes, skipped

    @classmethod
    def load(cls, path: Path) -> OutputIndex:
        """Scan an existing output file; a missing one is empty.

        A line that starts like a JSON object but does not parse is an interrupted write
        and is ignored (its input is redone). Any other line that is not a SummaryRecord
        means the file is not a batch output: InputError, so nothing is appended to it.
        """
        index = cls()
        newest: dict[tuple[str, str], bool] = {}
        try:
            handle = path.open("rb")
        except FileNotFoundError:
            return index
        except OSError as exc:
            raise InputError(f"cannot read the output: {exc.strerror}", source=str(path)) from None
        with handle:
            offset = 0
            for number, line in enumerate(handle, 1):
                span = Span(offset, len(line))
                offset += len(line)
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except ValueError:
                    if line.lstrip().startswith(b"{"):
                        index.ignored_lines.append(number)
                        continue
                    obj = None
                entry = _record_entry(obj)
                if entry is None:
                    raise InputError(
                        f"line {number} is not a summary record; refusing to append to a file "
                        "that summarizer batch did not write",
                        source=str(path),
                    )
                source, key, ok = entry
                index.records += 1
                if key is None:
                    # Written before records carried their answer key: it cannot be
                    # matched to a configuration, so its input is done again.
                    continue
                newest[(source, key)] = ok
                if ok:
                    index.reusable[key] = span
        index.done = {pair for pair, ok in newest.items() if ok}
        index.failed = len(newest) - len(index.done)
        return index


def _record_entry(obj: Any) -> tuple[str, str | None, bool] | None:
    """(source, answer key, ok) of a record line; None for a line that is not a record."""
    if not isinstance(obj, dict):
        return None
    prov = obj.get("provenance")
    if not (
        isinstance(obj.get("id"), str)
        and isinstance(obj.get("source"), str)
        and isinstance(prov, dict)
        and isinstance(prov.get("provider"), str)
    ):
        return None
    key = prov.get("answer_key")
    ok = obj.get("error") is None and obj.get("result") is not None
    return obj["source"], key if isinstance(key, str) else None, ok


# -- the writer -------------------------------------------------------------------------------


class JsonlWriter:
    """The one writer of an output file: whole lines, appended, flushed as they come.

    It holds an exclusive lock on the file, so two batches cannot interleave in it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as exc:
            raise InputError(f"cannot write the output: {exc.strerror}", source=str(path)) from None
        try:
            _lock(self._fd, path)
            self._size = os.fstat(self._fd).st_size
        except BaseException:
            os.close(self._fd)
            raise
        self.written = 0

    def start_fresh_line(self) -> None:
        """After a killed run's partial last line, make the next record start a new line."""
        if self._size and os.pread(self._fd, 1, self._size - 1) != b"\n":
            self._write(b"\n")

    def write(self, record: SummaryRecord) -> Span:
        """Append one record as one line; returns where it went."""
        span = Span(self._size, 0)
        data = (record.to_json() + "\n").encode("utf-8")
        self._write(data)
        self.written += 1
        return span._replace(length=len(data))

    def read(self, span: Span) -> bytes:
        return os.pread(self._fd, span.length, span.offset)

    def _write(self, data: bytes) -> None:
        # One write() call for the line; the loop only matters if the kernel takes less.
        view = memoryview(data)
        while view:
            done = os.write(self._fd, view)
            view = view[done:]
        self._size += len(data)

    def close(self) -> None:
        if self._fd < 0:
            return
        try:
            os.fsync(self._fd)
        finally:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> JsonlWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _lock(fd: int, path: Path) -> None:
    try:
        import fcntl
    except ImportError:  # no advisory locks on this platform; rely on the user
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise InputError(
            "another summarizer batch is writing to this file", source=str(path)
        ) from None


__all__ = ["JsonlWriter", "OutputIndex", "Span"]

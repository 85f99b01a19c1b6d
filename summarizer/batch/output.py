"""Batch output: what an earlier run wrote, and the one writer that appends to it.

- ``OutputIndex.load``: what the output file already holds. The newest record for an
  input wins; a line that is not whole (a write torn before this version) is ignored.
- ``JsonlWriter``: each record is one ``write()`` of its full line on an ``O_APPEND``
  descriptor, so a kill leaves at most one partial line, never a torn record in the
  middle; ``cut_torn_tail`` cuts such a line off when the next run starts, and a write
  that fails (a full disk) is cut back to the last complete line before the run stops
  with an ``OutputError``. ``close`` fsyncs. An exclusive lock keeps a second run out.

The output must be a regular file or not exist yet: a device, a named pipe or a directory
is refused before anything reads it (reading /dev/zero would never end).
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, NoReturn

from summarizer.cleaning.ingest import not_regular, open_regular
from summarizer.errors import InputError, OutputError
from summarizer.records import SummaryRecord

# A record is a few hundred KB at most (docs/schema.md, Limits); a longer line is no record,
# and is not read whole into memory to find that out.
MAX_LINE_BYTES = 16 * 1024 * 1024


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
    unfinished: int | None = None  # the last line's number when a kill cut it short

    @classmethod
    def load(cls, path: Path) -> OutputIndex:
        """Scan an existing output file; a missing one is empty.

        A line that starts like a JSON object but does not parse is an interrupted write
        and is ignored (its input is redone): ``unfinished`` when it is the last line,
        ``ignored_lines`` otherwise. Any other line that is not a SummaryRecord, or one
        longer than any record, means the file is not a batch output: InputError, so
        nothing is appended to it.
        """
        index = cls()
        newest: dict[tuple[str, str], bool] = {}
        if not os.path.exists(path):
            return index
        with open_regular(path, source=str(path)) as handle:
            offset = 0
            number = 0
            while line := handle.readline(MAX_LINE_BYTES + 1):
                number += 1
                span = Span(offset, len(line))
                offset += len(line)
                if not line.strip():
                    continue
                if len(line) > MAX_LINE_BYTES:
                    raise _not_ours(path, number, f"is longer than {MAX_LINE_BYTES:,} bytes")
                try:
                    obj = json.loads(line)
                except ValueError:
                    if line.lstrip().startswith(b"{"):
                        if line.endswith(b"\n"):
                            index.ignored_lines.append(number)
                        else:
                            index.unfinished = number
                        continue
                    obj = None
                except RecursionError:  # nested deeper than any record
                    obj = None
                entry = _record_entry(obj)
                if entry is None:
                    raise _not_ours(path, number, "is not a summary record")
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


def _not_ours(path: Path, number: int, problem: str) -> InputError:
    return InputError(
        f"line {number} {problem}; refusing to append to a file that summarizer batch did "
        "not write",
        source=str(path),
    )


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
        with contextlib.suppress(FileNotFoundError):
            refusal = not_regular(os.stat(path).st_mode)
            if refusal is not None:
                raise InputError(
                    f"{refusal} (the output must be a regular file, or not exist yet)",
                    source=str(path),
                )
        path.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
        try:
            self._fd = os.open(path, flags, 0o644)
        except OSError as exc:
            raise InputError(f"cannot write the output: {exc.strerror}", source=str(path)) from None
        try:
            info = os.fstat(self._fd)
            if not stat.S_ISREG(info.st_mode):  # swapped in after the check above
                raise InputError("the output must be a regular file", source=str(path))
            _lock(self._fd, path)
            self._size = info.st_size
        except BaseException:
            os.close(self._fd)
            raise
        self.written = 0

    def cut_torn_tail(self) -> int:
        """Cut an unfinished last line (a killed run's) off the file; the bytes cut.

        A last line that is a whole record and lacks only its newline gets the newline.
        """
        start = self._last_line_start()
        if start is None:
            raise InputError(
                f"its last line is longer than {MAX_LINE_BYTES:,} bytes: not a summary record",
                source=str(self.path),
            )
        tail = os.pread(self._fd, self._size - start, start)
        if not tail or tail.endswith(b"\n"):
            return 0
        try:
            whole = isinstance(json.loads(tail), dict)
        except (ValueError, RecursionError):
            whole = False
        if whole:
            self._write(b"\n")
            return 0
        self._truncate(start)
        return len(tail)

    def _last_line_start(self) -> int | None:
        """Where the file's last line starts, reading backwards; None past a record's length."""
        end = self._size
        while end > 0 and self._size - end <= MAX_LINE_BYTES:
            begin = max(0, end - 65536)
            found = os.pread(self._fd, end - begin, begin).rfind(b"\n")
            if found >= 0:
                start = begin + found + 1
                return start if self._size - start <= MAX_LINE_BYTES else None
            end = begin
        return 0 if end == 0 else None

    def write(self, record: SummaryRecord) -> Span:
        """Append one record as one line; returns where it went.

        OutputError if it cannot be written: the file is cut back to its last complete line.
        """
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
        try:
            while view:
                done = os.write(self._fd, view)
                view = view[done:]
        except OSError as exc:
            self._failed(exc)
        self._size += len(data)

    def _failed(self, exc: OSError) -> NoReturn:
        """Cut a partly written line off again, and stop the run."""
        try:
            self._truncate(self._size)
            state = "it ends at its last complete record"
        except OSError:
            state = "its last line may be incomplete; the next run cuts it off"
        raise OutputError(
            f"cannot write the output: {exc.strerror or exc}; {state}, and running the same "
            "command again resumes",
            source=str(self.path),
        ) from None

    def _truncate(self, size: int) -> None:
        os.ftruncate(self._fd, size)
        self._size = size

    def close(self) -> None:
        """Flush to disk and close; OutputError if the data cannot reach the disk."""
        if self._fd < 0:
            return
        try:
            os.fsync(self._fd)
        except OSError as exc:
            raise OutputError(
                f"cannot write the output: {exc.strerror or exc}", source=str(self.path)
            ) from None
        finally:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> JsonlWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *rest: object) -> None:
        if exc_type is None:
            self.close()
            return
        with contextlib.suppress(OutputError):  # the error under way says more
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


__all__ = ["MAX_LINE_BYTES", "JsonlWriter", "OutputIndex", "Span"]

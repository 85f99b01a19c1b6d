"""The state of a Batch API run, beside its output, so a re-run picks it up where it is.

``OUT.jsonl.batch.json`` records, for each *part* (one request file, one batch), how far
it got: written, uploaded (file id), created (batch id), its last status, collected. It
is rewritten atomically (temp file + rename) after every step, and before each request
whose answer it must record, so that a kill at any point leaves either the old state or
the new one, and a kill during an upload or a creation can be resolved by finding that
upload or batch again (by name, or by the run id in its metadata) instead of sending it
twice. ``OUT.jsonl.batch.d/`` holds the request files, the answer-key list of each part
and the downloaded results; both go once no part is left to wait for.

The state is keyed by the run's configuration (provider, model, prompt version, schema
version, parameters, server): batches pending under another configuration are never
mixed with this run's.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from summarizer.batch.output import Span
from summarizer.errors import InputError
from summarizer.providers.openai.batch_api import TERMINAL, BatchInfo, read_result, request_line

STATE_FORMAT = 1
STATE_SUFFIX = ".batch.json"
WORKDIR_SUFFIX = ".batch.d"


@dataclass
class Part:
    """One request file and the batch that runs it."""

    number: int
    round: int = 1  # 1: first asking; 2, 3, ...: re-asks sent as a further batch
    after: list[int] = field(default_factory=list)  # parts whose answers come first
    requests: int = 0
    bytes: int = 0
    upload_started: float | None = None  # set before uploading, so a kill can be resolved
    file_id: str | None = None
    create_started: float | None = None
    batch_id: str | None = None
    status: str | None = None
    total: int = 0
    completed: int = 0
    failed: int = 0
    output_file_id: str | None = None
    error_file_id: str | None = None
    errors: list[str] = field(default_factory=list)
    cancel_requested: bool = False
    collected: bool = False  # its records are written (or it was dropped)

    @property
    def ended(self) -> bool:
        return self.status in TERMINAL

    def update(self, info: BatchInfo) -> bool:
        """Take a retrieved status; True when the status itself changed."""
        changed = info.status != self.status
        self.batch_id = info.id
        self.status = info.status
        self.total, self.completed, self.failed = info.total, info.completed, info.failed
        self.output_file_id = info.output_file_id
        self.error_file_id = info.error_file_id
        self.errors = list(info.errors)
        return changed


@dataclass
class BatchState:
    """The state file of one output's Batch API run."""

    path: Path
    config: dict[str, Any]
    run_id: str = field(default_factory=lambda: secrets.token_hex(6))
    parts: list[Part] = field(default_factory=list)
    waited_s: float = 0.0  # time spent waiting for batches, over every run
    # Read from the work folder once per run: part -> its keys, its results.
    _keys: dict[int, set[str]] = field(default_factory=dict, repr=False)
    _results: dict[int, tuple[dict[str, Span | str], int]] = field(default_factory=dict, repr=False)

    @staticmethod
    def path_for(output: Path) -> Path:
        return output.with_name(output.name + STATE_SUFFIX)

    @classmethod
    def load(cls, path: Path) -> BatchState | None:
        """The state at ``path``; None if there is none. InputError if it is unreadable."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise InputError(
                f"cannot read the Batch API state ({exc}); if no batch is pending, delete it",
                source=str(path),
            ) from None
        if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
            raise InputError(
                "not a Batch API state file of this version; if no batch is pending, delete it",
                source=str(path),
            )
        known = {f.name for f in fields(Part)}
        parts = [Part(**{k: v for k, v in p.items() if k in known}) for p in data["parts"]]
        return cls(path, data["config"], data["run_id"], parts, float(data.get("waited_s", 0)))

    def save(self) -> None:
        """Write the state atomically."""
        data = {
            "format": STATE_FORMAT,
            "config": self.config,
            "run_id": self.run_id,
            "waited_s": round(self.waited_s, 3),
            "parts": [asdict(p) for p in self.parts],
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp"
        )
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def remove(self) -> None:
        """Forget the run: the state file and the work folder."""
        self.path.unlink(missing_ok=True)
        shutil.rmtree(self.workdir, ignore_errors=True)

    # -- parts --------------------------------------------------------------------------

    @property
    def workdir(self) -> Path:
        return self.path.with_name(self.path.name.removesuffix(STATE_SUFFIX) + WORKDIR_SUFFIX)

    def file(self, part: Part | int, kind: str) -> Path:
        """A part's file in the work folder: ``requests``, ``keys``, ``output``, ``errors``."""
        number = part if isinstance(part, int) else part.number
        suffix = "txt" if kind == "keys" else "jsonl"
        return self.workdir / f"part-{number:03d}.{kind}.{suffix}"

    def upload_name(self, part: Part) -> str:
        """The file name the provider sees: unique to this run and part, so it can be found."""
        return f"summarizer-{self.run_id}-part-{part.number:03d}.jsonl"

    def metadata(self, part: Part) -> dict[str, str]:
        """The batch metadata that finds this part's batch again."""
        return {"summarizer_run": self.run_id, "summarizer_part": str(part.number)}

    def key_set(self, part: Part) -> set[str]:
        """The answer keys (custom ids) of a part's requests."""
        if part.number not in self._keys:
            self._keys[part.number] = set(self.file(part, "keys").read_text("ascii").split())
        return self._keys[part.number]

    # -- results ------------------------------------------------------------------------

    def results(self, part: Part) -> tuple[dict[str, Span | str], int]:
        """Each answered key's line in the part's downloaded output file, or why the key
        has no answer (from the error file); and how many lines were not results at all."""
        if part.number in self._results:
            return self._results[part.number]
        found: dict[str, Span | str] = {}
        broken = 0
        for kind in ("errors", "output"):  # an answer wins over an error for the same key
            path = self.file(part, kind)
            if not path.exists():
                continue
            with path.open("rb") as handle:
                offset = 0
                for line in handle:
                    span, offset = Span(offset, len(line)), offset + len(line)
                    result = read_result(line) if line.strip() else None
                    if result is None:
                        broken += bool(line.strip())
                    elif result.answer is not None:
                        found[result.custom_id] = span
                    else:
                        found.setdefault(result.custom_id, result.error or "no answer")
        self._results[part.number] = (found, broken)
        return found, broken

    def answer(self, part: Part, span: Span) -> dict[str, Any]:
        """The chat completion at ``span`` of a part's output file."""
        with self.file(part, "output").open("rb") as handle:
            handle.seek(span.offset)
            result = read_result(handle.read(span.length))
        assert result is not None and result.answer is not None
        return result.answer

    def history(self, part: Part, key: str) -> tuple[list[dict[str, Any]], int]:
        """The answers ``key`` got in the parts before ``part``, and its errors there."""
        answers, errors = [], 0
        for number in part.after:
            earlier = self.part(number)
            entry = self.results(earlier)[0].get(key)
            if isinstance(entry, Span):
                answers.append(self.answer(earlier, entry))
            elif key in self.key_set(earlier):
                errors += 1
        return answers, errors

    @property
    def active(self) -> list[Part]:
        """Parts not collected yet: to upload, to create, to wait for, or to collect."""
        return [p for p in self.parts if not p.collected]

    def next_number(self) -> int:
        return max((p.number for p in self.parts), default=0) + 1

    def part(self, number: int) -> Part:
        return next(p for p in self.parts if p.number == number)

    def differences(self, config: dict[str, Any]) -> list[str]:
        """How ``config`` differs from the one the pending batches were made with."""
        keys = sorted(set(config) | set(self.config))
        return [
            f"{k} {json.dumps(self.config.get(k))} (pending) vs {json.dumps(config.get(k))} (now)"
            for k in keys
            if self.config.get(k) != config.get(k)
        ]


class PartWriter:
    """Request lines into the work folder's numbered part files, starting a new part at
    either per-file limit (``max_requests``, ``max_bytes``)."""

    def __init__(self, state: BatchState, max_requests: int, max_bytes: int, **part: Any) -> None:
        self.state = state
        self.max_requests = max_requests
        self.max_bytes = max_bytes
        self.template = part  # round, after
        self.parts: list[Part] = []
        self.keys: set[str] = set()
        self._files: tuple[Any, Any] | None = None

    def add(self, key: str, body: dict[str, Any], source: str) -> None:
        """One request; InputError (naming ``source``) if it alone exceeds ``max_bytes``."""
        line = request_line(key, body)
        if len(line) > self.max_bytes:
            raise InputError(
                f"its request is {len(line):,} bytes, more than the {self.max_bytes:,} bytes "
                "a request file may hold (--batch-max-bytes)",
                source=source,
            )
        part = self.parts[-1] if self.parts else None
        if (
            part is None
            or part.requests >= self.max_requests
            or part.bytes + len(line) > self.max_bytes
        ):
            part = self._start()
        assert self._files is not None
        self._files[0].write(line)
        self._files[1].write(key + "\n")
        self.keys.add(key)
        part.requests += 1
        part.bytes += len(line)

    def _start(self) -> Part:
        self._finish()
        number = max([self.state.next_number(), *(p.number + 1 for p in self.parts)])
        part = Part(number=number, **self.template)
        self.state.workdir.mkdir(parents=True, exist_ok=True)
        self._files = (
            self.state.file(part, "requests").open("wb"),
            self.state.file(part, "keys").open("w", encoding="ascii"),
        )
        self.parts.append(part)
        return part

    def _finish(self) -> None:
        if self._files is not None:
            for handle in self._files:
                handle.flush()
                os.fsync(handle.fileno())
                handle.close()
            self._files = None

    def close(self) -> list[Part]:
        """The parts written, their files complete on disk."""
        self._finish()
        return self.parts


__all__ = ["STATE_FORMAT", "BatchState", "Part", "PartWriter"]

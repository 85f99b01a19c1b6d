"""The fake server's Files and Batch API (``/v1/files``, ``/v1/batches``), for tests.

``FakeLLM`` (tests/fakeserver.py) routes these endpoints here; ``llm.batches`` is the
store. A batch runs each request line of its input file through the same script as
``/v1/chat/completions`` (``llm.reply``, ``llm.default``, ...), so a test scripts the
model once for both modes; those requests land in ``llm.requests`` with ``via_batch``
set to the batch id.

Scripting a batch (plans are used first in, first out, one per created batch)::

    llm.batches.plan(statuses=["validating", "in_progress", "completed"])  # default:
        # validating, in_progress, finalizing, completed; each retrieve moves one step
    llm.batches.plan(statuses=[..., "expired"], answered=2)  # the first 2 requests
        # answered, the rest in the error file as batch_expired
    llm.batches.plan(malformed={1})      # output line 1 (0-based) is not JSON
    llm.batches.plan(statuses=["validating", "failed"], errors=["model not found"])

    llm.batches.refuse(401, "bad key")   # the next files/batches request gets this error
    llm.batches.refuse(500, path="/v1/batches/batch_1")   # ... the next one to this path
    llm.batches.hold_creation()          # POST /v1/batches waits ...
    llm.batches.release(create=False)    # ... then answers 503 without creating one

    llm.batches.files / .created         # what was uploaded / created
    llm.batches.calls("POST", "/v1/files")   # how many such API requests arrived
"""

from __future__ import annotations

import collections
import json
import threading
import time
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

if TYPE_CHECKING:
    from fakeserver import Answer, FakeLLM

TERMINAL = ("completed", "failed", "expired", "cancelled")
DEFAULT_STATUSES = ("validating", "in_progress", "finalizing", "completed")
_UNFINISHED = {
    "expired": (
        "batch_expired",
        "This request could not be executed before the completion window expired.",
    ),
    "cancelled": ("batch_cancelled", "This request was not executed: the batch was cancelled."),
}


@dataclass
class Plan:
    """How one batch runs."""

    statuses: list[str] = field(default_factory=lambda: list(DEFAULT_STATUSES))
    answered: int | None = None  # requests run before the batch ends (None: all)
    malformed: set[int] = field(default_factory=set)  # output lines to break
    errors: list[str] = field(default_factory=list)  # a failed batch's reasons


@dataclass
class _Hold:
    released: threading.Event = field(default_factory=threading.Event)
    create: bool = True


@dataclass
class FakeFile:
    id: str
    filename: str
    purpose: str
    content: bytes
    created_at: int

    def json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "file",
            "bytes": len(self.content),
            "created_at": self.created_at,
            "filename": self.filename,
            "purpose": self.purpose,
            "status": "processed",
        }


@dataclass
class FakeBatch:
    id: str
    input_file_id: str
    endpoint: str
    completion_window: str
    metadata: dict[str, str] | None
    plan: Plan
    created_at: int
    step: int = 0
    status: str = ""
    output_file_id: str | None = None
    error_file_id: str | None = None
    counts: dict[str, int] = field(
        default_factory=lambda: {"total": 0, "completed": 0, "failed": 0}
    )

    def json(self) -> dict[str, Any]:
        errors = None
        if self.status == "failed":
            data = [{"code": "invalid", "message": m, "line": None} for m in self.plan.errors]
            errors = {"object": "list", "data": data}
        return {
            "id": self.id,
            "object": "batch",
            "endpoint": self.endpoint,
            "errors": errors,
            "input_file_id": self.input_file_id,
            "completion_window": self.completion_window,
            "status": self.status,
            "output_file_id": self.output_file_id,
            "error_file_id": self.error_file_id,
            "created_at": self.created_at,
            "request_counts": dict(self.counts),
            "metadata": self.metadata,
        }


class FakeBatches:
    """The files and batches a FakeLLM holds, and the plans for the next batches."""

    def __init__(self, llm: FakeLLM) -> None:
        self.llm = llm
        self.files: dict[str, FakeFile] = {}
        self.created: dict[str, FakeBatch] = {}
        self.api_requests: list[tuple[str, str]] = []  # (method, path without query)
        self._plans: collections.deque[Plan] = collections.deque()
        self._lock = threading.RLock()
        self._hold: _Hold | None = None
        self._waiting = 0
        self._refusals: list[tuple[int, str, str | None]] = []

    # -- scripting ------------------------------------------------------------------------------

    def plan(self, **options: Any) -> FakeBatches:
        """How the next batch created runs (see ``Plan``)."""
        with self._lock:
            self._plans.append(Plan(**options))
        return self

    def refuse(
        self, status: int, message: str = "refused", *, path: str | None = None
    ) -> FakeBatches:
        """Answer the next files or batches request (to ``path``, if given) with an error."""
        with self._lock:
            self._refusals.append((status, message, path))
        return self

    def hold_creation(self) -> None:
        """Make POST /v1/batches wait until ``release``."""
        self._hold = _Hold()

    def release(self, *, create: bool = True) -> None:
        """Let held creations go on; ``create=False`` answers 503 without creating one.
        Later creations are not held."""
        hold, self._hold = self._hold, None
        if hold is not None:
            hold.create = create
            hold.released.set()

    def calls(self, method: str, path: str) -> int:
        with self._lock:
            return sum(1 for m, p in self.api_requests if m == method and p == path)

    def waiting_creations(self) -> int:
        """POST /v1/batches requests being held."""
        with self._lock:
            return self._waiting

    # -- serving --------------------------------------------------------------------------------

    def handle(self, method: str, target: str, headers: dict[str, str], raw: bytes) -> Answer:
        from fakeserver import Answer

        url = urlsplit(target)
        path = url.path.rstrip("/")
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        with self._lock:
            self.api_requests.append((method, path))
            refusal = next((r for r in self._refusals if r[2] in (None, path)), None)
            if refusal is not None:
                self._refusals.remove(refusal)
        if refusal is not None:
            error = {"message": refusal[1], "type": "refused", "code": refusal[0]}
            return Answer(status=refusal[0], body={"error": error})
        parts = path.split("/")[2:]  # after "", "v1"
        try:
            if parts == ["files"] and method == "POST":
                return self._upload(headers, raw)
            if parts == ["files"] and method == "GET":
                return self._list(list(self.files.values()), query, purpose=query.get("purpose"))
            if len(parts) == 2 and parts[0] == "files" and method == "GET":
                return Answer(body=self._file(parts[1]).json())
            if len(parts) == 3 and parts[0] == "files" and parts[2] == "content":
                return Answer(body=self._file(parts[1]).content)
            if parts == ["batches"] and method == "POST":
                return self._create(json.loads(raw))
            if parts == ["batches"] and method == "GET":
                return self._list(list(self.created.values()), query)
            if len(parts) == 2 and parts[0] == "batches" and method == "GET":
                return Answer(body=self._advance(self._batch(parts[1])).json())
            if len(parts) == 3 and parts[0] == "batches" and parts[2] == "cancel":
                return Answer(body=self._cancel(self._batch(parts[1])).json())
        except KeyError as missing:
            return Answer(status=404, body={"error": {"message": f"no such object {missing}"}})
        return Answer(status=404, body={"error": {"message": f"no route {method} {path}"}})

    def _file(self, file_id: str) -> FakeFile:
        return self.files[file_id]

    def _batch(self, batch_id: str) -> FakeBatch:
        return self.created[batch_id]

    def _list(
        self, objects: list[Any], query: dict[str, str], purpose: str | None = None
    ) -> Answer:
        from fakeserver import Answer

        chosen = [o for o in objects if purpose is None or getattr(o, "purpose", None) == purpose]
        chosen.sort(key=lambda o: (o.created_at, o.id), reverse=True)  # newest first
        if "after" in query:
            ids = [o.id for o in chosen]
            chosen = chosen[ids.index(query["after"]) + 1 :] if query["after"] in ids else []
        limit = int(query.get("limit", 20))
        page = chosen[:limit]
        body = {"object": "list", "data": [o.json() for o in page], "has_more": len(chosen) > limit}
        return Answer(body=body)

    def _upload(self, headers: dict[str, str], raw: bytes) -> Answer:
        from fakeserver import Answer

        head = f"Content-Type: {headers.get('content-type', '')}\r\n\r\n".encode()
        message = BytesParser(policy=HTTP).parsebytes(head + raw)
        fields: dict[str, tuple[str | None, bytes]] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            fields[str(name)] = (part.get_filename(), part.get_payload(decode=True) or b"")
        if "file" not in fields or "purpose" not in fields:
            return Answer(status=400, body={"error": {"message": "file and purpose are required"}})
        with self._lock:
            file = FakeFile(
                id=f"file-{len(self.files) + 1}",
                filename=fields["file"][0] or "upload",
                purpose=fields["purpose"][1].decode(),
                content=fields["file"][1],
                created_at=int(time.time()),
            )
            self.files[file.id] = file
        return Answer(body=file.json())

    def _create(self, body: dict[str, Any]) -> Answer:
        from fakeserver import Answer

        hold = self._hold
        if hold is not None:
            with self._lock:
                self._waiting += 1
            while not hold.released.wait(0.05) and not self.llm._stopping.is_set():
                pass
            with self._lock:
                self._waiting -= 1
            if not hold.create:
                return Answer(status=503, body={"error": {"message": "went away"}})
        if body.get("input_file_id") not in self.files:
            return Answer(status=400, body={"error": {"message": "no such input file"}})
        with self._lock:
            plan = self._plans.popleft() if self._plans else Plan()
            batch = FakeBatch(
                id=f"batch_{len(self.created) + 1}",
                input_file_id=body["input_file_id"],
                endpoint=body["endpoint"],
                completion_window=body["completion_window"],
                metadata=body.get("metadata"),
                plan=plan,
                created_at=int(time.time()),
                status=plan.statuses[0],
            )
            batch.counts["total"] = len(self._lines(batch))
            self.created[batch.id] = batch
        return Answer(body=batch.json())

    def _lines(self, batch: FakeBatch) -> list[dict[str, Any]]:
        content = self.files[batch.input_file_id].content
        return [json.loads(line) for line in content.splitlines() if line.strip()]

    def _advance(self, batch: FakeBatch) -> FakeBatch:
        with self._lock:
            if batch.status in TERMINAL:
                return batch
            if batch.status == "cancelling":
                self._finish(batch, "cancelled")
                return batch
            batch.step = min(batch.step + 1, len(batch.plan.statuses) - 1)
            status = batch.plan.statuses[batch.step]
            if status in TERMINAL:
                self._finish(batch, status)
            else:
                batch.status = status
                if status == "in_progress":
                    batch.counts["completed"] = batch.counts["total"] // 2
        return batch

    def _cancel(self, batch: FakeBatch) -> FakeBatch:
        with self._lock:
            if batch.status not in TERMINAL:
                batch.status = "cancelling"
        return batch

    def _finish(self, batch: FakeBatch, status: str) -> None:
        """Run the requests (all, or the planned number) and write the result files."""
        from fakeserver import Request

        batch.status = status
        if status == "failed":
            batch.counts.update(completed=0, failed=0)
            return
        lines = self._lines(batch)
        run = len(lines) if batch.plan.answered is None else batch.plan.answered
        if status == "cancelled" and batch.plan.answered is None:
            run = 0
        output: list[bytes] = []
        errors: list[bytes] = []
        for n, line in enumerate(lines):
            result: dict[str, Any] = {"id": f"batch_req_{n}", "custom_id": line["custom_id"]}
            if n >= run:
                code, message = _UNFINISHED.get(status, _UNFINISHED["expired"])
                errors.append(
                    _line({**result, "response": None, "error": {"code": code, "message": message}})
                )
                continue
            request = Request("POST", line["url"], {}, line["body"], via_batch=batch.id)
            answer = self.llm._next(request)
            payload = answer.body(request) if callable(answer.body) else answer.body
            if isinstance(payload, bytes):
                payload = json.loads(payload)
            response = {"status_code": answer.status, "request_id": f"req_{n}", "body": payload}
            entry = _line({**result, "response": response, "error": None})
            if answer.status != 200:
                errors.append(entry)
            elif len(output) in batch.plan.malformed:
                output.append(entry[: len(entry) // 2])  # cut off mid-object
            else:
                output.append(entry)
        batch.counts.update(completed=len(output), failed=len(errors))
        batch.output_file_id = self._store(f"{batch.id}_output.jsonl", output)
        batch.error_file_id = self._store(f"{batch.id}_error.jsonl", errors)

    def _store(self, name: str, lines: list[bytes]) -> str | None:
        if not lines:
            return None
        file = FakeFile(
            id=f"file-{len(self.files) + 1}",
            filename=name,
            purpose="batch_output",
            content=b"\n".join(lines) + b"\n",
            created_at=int(time.time()),
        )
        self.files[file.id] = file
        return file.id


def _line(obj: dict[str, Any]) -> bytes:
    return json.dumps(obj).encode("utf-8")


__all__ = ["DEFAULT_STATUSES", "FakeBatch", "FakeBatches", "FakeFile", "Plan"]

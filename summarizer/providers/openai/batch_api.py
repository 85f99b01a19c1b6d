"""The OpenAI Batch API: the files and batches endpoints, and the JSON Lines they exchange.

- ``request_line``: one line of a request file: ``custom_id``, method, url and the body
  the direct mode would POST (``OpenAIProvider.request_body`` builds it).
- ``read_result``: one line of a batch's output or error file, as a ``Result``: the
  chat completion that answered the request, or why there is none.
- ``BatchClient``: upload a request file (purpose ``batch``), create a batch, retrieve it,
  cancel it, download its files, and find an upload or a batch again by name or metadata
  (after a kill between sending a request and recording its answer).

It uses the openai client's own ``files`` and ``batches`` resources, with the provider's
key, base URL and transport retries; failures become the same typed errors as a model
call's (``Attempts.error``), so a 401 stops the run with exit 3.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import openai

from summarizer.errors import ConfigError, SummarizerError
from summarizer.providers.openai.retries import Attempts

if TYPE_CHECKING:
    from openai import AsyncOpenAI
    from openai.types import Batch

    from summarizer.providers.openai import OpenAIProvider

ENDPOINT: Final = "/v1/chat/completions"
TERMINAL = frozenset({"completed", "failed", "expired", "cancelled"})
# Uploads and downloads of up to 200 MB take longer than one model call may.
TRANSFER_TIMEOUT = 600.0
# How far back to look for an upload or a batch that a killed run may have made.
_CLOCK_SLACK = 300


def request_line(custom_id: str, body: dict[str, Any]) -> bytes:
    """One line of a request file (with its newline)."""
    line = {"custom_id": custom_id, "method": "POST", "url": ENDPOINT, "body": body}
    return (json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


@dataclass(frozen=True)
class Result:
    """One request's outcome in a batch: the answer (a chat completion body) or an error."""

    custom_id: str
    answer: dict[str, Any] | None
    error: str | None


def read_result(line: bytes) -> Result | None:
    """Parse a line of an output or error file; None when it is not a batch result."""
    try:
        obj = json.loads(line)
    except ValueError:
        return None
    if not isinstance(obj, dict) or not isinstance(obj.get("custom_id"), str):
        return None
    response = obj.get("response")
    body = response.get("body") if isinstance(response, dict) else None
    status = response.get("status_code") if isinstance(response, dict) else None
    if status == 200 and isinstance(body, dict) and isinstance(body.get("choices"), list):
        return Result(obj["custom_id"], body, None)
    return Result(obj["custom_id"], None, _why(status, body, obj.get("error")))


def _why(status: object, body: object, error: object) -> str:
    for source in (error, body.get("error") if isinstance(body, dict) else None):
        if isinstance(source, dict) and source.get("message"):
            code = f"{source['code']}: " if source.get("code") else ""
            http = f"HTTP {status}: " if isinstance(status, int) else ""
            return f"{http}{code}{source['message']}"
    if status == 200:
        return "the answer is not a chat completion"
    return f"HTTP {status}" if isinstance(status, int) else "no response"


@dataclass(frozen=True)
class BatchInfo:
    """What a batch's status says."""

    id: str
    status: str
    total: int = 0
    completed: int = 0
    failed: int = 0
    output_file_id: str | None = None
    error_file_id: str | None = None
    errors: tuple[str, ...] = ()
    created_at: int = 0
    metadata: dict[str, str] | None = None

    @classmethod
    def of(cls, batch: Batch) -> BatchInfo:
        counts = batch.request_counts
        errors = tuple(
            e.message or e.code or "unknown error"
            for e in (batch.errors.data or [] if batch.errors else [])
        )
        return cls(
            id=batch.id,
            status=batch.status,
            total=counts.total if counts else 0,
            completed=counts.completed if counts else 0,
            failed=counts.failed if counts else 0,
            output_file_id=batch.output_file_id,
            error_file_id=batch.error_file_id,
            errors=errors,
            created_at=batch.created_at,
            metadata=dict(batch.metadata) if batch.metadata else None,
        )

    @property
    def ended(self) -> bool:
        return self.status in TERMINAL


class BatchClient:
    """The files and batches endpoints of the provider's server."""

    def __init__(self, client: AsyncOpenAI, attempts: Attempts, where: str) -> None:
        self.client = client
        self._attempts = attempts
        self.where = where

    @classmethod
    def of(cls, provider: OpenAIProvider) -> BatchClient:
        settings = provider.settings
        where = settings.base_url or "api.openai.com"
        attempts = Attempts(provider.policy, secret=settings.api_key, where=where)
        return cls(provider.openai_client(), attempts, where)

    @contextmanager
    def _translating(self, doing: str) -> Iterator[None]:
        try:
            yield
        except openai.NotFoundError as exc:
            if doing.startswith(("upload", "create")):
                raise ConfigError(
                    f"the provider at {self.where} does not offer the Batch API (HTTP 404 "
                    f"when trying to {doing}); use --via direct"
                ) from None
            raise self._error(exc, doing) from None
        except openai.APIError as exc:
            raise self._error(exc, doing) from None

    def _error(self, exc: openai.APIError, doing: str) -> SummarizerError:
        error = self._attempts.error(exc) or SummarizerError(str(exc))
        error.message = f"cannot {doing}: {error.message}"
        error.attempts = error.prompt_tokens = error.completion_tokens = None
        return error

    async def upload(self, path: Path, name: str) -> str:
        """Upload a request file under ``name``; its file id."""
        data = path.read_bytes()  # bytes, not a handle: a retried upload resends them all
        with self._translating(f"upload {path.name}"):
            uploaded = await self.client.with_options(timeout=TRANSFER_TIMEOUT).files.create(
                file=(name, data, "application/jsonl"), purpose="batch"
            )
        return uploaded.id

    async def find_upload(self, name: str, since: float) -> str | None:
        """The id of a batch file called ``name`` uploaded after ``since``, if any."""
        with self._translating("list the uploaded files"):
            async for file in self.client.files.list(purpose="batch"):
                if file.created_at < since - _CLOCK_SLACK:
                    break  # newest first: nothing older can be ours
                if file.filename == name:
                    return file.id
        return None

    async def create(self, file_id: str, window: str, metadata: dict[str, str]) -> BatchInfo:
        """Create a batch of the requests in ``file_id``."""
        with self._translating(f"create a batch from {file_id}"):
            batch = await self.client.batches.create(
                input_file_id=file_id,
                endpoint=ENDPOINT,
                completion_window=window,  # type: ignore[arg-type]  # hosts offer others
                metadata=metadata,
            )
        return BatchInfo.of(batch)

    async def find_batch(self, metadata: dict[str, str], since: float) -> BatchInfo | None:
        """A batch created after ``since`` whose metadata includes ``metadata``, if any."""
        with self._translating("list the batches"):
            async for batch in self.client.batches.list():
                if batch.created_at < since - _CLOCK_SLACK:
                    break
                found = batch.metadata or {}
                if all(found.get(k) == v for k, v in metadata.items()):
                    return BatchInfo.of(batch)
        return None

    async def retrieve(self, batch_id: str) -> BatchInfo:
        with self._translating(f"check batch {batch_id}"):
            return BatchInfo.of(await self.client.batches.retrieve(batch_id))

    async def cancel(self, batch_id: str) -> BatchInfo:
        with self._translating(f"cancel batch {batch_id}"):
            return BatchInfo.of(await self.client.batches.cancel(batch_id))

    async def download(self, file_id: str, destination: Path) -> None:
        """Stream a file's content to ``destination`` (complete, or not there at all)."""
        partial = destination.with_name(destination.name + ".part")
        with self._translating(f"download {file_id}"), partial.open("wb") as out:
            async with self._content(file_id) as chunks:
                async for chunk in chunks:
                    out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, destination)

    @asynccontextmanager
    async def _content(self, file_id: str) -> AsyncIterator[AsyncIterator[bytes]]:
        client = self.client.with_options(timeout=TRANSFER_TIMEOUT)
        async with client.files.with_streaming_response.content(file_id) as response:
            yield response.iter_bytes()


__all__ = [
    "ENDPOINT",
    "TERMINAL",
    "BatchClient",
    "BatchInfo",
    "Result",
    "read_result",
    "request_line",
]

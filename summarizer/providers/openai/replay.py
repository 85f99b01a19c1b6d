"""Answer a model call from a response already in hand, or capture the request unsent.

The Batch API runs chat completions on the provider's side, so an article's request is
written to a file instead of sent, and its answer arrives in another file hours later.
To keep both *exactly* what the direct mode sends and does, nothing is rebuilt by hand:
the provider's clients send through ``ReplayingClient``, and within ``scripted(...)``

- each chat completions request is answered, in turn, with the given response bodies
  (the batch's answers), so instructor, the hooks that count usage, the validator and
  the grounding check all run as they do on a live answer; and
- once they are spent, the next request is either captured (its JSON body kept, the
  call ended with a 400 the client does not retry) or, without ``capture``, sent to the
  server for real: a re-ask through the direct mode.

Outside ``scripted`` the clients behave as openai's defaults. The script is a context
variable, so it belongs to one thread or one asyncio task.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import httpx2
from openai import DefaultAsyncHttpxClient, DefaultHttpxClient

# The message of the 400 that ends a captured call (never seen by a user).
CAPTURED = "summarizer: request captured, not sent"
_ENDPOINT = "/chat/completions"


@dataclass
class Script:
    """What the chat completions requests made within ``scripted`` get."""

    answers: deque[dict[str, Any]]
    capture: bool = False
    served: int = 0
    captured: dict[str, Any] | None = field(default=None, repr=False)
    requests: list[dict[str, Any]] = field(default_factory=list, repr=False)

    def respond(self, request: httpx2.Request) -> httpx2.Response | None:
        """The scripted response to ``request``, or None to send it to the server."""
        if request.method != "POST" or not request.url.path.endswith(_ENDPOINT):
            return None
        if self.answers:
            self.served += 1
            self.requests.append(json.loads(request.content))
            return httpx2.Response(200, json=self.answers.popleft(), request=request)
        if self.capture and self.captured is None:
            self.captured = json.loads(request.content)
            return httpx2.Response(
                400,
                headers={"x-should-retry": "false"},
                json={"error": {"message": CAPTURED, "type": "captured"}},
                request=request,
            )
        return None


_SCRIPT: ContextVar[Script | None] = ContextVar("summarizer_replay_script", default=None)


@contextmanager
def scripted(answers: Iterable[dict[str, Any]] = (), *, capture: bool = False) -> Iterator[Script]:
    """Within this block (this thread or task), serve ``answers`` to the chat completions
    requests in turn; then capture the next request (``capture``) or send it for real."""
    script = Script(deque(answers), capture=capture)
    token = _SCRIPT.set(script)
    try:
        yield script
    finally:
        _SCRIPT.reset(token)


def _scripted(request: httpx2.Request) -> httpx2.Response | None:
    script = _SCRIPT.get()
    return None if script is None else script.respond(request)


class ReplayingClient(DefaultHttpxClient):
    """openai's default sync HTTP client, answering from the active script first."""

    def send(self, request: httpx2.Request, **kwargs: Any) -> httpx2.Response:
        response = _scripted(request)
        return response if response is not None else super().send(request, **kwargs)


class AsyncReplayingClient(DefaultAsyncHttpxClient):
    """openai's default async HTTP client, answering from the active script first."""

    async def send(self, request: httpx2.Request, **kwargs: Any) -> httpx2.Response:
        response = _scripted(request)
        return response if response is not None else await super().send(request, **kwargs)


__all__ = ["CAPTURED", "AsyncReplayingClient", "ReplayingClient", "Script", "scripted"]

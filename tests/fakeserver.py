"""A scripted OpenAI-compatible chat completions server on 127.0.0.1, for tests.

Import it as ``from fakeserver import FakeLLM`` (pytest puts tests/ on sys.path, as
tests/ has no __init__.py). The real openai client and instructor talk to it over HTTP,
so retries, re-asks and usage accounting are exercised for real. Use the ``fake_llm``
fixture (tests/conftest.py) or ``with FakeLLM() as llm:``.

Scripting (answers are served first in, first out; one per HTTP request)::

    llm.reply({"summary": "...", "events": [...]})   # shape follows the request: a tool
                                                     # call if it offered tools, else JSON
    llm.reply_tool(args)  / llm.reply_json(content)  # force one shape
    llm.error(429, headers={"Retry-After": "1"})     # any status, optional body/headers
    llm.malformed()                                  # arguments/content that are not JSON
    llm.refusal("I can't help with that.")           # message.refusal, no tool call
    llm.truncated(args)                              # finish_reason="length"
    llm.raw(200, b"not json")                        # any bytes
    llm.cut(answer)                                  # half the answer, then the connection
                                                     # is closed (a connection cut mid-response)
    every method takes delay=seconds (a slow server) and most take usage=(prompt, completion)

    llm.default = lambda request: {...}   # answers when the script is empty; it gets the
                                          # Request and returns a payload dict (shaped as
                                          # reply() does) or an Answer
    llm.requests          # every Request received: .path, .headers (lower-case), .body
    llm.calls             # len(llm.requests)
    llm.base_url          # "http://127.0.0.1:<port>/v1"

The Files and Batch API (``/v1/files``, ``/v1/batches``) are served too: ``llm.batches``
(tests/fakebatch.py) holds the uploads and batches and scripts how batches run; the
requests inside a batch are answered by the same script and recorded in ``llm.requests``
with ``via_batch`` set.

With an empty script and no default, the server answers 418 ("script exhausted"), a
status the openai client does not retry, so a test that under-scripts fails loudly.
Each completion reports usage: given numbers, or a deterministic estimate (characters
of the request / 4 and of the answer / 4).
"""

from __future__ import annotations

import collections
import contextlib
import json
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from fakebatch import FakeBatches

Usage = tuple[int, int]
_BATCH_ROUTES = re.compile(r"/v1/(?:files|batches)(?:[/?]|$)")


@dataclass
class Request:
    """One HTTP request as the server received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any  # parsed JSON, or the raw text if it was not JSON
    received: float = field(default_factory=time.monotonic)
    via_batch: str | None = None  # the batch that ran it, for a request line of a batch

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", [])) if isinstance(self.body, dict) else []

    @property
    def uses_tools(self) -> bool:
        return isinstance(self.body, dict) and bool(self.body.get("tools"))

    def message(self, role: str) -> str:
        """The content of the first message with ``role`` ("" if none)."""
        for m in self.messages:
            if m.get("role") == role:
                content = m.get("content")
                return content if isinstance(content, str) else json.dumps(content)
        return ""


@dataclass
class Answer:
    """What the server sends back for one request."""

    status: int = 200
    body: dict[str, Any] | bytes | Callable[[Request], dict[str, Any]] = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    cut: bool = False  # send half the body, then close the connection


Script = Callable[[Request], "Answer | dict[str, Any]"]


def _tool_name(request: Request) -> str:
    body = request.body if isinstance(request.body, dict) else {}
    choice = body.get("tool_choice")
    if isinstance(choice, dict):
        return str(choice.get("function", {}).get("name", "ArticleSummary"))
    tools = body.get("tools") or [{}]
    return str(tools[0].get("function", {}).get("name", "ArticleSummary"))


def _estimate(request: Request, answer_text: str, usage: Usage | None) -> dict[str, int]:
    if usage is None:
        prompt = max(1, len(json.dumps(request.body)) // 4)
        usage = (prompt, max(1, len(answer_text) // 4))
    return {
        "prompt_tokens": usage[0],
        "completion_tokens": usage[1],
        "total_tokens": usage[0] + usage[1],
    }


def completion(
    request: Request,
    *,
    content: str | None = None,
    tool_arguments: str | None = None,
    refusal: str | None = None,
    finish_reason: str | None = None,
    usage: Usage | None = None,
) -> dict[str, Any]:
    """A chat.completion body answering ``request``."""
    message: dict[str, Any] = {"role": "assistant", "content": content, "refusal": refusal}
    if tool_arguments is not None:
        message["tool_calls"] = [
            {
                "id": f"call_{len(tool_arguments)}",
                "type": "function",
                "function": {"name": _tool_name(request), "arguments": tool_arguments},
            }
        ]
    if finish_reason is None:
        finish_reason = "tool_calls" if tool_arguments is not None else "stop"
    text = tool_arguments or content or refusal or ""
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": str(request.body.get("model", "fake")) if isinstance(request.body, dict) else "",
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        "usage": _estimate(request, text, usage),
    }


def _dump(payload: dict[str, Any] | str) -> str:
    return payload if isinstance(payload, str) else json.dumps(payload)


def shaped(payload: dict[str, Any] | str, usage: Usage | None = None) -> Script:
    """An answer carrying ``payload`` in the shape the request asks for."""

    def build(request: Request) -> dict[str, Any]:
        if request.uses_tools:
            return completion(request, tool_arguments=_dump(payload), usage=usage)
        return completion(request, content=_dump(payload), usage=usage)

    return build


class FakeLLM:
    """The scripted server. Thread-safe; serves concurrent requests."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.requests: list[Request] = []
        self.default: Script | None = None
        self._script: collections.deque[Answer | Script] = collections.deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.batches = FakeBatches(self)

    # -- lifecycle ----------------------------------------------------------------------

    def start(self) -> FakeLLM:
        self._server = _Server((self.host, 0), _Handler, self)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._stopping.set()  # cuts scripted delays short
        self._server.shutdown()
        self._server.close_connections()
        self._server.server_close()  # joins the handler threads
        if self._thread is not None:
            self._thread.join()
        self._server = None

    def __enter__(self) -> FakeLLM:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "the fake server is not running"
        return f"http://{self.host}:{self._server.server_address[1]}/v1"

    @property
    def calls(self) -> int:
        with self._lock:
            return len(self.requests)

    @property
    def pending(self) -> int:
        """Scripted answers not served yet."""
        with self._lock:
            return len(self._script)

    # -- scripting ----------------------------------------------------------------------

    def push(self, answer: Answer | Script) -> FakeLLM:
        """Queue one answer (an Answer, or a function of the Request)."""
        with self._lock:
            self._script.append(answer)
        return self

    def reply(
        self, payload: dict[str, Any] | str, *, usage: Usage | None = None, delay: float = 0
    ) -> FakeLLM:
        """Answer with ``payload``: a tool call if the request offered tools, else content."""
        return self.push(Answer(body=shaped(payload, usage), delay=delay))

    def reply_tool(
        self, arguments: dict[str, Any] | str, *, usage: Usage | None = None, delay: float = 0
    ) -> FakeLLM:
        """Answer with a tool call whose arguments are ``arguments``."""
        args = _dump(arguments)
        return self.push(
            Answer(body=lambda r: completion(r, tool_arguments=args, usage=usage), delay=delay)
        )

    def reply_json(
        self, content: dict[str, Any] | str, *, usage: Usage | None = None, delay: float = 0
    ) -> FakeLLM:
        """Answer with ``content`` (JSON text) in the message content, no tool call."""
        text = _dump(content)
        return self.push(
            Answer(body=lambda r: completion(r, content=text, usage=usage), delay=delay)
        )

    def malformed(self, *, usage: Usage | None = None, delay: float = 0) -> FakeLLM:
        """Answer with tool arguments or content that are not valid JSON."""
        return self.reply('{"summary": "The coalition said', usage=usage, delay=delay)

    def refusal(
        self, text: str = "I can't help with that.", *, usage: Usage | None = None
    ) -> FakeLLM:
        """Answer with a refusal (message.refusal set, no content, no tool call)."""
        return self.push(Answer(body=lambda r: completion(r, refusal=text, usage=usage)))

    def truncated(
        self, payload: dict[str, Any] | str | None = None, *, usage: Usage | None = None
    ) -> FakeLLM:
        """Answer cut off at the token cap: finish_reason="length", JSON unterminated."""
        text = _dump(payload)[:40] if payload is not None else '{"summary": "The'

        def build(request: Request) -> dict[str, Any]:
            if request.uses_tools:
                return completion(request, tool_arguments=text, finish_reason="length", usage=usage)
            return completion(request, content=text, finish_reason="length", usage=usage)

        return self.push(Answer(body=build))

    def error(
        self,
        status: int,
        message: str | None = None,
        *,
        headers: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
        delay: float = 0,
    ) -> FakeLLM:
        """Answer with an HTTP error in OpenAI's error shape."""
        if body is None:
            body = {
                "error": {
                    "message": message or f"fake error {status}",
                    "type": "fake_error",
                    "code": status,
                }
            }
        return self.push(Answer(status=status, body=body, headers=headers or {}, delay=delay))

    def raw(
        self, status: int, body: bytes, *, headers: dict[str, str] | None = None, delay: float = 0
    ) -> FakeLLM:
        """Answer with arbitrary bytes (e.g. a body that is not JSON)."""
        return self.push(Answer(status=status, body=body, headers=headers or {}, delay=delay))

    def cut(self, payload: dict[str, Any], *, delay: float = 0) -> FakeLLM:
        """Start answering, then close the connection halfway through the body."""
        return self.push(Answer(body=shaped(payload), delay=delay, cut=True))

    def repeat(self, times: int, add: Callable[[], object]) -> FakeLLM:
        """Call a scripting method ``times`` times, e.g. ``repeat(3, lambda: llm.error(500))``."""
        for _ in range(times):
            add()
        return self

    # -- serving ------------------------------------------------------------------------

    def _next(self, request: Request) -> Answer:
        with self._lock:
            self.requests.append(request)
            item: Answer | Script | None = self._script.popleft() if self._script else None
            default = self.default
        if item is None and default is not None:
            item = default
        if item is None:
            return Answer(
                status=418,
                body={"error": {"message": "fake server: script exhausted", "type": "fake"}},
            )
        if isinstance(item, Answer):
            return item
        result = item(request)
        if isinstance(result, Answer):
            return result
        if isinstance(result, dict) and "choices" not in result:
            return Answer(body=shaped(result)(request))
        return Answer(body=result)

    def _sleep(self, seconds: float) -> None:
        if seconds > 0:
            self._stopping.wait(seconds)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = True
    allow_reuse_address = True
    # socketserver's default listen backlog is 5: a burst of new connections (a batch at
    # concurrency 32) would overflow it and stall on TCP retransmits, which no real
    # server does (their backlogs are in the hundreds).
    request_queue_size = 256

    def __init__(self, address: tuple[str, int], handler: type, llm: FakeLLM) -> None:
        self.llm = llm
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Wake handler threads idling on kept-alive connections, so they can exit."""
        with self._open_lock:
            sockets = list(self._open)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers do
    # Headers and body go out in separate writes; with Nagle's algorithm and delayed ACKs
    # every response would stall ~40 ms, which would swamp any batch benchmark.
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean

    def do_GET(self) -> None:
        if _BATCH_ROUTES.match(self.path):
            self._send(self.server.llm.batches.handle("GET", self.path, self._headers(), b""))
            return
        self._send(Answer(status=404, body={"error": {"message": "not found"}}))

    def _headers(self) -> dict[str, str]:
        return {k.lower(): v for k, v in self.headers.items()}

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if _BATCH_ROUTES.match(self.path):
            self._send(self.server.llm.batches.handle("POST", self.path, self._headers(), raw))
            return
        try:
            body: Any = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        request = Request(
            method="POST",
            path=self.path,
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
        )
        llm = self.server.llm
        if not self.path.rstrip("/").endswith("/chat/completions"):
            answer = Answer(status=404, body={"error": {"message": f"no route {self.path}"}})
        else:
            try:
                answer = llm._next(request)
            except Exception as exc:  # a broken test script: say so in the response
                answer = Answer(status=599, body={"error": {"message": f"script failed: {exc}"}})
        llm._sleep(answer.delay)
        if callable(answer.body):
            answer = Answer(answer.status, answer.body(request), answer.headers, cut=answer.cut)
        self._send(answer)

    def _send(self, answer: Answer) -> None:
        body = answer.body
        payload = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        try:
            self.send_response(answer.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if answer.cut:
                self.wfile.write(payload[: len(payload) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(payload)
            self.wfile.flush()
        except OSError:
            # The client gave up (a timeout test) or the server is stopping.
            self.close_connection = True


__all__ = ["Answer", "FakeLLM", "Request", "completion", "shaped"]

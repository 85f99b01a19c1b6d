"""The tests' scripted OpenAI-compatible server, run in a child process for benchmarks.

In its own process the server's JSON parsing and thread switching do not compete with the
client for our interpreter's lock, so what we time on the client side is the client's.
It answers as a faithful model (``tests/faithful.py``): a request carrying a whole article
gets that article's gold answer, a chunk the gold items whose evidence lies in it, the
final summary call of a chunked article the gold summary; an answer longer than the
request's output cap comes back cut off (``finish_reason`` "length"). Each answer comes
after ``delay`` seconds and reports usage as the fake server estimates it (characters / 4
of the request body and of the answer).
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import sys
from multiprocessing.connection import Connection
from typing import Any

from ._corpus import TESTS


def _serve(conn: Connection, answers: list[tuple[str, str]], delay: float) -> None:
    sys.path.insert(0, str(TESTS))
    from faithful import Faithful
    from fakeserver import Answer, FakeLLM, Request

    faithful = Faithful([(text, json.loads(payload)) for text, payload in answers])

    def answer(request: Request) -> Answer:
        sent = faithful(request)
        sent.delay = delay
        return sent

    with FakeLLM() as llm:
        llm.default = answer
        conn.send(llm.base_url)
        while True:
            command = conn.recv()
            if command == "stop":
                break
            if command == "calls":
                conn.send(llm.calls)
            elif command == "bodies":
                conn.send([r.body for r in list(llm.requests)])
            elif command == "received":
                conn.send([r.received for r in list(llm.requests)])
            elif command == "faithful":
                conn.send({"chunks": faithful.chunks, "cut_off": faithful.cut_off})
            elif command == "reset":
                del llm.requests[:]
                conn.send(True)
            else:
                conn.send(None)


class ServerProcess:
    """``with ServerProcess(answers, delay=0.5) as server: ... server.base_url``, where
    ``answers`` holds (cleaned article text, gold answer JSON) pairs."""

    def __init__(self, answers: list[tuple[str, str]], *, delay: float = 0.0) -> None:
        self.answers = answers
        self.delay = delay
        self.base_url = ""
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(child, answers, delay), daemon=True, name="fake-llm"
        )

    def __enter__(self) -> ServerProcess:
        self._process.start()
        if not self._conn.poll(60):
            self._process.kill()
            raise RuntimeError("the fake server did not start")
        self.base_url = self._conn.recv()
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(OSError):
            self._conn.send("stop")
        self._process.join(10)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()

    def _ask(self, command: str) -> Any:
        self._conn.send(command)
        return self._conn.recv()

    @property
    def calls(self) -> int:
        """HTTP requests received so far (since the last ``reset``)."""
        return int(self._ask("calls"))

    def bodies(self) -> list[Any]:
        """The JSON bodies of the requests received since the last ``reset``."""
        return list(self._ask("bodies"))

    def received(self) -> list[float]:
        """When each request arrived (``time.monotonic``, comparable across processes)."""
        return list(self._ask("received"))

    def faithful(self) -> dict[str, int]:
        """Requests answered with part of an article, and answers sent cut off."""
        return dict(self._ask("faithful"))

    def reset(self) -> None:
        """Forget the requests received so far."""
        self._ask("reset")


__all__ = ["ServerProcess"]

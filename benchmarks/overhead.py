"""Overhead: milliseconds per article spent in our code, the model answering instantly.

Every fixture goes through ``Pipeline.run`` with the openai provider (the real openai
client and instructor) against the scripted server in another process, which answers at
once with the fixture's grounded gold summary. Stages are timed by wrapping the functions
the pipeline calls, per article:

- ingest      ``Pipeline.read`` (read the file, refuse/decode)
- clean       ``clean_article``
- prompt      the provider's request: templates rendered, messages escaped for instructor
- http        from instructor's request hook to its response hook: the openai client
              building and sending the request, the server's turnaround on loopback,
              and the client parsing the response into a ChatCompletion
- validation  ``model_validate_json`` of the tool arguments: pydantic's schema validation
              plus our grounding validator (the part that makes instructor re-ask)
- to_summary  the validated answer turned into the contract model, with spans
- instructor  what is left of the provider call: instructor's own request preparation,
              hooks, retry loop and response handling
- grounding   the pipeline's spans and grounding warnings on the final summary
- record      the rest: update stamp, metadata, the SummaryRecord, and its JSON line

"Our code" is ingest + clean + prompt + validation + to_summary + grounding + record;
"libraries" is http + instructor. The end-to-end time per article is also reported.
"""

from __future__ import annotations

import gc
import http.client
import json
import time
from typing import Any
from urllib.parse import urlsplit

from summarizer import pipeline as pipeline_module
from summarizer.config import Settings
from summarizer.pipeline import Pipeline
from summarizer.providers.openai import OpenAIProvider
from summarizer.providers.openai.retries import Attempts
from summarizer.providers.openai.validation import GroundedSummary

from ._corpus import answers, items
from ._server import ServerProcess
from ._util import StageClock, median, ms, percentile, table

OURS = ("ingest", "clean", "prompt", "validation", "to_summary", "grounding", "record")
LIBRARIES = ("http", "instructor")
STAGES = (*OURS[:3], *LIBRARIES, *OURS[3:])


def _instrument(clock: StageClock, pipeline: Pipeline, provider: OpenAIProvider) -> None:
    clock.wrap(pipeline, "read", "ingest")
    clock.wrap(pipeline_module, "clean_article", "clean")
    clock.wrap(provider, "_request", "prompt")
    clock.wrap(provider, "extract", "provider")
    clock.wrap(GroundedSummary, "model_validate_json", "validation", classmethod_=True)
    clock.wrap(GroundedSummary, "to_summary", "to_summary")
    clock.wrap(pipeline_module, "check", "grounding")

    sent: list[float] = []

    def on_request(self: Attempts, *args: Any, **kwargs: Any) -> None:
        sent.append(time.perf_counter())
        on_request.original(self, *args, **kwargs)  # type: ignore[attr-defined]

    def on_response(self: Attempts, response: Any) -> None:
        clock.add("http", time.perf_counter() - sent.pop())
        on_response.original(self, response)  # type: ignore[attr-defined]

    on_request.original = Attempts._on_request  # type: ignore[attr-defined]
    on_response.original = Attempts._on_response  # type: ignore[attr-defined]
    Attempts._on_request = on_request  # type: ignore[method-assign]
    Attempts._on_response = on_response  # type: ignore[method-assign]

    def undo() -> None:
        Attempts._on_request = on_request.original  # type: ignore[attr-defined,method-assign]
        Attempts._on_response = on_response.original  # type: ignore[attr-defined,method-assign]

    clock.on_restore(undo)


def run(*, rounds: int) -> dict[str, Any]:
    """Put every fixture through the pipeline ``rounds`` times (after one warm-up round)."""
    fixtures = [item.fixture for item in items()]
    clock = StageClock()
    failures = 0
    with ServerProcess(answers()) as server:
        settings = Settings(provider="openai", base_url=server.base_url, model="bench", timeout=30)
        provider = OpenAIProvider(settings)
        pipeline = Pipeline(provider)
        _instrument(clock, pipeline, provider)
        try:
            for fixture in fixtures:  # warm-up: imports, connection, first-call caches
                pipeline.summarize(fixture.article, fixture.reference_date).to_json()
            clock.discard()
            gc.collect()
            for _ in range(rounds):
                for fixture in fixtures:
                    started = time.perf_counter()
                    record = pipeline.summarize(fixture.article, fixture.reference_date)
                    record.to_json()
                    clock.add("total", time.perf_counter() - started)
                    failures += not record.ok or record.usage.calls != 1
                    clock.next_article()
        finally:
            clock.restore()
            provider.close()
        calls = server.calls
        server.reset()
        with OpenAIProvider(settings) as one:
            Pipeline(one).summarize(fixtures[0].article, fixtures[0].reference_date)
        bare = _bare_round_trips(server, server.bodies()[0], rounds=max(20, rounds * 5))
    per_article = [_split(t) for t in clock.articles]
    return {
        "articles": len(per_article),
        "rounds": rounds,
        "fixtures": len(fixtures),
        "failures": failures,
        "server_calls": calls,
        "bare_round_trip_ms": {"median": median(bare) * 1000, "p95": percentile(bare, 95) * 1000},
        "stages": {
            name: {
                "median_ms": median([a[name] for a in per_article]) * 1000,
                "p95_ms": percentile([a[name] for a in per_article], 95) * 1000,
                "mean_ms": sum(a[name] for a in per_article) / len(per_article) * 1000,
            }
            for name in (*STAGES, "ours", "libraries", "total")
        },
    }


def _bare_round_trips(server: ServerProcess, body: Any, *, rounds: int) -> list[float]:
    """The same request sent with the standard library alone, on one kept-alive connection:
    the server's own turnaround plus loopback, which the ``http`` stage includes."""
    url = urlsplit(server.base_url)
    payload = json.dumps(body).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    connection = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port, timeout=30)
    times = []
    try:
        for _ in range(rounds + 1):
            started = time.perf_counter()
            connection.request("POST", f"{url.path}/chat/completions", payload, headers)
            answer = connection.getresponse()
            answer.read()
            times.append(time.perf_counter() - started)
            if answer.status != 200:
                raise RuntimeError(f"the fake server answered {answer.status}")
    finally:
        connection.close()
    return times[1:]  # the first opened the connection


def _split(t: dict[str, float]) -> dict[str, float]:
    """One article's stage times, with the nested ones taken out of their parents."""
    out = {name: t.get(name, 0.0) for name in ("ingest", "clean", "prompt", "http")}
    out["validation"] = t.get("validation", 0.0)
    out["to_summary"] = t.get("to_summary", 0.0)
    out["instructor"] = t.get("provider", 0.0) - sum(
        t.get(name, 0.0) for name in ("prompt", "http", "validation", "to_summary")
    )
    out["grounding"] = t.get("grounding", 0.0)
    out["total"] = t["total"]
    out["record"] = out["total"] - sum(
        t.get(name, 0.0) for name in ("ingest", "clean", "provider", "grounding")
    )
    out["ours"] = sum(out[name] for name in OURS)
    out["libraries"] = sum(out[name] for name in LIBRARIES)
    return out


def report(result: dict[str, Any]) -> str:
    stages = result["stages"]
    rows = []
    for name in (*STAGES, "ours", "libraries", "total"):
        label = {"ours": "**our code**", "libraries": "**libraries**", "total": "**end to end**"}
        s = stages[name]
        rows.append(
            [
                label.get(name, name),
                ms(s["median_ms"] / 1000),
                ms(s["p95_ms"] / 1000),
                ms(s["mean_ms"] / 1000),
            ]
        )
    head = (
        f"{result['articles']} articles ({result['fixtures']} fixtures x {result['rounds']} "
        f"rounds, after a warm-up round), server answering instantly; "
        f"{result['server_calls']} model calls; {result['failures']} articles not ok or "
        "not exactly one call."
    )
    bare = result["bare_round_trip_ms"]
    tail = (
        f"The same request sent with the standard library alone (server turnaround plus "
        f"loopback, part of `http`): median {bare['median']:.2f} ms, p95 {bare['p95']:.2f} ms."
    )
    return head + "\n\n" + table(["stage", "median ms", "p95 ms", "mean ms"], rows) + "\n\n" + tail


__all__ = ["report", "run"]

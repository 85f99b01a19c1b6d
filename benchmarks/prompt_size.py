"""Prompt overhead: how much of each request is fixed instructions and schema.

Every fixture goes once through the pipeline (openai provider, real openai client and
instructor) against the scripted server, which keeps the JSON body of each request. Each
body is split into:

- system     the system message (rules for the model)
- template   the user message without the article: task line, reference-date note, the
             data-block markers
- schema     the ``tools`` and ``tool_choice`` instructor sends (the ArticleSummary schema)
- envelope   the rest of the JSON body (model, temperature, token cap, keys, quoting)
- article    the cleaned article text inside the data block

Tokens are estimated as characters / 4 (no tokenizer is available offline); the server's
reported ``prompt_tokens`` uses the same rule on the whole body, so the figures agree with
the usage the records carry. Calls per article come from the records' ``usage.calls``.
A second measurement shows what one re-ask costs: the first answer is ungrounded, the
second is the gold answer.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from summarizer.config import Settings
from summarizer.pipeline import Pipeline
from summarizer.providers.openai import OpenAIProvider
from summarizer.providers.openai.prompt import CLOSE_TAG, OPEN_TAG

from ._corpus import TESTS, items
from ._util import table

PARTS = ("system", "template", "schema", "envelope", "article")
CHARS_PER_TOKEN = 4
WHOLE_ARTICLE_CEILING = 32_768


def split_request(body: dict[str, Any]) -> dict[str, int]:
    """Characters of each part of one chat completions request body (as JSON text)."""
    messages = body["messages"]
    system = next(m["content"] for m in messages if m["role"] == "system")
    user = next(m["content"] for m in messages if m["role"] == "user")
    # The template names the markers once in prose; the data block is the last pair.
    start = user.rindex(OPEN_TAG) + len(OPEN_TAG)
    article = user[start : user.rindex(CLOSE_TAG)].strip()
    sizes = {
        "system": _json_len(system),
        "article": _json_len(article),
        "template": _json_len(user) - _json_len(article),
        "schema": _json_len(body.get("tools")) + _json_len(body.get("tool_choice")),
    }
    sizes["envelope"] = _json_len(body) - sum(sizes.values())
    return sizes


def _json_len(value: Any) -> int:
    return len(json.dumps(value)) if value is not None else 0


def tokens(chars: int) -> int:
    return round(chars / CHARS_PER_TOKEN)


def run() -> dict[str, Any]:
    """Measure every fixture's request, and one re-ask."""
    sys.path.insert(0, str(TESTS))
    from fakeserver import FakeLLM

    rows: list[dict[str, Any]] = []
    with FakeLLM() as llm:
        # A ceiling that holds every fixture's whole answer: one request per article, the
        # thing measured here (long articles in chunks: benchmarks/long_articles.py).
        settings = Settings(
            provider="openai",
            base_url=llm.base_url,
            model="bench",
            timeout=30,
            max_output_tokens=WHOLE_ARTICLE_CEILING,
        )
        provider = OpenAIProvider(settings)
        pipeline = Pipeline(provider)
        try:
            for item in items():
                llm.reply(item.answer)
                before = llm.calls
                record = pipeline.summarize(item.fixture.article, item.fixture.reference_date)
                body = llm.requests[before].body
                rows.append(
                    {
                        "slug": item.fixture.slug,
                        "calls": record.usage.calls,
                        "reported_prompt_tokens": record.usage.prompt_tokens,
                        "completion_tokens": record.usage.completion_tokens,
                        "chars": split_request(body),
                        "ok": record.ok,
                    }
                )
            reask = _reask(llm, pipeline)
        finally:
            provider.close()
    totals = {part: sum(r["chars"][part] for r in rows) for part in PARTS}
    fixed = sum(totals[p] for p in PARTS if p != "article")
    return {
        "fixtures": rows,
        "totals_chars": totals,
        "fixed_tokens_per_article": tokens(fixed) / len(rows),
        "article_tokens_per_article": tokens(totals["article"]) / len(rows),
        "fixed_share": fixed / (fixed + totals["article"]),
        "calls_per_article": sum(r["calls"] for r in rows) / len(rows),
        "reported_prompt_tokens": sum(r["reported_prompt_tokens"] for r in rows),
        "estimated_prompt_tokens": tokens(fixed + totals["article"]),
        "reask": reask,
    }


def _reask(llm: Any, pipeline: Pipeline) -> dict[str, Any]:
    """One article whose first answer quotes evidence the article does not contain."""
    item = next(i for i in items() if json.loads(i.answer).get("events"))
    bad = json.loads(item.answer)
    bad["events"][0]["evidence"] = "A sentence that is nowhere in the article."
    llm.reply(bad)
    llm.reply(item.answer)
    record = pipeline.summarize(item.fixture.article, item.fixture.reference_date)
    return {
        "slug": item.fixture.slug,
        "ok": record.ok,
        "calls": record.usage.calls,
        "prompt_tokens": record.usage.prompt_tokens,
        "completion_tokens": record.usage.completion_tokens,
    }


def report(result: dict[str, Any]) -> str:
    rows = []
    for r in result["fixtures"]:
        c = r["chars"]
        fixed = sum(c[p] for p in PARTS if p != "article")
        rows.append(
            [
                r["slug"],
                *(tokens(c[p]) for p in PARTS),
                f"{fixed / (fixed + c['article']):.0%}",
                r["reported_prompt_tokens"],
                r["completion_tokens"],
                r["calls"],
            ]
        )
    t = result["totals_chars"]
    n = len(result["fixtures"])
    rows.append(
        [
            "**mean per article**",
            *(f"{tokens(t[p]) / n:.0f}" for p in PARTS),
            f"**{result['fixed_share']:.0%}**",
            f"{result['reported_prompt_tokens'] / n:.0f}",
            f"{sum(r['completion_tokens'] for r in result['fixtures']) / n:.0f}",
            f"{result['calls_per_article']:.2f}",
        ]
    )
    r = result["reask"]
    once = next(f for f in result["fixtures"] if f["slug"] == r["slug"])
    text = table(
        [
            "fixture",
            *(f"{p} tok" for p in PARTS),
            "fixed share",
            "reported prompt tok",
            "completion tok",
            "calls",
        ],
        rows,
    )
    return (
        "Tokens estimated as characters / 4 of the request's JSON text (the fake server reports "
        "prompt_tokens by the same rule on the whole body). Fixed = system + template + schema "
        f"+ envelope.\n\n{text}\n\nFixed part per request: {result['fixed_tokens_per_article']:.0f}"
        f" tokens; article text: {result['article_tokens_per_article']:.0f} tokens on average. "
        f"One re-ask ({r['slug']}, first answer ungrounded): {r['calls']} calls, "
        f"{r['prompt_tokens']} prompt + {r['completion_tokens']} completion tokens, against "
        f"{once['reported_prompt_tokens']} + {once['completion_tokens']} when the first answer "
        "is valid: a re-ask resends the whole conversation plus the rejected answer and the "
        "problems found."
    )


__all__ = ["report", "run", "split_request"]

"""Prompt overhead: how much of each request is fixed, per mode, and whether it caches.

Every fixture goes once through the pipeline (openai provider, real openai client and
instructor) against the scripted server, in every answer mode (``summarizer.config.Mode``),
and the server keeps the JSON body of each request. Each body is split into:

- system     the system message (rules; in the JSON modes instructor appends the schema)
- template   the user messages without the article: the reference-date note, the
             data-block markers, and anything instructor adds
- schema     ``tools`` + ``tool_choice``, or ``response_format`` (what instructor sends)
- envelope   the rest of the JSON body (model, temperature, token cap, keys, quoting)
- article    the cleaned article text inside the data block

The fixed part is system + template + schema: what the model reads besides the article.
Tokens are counted with the o200k_base tokenizer (the gpt-4.1 and gpt-4o family's) when
``bpe-openai`` is installed (it ships the encoding; ``pip install -e ".[bench]"``), else
estimated as characters / 4; the report says which. The schema is counted as the compact
JSON the openai client sends (a provider may render tools in another form).

The prefix check: for every mode, the request's prompt in the order a provider reads it
(schema, then the messages) is compared across all fixtures; the identical leading part is
what providers' automatic prompt caching can reuse, and it should be the whole fixed part
but the reference-date note.

A second measurement shows what one re-ask costs: the first answer is ungrounded, the
second is the gold answer.
"""

from __future__ import annotations

import json
import sys
import warnings
from collections.abc import Callable
from functools import cache
from typing import Any

from summarizer.config import Mode, Settings
from summarizer.pipeline import Pipeline
from summarizer.providers.openai import OpenAIProvider
from summarizer.providers.openai.prompt import CLOSE_TAG, OPEN_TAG

from ._corpus import TESTS, items
from ._util import table

PARTS = ("system", "template", "schema", "envelope", "article")
FIXED_PARTS = ("system", "template", "schema")
SCHEMA_KEYS = ("tools", "tool_choice", "response_format")
CHARS_PER_TOKEN = 4
WHOLE_ARTICLE_CEILING = 32_768
DEFAULT_MODE = Mode.tools.value

# Mean fixed tokens and identical prefix per request before issue 13 (commit 045fa85, the
# prompts and schema as they were), measured by this benchmark with the same tokenizer;
# the strict modes did not exist then.
BEFORE = {
    "tokenizer": "o200k_base (bpe-openai)",
    "fixed": {"tools": 2857, "json": 3681, "md_json": 3692},
    "prefix": {"tools": 2707, "json": 3532, "md_json": 3526},
}


@cache
def tokenizer() -> tuple[str, Callable[[str], int]]:
    """(name, count) of the best tokenizer available offline."""
    # bpe-openai loads its data through importlib.resources.open_binary (deprecated since
    # Python 3.11) on import and on first use.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            import bpe_openai  # type: ignore[import-not-found]
        except ImportError:
            return "characters / 4 (no tokenizer installed)", lambda text: round(
                len(text) / CHARS_PER_TOKEN
            )
        encoding = bpe_openai.get_encoding("o200k_base")
        encoding.encode("load the ranks now")
    return "o200k_base (bpe-openai)", lambda text: len(encoding.encode(text))


def tokens(text: str) -> int:
    return tokenizer()[1](text)


def _json(value: Any) -> str:
    """``value`` as the openai client sends it: compact JSON, non-ASCII as is."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False) if value is not None else ""


def _text(content: Any) -> str:
    return content if isinstance(content, str) else _json(content)


def parts(body: dict[str, Any]) -> dict[str, str]:
    """The text of each part of one chat completions request body."""
    messages = body["messages"]
    system = "\n\n".join(_text(m["content"]) for m in messages if m["role"] == "system")
    user = "\n\n".join(_text(m["content"]) for m in messages if m["role"] != "system")
    # The data block is the last pair of markers (the system message names them in prose).
    start = user.rindex(OPEN_TAG) + len(OPEN_TAG)
    end = user.rindex(CLOSE_TAG)
    article = user[start:end].strip()
    template = user[:start] + user[end:]
    schema = "".join(_json(body.get(key)) for key in SCHEMA_KEYS)
    envelope = _json({k: v for k, v in body.items() if k not in (*SCHEMA_KEYS, "messages")})
    return {
        "system": system,
        "template": template,
        "schema": schema,
        "envelope": envelope,
        "article": article,
    }


def split_request(body: dict[str, Any]) -> dict[str, int]:
    """Characters of each part of one request body (as JSON text); they add up to the body."""
    messages = body["messages"]
    system = next(m["content"] for m in messages if m["role"] == "system")
    user = next(m["content"] for m in messages if m["role"] == "user")
    start = user.rindex(OPEN_TAG) + len(OPEN_TAG)
    article = user[start : user.rindex(CLOSE_TAG)].strip()
    sizes = {
        "system": _json_len(system),
        "article": _json_len(article),
        "template": _json_len(user) - _json_len(article),
        "schema": sum(_json_len(body.get(key)) for key in SCHEMA_KEYS),
    }
    sizes["envelope"] = _json_len(body) - sum(sizes.values())
    return sizes


def _json_len(value: Any) -> int:
    return len(json.dumps(value)) if value is not None else 0


def prompt_order(body: dict[str, Any]) -> str:
    """The request's prompt as a provider reads it: the schema first, then each message."""
    schema = "".join(_json(body.get(key)) for key in SCHEMA_KEYS)
    messages = "".join(f"<{m['role']}>{_text(m['content'])}" for m in body["messages"])
    return schema + messages


def common_prefix(texts: list[str]) -> str:
    """The longest leading text every one of ``texts`` shares."""
    if not texts:
        return ""
    # The lexically first and last strings differ earliest of any pair.
    first, last = min(texts), max(texts)
    size = 0
    while size < len(first) and first[size] == last[size]:
        size += 1
    return first[:size]


def _measure_mode(llm: Any, mode: str) -> dict[str, Any]:
    provider = OpenAIProvider(
        # A ceiling that holds every fixture's whole answer: one request per article, the
        # thing measured here (long articles in chunks: benchmarks/long_articles.py).
        Settings(
            provider="openai",
            base_url=llm.base_url,
            model="bench",
            timeout=30,
            mode=mode,
            max_output_tokens=WHOLE_ARTICLE_CEILING,
        )
    )
    pipeline = Pipeline(provider)
    rows: list[dict[str, Any]] = []
    bodies: list[dict[str, Any]] = []
    try:
        for item in items():
            llm.reply(item.answer)
            before = llm.calls
            record = pipeline.summarize(item.fixture.article, item.fixture.reference_date)
            body = llm.requests[before].body
            bodies.append(body)
            texts = parts(body)
            rows.append(
                {
                    "slug": item.fixture.slug,
                    "calls": record.usage.calls,
                    "reported_prompt_tokens": record.usage.prompt_tokens,
                    "completion_tokens": record.usage.completion_tokens,
                    "tokens": {part: tokens(text) for part, text in texts.items()},
                    "ok": record.ok,
                }
            )
        reask = _reask(llm, pipeline) if mode == DEFAULT_MODE else None
    finally:
        provider.close()
    fixed = [sum(r["tokens"][p] for p in FIXED_PARTS) for r in rows]
    prompts = [prompt_order(body) for body in bodies]
    prefix = common_prefix(prompts)
    # Everything up to the last message's content is meant to be identical.
    last = bodies[0]["messages"][-1]
    head = prompts[0][: prompts[0].rindex(f"<{last['role']}>") + len(last["role"]) + 2]
    return {
        "mode": mode,
        "fixtures": rows,
        "fixed_tokens_min": min(fixed),
        "fixed_tokens_max": max(fixed),
        "fixed_tokens_mean": sum(fixed) / len(fixed),
        "article_tokens_mean": sum(r["tokens"]["article"] for r in rows) / len(rows),
        "calls_per_article": sum(r["calls"] for r in rows) / len(rows),
        "prefix_tokens": tokens(prefix),
        "prefix_is_everything_before_the_last_message": prefix.startswith(head),
        "reask": reask,
    }


def run(modes: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Measure every fixture's request in every mode, and one re-ask."""
    sys.path.insert(0, str(TESTS))
    from fakeserver import FakeLLM

    chosen = modes or tuple(m.value for m in Mode)
    with FakeLLM() as llm:
        measured = {mode: _measure_mode(llm, mode) for mode in chosen}
    default = measured.get(DEFAULT_MODE) or next(iter(measured.values()))
    rows = default["fixtures"]
    return {
        "tokenizer": tokenizer()[0],
        "modes": measured,
        "fixtures": rows,
        "fixed_tokens_per_article": default["fixed_tokens_mean"],
        "article_tokens_per_article": default["article_tokens_mean"],
        "calls_per_article": sum(m["calls_per_article"] for m in measured.values()) / len(measured),
        "reask": default["reask"],
        "before": BEFORE,
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
    before = result["before"]["fixed"]
    mode_rows = []
    for mode, m in result["modes"].items():
        was = before.get(mode)
        prefix_was = result["before"]["prefix"].get(mode)
        mode_rows.append(
            [
                mode,
                f"{was:,} / {prefix_was:,}" if was and prefix_was else "(new)",
                f"**{m['fixed_tokens_mean']:,.0f}**",
                f"{m['fixed_tokens_min']:,} to {m['fixed_tokens_max']:,}",
                f"{m['prefix_tokens']:,}",
                "yes" if m["prefix_is_everything_before_the_last_message"] else "**no**",
                f"{m['calls_per_article']:.2f}",
            ]
        )
    modes = table(
        [
            "mode",
            "before: fixed / prefix tok",
            "fixed tok after (mean)",
            "range",
            "identical prefix tok",
            "prefix = all but the last message",
            "calls",
        ],
        mode_rows,
    )
    rows = []
    for r in result["fixtures"]:
        t = r["tokens"]
        fixed = sum(t[p] for p in FIXED_PARTS)
        rows.append(
            [
                r["slug"],
                *(t[p] for p in PARTS),
                f"{fixed / (fixed + t['article']):.0%}",
                r["reported_prompt_tokens"],
                r["completion_tokens"],
                r["calls"],
            ]
        )
    n = len(result["fixtures"])
    mean = {p: sum(r["tokens"][p] for r in result["fixtures"]) / n for p in PARTS}
    fixed_mean = sum(mean[p] for p in FIXED_PARTS)
    rows.append(
        [
            "**mean per article**",
            *(f"{mean[p]:.0f}" for p in PARTS),
            f"**{fixed_mean / (fixed_mean + mean['article']):.0%}**",
            f"{sum(r['reported_prompt_tokens'] for r in result['fixtures']) / n:.0f}",
            f"{sum(r['completion_tokens'] for r in result['fixtures']) / n:.0f}",
            f"{sum(r['calls'] for r in result['fixtures']) / n:.2f}",
        ]
    )
    fixtures = table(
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
    r = result["reask"]
    reask = ""
    if r is not None:
        once = next(f for f in result["fixtures"] if f["slug"] == r["slug"])
        reask = (
            f" One re-ask ({r['slug']}, first answer ungrounded): {r['calls']} calls, "
            f"{r['prompt_tokens']} prompt + {r['completion_tokens']} completion tokens (the "
            f"fake server's characters / 4), against {once['reported_prompt_tokens']} + "
            f"{once['completion_tokens']} when the first answer is valid."
        )
    return (
        f"Tokenizer: {result['tokenizer']}; before: {result['before']['tokenizer']}. Fixed = "
        "system + template + schema (the envelope is left out). The identical prefix is the "
        "common leading part of every fixture's prompt in the order a provider reads it "
        f"(schema, then the messages).\n\n{modes}\n\nPer fixture, mode `{DEFAULT_MODE}`:"
        f"\n\n{fixtures}\n\n"
        f"Calls per article: {result['calls_per_article']:.2f} over every mode.{reask}"
    )


__all__ = ["common_prefix", "parts", "prompt_order", "report", "run", "split_request", "tokens"]

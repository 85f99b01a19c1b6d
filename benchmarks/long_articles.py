"""Long articles: the six blind long fixtures through the whole pipeline.

The fixtures are round 3 of the holdout (``evals/holdout``, 1,290 to 2,790 body words,
written and labelled by someone who never read the prompt or the code). They are
measured here and never tuned on. Three configurations:

- ``model, chunked``: the openai provider with its default output ceiling (4,096
  tokens), the real openai client and instructor, against the scripted server answering
  as a faithful model from the gold answers (``tests/faithful.py``): whole gold for a
  whole article, the gold items whose evidence lies in a chunk for a chunk, the gold
  summary for the final summary call, and an answer longer than the cap sent cut off;
- ``model, whole``: the same with a ceiling of 32,768 tokens, so each article is one call
  (what chunking costs, and loses, against answering in one piece);
- ``rules``: the offline provider.

Per article: whether a record came out, model calls, chunk requests, answers cut off,
items dropped, casualty -> event links kept (model configurations), and the time per
article (median over rounds, server answering at once: our code, the client and the
loopback). Per configuration: precision, recall and F1 of events, casualties and
attributions as ``summarizer eval`` scores them, update-line accuracy and ROUGE-L.
Also counted: gold items the grounding validator rejects (blind false rejections).
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from typing import Any

from summarizer.cleaning import clean_article, read_article
from summarizer.config import Settings
from summarizer.evaluation.dropped import dropped_items
from summarizer.evaluation.fixtures import Fixture, load_fixtures
from summarizer.evaluation.report import fixture_block, totals_block
from summarizer.evaluation.scorers import score_fixture
from summarizer.grounding import check
from summarizer.language.text import normalise
from summarizer.pipeline import Pipeline
from summarizer.providers.openai import OpenAIProvider
from summarizer.providers.rules import RulesProvider
from summarizer.records import SummaryRecord
from summarizer.schema import ArticleSummary

from ._commit import merge_base, run_at
from ._corpus import ROOT, gold_answer
from ._server import ServerProcess
from ._util import median, table

HOLDOUT = ROOT / "evals" / "holdout"
LONG_FIXTURES = (
    "calder-county-jail-break-manhunt",
    "modderkuil-mine-flood-rescue",
    "zambara-election-week-violence",
    "tal-sabkha-market-suicide-bombing-html",
    "cyclone-sitara-coastal-districts",
    "umm-sayala-offensive-corridor-html",
)
WHOLE_CEILING = 32_768
_FIELDS = ("events", "casualties", "attributions")


def fixtures() -> list[Fixture]:
    """The long blind fixtures, shortest first."""
    found = {f.slug: f for f in load_fixtures(HOLDOUT) if f.slug in LONG_FIXTURES}
    missing = sorted(set(LONG_FIXTURES) - set(found))
    if missing:
        raise RuntimeError(f"long fixtures missing from {HOLDOUT}: {', '.join(missing)}")
    return [found[slug] for slug in LONG_FIXTURES]


def run(rounds: int = 3, before: str = "main") -> dict[str, Any]:
    """Measure the three configurations over the long fixtures, and the model one with
    the code where this checkout left ``before``."""
    chosen = fixtures()
    texts = {f.slug: clean_article(read_article(f.article)).text for f in chosen}
    answers = [(texts[f.slug], json.dumps(gold_answer(f))) for f in chosen]
    facts = [_facts(f, texts[f.slug]) for f in chosen]
    configs: dict[str, Any] = {}
    earlier: dict[str, Any] | None = None
    with ServerProcess(answers) as server:
        commit = merge_base(before)
        if commit:
            earlier = {"commit": commit}
            for name, ceiling in (("default", 4096), ("whole", WHOLE_CEILING)):
                code = _BEFORE.format(
                    slugs=LONG_FIXTURES, url=server.base_url, holdout=str(HOLDOUT), cap=ceiling
                )
                earlier[name] = run_at(commit, code)
        for name, ceiling in (("model, chunked", None), ("model, whole", WHOLE_CEILING)):
            extra = {} if ceiling is None else {"max_output_tokens": ceiling}
            settings = Settings(
                provider="openai", base_url=server.base_url, model="bench", timeout=60, **extra
            )
            with OpenAIProvider(settings) as provider:
                configs[name] = _measure(Pipeline(provider), chosen, rounds, server)
    configs["rules"] = _measure(Pipeline(RulesProvider()), chosen, rounds, None)
    return {"rounds": rounds, "fixtures": facts, "configs": configs, "before": earlier}


# Run with another commit's summarizer: only what every version has (no scoring).
_BEFORE = """
import json
from summarizer.config import Settings
from summarizer.evaluation.fixtures import load_fixtures
from summarizer.pipeline import Pipeline
from summarizer.providers.openai import OpenAIProvider

settings = Settings(
    provider="openai", base_url={url!r}, model="bench", timeout=60, max_output_tokens={cap}
)
pipeline = Pipeline(OpenAIProvider(settings))
rows = []
for fixture in load_fixtures({holdout!r}):
    if fixture.slug in {slugs!r}:
        record = pipeline.summarize(fixture.article, fixture.reference_date)
        error = record.error.type if record.error else None
        rows.append({{"slug": fixture.slug, "ok": record.ok, "calls": record.usage.calls,
                      "error": error}})
print(json.dumps(rows))
"""


def _facts(fixture: Fixture, text: str) -> dict[str, Any]:
    gold = ArticleSummary.model_validate(gold_answer(fixture))
    rejected = {(p.field, p.index) for p in check(gold, text)}
    return {
        "slug": fixture.slug,
        "chars": len(text),
        "words": len(text.split()),
        "gold_items": sum(len(getattr(gold, name)) for name in _FIELDS),
        "gold_rejected": len(rejected),
    }


def _measure(
    pipeline: Pipeline, chosen: Sequence[Fixture], rounds: int, server: ServerProcess | None
) -> dict[str, Any]:
    rows, blocks = [], {}
    for fixture in chosen:
        seconds = []
        for number in range(rounds):
            before = server.faithful() if server else {"chunks": 0, "cut_off": 0}
            started = time.perf_counter()
            record = pipeline.summarize(fixture.article, fixture.reference_date)
            seconds.append(time.perf_counter() - started)
            after = server.faithful() if server else before
            if number == 0:
                first, served = record, {k: after[k] - before[k] for k in after}
        error = f"{first.error.type}: {first.error.message}" if first.error else None
        blocks[fixture.slug] = fixture_block(score_fixture(fixture.gold, first.result, error))
        rows.append(
            {
                "slug": fixture.slug,
                "ok": first.ok,
                "calls": first.usage.calls,
                "tokens": first.usage.prompt_tokens + first.usage.completion_tokens,
                "chunks": served["chunks"],
                "cut_off": served["cut_off"],
                "dropped": dropped_items(first.warnings),
                "links": _links(first, gold_answer(fixture)),
                "seconds": median(seconds),
                "warnings": len(first.warnings),
            }
        )
    return {"rows": rows, "totals": totals_block(blocks), "blocks": blocks}


def _links(record: SummaryRecord, gold: dict[str, Any]) -> tuple[int, int]:
    """(kept, total): gold casualties linked to an event that the record links to the
    same event (found by evidence)."""
    if record.result is None:
        return 0, 0
    events = record.result.events
    found = {normalise(c.evidence): c for c in record.result.casualties}
    kept = total = 0
    for casualty in gold["casualties"]:
        if casualty.get("event") is None:
            continue
        total += 1
        match = found.get(normalise(casualty["evidence"]))
        if match is None or match.event is None:
            continue
        gold_event = normalise(gold["events"][casualty["event"]]["evidence"])
        kept += normalise(events[match.event].evidence) == gold_event
    return kept, total


def _f1(block: dict[str, Any]) -> str:
    f1 = block["f1"]
    return "n/a" if f1 is None else f"{f1:.3f}"


def report(result: dict[str, Any]) -> str:
    facts = result["fixtures"]
    lines = [
        table(
            ["fixture", "words", "chars", "gold items", "gold items the validator rejects"],
            [
                [f["slug"], f["words"], f["chars"], f["gold_items"], f["gold_rejected"]]
                for f in facts
            ],
        )
    ]
    summary_rows = []
    for name, config in result["configs"].items():
        rows, totals = config["rows"], config["totals"]
        links = [r["links"] for r in rows]
        kept, total = sum(k for k, _ in links), sum(t for _, t in links)
        summary_rows.append(
            [
                name,
                f"{sum(r['ok'] for r in rows)} of {len(rows)}",
                f"{sum(r['calls'] for r in rows) / len(rows):.1f}",
                f"{sum(r['tokens'] for r in rows) / len(rows):,.0f}",
                *(_f1(totals[field]) for field in _FIELDS),
                f"{totals['updated']['accuracy']:.3f}",
                f"{totals['summary']['rougeL']:.3f}",
                sum(r["dropped"] for r in rows),
                f"{kept} of {total}" if name != "rules" else "n/a",
                f"{median([r['seconds'] for r in rows]) * 1000:.0f}",
            ]
        )
    lines.append(
        table(
            [
                "configuration",
                "records",
                "calls per article",
                "tokens per article",
                "events F1",
                "casualties F1",
                "attributions F1",
                "updated",
                "ROUGE-L",
                "items dropped",
                "event links kept",
                "ms per article (median)",
            ],
            summary_rows,
        )
    )
    earlier = result.get("before")
    if earlier and earlier.get("default") and earlier.get("whole"):
        whole = {r["slug"]: r for r in earlier["whole"]}
        rows = [
            [
                r["slug"],
                r["error"] or f"ok, {r['calls']} call(s)",
                whole[r["slug"]]["error"] or f"ok, {whole[r['slug']]['calls']} call(s)",
            ]
            for r in earlier["default"]
        ]
        headers = ["fixture", "ceiling 4,096 (the default)", f"ceiling {WHOLE_CEILING:,}"]
        lines.append(
            f"**model, before this change** (commit {earlier['commit']}, same server): the "
            "record or the error, with 1 + 2 re-asks\n\n" + table(headers, rows)
        )
    for name, config in result["configs"].items():
        rows = []
        for row in config["rows"]:
            block = config["blocks"][row["slug"]]
            rows.append(
                [
                    row["slug"],
                    "ok" if row["ok"] else "failed",
                    row["calls"],
                    row["chunks"],
                    row["cut_off"],
                    *(_f1(block[field]) for field in _FIELDS),
                    row["dropped"],
                    f"{row['seconds'] * 1000:.0f}",
                ]
            )
        headers = [
            "fixture",
            "record",
            "calls",
            "chunk requests",
            "cut off",
            "events F1",
            "casualties F1",
            "attributions F1",
            "dropped",
            "ms",
        ]
        lines.append(f"**{name}**\n\n{table(headers, rows)}")
    return "\n\n".join(lines)


__all__ = ["LONG_FIXTURES", "fixtures", "report", "run"]

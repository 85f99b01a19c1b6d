"""Long and hard articles at the wire: partial records, validator precision, output caps
sized to the article, and chunked extraction (issue 17)."""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
import itertools
import json
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED, SEED_ANSWER
from faithful import Faithful
from fakeserver import Answer, FakeLLM, Request

from summarizer.cleaning import CleanedArticle, clean_article, decode_article, read_article
from summarizer.evaluation.fixtures import GOLD_ONLY_KEYS, LIST_FIELDS, load_fixtures
from summarizer.language.text import normalise
from summarizer.pipeline import Pipeline
from summarizer.providers.openai import OpenAIProvider
from summarizer.providers.openai.budget import output_cap
from summarizer.providers.openai.prompt import CLOSE_TAG, OPEN_TAG
from summarizer.providers.rules import RulesProvider, summary_of
from summarizer.records import SummaryRecord
from summarizer.schema import ArticleSummary

ROOT = Path(__file__).resolve().parent.parent
LONG = "vindhara-earthquake-long"  # a development fixture of 9,356 characters
REF = dt.date(2021, 6, 29)


def _gold(slug: str) -> tuple[Any, str, dict[str, Any]]:
    fixture = next(f for f in load_fixtures(ROOT / "evals" / "fixtures") if f.slug == slug)
    gold = json.loads((fixture.directory / "gold.json").read_text(encoding="utf-8"))
    gold.pop("updated", None)
    for name in LIST_FIELDS:
        for item in gold[name]:
            for key in GOLD_ONLY_KEYS:
                item.pop(key, None)
    return fixture, clean_article(read_article(fixture.article)).text, gold


def _evidence(record: SummaryRecord) -> Counter[tuple[str, str]]:
    assert record.result is not None
    return Counter(
        (name, normalise(item.evidence))
        for name in LIST_FIELDS
        for item in getattr(record.result, name)
    )


def _gold_evidence(gold: dict[str, Any]) -> Counter[tuple[str, str]]:
    return Counter(
        (name, normalise(item["evidence"])) for name in LIST_FIELDS for item in gold[name]
    )


def _spans_point_into(record: SummaryRecord, text: str) -> None:
    assert record.result is not None
    for name in LIST_FIELDS:
        for item in getattr(record.result, name):
            assert item.evidence_span is not None, (name, item.evidence)
            start, end = item.evidence_span
            assert normalise(text[start:end]).strip(" \"'.,;:") in normalise(item.evidence)


def _block(request: Request) -> str:
    user = request.message("user")
    return user[user.rindex(OPEN_TAG) + len(OPEN_TAG) : user.rindex(CLOSE_TAG)].strip()


# -- 1. partial records instead of lost ones ---------------------------------------------


def test_one_bad_item_among_many_good_ones_is_dropped_and_the_record_kept(
    fake_llm: FakeLLM, openai_provider: Any
) -> None:
    fixture, _, gold = _gold("kolvara-colliery-roof-collapse")
    answer = copy.deepcopy(gold)
    answer["casualties"].append(
        {
            "group": "rescuers",
            "injured": {"value": 9, "precision": "exact"},
            "evidence": answer["casualties"][0]["evidence"],  # states no 9
        }
    )
    bad = len(answer["casualties"]) - 1
    fake_llm.repeat(3, lambda: fake_llm.reply(answer))

    record = Pipeline(openai_provider()).summarize(fixture.article, fixture.reference_date)

    assert record.ok and record.error is None
    assert fake_llm.calls == 3  # the re-asks were spent on the one bad item
    assert _evidence(record) == _gold_evidence(gold)
    (warning,) = record.warnings
    assert warning.startswith(f"dropped: casualties[{bad}]: casualties[{bad}].injured is 9")
    assert record.usage.calls == 3


def test_strict_grounding_fails_the_whole_article_instead(
    fake_llm: FakeLLM, openai_provider: Any
) -> None:
    answer = copy.deepcopy(SEED_ANSWER)
    answer["casualties"][1]["killed"]["value"] = 7
    fake_llm.repeat(3, lambda: fake_llm.reply(answer))
    pipeline = Pipeline(openai_provider(), strict_grounding=True)
    record = pipeline.run(read_article(SEED), REF)
    assert record.result is None and record.error is not None
    assert record.error.type == "ValidationExhaustedError"
    assert "casualties[1].killed is 7" in record.error.message
    assert record.usage.calls == 3


def test_a_partial_answer_is_not_cached(
    fake_llm: FakeLLM, openai_provider: Any, tmp_path: Path
) -> None:
    from summarizer.cache import DiskCache

    answer = copy.deepcopy(SEED_ANSWER)
    answer["events"][1]["evidence"] = "Jets bombed the border crossing"
    fake_llm.repeat(3, lambda: fake_llm.reply(answer)).reply(SEED_ANSWER)
    pipeline = Pipeline(openai_provider(), cache=DiskCache(tmp_path))
    first = pipeline.run(read_article(SEED), REF)
    second = pipeline.run(read_article(SEED), REF)
    assert first.warnings and first.result is not None and len(first.result.events) == 1
    # The next run asks again rather than reusing the answer that failed its re-asks.
    assert second.warnings == [] and second.result is not None
    assert len(second.result.events) == 2 and fake_llm.calls == 4
    assert pipeline.run(read_article(SEED), REF).usage.cached


# -- 2. validator precision at the wire --------------------------------------------------

HARD = """Rebels claim raid on Kunda army post

KUNDA - Dozens of armed men attacked the Kunda army post before dawn on Monday, residents said.

A rebel spokesman, Tomas Eyo, said in a WhatsApp message that the group had killed \
\u201cdozens\u201d of government soldiers and seized weapons.

Police said 27 personnel, including the officer-in-charge of Kunda police station, were \
injured in the fighting.

\u201cWe buried four of our men,\u201d a village elder said. \u201cThe rest ran into the \
forest.\u201d
"""

HARD_ANSWER: dict[str, Any] = {
    "summary": "Rebels attacked the Kunda army post on Monday. Police said 27 personnel were "
    "injured, including the officer-in-charge of Kunda police station.",
    "events": [
        {
            "kind": "attack",
            "description": "Armed men attacked the Kunda army post.",
            "evidence": "Dozens of armed men attacked the Kunda army post before dawn on Monday",
        }
    ],
    "casualties": [
        {
            "group": "police personnel",
            "injured": {"value": 27, "precision": "exact"},
            "event": 0,
            "reported_by": "Police",
            "evidence": "Police said 27 personnel, including the officer-in-charge of Kunda "
            "police station, were injured in the fighting.",
        },
        {
            "group": "the officer-in-charge of Kunda police station",
            "injured": {"value": 1, "precision": "exact"},
            "event": 0,
            "reported_by": "Police",
            "evidence": "Police said 27 personnel, including the officer-in-charge of Kunda "
            "police station, were injured in the fighting.",
        },
    ],
    "attributions": [
        {
            "speaker": "Tomas Eyo",
            "affiliation": "rebel spokesman",
            "claim": "The group killed dozens of government soldiers.",
            "quote": "dozens",
            "channel": "social_media_post",
            "evidence": "the group had killed \u201cdozens\u201d of government soldiers",
        },
        {
            "speaker": "a village elder",
            "claim": "Villagers buried four men and the rest fled.",
            "quote": "We buried four of our men ... The rest ran into the forest.",
            "channel": "unspecified",
            "evidence": "\u201cWe buried four of our men,\u201d a village elder said.",
        },
    ],
}


def test_the_two_false_rejections_of_the_issue_and_a_split_quote_pass_first_time(
    fake_llm: FakeLLM, openai_provider: Any
) -> None:
    fake_llm.reply(HARD_ANSWER)
    raw = decode_article(HARD.encode("utf-8"), source="hard.txt")

    record = Pipeline(openai_provider()).run(raw, REF)

    assert fake_llm.calls == 1  # no re-ask
    assert record.ok and record.warnings == []
    assert record.result is not None
    assert [c.injured.value for c in record.result.casualties if c.injured] == [27, 1]
    assert [a.quote for a in record.result.attributions] == [
        "dozens",
        "We buried four of our men ... The rest ran into the forest.",
    ]


# -- 3. the output cap sized to the article ------------------------------------------------


def test_the_cap_sent_follows_the_article_and_is_recorded(
    fake_llm: FakeLLM, openai_provider: Any
) -> None:
    fake_llm.default = Faithful([(clean_article(read_article(SEED)).text, SEED_ANSWER)])
    provider = openai_provider()
    brief = decode_article(b"Two people were hurt in a fire, officials said.", source="a")
    seed = Pipeline(provider).run(read_article(SEED), REF)
    cap = fake_llm.requests[0].body["max_tokens"]
    assert cap == output_cap(clean_article(read_article(SEED)).text, 4096) < 4096
    assert seed.provenance.params["output_cap"] == cap
    assert seed.provenance.params["max_output_tokens"] == 4096  # the ceiling
    job = Pipeline(provider).prepare(brief)
    assert job.provenance.params["output_cap"] == 1024 < cap  # the floor, for a one-liner
    assert job.key != Pipeline(openai_provider(max_output_tokens=800)).prepare(brief).key


def test_an_answer_cut_off_at_the_cap_is_extracted_again_in_chunks(
    fake_llm: FakeLLM, openai_provider: Any
) -> None:
    text = clean_article(read_article(SEED)).text
    fake_llm.truncated(SEED_ANSWER, usage=(3000, 2000))
    fake_llm.default = faithful = Faithful([(text, SEED_ANSWER)])

    record = Pipeline(openai_provider()).run(read_article(SEED), REF)

    assert record.ok, record.error
    chunks = [r for r in fake_llm.requests[1:-1]]
    assert len(chunks) == faithful.chunks >= 2
    assert all(_block(r) in text for r in chunks)
    assert _evidence(record) == _gold_evidence(SEED_ANSWER)  # a full record, nothing twice
    _spans_point_into(record, text)
    assert record.result is not None and record.result.summary == SEED_ANSWER["summary"]
    assert record.usage.calls == fake_llm.calls == len(chunks) + 2
    assert record.usage.prompt_tokens > 3000 and record.usage.completion_tokens > 2000


# -- 4. chunked extraction of a long article ------------------------------------------------


class _Concurrency:
    """Wraps a scripted answer, holding each request a moment and counting the overlap."""

    def __init__(self, inner: Faithful, hold: float = 0.3) -> None:
        self.inner, self.hold = inner, hold
        self.now = self.most = 0
        self.lock = threading.Lock()

    def __call__(self, request: Request) -> Answer:
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
        time.sleep(self.hold)
        with self.lock:
            self.now -= 1
        return self.inner(request)


def test_a_long_article_is_extracted_in_concurrent_chunks_and_merged_into_one_record(
    fake_llm: FakeLLM, openai_provider: Any, record_schema: dict[str, Any]
) -> None:
    import jsonschema

    fixture, text, gold = _gold(LONG)
    faithful = Faithful([(text, gold)])
    fake_llm.default = watch = _Concurrency(faithful)

    record = Pipeline(openai_provider()).summarize(fixture.article, fixture.reference_date)

    assert record.ok and record.warnings == []
    jsonschema.validate(record.model_dump(mode="json"), record_schema)
    chunks = [r for r in fake_llm.requests if "WholeSummary" not in json.dumps(r.body)]
    assert len(chunks) == faithful.chunks >= 3 and faithful.cut_off == 0
    blocks = sorted((_block(r) for r in chunks), key=text.find)  # sent concurrently
    assert all(block in text for block in blocks)
    # Paragraph-aligned, in order, overlapping: each chunk opens with the last paragraphs
    # of the one before, and brings new ones.
    for before, after in itertools.pairwise(blocks):
        opening = before.index("\n" + after.split("\n")[0]) + 1
        assert after.startswith(before[opening:]) and len(after) > len(before) - opening
    assert all(r.body["max_tokens"] <= 4096 for r in chunks)
    assert watch.most >= 2  # chunks were in flight together
    # One record: every gold item once, spans into the full text, links re-indexed.
    assert _evidence(record) == _gold_evidence(gold)
    _spans_point_into(record, text)
    assert record.result is not None
    events = record.result.events
    for casualty in record.result.casualties:
        assert casualty.event is None or casualty.event < len(events)
    linked = [c for c in record.result.casualties if c.event is not None]
    assert linked, "links inside a chunk survive the merge"
    for casualty in linked:
        gold_casualty = next(c for c in gold["casualties"] if c["evidence"] == casualty.evidence)
        gold_event = gold["events"][gold_casualty["event"]]
        assert events[casualty.event].evidence == gold_event["evidence"]
    # The summary comes from one final call over the chunks' results.
    assert record.result.summary == gold["summary"]
    assert "Part 2:" in fake_llm.requests[-1].message("user")
    assert record.usage.calls == fake_llm.calls == len(chunks) + 1


def test_the_async_path_chunks_the_same_way(fake_llm: FakeLLM) -> None:
    from summarizer.config import Settings

    fixture, text, gold = _gold(LONG)
    fake_llm.default = Faithful([(text, gold)])
    provider = OpenAIProvider(Settings(provider="openai", base_url=fake_llm.base_url))
    pipeline = Pipeline(provider)

    async def run() -> SummaryRecord:
        try:
            return await pipeline.arun(pipeline.read(fixture.article), fixture.reference_date)
        finally:
            await provider.aclose()

    record = asyncio.run(run())
    assert record.ok and _evidence(record) == _gold_evidence(gold)
    assert record.usage.calls == fake_llm.calls >= 4


def test_a_chunk_that_fails_is_left_out_with_a_warning(
    fake_llm: FakeLLM, openai_provider: Any
) -> None:
    fixture, text, gold = _gold(LONG)
    faithful = Faithful([(text, gold)])
    refused = {"first": True}

    def answer(request: Request) -> Answer:
        block = _block(request) if "WholeSummary" not in json.dumps(request.body) else ""
        if block.startswith(text[:200]) and refused.pop("first", False):
            return Answer(status=400, body={"error": {"message": "content policy"}})
        return faithful(request)

    fake_llm.default = answer
    record = Pipeline(openai_provider()).summarize(fixture.article, fixture.reference_date)

    assert record.ok and record.result is not None
    (warning,) = record.warnings
    assert warning.startswith("chunk failed: characters 0-") and "content policy" in warning
    assert 0 < sum(_evidence(record).values()) < sum(_gold_evidence(gold).values())
    strict = Pipeline(openai_provider(), strict_grounding=True)
    refused["first"] = True
    failed = strict.summarize(fixture.article, fixture.reference_date)
    assert failed.error is not None and "content policy" in failed.error.message


def test_a_failed_final_summary_call_falls_back_to_the_lead_sentences(
    fake_llm: FakeLLM, openai_provider: Any
) -> None:
    fixture, text, gold = _gold(LONG)
    faithful = Faithful([(text, gold)])

    def answer(request: Request) -> Answer:
        if "WholeSummary" in json.dumps(request.body):
            return Answer(status=400, body={"error": {"message": "no summaries today"}})
        return faithful(request)

    fake_llm.default = answer
    record = Pipeline(openai_provider()).summarize(fixture.article, fixture.reference_date)
    assert record.ok and record.result is not None
    cleaned = clean_article(read_article(fixture.article))
    assert record.result.summary == summary_of(cleaned)
    assert record.warnings == [
        "summary: lead sentences instead (the provider rejected the "
        "request (HTTP 400): no summaries today)"
    ]


class ChunkingRules(RulesProvider):
    """The rules provider, told to take long articles in chunks of 2,500 characters."""

    name = "chunking-rules"

    def chunk_limit(self, article: CleanedArticle) -> int | None:
        return 2500 if len(article.text) > 2500 else None


def test_any_provider_can_be_chunked_and_the_overlap_gives_no_duplicate() -> None:
    fixture, text, _ = _gold(LONG)
    calls: list[int] = []
    provider = ChunkingRules()
    original = provider.extract

    def counting(article: CleanedArticle, *, reference_date: dt.date | None) -> Any:
        calls.append(len(article.text))
        return original(article, reference_date=reference_date)

    provider.extract = counting  # type: ignore[method-assign]
    record = Pipeline(provider).summarize(fixture.article, fixture.reference_date)

    assert record.ok and len(calls) >= 4 and max(calls) <= 2500
    _spans_point_into(record, text)
    assert record.result is not None
    whole = Pipeline(RulesProvider()).summarize(fixture.article, fixture.reference_date)
    assert whole.result is not None

    def keys(summary: ArticleSummary) -> Counter[tuple[Any, ...]]:
        return Counter(
            (name, item.evidence_span, getattr(item, "group", getattr(item, "speaker", None)))
            for name in LIST_FIELDS
            for item in getattr(summary, name)
        )

    # Nothing is there twice that the provider did not give twice for the whole article.
    in_whole = keys(whole.result)
    assert all(n <= max(1, in_whole[key]) for key, n in keys(record.result).items())
    # The summary of the whole, from the default hook: the lead sentences of the article.
    assert record.result.summary == summary_of(clean_article(read_article(fixture.article)))
    assert len(record.result.events) >= len(whole.result.events) > 0


@pytest.mark.parametrize("mode", ["tools", "json"])
def test_chunked_extraction_in_either_answer_mode(
    fake_llm: FakeLLM, openai_provider: Any, mode: str
) -> None:
    fixture, text, gold = _gold(LONG)
    fake_llm.default = Faithful([(text, gold)])
    record = Pipeline(openai_provider(mode=mode)).summarize(fixture.article, fixture.reference_date)
    assert record.ok and _evidence(record) == _gold_evidence(gold)


def test_batch_keeps_partial_records_unless_grounding_is_strict(
    fake_llm: FakeLLM, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from summarizer.cli import app

    answer = copy.deepcopy(SEED_ANSWER)
    answer["attributions"][1]["quote"] = "There were no injuries"  # not the article's words
    fake_llm.default = lambda request: answer
    base = ["batch", str(SEED), "--base-url", fake_llm.base_url, "--date", "2021-06-29", "-q"]

    done = CliRunner().invoke(app, [*base, "-o", str(tmp_path / "out.jsonl")])
    assert done.exit_code == 0, done.stderr
    record = SummaryRecord.model_validate_json((tmp_path / "out.jsonl").read_text())
    assert record.ok and record.result is not None
    assert record.result.attributions[1].quote is None  # the quote went, the claim stayed
    assert [w.split(": ")[1] for w in record.warnings] == ["attributions[1].quote"]
    assert record.usage.calls == 3  # the async client spent the re-asks first

    strict = CliRunner().invoke(
        app, [*base, "-o", str(tmp_path / "strict.jsonl"), "--strict-grounding"]
    )
    assert strict.exit_code == 1
    failed = SummaryRecord.model_validate_json((tmp_path / "strict.jsonl").read_text())
    assert failed.error is not None and "attributions[1].quote" in failed.error.message

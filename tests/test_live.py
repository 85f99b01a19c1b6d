"""Against a real model: skipped unless one is configured.

Run with ``SUMMARIZER_LIVE=1`` and either ``OPENAI_API_KEY`` (OpenAI, model from
``SUMMARIZER_MODEL``) or ``SUMMARIZER_LIVE_BASE_URL`` (any OpenAI-compatible server, e.g.
``http://localhost:11434/v1`` for Ollama). These tests check what any competent model must
get right on the seed and the fixtures; they are the only tests allowed past the network block.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

import summarizer
from summarizer.config import Settings
from summarizer.evaluation.fixtures import load_fixtures
from summarizer.evaluation.runner import run_pipeline, score_predictions

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "esta-coalition-rocket-attack.txt"


def _live_settings() -> Settings | None:
    if os.environ.get("SUMMARIZER_LIVE") != "1":
        return None
    base_url = os.environ.get("SUMMARIZER_LIVE_BASE_URL")
    if not (base_url or os.environ.get("OPENAI_API_KEY")):
        return None
    return Settings.from_env(provider="openai", base_url=base_url, timeout=120.0)


LIVE = _live_settings()
pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(
        LIVE is None, reason="no live model: set SUMMARIZER_LIVE=1 and a key or base URL"
    ),
]


@pytest.fixture(scope="module")
def pipeline() -> summarizer.Pipeline:
    assert LIVE is not None
    return summarizer.Pipeline(settings=LIVE)


def test_the_seed_is_summarized_grounded_and_complete(pipeline: summarizer.Pipeline) -> None:
    record = pipeline.summarize(SEED, reference_date=dt.date(2021, 6, 28))

    assert record.error is None, record.error
    result = record.result
    assert result is not None
    kinds = {event.kind for event in result.events}
    assert "shelling_artillery_missile_attack" in kinds
    zero = [c for c in result.casualties if c.injured is not None and c.injured.value == 0]
    assert zero, "the seed states there were no injuries"
    assert any(a.channel == "tweet" for a in result.attributions)
    assert result.updated is not None and result.updated.iso == "2021-06-29T00:25:00+03:00"
    assert record.usage.calls >= 1 and record.usage.prompt_tokens > 0


def test_a_live_model_beats_nothing_on_the_fixtures(pipeline: summarizer.Pipeline) -> None:
    """A floor, not a benchmark: a working model finds most events and casualties."""
    fixtures = load_fixtures(ROOT / "evals" / "fixtures")[:4]
    scores = score_predictions(fixtures, run_pipeline(pipeline, fixtures))
    events = [score.events.matching for score in scores.values()]
    found = sum(m.tp for m in events)
    gold = sum(m.tp + m.fn for m in events)
    assert gold and found / gold >= 0.5

"""Fixtures and predictions for the eval report tests, made by running the real library.

``make_fixtures`` copies the two small test fixtures and adds two: one whose article,
gold and prediction carry script and markup payloads, and one whose extraction fails.
``make_predictions`` summarizes every fixture through the real pipeline with a scripted
provider that answers from gold, less or more, so spans, ids and records are the
pipeline's own. ``perfect`` answers gold everywhere; otherwise:

- alpha: the arrest event missed, an extra attribution (a false alarm) and the soldiers'
  injured count wrong (3 for 2) in a matched pair;
- beta: gold exactly;
- delta: the extraction fails;
- gamma (hostile): gold exactly, payloads and all.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

from summarizer.cleaning import CleanedArticle
from summarizer.errors import ValidationExhaustedError
from summarizer.evaluation.fixtures import load_fixtures
from summarizer.pipeline import Pipeline
from summarizer.providers import Extraction, Provider
from summarizer.records import Usage
from summarizer.schema import ArticleSummary

DATA = Path(__file__).parent / "data" / "eval" / "fixtures"
ALPHA, BETA, DELTA, GAMMA = (
    "alpha-rocket-attack",
    "beta-protest",
    "delta-flood-failed",
    "gamma-hostile-checkpoint",
)
SLUGS = (ALPHA, BETA, DELTA, GAMMA)  # the order of the report and of its list

HOSTILE_TITLE = 'Gunmen <script>alert(1)</script> storm "><img src=x onerror=alert(1)> post'
HOSTILE_QUOTE = "We will not bow to </script><script>alert(2)</script> anyone"
HOSTILE_ARTICLE = f"""\
{HOSTILE_TITLE}

VARO (Wire) — Gunmen attacked a police post in Varo on Monday, killing three guards, \
police said in a statement.

"{HOSTILE_QUOTE}," police spokesman Ilan Dor told reporters.
"""
HOSTILE_GOLD: dict[str, Any] = {
    "title": HOSTILE_TITLE,
    "summary": "Gunmen attacked a police post in Varo on Monday, killing three guards. "
    'A spokesman said police "><img src=x onerror=alert(3)> would not bow.',
    "events": [
        {
            "kind": "attack",
            "description": "Gunmen attacked a police post <b onmouseover=alert(4)>in Varo</b>.",
            "date": "2024-05-06",
            "when": "Monday",
            "location": "Varo",
            "actors": ["Gunmen"],
            "targets": ["police post"],
            "evidence": "Gunmen attacked a police post in Varo on Monday",
        }
    ],
    "casualties": [
        {
            "group": "guards",
            "killed": {"value": 3, "precision": "exact"},
            "event": 0,
            "reported_by": "police",
            "evidence": "killing three guards, police said in a statement",
        }
    ],
    "attributions": [
        {
            "speaker": "Ilan Dor",
            "affiliation": "police spokesman",
            "claim": "Police will not bow to anyone.",
            "quote": HOSTILE_QUOTE,
            "channel": "told_reporters",
            "evidence": f'"{HOSTILE_QUOTE}," police spokesman Ilan Dor told reporters.',
        }
    ],
    "updated": None,
}
FAILED_ARTICLE = """\
Flash floods cut the road to Merin

MERIN — Flash floods cut the only road into Merin on Sunday, officials said.
"""
FAILED_GOLD: dict[str, Any] = {
    "title": "Flash floods cut the road to Merin",
    "summary": "Flash floods cut the only road into Merin on Sunday. Officials said so.",
    "events": [
        {
            "kind": "disaster_or_accident",
            "description": "Flash floods cut the only road into Merin.",
            "date": "2024-04-07",
            "evidence": "Flash floods cut the only road into Merin on Sunday",
        }
    ],
    "casualties": [],
    "attributions": [],
    "updated": None,
}
EXTRA_ATTRIBUTION = {
    "speaker": "the defence ministry",
    "claim": "Two soldiers were wounded.",
    "channel": "statement",
    "evidence": "the defence ministry said in a statement",
}
FAILURE = "the answer never validated: casualties[0].killed must be a count"


def _add_fixture(root: Path, slug: str, article: str, gold: dict[str, Any], date: str) -> None:
    folder = root / slug
    folder.mkdir()
    (folder / "article.txt").write_text(article, encoding="utf-8")
    (folder / "gold.json").write_text(json.dumps(gold, indent=2), encoding="utf-8")
    meta = {"reference_date": date, "source": "written for the summarizer tests"}
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")


def make_fixtures(root: Path) -> Path:
    """Four fixtures under ``root/fixtures`` (and a README beside them, as evals/ has)."""
    target = root / "fixtures"
    shutil.copytree(DATA, target)
    _add_fixture(target, GAMMA, HOSTILE_ARTICLE, HOSTILE_GOLD, "2024-05-06")
    _add_fixture(target, DELTA, FAILED_ARTICLE, FAILED_GOLD, "2024-04-07")
    (target / "README.md").write_text("# Test fixtures\n\nNot an article.\n", encoding="utf-8")
    return target


def gold_answer(folder: Path) -> dict[str, Any]:
    """A fixture's gold as a model answer: no gold-only keys, no update stamp."""
    data: dict[str, Any] = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    for name in ("events", "casualties", "attributions"):
        for item in data[name]:
            item.pop("optional", None)
            item.pop("note", None)
    data.pop("updated", None)
    return data


class ScriptedProvider(Provider):
    """Answers each fixture from its gold (altered unless ``perfect``); delta fails."""

    name = "scripted"
    model = "gold-answers"
    prompt_version = "scripted-1"

    def __init__(self, fixtures: Path, *, perfect: bool) -> None:
        self.answers = {}
        for folder in sorted(p for p in fixtures.iterdir() if p.is_dir()):
            answer = gold_answer(folder)
            if folder.name == ALPHA and not perfect:
                answer["events"] = answer["events"][:1]
                answer["attributions"].append(EXTRA_ATTRIBUTION)
                answer["casualties"][0]["injured"]["value"] = 3
            self.answers[folder.name] = answer
        self.perfect = perfect
        self.slug = ""  # the fixture being summarized

    def extract(self, article: CleanedArticle, *, reference_date: dt.date | None) -> Extraction:
        if self.slug == DELTA and not self.perfect:
            raise ValidationExhaustedError(
                FAILURE, attempts=3, prompt_tokens=900, completion_tokens=300
            )
        summary = ArticleSummary.model_validate(copy.deepcopy(self.answers[self.slug]))
        return Extraction(summary, Usage(calls=1, prompt_tokens=400, completion_tokens=120), [])

    @classmethod
    def from_settings(cls, settings: Any) -> Provider:
        raise NotImplementedError


def make_predictions(fixtures: Path, target: Path, *, perfect: bool = False) -> Path:
    """Summarize every fixture through the pipeline into a JSON Lines file at ``target``."""
    provider = ScriptedProvider(fixtures, perfect=perfect)
    pipeline = Pipeline(provider)
    lines = []
    for fixture in load_fixtures(fixtures):
        provider.slug = fixture.slug
        record = pipeline.summarize(fixture.article, fixture.reference_date)
        lines.append(record.to_json() + "\n")
    target.write_text("".join(lines), encoding="utf-8")
    return target

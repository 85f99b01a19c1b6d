"""`summarizer eval` as a user meets it: scores, report files, baselines, the cache, errors."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from fakeserver import FakeLLM, Request
from typer.testing import CliRunner

from summarizer.cache import DiskCache, default_cache_dir
from summarizer.cleaning import CleanedArticle
from summarizer.cli import app
from summarizer.config import Settings
from summarizer.evaluation.fixtures import load_fixtures
from summarizer.pipeline import Pipeline
from summarizer.providers import Extraction, Provider
from summarizer.records import Usage
from summarizer.schema import ArticleSummary

DATA = Path(__file__).parent / "data" / "eval" / "fixtures"
ALPHA, BETA = "alpha-rocket-attack", "beta-protest"
runner = CliRunner()


def gold(slug: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / slug / "gold.json").read_text(encoding="utf-8"))
    for name in ("events", "casualties", "attributions"):
        for item in data[name]:
            item.pop("optional", None)
            item.pop("note", None)
    return data


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def predictions(tmp_path: Path) -> Path:
    """Alpha: one event of two, a spurious attribution, a wrong update time; beta: perfect."""
    alpha = gold(ALPHA)
    alpha["events"] = alpha["events"][:1]
    alpha["events"][0]["evidence_span"] = [60, 120]
    alpha["attributions"] = alpha["attributions"][:2] + gold(BETA)["attributions"]
    alpha["updated"] |= {"time": "20:10", "iso": "2024-03-05T20:10:00+00:00"}
    beta = gold(BETA)
    for name in ("events", "casualties", "attributions"):
        for item in beta[name]:
            item["evidence_span"] = [0, 5]
    records = [
        {"fixture": ALPHA, "result": alpha},  # as small as a record may be
        {  # a full record, matched by the folder of its source
            "id": "x",
            "source": f"somewhere/else/{BETA}/article.txt",
            "result": beta,
            "provenance": {"provider": "openai", "model": "m1", "prompt_version": "p1"},
        },
    ]
    return write_jsonl(tmp_path / "preds.jsonl", records)


def eval_args(*extra: str, fixtures: Path = DATA) -> list[str]:
    return ["eval", "--fixtures", str(fixtures), *extra]


def test_predictions_are_scored_against_hand_computed_values(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = runner.invoke(
        app, eval_args("--predictions", str(predictions(tmp_path)), "--json", str(out))
    )
    assert result.exit_code == 0, result.stderr
    assert ALPHA in result.stdout and "totals" in result.stdout
    report = json.loads(out.read_text(encoding="utf-8"))

    alpha = report["fixtures"][ALPHA]
    assert (alpha["events"]["precision"], alpha["events"]["recall"]) == (1.0, 0.5)
    assert alpha["events"]["f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert alpha["casualties"]["f1"] == 1.0
    # Two right, one spurious; the optional police source is not missed.
    assert (
        alpha["attributions"]["tp"],
        alpha["attributions"]["fp"],
        alpha["attributions"]["fn"],
    ) == (2, 1, 0)
    assert alpha["attributions"]["f1"] == pytest.approx(0.8)
    assert alpha["updated"]["accuracy"] == pytest.approx(5 / 7, abs=1e-4)  # time and iso wrong
    assert alpha["updated"]["fields"]["time"] is False
    assert alpha["summary"]["rougeL"] == 1.0
    assert alpha["grounding"] == {"rate": 0.2, "grounded": 1, "total": 5}
    assert report["fixtures"][BETA]["grounding"]["rate"] == 1.0

    totals = report["totals"]
    assert totals["events"]["f1"] == pytest.approx(0.8)  # tp 2, fn 1
    assert totals["attributions"]["f1"] == pytest.approx(6 / 7, abs=1e-4)  # tp 3, fp 1
    assert totals["updated"]["accuracy"] == pytest.approx(12 / 14, abs=1e-4)
    assert totals["summary"]["rougeL"] == 1.0
    assert totals["grounding"]["rate"] == 0.5  # 4 of 8 predicted items spanned
    # Provenance comes from the records that carry it.
    assert report["provenance"]["provider"] == "openai"
    assert report["provenance"]["model"] == "m1"


def test_json_report_layout(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = runner.invoke(
        app, eval_args("--predictions", str(predictions(tmp_path)), "--json", str(out))
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert {"totals", "fixtures", "provenance", "runs", "thresholds"} <= set(report)
    assert set(report["fixtures"]) == {ALPHA, BETA}
    for block in [report["totals"], *report["fixtures"].values()]:
        for name in ("events", "casualties", "attributions"):
            assert {"precision", "recall", "f1"} <= set(block[name])
        assert "accuracy" in block["updated"]
        assert "rougeL" in block["summary"]
        assert "rate" in block["grounding"]
    events = report["fixtures"][ALPHA]["events"]
    assert events["matches"][0] | {"similarity": 1} == {
        "gold": 0, "pred": 0, "similarity": 1, "optional": False,
        "gold_label": "Three rockets struck an army base near Karsh.",
        "pred_label": "Three rockets struck an army base near Karsh.",
        "kind": True, "date": True,
    }  # fmt: skip
    assert events["missed"] == [
        {
            "gold": 1,
            "label": "Police arrested two men suspected of launching the rockets.",
            "optional": False,
        }
    ]
    assert report["fixtures"][ALPHA]["attributions"]["spurious"][0]["pred"] == 2
    assert set(report["totals"]["casualties"]["attributes"]) == {
        "group", "count_value", "count_precision",
    }  # fmt: skip
    assert set(report["totals"]["attributions"]["attributes"]) == {"speaker", "channel", "quote"}


def test_baseline_passes_unchanged_and_fails_on_a_regression(tmp_path: Path) -> None:
    preds = predictions(tmp_path)
    base = tmp_path / "baselines" / "base.json"
    saved = runner.invoke(app, eval_args("--predictions", str(preds), "--save-baseline", str(base)))
    assert saved.exit_code == 0, saved.stderr
    assert json.loads(base.read_text(encoding="utf-8"))["provenance"]["schema_version"] is None

    same = runner.invoke(app, eval_args("--predictions", str(preds), "--baseline", str(base)))
    assert same.exit_code == 0, same.stderr
    assert "no gated metric fell" in same.stderr

    # Inject a regression: beta loses its only casualty record.
    records = [json.loads(line) for line in preds.read_text(encoding="utf-8").splitlines()]
    records[1]["result"]["casualties"] = []
    worse = write_jsonl(tmp_path / "worse.jsonl", records)
    failed = runner.invoke(app, eval_args("--predictions", str(worse), "--baseline", str(base)))
    assert failed.exit_code == 1
    assert "regression" in failed.stderr
    assert "beta-protest casualties.f1 1.0 -> 0.0" in failed.stderr
    assert "against the baseline" in failed.stdout

    lenient = eval_args("--predictions", str(worse), "--baseline", str(base), "--tolerance", "1")
    assert runner.invoke(app, lenient).exit_code == 0

    # A baseline from another model is compared all the same, with a note saying so.
    data = json.loads(base.read_text(encoding="utf-8"))
    data["provenance"]["model"] = "m0"
    base.write_text(json.dumps(data), encoding="utf-8")
    noted = runner.invoke(app, eval_args("--predictions", str(preds), "--baseline", str(base)))
    assert noted.exit_code == 0
    assert "baseline was made differently: model m0 -> m1" in noted.stderr


def _copy_fixtures(tmp_path: Path) -> Path:
    target = tmp_path / "fixtures"
    shutil.copytree(DATA, target)
    return target


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("breakage", "named"),
    [
        (lambda d: _write(d / ALPHA / "gold.json", "{"), f"{ALPHA}/gold.json"),
        (lambda d: (d / ALPHA / "meta.json").unlink(), f"{ALPHA}/meta.json"),
        (lambda d: (d / BETA / "article.txt").unlink(), BETA),
        (lambda d: _write(d / BETA / "article.html", "<p>x</p>"), BETA),
        (lambda d: _write(d / BETA / "meta.json", '{"reference_date": "11/05/24"}'), BETA),
    ],
)
def test_a_bad_fixture_exits_2_naming_the_file(tmp_path: Path, breakage: Any, named: str) -> None:
    fixtures = _copy_fixtures(tmp_path)
    breakage(fixtures)
    result = runner.invoke(
        app, eval_args("--predictions", str(predictions(tmp_path)), fixtures=fixtures)
    )
    assert result.exit_code == 2
    assert named in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"fixture": "beta-protest", "result": {"summary": ""}}\n', ":1: result.summary"),
        ('{"fixture": "nope", "result": {"summary": "x"}}\n', ":1: no fixture named 'nope'"),
        ('\n{"result": {"summary": "x"}}\n', "preds.jsonl:2: needs a 'fixture' key"),
        ("[1]\n", "preds.jsonl:1: a record must be a JSON object"),
        ("{oops\n", "preds.jsonl:1: invalid JSON"),
    ],
)  # fmt: skip
def test_bad_predictions_exit_2(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "preds.jsonl"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, eval_args("--predictions", str(path)))
    assert result.exit_code == 2
    assert message in result.stderr


def test_missing_fixtures_dir_and_bad_baseline_exit_2(tmp_path: Path) -> None:
    missing = runner.invoke(app, eval_args(fixtures=tmp_path / "nowhere"))
    assert missing.exit_code == 2 and "nowhere" in missing.stderr
    bad = tmp_path / "base.json"
    bad.write_text('{"totals": 1}', encoding="utf-8")
    preds = predictions(tmp_path)
    result = runner.invoke(app, eval_args("--predictions", str(preds), "--baseline", str(bad)))
    assert result.exit_code == 2 and "base.json: not an eval report" in result.stderr
    repeat = runner.invoke(app, eval_args("--predictions", str(preds), "--repeat", "2"))
    assert repeat.exit_code == 2


def test_a_fixture_without_prediction_scores_as_failed(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "preds.jsonl", [{"fixture": BETA, "result": gold(BETA)}])
    out = tmp_path / "r.json"
    result = runner.invoke(app, eval_args("--predictions", str(path), "--json", str(out)))
    assert result.exit_code == 1  # a fixture that failed fails the eval
    assert f"no prediction for {ALPHA}" in result.stderr
    assert "1 of 2 extractions failed" in result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["fixtures"][ALPHA]["error"] == "no prediction"
    assert report["fixtures"][ALPHA]["events"]["recall"] == 0.0
    assert report["totals"]["failed"] == 1


# -- the pipeline and the cache --------------------------------------------------------


def _answer_for(request: Request) -> dict[str, Any]:
    """The gold answer of whichever test fixture the request carries."""
    text = request.message("user")
    slug = ALPHA if "Karsh" in text else BETA
    answer = gold(slug)
    answer.pop("updated")
    return answer


def test_a_second_run_is_served_from_the_cache(
    tmp_path: Path, fake_llm: FakeLLM, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    fake_llm.default = _answer_for
    args = eval_args("--provider", "openai", "--base-url", fake_llm.base_url, "--model", "fake")
    out = tmp_path / "r.json"

    first = runner.invoke(app, [*args, "--json", str(out)])
    assert first.exit_code == 0, first.stderr
    assert fake_llm.calls == 2
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["totals"]["events"]["f1"] == 1.0
    assert report["provenance"]["provider"] == "openai"
    assert report["provenance"]["model"] == "fake"
    assert report["totals"]["grounding"]["rate"] == 1.0

    second = runner.invoke(app, [*args, "--json", str(tmp_path / "r2.json")])
    assert second.exit_code == 0, second.stderr
    assert fake_llm.calls == 2  # no model call at all
    assert "2 of 2 answers from the cache" in second.stderr
    again = json.loads((tmp_path / "r2.json").read_text(encoding="utf-8"))
    assert again["totals"] == report["totals"]

    other_model = runner.invoke(app, [*args[:-1], "fake-2"])
    assert other_model.exit_code == 0
    assert fake_llm.calls == 4  # the model is part of the key

    uncached = runner.invoke(app, [*args, "--no-cache"])
    assert uncached.exit_code == 0
    assert fake_llm.calls == 6


def test_repeat_reports_mean_and_spread(
    tmp_path: Path, fake_llm: FakeLLM, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    fake_llm.default = _answer_for
    out = tmp_path / "r.json"
    args = eval_args("--provider", "openai", "--base-url", fake_llm.base_url, "--model", "fake")
    result = runner.invoke(app, [*args, "--repeat", "2", "--json", str(out)])
    assert result.exit_code == 0, result.stderr
    assert fake_llm.calls == 4  # repeats ask again: the cache is not read
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["runs"] == 2
    assert report["spread"]["totals"]["events"]["f1"] == 0.0
    assert "±" in result.stdout


def test_rules_provider_runs_offline(tmp_path: Path) -> None:
    pytest.importorskip("summarizer.providers.rules")
    out = tmp_path / "r.json"
    result = runner.invoke(app, eval_args("--provider", "rules", "--json", str(out)))
    assert result.exit_code == 0, result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["provenance"]["provider"] == "rules"
    assert report["totals"]["fixtures"] == 2


class CountingProvider(Provider):
    """A provider that answers from gold and counts how often it is asked."""

    name = "counting"
    model = "m"
    prompt_version = "v1"

    def __init__(self) -> None:
        self.calls = 0

    @classmethod
    def from_settings(cls, settings: Settings) -> CountingProvider:
        return cls()

    def extract(self, article: CleanedArticle, *, reference_date: dt.date | None) -> Extraction:
        self.calls += 1
        slug = ALPHA if "Karsh" in article.text else BETA
        answer = gold(slug)
        answer.pop("updated")
        usage = Usage(calls=1, prompt_tokens=10, completion_tokens=5)
        return Extraction(ArticleSummary.model_validate(answer), usage, ["note"])


def test_disk_cache_through_the_pipeline(tmp_path: Path) -> None:
    provider = CountingProvider()
    fixture = load_fixtures(DATA)[0]
    first = Pipeline(provider, cache=DiskCache(tmp_path)).summarize(fixture.article)
    cache = DiskCache(tmp_path)
    second = Pipeline(provider, cache=cache).summarize(fixture.article)
    assert provider.calls == 1 and cache.hits == 1
    assert second.usage.cached and not first.usage.cached
    assert second.result == first.result
    assert second.warnings[0] == "note"
    # A different reference date is a different key.
    Pipeline(provider, cache=cache).summarize(fixture.article, dt.date(2024, 1, 1))
    assert provider.calls == 2
    assert not list(tmp_path.rglob("*.tmp"))  # atomic writes leave no temp files


def test_disk_cache_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = DiskCache(tmp_path)
    summary = ArticleSummary.model_validate(gold(BETA))
    assert cache.get("ab" * 32) is None
    cache.put("ab" * 32, Extraction(summary, Usage(calls=2), ["w"]))
    entry = cache.get("ab" * 32)
    assert entry is not None and entry.summary == summary and entry.usage.calls == 2
    path = tmp_path / "ab" / f"{'ab' * 32}.json"
    path.write_text('{"format": 1, "key": "', encoding="utf-8")  # a torn entry is a miss
    assert cache.get("ab" * 32) is None
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert default_cache_dir() == tmp_path / "elsewhere"
    monkeypatch.delenv("SUMMARIZER_CACHE_DIR")
    assert default_cache_dir() == Path(".summarizer-cache")


def test_an_unknown_provider_is_a_usage_error() -> None:
    result = runner.invoke(app, eval_args("--provider", "gpt"))
    assert result.exit_code == 2
    assert "--provider" in result.stderr and "'gpt'" in result.stderr

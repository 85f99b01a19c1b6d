"""`summarizer eval` reports for people and CI: failures, concurrency, batch output, JUnit,
--compare, the HTML report's data and the terminal tables at 80 columns."""

from __future__ import annotations

import asyncio
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from evalcorpus import (
    ALPHA,
    BETA,
    DATA,
    DELTA,
    FAILURE,
    GAMMA,
    HOSTILE_QUOTE,
    HOSTILE_TITLE,
    SLUGS,
    gold_answer,
    make_fixtures,
    make_predictions,
)
from fakeserver import Answer, FakeLLM, Request, shaped
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.evaluation.baseline import compare
from summarizer.language.text import normalise

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
ANSI = re.compile(r"\x1b\[[0-9;]*m")
BOX_DRAWING = re.compile("[\u2500-\u257f]")
GATED = (
    "events.f1",
    "casualties.f1",
    "attributions.f1",
    "updated.accuracy",
    "summary.rougeL",
    "grounding.rate",
)


@dataclass(frozen=True)
class Corpus:
    fixtures: Path
    predictions: Path  # alpha off, beta right, delta failed, gamma right
    perfect: Path  # gold answers everywhere
    baseline: Path  # the report of ``perfect``


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp("eval-corpus")
    fixtures = make_fixtures(root)
    perfect = make_predictions(fixtures, root / "perfect.jsonl", perfect=True)
    baseline = root / "baseline.json"
    saved = runner.invoke(app, evaluate(fixtures, perfect, "--save-baseline", str(baseline)))
    assert saved.exit_code == 0, saved.stderr
    predictions = make_predictions(fixtures, root / "predictions.jsonl")
    return Corpus(fixtures, predictions, perfect, baseline)


def evaluate(fixtures: Path, predictions: Path | None, *extra: str) -> list[str]:
    args = ["eval", "--fixtures", str(fixtures)]
    if predictions is not None:
        args += ["--predictions", str(predictions)]
    return [*args, *extra]


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


# -- failures --------------------------------------------------------------------------


def test_a_failed_extraction_exits_1_and_says_how_many(corpus: Corpus, tmp_path: Path) -> None:
    report, base = tmp_path / "report.json", tmp_path / "base.json"
    args = evaluate(corpus.fixtures, corpus.predictions, "--json", str(report))
    result = runner.invoke(app, [*args, "--save-baseline", str(base)])
    assert result.exit_code == 1
    assert "1 of 4 extractions failed and scored zero" in result.stderr
    assert "--allow-failures" in result.stderr
    # The report is written all the same; a baseline holding the failure is not.
    assert read_json(report)["fixtures"][DELTA]["error"] == f"ValidationExhaustedError: {FAILURE}"
    assert not base.exists()
    assert f"baseline not saved to {base}" in result.stderr
    assert f"{DELTA} (failed)" in result.stdout

    allowed = runner.invoke(app, [*args, "--save-baseline", str(base), "--allow-failures"])
    assert allowed.exit_code == 0, allowed.stderr
    assert "(allowed by --allow-failures)" in allowed.stderr
    assert read_json(base)["totals"]["failed"] == 1


def test_an_unreachable_model_fails_the_eval(
    fake_llm: FakeLLM, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    fake_llm.default = lambda request: Answer(
        status=400, body={"error": {"message": "model not found", "type": "invalid_request"}}
    )
    args = ["--provider", "openai", "--base-url", fake_llm.base_url, "--model", "gone"]
    result = runner.invoke(app, evaluate(DATA, None, *args))
    assert result.exit_code == 1
    assert f"{ALPHA}: extraction failed" in result.stderr
    assert "2 of 2 extractions failed and scored zero" in result.stderr
    assert runner.invoke(app, evaluate(DATA, None, *args, "--allow-failures")).exit_code == 0


# -- concurrency -----------------------------------------------------------------------


def _slow_gold(delay: float) -> Any:
    answers = {slug: gold_answer(DATA / slug) for slug in (ALPHA, BETA)}

    def answer(request: Request) -> Answer:
        slug = ALPHA if "Karsh" in request.message("user") else BETA
        return Answer(body=shaped(answers[slug]), delay=delay)

    return answer


@pytest.mark.parametrize("concurrency", [1, 2])
def test_concurrent_fixtures_overlap_and_report_in_fixture_order(
    fake_llm: FakeLLM, tmp_path: Path, concurrency: int
) -> None:
    delay = 0.4
    fake_llm.default = _slow_gold(delay)
    out = tmp_path / "report.json"
    args = ["--provider", "openai", "--base-url", fake_llm.base_url, "--model", "slow"]
    args += ["--no-cache", "--concurrency", str(concurrency), "--json", str(out)]
    result = runner.invoke(app, evaluate(DATA, None, *args))
    assert result.exit_code == 0, result.stderr
    first, second = sorted(r.received for r in fake_llm.requests)
    # Two at a time: the second request arrives while the first is still being answered.
    assert (second - first < delay) is (concurrency == 2)
    report = read_json(out)
    assert list(report["fixtures"]) == [ALPHA, BETA]
    assert report["totals"]["events"]["f1"] == 1.0


# -- batch output scored directly ------------------------------------------------------


def test_a_batch_over_the_fixtures_is_scored_by_their_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_fixtures(tmp_path)  # with a README.md beside the fixture folders
    (tmp_path / "fixtures" / BETA / "notes.md").write_text("# labelling notes\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # sources are relative, as a user's would be
    batch = runner.invoke(app, ["batch", "fixtures", "-o", "out.jsonl", "--provider", "rules"])
    assert batch.exit_code == 0, batch.stderr
    sources = [json.loads(line)["source"] for line in Path("out.jsonl").read_text().splitlines()]
    assert sorted(sources) == [f"fixtures/{slug}/article.txt" for slug in sorted(SLUGS)]

    scored = runner.invoke(
        app, ["eval", "--predictions", "out.jsonl", "--fixtures", "fixtures", "--json", "r.json"]
    )
    assert scored.exit_code == 0, scored.stderr
    assert "no prediction" not in scored.stderr
    report = read_json(Path("r.json"))
    assert report["provenance"]["provider"] == "rules"
    assert report["totals"]["failed"] == 0 and set(report["fixtures"]) == set(SLUGS)

    # An older batch file that still holds the README's record: skipped with a warning.
    readme = {"id": "x", "source": "fixtures/README.md", "result": None,
              "error": {"type": "NoArticleError", "message": "no article"}}  # fmt: skip
    with Path("out.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(readme) + "\n")
    again = runner.invoke(app, ["eval", "--predictions", "out.jsonl", "--fixtures", "fixtures"])
    assert again.exit_code == 0, again.stderr
    assert "out.jsonl:5: fixtures/README.md is not in a fixture folder: skipped" in again.stderr


# -- JUnit -----------------------------------------------------------------------------


def junit(path: Path) -> ET.Element:
    return ET.fromstring(path.read_text(encoding="utf-8"))


def test_junit_fails_exactly_where_the_baseline_gate_fails(corpus: Corpus, tmp_path: Path) -> None:
    xml, report_path = tmp_path / "eval.xml", tmp_path / "report.json"
    args = ["--baseline", str(corpus.baseline), "--junit", str(xml), "--json", str(report_path)]
    result = runner.invoke(app, [*evaluate(corpus.fixtures, corpus.predictions, *args),
                                 "--allow-failures"])  # fmt: skip
    assert result.exit_code == 1  # regressions
    root = junit(xml)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["totals", *SLUGS]
    assert all([c.get("name") for c in s.findall("testcase")] == list(GATED) for s in suites)
    assert root.get("tests") == str(6 * 5)

    expected = {
        (d.scope, d.metric)
        for d in compare(read_json(report_path), read_json(corpus.baseline), 0.02).regressions
    }
    failing = {
        (case.get("classname", "").removeprefix("eval."), case.get("name"))
        for case in root.iter("testcase")
        if case.find("failure") is not None
    }
    assert failing == expected
    assert ("totals", "events.f1") in failing and (ALPHA, "attributions.f1") in failing
    assert root.get("failures") == str(len(expected)) and root.get("errors") == "0"
    case = root.find(f"testsuite[@name='{ALPHA}']/testcase[@name='events.f1']")
    assert case is not None
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == "events.f1 fell from 1.0000 to 0.6667 (tolerance 0.02)"


def test_junit_marks_a_failed_extraction_as_errors_unless_allowed(
    corpus: Corpus, tmp_path: Path
) -> None:
    xml = tmp_path / "eval.xml"
    result = runner.invoke(app, evaluate(corpus.fixtures, corpus.predictions, "--junit", str(xml)))
    assert result.exit_code == 1
    root = junit(xml)
    assert root.get("failures") == "0"  # no baseline: no score fails
    errors = [case for case in root.iter("testcase") if case.find("error") is not None]
    assert {case.get("classname") for case in errors} == {f"eval.{DELTA}"}
    assert len(errors) == 6
    error = errors[0].find("error")
    assert error is not None and FAILURE in (error.get("message") or "")

    allowed = runner.invoke(
        app, evaluate(corpus.fixtures, corpus.predictions, "--junit", str(xml), "--allow-failures")
    )
    assert allowed.exit_code == 0
    assert junit(xml).get("errors") == "0"


# -- --compare -------------------------------------------------------------------------


def test_compare_shows_both_reports_per_field_and_who_did_better(
    corpus: Corpus, tmp_path: Path
) -> None:
    worse = tmp_path / "worse.json"
    runner.invoke(app, evaluate(corpus.fixtures, corpus.predictions, "--json", str(worse)))
    result = runner.invoke(app, ["eval", "--compare", str(corpus.baseline), str(worse)])
    assert result.exit_code == 0, result.stderr
    assert f"A = {corpus.baseline} (provider scripted, model gold-answers" in result.stderr
    lines = {line.split()[0]: line.split() for line in result.stdout.splitlines() if line.strip()}
    assert lines["events.f1"][1:] == ["1.000", "0.750", "-0.250"]
    assert lines["casualties.count_value"][1:] == ["1.000", "0.750", "-0.250"]
    assert lines["updated.accuracy"][1:] == ["1.000", "1.000", "+0.000"]
    assert lines[ALPHA][-1] == "A" and lines[DELTA][-1] == "A"
    assert lines[BETA][-1] == "=" and lines[GAMMA][-1] == "="
    caption = " ".join(result.stdout.split())
    assert "B better on 0 fixture(s), A on 2, 2 the same" in caption


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["nowhere.json", "x.json"], "nowhere.json: baseline not found"),
        (["a.json", "b.json", "--json", "r.json"], "it runs nothing, so it takes no --json"),
    ],
)
def test_compare_refuses_what_it_cannot_do(extra: list[str], message: str) -> None:
    result = runner.invoke(app, ["eval", "--compare", *extra])
    assert result.exit_code == 2
    assert message in result.stderr


# -- terminal tables -------------------------------------------------------------------


def test_the_tables_read_at_80_columns_in_a_terminal() -> None:
    """The README's set-up command, in an 80-column terminal: nothing cut, all explained."""
    args = ["eval", "--provider", "rules", "--baseline", "evals/baselines/rules.json"]
    result = runner.invoke(app, args, env={"COLUMNS": "80", "TTY_COMPATIBLE": "1"})
    assert result.exit_code == 0, result.stderr
    assert ANSI.search(result.stdout)  # it did draw for a terminal
    text = ANSI.sub("", result.stdout)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "…" not in text
    header = next(line for line in lines if line.startswith("fixture"))
    assert header.split() == ["fixture", "ev", "cas", "attr", "upd", "R-L", "grnd"]
    legend = " ".join(text.split())
    assert "ev, cas, attr: F1 of events, casualties and attributions" in legend
    assert "R-L: summary ROUGE-L; grnd: share of items grounded" in legend
    slugs = [p.name for p in (ROOT / "evals" / "fixtures").iterdir() if p.is_dir()]
    for slug in slugs:
        # A long name wraps within its column; its row holds the start of it and the scores.
        row = next(line for line in lines if line.startswith(slug[:30]))
        scores = row.split()[1:]
        assert len(scores) == 6 and all(re.fullmatch(r"\d\.\d{3}", v) for v in scores)
    baseline = json.loads((ROOT / "evals" / "baselines" / "rules.json").read_text())
    events = f"{baseline['totals']['events']['f1']:.3f}"
    assert any(line.split()[:3] == ["totals", "ev", events] for line in lines)  # the deltas


def test_the_tables_are_plain_text_when_not_a_terminal(corpus: Corpus) -> None:
    args = evaluate(corpus.fixtures, corpus.predictions, "--baseline", str(corpus.baseline))
    result = runner.invoke(app, args, env={"COLUMNS": "80"})
    assert result.exit_code == 1
    assert not BOX_DRAWING.search(result.stdout)
    assert "\x1b[" not in result.stdout
    assert "-" * 40 in result.stdout  # the header rule, in ASCII
    assert "against the baseline" in result.stdout


def test_repeated_runs_put_the_spread_under_each_row(
    fake_llm: FakeLLM, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_llm.default = _slow_gold(0)
    args = ["--provider", "openai", "--base-url", fake_llm.base_url, "--model", "m"]
    result = runner.invoke(app, evaluate(DATA, None, *args, "--repeat", "2"), env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith(ALPHA))
    assert lines[row + 1].split() == ["±0.000"] * 6
    assert max(len(line) for line in lines) <= 80


# -- the HTML report -------------------------------------------------------------------


class Blob(HTMLParser):
    """The start tags of a page and the text of its JSON data element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.data = ""
        self._in_data = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_data = tag == "script" and dict(attrs).get("type") == "application/json"

    def handle_endtag(self, tag: str) -> None:
        self._in_data = False

    def handle_data(self, data: str) -> None:
        if self._in_data:
            self.data += data


def test_the_html_report_holds_gold_spans_records_and_the_gate(
    corpus: Corpus, tmp_path: Path
) -> None:
    page = tmp_path / "report.html"
    args = ["--baseline", str(corpus.baseline), "--html", str(page), "--allow-failures"]
    result = runner.invoke(app, evaluate(corpus.fixtures, corpus.predictions, *args))
    assert result.exit_code == 1  # regressions; the page is written all the same
    assert f"HTML report written to {page}" in result.stderr
    html = page.read_text(encoding="utf-8")
    parsed = Blob()
    parsed.feed(html)
    data = json.loads(parsed.data)
    assert [f["slug"] for f in data["fixtures"]] == list(SLUGS)
    assert data["report"]["totals"]["fixtures"] == 4
    regressed = {(d["scope"], d["metric"]) for d in data["comparison"]["deltas"] if d["regressed"]}
    assert (ALPHA, "events.f1") in regressed and (DELTA, "summary.rougeL") in regressed

    for fixture in data["fixtures"]:
        text = fixture["text"]
        record = fixture["record"]
        assert record["source"].endswith(f"{fixture['slug']}/article.txt")
        assert fixture["textMatchesId"] is True  # failed records carry the text id too
        for name in ("events", "casualties", "attributions"):
            for item in fixture["gold"][name]:
                start, end = item["evidence_span"]  # every gold excerpt is in its article
                assert normalise(text[start:end]) == normalise(item["evidence"])
    alpha = next(f for f in data["fixtures"] if f["slug"] == ALPHA)
    assert alpha["optional"]["attributions"] == [False, False, True]

    # Hostile text stays inside the data: no markup of its own anywhere in the page.
    assert {tag for tag, _ in parsed.tags} <= {
        "html", "head", "meta", "title", "style", "body", "header", "h1", "div", "label",
        "input", "span", "nav", "ol", "p", "main", "noscript", "script",
    }  # fmt: skip
    outside = html.replace(parsed.data, "")
    for payload in (HOSTILE_TITLE, HOSTILE_QUOTE, "onerror", "<img", "alert("):
        assert payload not in outside
    assert 'value="regressed"' in html  # a baseline adds the regressed filter


def test_an_html_report_that_cannot_be_written_exits_2(corpus: Corpus, tmp_path: Path) -> None:
    page = tmp_path / "no" / "such" / "folder" / "report.html"
    args = evaluate(corpus.fixtures, corpus.perfect, "--html", str(page))
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert f"cannot write {page}" in result.stderr


def test_the_runner_works_from_inside_a_running_event_loop() -> None:
    """A notebook already runs an event loop: the eval must not need its own thread's."""
    from summarizer.evaluation import load_fixtures, run_pipeline
    from summarizer.pipeline import Pipeline
    from summarizer.providers.rules import RulesProvider

    async def inside() -> dict[str, Any]:
        return run_pipeline(Pipeline(RulesProvider()), load_fixtures(DATA), concurrency=2)

    predictions = asyncio.run(inside())
    assert list(predictions) == [ALPHA, BETA]
    assert all(p.result is not None and p.record is not None for p in predictions.values())

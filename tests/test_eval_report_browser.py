"""The HTML eval report in a real browser (Chromium through Playwright, from file://).

The report is made by the CLI, as a user makes it: ``eval --predictions ... --baseline
... --html``, over the corpus of tests/evalcorpus.py (a fixture with misses, a false
alarm and a wrong count; one perfect; one failed; one hostile). Skipped without
Playwright or Chromium (see tests/browserpage.py); every test fails on a console error.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browserpage import INJECTED, Opened, needs_chromium, page_fixtures, screenshot
from evalcorpus import ALPHA, FAILURE, GAMMA, HOSTILE_TITLE, make_fixtures, make_predictions
from typer.testing import CliRunner

from summarizer.cli import app

pytestmark = needs_chromium
browser, opened = page_fixtures()
TOTALS, A, B, D, G = range(5)  # list entries: the totals, then the fixtures in slug order


@pytest.fixture(scope="module")
def page_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("eval-page")
    fixtures = make_fixtures(root)
    runner = CliRunner()
    base = root / "baseline.json"
    perfect = make_predictions(fixtures, root / "perfect.jsonl", perfect=True)
    common = ["eval", "--fixtures", str(fixtures), "--predictions"]
    assert runner.invoke(app, [*common, str(perfect), "--save-baseline", str(base)]).exit_code == 0
    predictions = make_predictions(fixtures, root / "predictions.jsonl")
    page = root / "report.html"
    args = [*common, str(predictions), "--baseline", str(base), "--html", str(page)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and page.is_file(), result.stderr
    return page.as_uri()


def cell_classes(opened: Opened, selector: str) -> list[str]:
    script = "els => els.map(e => e.className)"
    classes: list[str] = opened.page.eval_on_selector_all(selector, script)
    return classes


def test_the_totals_open_first_with_the_per_field_table_against_the_baseline(
    opened: Opened,
) -> None:
    page = opened.page
    assert page.get_attribute("#list button.entry[aria-current]", "data-index") == str(TOTALS)
    assert page.inner_text("main h2") == "Totals"
    assert "gated metric(s) fell by more than 0.02" in page.inner_text("main .error")
    rows = page.eval_on_selector_all(
        "table.per-field tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent))"
    )
    assert rows[0][:5] == ["events", "F1", "0.750", "1.000", "\u22120.250"]
    assert [row[0] for row in rows] == [
        "events", "casualties", "attributions", "updated", "summary", "grounding",
    ]  # fmt: skip
    # Regressed values are red; an unchanged one is not coloured.
    events = page.locator("table.per-field tbody tr >> nth=0").locator("td >> nth=2")
    assert "regressed" in (events.get_attribute("class") or "")
    assert events.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(185, 28, 28)"
    updated = page.locator("table.per-field tbody tr >> nth=3").locator("td >> nth=2")
    assert "same" in (updated.get_attribute("class") or "")
    assert page.locator("table.attributes tbody tr").count() == 8


def test_a_fixture_opens_from_the_totals_matrix(opened: Opened) -> None:
    page = opened.page
    matrix = page.locator("table.fixtures tbody tr")
    assert matrix.count() == 4
    assert "regressed" in cell_classes(opened, "table.fixtures tbody tr:nth-child(1) td")[1]
    matrix.nth(0).click()
    assert page.get_attribute("#list button.entry[aria-current]", "data-index") == str(A)
    assert page.inner_text("main h2") == ALPHA


def test_a_matched_pair_shows_both_spans_and_marks_the_wrong_field(opened: Opened) -> None:
    opened.select(A)
    page = opened.page
    row = page.locator("table.pairs-casualty tbody tr >> nth=0")
    assert row.get_attribute("class") == "pair wrong kind-casualty"
    wrong = row.locator("dd.wrong")
    assert wrong.all_inner_texts() == ["\u2717 2", "\u2717 3"]  # injured: gold 2, predicted 3
    row.click()
    gold, predicted = opened.span("gc0"), opened.span("pc0")
    assert gold is not None and predicted is not None
    assert gold["active"] and predicted["active"] and gold["flash"] and gold["inView"]
    assert gold["text"] == "wounding two soldiers, the defence ministry said in a statement"
    assert "wounding two soldiers" in predicted["text"]


def test_misses_and_false_alarms_are_listed_and_linked(opened: Opened) -> None:
    opened.select(A)
    page = opened.page
    missed = page.locator("table.pairs-event tr.missed")
    assert missed.count() == 1
    assert "Police arrested two men suspected" in missed.inner_text()
    assert missed.locator("td.absent").count() == 1  # nothing on the predicted side
    missed.click()
    state = opened.span("ge1")
    assert state is not None and state["active"] and state["inView"]
    assert state["text"] == "Police later arrested two men suspected of launching the rockets"
    alarm = page.locator("table.pairs-attribution tr.alarm")
    assert alarm.count() == 1 and "Two soldiers were wounded." in alarm.inner_text()
    # The optional police source was found: matched, neither credit nor penalty.
    statuses = page.locator("table.pairs-attribution td.status").all_inner_texts()
    assert statuses == ["match 1.000", "match 1.000", "optional", "false alarm"]


def test_hovering_a_span_names_gold_and_predicted_items(opened: Opened) -> None:
    opened.select(A)
    opened.page.hover('mark[data-items~="ge1"]')
    tip = opened.page.inner_text("#tip").splitlines()
    assert any(line.startswith("gold event #1 · missed · arrest") for line in tip)


def test_filters_and_search_pick_fixtures_and_keep_the_totals(opened: Opened) -> None:
    page = opened.page
    counts = page.eval_on_selector_all("[data-count]", "els => els.map(e => e.textContent)")
    assert counts == ["(4)", "(1)", "(2)", "(1)", "(2)"]  # all, failed, misses, alarms, regressed
    expected = [("failed", [D]), ("missed", [A, D]), ("alarms", [A]), ("regressed", [A, D])]
    for value, shown in expected:
        page.check(f"input[name=filter][value={value}]")
        assert opened.visible_entries() == [TOTALS, *shown]
    page.check("input[name=filter][value=all]")
    page.fill("#search", "hostile")
    assert opened.visible_entries() == [TOTALS, G]
    assert page.inner_text("#shown") == "showing 1 of 4"


def test_a_failed_fixture_shows_its_error_and_scores(opened: Opened) -> None:
    opened.select(D)
    page = opened.page
    error = page.locator("main .error >> nth=0")
    assert error.locator("strong").inner_text() == "ValidationExhaustedError"
    assert FAILURE in error.inner_text()
    assert "calls 3 · prompt tokens 900 · completion tokens 300" in page.inner_text(".facts")
    assert page.locator("table.pairs-event tr.missed").count() == 1
    assert page.locator("mark.src-pred").count() == 0 and page.locator("mark.src-gold").count() > 0


def test_a_hostile_fixture_runs_nothing_and_injects_nothing(opened: Opened) -> None:
    opened.select(G)
    page = opened.page
    for mark in page.locator("mark.span").all():
        mark.hover()
    for row in page.locator("table.pairs tbody tr").all():
        row.click()
    assert page.inner_text("main h2") == GAMMA
    assert HOSTILE_TITLE in page.inner_text(".facts")
    assert page.evaluate(INJECTED) == {"elements": 0, "scripts": 3, "handlers": 0}
    assert opened.dialogs == [] and opened.errors == []


def test_a_screenshot_shows_a_fixture(opened: Opened, tmp_path: Path) -> None:
    opened.select(A)
    opened.page.click("table.pairs-casualty tbody tr >> nth=0")
    screenshot(opened, tmp_path / "eval.png")

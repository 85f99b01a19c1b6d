"""The review page in a real browser: Chromium driven by Playwright, opened from file://.

Skipped when Playwright or the Chromium executable is missing (see tests/browserpage.py).
Every test fails if the page logged a console error, threw, opened a dialog or requested
anything but itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browserpage import INJECTED, Opened, needs_chromium, page_fixtures, screenshot
from reviewcorpus import HOSTILE_WARNING, UNGROUNDED_EVIDENCE, corpus, located

from summarizer.review import write_review_page

pytestmark = needs_chromium
browser, opened = page_fixtures()

SEED, WARNED, FAILED, TEXTLESS, HOSTILE = range(5)
LISTS = {"event": "events", "casualty": "casualties", "attribution": "attributions"}


@pytest.fixture(scope="module")
def page_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("review") / "review.html"
    write_review_page(path, corpus(), title="review test")
    return path.as_uri()


@pytest.mark.parametrize("kind", ["event", "casualty", "attribution"])
def test_clicking_a_row_activates_flashes_and_reveals_its_span(opened: Opened, kind: str) -> None:
    seed = corpus()[SEED]
    assert seed.text is not None
    # The item furthest into the text, so that showing it takes scrolling.
    index, item = max(located(seed, LISTS[kind]), key=lambda pair: pair[1]["evidence_span"][0])
    start, end = item["evidence_span"]
    key = f"{kind[0]}{index}"
    before = opened.span(key)
    assert before is not None and not before["active"] and not before["flash"]

    opened.page.click(f'table.items-{kind} tr[data-key="{key}"]')

    state = opened.span(key)
    assert state is not None
    assert state["text"] == seed.text[start:end]
    assert state["active"] and state["flash"] and state["inView"]
    assert state["activeMarks"] == state["marks"]
    assert opened.page.get_attribute(f'tr[data-key="{key}"]', "class") == f"kind-{kind} selected"


def test_the_flash_fades_and_the_span_stays_active(opened: Opened) -> None:
    opened.page.click('table.items-casualty tr[data-key="c1"]')
    opened.page.wait_for_function("() => !document.querySelector('mark.flash')", timeout=4000)
    state = opened.span("c1")
    assert state is not None and state["active"] and not state["flash"]


def test_the_event_link_of_a_casualty_shows_the_event(opened: Opened) -> None:
    # The seed's first casualty (no casualties among the U.S. troops) is the rocket attack's.
    opened.page.click('tr[data-key="c0"] button.link')
    state = opened.span("e0")
    assert state is not None and state["active"] and state["inView"]
    assert opened.page.evaluate("document.activeElement.dataset.key") == "e0"


def test_hovering_a_span_names_its_items(opened: Opened) -> None:
    # The first span a casualty shares with an attribution: the militias' named dead.
    mark = opened.page.locator("mark.k-casualty.k-attribution >> nth=0")
    # Let a smooth scroll from an earlier click settle: a span moving under the pointer
    # leaves it, which hides the tip again.
    mark.scroll_into_view_if_needed()
    opened.page.wait_for_timeout(800)
    mark.hover()
    tip = opened.page.locator("#tip")
    tip.wait_for(state="visible", timeout=5000)  # shown on the mouse event, not at once
    lines = tip.inner_text().splitlines()
    assert "casualty #1 · members of the Kataib Sayyed al-Shuhada faction (killed 4)" in lines
    assert any(line.startswith("attribution #") for line in lines)  # the same sentence
    opened.page.hover("h2")
    tip.wait_for(state="hidden", timeout=5000)


def test_filters_and_search_change_the_list(opened: Opened) -> None:
    page = opened.page
    counts = page.eval_on_selector_all("[data-count]", "els => els.map((e) => e.textContent)")
    assert counts == ["(5)", "(4)", "(1)", "(2)"]
    assert opened.visible_entries() == [0, 1, 2, 3, 4]
    page.check("input[name=filter][value=ok]")
    assert opened.visible_entries() == [SEED, WARNED, TEXTLESS, HOSTILE]
    page.check("input[name=filter][value=failed]")
    assert opened.visible_entries() == [FAILED]
    page.check("input[name=filter][value=warnings]")
    assert opened.visible_entries() == [WARNED, HOSTILE]
    assert page.inner_text("#shown") == "showing 2 of 5"

    page.check("input[name=filter][value=all]")
    page.fill("#search", "KARVO")  # the hostile headline, case-insensitively
    assert opened.visible_entries() == [HOSTILE]
    page.fill("#search", "tel-azra")  # a source path
    assert opened.visible_entries() == [TEXTLESS]
    page.fill("#search", "no such words anywhere")
    assert opened.visible_entries() == []
    assert page.is_visible("#list-empty")
    page.press("#search", "Escape")
    assert opened.visible_entries() == [0, 1, 2, 3, 4]


def test_keys_move_between_articles(opened: Opened) -> None:
    page = opened.page
    current = "#list button.entry[aria-current]"
    page.keyboard.press("j")
    assert page.get_attribute(current, "data-index") == str(WARNED)
    page.keyboard.press("j")
    page.keyboard.press("k")
    assert page.get_attribute(current, "data-index") == str(WARNED)
    page.focus(current)
    page.keyboard.press("ArrowDown")
    assert page.get_attribute(current, "data-index") == str(FAILED)
    assert page.evaluate("document.activeElement.dataset.index") == str(FAILED)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search"


def test_the_address_remembers_the_article(opened: Opened, page_url: str) -> None:
    opened.select(TEXTLESS)
    assert opened.page.url == f"{page_url}#{TEXTLESS}"
    opened.page.reload()
    opened.page.wait_for_selector("html[data-ready]")
    current = opened.page.get_attribute("#list button.entry[aria-current]", "data-index")
    assert current == str(TEXTLESS)


def test_an_item_without_a_span_is_marked_not_located(opened: Opened) -> None:
    opened.select(WARNED)
    # The unlocated item follows the rules' own casualties, however many they find.
    row = opened.page.locator("tr[data-key^='c']", has_text="shepherds")
    key = row.get_attribute("data-key")
    assert key is not None
    assert "not located" in row.inner_text()
    assert UNGROUNDED_EVIDENCE in row.inner_text()
    assert f"ungrounded: casualties[{key[1:]}].evidence" in opened.page.inner_text("ul.warnings")
    row.click()
    assert opened.span(key) is None
    assert opened.page.locator("mark.active").count() == 0


def test_a_failed_record_shows_its_error_plainly(opened: Opened) -> None:
    opened.select(FAILED)
    error = opened.page.locator(".error")
    assert error.locator("strong").inner_text() == "ValidationExhaustedError"
    assert "casualties[0].killed must be a count" in error.inner_text()
    assert error.evaluate("e => getComputedStyle(e).color") == "rgb(185, 28, 28)"
    assert "calls 3 · prompt tokens 2400 · completion tokens 610" in opened.page.inner_text(
        ".facts"
    )
    assert opened.page.locator("tbody tr").count() == 0


def test_without_the_text_the_tables_remain(opened: Opened) -> None:
    opened.select(TEXTLESS)
    page = opened.page
    assert "article text is not available" in page.inner_text(".text-pane")
    assert page.locator("mark").count() == 0
    result = corpus()[TEXTLESS].record["result"]
    assert page.locator("table.items-attribution tbody tr").count() == len(result["attributions"])
    casualties = page.locator("table.items-casualty tbody tr")
    assert casualties.count() == len(result["casualties"])
    first = result["casualties"][0]
    assert "–".join(map(str, first["evidence_span"])) in casualties.first.inner_text()


def test_counts_show_their_precision(opened: Opened) -> None:
    opened.select(HOSTILE)
    cells = opened.page.eval_on_selector_all(
        "table.items-casualty tbody tr",
        "rows => rows.map((r) => [...r.cells].slice(2, 5).map((c) => c.textContent))",
    )
    assert cells == [["3", "–", "–"], ["–", "≥ 12", "–"], ["–", "–", "≈ 20"]]


def test_removed_lines_show_greyed_with_their_reason(opened: Opened) -> None:
    removed = corpus()[SEED].removed
    lines = opened.page.locator("details.removed li")
    assert not lines.first.is_visible()
    opened.page.click("details.removed summary")
    assert lines.count() == len(removed)
    assert lines.first.is_visible()
    assert lines.first.locator(".reason").inner_text() == removed[0]["reason"]
    assert lines.first.evaluate("e => getComputedStyle(e).color") == "rgb(156, 163, 175)"


def test_spans_after_astral_characters_cover_their_evidence(opened: Opened) -> None:
    opened.select(HOSTILE)
    hostile = corpus()[HOSTILE]
    assert hostile.text is not None and "\U0001f642" in hostile.text
    for kind, name in LISTS.items():
        for index, item in located(hostile, name):
            start, end = item["evidence_span"]
            state = opened.span(f"{kind[0]}{index}")
            assert state is not None and state["text"] == hostile.text[start:end]


def test_a_hostile_article_runs_nothing_and_injects_nothing(opened: Opened) -> None:
    page = opened.page
    opened.select(HOSTILE)
    record = corpus()[HOSTILE].record
    for mark in page.locator("mark.span").all():
        mark.hover()
    for row in page.locator("tbody tr").all():
        row.click()
    page.fill("#search", "<script>alert(1)</script>")
    page.fill("#search", "")

    assert page.inner_text("main h2") == record["result"]["title"]
    assert page.inner_text("ul.warnings") == HOSTILE_WARNING
    assert record["source"] in page.inner_text(".facts")
    injected = page.evaluate(INJECTED)
    assert injected == {"elements": 0, "scripts": 3, "handlers": 0}
    assert opened.dialogs == [] and opened.errors == []


def test_the_page_reads_at_narrow_widths(opened: Opened) -> None:
    page = opened.page
    page.set_viewport_size({"width": 400, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    page.click('table.items-attribution tr[data-key="a6"]')
    state = opened.span("a6")
    assert state is not None and state["active"] and state["inView"]


def test_a_screenshot_shows_the_page(opened: Opened, tmp_path: Path) -> None:
    opened.page.click('table.items-casualty tr[data-key="c1"]')
    screenshot(opened, tmp_path / "review.png")

"""A review page made by the CLI (`batch --html`, `view`) in a real browser.

The batch holds the seed and an article whose headline, body and quotes carry script
and markup payloads; the page must show them as text and run none of them. Skipped
without Playwright or Chromium (see tests/browserpage.py).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from browserpage import INJECTED, Opened, needs_chromium, page_fixtures, screenshot
from reviewcorpus import HOSTILE_TEXT, SEED
from typer.testing import CliRunner

from summarizer.cli import app

pytestmark = needs_chromium
browser, opened = page_fixtures()
HOSTILE, SEEDED = "a-hostile.txt", "b-seed.txt"


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple[int, Any]]]:
    """The page, and each file's place in its list (the order records finished) and record."""
    root = tmp_path_factory.mktemp("view-page")
    folder = root / "in"
    folder.mkdir()
    (folder / "a-hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    shutil.copy(SEED, folder / "b-seed.txt")
    page, out = root / "review.html", root / "out.jsonl"
    args = ["batch", str(folder), "-o", str(out), "--provider", "rules", "--html", str(page)]
    result = CliRunner().invoke(app, [*args, "--date", "2021-06-28"])
    assert result.exit_code == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    records = {}
    for index, line in enumerate(lines):
        record = json.loads(line)
        records[Path(record["source"]).name] = (index, record)
    return page, records


@pytest.fixture(scope="module")
def page_url(made: tuple[Path, dict[str, tuple[int, Any]]]) -> str:
    return made[0].as_uri()


def test_the_hostile_article_shows_as_text_and_runs_nothing(
    opened: Opened, made: tuple[Path, dict[str, tuple[int, Any]]]
) -> None:
    page = opened.page
    index, record = made[1][HOSTILE]
    assert "<script>" in record["result"]["title"]
    opened.select(index)
    for mark in page.locator("mark.span").all():
        mark.hover()
    for row in page.locator("tbody tr").all():
        row.click()
    assert page.inner_text("main h2") == record["result"]["title"]
    assert page.evaluate(INJECTED) == {"elements": 0, "scripts": 3, "handlers": 0}
    assert "article text is not available" not in page.inner_text("main")


def test_clicking_an_item_reveals_its_span_in_the_reread_text(
    opened: Opened, made: tuple[Path, dict[str, tuple[int, Any]]], tmp_path: Path
) -> None:
    index, record = made[1][SEEDED]
    opened.select(index)
    casualties = record["result"]["casualties"]
    last = len(casualties) - 1
    opened.page.click(f'table.items-casualty tr[data-key="c{last}"]')
    state = opened.span(f"c{last}")
    assert state is not None and state["active"] and state["inView"]
    start, end = casualties[last]["evidence_span"]
    text = SEED.read_text(encoding="utf-8")
    assert " ".join(state["text"].split()) in " ".join(text.split())
    assert end - start == len(state["text"])
    opened.page.check("input[name=filter][value=warnings]")
    screenshot(opened, tmp_path / "view.png")

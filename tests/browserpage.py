"""Open the HTML pages in a real browser: Chromium driven by Playwright, from file://.

Import it as ``from browserpage import ...`` in a browser test module that defines a
``page_url`` fixture and takes its other fixtures from ``page_fixtures``. It skips that
module when Playwright or the Chromium executable is missing, unless
``SUMMARIZER_REQUIRE_BROWSER=1`` (set by .ci/run, which installs Debian's chromium).
``opened_page`` fails the test if the page logged a console error, threw, opened a
dialog or requested anything but itself.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

# CI sets this (.ci/run): there a missing browser fails the tests instead of skipping them.
REQUIRED = os.environ.get("SUMMARIZER_REQUIRE_BROWSER") == "1"
if REQUIRED:
    from playwright import sync_api
else:
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="Playwright for Python is not installed (pip install -e .[dev])",
    )
CHROMIUM = Path(os.environ.get("SUMMARIZER_TEST_CHROMIUM", "/usr/bin/chromium"))
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.is_file() and not REQUIRED,
    reason=f"no Chromium at {CHROMIUM} (set SUMMARIZER_TEST_CHROMIUM to another executable)",
)
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

# key -> what the page shows for that item's span: its marks' text and state.
SPAN_STATE = """key => {
  const marks = [...document.querySelectorAll("mark.span")]
    .filter((m) => m.dataset.items.split(" ").includes(key));
  if (!marks.length) return null;
  const pane = document.querySelector(".text-pane").getBoundingClientRect();
  const first = marks[0].getBoundingClientRect();
  return {
    text: marks.map((m) => m.textContent).join(""),
    active: marks.every((m) => m.classList.contains("active")),
    flash: marks.every((m) => m.classList.contains("flash")),
    activeMarks: document.querySelectorAll("mark.active").length,
    marks: marks.length,
    inView: first.top >= Math.max(0, pane.top) - 1 &&
      first.bottom <= Math.min(innerHeight, pane.bottom) + 1,
  };
}"""

# What a hostile page would have added: elements, scripts beyond the page's own, handlers.
INJECTED = """() => ({
  elements: document.querySelectorAll("img, iframe, object, embed, svg, a").length,
  scripts: document.querySelectorAll("script").length,
  handlers: [...document.querySelectorAll("*")]
    .filter((e) => [...e.attributes].some((a) => a.name.startsWith("on"))).length,
})"""


@dataclass
class Opened:
    """A page opened in a fresh browser context, and what it did."""

    page: Any
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def select(self, index: int) -> None:
        self.page.click(f'#list button.entry[data-index="{index}"]')
        self.page.wait_for_selector(f'#list button.entry[data-index="{index}"][aria-current]')

    def span(self, key: str) -> dict[str, Any] | None:
        state: dict[str, Any] | None = self.page.evaluate(SPAN_STATE, key)
        return state

    def visible_entries(self) -> list[int]:
        return [
            int(i)
            for i in self.page.eval_on_selector_all(
                "#list li:not([hidden]) button.entry", "els => els.map((e) => e.dataset.index)"
            )
        ]


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (the system one: Playwright downloads nothing)."""
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def page_fixtures() -> tuple[Any, Any]:
    """The ``browser`` and ``opened`` fixtures of a module that defines ``page_url``::

        browser, opened = page_fixtures()

    The browser starts once per module, after ``page_url`` made the page (making it may
    run asyncio, which Playwright's sync API holds while it runs); each test gets the
    page opened afresh in a new context.
    """

    @pytest.fixture(scope="module", name="browser")
    def browser_fixture(page_url: str) -> Iterator[Any]:
        with chromium() as browser:
            yield browser

    @pytest.fixture(name="opened")
    def opened_fixture(browser: Any, page_url: str) -> Iterator[Opened]:
        with opened_page(browser, page_url) as seen:
            yield seen

    return browser_fixture, opened_fixture


@contextmanager
def opened_page(browser: Any, url: str, width: int = 1280, height: int = 800) -> Iterator[Opened]:
    """Open ``url`` and wait until the page says it is ready; check it behaved on the way out."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    seen = Opened(page)
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: seen.requests.append(r.url))
    page.goto(url)
    page.wait_for_selector("html[data-ready]")
    yield seen
    context.close()
    assert seen.errors == []
    assert seen.dialogs == []
    assert {u.split("#")[0] for u in seen.requests} == {url.split("#")[0]}


def screenshot(opened: Opened, path: Path) -> bytes:
    """A PNG of the viewport, checked to be one and not blank."""
    opened.page.screenshot(path=str(path))
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 30_000
    return data

"""The review page at scale: file size and time to open for 1,000 records, in Chromium.

``python -m benchmarks --only review`` (1,000 records, 3 timed opens; ``--quick``: 200
records, 1 open), or on its own with more choices:
``python -m benchmarks.review_page [--records 1000] [--runs 3] [--keep PAGE.html]``

The rules provider summarizes the seed and every eval fixture once; those records are then
replicated, each copy with its own source and id (its text gains one line, so the id is
still the SHA-256 of the text its spans index into), and every twentieth copy is turned
into a failed record, as a batch run would have a few. The page is opened from file:// in
a fresh browser context per run, after one untimed warm-up. The page's own performance
marks give the time from navigation start to the first article's detail built
(``review:first-article``) and to the frame after it, when it has been laid out and
painted (``review:first-paint``); "wall" is Playwright's view from ``goto`` to the page
saying it is ready.

``--screenshot PATH`` instead saves the seed article at 1280x800 with a casualty row
clicked, from a page holding one record per fixture (docs/review-page.png), and
``--eval-screenshot PATH`` a fixture of the rules provider's eval report
(docs/eval-report.png).

It needs Playwright and a Chromium (Debian's ``chromium``); without them it says so and
measures nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from summarizer.evaluation.fixtures import load_fixtures
from summarizer.pipeline import Pipeline
from summarizer.providers.rules import RulesProvider
from summarizer.review import ReviewArticle, build_review_page, write_review_page

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "esta-coalition-rocket-attack.txt"
SEED_DATE = dt.date(2021, 6, 28)
FIXTURES = ROOT / "evals" / "fixtures"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
FAILED_EVERY = 20
EVAL_SHOT_FIXTURE = "dutsen-kura-school-abduction"  # two casualties missed, false alarms


def base_articles() -> list[ReviewArticle]:
    """One rules record per distinct article: the seed first, then the fixtures."""
    inputs = [(SEED, SEED_DATE)] + [(f.article, f.reference_date) for f in load_fixtures(FIXTURES)]
    pipeline = Pipeline(RulesProvider())
    articles: list[ReviewArticle] = []
    seen: set[str] = set()
    for path, reference_date in inputs:
        job = pipeline.prepare(pipeline.read(path), reference_date)
        record = pipeline.run(job).model_dump(mode="json")
        if record["id"] in seen:  # the seed is also a fixture
            continue
        seen.add(record["id"])
        record["source"] = str(path.relative_to(ROOT))
        articles.append(ReviewArticle(record, job.cleaned.text, job.cleaned.removed))
    return articles


def replicate(base: list[ReviewArticle], count: int) -> list[ReviewArticle]:
    """``count`` articles cycling through ``base``, each with its own text, id and source."""
    articles = []
    for number in range(count):
        original = base[number % len(base)]
        assert original.text is not None
        # A line after the end keeps every span valid while giving the copy its own id.
        text = f"{original.text}\n\nArchive copy {number}."
        record = dict(original.record)
        record["id"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        record["source"] = f"{original.record['source']}#copy-{number:04d}"
        if number % FAILED_EVERY == FAILED_EVERY - 1:
            record["result"] = None
            record["error"] = {
                "type": "ValidationExhaustedError",
                "message": "the answer never validated after 3 attempts",
            }
        articles.append(ReviewArticle(record, text, original.removed))
    return articles


@contextmanager
def chromium(executable: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_once(browser: Any, url: str) -> dict[str, float]:
    """Open the page in a fresh context; times in milliseconds, plus the DOM size."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        started = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_selector("html[data-ready]", timeout=60_000)
        wall = (time.perf_counter() - started) * 1000
        if errors:
            raise RuntimeError(f"the page threw: {errors[0]}")
        figures: dict[str, float] = page.evaluate(
            """() => {
              const mark = (name) => performance.getEntriesByName(name)[0].startTime;
              // Switching to the article with the most text: the cost of lazy rendering.
              const entries = [...document.querySelectorAll("#list button.entry")];
              const data = JSON.parse(document.getElementById("review-data").textContent);
              const lengths = data.articles.map((a) => (a.text || "").length);
              const longest = lengths.indexOf(Math.max(...lengths));
              const began = performance.now();
              entries[longest].click();
              const switched = performance.now() - began;
              return {
                first: mark("review:first-article"),
                paint: mark("review:first-paint"),
                switch: switched,
                nodes: document.getElementsByTagName("*").length,
              };
            }"""
        )
        return {"wall": wall, **figures}
    finally:
        context.close()


def measure(records: int, runs: int, executable: str, keep: Path | None) -> dict[str, Any]:
    started = time.perf_counter()
    base = base_articles()
    articles = replicate(base, records)
    summarized = time.perf_counter() - started
    started = time.perf_counter()
    page = build_review_page(articles, title=f"summarizer review: {records} records")
    built = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="bench-review-") as tmp:
        path = keep or Path(tmp) / "review.html"
        path.write_text(page, encoding="utf-8")
        size = path.stat().st_size
        with chromium(executable) as browser:
            open_once(browser, path.as_uri())  # warm-up: the first context pays for start-up
            samples = [open_once(browser, path.as_uri()) for _ in range(runs)]
    return {
        "records": records,
        "distinct": len(base),
        "failed": sum(1 for a in articles if a.record["result"] is None),
        "summarize_s": summarized,
        "build_s": built,
        "bytes": size,
        "samples": samples,
    }


def missing(executable: str) -> str | None:
    """Why the page cannot be opened here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e .[dev])"
    if not Path(executable).is_file():
        return f"no Chromium at {executable} (apt-get install chromium)"
    return None


def run(records: int = 1000, runs: int = 3, executable: str = CHROMIUM) -> dict[str, Any]:
    """The ``python -m benchmarks`` entry: ``measure``, or why it could not."""
    why = missing(executable)
    if why is not None:
        return {"skipped": why}
    return measure(records, runs, executable, None)


def report(result: dict[str, Any]) -> str:
    if "skipped" in result:
        return f"Not measured: {result['skipped']}."
    samples = result["samples"]

    def middle(name: str) -> float:
        return statistics.median(s[name] for s in samples)

    runs = ", ".join(f"{s['paint']:.0f}" for s in samples)
    lines = [
        f"Records: {result['records']:,} ({result['distinct']} distinct articles replicated; "
        f"{result['failed']} failed)",
        f"File size: {result['bytes'] / 1_000_000:.2f} MB ({result['bytes']:,} bytes)",
        f"Build (build_review_page): {result['build_s'] * 1000:.0f} ms; "
        f"rules provider over the distinct articles: {result['summarize_s']:.1f} s",
        f"Open to first article rendered, median of {len(samples)}: "
        f"{middle('paint'):.0f} ms to its first paint ({middle('first'):.0f} ms to its DOM "
        f"built), {middle('wall'):.0f} ms wall time from goto",
        f"  runs (first paint): {runs} ms",
        f"Switch to the longest article (DOM built): {middle('switch'):.1f} ms; "
        f"DOM elements after it: {middle('nodes'):.0f}",
    ]
    return "\n".join(lines)


def _shoot(page_path: Path, fragment: str, click: str, png: Path, executable: str) -> None:
    """Open the page at ``#fragment`` (1280x800), click ``click``, save the viewport."""
    with chromium(executable) as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.goto(page_path.as_uri() + fragment)
        page.wait_for_selector("html[data-ready]")
        page.click(click)
        page.wait_for_timeout(1700)  # let the flash finish; the span stays active
        png.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(png))
        context.close()


def screenshot(path: Path, executable: str) -> None:
    """The seed article at 1280x800 with its second casualty row clicked."""
    with tempfile.TemporaryDirectory(prefix="review-shot-") as tmp:
        page_path = Path(tmp) / "review.html"
        write_review_page(page_path, base_articles(), title="summarizer review")
        _shoot(page_path, "", 'table.items-casualty tr[data-key="c1"]', path, executable)


def eval_screenshot(path: Path, executable: str, slug: str = EVAL_SHOT_FIXTURE) -> None:
    """The rules provider's eval report (``summarizer eval --html``) at one fixture, with
    the first casualty it missed clicked."""
    with tempfile.TemporaryDirectory(prefix="eval-shot-") as tmp:
        page_path = Path(tmp) / "report.html"
        command = [sys.executable, "-m", "summarizer", "eval", "--provider", "rules"]
        command += ["--fixtures", str(FIXTURES), "--html", str(page_path)]
        command += ["--baseline", str(ROOT / "evals" / "baselines" / "rules.json")]
        subprocess.run(command, check=True, capture_output=True)
        slugs = sorted(f.slug for f in load_fixtures(FIXTURES))
        fragment = f"#{slugs.index(slug) + 1}"  # the list opens with the totals
        _shoot(page_path, fragment, "table.pairs-casualty tr.missed", path, executable)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.review_page",
        description="Build the review page for many records and time opening it in Chromium.",
    )
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3, help="Timed opens (median reported).")
    parser.add_argument("--chromium", default=CHROMIUM, help=f"Executable (default {CHROMIUM}).")
    parser.add_argument("--keep", type=Path, metavar="PAGE", help="Also keep the page here.")
    parser.add_argument(
        "--screenshot", type=Path, metavar="PNG", help="Only save the seed screenshot here."
    )
    parser.add_argument(
        "--eval-screenshot",
        type=Path,
        metavar="PNG",
        help="Only save a screenshot of the rules provider's eval report here.",
    )
    args = parser.parse_args(argv)
    if args.screenshot or args.eval_screenshot:
        if args.screenshot:
            screenshot(args.screenshot, args.chromium)
        if args.eval_screenshot:
            eval_screenshot(args.eval_screenshot, args.chromium)
        print("wrote", *filter(None, (args.screenshot, args.eval_screenshot)))
        return 0
    print(report(measure(args.records, args.runs, args.chromium, args.keep)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

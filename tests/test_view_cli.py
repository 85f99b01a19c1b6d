"""`summarizer view`, `summarize --html` and `batch --html`: the review page from the CLI."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cleaning import clean_article, read_article
from summarizer.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "esta-coalition-rocket-attack.txt"
PAGES = Path(__file__).parent / "data" / "batch" / "pages"


class Data(HTMLParser):
    """The JSON data element of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._inside = dict(attrs).get("type") == "application/json"

    def handle_endtag(self, tag: str) -> None:
        self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.text += data


def page_data(path: Path) -> dict[str, Any]:
    parser = Data()
    parser.feed(path.read_text(encoding="utf-8"))
    data: dict[str, Any] = json.loads(parser.text)
    return data


def by_source(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["record"]["source"]: a for a in data["articles"]}


def articles(folder: Path) -> Path:
    """A folder of three articles: the seed, a text page and an HTML page."""
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    for page in PAGES.iterdir():
        shutil.copy(page, folder / page.name)
    return folder


def batch(*args: str) -> Any:
    return runner.invoke(app, ["batch", *args, "--provider", "rules", "--quiet"])


@pytest.fixture
def batched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """In ``tmp_path`` (the working directory): in/ with three articles, and out.jsonl."""
    monkeypatch.chdir(tmp_path)
    articles(Path("in"))
    assert batch("in", "-o", "out.jsonl").exit_code == 0
    return tmp_path


def test_view_of_a_batch_rereads_each_source_and_keeps_only_unchanged_texts(
    batched: Path,
) -> None:
    with Path("in/bridge-protest.txt").open("a", encoding="utf-8") as handle:
        handle.write("\nA paragraph added after the batch ran.\n")  # its spans are stale now
    Path("in/market-fire.html").rename("moved.html")

    result = runner.invoke(app, ["view", "out.jsonl", "-o", "review.html"])
    assert result.exit_code == 0, result.stderr
    assert "review page of 3 record(s) written to review.html; 2 without" in result.stderr
    data = page_data(Path("review.html"))
    assert data["title"] == "summarizer review: out.jsonl"
    pages = by_source(data)
    seed = pages["in/seed.txt"]
    cleaned = clean_article(read_article(SEED))
    assert seed["text"] == cleaned.text and seed["textMatchesId"] is True
    assert seed["removed"] == [{"text": r.text, "reason": r.reason} for r in cleaned.removed]
    assert pages["in/bridge-protest.txt"]["text"] is None
    assert pages["in/market-fire.html"]["text"] is None


def test_sources_are_found_beside_the_records_file_too(
    batched: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = batched / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # "in/seed.txt" is no longer relative to here
    result = runner.invoke(app, ["view", "../out.jsonl", "-o", "review.html"])
    assert result.exit_code == 0, result.stderr
    texts = [a["text"] for a in page_data(elsewhere / "review.html")["articles"]]
    assert len(texts) == 3 and None not in texts


def test_view_of_one_json_record_and_of_stdin(tmp_path: Path) -> None:
    done = runner.invoke(app, ["summarize", str(SEED), "--json", "--provider", "rules"])
    record = tmp_path / "record.json"
    record.write_text(done.stdout, encoding="utf-8")  # indented JSON, not one line
    for args, stdin, name in ([str(record)], None, "record.json"), (["-"], done.stdout, "stdin"):
        page = tmp_path / "page.html"
        result = runner.invoke(app, ["view", *args, "-o", str(page)], input=stdin)
        assert result.exit_code == 0, result.stderr
        assert page_data(page)["title"] == f"summarizer review: {name}"
        (article,) = page_data(page)["articles"]
        assert article["record"] == json.loads(done.stdout)
        assert article["text"] == clean_article(read_article(SEED)).text


def test_the_newest_record_of_a_source_wins_and_cut_lines_are_skipped(tmp_path: Path) -> None:
    done = json.loads(runner.invoke(app, ["summarize", str(SEED), "--json"]).stdout)
    failed = {**done, "result": None, "error": {"type": "ProviderError", "message": "timeout"}}
    other = {**done, "source": "elsewhere.txt"}
    lines = [json.dumps(failed), '{"id": "cut short by a kill', json.dumps(done), json.dumps(other)]
    path = tmp_path / "out.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["view", str(path), "-o", str(tmp_path / "p.html")])
    assert result.exit_code == 0, result.stderr
    assert "skipped unfinished line(s) 2" in result.stderr
    assert "1 older record(s) left out" in result.stderr
    shown = page_data(tmp_path / "p.html")["articles"]
    assert [(a["record"]["source"], a["record"]["error"]) for a in shown] == [
        (str(SEED), None),
        ("elsewhere.txt", None),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "records.jsonl: records file not found"),
        (b"", "records.jsonl: no records in it"),
        (b"\xff\xfe\x00binary", "records.jsonl: not UTF-8 text"),
        (b'{"result": null}\nhello\n', "records.jsonl:2: not JSON"),
        (b'{"summary": "x"}\n', "records.jsonl: not a summary record"),
        (b'{"result": null}\n{"summary": "x"}\n', "records.jsonl:2: not a summary record"),
        (b"[1, 2]", "records.jsonl: item 0: not a summary record"),
    ],
)  # fmt: skip
def test_a_file_that_holds_no_records_exits_2_naming_it(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "records.jsonl"
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(app, ["view", str(path), "-o", str(tmp_path / "page.html")])
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "page.html").exists()


def test_a_page_that_cannot_be_written_exits_2(tmp_path: Path) -> None:
    done = runner.invoke(app, ["summarize", str(SEED), "--json"])
    record = tmp_path / "record.json"
    record.write_text(done.stdout, encoding="utf-8")
    target = tmp_path / "missing" / "page.html"
    result = runner.invoke(app, ["view", str(record), "-o", str(target)])
    assert result.exit_code == 2
    assert f"cannot write {target}" in result.stderr


def test_summarize_html_writes_the_page_with_the_cleaned_text(tmp_path: Path) -> None:
    page = tmp_path / "seed.html"
    args = ["summarize", str(SEED), "--json", "--date", "2021-06-28", "--html", str(page)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    (article,) = page_data(page)["articles"]
    assert article["record"] == json.loads(result.stdout)
    assert article["text"] == clean_article(read_article(SEED)).text
    assert article["textMatchesId"] is True
    assert page_data(page)["title"].startswith("summarizer review: Coalition confirms")

    from_stdin = runner.invoke(
        app, ["summarize", "-", "--html", str(page)], input=SEED.read_bytes()
    )
    assert from_stdin.exit_code == 0
    (article,) = page_data(page)["articles"]
    assert article["record"]["source"] == "-" and article["textMatchesId"] is True


def test_batch_html_writes_the_page_from_its_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    articles(Path("in"))
    result = batch("in", "-o", "out.jsonl", "--html", "review.html")
    assert result.exit_code == 0, result.stderr
    data = page_data(Path("review.html"))
    sources = ["in/bridge-protest.txt", "in/market-fire.html", "in/seed.txt"]
    assert sorted(by_source(data)) == sources
    assert all(a["textMatchesId"] is True for a in data["articles"])
    # A resumed batch writes the page again, from everything in the output.
    (Path("in") / "more.txt").write_text(SEED.read_text(encoding="utf-8") + "\nMore.\n")
    assert batch("in", "-o", "out.jsonl", "--html", "review.html").exit_code == 0
    assert len(page_data(Path("review.html"))["articles"]) == 4

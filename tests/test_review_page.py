"""The review page as built HTML: its data blob, its markup under hostile input, its writing."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from reviewcorpus import HOSTILE_WARNING, PAYLOADS, corpus, hostile_article, seed_article

from summarizer.review import ReviewArticle, build_review_page, embed_json, write_review_page
from summarizer.review import page as review_page

# Every element the page shell itself contains; anything else would have been injected.
SHELL_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "div", "label",
    "input", "span", "nav", "ol", "p", "main", "noscript", "script",
}  # fmt: skip


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)


def parse(page: str) -> Elements:
    parser = Elements()
    parser.feed(page)
    parser.close()
    return parser


def blob(page: str) -> dict[str, Any]:
    (data,) = [text for attrs, text in parse(page).scripts if attrs.get("type")]
    loaded: dict[str, Any] = json.loads(data)
    return loaded


def asset(name: str) -> str:
    return resources.files("summarizer.review").joinpath(name).read_text(encoding="utf-8")


def test_the_data_blob_round_trips_records_texts_and_removed_lines() -> None:
    articles = corpus()
    data = blob(build_review_page(articles, title="round trip"))
    assert data["title"] == "round trip"
    assert len(data["articles"]) == len(articles)
    for article, entry in zip(articles, data["articles"], strict=True):
        assert entry["record"] == article.record
        assert entry["text"] == article.text
        assert entry["removed"] == [dict(line) for line in article.removed]
        assert "gold" not in entry


def test_the_blob_says_whether_the_text_is_the_one_the_record_was_made_from() -> None:
    seed = seed_article()
    other = ReviewArticle(seed.record, text=seed.text + " (edited)")
    anonymous = ReviewArticle({**seed.record, "id": ""}, text=seed.text)
    textless = ReviewArticle(seed.record)
    entries = blob(build_review_page([seed, other, anonymous, textless]))["articles"]
    assert [e.get("textMatchesId") for e in entries] == [True, False, None, None]


def test_gold_is_carried_for_the_eval_report() -> None:
    seed = seed_article()
    gold = {"events": [], "note": "</script>"}
    (entry,) = blob(build_review_page([ReviewArticle(seed.record, gold=gold)]))["articles"]
    assert entry["gold"] == gold


def test_embedded_json_cannot_end_its_script_element() -> None:
    value = {"text": "</script><!-- <script> & \u2028\u2029 \U0001f642", "n": [1, 2.5, None]}
    text = embed_json(value)
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(text) == value


def test_embedded_json_refuses_nan_rather_than_break_the_page() -> None:
    with pytest.raises(ValueError):
        embed_json({"latency_s": float("nan")})


def test_a_hostile_article_yields_no_markup_outside_the_data_blob() -> None:
    hostile = hostile_article()
    record = hostile.record
    assert record["warnings"] == [HOSTILE_WARNING]
    assert "</script>" in record["result"]["title"] and "onerror" in record["result"]["title"]
    assert any("</script>" in (a["quote"] or "") for a in record["result"]["attributions"])

    page = build_review_page([hostile], title="<script>alert(9)</script>")
    elements = parse(page)
    assert {tag for tag, _ in elements.tags} <= SHELL_TAGS
    assert not [
        (tag, name) for tag, attrs in elements.tags for name in attrs if name.startswith("on")
    ]
    scripts = elements.scripts
    assert [attrs for attrs, _ in scripts] == [
        {"type": "application/json", "id": "review-data"},
        {},
        {},
    ]
    assert [text for _, text in scripts[1:]] == [asset("shared.js"), asset("review.js")]
    assert page.count("</script>") == 3

    data_text = scripts[0][1]
    assert "<" not in data_text and ">" not in data_text
    escaped_title = "&lt;script&gt;alert(9)&lt;/script&gt;"
    assert page.count(escaped_title) == 2  # <title> and <h1>, as text
    outside = page.replace(data_text, "").replace(escaped_title, "")
    for payload in (*PAYLOADS[:2], "alert(", "onerror", "<img"):
        assert payload not in outside


def test_the_policy_allows_only_the_page_own_script_and_style() -> None:
    page = build_review_page([seed_article()])
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert match is not None
    policy = dict(part.strip().split(" ", 1) for part in match.group(1).split(";"))

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert policy == {
        "default-src": "'none'",
        "script-src": f"{digest(asset('shared.js'))} {digest(asset('review.js'))}",
        "style-src": digest(asset("review.css")),
        "base-uri": "'none'",
        "form-action": "'none'",
    }
    # The hashes cover exactly what sits between the tags.
    assert f"<script>{asset('shared.js')}</script>" in page
    assert f"<script>{asset('review.js')}</script>" in page
    assert f"<style>{asset('review.css')}</style>" in page


def test_the_page_script_never_parses_strings_as_markup() -> None:
    script = asset("shared.js") + asset("review.js") + asset("eval.js")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script
    assert "new Function" not in script


def test_articles_may_be_any_iterable() -> None:
    articles = corpus()
    from_generator = build_review_page(a for a in articles)
    assert blob(from_generator) == blob(build_review_page(list(articles)))


def test_write_review_page_writes_the_built_page(tmp_path: Path) -> None:
    target = tmp_path / "review.html"
    articles = corpus()
    write_review_page(target, articles, title="written")
    assert target.read_text(encoding="utf-8") == build_review_page(articles, title="written")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review.html"]


def test_a_failed_rename_leaves_the_old_page_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "review.html"
    target.write_text("the old page", encoding="utf-8")
    seen: list[str] = []

    def refuse(source: Path, destination: Path) -> None:
        seen.append(Path(source).read_text(encoding="utf-8"))
        raise OSError("disk went away")

    monkeypatch.setattr(review_page.os, "replace", refuse)
    with pytest.raises(OSError, match="disk went away"):
        write_review_page(target, corpus())
    assert seen and seen[0] == build_review_page(corpus())  # complete before the rename
    assert target.read_text(encoding="utf-8") == "the old page"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review.html"]


def test_a_page_that_cannot_be_built_leaves_the_old_one(tmp_path: Path) -> None:
    target = tmp_path / "review.html"
    target.write_text("the old page", encoding="utf-8")
    broken = ReviewArticle({**seed_article().record, "usage": {"latency_s": float("nan")}})
    with pytest.raises(ValueError):
        write_review_page(target, [broken])
    assert target.read_text(encoding="utf-8") == "the old page"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review.html"]

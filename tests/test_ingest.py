"""Ingest: decoding, HTML detection, and every refusal with its exit code and message."""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cleaning import decode_article, looks_like_html, read_article
from summarizer.cli import app
from summarizer.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "clean"
SEED = ROOT / "seeds" / "esta-coalition-rocket-attack.txt"
ARTICLE = "Headline here\n\nBAGHDAD — Rockets hit the “airport” base on Tuesday, officials said.\n"


def run(args: list[str], stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["clean", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


# -- decoding -----------------------------------------------------------------------------


def test_reads_the_seed_as_utf8_text() -> None:
    raw = read_article(SEED)
    assert raw.source == str(SEED)
    assert raw.encoding == "utf-8"
    assert not raw.is_html
    assert raw.text.startswith("Coalition confirms rocket attack")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ARTICLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), "utf-8-sig"),
        (ARTICLE.encode("utf-16"), "utf-16"),  # native order, with BOM
        (codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"), "utf-16"),
        (ARTICLE.encode("cp1252"), "cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-le", "utf-16-be", "cp1252"],
)
def test_decodes_each_supported_encoding(data: bytes, encoding: str) -> None:
    raw = decode_article(data, source="x.txt")
    assert raw.encoding == encoding
    assert raw.text == ARTICLE  # no BOM left, no replacement characters
    assert "\ufffd" not in raw.text


def test_cp1252_file_with_crlf_lines() -> None:
    raw = read_article(DATA / "cp1252-crlf.txt")
    assert raw.encoding == "cp1252"
    assert "Baghdad’s airport" in raw.text
    assert "“The rockets were fired" in raw.text
    assert "\r" not in raw.text


def test_stdin_dash() -> None:
    raw = read_article("-", stdin=io.BytesIO(ARTICLE.encode("utf-16")))
    assert raw.source == "-"
    assert raw.text == ARTICLE


def test_html_is_detected_by_content_not_extension(tmp_path: Path) -> None:
    assert read_article(DATA / "jsonld-page.txt").is_html
    assert read_article(DATA / "news-page.html").is_html
    plain = tmp_path / "story.html"
    plain.write_text("Just text, no markup at all.\n\nA second paragraph.")
    assert not read_article(plain).is_html
    fragment = tmp_path / "fragment.txt"
    fragment.write_text("<p>First paragraph.</p>\n<p>Second paragraph.</p>")
    assert read_article(fragment).is_html


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", True),
        ("  <div><p>One</p><p>Two</p></div>", True),
        ("He wrote that a < b and c > d in the report.", False),
        ("Use the <p> tag, she said.", False),
        # Fragments that start with other tags, an XML prolog or a stray BOM.
        ("<header><h1>Title</h1></header>\n<p>Body one.</p><p>Body two.</p>", True),
        ("<figure><img src='x.jpg'></figure>\n<p>Body one.</p>", True),
        ("<blockquote><p>Quote</p></blockquote><p>Body</p>", True),
        ("<strong>KYIV</strong> — Drones hit <a href='/k'>Kyiv</a>.<br><br>More.", True),
        ('<?xml version="1.0"?>\n<div><p>One</p><p>Two</p></div>', True),
        ("\ufeff<div><p>One</p><p>Two</p></div>", True),
        # Pasted page text with its opening tag cut off still closes its paragraphs.
        ("Police said five people died.</p>\n<p>Second.</p>\n<p>Third.</p>", True),
        # Inline markup alone is not a page; nor are comparisons in prose.
        ("<b>Note</b> the <i>tags</i> here.", False),
        ("A <b>bold</b> claim, officials said.", False),
        ("The ratio was x<y and y>z, officials said.", False),
    ],
)
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected


# -- refusals -----------------------------------------------------------------------------


def _refusal(tmp_path: Path, case: str) -> tuple[Path, str]:
    """A file that must be refused, and the words the message must contain."""
    path = tmp_path / f"{case}.txt"
    if case == "missing":
        return path, "no such file"
    if case == "directory":
        path.mkdir()
        return path, "is a directory"
    data = {
        "empty": b"",
        "whitespace": b" \n\t\r\n  \n",
        "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "undecodable": b"caf\xe9 \x81\x8d\x90 na\xefve",  # not UTF-8; 0x81 is not cp1252
        "bad-utf16": codecs.BOM_UTF16_LE + "ok".encode("utf-16-le") + b"\x00\xd8",
        "late-nul": ARTICLE.encode() * 200 + b"\x00 trailing",  # past the 8 KB sniff
        "oversize": b"x" * 200_000,
    }[case]
    path.write_bytes(data)
    reason = {
        "empty": "empty",
        "whitespace": "only whitespace",
        "binary": "binary",
        "undecodable": "cannot decode",
        "bad-utf16": "not valid utf-16",
        "late-nul": "binary",
        "oversize": "larger than the 100,000 bytes limit",
    }[case]
    return path, reason


REFUSALS = [
    "missing",
    "directory",
    "empty",
    "whitespace",
    "binary",
    "undecodable",
    "bad-utf16",
    "late-nul",
    "oversize",
]


@pytest.mark.parametrize("case", REFUSALS)
def test_library_refusal_names_file_and_reason(tmp_path: Path, case: str) -> None:
    path, reason = _refusal(tmp_path, case)
    with pytest.raises(InputError) as info:
        read_article(path, max_bytes=100_000)
    assert info.value.exit_code == 2
    assert info.value.source == str(path)
    assert str(info.value).startswith(f"{path}: ")
    assert reason in str(info.value).lower()


@pytest.mark.parametrize("case", REFUSALS)
def test_cli_refusal_exit_code_and_message(tmp_path: Path, case: str) -> None:
    path, reason = _refusal(tmp_path, case)
    code, out, err = run([str(path), "--max-bytes", "100000"])
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"summarizer: error: {path}: ")
    assert reason in lines[0].lower()


def test_cli_stdin_refusals() -> None:
    code, out, err = run(["-"], stdin=b"")
    assert (code, out) == (2, "")
    assert err.strip() == "summarizer: error: <stdin>: input is empty (0 bytes)"
    code, _, err = run(["-", "--max-bytes", "10"], stdin=b"a" * 11)
    assert code == 2
    assert "<stdin>: standard input is larger than the 10 bytes limit" in err
    code, _, err = run(["-"], stdin=b"\x00\x01\x02binary")
    assert code == 2
    assert "<stdin>: looks binary" in err


def test_size_cap_reads_no_more_than_needed(tmp_path: Path) -> None:
    # At the cap is fine; one byte over is refused.
    path = tmp_path / "edge.txt"
    path.write_bytes(b"a" * 100)
    assert read_article(path, max_bytes=100).text == "a" * 100
    path.write_bytes(b"a" * 101)
    with pytest.raises(InputError, match="larger than"):
        read_article(path, max_bytes=100)
    with pytest.raises(InputError, match="larger than"):
        read_article("-", max_bytes=100, stdin=io.BytesIO(b"a" * 5_000))


def test_decode_article_checks_the_cap() -> None:
    with pytest.raises(InputError, match="item-7: input is 11 bytes, larger than"):
        decode_article(b"a" * 11, source="item-7", max_bytes=10)


def test_utf16_nul_bytes_are_not_binary() -> None:
    data = ARTICLE.encode("utf-16")
    assert b"\x00" in data[:8192]
    assert decode_article(data, source="u16.txt").text == ARTICLE


def test_max_bytes_must_be_positive() -> None:
    code, _, err = run([str(SEED), "--max-bytes", "0"])
    assert code == 2
    assert "--max-bytes" in err

"""Cleaning: boilerplate rules, lifted headline/byline/dateline/update line, HTML, the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import summarizer
from summarizer.clean import CleanedArticle, DatelineInfo, clean_article
from summarizer.cli import app
from summarizer.exceptions import NoArticleError
from summarizer.ingest import decode_article, read_article

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "clean"
GOLDEN = Path(__file__).resolve().parent / "golden"
SEED = ROOT / "seeds" / "esta-coalition-rocket-attack.txt"
TEXT_FIXTURES = sorted(p.name for p in DATA.glob("*.txt") if not p.name.startswith("jsonld"))


def run(args: list[str], stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["clean", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def clean_file(name: str) -> CleanedArticle:
    return clean_article(read_article(DATA / name))


def clean_str(text: str) -> CleanedArticle:
    return clean_article(decode_article(text.encode("utf-8"), source="test.txt"))


def reasons(cleaned: CleanedArticle) -> dict[str, str]:
    return {r.text: r.reason for r in cleaned.removed}


# -- the seed -----------------------------------------------------------------------------


def test_seed_matches_golden_text() -> None:
    cleaned = clean_article(read_article(SEED))
    golden = (GOLDEN / "esta-coalition-rocket-attack.cleaned.txt").read_text(encoding="utf-8")
    assert cleaned.text == golden.rstrip("\n")


def test_seed_metadata() -> None:
    cleaned = clean_article(read_article(SEED))
    title = "Coalition confirms rocket attack on U.S. troops in Syria, no casualties reported"
    assert cleaned.title == title
    # The headline stays the first paragraph: it states the casualty outcome.
    assert cleaned.text.startswith(title + "\n\nSULAIMANI (ESTA) — The U.S.-led Coalition")
    assert cleaned.dateline == DatelineInfo("SULAIMANI (ESTA) —", "SULAIMANI", "ESTA")
    assert cleaned.updated_line == "*This story was updated at 12:25 a.m. (EBL time) on Tuesday"
    assert cleaned.published is None
    assert cleaned.text.endswith("that time in response to rocket attacks in Iraq.")
    for chrome in ("Reuters photo", "Previous Article", "Hashid al-Shaabi", "Related Posts"):
        assert chrome not in cleaned.text


def test_seed_cli_json_matches_golden() -> None:
    code, out, err = run([str(SEED), "--json", "--date", "2021-06-28"])
    assert code == 0, err
    record = json.loads(out)
    golden = json.loads((GOLDEN / "esta-coalition-rocket-attack.clean.json").read_text("utf-8"))
    golden["source"] = str(SEED)  # the golden was made from a relative path
    assert record == golden
    assert set(record) >= {"title", "dateline", "published", "updated", "text", "removed"}
    assert record["updated"]["iso"] == "2021-06-29T00:25:00+03:00"


def test_seed_cli_without_date_leaves_weekday_unresolved() -> None:
    code, out, _ = run([str(SEED), "--json"])
    assert code == 0
    updated = json.loads(out)["updated"]
    assert (updated["weekday"], updated["date"], updated["iso"]) == ("Tuesday", None, None)


# -- nothing vanishes ---------------------------------------------------------------------


@pytest.mark.parametrize("name", [*TEXT_FIXTURES, "seed"])
def test_every_line_is_kept_or_listed_as_removed(name: str) -> None:
    raw = read_article(SEED if name == "seed" else DATA / name)
    cleaned = clean_article(raw)
    source_lines = [line.strip() for line in raw.text.splitlines() if line.strip()]
    kept = [line for line in cleaned.text.splitlines() if line]
    removed = [r.text for r in cleaned.removed]
    assert sorted(kept + removed) == sorted(source_lines)
    assert "\n\n\n" not in cleaned.text
    assert all(r.reason for r in cleaned.removed)


# -- plain-text fixtures with different boilerplate ---------------------------------------


def test_wire_byline_fixture() -> None:
    cleaned = clean_file("wire-byline.txt")
    assert cleaned.title == "Russian drones hit Kharkiv apartment block, at least 7 killed"
    assert cleaned.byline == "Jane Doe and Omar Haddad"
    assert cleaned.published == dt.date(2024, 3, 4)
    assert cleaned.updated_line == "Updated: March 5, 2024 10:15 a.m. ET"
    assert cleaned.dateline == DatelineInfo("KHARKIV, Ukraine (AP) —", "KHARKIV, Ukraine", "AP")
    assert reasons(cleaned) == {
        "By Jane Doe and Omar Haddad | March 4, 2024": "byline",
        "Updated: March 5, 2024 10:15 a.m. ET": "update line",
        "Rescue workers carry a body out of a damaged building in Kharkiv, Ukraine, "
        "March 4, 2024. (AP Photo/Andrii Marienko)": "photo caption",
        "Advertisement": "advertisement",
        "ADVERTISEMENT": "advertisement",
        "Copyright 2024 The Associated Press. All rights reserved.": "copyright",
        "Tags: Ukraine, Russia, Kharkiv, drones": "tags",
    }
    # The quoted paragraph between two advertisements survives verbatim.
    assert '\n\n"The enemy once again targeted residential buildings," he wrote.\n\n' in (
        cleaned.text
    )


def test_reuters_fixture() -> None:
    cleaned = clean_file("wire-reuters.txt")
    assert cleaned.title == "Israeli strike on Gaza school shelter kills 12, health officials say"
    assert cleaned.dateline == DatelineInfo("GAZA, Nov 14 (Reuters) -", "GAZA", "Reuters")
    assert cleaned.updated_line == "Last updated 14 November 2025 10:02 GMT"
    got = reasons(cleaned)
    assert got["Read more:"] == "related links"
    assert got["Explainer: Who runs Gaza's hospitals?"] == "related links"
    assert got["Reporting by Nidal al-Mughrabi; Editing by Alex Richardson"] == "credits"
    assert got[next(t for t in got if t.endswith("REUTERS/Dawoud Abu Alkas"))] == "photo caption"
    # The teaser list ends where the story resumes.
    assert "Medics at al-Ahli hospital said at least 30 people were wounded" in cleaned.text
    assert "ceasefire talks stall" not in cleaned.text


def test_single_newline_fixture() -> None:
    cleaned = clean_file("single-newlines.txt")
    assert cleaned.title == "Drone attack targets oil field in Kurdistan Region, no casualties"
    assert cleaned.published == dt.date(2024, 3, 4)
    assert cleaned.updated_line == "Last updated: Wednesday, 6 March 2024 14:05 (Baghdad time)"
    assert cleaned.dateline == DatelineInfo("ERBIL —", "ERBIL", None)
    # Each line of a text without blank lines becomes its own paragraph.
    assert cleaned.text.count("\n\n") == 3
    got = reasons(cleaned)
    assert {got[t] for t in ("Facebook", "Twitter", "WhatsApp", "Telegram")} == {"share/social"}
    assert got["12 Shares"] == "share counter"
    assert got["Posted on March 4, 2024 by Staff Writer"] == "date line"
    assert got["February 27, 2024"] == "related links"
    assert got["Erbil airport reopens after security alert"] == "navigation teaser"
    assert got["© 2024 Kurdistan Chronicle. All rights reserved."] == "copyright"
    assert "(AFP file photo)" not in cleaned.text


def test_cp1252_crlf_fixture() -> None:
    cleaned = clean_file("cp1252-crlf.txt")
    assert cleaned.title == "Militia rockets hit Baghdad airport base, one contractor wounded"
    assert cleaned.dateline == DatelineInfo("BAGHDAD —", "BAGHDAD", None)
    assert (
        cleaned.updated_line == "This article was last updated at noon Baghdad time on Wednesday."
    )
    assert "Baghdad’s airport" in cleaned.text
    assert "government in Baghdad – the second such strike" in cleaned.text
    assert set(reasons(cleaned).values()) == {"advertisement", "promotion", "update line"}


def test_no_headline_fixture() -> None:
    cleaned = clean_file("no-headline.txt")
    assert cleaned.title is None
    assert cleaned.text.startswith("WASHINGTON (Reuters) - The Pentagon said on Thursday")
    assert cleaned.dateline == DatelineInfo("WASHINGTON (Reuters) -", "WASHINGTON", "Reuters")
    assert cleaned.byline == "John Smith, Reuters"
    got = reasons(cleaned)
    assert got["Most Read"] == "related links"
    assert got["Senators press for briefing on Syria mission"] == "related links"
    assert got["Email | Print | Facebook | X"] == "share/social"
    assert "A spokesman said the convoy had been on a routine patrol" in cleaned.text


# -- rules that must not over-reach -------------------------------------------------------


def test_prose_that_resembles_boilerplate_is_kept() -> None:
    text = (
        "Death toll rises after floods\n\n"
        "By Tuesday, the death toll had risen to 40, officials said.\n\n"
        "Updated figures from the ministry showed 12 people missing.\n\n"
        "Next, rescuers will search the valley, the governor said.\n\n"
        "The photo agency said its photographer was safe.\n"
    )
    cleaned = clean_str(text)
    assert cleaned.removed == []
    assert cleaned.updated_line is None
    assert cleaned.byline is None
    assert cleaned.title == "Death toll rises after floods"
    assert cleaned.text == text.strip()


def test_update_line_is_lifted_anywhere() -> None:
    for line in (
        "*This story was updated at 9:10 p.m. (GMT) on Friday",
        "UPDATED 3:45 p.m. ET",
        "Last updated Mon 4 Mar 2024 10:02",
        "Updated: 14.11.2025 08:00",
    ):
        text = (
            f"A headline about a strike\n\nFirst paragraph of the story.\n\n{line}\n\nLast one.\n"
        )
        cleaned = clean_str(text)
        assert cleaned.updated_line == line
        assert line not in cleaned.text
        assert cleaned.text.endswith("First paragraph of the story.\n\nLast one.")


def test_headline_ending_in_an_abbreviation() -> None:
    cleaned = clean_str("Iran-backed militia fires rockets at U.S.\n\nBEIRUT — Body text here.")
    assert cleaned.title == "Iran-backed militia fires rockets at U.S."


def test_only_boilerplate_is_an_error() -> None:
    with pytest.raises(NoArticleError, match=r"test\.txt: no article text left"):
        clean_str("Advertisement\n\nShare\n\n0\n")


# -- HTML ---------------------------------------------------------------------------------


def test_html_news_page() -> None:
    cleaned = clean_file("news-page.html")
    assert cleaned.title == "Drone strike kills 3 militia members near Syria-Iraq border"
    assert cleaned.byline == "Sara Khalil"
    assert cleaned.published == dt.date(2024, 2, 13)
    assert cleaned.modified == dt.date(2024, 2, 14)
    assert cleaned.updated_line == "Updated: Feb. 14, 2024 11:05 a.m. (Baghdad time)"
    assert cleaned.dateline == DatelineInfo(
        "AL-QAIM, Iraq (Frontline) —", "AL-QAIM, Iraq", "Frontline"
    )
    assert cleaned.text.startswith(cleaned.title + "\n\nAL-QAIM, Iraq (Frontline) — A drone strike")
    assert "Iraq's government condemned the strike" in cleaned.text
    # Page chrome never reaches the model.
    for chrome in (
        "cookies",
        "Subscribe today",
        "Middle East",
        "Most read",
        "Oil prices climb",
        "Sign up for our newsletter",
        "All rights reserved",
        "Privacy policy",
        "Reuters file photo",
        "Advertisement",
        "Facebook",
        "Updated:",
    ):
        assert chrome not in cleaned.text, chrome


def test_html_detected_by_content_with_json_ld() -> None:
    cleaned = clean_file("jsonld-page.txt")
    assert cleaned.title == "Protesters storm council building in Basra over power cuts"
    assert cleaned.byline == "Ali Hassan"
    assert cleaned.published == dt.date(2025, 7, 21)
    assert cleaned.modified == dt.date(2025, 7, 22)
    assert cleaned.updated_line == "Last updated: July 22, 2025 06:45 GMT"
    assert cleaned.dateline == DatelineInfo("BASRA, Iraq —", "BASRA, Iraq", None)
    assert reasons(cleaned)["Read more: Iraq's summer electricity crisis explained"] == (
        "related link"
    )
    assert "14 protesters and six members of the security forces were hurt" in cleaned.text
    for chrome in ("Log in", "Trending", "Gold hits record", "Advertise with us", "display:flex"):
        assert chrome not in cleaned.text, chrome


def test_html_without_an_article_is_a_clear_error() -> None:
    with pytest.raises(
        NoArticleError, match=r"chrome-only\.html: no article found in the HTML page"
    ):
        clean_file("chrome-only.html")
    code, out, err = run([str(DATA / "chrome-only.html")])
    assert (code, out) == (2, "")
    assert err.startswith(f"summarizer: error: {DATA / 'chrome-only.html'}: no article found")


def test_html_published_date_resolves_the_update_stamp() -> None:
    code, out, _ = run([str(DATA / "news-page.html"), "--json"])
    assert code == 0
    record = json.loads(out)
    assert record["published"] == "2024-02-13"
    assert record["updated"]["iso"] == "2024-02-14T11:05:00+03:00"
    assert record["updated"]["timezone"] == "Baghdad time"


# -- the command --------------------------------------------------------------------------


def test_cli_human_output() -> None:
    code, out, _ = run([str(DATA / "wire-byline.txt")])
    assert code == 0
    assert "Russian drones hit Kharkiv apartment block, at least 7 killed" in out
    assert "2024-03-05T10:15:00-05:00" in out
    assert "Removed 7 lines" in out
    assert "[advertisement] ADVERTISEMENT" in out


def test_cli_reads_stdin() -> None:
    code, out, _ = run(["-", "--json"], stdin=(DATA / "cp1252-crlf.txt").read_bytes())
    assert code == 0
    record = json.loads(out)
    assert record["source"] == "-"
    assert record["dateline"] == {"text": "BAGHDAD —", "place": "BAGHDAD", "agency": None}
    assert record["updated"]["time"] == "12:00"


def test_cli_date_resolves_weekday() -> None:
    code, out, _ = run(["-", "--json", "--date", "2024-03-04"], stdin=SEED.read_bytes())
    assert code == 0
    assert json.loads(out)["updated"]["date"] == "2024-03-05"


def test_cli_bad_date_is_a_usage_error() -> None:
    code, out, err = run([str(SEED), "--date", "2024-02-30"])
    assert (code, out) == (2, "")
    assert "YYYY-MM-DD" in err


def test_public_api() -> None:
    assert summarizer.clean_article is clean_article
    assert summarizer.read_article is read_article


def test_html_update_line_is_never_taken_from_other_stories() -> None:
    cleaned = clean_file("related-sidebar.html")
    assert cleaned.title == "Flood kills 20 in northern province"
    assert cleaned.updated_line is None  # "Updated 3 hours ago" belongs to a sidebar teaser
    assert "Dam levels rise" not in cleaned.text
    assert cleaned.dateline == DatelineInfo("DOHUK, Iraq —", "DOHUK, Iraq", None)


# -- the general rules, one line at a time ------------------------------------------------

BOILERPLATE = [
    ("Image source, Getty Images", "photo caption"),
    ("Image caption, Rescuers search the rubble in Antakya", "photo caption"),
    ("Smoke rises over the city. (Photo: Jane Roe/AFP)", "photo caption"),
    ("Mourners gather in Gaza City, Nov. 14. (AFP file photo)", "photo caption"),
    ("A soldier walks past the site. (AP Photo/Hussein Malla)", "photo caption"),
    ("Photo: Reuters", "photo caption"),
    ("Skip to main content", "skip link"),
    ("5 min read", "reading time"),
    ("Advertisement - Scroll to continue", "advertisement"),
    ("Story continues below advertisement", "advertisement"),
    ("Click to share on Twitter (Opens in new window)", "promotion"),
    ("Follow us on Telegram", "promotion"),
    ("Share on Facebook | Share on X | Email", "share/social"),
    ("1.2K", "share counter"),
    ("© 2025 Example News Ltd", "copyright"),
    ("Filed under: Iraq, Security", "tags"),
    ("(Reporting by Jane Roe; Writing by John Doe)", "credits"),
    ("Related: Strikes hit Kyiv overnight", "related link"),
    ("* * *", "separator"),
]


@pytest.mark.parametrize(("line", "reason"), BOILERPLATE, ids=[b[0] for b in BOILERPLATE])
def test_general_boilerplate_rules(line: str, reason: str) -> None:
    text = (
        "Strike hits fuel depot near the border\n\n"
        "BASRA, Iraq — A drone struck a fuel depot on Monday, officials said.\n\n"
        f"{line}\n\n"
        "Firefighters put out the blaze within two hours, the civil defence said.\n"
    )
    cleaned = clean_str(text)
    assert [(r.text, r.reason) for r in cleaned.removed] == [(line, reason)]
    assert line not in cleaned.text
    assert cleaned.text.endswith("the civil defence said.")


PROSE = [
    "Reading time is a concern for students, the minister said",
    "Reporting by the BBC showed the camp had been hit twice.",
    "Share prices fell 3% after the attack on the refinery.",
    "More than 40 people were killed, the health ministry said.",
    "Adnan said the convoy was hit twice.",
    "Copyright disputes are not at issue here, the lawyer said.",
]


@pytest.mark.parametrize("line", PROSE)
def test_prose_is_never_boilerplate(line: str) -> None:
    text = f"Strike hits fuel depot near the border\n\nFirst paragraph here.\n\n{line}\n"
    cleaned = clean_str(text)
    assert cleaned.removed == []
    assert cleaned.text.endswith(line)

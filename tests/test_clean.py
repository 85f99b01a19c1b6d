"""Cleaning: boilerplate rules, lifted headline/byline/dateline/update line, HTML, the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import summarizer
from summarizer.cleaning import (
    CleanedArticle,
    DatelineInfo,
    clean_article,
    decode_article,
    read_article,
)
from summarizer.cli import app
from summarizer.errors import NoArticleError

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


def test_wire_agency_fixture() -> None:
    cleaned = clean_file("wire-agency-chrome.txt")
    assert cleaned.title == "Israeli strikes on Gaza City kill nine, civil defence says"
    assert cleaned.byline == "Laila Mansour, AFP"
    assert cleaned.dateline == DatelineInfo("GAZA CITY, Dec 3 (AFP) –", "GAZA CITY", "AFP")
    assert cleaned.updated_line == "Updated: 2024-12-03 08:15 UTC"
    got = reasons(cleaned)
    assert got == {
        "Listen to this article": "promotion",
        "3 min read": "reading time",
        "By Laila Mansour, AFP": "byline",
        "Updated: 2024-12-03 08:15 UTC": "update line",
        "Smoke rises over Gaza City after an overnight strike on Tuesday. AFP via Getty Images": (
            "photo caption"
        ),
        "Share this article": "share/social",
        "Getty Images": "photo caption",
        "Reporting by Laila Mansour; Editing by Tom Hale": "credits",
        "Editing by Tom Hale": "credits",
        "© 2024 AFP. All rights reserved.": "copyright",
        "NEXT / Aid convoy reaches northern Gaza after weeks of delays": "navigation link",
        "PREVIOUS / Hostage families rally in Tel Aviv": "navigation link",
    }
    assert cleaned.text.endswith("three of them in critical condition.")


def test_local_paper_fixture() -> None:
    cleaned = clean_file("local-paper.txt")
    assert cleaned.title == "Two firefighters hurt as blaze rips through Mill Road warehouse"
    assert cleaned.byline == "Jane Doe, Staff writer"
    # A place in title case is a dateline when a region follows it.
    assert cleaned.dateline == DatelineInfo("Harwick, Kent —", "Harwick, Kent", None)
    assert cleaned.published == dt.date(2024, 3, 6)
    assert cleaned.updated_line == "Updated 07.03.2024 08:15"
    got = reasons(cleaned)
    assert got["Home > News > Local"] == "breadcrumb"
    assert got["Breaking News"] == "section label"
    assert got["Published 06.03.2024 21:40 | Updated 07.03.2024 08:15"] == "date line"
    assert got["Accept all cookies"] == "cookie notice"
    assert got["Photo credit: Harwick Fire and Rescue Service"] == "photo caption"
    assert got["Comments (3)"] == "comments"
    for teaser in ("Mystery over swan deaths at Harwick lake", "New bus timetable from April"):
        assert got[teaser] == "related links"
    assert got["Council approves budget for Harwick schools"] == "related links"
    assert {got["Subscribe"], got["Follow us on Facebook and Instagram"]} == {"promotion"}
    assert got["© 2024 Harwick Gazette Media Ltd"] == "copyright"
    assert got[next(t for t in got if t.startswith("We use cookies"))] == "cookie notice"
    assert cleaned.text.split("\n\n")[1:] == [
        "Harwick, Kent — Two firefighters were taken to hospital after a fire ripped through a "
        "disused warehouse on Mill Road late on Wednesday, the county fire service said.",
        "Crews from three stations fought the blaze through the night, and about 40 homes on "
        "neighbouring streets were evacuated as a precaution, a spokeswoman for the service said.",
        "Both firefighters were treated for smoke inhalation and minor burns. No residents were "
        "hurt.",
    ]


def test_blog_cms_fixture() -> None:
    cleaned = clean_file("blog-cms.txt")
    assert cleaned.title == "Truckers block highway outside Dorva over fuel prices"
    assert cleaned.byline is None  # "Posted by admin": an account, not a reporter
    assert cleaned.published == dt.date(2024, 3, 4)
    # The colon form of a dateline, with a region and an agency.
    assert cleaned.dateline == DatelineInfo("DORVA, Kalinor (KNS):", "DORVA, Kalinor", "KNS")
    assert cleaned.updated_line == "Last updated: March 4, 2024 at 6:40 pm"
    got = reasons(cleaned)
    assert got == {
        "Posted in World News": "tags",
        "Posted by admin on March 4, 2024": "byline",
        "5 min read": "reading time",
        "Image: Lorries parked across the toll plaza on Monday morning": "photo caption",
        "Click here to read the full statement from the drivers' union.": "promotion",
        "WATCH: Drivers block the toll plaza": "media link",
        "Filed under Protests, Fuel prices, Kalinor": "tags",
        "Tags: protests, fuel, transport": "tags",
        "Share on Facebook | Share on X": "share/social",
        "3 Comments": "comments",
        "Leave a Reply": "promotion",
        "Your email address will not be published. Required fields are marked *": "comments",
        "Last updated: March 4, 2024 at 6:40 pm": "update line",
    }
    assert cleaned.text.count("\n\n") == 2


def test_caption_label_fixture() -> None:
    # Copied page text, one line each: labels, a caption split over two lines, a job line.
    cleaned = clean_file("caption-label-copy.txt")
    assert cleaned.title == "Shelling hits school shelter in Tel Azra, killing 11"
    assert cleaned.byline == "Miriam Okonjo"
    assert cleaned.published == dt.date(2024, 2, 13)
    assert cleaned.updated_line == "Last modified on Tue 13 Feb 2024 14.30 GMT"
    got = reasons(cleaned)
    assert got["Kessar conflict"] in {"section label", "related links"}
    assert got["Image caption,"] == "photo caption"
    assert got["Rescuers search the rubble of the school in Tel Azra"] == "photo caption"
    assert got["Levant Wire Middle East correspondent"] == "byline"
    assert got["Image source, Getty Images"] == "photo caption"
    assert {got[t] for t in ("Menu", "Search")} == {"page control"}
    assert got["Live. Kessar talks latest"] == "related links"
    assert cleaned.text.split("\n\n") == [
        "Shelling hits school shelter in Tel Azra, killing 11",
        "Artillery shells hit a school sheltering displaced families in Tel Azra on Tuesday, "
        "killing at least 11 people, the town's civil defence says.",
        "The army said it had fired at rebel positions near the school and blamed the rebels for "
        "using civilians as cover.",
        '"We heard the first shell and ran," said Umm Samir, who was sheltering in a classroom. '
        '"Children were under the rubble."',
    ]


def test_standfirst_byline_fixture() -> None:
    cleaned = clean_file("standfirst-byline-copy.txt")
    assert cleaned.title == "Floods cut off mountain villages as rivers burst their banks"
    assert cleaned.byline == "Teodor Vance in Dorva"
    assert cleaned.published == dt.date(2024, 3, 4)
    got = reasons(cleaned)
    assert got["Kalinor floods"] == "section label"
    assert got["Teodor Vance in Dorva"] == "byline"
    assert got["Mon 4 Mar 2024 14.30 GMT"] == "date line"
    assert got[next(t for t in got if t.endswith("[Miro Santek/KNS]"))] == "photo caption"
    assert got["after newsletter promotion"] == "promotion"
    assert got["Source: KNS and local media"] == "credits"
    assert [t for t, r in got.items() if r == "related links"] == [
        "Explore more on these topics",
        "Kalinor",
        "Floods",
        "Europe",
    ]
    # The standfirst is the article's own text: it stays, below the headline.
    paragraphs = cleaned.text.split("\n\n")
    assert (
        paragraphs[1]
        == "Rescue teams use boats to reach stranded families as more rain is forecast"
    )
    assert len(paragraphs) == 5 and paragraphs[-1].endswith("in the village of Strava.")


def test_name_lines_need_a_date_beside_them() -> None:
    text = (
        "Floods cut off mountain villages as rivers burst their banks\n"
        "Mahmoud Ali Abu Rizq\n"
        "4 Mar 2024\n"
        "Floodwaters cut off at least 14 villages on Monday, the emergency service said.\n"
    )
    cleaned = clean_str(text)
    assert cleaned.byline == "Mahmoud Ali Abu Rizq"
    # Without a date beside it, a capitalised pair of words is left alone.
    cleaned = clean_str(text.replace("4 Mar 2024\n", ""))
    assert cleaned.byline is None and "Mahmoud Ali Abu Rizq" in cleaned.text


def test_prose_resembling_boilerplate_survives() -> None:
    raw = read_article(DATA / "lookalike-prose.txt")
    cleaned = clean_article(raw)
    # Every line is a sentence of reporting: nothing is removed, the text is verbatim.
    assert cleaned.removed == []
    assert cleaned.text == raw.text.strip()
    assert cleaned.updated_line is None and cleaned.byline is None
    assert cleaned.dateline == DatelineInfo("LENFORD, Ohio (AP) —", "LENFORD, Ohio", "AP")
    assert "Police said the photo was taken on Monday" in cleaned.text
    assert '"People should read more about how these scams work' in cleaned.text


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
        "Page last updated at 08:15 GMT",
        "Article updated: 7 March 2024",
        "Last modified on Thu 7 Mar 2024 08.15 GMT",
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


# -- datelines ----------------------------------------------------------------------------

DATELINES = [
    ("TEL AZRA, Kessar (LWS) -", "TEL AZRA, Kessar", "LWS"),
    ("RAMPALI, Vindhara (SNS):", "RAMPALI, Vindhara", "SNS"),
    ("LONDON, March 4 (Reuters) -", "LONDON", "Reuters"),
    ("NEW YORK, March 4, 2024 (Reuters) -", "NEW YORK", "Reuters"),
    ("KYIV (AP) —", "KYIV", "AP"),
    ("GAZA CITY, Dec 3 (AFP) –", "GAZA CITY", "AFP"),
    ("WASHINGTON —", "WASHINGTON", None),
    ("WASHINGTON, D.C. —", "WASHINGTON, D.C.", None),
    ("PORT-AU-PRINCE, Haiti (AP) —", "PORT-AU-PRINCE, Haiti", "AP"),
    ("BERLIN (dpa) -", "BERLIN", "dpa"),
    ("NEW DELHI:", "NEW DELHI", None),
    # Title case needs more than a dash: an agency, a date or a region.
    ("Beirut, Lebanon -", "Beirut, Lebanon", None),
    ("Kyiv (AP) —", "Kyiv", "AP"),
    ("Sanaa, Yemen, March 4 (Reuters) -", "Sanaa, Yemen", "Reuters"),
    ("Deir ez-Zor, Syria (SANA) —", "Deir ez-Zor, Syria", "SANA"),
    ("Rio de Janeiro, Brazil —", "Rio de Janeiro, Brazil", None),
    ("(CNN) —", None, "CNN"),
]


@pytest.mark.parametrize(("dateline", "place", "agency"), DATELINES, ids=[d[0] for d in DATELINES])
def test_datelines(dateline: str, place: str | None, agency: str | None) -> None:
    lead = f"{dateline} Officials said on Monday that the strike had killed five people."
    cleaned = clean_str(f"Strike kills five near the border\n\n{lead}\n\nSecond paragraph.\n")
    assert cleaned.dateline == DatelineInfo(dateline, place, agency)
    assert cleaned.text.split("\n\n")[1] == lead  # parsed, never cut from the body


NOT_DATELINES = [
    "Port Mellan — Protesters marched on parliament on Friday, police said.",
    "Police — who had sealed off the square — fired tear gas, witnesses said.",
    "In Gaza, Hamas — which runs the territory — said five people were killed.",
    "Meanwhile, Israel — facing pressure from allies — said it would review the strike.",
    "BREAKING: Five people were killed in a strike near the border on Monday, officials said.",
    "NATO: the alliance said on Monday that it would send more troops to the region soon.",
    "Hamas (the militant group) — said on Monday that five of its fighters were killed.",
    "UPDATE 2-Israeli strikes kill five in Gaza, health officials say on Monday evening.",
]


@pytest.mark.parametrize("lead", NOT_DATELINES)
def test_sentence_starts_are_not_datelines(lead: str) -> None:
    cleaned = clean_str(f"Strike kills five near the border\n\n{lead}\n\nSecond paragraph.\n")
    assert cleaned.dateline is None
    assert cleaned.removed == []


def test_dateline_after_a_standfirst() -> None:
    text = (
        "Strike kills five near the border\n\n"
        "Military says three militants died; mayor says two farmers among the dead\n\n"
        "WADI SIRR, Qadira — A drone strike hit a convoy on Monday, officials said.\n"
    )
    assert clean_str(text).dateline == DatelineInfo(
        "WADI SIRR, Qadira —", "WADI SIRR, Qadira", None
    )
    # Never past the story's first long paragraph.
    late = (
        "Strike kills five near the border\n\n"
        + "A drone strike hit a convoy of pickup trucks on the highway south of the town late on "
        "Monday, killing at least five people, local officials said, in the third such strike in "
        "the province this month, the second in a week.\n\n"
        "BAGHDAD — A second paragraph that starts like a dateline.\n"
    )
    assert clean_str(late).dateline is None


# -- header lines -------------------------------------------------------------------------


def test_header_labels_source_lines_and_bylines() -> None:
    text = (
        "LIVE UPDATES\n\n"
        "Security service raids flats in Lysohirsk, detains six\n\n"
        "Dnipro Herald | Olena Kravets\n\n"
        "From Aminu Bello, Kaduma\n\n"
        "LYSOHIRSK - Officers detained six people in dawn raids on Saturday, the service said.\n\n"
        "From Aminu Bello, Kaduma\n"
    )
    cleaned = clean_str(text)
    assert cleaned.title == "Security service raids flats in Lysohirsk, detains six"
    assert cleaned.byline == "Aminu Bello, Kaduma"
    assert [(r.text, r.reason) for r in cleaned.removed] == [
        ("LIVE UPDATES", "section label"),
        ("Dnipro Herald | Olena Kravets", "source line"),
        ("From Aminu Bello, Kaduma", "byline"),
    ]
    # The same words below the story's start are left alone.
    assert cleaned.text.endswith("the service said.\n\nFrom Aminu Bello, Kaduma")


def test_short_dated_sentence_in_the_header_is_kept() -> None:
    text = "Strike kills five near the border\nOn March 4, 2024, police said\nfive died.\n"
    cleaned = clean_str(text)
    assert cleaned.removed == [] and cleaned.published is None


def test_title_case_headline_with_a_pipe_is_kept() -> None:
    cleaned = clean_str("Drone Strike Kills Five | Gaza\n\nGAZA — Body text of the story.\n")
    assert cleaned.title == "Drone Strike Kills Five | Gaza"
    assert cleaned.removed == []


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("By Jane Doe, Staff Writer", "Jane Doe, Staff Writer"),
        (
            "By Marcus Levin, Global Ledger correspondent",
            "Marcus Levin, Global Ledger correspondent",
        ),
        ("By Jane Doe on March 4, 2024", "Jane Doe"),
        ("Posted by admin", None),
    ],
)
def test_byline_forms(line: str, byline: str | None) -> None:
    cleaned = clean_str(f"Strike kills five near the border\n\n{line}\n\nBody of the story.\n")
    assert [(r.text, r.reason) for r in cleaned.removed] == [(line, "byline")]
    assert cleaned.byline == byline


def test_a_dated_update_line_wins_over_a_bare_one() -> None:
    text = (
        "Strike kills five near the border\n\nThis story has been updated.\n\n"
        "Body of the story.\n\nLast updated: March 5, 2024 10:15 GMT\n"
    )
    cleaned = clean_str(text)
    assert cleaned.updated_line == "Last updated: March 5, 2024 10:15 GMT"
    assert cleaned.text == "Strike kills five near the border\n\nBody of the story."


def test_published_and_updated_on_one_line_below_the_header() -> None:
    text = (
        "Strike kills five near the border\n\n"
        + "A drone strike hit a convoy of pickup trucks on the highway on Monday, killing at least "
        "five people, local officials said, in the third such strike in the province this month."
        "\n\nPublished 06.03.2024 12:00 | Updated 07.03.2024 08:15\n"
    )
    cleaned = clean_str(text)
    assert cleaned.updated_line == "Updated 07.03.2024 08:15"
    assert cleaned.published == dt.date(2024, 3, 6)


@pytest.mark.parametrize(
    "line",
    [
        "Last update: 12 April 2024 - 18:05 CEST",
        "Latest update 09:40 GMT, 3 May 2024",
        "LAST UPDATE: Tuesday 14:10 EAT",
    ],
)
def test_update_noun_lines_are_update_lines(line: str) -> None:
    text = (
        f"Strike kills five near the border\n\nPublished: 11 April 2024\n{line}\n\n"
        "A drone strike hit a convoy of pickup trucks on the highway on Monday, killing at least "
        "five people, local officials said, in the third such strike in the province this month."
    )
    cleaned = clean_str(text)
    assert cleaned.updated_line == line
    assert (line, "update line") in [(r.text, r.reason) for r in cleaned.removed]


@pytest.mark.parametrize(
    "line",
    ["The last update from the rescue teams came at 6 p.m.", "Latest updates: live coverage"],
)
def test_update_noun_in_prose_or_labels_is_not_an_update_line(line: str) -> None:
    text = f"Strike kills five near the border\n\n{line}\n\nBody of the story, officials said.\n"
    assert clean_str(text).updated_line is None


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


def test_html_headline_and_update_line_outside_the_article() -> None:
    # The <h1> and the update line sit in a block above <article>: trafilatura drops both.
    cleaned = clean_file("local-h1-outside-article.html")
    assert cleaned.title == "Two firefighters hurt as blaze rips through Mill Road warehouse"
    assert cleaned.text.startswith(cleaned.title + "\n\nHARWICK, Kent — Two firefighters")
    assert cleaned.updated_line == "Last updated 7 March 2024, 08:15 GMT"
    assert cleaned.byline == "Jane Doe"  # trafilatura's "Jane Doe; Staff Writer", role dropped
    assert cleaned.published == dt.date(2024, 3, 6)
    assert reasons(cleaned) == {
        "Share this article": "share/social",
        "NEXT / Council approves new budget for Harwick schools": "navigation link",
        "PREVIOUS / Road closures planned for bank holiday weekend": "navigation link",
    }
    # Body sentences that look like chrome stay.
    assert "Police said the photo was taken on Monday" in cleaned.text
    assert "should read more than the headlines and call us" in cleaned.text
    for chrome in ("cookies", "Breaking News", "Comments (3)", "swan deaths", "newsletter"):
        assert chrome not in cleaned.text, chrome


def test_html_blog_title_from_metadata_and_update_from_modified_time() -> None:
    cleaned = clean_file("blog-cms.html")
    # No <h1>: the headline comes from the page's metadata, without the site's name.
    assert cleaned.title == "Truckers block highway outside Dorva over fuel prices"
    assert cleaned.byline is None  # the CMS account "admin"
    assert cleaned.dateline == DatelineInfo("DORVA, Kalinor (KNS):", "DORVA, Kalinor", "KNS")
    # No visible update line: the page's modified time, later than its published time. The
    # "Updated 2 hours ago" in a reader's comment is never taken.
    assert cleaned.updated_line == "2024-03-04T18:40:00+05:00"
    assert "Leave a Reply" not in cleaned.text and "Click here" not in cleaned.text


def test_html_update_line_split_over_elements() -> None:
    cleaned = clean_file("wire-split-timestamp.html")
    # og:title without its " | Coastline Wire"
    assert cleaned.title == "Quake rattles Vesta Province, damaging homes"
    assert cleaned.updated_line == "Updated 4:32 PM EST, Mon March 4, 2024"
    assert cleaned.dateline == DatelineInfo("SAN TELMO, Vesta (CW) —", "SAN TELMO, Vesta", "CW")
    assert reasons(cleaned) == {
        "Listen to this article": "promotion",
        "Reporting by Paolo Reyes; Editing by Dana Whitfield": "credits",
    }
    code, out, _ = run([str(DATA / "wire-split-timestamp.html"), "--json"])
    assert code == 0
    assert json.loads(out)["updated"]["iso"] == "2024-03-04T16:32:00-05:00"


BODY = "".join(
    f"<p>{sentence} The army said the strike killed five people near the border on Monday.</p>"
    for sentence in ("First.", "Second.", "Third.")
)


def page(head: str, body: str = "") -> CleanedArticle:
    html = f"<html><head>{head}</head><body>{body}<article>{BODY}</article></body></html>"
    return clean_article(decode_article(html.encode(), source="page.html"))


@pytest.mark.parametrize(
    ("head", "body", "title"),
    [
        ("<title>Strike kills five | Daily Post</title>", "", "Strike kills five"),
        (  # the site's name first
            "<title>Daily Post | Strike kills five</title>"
            '<meta property="og:site_name" content="Daily Post">',
            "",
            "Strike kills five",
        ),
        (  # a section between headline and site
            "<title>Strike kills five near the border | World | Daily Post</title>",
            "",
            "Strike kills five near the border",
        ),
        (  # og:title wins over <title>, and loses its suffix too
            '<title>Old title</title><meta property="og:title" content="Strike kills five - The '
            'Daily Post"><meta property="og:site_name" content="The Daily Post">',
            "",
            "Strike kills five",
        ),
        (  # a dash inside a headline stays when nothing names a site
            "<title>Strike kills five - officials</title>",
            "",
            "Strike kills five - officials",
        ),
        (  # the site's logo in an <h1> is not the headline
            "<title>Strike kills five | Daily Post</title>",
            '<header class="masthead"><h1 class="logo">Daily Post</h1></header>',
            "Strike kills five",
        ),
        (  # a visible <h1> outside the article is the headline
            "<title>Strike kills five near the border - Daily Post</title>",
            "<div class='hero'><h1>Strike kills five near the border</h1></div>",
            "Strike kills five near the border",
        ),
        (  # a section's name in the <h1> is not
            "<title>Strike kills five near the border | Daily Post</title>",
            "<div class='section'><h1>Middle East</h1></div>",
            "Strike kills five near the border",
        ),
        (  # a long <h1> is the headline even when the metadata words it differently
            '<meta property="og:title" content="Five killed in border strike">',
            "<h1>Drone strike kills five people near the northern border</h1>",
            "Drone strike kills five people near the northern border",
        ),
    ],
)
def test_html_title_sources(head: str, body: str, title: str) -> None:
    cleaned = page(head, body)
    assert cleaned.title == title
    assert cleaned.text.startswith(title + "\n\nFirst.")


@pytest.mark.parametrize(
    ("head", "body", "updated"),
    [
        (  # modified later than published
            '<meta property="article:published_time" content="2024-03-04T09:00:00Z">'
            '<meta property="article:modified_time" content="2024-03-05T10:15:00Z">',
            "",
            "2024-03-05T10:15:00Z",
        ),
        (  # the same moment: never updated
            '<meta property="article:published_time" content="2024-03-04T09:00:00Z">'
            '<meta property="article:modified_time" content="2024-03-04T09:00:00Z">',
            "",
            None,
        ),
        (  # a <time> marked as the modification time, shown without the word "Updated"
            "",
            '<div class="meta"><time itemprop="dateModified" datetime="2024-03-05T10:15:00Z">'
            "March 5, 2024 10:15 GMT</time></div>",
            "March 5, 2024 10:15 GMT",
        ),
        (  # a visible line beats the metadata
            '<meta property="article:published_time" content="2024-03-04T09:00:00Z">'
            '<meta property="article:modified_time" content="2024-03-05T10:15:00Z">',
            "<p class='stamp'>Last updated <time>5 March 2024, 11:00 GMT</time></p>",
            "Last updated 5 March 2024, 11:00 GMT",
        ),
        (  # a dates block broken by <br>: the update line is its second line
            "",
            "<div class='byline'><p>Posted: 4 March 2024 &ndash; 09:00 CET<br>"
            "Last update: 5 March 2024 &ndash; 11:20 CET</p></div>",
            "Last update: 5 March 2024 – 11:20 CET",
        ),
        (  # other stories' stamps in a sidebar, and relative stamps, are never taken
            "",
            "<aside><p>Updated March 1, 2024 09:00</p></aside>"
            "<ul><li><a href='/x'>Dam levels rise</a> <span>Updated 2 hours ago</span></li></ul>",
            None,
        ),
    ],
)
def test_html_update_line_sources(head: str, body: str, updated: str | None) -> None:
    assert page("<title>Strike kills five</title>" + head, body).updated_line == updated


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
    ("Residents inspect a damaged stall. (LWS/Karim Haddad)", "photo caption"),
    ("(Xinhua/Li Ming)", "photo caption"),
    ("Photo by Jane Roe/AFP", "photo caption"),
    ("Image courtesy of the county council", "photo caption"),
    ("NEXT / Council approves new budget for schools", "navigation link"),
    ("Previous story: Floods hit the valley", "navigation link"),
    ("« Older post | Protest ends peacefully", "navigation link"),
    ("Home > World > Middle East", "breadcrumb"),
    ("Comments (12)", "comments"),
    ("View all 40 comments", "comments"),
    ("Join the conversation", "comments"),
    ("We use cookies to improve your experience. Accept all cookies to continue.", "cookie notice"),
    ("Manage preferences", "cookie notice"),
    ("Gift this article", "page control"),
    ("Show more", "page control"),
    ("WATCH: Footage shows the aftermath", "media link"),
    ("Sign up for our newsletter", "promotion"),
    ("Sign up here.", "promotion"),
    ("Have a news tip? Email us at tips@example.com", "promotion"),
    ("Listen to this article", "promotion"),
    ("4 minute read", "reading time"),
    ("Recommended stories", "related links"),
    ("Filed under Iraq, Security", "tags"),
    ("Editing by Mark Heinrich", "credits"),
    ("Compiled by Jane Roe and John Doe in Gaza", "credits"),
    ("All rights reserved.", "copyright"),
    ("Rescuers search the rubble in Nuseirat, central Gaza [Reuters]", "photo caption"),
    ("A damaged street in Dorva [File: AFP]", "photo caption"),
    ("Source: Al Jazeera and news agencies", "credits"),
    ("Privacy Notice: Newsletters may contain info about charities.", "promotion"),
    ("Save articles to read later and create your own reading list.", "promotion"),
    ("Explore more on these topics", "related links"),
    ("Reuse this content", "page control"),
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
    "Police said the photo was taken on Monday.",
    '"Read more about the risks before you travel," the minister said.',
    "Next, rescuers will search the valley, the governor said.",
    "Photos by residents showed the damage to the mosque.",
    "Editing by hand, the clerks changed the count twice, the auditor found.",
    "The regulator fined the firm over its use of cookies, the ministry said.",
    "The new law bans the use of cookies without consent.",
    "Users must accept all cookies to read the site, the regulator found.",
    '"Listen."',
    "Close.",
    'He called it "an attack on the [displaced] families."',
    "Source: the ministry said the figure was provisional.",
    "Dan Sabbagh in Kyiv said the talks had stalled, officials said.",
    "On March 4, 2024, updated figures showed 12 people were missing.",
    "The toll, updated on Monday, rose to 40, the ministry said.",
    "All rights reserved by the treaty stay with Kyiv, the envoy said.",
    "Comments from the minister drew criticism from the opposition.",
    "From Monday, all checkpoints will close at dusk.",
    "From Aminu Bello's house, the gunmen drove north, police said.",
    "Filed under emergency rules, the order bans gatherings of more than five people.",
    "Next: the army will open the road, Col. Fadl said.",
]


@pytest.mark.parametrize("line", PROSE)
def test_prose_is_never_boilerplate(line: str) -> None:
    text = f"Strike hits fuel depot near the border\n\nFirst paragraph here.\n\n{line}\n"
    cleaned = clean_str(text)
    assert cleaned.removed == []
    assert cleaned.text.endswith(line)

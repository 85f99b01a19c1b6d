"""Attributions by the rules, on sentences invented for these tests (no fixture's words):
who speaks when the name comes after the quote, what follows the speaker, and more."""

from __future__ import annotations

import datetime as dt

import summarizer
from summarizer.schema import ArticleSummary, Attribution

RULES = summarizer.Settings(provider="rules")
LEAD = "Storm floods the lowlands\n\nHeavy rain flooded the lowlands on Monday, officials said.\n\n"


def run(body: str) -> ArticleSummary:
    record = summarizer.summarize_text(
        LEAD + body, reference_date=dt.date(2024, 6, 15), settings=RULES
    )
    assert record.result is not None, record.error
    return record.result


def by(summary: ArticleSummary, speaker: str) -> list[Attribution]:
    return [a for a in summary.attributions if speaker in a.speaker]


def test_an_inverted_speaker_may_be_followed_by_an_age_an_appositive_or_a_clause() -> None:
    summary = run(
        '"The water rose in minutes," said Amaru Quispe, 47, a boatman from the south shore.\n\n'
        '"We lost the goats," said Rosa Mamani, 60, who keeps a stall by the pier.\n\n'
        '"Our pumps are too small," said the district engineer, Tomas Rivas.\n\n'
        '"Nobody warned the villages," said Lucia Flores, one of the teachers, speaking by phone.'
    )
    quispe = by(summary, "Amaru Quispe")
    assert quispe and quispe[0].quote == "The water rose in minutes"
    assert quispe[0].affiliation and "boatman" in quispe[0].affiliation
    assert by(summary, "Rosa Mamani")
    rivas = by(summary, "Tomas Rivas")
    assert rivas and rivas[0].affiliation == "district engineer"
    assert by(summary, "Lucia Flores")


def test_adding_that_is_a_further_claim_of_the_same_speaker() -> None:
    summary = run(
        "The bridge at the ford was swept away overnight, the county engineer told reporters, "
        "adding that two ferries would run from Thursday."
    )
    claims = [a.claim for a in by(summary, "engineer")]
    assert "Two ferries would run from Thursday." in claims
    assert any(c.startswith("The bridge at the ford was swept away") for c in claims)
    assert all(a.channel == "told_reporters" for a in by(summary, "engineer"))


def test_a_rank_alone_names_a_speaker_and_a_quotation_s_verbs_are_not_the_sentence_s() -> None:
    summary = run('"We held the ridge," the colonel told reporters, adding that the road was open.')
    colonel = by(summary, "colonel")
    assert [a.quote for a in colonel][:1] == ["We held the ridge"]
    assert not by(summary, "We")


def test_an_aside_with_its_own_because_clause_still_leaves_the_speaker() -> None:
    summary = run(
        "A nurse at the clinic, who asked not to be named because she was not allowed to "
        "speak to the press, told the Daily Lantern that six patients had died.\n\n"
        "A port official, speaking on condition of anonymity because he was not authorised "
        "to brief the media, told reporters that the ship had sunk."
    )
    nurse = by(summary, "nurse at the clinic")
    assert nurse and nurse[0].channel == "told_news_agency"
    assert nurse[0].claim == "Six patients had died."
    official = by(summary, "port official")
    assert official and official[0].channel == "told_reporters"


def test_according_to_a_statement_someone_issued_names_who_issued_it() -> None:
    summary = run(
        "Divers recovered four bodies from the lake, according to a statement the county "
        "fire service released in the evening."
    )
    found = by(summary, "county fire service")
    assert found and found[0].channel == "statement"
    assert found[0].claim == "Divers recovered four bodies from the lake."


def test_putting_a_figure_at_a_number_is_a_claim() -> None:
    summary = run(
        "Organisers put the turnout at 12,000, while police put the crowd at about 4,000."
    )
    assert by(summary, "Organisers") and by(summary, "police")
    none = run("The council put the plan to a vote at its next meeting.")
    assert not by(none, "council")


def test_a_quotation_split_by_its_attribution_is_joined_and_a_quote_after_goes_on() -> None:
    summary = run(
        '"We wrote to the council in May," said Lena Ortiz, who runs the bakery. '
        '"Nobody answered."\n\n'
        "Marco Ruiz, a ferryman, said the water came at night. "
        '"It was up to my knees in minutes."\n\n'
        '"The pumps failed," said Ana Vidal.\n\nThe road reopened on Friday.'
    )
    ortiz = by(summary, "Lena Ortiz")
    assert ortiz and ortiz[0].quote == "We wrote to the council in May ... Nobody answered"
    assert "Nobody answered" in ortiz[0].evidence
    ruiz = by(summary, "Marco Ruiz")
    assert ruiz and ruiz[0].quote == "It was up to my knees in minutes"
    vidal = by(summary, "Ana Vidal")
    assert vidal and vidal[0].quote == "The pumps failed"


def test_described_is_a_claim_unless_it_only_announces_the_account_that_follows() -> None:
    summary = run(
        "Neighbours described a column of smoke that rose over the port for hours.\n\n"
        "Police are looking for a man described as tall and bearded.\n\n"
        "The head of the clinic, Dr. Ines Palma, reported a different figure. "
        '"We have nine dead here," she told the Harbour Gazette.'
    )
    assert by(summary, "Neighbours")
    assert not by(summary, "man")
    palma = by(summary, "Ines Palma")
    assert [a.quote for a in palma] == ["We have nine dead here"]
    assert palma[0].channel == "told_news_agency"


def test_declared_or_recalled_with_a_thing_after_it_is_an_act_not_a_claim() -> None:
    summary = run(
        "The governor declared a curfew in the district.\n\n"
        "The neighbouring state recalled its envoy on Friday.\n\n"
        "The mayor declared that the dam would hold."
    )
    assert not by(summary, "governor")
    assert not by(summary, "state")
    assert [a.claim for a in by(summary, "mayor")] == ["The dam would hold."]


def test_what_someone_called_a_thing_is_their_claim() -> None:
    summary = run(
        "Agents raided three warehouses, seizing what Sheriff Dana Moss called the largest "
        "haul of stolen copper in the state.\n\n"
        "The Pacific Seismic Survey put the magnitude at 6.1.\n\n"
        "Nobody knows what the council said about it."
    )
    assert [a.speaker for a in by(summary, "Dana Moss")] == ["Dana Moss"]
    assert by(summary, "Pacific Seismic Survey")
    assert not by(summary, "council")


def test_the_body_is_the_body_and_one_of_a_group_is_an_aside() -> None:
    summary = run(
        "Army spokesman Col. Omar Diallo said two bridges had been repaired. "
        "The army also said its aircraft had struck depots east of the town.\n\n"
        "Clerk Nora Haddad, 31, one of the four who walked out, told the Valley Echo that "
        "the gunmen had locked the doors."
    )
    army = [a for a in summary.attributions if "aircraft" in a.claim]
    assert army and army[0].speaker == "army"
    haddad = by(summary, "Nora Haddad")
    assert haddad and haddad[0].channel == "told_news_agency"


def test_single_quotation_marks_british_style() -> None:
    summary = run(
        "'We will rebuild every house,' the mayor said. 'It will take years.'\n\n"
        "‘We don’t know how many are missing,’ said Joan Pike, a councillor."
    )
    mayor = by(summary, "mayor")
    assert mayor and mayor[0].quote == "We will rebuild every house ... It will take years"
    assert mayor[0].claim == "We will rebuild every house."
    pike = by(summary, "Joan Pike")
    assert pike and pike[0].quote == "We don’t know how many are missing"


def test_said_to_be_is_hearsay_not_a_claim() -> None:
    summary = run("The gunman, said to be in his forties, was arrested at the scene.")
    assert not by(summary, "gunman")

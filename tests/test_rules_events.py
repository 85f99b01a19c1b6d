"""The rules' events on invented articles: responses, plans, and long stories.

Every sentence here is written for these tests; each test names the error class it guards.
"""

from __future__ import annotations

import datetime as dt

import summarizer
from summarizer.schema import ArticleSummary

RULES = summarizer.Settings(provider="rules")
SATURDAY = dt.date(2024, 6, 15)


def run(text: str, ref: dt.date | None = SATURDAY) -> ArticleSummary:
    record = summarizer.summarize_text(text, reference_date=ref, settings=RULES)
    assert record.result is not None, record.error
    return record.result


def kinds(summary: ArticleSummary) -> list[str]:
    return [str(e.kind) for e in summary.events]


def test_a_response_in_its_own_sentence_is_its_own_event() -> None:
    summary = run(
        "Rockets hit the town of Dorvel on Thursday, killing three people.\n\n"
        "The army said its artillery struck launch positions across the river in response.\n"
    )
    assert len(summary.events) == 2, summary.events
    first, answer = summary.events
    assert "Dorvel" in first.description and "army" not in first.actors
    assert "launch positions" in answer.description and answer.actors == ["army"]


def test_a_counter_offensive_told_after_an_attack_does_not_swallow_it() -> None:
    summary = run(
        "Gunmen attacked the village of Amsel on Thursday, killing 12 people.\n\n"
        "The army said its troops killed 15 militants in a counter-offensive near the "
        "village on Thursday evening.\n"
    )
    assert kinds(summary) == ["attack", "armed_clash"], summary.events
    by_group = {c.group: c.event for c in summary.casualties}
    assert by_group["militants"] == 1 and by_group["people"] == 0


def test_an_event_still_to_come_after_its_trigger_is_no_event() -> None:
    summary = run(
        "Police fired tear gas at a march in the capital on Thursday.\n\n"
        "Organisers said another march would be held next week. A rally by farmers is "
        "planned for Friday, and a sit-in at the ministry was called off.\n"
    )
    assert len(summary.events) == 1, summary.events
    assert "tear gas" in summary.events[0].description


def test_an_answer_of_another_violent_kind_is_not_merged_into_the_attack() -> None:
    summary = run(
        "Fighters opened fire on a checkpoint outside Bresk, the governor said.\n\n"
        "Gunmen on foot attacked the nearby hamlet of Ulme on Thursday, killing four "
        "farmers.\n\n"
        "The army said its soldiers killed nine fighters in a counter-offensive in the hills "
        "on Thursday night.\n"
    )
    assert kinds(summary) == ["attack", "armed_clash"], summary.events
    assert [e.date for e in summary.events] == ["2024-06-13", "2024-06-13"]


def test_during_a_days_event_dates_the_incident() -> None:
    summary = run(
        "Gunmen attacked a polling station in Virel during Thursday's local elections, "
        "killing two voters.\n"
    )
    assert [e.date for e in summary.events] == ["2024-06-13"]


def test_a_follow_up_lede_tells_the_incident_and_its_toll_day_is_not_its_day() -> None:
    summary = run(
        "Toll in Merrow bridge collapse climbs to six\n\n"
        "The death toll from the collapse of a two-lane road bridge over the Ardle river "
        "climbed to six on Friday, the county said.\n\n"
        "The bridge, which carried about 9,000 vehicles a day, gave way at rush hour on "
        "Wednesday. The county engineer said the contractor had been detained.\n"
    )
    assert kinds(summary) == ["disaster_or_accident", "arrest"], summary.events
    collapse = summary.events[0]
    assert "Ardle" in collapse.description  # the body, not the headline
    assert collapse.date == "2024-06-12"


def test_hours_later_a_blast_of_a_fitting_kind_is_a_second_incident() -> None:
    summary = run(
        "A suicide bomber blew himself up at a bus depot in Harran on Friday, killing "
        "eight passengers.\n\n"
        "About three hours later, a car bomb exploded outside a police station across "
        "town, killing two officers.\n"
    )
    assert kinds(summary) == ["suicide_bombing", "remote_explosive"], summary.events
    assert summary.events[1].date == "2024-06-14"
    by_group = {c.group: c.event for c in summary.casualties}
    assert by_group["passengers"] == 0 and by_group["officers"] == 1


def test_an_overnight_retelling_of_the_flood_is_not_a_second_flood() -> None:
    summary = run(
        "Flash floods swept through villages in the Orve valley on Thursday, killing 11 "
        "people.\n\n"
        "Most of the dead were in Kessin, where the Orve river burst its banks overnight.\n"
    )
    assert kinds(summary) == ["disaster_or_accident"], summary.events


def test_rebels_storming_a_base_in_a_headline_is_no_storm() -> None:
    summary = run(
        "Rebels storm army post in Kelvar, killing nine soldiers\n\n"
        "Rebels stormed an army post near Duran on Wednesday, killing nine soldiers.\n"
    )
    assert kinds(summary) == ["attack"], summary.events


def test_the_actor_is_the_force_not_its_town_nor_its_machines() -> None:
    summary = run(
        "Police in Varno arrested four men on Thursday over a bank robbery.\n\n"
        "In the south, army jets bombed a rebel camp on Friday, the army said.\n"
    )
    assert [e.actors for e in summary.events] == [["Police"], ["army"]], summary.events


def test_a_lede_toll_of_the_disasters_told_is_current_and_of_no_single_event() -> None:
    summary = run(
        "Floods and landslides set off by two weeks of rain have killed at least 19 people "
        "in the Ostra region, the disaster agency said on Friday.\n\n"
        "The Velna river burst its banks on Tuesday evening, flooding the town of Mirsk.\n\n"
        "In the village of Hode, a landslide buried four houses on Wednesday, killing "
        "seven people.\n\n"
        "Residents of Mirsk blocked the main road on Friday morning to protest the slow "
        "delivery of aid.\n"
    )
    assert kinds(summary) == ["disaster_or_accident", "disaster_or_accident", "protest"]
    assert [e.date for e in summary.events] == ["2024-06-11", "2024-06-12", "2024-06-14"]
    toll = [c for c in summary.casualties if c.killed and c.killed.value == 19]
    assert toll and toll[0].event is None, summary.casualties
    assert summary.events[2].actors == ["Residents of Mirsk"]


def test_kinds_an_exchange_of_fire_is_a_clash_and_a_fire_at_a_club_a_fire() -> None:
    clash = run("Soldiers and rebels exchanged fire for hours near the town of Kesh on Tuesday.\n")
    assert kinds(clash) == ["armed_clash"], clash.events
    fire = run("A fire at a crowded nightclub in Varno killed 31 people early on Sunday.\n")
    assert kinds(fire) == ["disaster_or_accident"], fire.events
    assert fire.events[0].date == "2024-06-09"


def test_a_days_operation_named_in_other_words_dates_the_raid() -> None:
    summary = run(
        "Security forces killed five suspected militants in a raid on a hideout in "
        "Tuesday's operation.\n"
    )
    assert [e.date for e in summary.events] == ["2024-06-11"], summary.events


def test_a_paragraph_that_opens_with_a_day_tells_an_incident_of_that_day() -> None:
    summary = run(
        "A second night of rioting hit the suburbs of Arnholt on Friday, police said.\n\n"
        "On Wednesday night, hundreds of youths gathered outside the town hall, throwing "
        "stones at officers. Several cars and a kiosk were set on fire.\n\n"
        "Friday night's unrest was smaller. A police officer was hurt when a burning van "
        "exploded near the station.\n"
    )
    assert kinds(summary) == ["riot", "riot"], summary.events
    assert [e.date for e in summary.events] == ["2024-06-14", "2024-06-12"]
    officer = [c for c in summary.casualties if "officer" in c.group]
    assert officer and officer[0].event == 0, summary.casualties


def test_an_arrest_on_a_weekday_does_not_make_the_weekday_its_target() -> None:
    summary = run("The driver was arrested on Tuesday, police said.\n")
    assert summary.events and "Tuesday" not in summary.events[0].targets


def test_people_seized_or_a_crew_taken_hostage_is_an_abduction() -> None:
    for text in (
        "Kidnappers seized 14 passengers from a bus near Dorra on Tuesday.\n",
        "Pirates boarded a tanker off Cape Lem on Tuesday and took its 19 crew hostage.\n",
    ):
        summary = run(text)
        assert kinds(summary) == ["abduction"], summary.events
    assert run("Rebels seized two towns and a fuel depot on Tuesday.\n").events == []


def test_a_recalled_incident_does_not_absorb_the_current_one_nor_no_arrests_an_arrest() -> None:
    summary = run(
        "Gunmen kill three at Orlin market\n\n"
        "Gunmen killed three traders at the central market in Orlin on Thursday evening, "
        "police said.\n\n"
        "Last month, a shooting at a bus stop in the same town left five dead.\n\n"
        "No arrests had been made by Friday night.\n"
    )
    assert kinds(summary) == ["attack", "attack"], summary.events
    current, recalled = summary.events
    assert current.date == "2024-06-13" and "traders" in current.description
    assert recalled.date is None and "bus stop" in recalled.description
    links = {c.killed.value: c.event for c in summary.casualties if c.killed}
    assert links == {3: 0, 5: 1}


def test_arrests_at_the_scene_join_the_attack_and_next_morning_ones_are_their_own() -> None:
    summary = run(
        "A man stabbed three shoppers at a mall in Terlin on Wednesday afternoon before he "
        "was arrested at the scene, police said.\n\n"
        "The next morning, officers raided a flat in Terlin and detained his brother.\n"
    )
    assert kinds(summary) == ["attack", "arrest"], summary.events
    assert [e.date for e in summary.events] == ["2024-06-12", "2024-06-13"]


def test_a_counter_demonstration_is_a_second_protest() -> None:
    summary = run(
        "Thousands of teachers marched through Selm on Thursday to demand higher pay. "
        "A few dozen parents held a counter-demonstration outside the town hall.\n"
    )
    assert kinds(summary) == ["protest", "protest"], summary.events


def test_strikes_on_a_place_with_no_other_incident_are_air_strikes() -> None:
    summary = run("Strikes on the port of Halm killed six dock workers on Tuesday.\n")
    assert kinds(summary) == ["air_or_drone_strike"], summary.events
    shelled = run(
        "Artillery shelled the village of Ulme on Tuesday. The strikes on Ulme killed four "
        "people.\n"
    )
    assert kinds(shelled) == ["shelling_artillery_missile_attack"], shelled.events
    assert run("The strike on the railways entered its third day on Tuesday.\n").events == []


def test_two_weapons_of_one_attack_and_police_against_a_crowd() -> None:
    combined = run("A missile and drone attack on Vesk overnight killed nine people.\n")
    assert len(combined.events) == 1, combined.events
    crowd = run("Police clashed with stone-throwing youths in Arvo on Tuesday night.\n")
    assert kinds(crowd) == ["riot"], crowd.events

"""The rules' casualty records, by what they give on the public API: sentences written for
these tests (no fixture's sentences), one error class each."""

from __future__ import annotations

import datetime as dt

import summarizer
from summarizer.schema import ArticleSummary, Casualty

RULES = summarizer.Settings(provider="rules")
LEDE = "A gas explosion tore through a depot in the town of Varo on Monday."


def run(*paragraphs: str) -> ArticleSummary:
    text = "\n\n".join([LEDE, *paragraphs])
    record = summarizer.summarize_text(text, reference_date=dt.date(2024, 6, 15), settings=RULES)
    assert record.result is not None, record.error
    return record.result


def counts(c: Casualty) -> tuple[int | None, int | None, int | None]:
    return tuple(x.value if x else None for x in (c.killed, c.injured, c.missing))  # type: ignore[return-value]


def table(summary: ArticleSummary) -> list[tuple[str, tuple[int | None, ...], str | None]]:
    return [(c.group, counts(c), c.reported_by) for c in summary.casualties]


def test_a_death_toll_put_at_a_figure_is_a_killed_count() -> None:
    summary = run(
        "The regional health office later put the death toll at 13, the radio said.",
    )
    assert table(summary) == [("people", (13, None, None), "regional health office")]


def test_a_toll_and_the_wounded_of_one_source_are_one_record() -> None:
    summary = run(
        "In a statement, the Interior Ministry put the death toll at six and said 21 people"
        " were wounded.",
    )
    assert table(summary) == [("people", (6, 21, None), "Interior Ministry")]


def test_n_of_them_hurt_counts_the_people_named_before_it() -> None:
    summary = run("Rescuers pulled 19 boys out alive, 12 of them with injuries, the mayor said.")
    assert table(summary) == [("boys", (None, 12, None), "mayor")]


def test_people_who_are_no_figure_give_their_name_not_their_count() -> None:
    summary = run(
        "Thirty other workers in the shaft reached the surface, three of them with minor"
        " injuries, the company said.",
    )
    assert table(summary) == [("other workers", (None, 3, None), "company")]


def test_a_bare_remainder_is_of_the_people_counted_before_it() -> None:
    summary = run(
        "Officials said 300 inmates had escaped, 90 of whom were recaptured, leaving 210 still"
        " at large.",
    )
    assert table(summary) == [("inmates", (None, None, 210), "Officials")]


def test_a_bare_count_after_a_figure_still_joins_it() -> None:
    summary = run("Police said the blast killed 5 people and wounded 30 others.")
    assert table(summary) == [("people", (5, 30, None), "Police")]


def test_none_of_a_counted_group_is_a_zero_not_a_count() -> None:
    summary = run("None of the 19 crew members was hurt, the owner said.")
    assert table(summary) == [("crew members", (0, 0, None), "owner")]


def test_none_of_its_own_people_names_whose_they_are() -> None:
    summary = run("The rebels said none of their own fighters had been killed.")
    assert table(summary) == [("fighters of rebels", (0, None, None), "rebels")]


def test_no_other_injuries_is_a_zero_for_people() -> None:
    summary = run("Two workers were slightly hurt. No other injuries were reported.")
    assert [(g, n) for g, n, _ in table(summary)] == [
        ("workers", (None, 2, None)),
        ("people", (None, 0, None)),
    ]


def test_things_seized_are_no_missing_people() -> None:
    summary = run(
        "Officers seized more than 3 million counterfeit pills and about $200,000 in cash,"
        " police said."
    )
    assert summary.casualties == []
    assert table(run("Gunmen raided a farm and captured 12 villagers, police said.")) == [
        ("villagers", (None, None, 12), "police")
    ]


def test_burns_and_named_hospitals_are_injuries() -> None:
    summary = run(
        "Two firefighters suffered minor burns, spokesman Jon Berg said.",
        "The health department said 40 people had been admitted to Varo Central Hospital.",
    )
    assert [(g, n) for g, n, _ in table(summary)] == [
        ("firefighters", (None, 2, None)),
        ("people", (None, 40, None)),
    ]


def test_people_from_an_organisation_are_still_people() -> None:
    summary = run(
        "Four firefighters from the Varo Volunteer Fire Brigade were among the injured,"
        " Chief Ana Ruiz said."
    )
    assert table(summary)[0][:2] == (
        "firefighters from the Varo Volunteer Fire Brigade",
        (None, 4, None),
    )


def test_a_speaker_before_said_is_not_the_victim() -> None:
    summary = run(
        "A local official, who asked not to be named, said the guard had been taken to"
        " hospital with burns."
    )
    assert table(summary) == [("guard", (None, 1, None), "local official")]


def test_the_person_killed_is_a_record() -> None:
    summary = run("The driver was killed, police said.")
    assert table(summary) == [("driver", (1, None, None), "police")]


def test_a_part_in_an_aside_and_its_whole_are_both_records() -> None:
    summary = run(
        "The health office said 30 people, including eight children, had been treated at"
        " Varo General Hospital for injuries, five of them with burns."
    )
    assert table(summary) == [
        ("people", (None, 30, None), "health office"),
        ("children", (None, 8, None), "health office"),
        ("people", (None, 5, None), "health office"),
    ]


def test_a_group_they_said_were_killed_keeps_its_group() -> None:
    summary = run("The movement named three of its members they said were killed in the blast.")
    assert table(summary) == [("members of movement", (3, None, None), "movement")]


def test_people_taken_keep_a_group_the_lists_do_not_know() -> None:
    summary = run("Two cooks had also been taken from the staff quarters, the police said.")
    assert table(summary) == [("cooks", (None, None, 2), "police")]


def test_remained_missing_is_missing_and_joins_the_dead() -> None:
    summary = run(
        "Eight people were confirmed dead and 20 others remained missing, the coast guard said."
    )
    assert table(summary) == [("people", (8, None, 20), "coast guard")]


def test_a_toll_from_another_source_is_its_own_record() -> None:
    summary = run(
        "The mayor said 14 people were wounded.",
        "A police officer, who asked not to be named, put the death toll at 25.",
    )
    assert table(summary) == [
        ("people", (None, 14, None), "mayor"),
        ("people", (25, None, None), "police officer"),
    ]


def test_a_count_in_quotes_of_the_speakers_own_people() -> None:
    summary = run(
        'The union said on Facebook that "at least 11 of our members" were still under the rubble.',
        '"Four of our guards fell as martyrs," the company said.',
    )
    assert table(summary) == [
        ("members of union", (None, None, 11), "union"),
        ("guards of company", (4, None, None), "company"),
    ]


def test_a_part_of_one_named_with_the() -> None:
    summary = run(
        "The bus fell into a river, killing nine people, including the driver, police said."
    )
    assert table(summary) == [
        ("people", (9, None, None), "police"),
        ("driver", (1, None, None), "police"),
    ]


def test_no_one_in_a_place_names_the_people_there() -> None:
    summary = run("Residents said no one in the village was hurt.")
    assert table(summary) == [("people in the village", (0, 0, None), "Residents")]


def test_no_one_hurt_at_a_protest_is_the_protesters() -> None:
    record = summarizer.summarize_text(
        "Protesters marched through Varo on Monday against a fuel tax.\n\n"
        "The march was peaceful and no one was hurt, police said.",
        reference_date=dt.date(2024, 6, 15),
        settings=RULES,
    )
    assert record.result is not None
    assert table(record.result) == [("protesters", (0, 0, None), "police")]


def test_a_toll_since_revised_and_its_increase_give_no_record() -> None:
    summary = run(
        "The coast guard said 14 people had died. The toll had stood at ten on Saturday night,"
        " before divers recovered four more bodies."
    )
    assert table(summary) == [("people", (14, None, None), "coast guard")]


def test_a_hyphenated_count_word_starts_a_figure() -> None:
    summary = run("Twenty-two people had died, the mayor said.")
    assert table(summary) == [("people", (22, None, None), "mayor")]


def test_who_gives_a_toll_is_its_source_and_two_sources_are_two_records() -> None:
    summary = run(
        "The Interior Ministry put the death toll at 12, and the Red Cross later raised its"
        " death toll to 19."
    )
    assert table(summary) == [
        ("people", (12, None, None), "Interior Ministry"),
        ("people", (19, None, None), "Red Cross"),
    ]


def test_a_toll_revised_by_one_source_is_one_record() -> None:
    summary = run(
        "The coast guard said 9 people had died.",
        "On Monday the coast guard raised the death toll to 11.",
    )
    assert table(summary) == [("people", (11, None, None), "coast guard")]


def test_one_person_named_in_the_singular_is_a_record() -> None:
    summary = run(
        "A night watchman was killed and at least 27 people were injured in the town, police said."
    )
    assert [(g, n) for g, n, _ in table(summary)] == [
        ("night watchman", (1, None, None)),
        ("people", (None, 27, None)),
    ]


def test_the_wounded_were_a_list_of_groups() -> None:
    summary = run("The wounded were three students and a teacher, the police chief said.")
    assert table(summary) == [
        ("students", (None, 3, None), "police chief"),
        ("teacher", (None, 1, None), "police chief"),
    ]


def test_a_person_after_and_with_an_outcome_of_their_own() -> None:
    summary = run(
        "Four people were taken, including a driver, and a guard was shot dead while trying to"
        " flee, police said."
    )
    assert table(summary) == [
        ("people", (None, None, 4), "police"),
        ("driver", (None, None, 1), "police"),
        ("guard", (1, None, None), "police"),
    ]


def test_among_those_treated_is_a_part_of_the_injured() -> None:
    summary = run("Among those treated were about a dozen bystanders, the medics said.")
    assert table(summary) == [("bystanders", (None, 12, None), "medics")]

"""Casualty figures: numbers next to killed/injured/missing words, explicit zeros, subgroups.

One record per group per event per reporting source (SCHEMA.md). A figure's event is the
event its sentence states, else the one the sentence just before it states; its source is
the sentence's speaker.
"""

from __future__ import annotations

import re

from summarizer.language.dates import MONTH_NAME, find_dates
from summarizer.providers.rules.figures import Figure, figures_in, norm_group
from summarizer.providers.rules.lexicon import BACKGROUND, TROOPS
from summarizer.providers.rules.text import Sentence, evidence
from summarizer.schema import Casualty, Event


def build_casualties(
    text: str,
    sents: list[Sentence],
    events: list[Event],
    sentence_event: dict[int, int],
    reporters: dict[int, str],
) -> list[Casualty]:
    """Casualty records, merged per group, event and source."""
    records: list[tuple[Figure, int | None, str | None]] = []
    before: list[Figure] = []
    before_source: str | None = None
    last_event: int | None = None
    last_paragraph = -9
    # Arrests, deployments and deals rarely have casualties: figures go to an incident.
    incidents = [i for i, e in enumerate(events) if e.kind not in _NO_CASUALTY_KINDS]
    for sentence in sents:
        if sentence.injected:
            continue
        # Outside the event's own sentence, only the next paragraph inherits the event.
        recent = last_event if sentence.paragraph - last_paragraph <= 1 else None
        event = sentence_event.get(sentence.index, recent)
        if sentence.index not in sentence_event and (
            _CUMULATIVE.search(sentence.text)
            or BACKGROUND.search(sentence.text)
            or any(d.background for d in find_dates(sentence.text, None))
        ):
            event = None  # "23 civilian deaths since August", "In 2019, ...": no reported incident
        elif event is None and incidents:
            event = incidents[0]  # a toll with no incident named is the main incident's
        elif event is None and len(events) == 1:
            event = 0
        targets = events[event].targets if event is not None else []
        # "No one was hurt" counts the people of the incident, if its target names people.
        target = next((t for t in targets if _PEOPLE.search(t)), None)
        source = reporters.get(sentence.index)
        found = figures_in(sentence, target, before)
        for figure in found:
            if figure.possessor and source:
                figure.group = f"{figure.group} of {source}"  # "100 of its members"
            if figure.follows and source is None:
                records.append((figure, event, before_source))  # the source goes on
                continue
            records.append((figure, event, source))
        if found:
            before, before_source = found, source
        linked = sentence_event.get(sentence.index)
        if linked is not None and linked in incidents:
            last_event, last_paragraph = linked, sentence.paragraph
    return _merge(text, _without_restated_headline(records))


_PEOPLE = re.compile(
    rf"\b(?:{TROOPS}|personnel|crews?|workers|people|civilians|passengers|residents"
    r"|police|officers|guards|staff|members|militants|pupils|students|children|patrols?"
    r"|convoys?|villagers|worshippers|shoppers|protesters|sailors|marines)\b",
    re.IGNORECASE,
)
_NO_CASUALTY_KINDS = frozenset({"arrest", "troop_movement", "agreement"})
# A running total rather than one incident's toll.
_CUMULATIVE = re.compile(
    rf"\b(?:since (?:{MONTH_NAME}|the (?:start|beginning)|(?:19|20)\d\d)|so far this year|this year"
    r"|in recent (?:years|months|weeks)|a tally|in total over)\b",
    re.IGNORECASE,
)


def _without_restated_headline(
    records: list[tuple[Figure, int | None, str | None]],
) -> list[tuple[Figure, int | None, str | None]]:
    """Drop headline figures the body states again ("kills 14" above "at least 14 worshippers")."""
    body = [f for f, _, _ in records if not f.sentence.headline]
    out = []
    for record in records:
        figure = record[0]
        if figure.sentence.headline and figure.counts:
            # "Dozens injured" above "injuring 43 people": a vague count the body makes exact.
            restated = all(
                any(
                    slot in b.counts
                    and (
                        b.counts[slot].value == c.value
                        or (c.precision == "approximate" and b.counts[slot].value >= c.value > 0)
                    )
                    for b in body
                )
                for slot, c in figure.counts.items()
            )
            if restated:
                continue
        out.append(record)
    return out


def _counted(figure: Figure, merged: list[tuple[Figure, int | None, str | None]]) -> bool:
    """Whether "the <person>" is one already counted in the sentences just before."""
    for other, _, _ in merged:
        same = norm_group(other.group) == norm_group(figure.group)
        close = 0 < figure.sentence.index - other.sentence.index <= 2
        if same and close and all(c.value == 1 for c in other.counts.values()):
            for slot, count in figure.counts.items():
                other.counts.setdefault(slot, count)
            return True
    return False


def _near(a: Figure, b: Figure) -> bool:
    """Same or adjacent sentence, or one is the headline."""
    return (
        a.sentence.headline or b.sentence.headline or abs(a.sentence.index - b.sentence.index) <= 1
    )


def _same_source(a: str, b: str) -> bool:
    """'Red Crescent spokeswoman' and 'national Red Crescent' speak for one organisation."""
    a, b = norm_group(a), norm_group(b)
    if a == b or a in b or b in a:
        return True
    for one, other in ((a, b), (b, a)):
        words = [w for w in one.split() if w not in _SOURCE_FILLER]
        for i in range(len(words) - 1):
            pair = f"{words[i]} {words[i + 1]}"
            if re.search(rf"\b{re.escape(pair)}\b", other):
                return True
    return False


# Words too common in sources to show that two are one ("the", "spokesman", "for").
_SOURCE_FILLER = frozenset(
    {"the", "a", "an", "of", "for", "and", "in", "at", "spokesman", "spokeswoman", "spokesperson"}
    | {"director", "head", "chief", "official", "officials", "national", "regional", "state"}
    | {"local", "provincial", "district", "city", "county", "federal", "senior", "police"}
)


def _merge(text: str, records: list[tuple[Figure, int | None, str | None]]) -> list[Casualty]:
    merged: list[tuple[Figure, int | None, str | None]] = []
    for figure, event, source in records:
        if figure.anaphoric and _counted(figure, merged):
            continue  # "a farmer was injured ... the farmer was taken to hospital": one person
        if figure.ordinal:
            merged.append((figure, event, source))  # "a second escort": someone else
            continue
        parents = [m for m in merged if not m[0].subgroup]
        if norm_group(figure.group) in {"others", "other", "more"} and parents:
            # "Four others were wounded": the people of the figure just before.
            last, _, l_source = parents[-1]
            free = not set(figure.counts) & set(last.counts)
            if free and l_source == source and figure.sentence.index - last.sentence.index <= 1:
                last.counts.update(figure.counts)
                continue
        for i, (other, o_event, o_source) in enumerate(merged):
            same_group = norm_group(other.group) == norm_group(figure.group)
            if not same_group or o_event != event or other.ordinal:
                continue
            if source and o_source and not _same_source(source, o_source):
                continue
            if bool(source) != bool(o_source) and not _near(figure, other):
                continue  # an unattributed figure restates only its neighbours' source
            if any(
                slot in other.counts and other.counts[slot].value != count.value
                for slot, count in figure.counts.items()
            ):
                continue
            if other.sentence.headline and not figure.sentence.headline:
                # The body states a figure more carefully than a headline ("at least").
                other.counts.update(figure.counts)
                other.sentence, other.focus = figure.sentence, figure.focus
            else:
                other.counts.update(
                    {k: v for k, v in figure.counts.items() if k not in other.counts}
                )
            merged[i] = (other, event, o_source or source)
            break
        else:
            merged.append((figure, event, source))
    out = []
    for figure, event, source in merged:
        out.append(
            Casualty(
                group=figure.group,
                killed=figure.counts.get("killed"),
                injured=figure.counts.get("injured"),
                missing=figure.counts.get("missing"),
                event=event,
                reported_by=source,
                evidence=evidence(text, figure.sentence, figure.focus),
            )
        )
    return out

"""Casualty records: one per group of people, per incident, per reporting source.

A figure belongs to the incident its own clause or sentence tells, else to the one the
sentences just before it tell; a running total ("since <month>") and history belong to
none. Its source is the speaker of its sentence. Figures of one group, incident and source
are one record (the latest toll when a source revises it); a subgroup ("N of them
<group>") is a record of its own, never added to the total.
"""

from __future__ import annotations

import re
from dataclasses import replace

from summarizer.language.dates import find_dates
from summarizer.providers.rules.engine import RULES, Count
from summarizer.providers.rules.events import Events
from summarizer.providers.rules.figures import Figure, figures_in, one_excerpt
from summarizer.providers.rules.mentions import clause
from summarizer.providers.rules.phrases import strip_determiner
from summarizer.providers.rules.sentences import Sentence, evidence
from summarizer.schema import Casualty, Event, EventKind
from summarizer.schema import Count as SchemaCount

MAX_RECORDS = 60
_QUIET = frozenset({EventKind.arrest, EventKind.troop_movement, EventKind.agreement})


def norm(group: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", group.lower()).strip()


def _running_total(sentence: Sentence) -> bool:
    tokens = sentence.tokens
    if RULES.lexicon.within(tokens, 0, len(tokens), "cumulative"):
        return True
    return any(True for rule in RULES.rules("context", "cumulative") for _ in rule.find(tokens))


def _event_of(figure: Figure, events: Events, recent: int | None) -> int | None:
    """The incident a figure belongs to: a mention in its clause, else in its sentence,
    else the incident the sentences just before told."""
    sentence = figure.sentence
    here = [(i, e) for i, e in events.in_sentence(sentence.index)]
    if here:
        left, right = clause(sentence.tokens, figure.at)
        own = [(i, e) for i, e in here if left <= i < right]
        if not own and (_running_total(sentence) or _recalled(sentence)):
            return None  # "<incident> ..., but <group> have killed N in recent years"
        if len({e for _, e in own}) > 1 and all(i < figure.at for i, _ in own):
            return None  # "<floods> and <landslides> have killed N": a toll of several
        pool = own or here
        # "<incident> in response to <another> that killed N": the other incident's toll.
        pool = [(i, e) for i, e in pool if not _caused_between(sentence, i, figure.at)]
        if not pool:
            return None
        return min(pool, key=lambda p: (p[0] > figure.at, abs(p[0] - figure.at)))[1]
    if _running_total(sentence) or _recalled(sentence):
        return None
    return recent


def _caused_between(sentence: Sentence, a: int, b: int) -> bool:
    return a < b and RULES.lexicon.within(sentence.tokens, a, b, "cause")


def _recalled(sentence: Sentence) -> bool:
    """A figure in history ("N years ago", "last year", "in <year>") with no incident told."""
    if RULES.lexicon.within(sentence.tokens, 0, len(sentence.tokens), "background"):
        return True
    dates = find_dates(sentence.text, None)
    return any(d.background for d in dates)


def build_casualties(
    text: str,
    sents: list[Sentence],
    events: Events,
    reporters: dict[int, str],
) -> list[Casualty]:
    """Casualty records, merged per group, incident and source."""
    records: list[tuple[Figure, int | None, str | None]] = []
    recent: int | None = None
    recent_paragraph = -9
    current = [i for i, d in enumerate(events.drafts) if not d.background]
    main = next((i for i in current if events.drafts[i].kind not in _QUIET), None)
    list_source: str | None = None
    previous: list[Figure] = []
    previous_paragraph = -9
    for sentence in sents:
        if sentence.injected:
            continue
        if sentence.paragraph - recent_paragraph > 1:
            recent = None
        mentioned = [e for _, e in events.in_sentence(sentence.index)]
        fallback = recent if recent is not None else (main if not sentence.headline else None)
        source = reporters.get(sentence.index)
        if source is None and list_source and sentence.text.lstrip()[:1] in "•*-–—·":
            source = list_source  # a bullet of a list a speaker introduced with a colon
        list_source = source if sentence.text.rstrip().endswith(":") else list_source
        before = previous if sentence.paragraph - previous_paragraph <= 1 else []
        figures = _joined(figures_in(sentence, before), before)
        for figure in figures:
            by = figure.subject or source  # who gives a toll, else who speaks
            if figure.possessed and by:
                figure.group = f"{figure.group} of {strip_determiner(by)}"
            event = _event_of(figure, events, fallback)
            if figure.zero and not figure.group:
                figure.group = _victims(events.events, event)
            records.append((figure, event, by))
        if figures:
            previous, previous_paragraph = figures, sentence.paragraph
        loud = [
            e
            for e in mentioned
            if events.drafts[e].kind not in _QUIET and not events.drafts[e].background
        ]
        if loud:
            recent, recent_paragraph = loud[-1], sentence.paragraph
        elif any(events.drafts[e].background for e in mentioned):
            recent = None
    return _merge(text, _without_restated_headline(records))[:MAX_RECORDS]


def _joined(figures: list[Figure], before: list[Figure]) -> list[Figure]:
    """ "killing N <group> and wounding M others": a figure with no people of its own joins
    the figure before it, in its sentence or the one before."""
    out: list[Figure] = []
    for figure in figures:
        parents = [f for f in [*before, *out] if not f.subgroup and not f.zero]
        if figure.inherit and parents:
            parent = parents[-1]
            slot = next(iter(figure.counts))
            if slot in parent.counts and figure.group.lower() == "more":
                continue  # "N more bodies were found": an increase, not a figure
            if slot not in parent.counts and _joinable(parent, figure, [slot]):
                parent.take(figure, [slot])
                continue
            figure.group = parent.group
        elif figure.inherit and figure.group.lower() == "more" and "killed" in figure.counts:
            continue  # "N more bodies were found" with no toll to add to: an increase
        out.append(figure)
    return out


def _victims(events: list[Event], event: int | None) -> str:
    """Whom a "nobody was hurt" counts: the people the incident was aimed at, if named."""
    if event is not None:
        for target in events[event].targets:
            if RULES.lexicon.has(target.split()[-1], "people"):
                return target
        if events[event].kind == EventKind.protest:
            return "protesters"  # a protest's own people, unless someone else is named
    return "people"


def _without_restated_headline(
    records: list[tuple[Figure, int | None, str | None]],
) -> list[tuple[Figure, int | None, str | None]]:
    """Headline figures the body states again give no record of their own."""
    body = [f for f, _, _ in records if not f.sentence.headline]
    out = []
    for record in records:
        figure = record[0]
        if figure.sentence.headline and not figure.zero:
            restated = all(
                any(slot in b.counts and (b.counts[slot].value == c.value or
                    (c.precision == "approximate" and b.counts[slot].value >= c.value > 0))
                    for b in body)
                for slot, c in figure.counts.items()
            )  # fmt: skip
            if restated:
                continue
        out.append(record)
    return out


def _same_source(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    x, y = norm(a), norm(b)
    return x == y or x in y or y in x


def _joinable(figure: Figure, other: Figure, slots: list[str]) -> bool:
    """Whether ``figure`` can take ``other``'s counts for ``slots`` and still have one
    excerpt that states all of its counts."""
    trial = replace(figure, counts=dict(figure.counts), elsewhere=dict(figure.elsewhere))
    trial.take(other, slots)
    return one_excerpt(trial.told_in())


def _merge(text: str, records: list[tuple[Figure, int | None, str | None]]) -> list[Casualty]:
    merged: list[tuple[Figure, int | None, str | None]] = []
    by_key: dict[tuple[str, int | None], list[int]] = {}  # (group, event) -> indexes in merged

    def add(record: tuple[Figure, int | None, str | None]) -> None:
        by_key.setdefault((norm(record[0].group), record[1]), []).append(len(merged))
        merged.append(record)

    for figure, event, source in records:
        key = (norm(figure.group), event)
        for i in by_key.get(key, []):
            other, _, o_source = merged[i]
            if other.subgroup != figure.subgroup and not figure.sentence.headline:
                continue
            near = abs(other.sentence.index - figure.sentence.index) <= 1 or (
                other.sentence.headline or figure.sentence.headline
            )
            if not (
                _same_source(source, o_source) or ((source is None or o_source is None) and near)
            ):
                continue
            conflict = any(s in other.counts and other.counts[s].value != c.value
                           for s, c in figure.counts.items())  # fmt: skip
            if conflict and not (figure.toll and _same_source(source, o_source)):
                continue
            if not conflict and set(figure.counts) < set(other.counts):
                pass  # a part told again: the record's excerpt states it all
            elif conflict or other.sentence.headline:
                # The later toll of one source, or the body's more careful wording; the
                # earlier counts it does not restate stay with it when one excerpt states
                # them all, else they stay a record of their own.
                kept = [s for s in other.counts if s not in figure.counts]
                figure.group = other.group
                if kept and _joinable(figure, other, kept):
                    figure.take(other, kept)
                    kept = []
                merged[i] = (figure, event, o_source or source)
                if kept:
                    other.counts = {s: other.counts[s] for s in kept}
                    add((other, event, o_source))
            else:
                new = [s for s in figure.counts if s not in other.counts]
                if new and not _joinable(other, figure, new):
                    continue  # no one excerpt would state both: two records
                other.take(figure, new)
                merged[i] = (other, event, o_source or source)
            break
        else:
            add((figure, event, source))
    return [
        Casualty(
            group=figure.group[:200],
            killed=_count(figure.counts.get("killed")),
            injured=_count(figure.counts.get("injured")),
            missing=_count(figure.counts.get("missing")),
            event=event,
            reported_by=source[:200] if source else None,
            evidence=_evidence(text, figure),
        )
        for figure, event, source in merged
        if figure.counts
    ]


def _evidence(text: str, figure: Figure) -> str:
    """The excerpt that states every count of a record: its sentence (or the clauses
    around the figure), or two sentences in a row."""
    told = figure.told_in()
    if len(told) == 2:
        return text[told[0].start : told[-1].end]
    if told and told[0] is not figure.sentence:
        sentence, at = next(w for w in figure.elsewhere.values() if w[0] is told[0])
        return evidence(text, sentence, sentence.tokens[at].start)
    return evidence(text, figure.sentence, figure.focus)


def _count(count: Count | None) -> SchemaCount | None:
    if count is None:
        return None
    return SchemaCount(value=count.value, precision=count.precision)  # type: ignore[arg-type]


__all__ = ["build_casualties", "norm"]

"""Events: trigger words mapped to an EventKind, mentions of one incident merged.

A sentence can mention several incidents ("a rocket attack ... in retaliation for air
strikes"); each strong trigger is a mention. Mentions of one kind merge into one event
unless a different date or a "separate incident" cue says otherwise. Background mentions
("in February", "a series of", "last year") are left out: they are not what is reported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from summarizer.language.dates import DateMention, find_dates, find_time
from summarizer.providers.rules.event_mentions import Mention, mentions_in, trigger_text
from summarizer.providers.rules.event_parties import assign_blame, participants
from summarizer.providers.rules.event_text import JOINT, description, location
from summarizer.providers.rules.lexicon import (
    ANAPHORA,
    BACKGROUND,
    SEPARATE_INCIDENT,
    VIOLENT_KINDS,
)
from summarizer.providers.rules.text import Sentence, evidence
from summarizer.schema import Event, EventKind

MAX_EVENTS = 6

# A response to the incident by the other side is an incident of its own.
_RESPONSE = re.compile(
    r"\b(?:counter-\w+|in response\b(?! to)|responded|returned fire|hit back|retaliated)",
    re.IGNORECASE,
)
_LATER = re.compile(
    r"\b(?:(?:hours?|minutes?|an hour|moments?) (?:later|earlier|after)|later that (?:day|night)"
    r"|the same (?:day|night|morning|evening)|shortly (?:after|afterwards)|in response"
    r"|within (?:minutes|hours|the hour|an hour)|responded|retaliated|returned fire|hit back)\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will|would|shall|is due to|are due to|was due to|were due to|is expected to"
    r"|are expected to|plans? to|planned to|scheduled to|set to|is to|are to|takes? effect"
    r"|comes? into (?:force|effect)|expires?|ends? at)\b[^,;]*$",
    re.IGNORECASE,
)
_SAID_ON = re.compile(
    r"\b(?:said|says|told|announced|confirmed|reported|added|stated|wrote|posted)\b"
    r"(?:(?!\bthat\b)[^.;,]){0,50}$"
)
_REPORTING_CLAUSE = re.compile(
    r"\b(?:said|says|told|according|announced|confirmed|statement|reported)\b", re.IGNORECASE
)


@dataclass
class Draft:
    kind: EventKind
    mentions: list[Mention] = field(default_factory=list)
    date: DateMention | None = None
    family: str = ""
    response: bool = False  # the other side's answer to an incident ("counter-battery fire")
    blamed: list[str] = field(default_factory=list)  # who claimed it or was blamed for it
    owners: list[str] = field(default_factory=list)  # who says its own forces did it

    @property
    def sentences(self) -> set[int]:
        return {m.sentence.index for m in self.mentions}


def _clause(text: str, at: int) -> tuple[int, int]:
    cuts = [0, *(m.end() for m in re.finditer(r"[,;:]\s+|\s[—–]\s", text)), len(text)]
    left = max(c for c in cuts if c <= at)
    right = min((c for c in cuts if c > at), default=len(text))
    return left, right


def _nearest_date(mention: Mention, dates: list[DateMention]) -> DateMention | None:
    """The time expression of the mention's own clause, else the nearest one that does not
    date a statement ("said on Monday") instead of the incident."""
    text = mention.sentence.text
    # "would appear in court on Friday": a date of what is to come, not of the incident.
    dates = [d for d in dates if not _FUTURE.search(text[max(0, d.start - 50) : d.start])]
    at = mention.start - mention.sentence.start
    # "The army said in a statement on Wednesday that its aircraft struck ...": the day of
    # the statement, not of the strike.
    dates = [d for d in dates if not (d.start < at and _SAID_ON.search(text[: d.start]))]
    if not dates:
        return None
    at = mention.start - mention.sentence.start
    if re.search(r"\btoll\s+(?:from|in|of)\s+(?:\S+\s+){0,8}$", text[:at]):
        return None  # "the toll from the collapse rose to nine on Wednesday": the toll's date
    left, right = _clause(text, at)
    inside = [d for d in dates if d.start >= left and d.end <= right]
    if not inside:
        inside = []
        for d in dates:
            d_left, d_right = _clause(text, d.start)
            if not _REPORTING_CLAUSE.search(text[d_left:d_right]):
                inside.append(d)
    if not inside:
        return None
    return min(inside, key=lambda d: min(abs(d.start - at), abs(d.end - at)))


def _is_background(mention: Mention, date: DateMention | None) -> bool:
    text = mention.sentence.text
    at = mention.start - mention.sentence.start
    left, right = _clause(text, at)
    window = text[max(0, min(left, at - 50)) : right]
    if date is not None and date.background:
        return True
    if re.search(r"\bsince\s+(?:the\s+)?(?:\w+\s+)?$", text[max(0, at - 30) : at]):
        return True  # "since fighting resumed": the history, not the incident
    if re.search(r"\b(?:a|an|the|its|their)\s+(?:19|20)\d\d\s+(?:[\w-]+\s+)?$", text[:at]):
        return True  # "set up under a 2019 truce": a past incident or deal named by its year
    return bool(BACKGROUND.search(window)) and not (date and date.iso)


def build_events(
    text: str, sents: list[Sentence], ref: dt.date | None
) -> tuple[list[Event], dict[int, int]]:
    """Events, main ones first, and a map from sentence index to the event it states."""
    usable = [s for s in sents if not s.injected]
    all_mentions = [mentions_in(s, violent_article=False) for s in usable]
    violent = any(m.kind in VIOLENT_KINDS for ms in all_mentions for m in ms)
    crowd = any(m.kind in _CROWD_KINDS for ms in all_mentions for m in ms)
    drafts: list[Draft] = []
    for sentence in usable:
        dates = find_dates(sentence.text, ref)
        for mention in mentions_in(sentence, violent_article=violent, crowd_article=crowd):
            date = _nearest_date(mention, dates)
            if _is_background(mention, date):
                continue
            _merge(drafts, mention, date)
    # Headline-only events are kept, but body sentences make better evidence.
    drafts.sort(key=lambda d: min(m.start for m in d.mentions))
    assign_blame(drafts, usable)
    drafts = drafts[:MAX_EVENTS]
    sentence_event: dict[int, int] = {}
    events = []
    for i, draft in enumerate(drafts):
        for index in sorted(draft.sentences):
            # A sentence with an arrest and the shooting it followed belongs to the shooting.
            known = sentence_event.get(index)
            if known is None or (
                drafts[known].kind in _QUIET_KINDS and draft.kind not in _QUIET_KINDS
            ):
                sentence_event[index] = i
        events.append(_finish(text, draft, drafts))
    _link_anaphora(usable, drafts, sentence_event)
    return events, sentence_event


def _link_anaphora(usable: list[Sentence], drafts: list[Draft], links: dict[int, int]) -> None:
    """'... claimed the attack': a sentence that names no incident but refers back to one
    belongs to the latest incident before it that is not a response to another."""
    for sentence in usable:
        if sentence.index in links or sentence.headline or not ANAPHORA.search(sentence.text):
            continue
        before = [
            i
            for i, d in enumerate(drafts)
            if not d.response and min(m.sentence.index for m in d.mentions) < sentence.index
        ]
        if before:
            links[sentence.index] = max(
                before,
                key=lambda i: max(
                    m.sentence.index
                    for m in drafts[i].mentions
                    if m.sentence.index < sentence.index
                ),
            )


_CROWD_KINDS = frozenset({EventKind.protest, EventKind.riot})
_QUIET_KINDS = frozenset({EventKind.arrest, EventKind.troop_movement, EventKind.agreement})
# Generic attack words that, after a more specific incident, describe that incident.
_DETAIL_ATTACK = re.compile(
    r"^(?:opened fire|shooting|gunm[ae]n|ambush\w*|stormed|shot dead|shot and killed)$"
)
_VAGUE_DAY = re.compile(r"(?:over|during) ?(?:the )?night|overnight", re.IGNORECASE)
# Who did it, not a new incident: "the kidnappers demanded a ransom on Sunday".
_AGENT_NOUN = re.compile(r"^(?:kidnappers?|abductors?|captors?|hostage-takers?)$")


def _compatible(draft: Draft, mention: Mention, date: DateMention | None) -> bool:
    """Whether ``mention`` can be another mention of the incident ``draft`` holds."""
    if draft.kind is mention.kind:
        return draft.family == mention.family or mention.family == "collapse"
    if draft.kind in _CROWD_KINDS and mention.kind in _CROWD_KINDS:
        return True  # a protest that turns into a riot is one incident
    undated = date is None or date.iso is None
    return (
        mention.kind is EventKind.attack
        and (draft.kind in VIOLENT_KINDS or draft.kind is EventKind.abduction)
        and undated
        and bool(_DETAIL_ATTACK.match(trigger_text(mention)))
    )


def _merge(drafts: list[Draft], mention: Mention, date: DateMention | None) -> None:
    text = mention.sentence.text
    at = mention.start - mention.sentence.start
    left, right = _clause(text, at)
    # "Ardania returned fire after shells from Velsk hit a village": the shells are the
    # incident answered, not the answer.
    for joint in JOINT.finditer(text, left, right):
        if joint.end() <= at:
            left = joint.end()
        elif joint.start() > at:
            right = min(right, joint.start())
    clause = text[left:right]
    response = bool(_RESPONSE.search(clause))
    separate = bool(SEPARATE_INCIDENT.search(clause)) or response
    if _AGENT_NOUN.match(trigger_text(mention)):
        same = [d for d in drafts if d.kind is mention.kind]
        if same:
            same[-1].mentions.append(mention)
            return
    for draft in drafts:
        # A response is never the incident it answers, but it can be told twice.
        if (separate and not (response and draft.response)) or not _compatible(
            draft, mention, date
        ):
            continue
        if date and date.iso and draft.date and draft.date.iso and date.iso != draft.date.iso:
            vague = draft.family == mention.family and _VAGUE_DAY.fullmatch(date.text)
            if not vague:
                continue  # another day, another incident; "overnight" names no day for sure
        draft.mentions.append(mention)
        if draft.date is None or (draft.date.iso is None and date and date.iso):
            draft.date = date
        return
    if mention.quoted and not separate:
        return  # quoted words are colour, unless they tell of a response
    if mention.family == "collapse" and any(d.kind is mention.kind for d in drafts):
        return
    cause = _cause(drafts, mention)
    if cause is not None:
        cause.mentions.append(mention)  # "the aftershock triggered rockfalls": one incident
        return
    if (date is None or date.iso is None) and _LATER.search(text) and drafts:
        # "Hours later, the army struck back": the same day as the incident before it.
        previous = max(drafts, key=lambda d: max(m.start for m in d.mentions))
        date = previous.date or date
    drafts.append(Draft(mention.kind, [mention], date, mention.family, response))


_TRIGGERED = re.compile(
    r"\b(?:triggered|caused|set off|sparked|unleashed)\s+(?:\w+\s+){0,2}$", re.IGNORECASE
)
_OWN_TOLL = re.compile(
    r"\b(?:kill\w*|injur\w*|wound\w*|bur(?:y|ied|ying)|trapp\w*|dead|died|missing|hurt"
    r"|sweeping|swept)\b",
    re.IGNORECASE,
)


def _cause(drafts: list[Draft], mention: Mention) -> Draft | None:
    """The draft of the disaster that set this one off in the same sentence, when this one
    has no toll of its own: "The aftershock triggered rockfalls, forcing rescuers back"."""
    if mention.kind is not EventKind.disaster_or_accident:
        return None
    text = mention.sentence.text
    at = mention.start - mention.sentence.start
    if not _TRIGGERED.search(text[:at]) or _OWN_TOLL.search(text[at:]):
        return None
    for draft in drafts:
        if any(m.sentence.index == mention.sentence.index and m.start < mention.start
               for m in draft.mentions):  # fmt: skip
            return draft
    return None


_CAUSE_OF_ANOTHER = re.compile(r"\b(?:in (?:apparent )?retaliation for|in response to|to avenge)\s")


def _subordinate(mention: Mention) -> bool:
    text = mention.sentence.text
    at = mention.start - mention.sentence.start
    left, _ = _clause(text, at)
    return bool(_CAUSE_OF_ANOTHER.search(text, left, at))


def _finish(text: str, draft: Draft, drafts: list[Draft]) -> Event:
    # The incident's own sentence tells it best: not the headline, nor a clause that names
    # it as the cause of another ("in retaliation for a rocket attack").
    mentions = sorted(draft.mentions, key=lambda m: (m.sentence.headline, _subordinate(m), m.start))
    main = mentions[0]
    sentence = main.sentence
    when = draft.date.text if draft.date else None
    clock = None
    for m in mentions:
        clock = find_time(m.sentence.text)
        if clock:
            break
    if clock and (when is None or clock not in when):
        joint = (
            " " if re.match(r"(?i)(?:before|after|shortly|around|about|at)\b", clock) else " at "
        )
        when = f"{when}{joint}{clock}" if when else clock
    actors, alleged, targets = participants(draft)
    others = [
        m.start - sentence.start
        for d in drafts
        if d is not draft
        for m in d.mentions
        if m.sentence.index == sentence.index
    ]
    return Event(
        kind=draft.kind,
        description=description(sentence.text, main.start - sentence.start, others),
        date=draft.date.iso if draft.date else None,
        when=when,
        location=location(mentions),
        actors=actors,
        alleged_actors=alleged,
        targets=targets,
        evidence=evidence(text, sentence, main.start),
    )

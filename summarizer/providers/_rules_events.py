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

from ..schema import Event, EventKind
from ._rules_dates import DateMention, find_dates, find_time
from ._rules_lexicon import (
    BACKGROUND,
    COMPILED_TRIGGERS,
    GENERIC_DISASTER,
    SEPARATE_INCIDENT,
    VIOLENT_KINDS,
    WEAPON_WORDS,
)
from ._rules_phrases import object_after, places, strip_determiner, subject_before
from ._rules_text import Sentence, evidence

MAX_EVENTS = 6

# Not (yet) an incident: threats, plans, fears, denials of intent.
_UNREAL = re.compile(
    r"\b(?:threat(?:en)?(?:ed|s)?|vow(?:ed|s)?|warn(?:ed|s)?|plan(?:s|ned)?|call(?:ed|s)? for"
    r"|could|would|might|may|will|risk of|fears? of|to prevent|to avoid|to retaliate"
    r"|possible|potential|ready to|prepar\w+ (?:for|to)|urged?|demand(?:ed|s)?|announc\w+|promis\w+"
    r"|pledg\w+|provides? for|envisag\w+|stipulat\w+|under the (?:deal|agreement|truce|ceasefire)"
    r")\s+(?:\w+\s+){0,3}$",
    re.IGNORECASE,
)
# "flood warning", "storm season": talk about a hazard, not an incident.
_NOT_AN_INCIDENT = re.compile(
    r"^\s+(?:warnings?|alerts?|forecasts?|risks?|season|preparedness|drills?|insurance"
    r"|victims' fund"
    r"|threat)\b",
    re.IGNORECASE,
)
# A response to the incident by the other side is an incident of its own.
_RESPONSE = re.compile(
    r"\b(?:counter-\w+|in response\b(?! to)|responded|returned fire|hit back|retaliated)",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"“[^”]*”?|\"[^\"]*\"?")
_REPORTED = re.compile(
    r"\b(?:said|says|told|according to|claimed|alleged(?:ly)?|accused|blamed|suspected|reportedly"
    r"|believed)\b",
    re.IGNORECASE,
)
_ACTOR_VERBS = (
    r"fired|launched|carried out|conducted|claimed responsibility for|attacked|shelled|bombed"
    r"|struck|stormed|ambushed|abducted|kidnapped|arrested|detained|opened fire|raided|targeted"
    r"|deployed|withdrew|signed|clashed|killed|seized|set off|detonated|hit|shot"
)
_ACTOR_RE = re.compile(rf"\b(?:{_ACTOR_VERBS})\b")
_PASSIVE_RE = re.compile(
    r"\b(?:was|were|had been|have been|has been|being)\s+(?:\w+ly\s+)?(?:attacked|targeted|hit"
    r"|struck|shelled|bombed|ambushed|abducted|kidnapped|arrested|detained|raided|seized)\b"
    r"(?:\s+by\s+)?",
)
_TARGET_AFTER = re.compile(
    r"^\s*(?:(?!(?:in|near|at|by|from|with)\b)[\w-]+\s+){0,2}?"
    r"(?:on|against|targeting|at|aimed at|that hit|that struck)\s+",
    re.IGNORECASE,
)


@dataclass
class Mention:
    kind: EventKind
    sentence: Sentence
    start: int  # offset in the article text
    end: int
    quoted: bool = False  # inside quotation marks: colour, not a new incident
    family: str = ""  # disasters: a quake and the landslide it set off are two incidents

    def __post_init__(self) -> None:
        if not self.family:
            at = self.start - self.sentence.start
            trigger = self.sentence.text[at : self.end - self.sentence.start]
            self.family = _family(self.kind, trigger)


_FAMILIES = [
    ("quake", r"quake|tremor|aftershock"),
    ("landslide", r"landslide|mudslide|avalanche"),
    ("flood", r"flood"),
    ("storm", r"storm|cyclone|hurricane|typhoon|tornado|tsunami|heat ?wave"),
    ("crash", r"crash|derail|capsiz"),
    ("collapse", r"collaps"),
    ("fire", r"fire|blaze|explosion|blast|leak|spill|erupt"),
]
_LATER = re.compile(
    r"\b(?:(?:hours?|minutes?|an hour|moments?) (?:later|earlier|after)|later that (?:day|night)"
    r"|the same (?:day|night|morning|evening)|shortly (?:after|afterwards)|in response)\b",
    re.IGNORECASE,
)
_REPORTING_CLAUSE = re.compile(
    r"\b(?:said|says|told|according|announced|confirmed|statement|reported)\b", re.IGNORECASE
)


def _family(kind: EventKind, trigger: str) -> str:
    if kind is not EventKind.disaster_or_accident:
        return kind.value
    for name, pattern in _FAMILIES:
        if re.search(pattern, trigger, re.IGNORECASE):
            return name
    return "other"


@dataclass
class Draft:
    kind: EventKind
    mentions: list[Mention] = field(default_factory=list)
    date: DateMention | None = None
    family: str = ""

    @property
    def sentences(self) -> set[int]:
        return {m.sentence.index for m in self.mentions}


def _clause(text: str, at: int) -> tuple[int, int]:
    cuts = [0, *(m.end() for m in re.finditer(r"[,;:]\s+|\s[—–]\s", text)), len(text)]
    left = max(c for c in cuts if c <= at)
    right = min((c for c in cuts if c > at), default=len(text))
    return left, right


def mentions_in(sentence: Sentence, violent_article: bool) -> list[Mention]:
    """The strong event mentions of one sentence, after removing overlaps and generic words."""
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    quotes = list(_QUOTED.finditer(sentence.text))
    for kind, pattern in COMPILED_TRIGGERS:
        for m in pattern.finditer(sentence.text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            generic = kind is EventKind.disaster_or_accident and GENERIC_DISASTER.match(m.group())
            if generic and violent_article:
                continue
            if _UNREAL.search(sentence.text[max(0, m.start() - 60) : m.start()]):
                continue
            if _NOT_AN_INCIDENT.match(sentence.text[m.end() :]):
                continue
            taken.append((m.start(), m.end()))
            quoted = any(q.start() < m.start() < q.end() for q in quotes)
            at, end = sentence.start + m.start(), sentence.start + m.end()
            found.append(Mention(kind, sentence, at, end, quoted))
    kinds = {m.kind for m in found}
    specific = kinds - {EventKind.attack, EventKind.disaster_or_accident, EventKind.protest}
    if specific & (VIOLENT_KINDS | {EventKind.abduction, EventKind.arrest}):
        found = [
            m for m in found if m.kind not in {EventKind.attack, EventKind.disaster_or_accident}
        ]
    if EventKind.riot in kinds:
        found = [m for m in found if m.kind is not EventKind.protest]
    if kinds & {EventKind.riot, EventKind.protest}:
        # "clashes" in a sentence about a protest are the protest turning violent.
        found = [m for m in found if m.kind is not EventKind.armed_clash]
    first: dict[str, Mention] = {}
    for mention in sorted(found, key=lambda m: m.start):
        first.setdefault(mention.family, mention)
    return sorted(first.values(), key=lambda m: m.start)


def _nearest_date(mention: Mention, dates: list[DateMention]) -> DateMention | None:
    """The time expression of the mention's own clause, else the nearest one that does not
    date a statement ("said on Monday") instead of the incident."""
    if not dates:
        return None
    text = mention.sentence.text
    at = mention.start - mention.sentence.start
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
    return bool(BACKGROUND.search(window)) and not (date and date.iso)


def build_events(
    text: str, sents: list[Sentence], ref: dt.date | None
) -> tuple[list[Event], dict[int, int]]:
    """Events, main ones first, and a map from sentence index to the event it states."""
    usable = [s for s in sents if not s.injected]
    all_mentions = [mentions_in(s, violent_article=False) for s in usable]
    violent = any(m.kind in VIOLENT_KINDS for ms in all_mentions for m in ms)
    drafts: list[Draft] = []
    for sentence in usable:
        dates = find_dates(sentence.text, ref)
        for mention in mentions_in(sentence, violent_article=violent):
            date = _nearest_date(mention, dates)
            if _is_background(mention, date):
                continue
            _merge(drafts, mention, date)
    # Headline-only events are kept, but body sentences make better evidence.
    drafts.sort(key=lambda d: min(m.start for m in d.mentions))
    drafts = drafts[:MAX_EVENTS]
    sentence_event: dict[int, int] = {}
    events = []
    for i, draft in enumerate(drafts):
        for index in sorted(draft.sentences):
            sentence_event.setdefault(index, i)
        events.append(_finish(text, draft))
    return events, sentence_event


def _merge(drafts: list[Draft], mention: Mention, date: DateMention | None) -> None:
    text = mention.sentence.text
    at = mention.start - mention.sentence.start
    left, right = _clause(text, at)
    clause = text[left:right]
    separate = bool(SEPARATE_INCIDENT.search(clause) or _RESPONSE.search(clause))
    for draft in drafts:
        if draft.kind is not mention.kind or separate:
            continue
        if draft.family != mention.family and mention.family != "collapse":
            continue
        if date and date.iso and draft.date and draft.date.iso and date.iso != draft.date.iso:
            continue
        draft.mentions.append(mention)
        if draft.date is None or (draft.date.iso is None and date and date.iso):
            draft.date = date
        return
    if mention.quoted:
        return
    if mention.family == "collapse" and any(d.kind is mention.kind for d in drafts):
        return
    if (date is None or date.iso is None) and _LATER.search(text) and drafts:
        # "Hours later, the army struck back": the same day as the incident before it.
        previous = max(drafts, key=lambda d: max(m.start for m in d.mentions))
        date = previous.date or date
    drafts.append(Draft(mention.kind, [mention], date, mention.family))


def _finish(text: str, draft: Draft) -> Event:
    mentions = sorted(draft.mentions, key=lambda m: (m.sentence.headline, m.start))
    main = mentions[0]
    sentence = main.sentence
    when = draft.date.text if draft.date else None
    clock = None
    for m in mentions:
        clock = find_time(m.sentence.text)
        if clock:
            break
    if clock:
        when = f"{when} at {clock}" if when else clock
    actors, alleged, targets = _participants(draft)
    return Event(
        kind=draft.kind,
        description=_description(sentence.text),
        date=draft.date.iso if draft.date else None,
        when=when,
        location=_location(mentions),
        actors=actors,
        alleged_actors=alleged,
        targets=targets,
        evidence=evidence(text, sentence, main.start),
    )


def _description(sentence: str) -> str:
    sentence = sentence.strip()
    if len(sentence) > 300:
        cut = sentence.rfind(",", 0, 300)
        sentence = sentence[: cut if cut > 80 else 300].rstrip(" ,;") + "."
    return sentence


def _location(mentions: list[Mention]) -> str | None:
    for mention in mentions:
        found = places(mention.sentence.text)
        if not found:
            continue
        at = mention.start - mention.sentence.start
        specific = [p for p in found if p[1] not in {"in", "at", "on", "across"}]
        if specific:
            best = specific[0]
            wider = [p for p in found if p[0] > best[0] and p[1] == "in" and p[2] not in best[2]]
            return f"{best[2]}, {wider[0][2]}" if wider else best[2]
        after = [p for p in found if p[0] >= at]
        return (after or found)[0][2]
    return None


def _participants(draft: Draft) -> tuple[list[str], list[str], list[str]]:
    actors: list[str] = []
    alleged: list[str] = []
    targets: list[str] = []
    if draft.kind is EventKind.disaster_or_accident:
        return actors, alleged, targets  # an earthquake has no actor
    for mention in sorted(draft.mentions, key=lambda m: m.start):
        text = mention.sentence.text
        at = mention.end - mention.sentence.start
        target = _TARGET_AFTER.match(text[at:])
        if target:
            np = object_after(text[at + target.end() :])
            if np and not WEAPON_WORDS.search(np):
                _add(targets, np)
        for passive in _PASSIVE_RE.finditer(text):
            np = subject_before(text[: passive.start()])
            if np and not WEAPON_WORDS.search(np):
                _add(targets, np)
            if passive.group().rstrip().endswith("by") or passive.group().endswith("by "):
                by = object_after(text[passive.end() :])
                if by and not WEAPON_WORDS.search(by):
                    _add(alleged if _REPORTED.search(text) else actors, by)
        for verb in _ACTOR_RE.finditer(text):
            if _PASSIVE_RE.search(text[max(0, verb.start() - 20) : verb.end()]):
                continue
            np = subject_before(text[: verb.start()])
            if np and not WEAPON_WORDS.search(np) and np[0].isalpha():
                reported = _REPORTED.search(text[: verb.start()]) or _REPORTED.search(text)
                _add(alleged if reported else actors, np)
    actors = [a for a in actors if a not in targets][:3]
    alleged = [a for a in alleged if a not in actors and a not in targets][:3]
    return actors, alleged, targets[:3]


def _add(items: list[str], phrase: str) -> None:
    phrase = strip_determiner(phrase)
    if len(phrase) < 2 or phrase.lower() in {"he", "she", "they", "it", "we", "who", "which"}:
        return
    if phrase.lower() not in (i.lower() for i in items):
        items.append(phrase)

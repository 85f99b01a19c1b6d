"""Event mentions: the trigger words of one sentence that tell of an incident, by kind.

Each strong trigger is a mention ("a rocket attack ... in retaliation for air strikes" has
two). Threats, plans and warnings are no incident ("threatened to strike"), and a trigger
whose sense the sentence rules out ("the tax was withdrawn", police "raid" a depot) is
dropped or read as what it is.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from summarizer.providers.rules.lexicon import (
    COMPILED_TRIGGERS,
    GENERIC_DISASTER,
    TROOPS,
    VIOLENT_KINDS,
)
from summarizer.providers.rules.text import Sentence
from summarizer.schema import EventKind

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
    # "a ceasefire commission", "truce monitors": a body named after a deal, not the deal
    r"|commissions?|committees?|monitors?|observers?|missions?|talks|negotiations|violations?"
    r"|proposals?|terms"
    r"|threat)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"“[^”]*”?|\"[^\"]*\"?")


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
    ("rockfall", r"rock ?fall|fall of rock|rockslide"),
    ("flood", r"flood|burst|broke|overflow|swept"),
    ("storm", r"storm|cyclone|hurricane|typhoon|tornado|tsunami|heat ?wave"),
    (
        "crash",
        r"crash|derail|capsiz|overturn|rolled|plunged|veered|ran off|collided|collision"
        r"|head-on|pile-up|ploughed|plowed|sank|went down|aground",
    ),
    ("collapse", r"collaps|gave way|caved in"),
    ("fire", r"fire|blaze|explosion|blast|leak|spill|erupt"),
]


def _family(kind: EventKind, trigger: str) -> str:
    if kind is not EventKind.disaster_or_accident:
        return kind.value
    for name, pattern in _FAMILIES:
        if re.search(pattern, trigger, re.IGNORECASE):
            return name
    return "other"


@functools.lru_cache(maxsize=1024)
def _triggers(text: str) -> tuple[tuple[EventKind, int, int, bool, bool], ...]:
    """(kind, start, end, quoted, generic) of every trigger of ``text`` that is not a threat,
    a plan or a warning; overlapping triggers go to the kind listed first."""
    found = []
    taken: list[tuple[int, int]] = []
    quotes = list(_QUOTED.finditer(text))
    for kind, pattern in COMPILED_TRIGGERS:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if _UNREAL.search(text[max(0, m.start() - 60) : m.start()]):
                continue
            if _NOT_AN_INCIDENT.match(text[m.end() :]):
                continue
            taken.append((m.start(), m.end()))
            quoted = any(q.start() < m.start() < q.end() for q in quotes)
            generic = kind is EventKind.disaster_or_accident and bool(
                GENERIC_DISASTER.match(m.group())
            )
            found.append((kind, m.start(), m.end(), quoted, generic))
    return tuple(found)


def mentions_in(
    sentence: Sentence, violent_article: bool, crowd_article: bool = False
) -> list[Mention]:
    """The strong event mentions of one sentence, after removing overlaps and generic words.

    In an article about a protest or riot (``crowd_article``), "fighting" or "clashes" with
    no armed party named are the crowd's violence, not an armed clash."""
    found = [
        Mention(kind, sentence, sentence.start + a, sentence.start + b, quoted)
        for kind, a, b, quoted, generic in _triggers(sentence.text)
        if not (generic and violent_article)
    ]
    found = [_police_raid(m) for m in found if _fits_context(m)]
    if crowd_article and not _ARMED.search(sentence.text):
        found = [m for m in found if m.kind is not EventKind.armed_clash]
    kinds = {m.kind for m in found}
    specific = kinds - {EventKind.attack, EventKind.disaster_or_accident, EventKind.protest}
    if specific & (VIOLENT_KINDS | {EventKind.abduction}):
        found = [
            m for m in found if m.kind not in {EventKind.attack, EventKind.disaster_or_accident}
        ]
    if EventKind.arrest in kinds:
        # A raid that makes arrests is the arrest; a shooting that led to one is its own event.
        found = [
            m
            for m in found
            if not (m.kind is EventKind.attack and trigger_text(m).startswith("raid"))
        ]
    if EventKind.riot in kinds:
        found = [m for m in found if m.kind is not EventKind.protest]
    if len(found) > 1:
        # "rioted ..., taking five guards hostage": the participle tells the same incident.
        first_at = min(m.start for m in found)
        found = [
            m
            for m in found
            if m.start == first_at or not re.match(r"(?:taking|holding|seizing) ", trigger_text(m))
        ]
    if kinds & {EventKind.riot, EventKind.protest}:
        # "clashes" in a sentence about a protest are the protest turning violent.
        found = [m for m in found if m.kind is not EventKind.armed_clash]
    first: dict[str, Mention] = {}
    for mention in sorted(found, key=lambda m: m.start):
        first.setdefault(mention.family, mention)
    return sorted(first.values(), key=lambda m: m.start)


_SECURITY_NOUNS = re.compile(
    rf"\b(?:{TROOPS}|army|armies|units|brigades?|battalions?|divisions?|tanks"
    r"|warships|ships|jets|aircraft|personnel|police|officers|missiles|reinforcements|guards?"
    r"|militia\w*|peacekeepers|contingents?|marines|navy|military|garrisons?)\b",
    re.IGNORECASE,
)
# Words of a crowd facing police: "clashes" among them are a protest turning violent.
_CROWD = re.compile(
    r"\b(?:protesters|demonstrators|crowds?|marchers|stones|rocks|tear ?gas|rubber bullets"
    r"|water cannons?|riot police|fans|supporters|rioters|youths|young men|police lines?"
    r"|batons)\b",
    re.IGNORECASE,
)
_ARMED = re.compile(
    rf"\b(?:{TROOPS}|militants|rebels|militia\w*|insurgents|gunmen|army|jihadists?)\b",
    re.IGNORECASE,
)


def trigger_text(mention: Mention) -> str:
    """The trigger word of a mention, in lower case."""
    at = mention.start - mention.sentence.start
    return mention.sentence.text[at : mention.end - mention.sentence.start].lower()


_POLICE = re.compile(
    r"\b(?:police|officers|agents|deputies|troopers|detectives|investigators|customs"
    r"|anti-\w+ (?:unit|squad)s?)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)


def _police_raid(mention: Mention) -> Mention:
    """ "Police raid depots": a raid by the police is an arrest operation, not an attack."""
    if mention.kind is not EventKind.attack or not trigger_text(mention).startswith("raid"):
        return mention
    before = mention.sentence.text[: mention.start - mention.sentence.start]
    if not _POLICE.search(before):
        return mention
    return Mention(EventKind.arrest, mention.sentence, mention.start, mention.end, mention.quoted)


def _fits_context(mention: Mention) -> bool:
    """Drop triggers whose sense the sentence rules out ("the tax was withdrawn")."""
    text = mention.sentence.text
    if mention.kind is EventKind.troop_movement:
        return bool(_SECURITY_NOUNS.search(text))
    if mention.kind is EventKind.armed_clash:
        return not (_CROWD.search(text) and not _ARMED.search(text))
    if mention.kind is EventKind.protest and re.match(
        r"road ?blocks?|blockades?", trigger_text(mention)
    ):
        # "soldiers set up roadblocks": a security measure, unless a crowd blocks the road
        before = text[: mention.start - mention.sentence.start]
        return not (_SECURITY_NOUNS.search(before) and not _PROTESTERS.search(text))
    return True


_PROTESTERS = re.compile(
    r"\b(?:protest\w*|demonstrat\w+|crowds?|marchers|strikers|truckers|farmers|residents"
    r"|villagers|students|youths|activists)\b",
    re.IGNORECASE,
)

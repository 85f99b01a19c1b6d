"""Events: trigger words mapped to an EventKind, mentions of one incident merged.

A sentence can mention several incidents ("a rocket attack ... in retaliation for air
strikes"); each strong trigger is a mention. Mentions of one kind merge into one event
unless a different date or a "separate incident" cue says otherwise. Background mentions
("in February", "a series of", "last year") are left out: they are not what is reported.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from dataclasses import dataclass, field

from ..schema import Event, EventKind
from ._rules_attributions import named_subject, reported_span, self_claimant
from ._rules_dates import DateMention, find_dates, find_time
from ._rules_lexicon import (
    ANAPHORA,
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
    r"|deployed|withdrew|signed|clashed|killed|seized|set off|detonated|hit|shot|responded"
    r"|retaliated|returned fire"
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
    (
        "crash",
        r"crash|derail|capsiz|overturn|rolled|plunged|veered|ran off|collided|collision"
        r"|head-on|pile-up|ploughed|plowed|sank|went down|aground",
    ),
    ("collapse", r"collaps|gave way|caved in"),
    ("fire", r"fire|blaze|explosion|blast|leak|spill|erupt"),
]
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
    found = [m for m in found if _fits_context(m)]
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
            m for m in found if not (m.kind is EventKind.attack and _trigger(m).startswith("raid"))
        ]
    if EventKind.riot in kinds:
        found = [m for m in found if m.kind is not EventKind.protest]
    if len(found) > 1:
        # "rioted ..., taking five guards hostage": the participle tells the same incident.
        first_at = min(m.start for m in found)
        found = [
            m
            for m in found
            if m.start == first_at or not re.match(r"(?:taking|holding|seizing) ", _trigger(m))
        ]
    if kinds & {EventKind.riot, EventKind.protest}:
        # "clashes" in a sentence about a protest are the protest turning violent.
        found = [m for m in found if m.kind is not EventKind.armed_clash]
    first: dict[str, Mention] = {}
    for mention in sorted(found, key=lambda m: m.start):
        first.setdefault(mention.family, mention)
    return sorted(first.values(), key=lambda m: m.start)


_SECURITY_NOUNS = re.compile(
    r"\b(?:troops|forces|soldiers|army|armies|units|brigades?|battalions?|divisions?|tanks"
    r"|warships|ships|jets|aircraft|personnel|police|officers|missiles|reinforcements|guards?"
    r"|militia\w*|fighters|peacekeepers|contingents?|marines|navy|military|garrisons?)\b",
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
    r"\b(?:militants|fighters|rebels|militia\w*|insurgents|gunmen|army|troops|soldiers"
    r"|jihadists?|forces)\b",
    re.IGNORECASE,
)


def _trigger(mention: Mention) -> str:
    at = mention.start - mention.sentence.start
    return mention.sentence.text[at : mention.end - mention.sentence.start].lower()


def _fits_context(mention: Mention) -> bool:
    """Drop triggers whose sense the sentence rules out ("the tax was withdrawn")."""
    text = mention.sentence.text
    if mention.kind is EventKind.troop_movement:
        return bool(_SECURITY_NOUNS.search(text))
    if mention.kind is EventKind.armed_clash:
        return not (_CROWD.search(text) and not _ARMED.search(text))
    return True


def _nearest_date(mention: Mention, dates: list[DateMention]) -> DateMention | None:
    """The time expression of the mention's own clause, else the nearest one that does not
    date a statement ("said on Monday") instead of the incident."""
    text = mention.sentence.text
    # "would appear in court on Friday": a date of what is to come, not of the incident.
    dates = [d for d in dates if not _FUTURE.search(text[max(0, d.start - 50) : d.start])]
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
    _assign_blame(drafts, usable)
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


_INCIDENT_NOUN = (
    r"(?:the|this|that|these|both|either|Monday's|Tuesday's|Wednesday's|Thursday's|Friday's"
    r"|Saturday's|Sunday's|its|an?)\s+(?:\w+\s+){0,2}?(?:attacks?|bombings?|strikes?|blasts?"
    r"|explosions?|ambush(?:es)?|assaults?|killings?|abductions?|kidnappings?|shelling|raids?"
    r"|massacre|salvos?|barrage|shooting)"
)
# "X claimed (responsibility for) the attack": X is blamed, by itself.
_CLAIMED = re.compile(
    rf"\bclaimed\s+(?:responsibility\s+for\s+|credit\s+for\s+)?{_INCIDENT_NOUN}\b"
    r"(?!\s+(?:was|were|is|had|has|killed|left|wounded|came|did))"
)
# "X blamed Y (for the attack)", "blamed the attack on Y", "accused Y of firing".
_BLAMED_ON = re.compile(rf"\b(?:blamed|blames|pinned)\s+{_INCIDENT_NOUN}\s+on\s+|\bblamed\s+on\s+")
_BLAMED = re.compile(r"\b(?:blamed|blames)\s+(?!it\b|this\b|that\b)")
_ACCUSED = re.compile(
    r"\baccus(?:ed|es)\s+(?P<np>[^,;]{3,60}?)\s+of\s+(?:carrying out|firing|launching|staging"
    r"|being behind|shelling|attacking|bombing|planting|orchestrating|targeting)\b"
)
# The forces a party names as its own, by the kind of incident they carry out.
_OWN_KIND: dict[EventKind, re.Pattern[str]] = {
    kind: re.compile(rf"\b(?:its|their|our)\s+(?:own\s+)?(?:{words})\b", re.IGNORECASE)
    for kind, words in {
        EventKind.air_or_drone_strike: r"aircraft|air force|drones?|jets|warplanes|helicopters",
        EventKind.shelling_artillery_missile_attack: r"artillery|gunners|rocket units|batteries",
    }.items()
}
_OWN_KIND.update({k: re.compile(r"(?!)") for k in EventKind if k not in _OWN_KIND})
_NOBODY = re.compile(r"^(?:no|nobody|none|neither)\b", re.IGNORECASE)


def _assign_blame(drafts: list[Draft], usable: list[Sentence]) -> None:
    """Claims of responsibility and blame, as alleged actors of the incident they name."""
    violent = [d for d in drafts if d.kind in VIOLENT_KINDS or d.kind is EventKind.abduction]
    if not violent:
        return
    for sentence in usable:
        if sentence.headline:
            continue
        text = sentence.text
        names: list[str] = []
        for m in _CLAIMED.finditer(text):
            names.append(named_subject(text[: m.start()]) or "")
        for m in _BLAMED_ON.finditer(text):
            names.append(object_after(text[m.end() :]) or "")
        for m in _BLAMED.finditer(text):
            if not _BLAMED_ON.match(text, m.start()):
                names.append(object_after(text[m.end() :]) or "")
        for m in _ACCUSED.finditer(text):
            names.append(strip_determiner(m.group("np")))
        names = [n for n in names if n and not _NOBODY.match(n) and not WEAPON_WORDS.search(n)]
        owner = self_claimant(text)
        if not names and not owner:
            continue
        own = [d for d in violent if sentence.index in d.sentences]
        earlier = [
            d
            for d in violent
            if not d.response and min(m.sentence.index for m in d.mentions) <= sentence.index
        ]
        target = own[0] if own else (earlier[-1] if earlier else violent[0])
        for name in names:
            if name.lower() not in (b.lower() for b in target.blamed):
                target.blamed.append(name)
        if owner and (sentence.index in target.sentences or _OWN_KIND[target.kind].search(text)):
            target.owners.append(owner)


_CROWD_KINDS = frozenset({EventKind.protest, EventKind.riot})
_QUIET_KINDS = frozenset({EventKind.arrest, EventKind.troop_movement, EventKind.agreement})
# Generic attack words that, after a more specific incident, describe that incident.
_DETAIL_ATTACK = re.compile(r"^(?:opened fire|shooting|gunm[ae]n|ambush\w*|stormed)$")


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
        and bool(_DETAIL_ATTACK.match(_trigger(mention)))
    )


def _merge(drafts: list[Draft], mention: Mention, date: DateMention | None) -> None:
    text = mention.sentence.text
    at = mention.start - mention.sentence.start
    left, right = _clause(text, at)
    clause = text[left:right]
    response = bool(_RESPONSE.search(clause))
    separate = bool(SEPARATE_INCIDENT.search(clause)) or response
    for draft in drafts:
        # A response is never the incident it answers, but it can be told twice.
        if (separate and not (response and draft.response)) or not _compatible(
            draft, mention, date
        ):
            continue
        if date and date.iso and draft.date and draft.date.iso and date.iso != draft.date.iso:
            continue
        draft.mentions.append(mention)
        if draft.date is None or (draft.date.iso is None and date and date.iso):
            draft.date = date
        return
    if mention.quoted and not separate:
        return  # quoted words are colour, unless they tell of a response
    if mention.family == "collapse" and any(d.kind is mention.kind for d in drafts):
        return
    if (date is None or date.iso is None) and _LATER.search(text) and drafts:
        # "Hours later, the army struck back": the same day as the incident before it.
        previous = max(drafts, key=lambda d: max(m.start for m in d.mentions))
        date = previous.date or date
    drafts.append(Draft(mention.kind, [mention], date, mention.family, response))


def _finish(text: str, draft: Draft, drafts: list[Draft]) -> Event:
    mentions = sorted(draft.mentions, key=lambda m: (m.sentence.headline, m.start))
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
    actors, alleged, targets = _participants(draft)
    others = [
        m.start - sentence.start
        for d in drafts
        if d is not draft
        for m in d.mentions
        if m.sentence.index == sentence.index
    ]
    return Event(
        kind=draft.kind,
        description=_description(sentence.text, main.start - sentence.start, others),
        date=draft.date.iso if draft.date else None,
        when=when,
        location=_location(mentions),
        actors=actors,
        alleged_actors=alleged,
        targets=targets,
        evidence=evidence(text, sentence, main.start),
    )


# Where a sentence goes on about something else: the description stops there.
_TRAILING = re.compile(
    r";\s|\s[—–]\s|,\s+(?:while|whereas|but|as|which|in (?:the|a|an|what)\b|the (?:latest|deadliest"
    r"|worst) (?:in|such|attack|incident|of)\b|saying\b|adding\b|amid\b)"
    r"|,?\s+and\s+(?:also\s+)?(?:accused|said|called|urged|added|announced|vowed|warned|condemned"
    r"|denied|blamed|declared|asked|appealed|promised|pledged|demanded)\b",
)
# Where a second incident is joined to the first in one sentence.
_JOINT = re.compile(
    r"\s(?:after|following|when|before|in (?:apparent )?retaliation for|in response to"
    r"|days? after|hours? after)\s"
)
# "... said A, and that B": two reported clauses, each its own description.
_AND_THAT = re.compile(r",?\s(?:and|while|but)\s(?=that\s)")
_SAID_BEFORE = re.compile(r"\b(?:said|says|told \w+|added|announced)\s+(?:that\s+)?")
_DANGLING = re.compile(r"(?:\s+(?:a|an|the|of|in|on|at|to|and|or|with|for|by|from|near))+$", re.I)
DESCRIPTION_MAX_WORDS = 35


def _description(sentence: str, at: int, others: list[int]) -> str:
    """A short description: the reported content of the sentence around the trigger at
    ``at``, without the reporting clause, trailing asides, or a clause that tells another
    incident (whose triggers lie at ``others``)."""
    span = reported_span(sentence)
    if not (span and span[0] <= at < span[1]):
        said = [m for m in _SAID_BEFORE.finditer(sentence) if m.end() <= at]
        span = (said[-1].end(), len(sentence)) if said else (0, len(sentence))
    left, right = span
    for m in _AND_THAT.finditer(sentence, left, right):
        if m.end() <= at:
            left = m.end()
        else:
            right = min(right, m.start())
    cuts = [left, *(m.start() for m in _JOINT.finditer(sentence, left, right)), right]
    for a, b in itertools.pairwise(cuts):
        if a <= at < b and any(not a <= o < b for o in others if left <= o < right):
            left, right = a, b
            break
    text = sentence[left:right]
    at -= left
    text = re.sub(
        r"^\s*(?:after|following|when|before|in (?:apparent )?retaliation for"
        r"|in response to|that)\s+",
        "",
        text,
    )
    for m in _TRAILING.finditer(text):
        if m.start() > at:
            text = text[: m.start()]
            break
        if m.group().startswith((";", " —", " –")):
            text, at = text[m.end() :], at - m.end()
    tokens = text.split()
    if len(tokens) > DESCRIPTION_MAX_WORDS:
        cut = text.rfind(",", 0, len(" ".join(tokens[:DESCRIPTION_MAX_WORDS])))
        text = text[:cut] if cut > max(at, 40) else " ".join(tokens[:DESCRIPTION_MAX_WORDS])
    text = _DANGLING.sub("", text.strip(" ,;:—–")).strip(" ,;:—–")
    if not _balanced_quotes(text):
        text = text.strip('"“”')
    if not _balanced_quotes(text):
        text = re.sub(r'["“”]', "", text)  # a quotation cut in half loses its marks
    if not text:
        return sentence.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text.rstrip(".") + "."


def _balanced_quotes(text: str) -> bool:
    return text.count('"') % 2 == 0 and text.count("“") == text.count("”")


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


# Present-tense verbs of headlines, where a headline's noun phrase ends.
_HEADLINE_VERB = re.compile(
    r"\s+(?:kills?|hits?|leaves?|injures?|wounds?|claims?|sparks?|rocks?|strikes?|targets?"
    r"|says?|confirms?|sends?|traps?|as|amid|after)\b.*$"
)


# Weapons and vehicles do not act on their own: "the drone struck" names no actor.
_MACHINE = re.compile(
    rf"{WEAPON_WORDS.pattern}|\b(?:aircraft|jets?|warplanes?|helicopters?|planes?|tanks?|vehicles?"
    r"|trucks?|cars?|boats?|ships?)\b",
    re.IGNORECASE,
)


def _passive_fits(kind: EventKind, passive: str) -> bool:
    """'was arrested' names who an arrest targeted, not who an attack did."""
    arrest = re.search(r"arrested|detained", passive)
    abduction = re.search(r"abducted|kidnapped|seized", passive)
    if kind is EventKind.arrest:
        return bool(arrest)
    if kind is EventKind.abduction:
        return bool(abduction)
    return not arrest and not abduction


def _participants(draft: Draft) -> tuple[list[str], list[str], list[str]]:
    actors: list[str] = []
    alleged: list[str] = []
    targets: list[str] = []
    if draft.kind is EventKind.disaster_or_accident:
        return actors, alleged, targets  # an earthquake has no actor
    mentions = sorted(draft.mentions, key=lambda m: m.start)
    official = draft.kind in {EventKind.arrest, EventKind.troop_movement, EventKind.agreement}
    crowd = draft.kind in {EventKind.protest, EventKind.riot}
    for mention in mentions:
        text = mention.sentence.text
        at = mention.end - mention.sentence.start
        target = _TARGET_AFTER.match(text[at:])
        if target and crowd and target.group().rstrip().endswith("against"):
            target = None  # "protesting against a fuel tax": a grievance, not a target
        if target:
            np = object_after(text[at + target.end() :])
            if np and mention.sentence.headline:
                np = _HEADLINE_VERB.split(np)[0]
            if np and not WEAPON_WORDS.search(np):
                _add(targets, np)
        if mention.sentence.headline:
            continue  # telegraphic: "Man arrested after ..." has no subject to read
        for passive in _PASSIVE_RE.finditer(text):
            if not _passive_fits(draft.kind, passive.group()):
                continue
            np = subject_before(text[: passive.start()])
            if np and not WEAPON_WORDS.search(np):
                _add(targets, np)
            if passive.group().rstrip().endswith("by") or passive.group().endswith("by "):
                by = object_after(text[passive.end() :])
                if by and not WEAPON_WORDS.search(by):
                    _add(alleged if _REPORTED.search(text) else actors, by)
        for verb in _ACTOR_RE.finditer(text):
            if crowd or _PASSIVE_RE.search(text[max(0, verb.start() - 20) : verb.end()]):
                continue  # police firing tear gas do not carry out a protest
            if re.search(r"\b(?:was|were|been|being|be)\s+(?:\w+ly\s+)?$", text[: verb.start()]):
                continue  # "two students were killed": victims, not actors
            np = subject_before(text[: verb.start()])
            if np and re.match(r"(?i)(?:its|their|his|her|our)\s", np):
                continue  # "its aircraft struck": the owner is the actor (see _assign_blame)
            if np and not _MACHINE.search(np.split()[-1]) and np[0].isalpha():
                reported = _REPORTED.search(text[: verb.start()]) or _REPORTED.search(text)
                # Arrests and deployments are acts of the authorities that report them.
                _add(alleged if reported and not official else actors, np)
    for name in draft.owners:
        _add(actors, name)
    owners = {strip_determiner(o).lower() for o in draft.owners}
    alleged = [a for a in alleged if a.lower() not in owners]
    for name in draft.blamed:
        if strip_determiner(name).lower() not in owners:
            _add(alleged, name)
    actors = [a for a in actors if a not in targets][:3]
    alleged = [a for a in alleged if a not in actors and a not in targets][:3]
    return actors, alleged, targets[:3]


# Phrases that name a time, an incident or an abstraction, never a party or a target.
_NOT_A_PARTY = re.compile(
    r"^(?:(?:the|a|an|this|that|last|next|early|late)\s+)?(?:Monday|Tuesday|Wednesday|Thursday"
    r"|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September"
    r"|October|November|December|morning|afternoon|evening|night|dawn|dusk|week|weekend|day"
    r"|year|month|suspicion|charges?|allegations?|behalf|orders?|purpose|pretext|grounds?)\b"
    r"|\b(?:this|last|next) (?:year|month|week)\b"
    r"|(?:^|\s)(?:strikes?|attacks?|blasts?|explosions?|bombings?|shelling|raids?|incidents?"
    r"|clashes|violence|fighting|protests?|taxe?s?|laws?|plans?|decisions?|polic(?:y|ies)"
    r"|prayers?|salvos?|barrages?|assaults?|motorcycles?|motorbikes?|horseback|foot|pickups?"
    r"|pick-up trucks?|camels?|boats?)$",
    re.IGNORECASE,
)


def _add(items: list[str], phrase: str) -> None:
    phrase = strip_determiner(phrase.strip('"“”‘’'))
    if len(phrase) < 2 or phrase.lower() in {"he", "she", "they", "it", "we", "who", "which"}:
        return
    if _NOT_A_PARTY.search(phrase):
        return
    if phrase.lower() not in (i.lower() for i in items):
        items.append(phrase)

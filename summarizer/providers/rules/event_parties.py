"""Who took part in an event: actors, alleged actors (claims and blame) and targets.

A party that claims its own action ("the army said its aircraft struck") is an actor; a
party blamed by someone else, or a claim the article does not establish, is alleged.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from summarizer.language.dates import MONTH_NAME, WEEKDAY
from summarizer.providers.rules.lexicon import OWN_FORCES_BY_KIND, VIOLENT_KINDS, WEAPON_WORDS
from summarizer.providers.rules.phrases import object_after, strip_determiner, subject_before
from summarizer.providers.rules.speakers import named_subject, self_claimant
from summarizer.providers.rules.text import Sentence
from summarizer.schema import EventKind

if TYPE_CHECKING:
    from summarizer.providers.rules.events import Draft

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


_INCIDENT_NOUN = (
    rf"(?:the|this|that|these|both|either|{WEEKDAY}'s|its|an?)\s+(?:\w+\s+){{0,2}}?"
    r"(?:attacks?|bombings?|strikes?|blasts?"
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
    for kind, words in OWN_FORCES_BY_KIND.items()
}
_OWN_KIND.update({k: re.compile(r"(?!)") for k in EventKind if k not in _OWN_KIND})
_NOBODY = re.compile(r"^(?:no|nobody|none|neither)\b", re.IGNORECASE)


def assign_blame(drafts: list[Draft], usable: list[Sentence]) -> None:
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


def participants(draft: Draft) -> tuple[list[str], list[str], list[str]]:
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
    rf"^(?:(?:the|a|an|this|that|last|next|early|late)\s+)?(?:{WEEKDAY}|{MONTH_NAME}"
    r"|morning|afternoon|evening|night|dawn|dusk|week|weekend|day"
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

"""Casualty figures in one sentence: numbers next to killed/injured/missing words, explicit
zeros ("no one was hurt"), and subgroups of a figure ("including nine police officers").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from summarizer.language.numbers import MODIFIER, NUMBER, parse_number
from summarizer.providers.rules.phrases import object_after, strip_determiner
from summarizer.providers.rules.text import Sentence
from summarizer.schema import Count

HIT_BY = (
    r"(?:hit|struck|wounded|injured|hurt)\s+by\s+(?:\w+\s+)?(?:bullets|pellets|shrapnel|gunfire"
    r"|batons?|baton blows|truncheons|tear[- ]gas canisters|stones|rocks|debris|shells?)"
)
_KILLED = (
    r"killed|dead|died|deaths?|fatalities|slain|perished|lost their lives|lives lost|bodies"
    r"|shot dead|killing"
)
_INJURED = (
    r"injured|wounded|hurt|injuries|wounding|injuring|hospitali[sz]ed|treated(?! as| like)"
    r"|in hospital|suffered\s+(?:\w+\s+){0,2}?(?:injuries|burns|wounds|fractures|cuts|bruises)"
    # "sought treatment at city hospitals", "received medical care": hurt.
    r"|(?:sought|received|needed|required|given)\s+(?:\w+\s+)?(?:treatment|medical care)"
    # "hit by rubber bullets", "struck by batons": hurt by the weapon named.
    rf"|{HIT_BY}"
    # "taken to Millbrook General Hospital", "admitted to hospital": hurt, whoever says so.
    r"|(?:taken|rushed|admitted|airlifted|flown|evacuated)\s+to\s+(?:\w+\s+){0,3}?(?:hospitals?"
    r"|infirmary|clinics?|medical (?:centre|center)s?)"
)
_MISSING = (
    r"missing|trapped|abducted|kidnapped|unaccounted for|taken hostage|held hostage|held captive"
    # "still below ground", "still under the rubble", "still being held", "in captivity"
    r"|still\s+(?:below|under|beneath|inside)\s+(?:the\s+)?(?:ground|rubble|debris|earth|mud"
    r"|wreckage|water|snow|ice|rocks?|ruins)|still underground|(?:still\s+)?being held|still held"
    r"|in captivity"
    r"|buried\s+(?:alive|under|beneath|by|when|after|in the)"
    r"|taken(?! to| into| away| in| over| by| out| off| up| part| aback)"
)
_SLOTS = {"killed": _KILLED, "injured": _INJURED, "missing": _MISSING}
_OUTCOME = rf"(?P<verb>{_KILLED}|{_INJURED}|{_MISSING})"
_GROUP_WORD = (
    r"(?!(?:and|or|but|while|after|in|at|near|on|by|from|when|as|than|with|were|was|are|is"
    r"|have|has|had|been|who|of whom|to|for|during|since|said|them|whom|those|these|that|which"
    r"|a|an|its|their)\b)[\w'’.-]+"
)
_NUM = rf"(?P<num>{MODIFIER}(?:{NUMBER}))"
_ONE = r"(?P<num>an?|one)"
_NUM_OR_ONE = rf"(?P<num>{MODIFIER}(?:{NUMBER})|an?|one)"
_AUX = (
    r"(?:(?:were being|was being|are being|is being|were|was|have been|has been|had been|are|is"
    r"|been|being|remain|remained|are still|were still|had|have|has|got)\s+)?"
    r"(?:(?:reportedly|confirmed|reported|also|all|later|feared"
    r"|believed|critically|seriously|slightly|lightly|badly|fatally|now)\s+)?"
    r"(?:(?:to\s+)?(?:be|have\s+been)\s+)?"
)
# ", a 52-year-old technician," between a group and its verb
_APPOSITION = r"(?:,\s+(?:a|an|aged|both|all|the|each)\b[^,;.]{1,60},)?"
# "The driver, a 61-year-old man, died", "the guard was killed": one person, named by role.
_PERSON_NOUNS = (
    r"driver|pilot|co-pilot|guard|teacher|victim|man|woman|boy|girl|child|baby|suspect|gunman"
    r"|attacker|bomber|officer|policeman|policewoman|soldier|passenger|worker|technician"
    r"|conductor|captain|engineer|farmer|shopkeeper|journalist|photographer|nurse|doctor"
    r"|firefighter|miner|student|pupil|pedestrian|cyclist|motorcyclist|resident|owner"
    r"|constable|escort|trooper|deputy|ranger|sentry|watchman|porter|vendor|seller|trader"
    r"|labourer|laborer|herder|shepherd|fisherman|volunteer|medic|paramedic|rescuer|reporter"
    r"|cameraman|official|commander|priest|imam|civilian|villager|protester|demonstrator"
)
# "12 people were killed", "four members of X they said were killed", "5 dead"
_NUMBER_FIRST = re.compile(
    rf"(?<![\w:.,-])(?<!\bno )(?<!\bNo ){_NUM}\s+"
    rf"(?P<group>(?:(?:of\s+the\s+|of\s+(?P<own>its|their|our|his|her)\s+|of\s+)?{_GROUP_WORD}"
    r"[\"”]?(?:\s+|(?=,\s+(?:including|among them)\s))){0,8}?)"
    r"(?:,\s+(?:including|among them)\s[^,;.]{1,80},\s+)?"
    rf"(?:(?:they|he|she|officials|police|it)\s+(?:said|say|says)\s+)?{_APPOSITION}\s*"
    # "Three miners who were pulled out alive on Tuesday were being treated"
    r"(?:(?:who|that)\s+(?:were|was|had been|have been)\s+[^,;.\"“”]{1,60}?\s+"
    r"(?=(?:were|was|are|is|had|have|has|remain)\b))?"
    rf"(?:(?:who|that)\s+)?{_AUX}{_OUTCOME}\b",
    re.IGNORECASE,
)
# "a guard had been killed", "a 31-year-old man died"
_SINGULAR = re.compile(
    rf"(?<![\w-])(?<!\bno )(?<!\bNo )(?<!\bany )(?<!\bnot )(?<!\bNot ){_ONE}\s+"
    rf"(?P<group>(?:{_GROUP_WORD}\s+){{0,3}}?{_GROUP_WORD}){_APPOSITION}"
    # "a passenger who resisted was shot dead"
    r"(?:\s+who\s+(?!was\b|were\b|had\b)[^,;.\"“”]{1,40}?(?=\s+(?:was|had been)\b))?\s+"
    r"(?:(?:was|had been|has been|is|got)\s+(?:\w+ly\s+)?(?P<verb>killed|injured|wounded|hurt"
    r"|shot dead|abducted|kidnapped|taken hostage)|(?P<died>died))\b",
    re.IGNORECASE,
)
# "was found in a ditch with stab wounds", "suffered gunshot wounds": one person hurt.
_WITH_WOUNDS = (
    r"(?:(?:was|is|had been)\s+(?:\w+\s+){0,6}?with|suffered|sustained)\s+(?:\w+\s+){0,2}?"
    r"(?P<wounds>wounds|injuries|burns|fractures)\b"
)
_DEFINITE_ONE = re.compile(
    rf"\b(?:[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)\s+(?P<group>(?:[a-z][\w-]*\s+){{0,2}}?"
    rf"(?:{_PERSON_NOUNS})){_APPOSITION}\s+"
    r"(?:(?P<and>and\s+)|(?:was|had been|has been|is|got)\s+(?:\w+ly\s+)?(?P<verb>killed"
    r"|injured|wounded|hurt|shot dead|abducted|kidnapped|taken hostage)\b|(?P<died>died)\b"
    rf"|{_WITH_WOUNDS})"
)
_AND_GROUP_VERB = re.compile(
    rf"{_NUM}\s+(?P<g>(?:{_GROUP_WORD}\s+){{0,3}}?)(?:were\s+)?(?P<v>died|killed|injured|wounded)\b",
    re.IGNORECASE,
)
# "two of them with minor injuries", "four of them seriously hurt": a figure inside a group.
_OF_THEM_HURT = re.compile(
    rf"(?:,|\band)\s+{_NUM_OR_ONE}\s+of\s+them\s+(?:\w+\s+){{0,2}}?(?:with|suffering|sustaining"
    r"|who\s+suffered|had|were|was)?\s*(?:\w+\s+)?(?P<verb>injuries|wounds|burns|injured"
    r"|wounded|hurt|dead|killed)\b",
    re.IGNORECASE,
)
# "the dead included four children and two women"
_INCLUDED = re.compile(
    r"\b(?:the|those)\s+(?P<adj>dead|killed|victims|injured|wounded|missing|abducted|casualties)"
    r"\s+(?:included|include|includes|were|are)\s+",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(
    rf"^\s*(?:and\s+|,\s*(?:and\s+)?)?{_NUM_OR_ONE}\s+(?P<group>(?:{_GROUP_WORD}\s+){{0,2}}?"
    r"[a-z][\w'’-]*)",
    re.IGNORECASE,
)
# "killing at least 12 people", "abducted 23 pupils", "treated 46 people"
_VERB_FIRST = re.compile(
    r"\b(?P<verb>killed|killing|kills|kill|wounded|wounding|injured|injuring|abducted|abducting"
    r"|kidnapped|kidnapping|claimed the lives of|treated|treating|hospitali[sz]ed|rescued)\s+[\"“]?"
    rf"(?P<num>{MODIFIER}(?:{NUMBER})|an?(?=\s+(?:[\w-]+\s+){{0,2}}?(?:{_PERSON_NOUNS})\b))\s+",
    re.IGNORECASE,
)
# "taking five guards hostage"
_HOSTAGES = re.compile(
    rf"\b(?:taking|took|taken|seized|seizing|holding|held|hold)\s+{_NUM}\s+"
    r"(?P<group>(?:[\w'’-]+\s+){0,3}?)(?:as\s+)?hostages?\b",
    re.IGNORECASE,
)
# "Three of the wounded were students", "two of the dead were children"
_OF_THE_ADJ = re.compile(
    rf"(?<![\w:.,-]){_NUM_OR_ONE}\s+of\s+the\s+(?P<adj>dead|killed|wounded|injured|victims"
    r"|missing|casualties|abducted|hostages)\s+(?:were|was|are|is)\s+(?:(?:all|also)\s+)?"
    r"(?:an?\s+)?(?P<group>(?!(?:in|at|on|under|still|being|taken|treated|seriously|critically"
    r"|badly|among|from|with|not)\b)[a-z][\w'’-]*(?:\s+(?!(?:and|or|who|while|but|in|at|on"
    r"|from|with)\b)[a-z][\w'’-]*)?)",
    re.IGNORECASE,
)
_AND_ONE_WAS = re.compile(
    rf"^\s*,?\s*(?:and|while)\s+{_NUM_OR_ONE}\s+(?:was|were)\s+(?:an?\s+)?"
    r"(?P<group>[a-z][\w'’-]*)",
    re.IGNORECASE,
)
# "left 5 people dead", "shot a guard dead"
_RESULTATIVE = re.compile(
    rf"\b(?:left|leaving|leaves|shot|stabbed|beat|beaten|burned)\s+{_NUM_OR_ONE}\s+"
    rf"(?P<group>(?:{_GROUP_WORD}\s+){{0,4}}?)(?P<verb>dead|injured|wounded|hurt|missing"
    r"|to death)\b",
    re.IGNORECASE,
)
_TOLL = re.compile(
    r"\b(?:(?P<death>death|casualty) toll|number of (?P<adj>dead|deaths|injured|wounded|abducted"
    r"|kidnapped|missing|people killed|people injured)(?:\s+(?P<group>[\w'’-]+))?)\b"
    r"(?:[^.;]{0,40}?\b(?:to|at|of|reached|hit|is|was|stands at|stood at)"
    r"|[^.;]{0,120}?\b(?:rose|risen|climbed|jumped|increased|reached) to)"
    rf"\s+{_NUM}",
    re.IGNORECASE,
)
_AMONG = re.compile(
    r"\bamong (?:those|the)\s+(?P<adj>treated|hospitali[sz]ed|injured|wounded|dead|killed"
    rf"|missing|abducted)\s+(?:were|was|are)\s+{_NUM}\s+",
    re.IGNORECASE,
)
_MORE = re.compile(
    rf"^\s*,?\s*(?:and|while|with)\s+(?:{_NUM}\s+(?:(?P<others>others?|more)\s+)?"
    rf"{_AUX}{_OUTCOME}|(?P<verb2>wounding|injuring|killing|wounded|injured|killed)\s+"
    rf"(?P<num2>{MODIFIER}(?:{NUMBER}))(?:\s+(?P<others2>others?|more))?"
    r"(?=[,.;]|\s+(?:and|while|in|at|on|near|as|when|after)\b|$))\b",
    re.IGNORECASE,
)
_ELIDED = re.compile(
    rf"^\s*,?\s*and\s+{_NUM_OR_ONE}\s+(?P<group>(?:{_GROUP_WORD}\s+){{0,3}}?{_GROUP_WORD})\s+"
    r"(?P<verb>wounded|injured|killed|hurt|missing)\b",
    re.IGNORECASE,
)
# "Three firefighters ... were among the injured"
_AMONG_THE = re.compile(
    rf"(?<![\w:.,-]){_NUM_OR_ONE}\s+(?P<group>[^,.;:]{{1,80}}?)\s+(?:were|was|are|is)\s+(?:also\s+)?"
    r"among (?:the|those) (?P<adj>dead|killed|injured|wounded|hurt|missing|victims|casualties"
    rf"|treated|hospitali[sz]ed|beaten|assaulted|stabbed|shot|{HIT_BY})\b",
    re.IGNORECASE,
)
# "five people had died, two of them farmers"
_OF_THEM = re.compile(
    rf"(?:,|\band)\s+{_NUM_OR_ONE}\s+of\s+(?:them|whom)\s+(?:were\s+)?(?P<group>[a-z][\w'’-]*"
    r"(?:\s+[a-z][\w'’-]*)?)",
)
_SUBGROUP = re.compile(
    rf"\b(?:including|among them|among whom|of whom|among the (?P<among>dead|injured|wounded"
    rf"|victims))(?:\s+(?:were|are))?\s+{_NUM_OR_ONE}\s+",
    re.IGNORECASE,
)
_ZERO = [
    (re.compile(r"\bno (?:one|body)\b|\bnobody\b|\bnone\b", re.I), None),
    (re.compile(r"\bno (?:reported )?(?:casualties|victims)\b|\bwithout (?:any )?casualties\b"
                r"|\bno (?:deaths or injuries|injuries or deaths)\b", re.I), ("killed", "injured")),
    (re.compile(r"\bno (?:other |further |more |serious )?(?:reported )?(?:injuries|injured"
                r"|wounded)\b", re.I), ("injured",)),
    (re.compile(r"\bno (?:other |further |more )?(?:reported )?(?:deaths|fatalities|dead)\b",
                re.I), ("killed",)),
    (re.compile(r"\b(?:unharmed|unhurt|unscathed|escaped injury)\b", re.I), ("killed", "injured")),
]  # fmt: skip
_ZERO_VERB = re.compile(
    r"^\s*(?:was|were|has been|had been|is|are|got)?\s*(?:reported\s+)?(?P<verb>killed|hurt|harmed"
    r"|injured|wounded|died|dead)\b",
    re.IGNORECASE,
)
_ZERO_AMONG = re.compile(
    r"^\s*(?:were\s+reported\s+)?(?:among|in|to)\s+(?:the\s+)?(?P<group>[^,.;]+)"
)
# "Two of them, kidnapped in June near Gashi, are still being held."
_THEM_FIRST = re.compile(
    rf"^\s*{_NUM_OR_ONE}\s+of\s+(?:them|those)(?:,\s+(?P<clause>(?:[a-z]+ed|taken|held|seized"
    r"|caught|hit)\b[^,;]{1,60}),)?\s+" + _AUX + _OUTCOME,
    re.IGNORECASE,
)
# "no Velskian servicemen had been killed or wounded", "no civilians were hurt"
_NO_GROUP = re.compile(
    r"\b[Nn]o\s+(?P<group>(?:[A-Z][\w'’-]+\s+|[a-z][\w'’-]+\s+){0,2}?(?:[a-z][\w'’-]*(?:s|men)"
    r"|people|children|police|personnel|staff|crew))\s+(?:had|have|has|were|was)\s+(?:been\s+)?"
    r"(?:reported\s+)?(?P<verb>killed|wounded|injured|hurt|harmed)"
    r"(?:\s+or\s+(?P<verb2>killed|wounded|injured|hurt))?\b"
)
_ORDINAL = re.compile(r"^(?:second|third|fourth|fifth|another)\s+(?P<noun>[\w'’-]+)$", re.I)
_GENERIC_GROUPS = {"", "people", "persons", "others", "other", "more", "person", "individuals"}


@dataclass
class Figure:
    group: str
    sentence: Sentence
    focus: int
    counts: dict[str, Count] = field(default_factory=dict)
    subgroup: bool = False  # "including nine police officers": part of another figure
    anaphoric: bool = False  # "the farmer" after "a farmer": a person counted already
    possessor: bool = False  # "100 of its members": the members of whoever says it
    follows: bool = False  # "Two of them ...": a part of the sentence before's figure
    ordinal: bool = False  # "a second escort": another person than the one counted


def _slot(verb: str) -> str:
    verb = verb.lower()
    for slot, pattern in _SLOTS.items():
        if re.fullmatch(pattern, verb):
            return slot
    if verb.startswith(("kill", "claimed the lives")):
        return "killed"
    if verb.startswith(("wound", "injur", "treat", "hospitali")):
        return "injured"
    return "missing"


def _count(phrase: str) -> Count | None:
    parsed = parse_number(phrase)
    if parsed is None:
        return None
    value, precision = parsed
    return Count(value=value, precision=precision)  # type: ignore[arg-type]


def _group(raw: str | None) -> str:
    group = strip_determiner((raw or "").strip().strip('"“”'))
    group = re.sub(
        r"^(?:of\s+(?:the\s+|its\s+|their\s+|our\s+|his\s+|her\s+)?|other\s+)", "", group
    )
    # "19 wounded", "23 injured people": the state is the count's, the group is people.
    group = re.sub(r"^(?:wounded|injured|dead|hurt|missing)\b\s*", "", group)
    group = re.sub(r"(?:\s+(?:were|was|who|they|he|she|later|also|still|now|\w+ly))+$", "", group)
    return group or "people"


def _slot_of_adjective(word: str) -> str:
    word = word.lower()
    if word in {"dead", "deaths", "killed", "death", "people killed"}:
        return "killed"
    if word in {"abducted", "kidnapped", "missing"}:
        return "missing"
    if word in {"victims", "casualties"}:
        return "killed"
    return "injured"


def _partitive(text: str, end: int) -> bool:
    """'two of the wounded': a part of a figure already given, not a new one."""
    return bool(re.match(r"\s*of\s+(?:the|them|those|whom)\b", text[end:]))


def figures_in(
    sentence: Sentence, default_group: str | None, before: list[Figure] | None = None
) -> list[Figure]:
    """Every figure one sentence states (before linking and merging); ``before`` holds the
    figures of the sentence before it, which "Two of them ..." counts a part of."""
    text = sentence.text
    out: list[Figure] = []
    used: list[tuple[int, int]] = []

    def add(group: str, slot: str, count: Count | None, at: int, end: int) -> Figure | None:
        if count is None or any(a <= at < b for a, b in used):
            return None
        used.append((at, end))
        figure = Figure(group, sentence, sentence.start + at, {slot: count})
        out.append(figure)
        return figure

    them = _THEM_FIRST.match(text)
    if them and before:
        # "At least 14 aid workers were abducted ... Two of them, taken in June, are still
        # being held.": a part of the last figure before, with its own description.
        parent = before[-1]
        described = them.group("clause")
        named = f"{parent.group} {described}" if described else parent.group
        sub = add(named, _slot(them.group("verb")), _count(them.group("num")),
                  them.start("num"), them.end())  # fmt: skip
        if sub:
            sub.subgroup = sub.follows = True
    for m in _RESULTATIVE.finditer(text):
        verb = m.group("verb").lower()
        slot = "killed" if verb in {"dead", "to death"} else _slot(verb)
        add(_group(m.group("group")), slot, _count(m.group("num")), m.start("num"), m.end())
    for m in _VERB_FIRST.finditer(text):
        if _partitive(text, m.end("num")):
            continue
        group = object_after(text[m.end() :], max_words=6)
        end = m.end() + len(group or "")
        figure = add(_group(group), _slot(m.group("verb")), _count(m.group("num")),
                     m.start("num"), end)  # fmt: skip
        if figure and (extra := _extend(figure, text, end, used)):
            out.append(extra)
        elif figure:
            # "killing two police officers and a civilian": one verb, two groups.
            item = _LIST_ITEM.match(text[end:])
            if item and re.match(r"\s*(?:[,.;]|and\b|$)", text[end + item.end() :]):
                at = end + item.start("num")
                count = _count(item.group("num"))
                slot = _slot(m.group("verb"))
                add(_group(item.group("group")), slot, count, at, end + item.end())
    for m in _HOSTAGES.finditer(text):
        add(_group(m.group("group")), "missing", _count(m.group("num")), m.start("num"), m.end())
    for m in _OF_THE_ADJ.finditer(text):
        slot = _slot_of_adjective(m.group("adj"))
        group = re.split(r"\s+(?:who|and|in|at|from|with|on)\b", m.group("group"))[0]
        sub = add(_group(group), slot, _count(m.group("num")), m.start("num"), m.end())
        if sub:
            sub.subgroup = True
            more = _AND_ONE_WAS.match(text[m.end() :])
            if more:
                extra = add(_group(more.group("group")), slot, _count(more.group("num")),
                            m.end() + more.start("num"), m.end() + more.end())  # fmt: skip
                if extra:
                    extra.subgroup = True
    for m in _INCLUDED.finditer(text):
        slot = _slot_of_adjective(m.group("adj"))
        at = m.end()
        while item := _LIST_ITEM.match(text[at:]):
            sub = add(_group(item.group("group")), slot, _count(item.group("num")),
                      at + item.start("num"), at + item.end())  # fmt: skip
            if sub:
                sub.subgroup = True
            at += item.end()
    for m in _DEFINITE_ONE.finditer(text):
        if m.group("and"):
            # "The driver, a 61-year-old man, and two passengers died": the verb comes later.
            rest = _AND_GROUP_VERB.match(text[m.end() :])
            if rest:
                slot = _slot(rest.group("v"))
                add(_group(m.group("group")), slot, Count(value=1), m.start("group"), m.end())
                add(_group(rest.group("g")), slot, _count(rest.group("num")),
                    m.end() + rest.start("num"), m.end() + rest.end())  # fmt: skip
            continue
        verb = m.group("verb") or m.group("died") or "injured"  # or "with stab wounds"
        one = add(_group(m.group("group")), _slot(verb), Count(value=1), m.start("group"), m.end())
        if one:
            one.anaphoric = True
    for m in _OF_THEM_HURT.finditer(text):
        counted = re.findall(rf"(?<![\w:.,-]){_NUM}\s+(?P<g>(?:{_GROUP_WORD}\s+){{0,5}}?"
                             rf"(?:{_GROUP_WORD}))\s+(?:in|at|from|on|who|were|was|had|made)\b",
                             text[: m.start()], re.I)  # fmt: skip
        if not counted or any(a <= m.start("num") < b for a, b in used):
            continue
        slot = "killed" if m.group("verb").lower() in {"dead", "killed"} else "injured"
        # "28 other miners ..., two of them hurt": keep "other", it is not the first group.
        group = re.sub(r"^(?:the|a|an)\s+", "", counted[-1][1].strip(), flags=re.I)
        add(group or "people", slot, _count(m.group("num")), m.start("num"), m.end())
    for m in _TOLL.finditer(text):
        slot = "killed" if m.group("death") else _slot_of_adjective(m.group("adj") or "dead")
        if m.group("death") and m.group("death").lower() == "casualty":
            slot = "killed"
        add(_group(m.group("group")), slot, _count(m.group("num")), m.start("num"), m.end())
    for m in _AMONG.finditer(text):
        group = object_after(text[m.end() :], max_words=6)
        add(_group(group), _slot_of_adjective(m.group("adj")), _count(m.group("num")),
            m.start("num"), m.end())  # fmt: skip
    for m in _NUMBER_FIRST.finditer(text):
        if m.group("group").lower().rstrip().endswith(("of the", " of")) or (
            not m.group("group").strip() and _partitive(text, m.end("num"))
        ):
            continue
        if re.search(r"\b(?:the|those)\s+(?:other|remaining)\s+$", text[: m.start()], re.I):
            continue  # "the other three": part of a figure already given
        if re.match(r"of\s+(?:the|them|those|whom)\b", m.group("group").strip(), re.I):
            continue  # "Eleven of the injured were taken to hospital": a part, not a new figure
        if norm_group(m.group("group")) in _GENERIC_GROUPS and re.search(
            r"\b(?:all|both|the|these|those)\s+$", text[: m.start()], re.I
        ):
            continue  # "All four were taken to hospital": the people of a figure already given
        figure = add(_group(m.group("group")), _slot(m.group("verb")), _count(m.group("num")),
                     m.start("num"), m.end())  # fmt: skip
        if figure and m.group("own"):
            figure.possessor = True
        if figure and (extra := _extend(figure, text, m.end(), used)):
            out.append(extra)
    for m in _AMONG_THE.finditer(text):
        raw = m.group("group")
        # "a photographer for the Harbour Post": the whole description names who was hurt.
        plain = len(raw.split()) <= 8 and not re.search(r"\b(?:who|which|that|and)\b", raw)
        group = raw if plain else object_after(raw, max_words=6)
        add(_group(group), _slot_of_adjective(m.group("adj")), _count(m.group("num")),
            m.start("num"), m.end())  # fmt: skip
    for m in _OF_THEM.finditer(text):
        before = [f for f in out if f.focus - sentence.start < m.start()]
        head = m.group("group").split()[0]
        if before and not re.fullmatch(r"\w+ly|in|at|with|on|from|by|under", head):
            parent = max(before, key=lambda f: f.focus)
            slot = next(iter(parent.counts))
            group = _group(m.group("group"))
            sub = add(group, slot, _count(m.group("num")), m.start("num"), m.end())
            if sub:
                sub.subgroup = True
    for m in _SINGULAR.finditer(text):
        verb = m.group("verb") or m.group("died")
        if m.group("verb") is None and m.group("died") is None:
            continue
        figure = add(_group(m.group("group")), _slot(verb), Count(value=1), m.start("num"), m.end())
        if figure and (extra := _extend(figure, text, m.end(), used)):
            out.append(extra)
    for m in _SUBGROUP.finditer(text):
        if any(a <= m.start("num") < b for a, b in used) or not out:
            continue
        before = [f for f in out if f.focus - sentence.start < m.start()]
        if not before:
            continue
        parent = max(before, key=lambda f: f.focus)
        among = (m.group("among") or "").lower()
        slot = {"dead": "killed", "injured": "injured", "wounded": "injured"}.get(among) or next(
            iter(parent.counts)
        )
        group = object_after(text[m.end() :], max_words=5)
        count = _count(m.group("num")) if m.group("num") else Count(value=1)
        sub = add(_group(group), slot, count, m.start(), m.end())
        if sub:
            sub.subgroup = True
    out.extend(_zeros(sentence, default_group))
    for m in _NO_GROUP.finditer(text):
        # "no Velskian servicemen had been killed or wounded": zeros for that group.
        slots = {_zero_slot(m.group("verb")), _zero_slot(m.group("verb2") or m.group("verb"))}
        counts = {slot: Count(value=0, precision="exact") for slot in sorted(slots)}
        if m.group("verb").lower() in {"hurt", "harmed"}:
            counts = {slot: Count(value=0, precision="exact") for slot in ("injured", "killed")}
        out.append(Figure(m.group("group"), sentence, sentence.start + m.start(), counts))
    return _with_ordinals(out, text)


def _extend(figure: Figure, text: str, end: int, used: list[tuple[int, int]]) -> Figure | None:
    """'3 killed and 5 wounded (others)': the second figure belongs to the same record.

    'a guard had been killed and a teacher wounded': a new group, returned.
    """
    more = _MORE.match(text[end:])
    if more:
        verb = more.group("verb") or more.group("verb2")
        count = _count(more.group("num") or more.group("num2"))
        slot = _slot(verb)
        if count is not None and slot not in figure.counts:
            figure.counts[slot] = count
            used.append((end, end + more.end()))
        return None
    elided = _ELIDED.match(text[end:])
    if elided:
        count = _count(elided.group("num"))
        if count is not None:
            return Figure(_group(elided.group("group")), figure.sentence,
                           figure.sentence.start + end + elided.start("num"),
                           {_slot(elided.group("verb")): count})  # fmt: skip
    return None


def _zeros(sentence: Sentence, default_group: str | None) -> list[Figure]:
    text = sentence.text
    out = []
    for pattern, slots in _ZERO:
        for m in pattern.finditer(text):
            found_slots = slots
            if found_slots is None:
                verb = _ZERO_VERB.match(text[m.end() :])
                if not verb:
                    continue
                word = verb.group("verb").lower()
                if word in {"hurt", "harmed"}:
                    found_slots = ("killed", "injured")
                else:
                    found_slots = (_slot(word),)
            among = _ZERO_AMONG.match(text[m.end() :])
            group = _group(among.group("group")) if among and slots is not None else None
            if group is None and re.search(r"unharmed|unhurt|unscathed", m.group(), re.I):
                before = re.search(r"([\w.'’-]+(?:\s+[\w.'’-]+){0,3})\s+(?:were|was)\s+$",
                                   text[: m.start()])  # fmt: skip
                group = _group(before.group(1)) if before else None
            counts = {slot: Count(value=0, precision="exact") for slot in found_slots}
            out.append(Figure(group or default_group or "people", sentence,
                               sentence.start + m.start(), counts))  # fmt: skip
    return out


def norm_group(group: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", group.lower()).strip()


def _zero_slot(verb: str) -> str:
    return "killed" if verb.lower() == "killed" else "injured"


def _with_ordinals(figures: list[Figure], text: str) -> list[Figure]:
    """ "a police escort ... a second escort was shot dead": the second is a police escort too."""
    for figure in figures:
        ordinal = _ORDINAL.match(figure.group)
        if ordinal is None:
            continue
        noun = ordinal.group("noun")
        earlier = re.findall(rf"\b([a-z][\w'’-]+)\s+{re.escape(noun)}\b", text, re.IGNORECASE)
        kinds = [w for w in earlier if w.lower() not in _NOT_A_KIND]
        figure.group = f"{kinds[0]} {noun}" if kinds else noun
        figure.ordinal = True
    return figures


# Words before a noun that say which one, not what kind: "a second escort", "the first".
_NOT_A_KIND = frozenset(
    {"a", "an", "the", "second", "third", "fourth", "fifth", "another", "one", "two", "first"}
    | {"his", "her", "their", "its", "of", "and", "including", "other"}
)

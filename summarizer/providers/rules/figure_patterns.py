"""The sentence shapes that state a casualty figure, for ``figures``.

A number next to an outcome word ("12 people were killed", "killing at least 12"), one
person named by role ("a guard was shot dead"), a toll ("the death toll rose to 9"), a part
of a figure ("including nine police officers", "two of them"), and explicit zeros ("no one
was hurt", "no civilians were harmed").
"""

from __future__ import annotations

import re

from summarizer.language.numbers import MODIFIER, NUMBER

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
SLOTS = {"killed": _KILLED, "injured": _INJURED, "missing": _MISSING}
_OUTCOME = rf"(?P<verb>{_KILLED}|{_INJURED}|{_MISSING})"
GROUP_WORD = (
    r"(?!(?:and|or|but|while|after|in|at|near|on|by|from|when|as|than|with|were|was|are|is"
    r"|have|has|had|been|who|of whom|to|for|during|since|said|them|whom|those|these|that|which"
    r"|a|an|its|their)\b)[\w'’.-]+"
)
NUM = rf"(?P<num>{MODIFIER}(?:{NUMBER}))"
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
NUMBER_FIRST = re.compile(
    rf"(?<![\w:.,-])(?<!\bno )(?<!\bNo ){NUM}\s+"
    rf"(?P<group>(?:(?:of\s+the\s+|of\s+(?P<own>its|their|our|his|her)\s+|of\s+)?{GROUP_WORD}"
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
SINGULAR = re.compile(
    rf"(?<![\w-])(?<!\bno )(?<!\bNo )(?<!\bany )(?<!\bnot )(?<!\bNot ){_ONE}\s+"
    rf"(?P<group>(?:{GROUP_WORD}\s+){{0,3}}?{GROUP_WORD}){_APPOSITION}"
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
DEFINITE_ONE = re.compile(
    rf"\b(?:[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)\s+(?P<group>(?:[a-z][\w-]*\s+){{0,2}}?"
    rf"(?:{_PERSON_NOUNS})){_APPOSITION}\s+"
    r"(?:(?P<and>and\s+)|(?:was|had been|has been|is|got)\s+(?:\w+ly\s+)?(?P<verb>killed"
    r"|injured|wounded|hurt|shot dead|abducted|kidnapped|taken hostage)\b|(?P<died>died)\b"
    rf"|{_WITH_WOUNDS})"
)
AND_GROUP_VERB = re.compile(
    rf"{NUM}\s+(?P<g>(?:{GROUP_WORD}\s+){{0,3}}?)(?:were\s+)?(?P<v>died|killed|injured|wounded)\b",
    re.IGNORECASE,
)
# "two of them with minor injuries", "four of them seriously hurt": a figure inside a group.
OF_THEM_HURT = re.compile(
    rf"(?:,|\band)\s+{_NUM_OR_ONE}\s+of\s+them\s+(?:\w+\s+){{0,2}}?(?:with|suffering|sustaining"
    r"|who\s+suffered|had|were|was)?\s*(?:\w+\s+)?(?P<verb>injuries|wounds|burns|injured"
    r"|wounded|hurt|dead|killed)\b",
    re.IGNORECASE,
)
# "the dead included four children and two women"
INCLUDED = re.compile(
    r"\b(?:the|those)\s+(?P<adj>dead|killed|victims|injured|wounded|missing|abducted|casualties)"
    r"\s+(?:included|include|includes|were|are)\s+",
    re.IGNORECASE,
)
LIST_ITEM = re.compile(
    rf"^\s*(?:and\s+|,\s*(?:and\s+)?)?{_NUM_OR_ONE}\s+(?P<group>(?:{GROUP_WORD}\s+){{0,2}}?"
    r"[a-z][\w'’-]*)",
    re.IGNORECASE,
)
# "killing at least 12 people", "abducted 23 pupils", "treated 46 people"
VERB_FIRST = re.compile(
    r"\b(?P<verb>killed|killing|kills|kill|wounded|wounding|injured|injuring|abducted|abducting"
    r"|kidnapped|kidnapping|claimed the lives of|treated|treating|hospitali[sz]ed|rescued)\s+[\"“]?"
    rf"(?P<num>{MODIFIER}(?:{NUMBER})|an?(?=\s+(?:[\w-]+\s+){{0,2}}?(?:{_PERSON_NOUNS})\b))\s+",
    re.IGNORECASE,
)
# "taking five guards hostage"
HOSTAGES = re.compile(
    rf"\b(?:taking|took|taken|seized|seizing|holding|held|hold)\s+{NUM}\s+"
    r"(?P<group>(?:[\w'’-]+\s+){0,3}?)(?:as\s+)?hostages?\b",
    re.IGNORECASE,
)
# "Three of the wounded were students", "two of the dead were children"
OF_THE_ADJ = re.compile(
    rf"(?<![\w:.,-]){_NUM_OR_ONE}\s+of\s+the\s+(?P<adj>dead|killed|wounded|injured|victims"
    r"|missing|casualties|abducted|hostages)\s+(?:were|was|are|is)\s+(?:(?:all|also)\s+)?"
    r"(?:an?\s+)?(?P<group>(?!(?:in|at|on|under|still|being|taken|treated|seriously|critically"
    r"|badly|among|from|with|not)\b)[a-z][\w'’-]*(?:\s+(?!(?:and|or|who|while|but|in|at|on"
    r"|from|with)\b)[a-z][\w'’-]*)?)",
    re.IGNORECASE,
)
AND_ONE_WAS = re.compile(
    rf"^\s*,?\s*(?:and|while)\s+{_NUM_OR_ONE}\s+(?:was|were)\s+(?:an?\s+)?"
    r"(?P<group>[a-z][\w'’-]*)",
    re.IGNORECASE,
)
# "left 5 people dead", "shot a guard dead"
RESULTATIVE = re.compile(
    rf"\b(?:left|leaving|leaves|shot|stabbed|beat|beaten|burned)\s+{_NUM_OR_ONE}\s+"
    rf"(?P<group>(?:{GROUP_WORD}\s+){{0,4}}?)(?P<verb>dead|injured|wounded|hurt|missing"
    r"|to death)\b",
    re.IGNORECASE,
)
TOLL = re.compile(
    r"\b(?:(?P<death>death|casualty) toll|number of (?P<adj>dead|deaths|injured|wounded|abducted"
    r"|kidnapped|missing|people killed|people injured)(?:\s+(?P<group>[\w'’-]+))?)\b"
    r"(?:[^.;]{0,40}?\b(?:to|at|of|reached|hit|is|was|stands at|stood at)"
    r"|[^.;]{0,120}?\b(?:rose|risen|climbed|jumped|increased|reached) to)"
    rf"\s+{NUM}",
    re.IGNORECASE,
)
AMONG = re.compile(
    r"\bamong (?:those|the)\s+(?P<adj>treated|hospitali[sz]ed|injured|wounded|dead|killed"
    rf"|missing|abducted)\s+(?:were|was|are)\s+{NUM}\s+",
    re.IGNORECASE,
)
MORE = re.compile(
    rf"^\s*,?\s*(?:and|while|with)\s+(?:{NUM}\s+(?:(?P<others>others?|more)\s+)?"
    rf"{_AUX}{_OUTCOME}|(?P<verb2>wounding|injuring|killing|wounded|injured|killed)\s+"
    rf"(?P<num2>{MODIFIER}(?:{NUMBER}))(?:\s+(?P<others2>others?|more))?"
    r"(?=[,.;]|\s+(?:and|while|in|at|on|near|as|when|after)\b|$))\b",
    re.IGNORECASE,
)
ELIDED = re.compile(
    rf"^\s*,?\s*and\s+{_NUM_OR_ONE}\s+(?P<group>(?:{GROUP_WORD}\s+){{0,3}}?{GROUP_WORD})\s+"
    r"(?P<verb>wounded|injured|killed|hurt|missing)\b",
    re.IGNORECASE,
)
# "Three firefighters ... were among the injured"
AMONG_THE = re.compile(
    rf"(?<![\w:.,-]){_NUM_OR_ONE}\s+(?P<group>[^,.;:]{{1,80}}?)\s+(?:were|was|are|is)\s+(?:also\s+)?"
    r"among (?:the|those) (?P<adj>dead|killed|injured|wounded|hurt|missing|victims|casualties"
    rf"|treated|hospitali[sz]ed|beaten|assaulted|stabbed|shot|{HIT_BY})\b",
    re.IGNORECASE,
)
# "five people had died, two of them farmers"
OF_THEM = re.compile(
    rf"(?:,|\band)\s+{_NUM_OR_ONE}\s+of\s+(?:them|whom)\s+(?:were\s+)?(?P<group>[a-z][\w'’-]*"
    r"(?:\s+[a-z][\w'’-]*)?)",
)
SUBGROUP = re.compile(
    rf"\b(?:including|among them|among whom|of whom|among the (?P<among>dead|injured|wounded"
    rf"|victims))(?:\s+(?:were|are))?\s+{_NUM_OR_ONE}\s+",
    re.IGNORECASE,
)
ZERO = [
    (re.compile(r"\bno (?:one|body)\b|\bnobody\b|\bnone\b", re.I), None),
    (re.compile(r"\bno (?:reported )?(?:casualties|victims)\b|\bwithout (?:any )?casualties\b"
                r"|\bno (?:deaths or injuries|injuries or deaths)\b", re.I), ("killed", "injured")),
    (re.compile(r"\bno (?:other |further |more |serious )?(?:reported )?(?:injuries|injured"
                r"|wounded)\b", re.I), ("injured",)),
    (re.compile(r"\bno (?:other |further |more )?(?:reported )?(?:deaths|fatalities|dead)\b",
                re.I), ("killed",)),
    (re.compile(r"\b(?:unharmed|unhurt|unscathed|escaped injury)\b", re.I), ("killed", "injured")),
]  # fmt: skip
ZERO_VERB = re.compile(
    r"^\s*(?:was|were|has been|had been|is|are|got)?\s*(?:reported\s+)?(?P<verb>killed|hurt|harmed"
    r"|injured|wounded|died|dead)\b",
    re.IGNORECASE,
)
ZERO_AMONG = re.compile(
    r"^\s*(?:were\s+reported\s+)?(?:among|in|to)\s+(?:the\s+)?(?P<group>[^,.;]+)"
)
# "Two of them, kidnapped in June near Gashi, are still being held."
THEM_FIRST = re.compile(
    rf"^\s*{_NUM_OR_ONE}\s+of\s+(?:them|those)(?:,\s+(?P<clause>(?:[a-z]+ed|taken|held|seized"
    r"|caught|hit)\b[^,;]{1,60}),)?\s+" + _AUX + _OUTCOME,
    re.IGNORECASE,
)
# "no Velskian servicemen had been killed or wounded", "no civilians were hurt"
NO_GROUP = re.compile(
    r"\b[Nn]o\s+(?P<group>(?:[A-Z][\w'’-]+\s+|[a-z][\w'’-]+\s+){0,2}?(?:[a-z][\w'’-]*(?:s|men)"
    r"|people|children|police|personnel|staff|crew))\s+(?:had|have|has|were|was)\s+(?:been\s+)?"
    r"(?:reported\s+)?(?P<verb>killed|wounded|injured|hurt|harmed)"
    r"(?:\s+or\s+(?P<verb2>killed|wounded|injured|hurt))?\b"
)

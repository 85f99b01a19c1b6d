"""Casualty figures in one sentence: numbers next to killed/injured/missing words, explicit
zeros ("no one was hurt"), and subgroups of a figure ("including nine police officers").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import summarizer.providers.rules.figure_patterns as shape
from summarizer.language.numbers import parse_number
from summarizer.providers.rules.phrases import object_after, strip_determiner
from summarizer.providers.rules.text import Sentence
from summarizer.schema import Count

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
    for slot, pattern in shape.SLOTS.items():
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

    them = shape.THEM_FIRST.match(text)
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
    for m in shape.RESULTATIVE.finditer(text):
        verb = m.group("verb").lower()
        slot = "killed" if verb in {"dead", "to death"} else _slot(verb)
        add(_group(m.group("group")), slot, _count(m.group("num")), m.start("num"), m.end())
    for m in shape.VERB_FIRST.finditer(text):
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
            item = shape.LIST_ITEM.match(text[end:])
            if item and re.match(r"\s*(?:[,.;]|and\b|$)", text[end + item.end() :]):
                at = end + item.start("num")
                count = _count(item.group("num"))
                slot = _slot(m.group("verb"))
                add(_group(item.group("group")), slot, count, at, end + item.end())
    for m in shape.HOSTAGES.finditer(text):
        add(_group(m.group("group")), "missing", _count(m.group("num")), m.start("num"), m.end())
    for m in shape.OF_THE_ADJ.finditer(text):
        slot = _slot_of_adjective(m.group("adj"))
        group = re.split(r"\s+(?:who|and|in|at|from|with|on)\b", m.group("group"))[0]
        sub = add(_group(group), slot, _count(m.group("num")), m.start("num"), m.end())
        if sub:
            sub.subgroup = True
            more = shape.AND_ONE_WAS.match(text[m.end() :])
            if more:
                extra = add(_group(more.group("group")), slot, _count(more.group("num")),
                            m.end() + more.start("num"), m.end() + more.end())  # fmt: skip
                if extra:
                    extra.subgroup = True
    for m in shape.INCLUDED.finditer(text):
        slot = _slot_of_adjective(m.group("adj"))
        at = m.end()
        while item := shape.LIST_ITEM.match(text[at:]):
            sub = add(_group(item.group("group")), slot, _count(item.group("num")),
                      at + item.start("num"), at + item.end())  # fmt: skip
            if sub:
                sub.subgroup = True
            at += item.end()
    for m in shape.DEFINITE_ONE.finditer(text):
        if m.group("and"):
            # "The driver, a 61-year-old man, and two passengers died": the verb comes later.
            rest = shape.AND_GROUP_VERB.match(text[m.end() :])
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
    for m in shape.OF_THEM_HURT.finditer(text):
        counted = re.findall(rf"(?<![\w:.,-]){shape.NUM}\s+(?P<g>(?:{shape.GROUP_WORD}\s+){{0,5}}?"
                             rf"(?:{shape.GROUP_WORD}))\s+(?:in|at|from|on|who|were|was|had|made)\b",
                             text[: m.start()], re.I)  # fmt: skip
        if not counted or any(a <= m.start("num") < b for a, b in used):
            continue
        slot = "killed" if m.group("verb").lower() in {"dead", "killed"} else "injured"
        # "28 other miners ..., two of them hurt": keep "other", it is not the first group.
        group = re.sub(r"^(?:the|a|an)\s+", "", counted[-1][1].strip(), flags=re.I)
        add(group or "people", slot, _count(m.group("num")), m.start("num"), m.end())
    for m in shape.TOLL.finditer(text):
        slot = "killed" if m.group("death") else _slot_of_adjective(m.group("adj") or "dead")
        if m.group("death") and m.group("death").lower() == "casualty":
            slot = "killed"
        add(_group(m.group("group")), slot, _count(m.group("num")), m.start("num"), m.end())
    for m in shape.AMONG.finditer(text):
        group = object_after(text[m.end() :], max_words=6)
        add(_group(group), _slot_of_adjective(m.group("adj")), _count(m.group("num")),
            m.start("num"), m.end())  # fmt: skip
    for m in shape.NUMBER_FIRST.finditer(text):
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
    for m in shape.AMONG_THE.finditer(text):
        raw = m.group("group")
        # "a photographer for the Harbour Post": the whole description names who was hurt.
        plain = len(raw.split()) <= 8 and not re.search(r"\b(?:who|which|that|and)\b", raw)
        group = raw if plain else object_after(raw, max_words=6)
        add(_group(group), _slot_of_adjective(m.group("adj")), _count(m.group("num")),
            m.start("num"), m.end())  # fmt: skip
    for m in shape.OF_THEM.finditer(text):
        before = [f for f in out if f.focus - sentence.start < m.start()]
        head = m.group("group").split()[0]
        if before and not re.fullmatch(r"\w+ly|in|at|with|on|from|by|under", head):
            parent = max(before, key=lambda f: f.focus)
            slot = next(iter(parent.counts))
            group = _group(m.group("group"))
            sub = add(group, slot, _count(m.group("num")), m.start("num"), m.end())
            if sub:
                sub.subgroup = True
    for m in shape.SINGULAR.finditer(text):
        verb = m.group("verb") or m.group("died")
        if m.group("verb") is None and m.group("died") is None:
            continue
        figure = add(_group(m.group("group")), _slot(verb), Count(value=1), m.start("num"), m.end())
        if figure and (extra := _extend(figure, text, m.end(), used)):
            out.append(extra)
    for m in shape.SUBGROUP.finditer(text):
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
    for m in shape.NO_GROUP.finditer(text):
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
    more = shape.MORE.match(text[end:])
    if more:
        verb = more.group("verb") or more.group("verb2")
        count = _count(more.group("num") or more.group("num2"))
        slot = _slot(verb)
        if count is not None and slot not in figure.counts:
            figure.counts[slot] = count
            used.append((end, end + more.end()))
        return None
    elided = shape.ELIDED.match(text[end:])
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
    for pattern, slots in shape.ZERO:
        for m in pattern.finditer(text):
            found_slots = slots
            if found_slots is None:
                verb = shape.ZERO_VERB.match(text[m.end() :])
                if not verb:
                    continue
                word = verb.group("verb").lower()
                if word in {"hurt", "harmed"}:
                    found_slots = ("killed", "injured")
                else:
                    found_slots = (_slot(word),)
            among = shape.ZERO_AMONG.match(text[m.end() :])
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

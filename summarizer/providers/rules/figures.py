"""Casualty figures in one sentence, by the shapes of ``data/casualties.toml``.

A figure is a group of people and a count per slot (killed, injured, missing). Its group
must name people: "N days of rain" counts days, "N metres" a distance, so neither is a
figure. Zeros ("nobody was hurt", "no record of deaths") are figures too.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from summarizer.providers.rules.engine import (
    RULES,
    Count,
    Found,
    Rule,
    Token,
    best,
    find_all,
    read_count,
)
from summarizer.providers.rules.phrases import before_participle, head, strip_determiner
from summarizer.providers.rules.sentences import Sentence
from summarizer.schema import EVIDENCE_MAX_CHARS as EVIDENCE_MAX

SLOTS = ("killed", "injured", "missing")
_PLURAL_PEOPLE = frozenset(
    {"people", "men", "women", "children", "police", "staff", "crew", "personnel"}
)


@dataclass
class Figure:
    group: str
    sentence: Sentence
    at: int  # the token the figure is told at (its count)
    counts: dict[str, Count] = field(default_factory=dict)
    subgroup: bool = False  # a part of a figure told before it
    inherit: bool = False  # "40 others": the people of the figure before it
    zero: bool = False  # "nobody was hurt": whose, the incident says
    toll: bool = False  # a toll given or revised: the latest figure of its source
    possessed: bool = False  # "N of its members": the members of whoever gives the figure
    bare: bool = False  # no people named ("N of them injured", "leaving N missing")
    subject: str | None = None  # who gives a toll ("<the ministry> put the toll at N")
    # Slots told in another sentence than the figure's own: slot -> (sentence, token).
    elsewhere: dict[str, tuple[Sentence, int]] = field(default_factory=dict)

    @property
    def focus(self) -> int:
        """The figure's offset in the article text."""
        return self.sentence.tokens[self.at].start

    def told_in(self) -> list[Sentence]:
        """The sentences that state the figure's counts, in order."""
        own = set(self.counts) - set(self.elsewhere)
        found = {self.sentence.index: self.sentence} if own else {}
        for slot, (sentence, _) in self.elsewhere.items():
            if slot in self.counts:
                found[sentence.index] = sentence
        return [found[i] for i in sorted(found)]

    def take(self, other: Figure, slots: list[str]) -> None:
        """Counts of ``other`` for ``slots``, remembering where they were told."""
        for slot in slots:
            self.counts[slot] = other.counts[slot]
            where = other.elsewhere.get(slot, (other.sentence, other.at))
            if where[0] is self.sentence:
                self.elsewhere.pop(slot, None)
            else:
                self.elsewhere[slot] = where


def one_excerpt(told: list[Sentence]) -> bool:
    """Whether one excerpt can state every count of a record: its counts come from one
    sentence, or from two sentences in a row that fit in one excerpt together."""
    if len(told) <= 1:
        return True
    first, last = told[0], told[-1]
    return (
        len(told) == 2 and last.index - first.index == 1 and last.end - first.start <= EVIDENCE_MAX
    )


@functools.lru_cache(maxsize=1)
def _list_rule() -> Rule:
    return Rule("list", RULES.pattern(RULES.data["casualties"]["list"]["pattern"]))


@functools.lru_cache(maxsize=1)
def _zero_rules() -> frozenset[str]:
    return frozenset(rule.name for rule in RULES.rules("casualties", "zero"))


_OUTCOME_CLASSES = (
    "killed", "injured", "missing", "outcome_nouns", "outcome_verbs", "labels", "zero_people",
    "zero_counts", "unharmed", "hurt_words",
)  # fmt: skip


@functools.lru_cache(maxsize=1)
def _gate() -> frozenset[str]:
    """Words of which a sentence must hold one to state a figure: the last word of each
    outcome phrase ("taken to hospital" -> "hospital", "no one" -> "one")."""
    words = set()
    for name in _OUTCOME_CLASSES:
        for phrase in RULES.words(name):
            last = phrase.split()[-1]
            # "admitted to <a named hospital>": its verb, as "to" is in every sentence.
            words.add(phrase.split()[0] if RULES.lexicon.has(last, "function") else last)
    return frozenset(words | {"no", "none", "toll", "tally", "number"})


@functools.lru_cache(maxsize=1)
def _inherit_words() -> frozenset[str]:
    return frozenset(RULES.data["casualties"]["groups"]["inherit"])


def _slot(sentence: Sentence, span: tuple[int, int] | None) -> str | None:
    """The slot an outcome phrase says: the class of its longest phrase there."""
    if span is None or span[0] >= span[1]:
        return None
    tokens = sentence.tokens
    ends = {slot: RULES.lexicon.end(tokens, span[0], slot) for slot in SLOTS}
    found = [(end, slot) for slot, end in ends.items() if end is not None]
    if found:
        end, slot = max(found, key=lambda f: f[0])
        if (
            end < len(tokens)
            and tokens[span[0]].low == "taken"
            and end == span[0] + 1
            and (tokens[end].low in {"into", "to", "for", "part", "over", "up", "by", "in"})
        ):
            return None  # "taken into custody": an arrest; "taken to hospital" is a phrase
        return slot
    if RULES.lexicon.end(sentence.tokens, span[0], "outcome_nouns") is not None:
        return _NOUN_SLOTS.get(sentence.tokens[span[0]].low, "injured")
    return None


# Outcome nouns that are not also outcome words of a slot ("among the victims").
_NOUN_SLOTS = {
    "victims": "killed",
    "casualties": "killed",
    "hostages": "missing",
    "bodies": "killed",
    "fatalities": "killed",
    "deaths": "killed",
}


def _count(sentence: Sentence, found: Found, name: str) -> Count | None:
    span = found.span(name)
    if name == "one":
        return Count(1, "exact")  # "a <person>", "one <person>", "the <person>"
    if span is None:
        return None
    if sentence.tokens[span[0]].low in {"a", "an"}:
        return Count(1, "exact")  # "a <person>", "one <person>", "the <person>"
    read = read_count(sentence.tokens, span[0])
    return read[1] if read else None


def clean_group(raw: str) -> str:
    """A group as a record names it: no determiner, count or partitive "of the"."""
    group = strip_determiner(raw.strip(' "“”'))
    group = re.sub(r"^(?:of\s+(?:the|its|their|our|his|her)\s+|of\s+)", "", group, flags=re.I)
    group = re.sub(r"^(?:wounded|injured|dead|hurt|missing)\s+", "", group, flags=re.I)
    # A participle after the noun starts a clause about it: "<group> travelling to X".
    group = before_participle(group)
    return group.strip(" ,")


def _people(group: str, person: bool) -> bool:
    """Whether a group names people (a person, for ``person``)."""
    # The noun before a preposition's phrase: "<people> from <a brigade>".
    words = group.split()
    cut = next((i for i, w in enumerate(words) if i and RULES.lexicon.has(w, "prepositions")), None)
    word = head(" ".join(words[:cut]))
    lexicon = RULES.lexicon
    if lexicon.has(word, "people"):
        plural = (word.endswith("s") and not word.endswith("ss")) or word in _PLURAL_PEOPLE
        return not (person and plural)
    if person:
        return False
    for other in ("measures", "machines", "places", "sites", "organisations", "months", "weekdays"):
        if lexicon.has(word, other):
            return False
    # A plural noun the lists do not know ("nationals", "Hazaras") may still be people.
    return bool(re.fullmatch(r"[a-z][\w'’-]*[^s]s", word))


def _figure(
    sentence: Sentence, found: Found, num: str, group_name: str, slot: str | None
) -> Figure | None:
    count = _count(sentence, found, num)
    if count is None or slot is None:
        return None
    raw = sentence.cut(found.span(group_name))
    if re.match(r"(?i)of\s+(?:them|whom|those|these)\b", raw) or re.match(r"(?i)of the\s*$", raw):
        return None  # "N of the wounded": a part of a figure, told by a subgroup shape
    group = clean_group(raw)
    possessed = bool(re.match(r"(?i)of\s+(?:its|their|our)\s", raw))
    person = bool(found.rule.extra.get("person"))
    outcome = found.span("outcome")
    if (
        slot == "missing"
        and outcome
        and outcome[0] < (found.span(num) or (found.start, 0))[0]
        and RULES.lexicon.within(sentence.tokens, outcome[0], outcome[1], "seizures")
        and not RULES.lexicon.has(head(group), "people")
    ):
        return None  # "seized N <things>": no people taken (the passive may name any)
    # "N others", "N other <group>": the people of a figure told just before.
    # A toll with no people named is the incident's, not the figure's before it.
    toll = found.rule.name.startswith("toll")
    inherit = not toll and (group.lower() in _inherit_words() or group.lower().startswith("other "))
    if not (inherit or toll) and not _people(group, person):
        return None
    span = found.span(num)
    at = span[0] if span else found.start
    return Figure(
        group or "people",
        sentence,
        at,
        {slot: count},
        subgroup=bool(found.rule.extra.get("subgroup")),
        inherit=inherit and not found.rule.extra.get("subgroup"),
        toll=toll,
        possessed=possessed,
        bare=not group,
    )


_COUNTED_REACH = 40  # tokens back from a bare figure to the people it counts


def _counted_before(sentence: Sentence, at: int) -> Iterator[tuple[int, str]]:
    """Each "<count> <people>" before token ``at`` in its sentence, nearest first: where
    its count is and the people ("rescued 19 girls, 12 of them hurt" -> "girls")."""
    tokens = sentence.tokens
    for i in range(at - 1, max(-1, at - _COUNTED_REACH), -1):
        read = read_count(tokens, i)
        if read is None or read[0] >= at:
            continue
        end = read[0]
        while end < at and tokens[end].low[0].isalpha():
            if RULES.lexicon.has(tokens[end].low, "function"):
                break
            end += 1
        # The longest run of words that ends on a word naming people.
        while end > read[0] and not _people(tokens[end - 1].low, False):
            end -= 1
        if end > read[0]:
            yield i, sentence.cut((read[0], end))


def _name_bare(figure: Figure, out: list[Figure]) -> None:
    """A figure that names no people takes those counted just before it in its sentence:
    a part of a figure told there, else people who are no figure themselves. A part told
    in an aside ("N <people>, including M <group>, ...") is passed over."""
    for at, group in _counted_before(figure.sentence, figure.at):
        parent = next((f for f in out if f.at == at and not f.zero), None)
        if parent is not None and parent.subgroup:
            continue
        if parent is None:
            figure.group = clean_group(group)
            figure.subgroup = figure.inherit = False
        elif figure.subgroup:
            figure.group = parent.group
        return


def _zero(sentence: Sentence, found: Found) -> Figure:
    slots: set[str] = set(found.rule.extra.get("slots", []))
    for name in ("outcome", "outcome2"):
        span = found.span(name)
        if span is None:
            continue
        word = sentence.cut(span).lower()
        if RULES.lexicon.has(word, "hurt_words") or word in {"casualties", "victims"}:
            slots |= {"killed", "injured"}
        else:
            slots.add(_slot(sentence, span) or "injured")
    raw = sentence.cut(found.span("group"))
    place = found.span("place")
    if not raw and place and place[0] < place[1]:
        raw = f"people {sentence.cut(place)}"  # "no one in <the place>"
    group = re.sub(r"^(?:own\s+)?(?:\d[\d,]*\s+)?", "", clean_group(raw))
    if group.lower() in _inherit_words():
        group = ""  # "no other injuries": whose, the incident says
    counts = {slot: Count(0, "exact") for slot in SLOTS if slot in slots}
    possessed = bool(re.match(r"(?i)(?:its|their|our)\s", raw))
    return Figure(group, sentence, found.start, counts, zero=True, possessed=possessed)


def _subject(sentence: Sentence, at: int) -> str | None:
    """The noun phrase right before token ``at`` (past adverbs and auxiliaries): who
    gives a toll when no one is said to speak ("<the office> later put the toll at N")."""
    tokens = sentence.tokens
    end = at
    while end > 0 and RULES.lexicon.has(tokens[end - 1].low, "function"):
        end -= 1
    start = end
    while (
        start > 0
        and tokens[start - 1].word
        and not RULES.lexicon.has(tokens[start - 1].low, "determiners")
        and not RULES.lexicon.has(tokens[start - 1].low, "function")
        and end - start < 6
    ):
        start -= 1
    if start == end or not (tokens[end - 1].cap or _speaks(tokens[end - 1].low)):
        return None
    return sentence.cut((start, end))


def _speaks(word: str) -> bool:
    lexicon = RULES.lexicon
    return any(
        lexicon.has(word, name) for name in ("organisations", "roles", "armed", "agencies")
    ) or word in {"guard", "officials", "authorities", "police"}


def _aside(part: Found, found: Found) -> bool:
    """Whether ``part`` lies apart from ``found`` or inside it, off its count."""
    if part.end <= found.start or found.end <= part.start:
        return True
    count = found.span("num") or found.span("one")
    inside = found.start <= part.start and part.end <= found.end
    return inside and count is not None and not part.start <= count[0] < part.end


def _plausible(tokens: list[Token], found: Found, part: bool) -> bool:
    """Whether a match may be a figure, before it can hide another: one person's shape
    must name one person, and no reporting verb may stand between the people and their
    outcome ("<a person>, <aside>, said <others> were hurt" names the speaker)."""
    if bool(found.rule.extra.get("subgroup")) is not part:
        return False
    group, outcome = found.span("group"), found.span("outcome")
    if group is None:
        return True
    if found.rule.extra.get("person") and not _people(
        " ".join(t.low for t in tokens[group[0] : group[1]]), True
    ):
        return False
    if outcome is None or group[1] >= outcome[0]:
        return True
    if tokens[group[1]].low == "," and tokens[group[1] + 1].low in {"and", "but", "while"}:
        return False  # "<a person>, and <another> was hurt": the outcome is the other's
    # "<person>, <aside>, said ...": the verb right after the person or an aside's comma
    # ("<group> they said were killed" keeps its group).
    return not any(
        RULES.lexicon.has(tokens[i].low, "speech_said")
        and (i == group[1] or tokens[i - 1].low == ",")
        for i in range(group[1], outcome[0])
    )


def figures_in(sentence: Sentence, before: list[Figure] | None = None) -> list[Figure]:
    """Every figure one sentence states, in order; ``before`` are the figures of the
    sentence before, which a subgroup at its start ("Among them were ...") is part of."""
    tokens = sentence.tokens
    if _gate().isdisjoint(tokens.words):
        return []
    whole = find_all("casualties", "figure", tokens, lambda f: _plausible(tokens, f, False))
    parts = find_all("casualties", "figure", tokens, lambda f: _plausible(tokens, f, True))
    kept = best([*whole, *find_all("casualties", "zero", tokens)])
    # A part told inside a figure's aside ("N <people>, including M <group>, were hurt")
    # is a record of its own; any other overlap goes to the higher priority.
    matches = list(kept)
    for part in parts:
        clash = [m for m in kept if not _aside(part, m)]
        if all(part.rule.priority > m.rule.priority for m in clash):
            matches = [m for m in matches if m not in clash] + [part]
    matches.sort(key=lambda m: m.start)
    out: list[Figure] = []
    for found in matches:
        if found.rule.name in _zero_rules():
            out.append(_zero(sentence, found))
            continue
        if found.rule.extra.get("earlier"):
            continue  # a toll its source has since revised
        slot = found.rule.extra.get("slot")
        outcome = _slot(sentence, found.span("outcome"))
        slot = outcome or slot
        if slot is None and found.rule.extra.get("subgroup"):
            parents = [f for f in [*(before or []), *out] if not f.subgroup and not f.zero]
            slot = next(iter(parents[-1].counts)) if parents else None
        num = "num" if found.span("num") else "one"
        figure = _figure(sentence, found, num, "group", slot)
        if figure is None:
            continue
        if figure.bare:
            _name_bare(figure, out)
        if figure.toll:
            figure.subject = _subject(sentence, found.start)
        out.append(figure)
        if found.span("num2"):
            second = _figure(
                sentence, found, "num2", "group2", _slot(sentence, found.span("outcome2")) or slot
            )
            if second:
                out.append(second)
        if found.rule.extra.get("list"):
            out.extend(_list_items(sentence, found.end, figure))
    return out


def _list_items(sentence: Sentence, at: int, first: Figure) -> list[Figure]:
    """ "N <group> and M <group>": the items after the first, with its slot."""
    out = []
    rule = _list_rule()
    while at < len(sentence.tokens) and rule.pattern is not None:
        found = rule.pattern.match(sentence.tokens, at)
        if found is None:
            break
        found.rule = rule
        slot = next(iter(first.counts))
        item = _figure(sentence, found, "num", "group", slot)
        if item is None or item.inherit:
            break
        if found.end < len(sentence.tokens) and RULES.lexicon.has(
            sentence.tokens[found.end].low, "auxiliary"
        ):
            break  # "..., and a <person> was shot dead": a figure of its own
        item.subgroup = first.subgroup
        out.append(item)
        at = found.end
    return out


__all__ = ["SLOTS", "Figure", "clean_group", "figures_in", "one_excerpt"]

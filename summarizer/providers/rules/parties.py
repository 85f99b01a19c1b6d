"""Who took part in an event: actors, alleged actors (claims and blame) and targets.

A party the sentence states did it is an actor, and so is a party that reports its own
forces' action ("X said its aircraft struck Y"). A party blamed by someone else, or
one claiming it in words the article does not confirm, is alleged; a blame that names an
earlier incident (``history`` in ``data/parties.toml``) is about that one, not this.
Targets are people, forces, buildings or objects: never the place where it happened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.language.dates import find_dates
from summarizer.providers.rules.engine import RULES, Found, Token, find_all
from summarizer.providers.rules.mentions import Mention
from summarizer.providers.rules.phrases import (
    before_participle,
    head,
    np_after,
    np_before,
    strip_determiner,
)
from summarizer.providers.rules.sentences import Sentence
from summarizer.schema import EventKind

MAX_PARTIES = 3
_CROWD = frozenset({EventKind.protest, EventKind.riot})
_SIDES = frozenset({EventKind.armed_clash, EventKind.riot})
_NOBODY = re.compile(r"^(?:no|nobody|none|neither|it|this|that|they|he|she|we)\b", re.I)


@dataclass(frozen=True)
class Blame:
    """Who is blamed for (or claims) an incident, and where the sentence names it."""

    who: str
    sentence: Sentence
    mention: int | None  # the token of the incident noun it names, if it names one
    own: bool = False  # a party telling of its own forces' action: an actor


def _speaker_before(sentence: Sentence, at: int) -> str | None:
    """The subject of the sentence's reporting verb before token ``at``."""
    tokens = sentence.tokens
    for i in range(at - 1, -1, -1):
        if RULES.lexicon.has(tokens[i].low, "reporting"):
            span = np_before(tokens, i, max_words=8)
            return sentence.cut(span) if span else None
    return None


def find_blame(sents: list[Sentence]) -> list[Blame]:
    """Claims of responsibility, blame and own actions, sentence by sentence."""
    out = []
    for sentence in sents:
        tokens = sentence.tokens
        if sentence.headline:
            continue
        blames = find_all("parties", "blame", tokens)
        owners = find_all("parties", "owner", tokens)
        if not (blames or owners) or _recalled(sentence):
            continue
        for found in blames:
            who = _who(found, sentence)
            if not who:
                continue
            ref = found.span("ref")
            if ref and _history(tokens, ref):
                continue  # blamed for a series of earlier bombings: not this incident
            noun = _incident_at(tokens, ref) if ref else None
            out.append(Blame(who, sentence, noun))
        for found in owners:
            owner = _speaker_before(sentence, found.start + 1)
            if owner and not _NOBODY.match(owner):
                out.append(Blame(strip_determiner(owner), sentence, None, own=True))
    return out


def _recalled(sentence: Sentence) -> bool:
    """A sentence that opens with a time before the report ("In <year>, ..."): its blame is
    about what happened then."""
    dates = find_dates(sentence.text, None)
    return bool(dates) and dates[0].start < 12 and dates[0].background


def _who(found: Found, sentence: Sentence) -> str | None:
    side = found.rule.extra.get("who")
    tokens = sentence.tokens
    span = found.span("who") if side == "after" else np_before(tokens, found.start, max_words=8)
    if span is None:
        return None
    a, b = span
    while b > a and tokens[b - 1].low.endswith("ly") and not tokens[b - 1].cap:
        b -= 1  # "X immediately claimed": the adverb is not the name
    if b <= a or (a > 0 and tokens[a - 1].low in {"no", "nobody", "neither"}):
        return None
    name = strip_determiner(sentence.cut((a, b)))
    name = re.split(r",\s", name)[0].strip()
    if not name or _NOBODY.match(name) or RULES.lexicon.has(head(name), "machines"):
        return None
    return name


def _history(tokens: list[Token], span: tuple[int, int]) -> bool:
    a, b = span
    return RULES.lexicon.within(tokens, max(0, a - 1), b, "history")


def _incident_at(tokens: list[Token], span: tuple[int, int]) -> int | None:
    for i in range(span[0], span[1]):
        if RULES.lexicon.end(tokens, i, "incident_nouns") is not None:
            return i
    return None


def _target_np(sentence: Sentence, i: int) -> str | None:
    span = np_after(sentence.tokens, i, max_words=7)
    if span is None:
        return None
    phrase = strip_determiner(sentence.cut(span))
    phrase = re.sub(r"^(?:(?:at\s+)?least|more than|about|some|nearly|around|over)\s+", "", phrase)
    phrase = before_participle(phrase)
    if not phrase or RULES.lexicon.has(head(phrase), "places") or _NOBODY.match(phrase):
        return None
    if RULES.lexicon.has(head(phrase), "weekdays") or RULES.lexicon.has(head(phrase), "months"):
        return None  # "arrested on <weekday>": a time
    if RULES.lexicon.has(head(phrase), "machines") or RULES.lexicon.has(head(phrase), "measures"):
        return None
    return phrase


def participants(
    kind: EventKind, mentions: list[Mention], blame: list[Blame], text: str
) -> tuple[list[str], list[str], list[str]]:
    """Actors, alleged actors and targets of an incident of ``kind`` told in ``mentions``,
    with what ``blame`` says of who did it."""
    actors: list[str] = []
    alleged: list[str] = []
    targets: list[str] = []
    if kind is EventKind.disaster_or_accident:
        return actors, alleged, targets
    # The headline names a target tersely ("attack on <group>"): it comes first.
    for mention in sorted(mentions, key=lambda m: not m.sentence.headline):
        if mention.kind is not kind and not mention.generic:
            continue  # an arrest told as part of a protest names no target of the protest
        sentence = mention.sentence
        tokens = sentence.tokens
        end = mention.end
        if sentence.headline:
            link = RULES.lexicon.end(tokens, end, "target_links")
            if link is not None and not mention.generic:
                _add(targets, _target_np(sentence, link))
            continue
        if mention.quoted:
            continue
        # "fighting between <side> and <side>": both sides are its actors.
        if kind in _SIDES and end + 1 < len(tokens) and tokens[end].low == "between":
            first = np_after(tokens, end + 1, max_words=6)
            if first and first[1] < len(tokens) and tokens[first[1]].low == "and":
                second = np_after(tokens, first[1] + 1, max_words=6)
                if second:
                    _add(actors, strip_determiner(sentence.cut(first)))
                    _add(actors, before_participle(strip_determiner(sentence.cut(second))))
        # "an attack on <target>", "abducted N <group>", "arrested a <person> in X"
        link = RULES.lexicon.end(tokens, end, "target_links")
        grievance = kind in _CROWD and end < len(tokens) and tokens[end].low == "against"
        if link is not None and not mention.generic and not grievance:
            _add(targets, _target_np(sentence, link))
        elif RULES.lexicon.end(tokens, mention.start, "acts") is not None:
            _add(targets, _target_np(sentence, end))
        # "N <group> were arrested": who it was done to.
        if mention.start >= 2 and tokens[mention.start - 1].low in {"was", "were", "been"}:
            j = mention.start - 1
            while j > 0 and RULES.lexicon.has(tokens[j - 1].low, "auxiliary"):
                j -= 1
            span = np_before(tokens, j, max_words=6)
            if span:
                _add(targets, _target_np(sentence, span[0]))
            if end < len(tokens) and tokens[end].low == "by":
                span = np_after(tokens, end + 1, max_words=6)
                by = strip_determiner(sentence.cut(span)) if span else ""
                if by and not RULES.lexicon.has(head(by), "machines"):
                    _add(actors, by)
            continue
        if mention.generic:
            continue
        actor = _subject(sentence, mention.start)
        if actor:
            _add(actors, actor)
    owners = {b.who.lower() for b in blame if b.own}
    for claim in blame:
        _add(actors if claim.own else alleged, claim.who)
    alleged = [a for a in alleged if a.lower() not in owners and a not in actors]
    targets = [t for t in targets if t not in actors]
    return actors[:MAX_PARTIES], alleged[:MAX_PARTIES], targets[:MAX_PARTIES]


def _subject(sentence: Sentence, at: int) -> str | None:
    """The doer before an incident word: "<armed men> stormed", "<police> arrested",
    "<crowd> marched"; never a weapon, a pronoun or a reported source."""
    tokens = sentence.tokens
    j = at
    while j > 0 and (
        RULES.lexicon.has(tokens[j - 1].low, "auxiliary") or tokens[j - 1].low.endswith("ly")
    ):
        j -= 1
    if j == 0 or (j == at and not RULES.lexicon.has(tokens[at].low, "acts")):
        return None
    span = np_before(tokens, j, max_words=6)
    if span is None:
        return None
    lexicon = RULES.lexicon
    kinds = ("armed", "people", "organisations")
    a = span[0]
    if a >= 2 and tokens[a - 1].low in {"in", "from", "at"}:
        # "<police> in <town> arrested": the force, not the place it serves.
        force = np_before(tokens, a - 1, max_words=4)
        if force and any(lexicon.has(tokens[force[1] - 1].low, k) for k in kinds):
            span = force
    phrase = strip_determiner(sentence.cut(span))
    words = phrase.split()
    while len(words) > 1 and lexicon.has(words[-1].lower(), "machines"):
        words.pop()  # "<army> jets bombed": the force whose machines did it
    if len(words) < len(phrase.split()) and any(lexicon.has(words[-1].lower(), k) for k in kinds):
        phrase = " ".join(words)
    word = head(phrase)
    if not phrase or _NOBODY.match(phrase) or lexicon.has(word, "machines"):
        return None
    if any(lexicon.has(w.lower(), "weekdays") or lexicon.has(w.lower(), "months") for w in words):
        return None  # "on <weekday> morning to protest": a time, not who did it
    if not (any(lexicon.has(word, kind) for kind in kinds) or phrase[:1].isupper()):
        return None
    return phrase


def _add(items: list[str], phrase: str | None) -> None:
    if not phrase:
        return
    phrase = phrase.strip(" ,.;:\"“”'")[:150]
    if len(phrase) < 2 or phrase.lower() in (i.lower() for i in items):
        return
    items.append(phrase)


__all__ = ["Blame", "find_blame", "participants"]

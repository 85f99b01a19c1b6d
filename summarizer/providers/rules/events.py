"""Events: mentions of one incident gathered into one event, main incidents first.

A mention joins an incident already told when its kind fits (``[[merge]]`` in
``data/triggers.toml``) and nothing sets it apart: a "separate incident" word, another day,
or being the other side's response. Generic words ("the attack", "the blast") only refer to
an incident told elsewhere; they make one of their own only in an article that tells no
other. Background is left out, except an earlier incident the article recalls with
particulars of its own (a date, a toll), which comes after the current ones.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from dataclasses import dataclass, field

from summarizer.language.dates import DateMention, find_dates, find_time
from summarizer.providers.rules.engine import RULES
from summarizer.providers.rules.mentions import VIOLENT, Mention, clause, find_mentions, vague
from summarizer.providers.rules.parties import Blame, find_blame, participants
from summarizer.providers.rules.phrases import places
from summarizer.providers.rules.sentences import Sentence, evidence
from summarizer.schema import Event, EventKind

MAX_EVENTS = 10
MAX_DRAFTS = 200  # an article with more incidents than this is cut: work stays linear
DESCRIPTION_MAX_WORDS = 35


@dataclass
class Draft:
    kind: EventKind
    mentions: list[Mention] = field(default_factory=list)
    date: DateMention | None = None
    family: str = ""
    response: bool = False
    background: bool = False
    blame: list[Blame] = field(default_factory=list)
    origin: Mention | None = None  # the mention that first told it
    told: list[int] = field(default_factory=list)  # sentences it is told in, sorted
    words: set[str] = field(default_factory=set)  # the last words of its mentions

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        bisect.insort(self.told, mention.sentence.index)
        self.words.add(mention.words.split()[-1])

    def last_before(self, index: int) -> int:
        """The last sentence before ``index`` that tells it, or -1."""
        at = bisect.bisect_left(self.told, index)
        return self.told[at - 1] if at else -1

    def told_in(self, index: int) -> bool:
        at = bisect.bisect_left(self.told, index)
        return at < len(self.told) and self.told[at] == index

    @property
    def first(self) -> int:
        return min(m.at for m in self.mentions)

    @property
    def last_sentence(self) -> int:
        return max(m.sentence.index for m in self.mentions)


@dataclass
class Events:
    """The events and, for each sentence, which event each of its mentions tells."""

    events: list[Event]
    drafts: list[Draft]
    by_sentence: dict[int, list[tuple[int, int]]]  # sentence -> [(token index, event index)]

    def in_sentence(self, index: int) -> list[tuple[int, int]]:
        return self.by_sentence.get(index, [])


@functools.lru_cache(maxsize=1)
def _merges() -> list[tuple[EventKind, frozenset[EventKind], frozenset[str], EventKind | None]]:
    out = []
    for entry in RULES.data["triggers"].get("merge", []):
        becomes = entry.get("becomes")
        out.append(
            (
                EventKind(entry["kind"]),
                frozenset(EventKind(k) for k in entry["into"]),
                frozenset(entry.get("words", [])),
                EventKind(becomes) if becomes else None,
            )
        )
    return out


@functools.cache
def _consequences() -> dict[str, frozenset[str]]:
    table = RULES.data["triggers"].get("consequences", {})
    return {family: frozenset(effects) for family, effects in table.items()}


def _fits(draft: Draft, mention: Mention) -> bool:
    """Whether ``mention`` can tell the incident ``draft`` holds."""
    if mention.kind is draft.kind:
        return (
            not draft.family
            or not mention.family
            or draft.family == mention.family
            or mention.family in _consequences().get(draft.family, ())
        )
    for kind, into, words, _ in _merges():
        if mention.kind is kind and draft.kind in into and (not words or mention.words in words):
            return True
    return False


def _becomes(draft: Draft, mention: Mention) -> None:
    if mention.reported:
        return  # one side's account: "<crowd> threw stones, <source> said"
    for kind, into, _, becomes in _merges():
        if mention.kind is kind and draft.kind in into and becomes is not None:
            draft.kind = becomes


def _same_day(draft: Draft, mention: Mention) -> bool:
    a, b = draft.date, mention.date
    if a is not None and b is not None and a.background != b.background:
        return False  # "last month" and "on <weekday>": two occasions
    if a is None or b is None or a.iso is None or b.iso is None:
        return True
    # "overnight", "today": read against the report's day, too loose to set two apart.
    return a.iso == b.iso or vague(a) or vague(b)


def _join(draft: Draft, mention: Mention) -> None:
    """``mention`` tells ``draft``'s incident: its day is the incident's if none is known."""
    draft.add(mention)
    _becomes(draft, mention)
    if draft.date is None or (draft.date.iso is None and mention.date and mention.date.iso):
        draft.date = mention.date


def _on_the_spot(drafts: list[Draft], mention: Mention) -> Draft | None:
    """The violent incident an arrest "at the scene" (or in the incident's own sentence)
    ends: part of it, not an arrest of its own."""
    if mention.kind is not EventKind.arrest or mention.separate or mention.next_day:
        return None
    for draft in reversed(drafts):
        if draft.background or draft.kind not in VIOLENT | {EventKind.abduction}:
            continue
        # Told in the arrest's own sentence (not only named: "after the attack"), or
        # before it with the arrest "at the scene".
        index = mention.sentence.index
        told = any(
            m.sentence.index == index and not (m.generic or m.definite or m.agent)
            for m in draft.mentions
        )
        if told or (mention.spot and draft.last_before(index) >= 0):
            return draft
    return None


def _next_day(drafts: list[Draft], mention: Mention) -> DateMention | None:
    """ "The next morning, ...": the day after the latest dated incident told before."""
    start = mention.sentence.start
    dated = [
        (d.first, d.date.iso)
        for d in drafts
        if not d.background and d.date and d.date.iso and d.first < start
    ]
    if not dated:
        return None
    day = dt.date.fromisoformat(max(dated)[1])
    return DateMention(0, 0, "the next day", (day + dt.timedelta(days=1)).isoformat(), False)


def _arrests_on_the_spot(drafts: list[Draft]) -> list[Draft]:
    """Arrests that end a violent incident are part of it; an arrest left with no mention
    of its own is dropped."""
    out = []
    for draft in drafts:
        if draft.kind is EventKind.arrest and not draft.background:
            kept = []
            for mention in draft.mentions:
                ended = _on_the_spot([d for d in drafts if d is not draft], mention)
                if ended is not None:
                    ended.add(mention)
                else:
                    kept.append(mention)
            if not kept:
                continue
            draft.mentions = kept
        out.append(draft)
    return out


def _merge(drafts: list[Draft], mention: Mention) -> None:
    if mention.next_day and mention.date is None:
        mention.date = _next_day(drafts, mention)
    for draft in reversed(drafts):
        if draft.background != mention.background or not _fits(draft, mention):
            continue
        if draft.response and not mention.response and draft.first > mention.at:
            continue  # told before the answer: the incident answered
        # A response of the same kind is the other side's act ("returned fire"); of a kind
        # that fits, it is part of the incident ("police responded with arrests").
        answer = draft.response != mention.response and (
            mention.kind is draft.kind or {mention.kind, draft.kind} <= VIOLENT
        )
        if mention.separate or answer or not _same_day(draft, mention):
            continue
        if (
            mention.background
            and (mention.date and draft.date)
            and mention.date.text != draft.date.text
        ):
            continue  # two recalled incidents of one kind on different occasions
        _join(draft, mention)
        return
    if mention.quoted and not mention.response:
        return  # quoted words are colour, unless they tell of a response
    if len(drafts) >= MAX_DRAFTS or mention.kind is None:
        return
    date = mention.date
    current = [d for d in drafts if not d.background]
    if date is None and mention.later and current:
        date = current[-1].date  # "hours later": the day of the incident before
    draft = Draft(mention.kind, [], date, mention.family, mention.response, mention.background)
    draft.origin = mention
    draft.add(mention)
    drafts.append(draft)


def _fitting(draft: Draft, mention: Mention) -> bool:
    if mention.generic or mention.agent:
        kinds_fit = draft.kind in mention.fits or (mention.agent and draft.kind is mention.kind)
        return kinds_fit and _same_day(draft, mention)
    return _fits(draft, mention)


def _refer(drafts: list[Draft], mention: Mention) -> Draft | None:
    """The incident a generic or definite word refers to ("the attack", "that fire"): one
    of a kind it fits, told in its sentence, else the one told most recently before it,
    else the first told after it."""
    # The other side's answer ("its artillery struck back") is never the incident it
    # answers: a responding word refers only to a response told before.
    fitting = [
        d
        for d in drafts
        if _fitting(d, mention)
        and (d.background or not mention.background)
        and (d.response or not mention.response)
        and not (d.response and not mention.response and d.first > mention.at)
    ]  # nor does a word told before an answer refer to it
    if not fitting:
        return None
    index = mention.sentence.index
    here = [d for d in fitting if d.told_in(index)]
    if here:
        return here[0]
    word = mention.words.split()[-1]

    def rank(draft: Draft) -> tuple[int, bool]:
        return draft.last_before(index), word in draft.words

    before = [d for d in fitting if rank(d)[0] >= 0]
    if before:
        return max(before, key=rank)
    return fitting[0]


def build_events(
    text: str, sents: list[Sentence], ref: dt.date | None, reported: frozenset[int] = frozenset()
) -> Events:
    """Events, main ones first, and where each is mentioned. ``reported`` are the
    sentences that give a speaker's account, whose word alone does not make a protest a
    riot."""
    usable = [s for s in sents if not s.injected]
    body = [s for s in usable if not s.headline]
    headline = [s for s in usable if s.headline]
    drafts: list[Draft] = []
    deferred: list[Mention] = []
    lede = body[0] if body else None  # "the collapse of X" here tells the main incident
    opening: tuple[int, DateMention] | None = None  # a paragraph's opening day
    for sentence in [*body, *headline]:
        day = _opening_day(sentence, ref)
        if day is not None:
            opening = (sentence.paragraph, day)
        elif opening is not None and opening[0] != sentence.paragraph:
            opening = None
        for mention in find_mentions(sentence, ref):
            if mention.background and not mention.particular:
                continue
            if mention.date is None and opening is not None and not sentence.headline:
                mention.date = opening[1]  # "On <day>, X. <More of X>.": still that day
            mention.reported = sentence.index in reported
            if mention.generic or mention.agent or mention.definite or sentence.headline:
                deferred.append(mention)
            else:
                _merge(drafts, mention)
    for mention in deferred:
        target = _refer(drafts, mention)
        if target is not None:
            _join(target, mention)
        elif (
            not mention.generic
            and not mention.agent
            and (
                not mention.definite
                or not _tells_incident(drafts)
                or (mention.sentence is lede and not _tells_incident(drafts, mention))
            )
        ):
            # The first telling of an incident, in its headline or not; "the fire" refers to
            # one told before, so it tells a new one only in an article that tells none.
            _merge(drafts, mention)
        elif (mention.creates == "unmatched" or mention.response) and not (
            mention.quoted or mention.background
        ):
            _merge(drafts, mention)  # "an explosion hit X", "its guns hit back": told nowhere else
    drafts = _arrests_on_the_spot(drafts)
    for draft in drafts:
        if draft.date is None:
            draft.date = _date_beside(draft, drafts)
    _dates_carried(drafts)
    if not _tells_incident(drafts):
        for mention in deferred:
            if mention.generic and mention.kind and not mention.background and not mention.quoted:
                _merge(drafts, mention)
                break
    current = sorted((d for d in drafts if not d.background), key=lambda d: d.first)
    past = sorted((d for d in drafts if d.background), key=lambda d: d.first)
    drafts = (current + past)[:MAX_EVENTS]
    where = {(m.sentence.index, m.start): d for d in drafts for m in d.mentions}
    for blame in find_blame(usable):
        blamed = _blamed(drafts, blame, where)
        if blamed is not None:
            blamed.blame.append(blame)
    by_sentence: dict[int, list[tuple[int, int]]] = {}
    for i, draft in enumerate(drafts):
        for m in draft.mentions:
            by_sentence.setdefault(m.sentence.index, []).append((m.start, i))
    events = [_finish(text, d, drafts) for d in drafts]
    return Events(events, drafts, by_sentence)


def _opening_day(sentence: Sentence, ref: dt.date | None) -> DateMention | None:
    """The day a sentence opens with ("On <weekday> night, ..."), if it names one."""
    head = sentence.text.lstrip()[:40]
    if not head[:3].lower().startswith(("on ", "by ", "lat", "ear")) and not head[:1].isupper():
        return None
    for date in find_dates(head, ref):
        if date.start <= 6 and date.iso is not None and not date.background:
            return date
    return None


def _tells_incident(drafts: list[Draft], mention: Mention | None = None) -> bool:
    """Whether a current incident is told that is not an answer to another one (and one
    ``mention`` could tell: "the collapse" names none of an arrest told before it)."""
    return any(
        not d.background and not d.response and (mention is None or _fits(d, mention))
        for d in drafts
    )


def _date_beside(draft: Draft, drafts: list[Draft]) -> DateMention | None:
    """An undated incident told in one sentence with a dated one ("the quake set off a
    landslide"): that one's day."""
    sentences = {m.sentence.index for m in draft.mentions}
    for other in drafts:
        if other is draft or other.date is None or other.background != draft.background:
            continue
        if any(m.sentence.index in sentences for m in other.mentions):
            return other.date
    return None


def _dates_carried(drafts: list[Draft]) -> None:
    """A current incident told with no day of its own happened on the day of the incident
    told just before it (the story goes on); an earlier one stays undated."""
    current = sorted((d for d in drafts if not d.background), key=lambda d: d.first)
    day: DateMention | None = None
    for draft in current:
        if draft.date is None and day is not None:
            draft.date = day
        elif draft.date is not None and draft.date.iso is not None:
            day = draft.date


# Incidents a party can be blamed for or claim.
_BLAMEABLE = frozenset(EventKind) - {
    EventKind.disaster_or_accident,
    EventKind.agreement,
    EventKind.troop_movement,
    EventKind.arrest,
    EventKind.protest,
    EventKind.other,
}


def _blamed(drafts: list[Draft], blame: Blame, where: dict[tuple[int, int], Draft]) -> Draft | None:
    """The incident a claim of responsibility or a blame is about: the one its sentence
    tells, else the latest violent one told before it."""
    candidates = [d for d in drafts if d.kind in _BLAMEABLE]
    if blame.mention is not None:
        named = where.get((blame.sentence.index, blame.mention))
        return named if named in candidates else None  # else history: no incident here
    here = [d for d in candidates if d.told_in(blame.sentence.index)]
    if here:
        return here[0]
    before = [
        d
        for d in candidates
        if not d.background and d.mentions[0].sentence.index < blame.sentence.index
    ]
    return before[-1] if before else None


def _main(draft: Draft) -> Mention:
    """The mention that tells the incident best: in the body, no later than the one that
    made it (a lead sentence may tell it in general words before a later one names it),
    not quoted, earliest, else not generic nor definite, of its kind."""
    origin = draft.origin

    def later(m: Mention) -> bool:
        return origin is not None and m.sentence.index > origin.sentence.index

    return min(
        draft.mentions,
        key=lambda m: (
            m.sentence.headline,
            later(m),
            m.quoted,
            m.sentence.index,
            m is not draft.origin,
            m.generic or m.agent,
            m.definite,
            m.kind is not draft.kind,
            m.at,
        ),
    )


def _finish(text: str, draft: Draft, drafts: list[Draft]) -> Event:
    main = _main(draft)
    sentence = main.sentence
    when = draft.date.text if draft.date else None
    if when is None:
        when = find_time(sentence.text)
    actors, alleged, targets = participants(draft.kind, draft.mentions, draft.blame, text)
    others = [
        m.start for d in drafts if d is not draft for m in d.mentions if m.sentence is sentence
    ]
    return Event(
        kind=draft.kind,
        description=describe(sentence, main, others),
        date=draft.date.iso if draft.date else None,
        when=when[:120] if when else None,
        location=_location(draft, text),
        actors=actors,
        alleged_actors=alleged,
        targets=targets,
        evidence=evidence(text, sentence, main.at),
    )


def _location(draft: Draft, text: str) -> str | None:
    for mention in sorted(draft.mentions, key=lambda m: (m.sentence.headline, m.at)):
        found = places(mention.sentence.tokens, text)
        if not found:
            continue
        after = [p for p in found if p[0] >= mention.start]
        return (after or found)[0][2][:200]
    return None


def describe(sentence: Sentence, main: Mention, others: list[int]) -> str:
    """One sentence saying what happened: the clause of the sentence that holds the
    trigger, without the reporting clause, asides, or a part that tells another incident
    (whose triggers lie at token positions ``others``)."""
    tokens = sentence.tokens
    left, right = _content(sentence)
    if not left <= main.start < right:
        left, right = 0, len(tokens)
    # Cut at a joint ("after", "following", "in retaliation for") between this incident and
    # another one told in the same sentence.
    for i in range(left, right):
        participle = (
            tokens[i].low in {",", "and"}
            and i + 1 < right
            and tokens[i + 1].low.endswith("ing")
            and not tokens[i + 1].cap
        )  # ", taking N <group> hostage": a second action told beside the first
        joint = participle or tokens[i].low in {"after", "following", "when", "before", "as"}
        joint = joint or RULES.lexicon.end(tokens, i, "cause") is not None
        if not joint:
            continue
        if i <= main.start and any(left <= o < i for o in others):
            left = i + 1
        elif i > main.end and any(i < o < right for o in others):
            right = i
    # Asides after the trigger's clause: ", saying ...", "; ...", " — ...".
    for i in range(main.end, right):
        if tokens[i].low in {";", "—", "–"} or (
            tokens[i].low == ","
            and i + 1 < right
            and tokens[i + 1].low in {"saying", "adding", "while", "which", "who", "but"}
        ):
            right = i
            break
    while left < main.start and tokens[left].low in {"that", ",", "and", "but", '"', "“", "”"}:
        left += 1
    if right - left > DESCRIPTION_MAX_WORDS:
        cut = left + DESCRIPTION_MAX_WORDS
        commas = [i for i in range(main.end, cut) if tokens[i].low == ","]
        right = commas[-1] if commas else cut
    while right > left and (
        tokens[right - 1].low
        in {
            ",",
            ";",
            ":",
            "and",
            "or",
            "the",
            "a",
            "an",
            "of",
            "in",
            "on",
            "at",
            "to",
            '"',
            "“",
            "”",
        }
    ):
        right -= 1
    if right <= left:
        return sentence.text.strip()[:300]
    words = sentence.text[
        tokens[left].start - sentence.start : tokens[right - 1].end - sentence.start
    ]
    words = (
        words.replace("“", "").replace("”", "") if words.count("“") != words.count("”") else words
    )
    if words.count('"') % 2:
        words = words.replace('"', "")
    words = words.strip()
    words = words[:1].upper() + words[1:]
    return (words if words.endswith((".", "!", "?")) else words.rstrip(".") + ".")[:300]


def _content(sentence: Sentence) -> tuple[int, int]:
    """The token span of what a sentence reports, without "X said": "<content>, X said."
    and "X said (that) <content>"."""
    tokens = sentence.tokens
    for i in range(len(tokens)):
        end = RULES.lexicon.end(tokens, i, "say_verbs")
        if end is None:
            continue
        left, right = clause(tokens, i)
        if left > 0 and tokens[left - 1].low == "," and right >= len(tokens) - 2:
            return 0, left - 1  # "<content>, X said."
        if left == 0 or i - left <= 8:
            j = end
            while j < len(tokens) and j - end < 12 and tokens[j].low != "that":
                j += 1
            if j < len(tokens) and tokens[j].low == "that":
                return j + 1, len(tokens)
            return end, len(tokens)
    return 0, len(tokens)


__all__ = ["MAX_EVENTS", "Draft", "Events", "build_events", "describe"]

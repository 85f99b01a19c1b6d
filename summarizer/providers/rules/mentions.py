"""Event mentions: the trigger words of one sentence, by kind, with what their clause says.

Triggers are ``data/triggers.toml``; the words around them (``data/context.toml``) tell
whether a mention is real (not a threat or a plan), current or background, another incident
than one told before, or the other side's response. Each mention also takes the time
expression of its own clause, read by ``summarizer.language.dates``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from summarizer.language.dates import DateMention, find_dates
from summarizer.providers.rules.engine import RULES, Found, Token, find_all
from summarizer.providers.rules.sentences import Sentence
from summarizer.schema import EventKind

VIOLENT = frozenset(
    {
        EventKind.suicide_bombing,
        EventKind.remote_explosive,
        EventKind.air_or_drone_strike,
        EventKind.shelling_artillery_missile_attack,
        EventKind.armed_clash,
        EventKind.attack,
    }
)
_CLAUSE_MARKS = frozenset({",", ";", ":", "—", "–", "(", ")"})
_QUOTES = frozenset({'"', "“", "”"})


@dataclass
class Mention:
    """One trigger of one sentence and what its clause says about it."""

    kind: EventKind | None  # None: a generic word that makes no incident of its own
    sentence: Sentence
    start: int  # token span in the sentence
    end: int
    generic: bool = False
    creates: str = ""  # a generic word makes an incident when "unmatched" or told "alone"
    reported: bool = False  # in a sentence that gives a speaker's account
    definite: bool = False  # "the bombing", "that fire": an incident told elsewhere
    fits: frozenset[EventKind] = frozenset()
    agent: bool = False
    family: str = ""
    quoted: bool = False
    background: bool = False  # an earlier incident, or history
    particular: bool = False  # a background incident told with particulars of its own
    separate: bool = False  # "a second", "separately": not an incident told before
    response: bool = False  # the other side's answer: an incident of its own
    later: bool = False  # "hours later": the same day as the incident before
    next_day: bool = False  # "the next morning": the day after the incident before
    spot: bool = False  # "at the scene", "minutes later": part of the incident told
    date: DateMention | None = None

    @property
    def at(self) -> int:
        """The mention's offset in the article text."""
        return self.sentence.tokens[self.start].start

    @property
    def words(self) -> str:
        return " ".join(t.low for t in self.sentence.tokens[self.start : self.end])


def clause(tokens: list[Token], i: int) -> tuple[int, int]:
    """The token span of the clause around ``tokens[i]``: between punctuation marks."""
    left = i
    while left > 0 and tokens[left - 1].low not in _CLAUSE_MARKS:
        left -= 1
    right = i
    while right < len(tokens) and tokens[right].low not in _CLAUSE_MARKS:
        right += 1
    return left, right


def _has(tokens: list[Token], a: int, b: int, name: str) -> bool:
    return RULES.lexicon.within(tokens, a, b, name)


def _quoted(tokens: list[Token], i: int) -> bool:
    marks = sum(1 for t in tokens[:i] if t.low in _QUOTES)
    return marks % 2 == 1


@functools.lru_cache(maxsize=1)
def _families() -> dict[str, str]:
    table = RULES.data["triggers"].get("families", {})
    return {phrase: name for name, phrases in table.items() for phrase in phrases}


@functools.lru_cache(maxsize=1)
def _suppressed() -> list[tuple[EventKind, frozenset[EventKind], frozenset[str]]]:
    return [
        (
            EventKind(entry["kind"]),
            frozenset(EventKind(k) for k in entry["by"]),
            frozenset(entry.get("words", [])),
        )
        for entry in RULES.data["triggers"].get("suppress", [])
    ]


def _trigger_span(found: Found) -> tuple[int, int]:
    return found.span("trigger") or (found.start, found.end)


def _kind(found: Found) -> EventKind | None:
    kind = found.rule.extra.get("kind") or None
    return EventKind(kind) if kind else None


@functools.lru_cache(maxsize=256)
def _fits(kinds: tuple[str, ...]) -> frozenset[EventKind]:
    return frozenset(EventKind(k) for k in kinds)


def _one_head(tokens: list[Token], found: list[Mention]) -> list[Mention]:
    """ "a missile and drone attack": two weapons of one incident, told as one."""
    starts = {m.start: m for m in found}
    dropped: set[int] = set()
    for m in found:
        other = starts.get(m.end + 1)
        if (
            other is not None
            and m.end < len(tokens)
            and tokens[m.end].low == "and"
            and not m.generic
            and not other.generic
            and any(
                j < len(tokens) and RULES.lexicon.has(tokens[j].low, "generic_violence")
                for j in (other.end - 1, other.end)
            )
        ):
            dropped.add(id(other))
    return [m for m in found if id(m) not in dropped]


def find_mentions(sentence: Sentence, ref: dt.date | None) -> list[Mention]:
    """The mentions of one sentence, after guards, suppression and context."""
    tokens = sentence.tokens
    families = _families()
    found = []
    for f in find_all("triggers", "trigger", tokens):
        a, b = _trigger_span(f)
        extra = f.rule.extra
        if extra.get("lower_case") and not tokens[a].text.islower():
            continue
        words = " ".join(t.low for t in tokens[a:b])
        found.append(
            Mention(
                kind=_kind(f),
                sentence=sentence,
                start=a,
                end=b,
                generic=bool(extra.get("generic")),
                creates=extra.get("creates", "alone"),
                fits=_fits(tuple(extra.get("fits", ()))),
                agent=bool(extra.get("agent")),
                family=extra.get("family") or families.get(words, ""),
                quoted=_quoted(tokens, a),
            )
        )
    found = _one_head(tokens, found)
    kinds = {m.kind for m in found if not m.generic}
    for kind, by, only in _suppressed():
        if kinds & by:
            found = [
                m
                for m in found
                if m.generic or m.kind is not kind or (only and m.words not in only)
            ]
    dates = find_dates(sentence.text, ref) if found else []
    out = []
    for mention in found:
        if (
            _unreal(tokens, mention.start)
            or _unreal_after(tokens, mention.end)
            or _accused_of(tokens, mention.start)
        ):
            continue
        mention.definite = _definite(tokens, mention.start)
        _context(mention, dates)
        out.append(mention)
    return out


_DEFINITE = frozenset({"the", "this", "that", "these", "those", "its", "their"})


def _definite(tokens: list[Token], at: int) -> bool:
    """ "the bombing", "that fire", "the latest salvo", "<weekday>'s attack": a noun with a
    determiner that points back (two lower-case words may stand between them). A verb
    ("the roof collapsed") is no such reference."""
    if tokens[at].low.endswith("ed") or (
        at > 0 and RULES.lexicon.has(tokens[at - 1].low, "auxiliary")
    ):
        return False
    for j in range(at - 1, max(-1, at - 4), -1):
        low = tokens[j].low
        if low in _DEFINITE or low.endswith("'s"):
            return True
        if not tokens[j].word or tokens[j].cap or RULES.lexicon.has(low, "function"):
            return False
    return False


def _accused_of(tokens: list[Token], at: int) -> bool:
    """ "accused X of shelling Y": what one side says the other did."""
    if at == 0 or tokens[at - 1].low != "of":
        return False
    return any(
        t.low in {"accused", "accusing", "accuses", "accuse", "suspected", "charged"}
        for t in tokens[:at]
    )


def _unreal(tokens: list[Token], at: int) -> bool:
    """A threat, a plan, a fear: an unreal word within the few words before the trigger."""
    left, _ = clause(tokens, at)
    left = max(left, at - 4)
    for j in range(at - 1, left - 1, -1):
        if tokens[j].low in {"that", "which", "who", "and", "but"}:
            left = j + 1  # another clause's modal is not this one's
            break
    return _has(tokens, left, at, "unreal")


def _unreal_after(tokens: list[Token], end: int) -> bool:
    """ "<trigger> would be held", "<trigger> was called off": to come, or not at all."""
    _, right = clause(tokens, max(0, end - 1))
    return any(
        RULES.lexicon.end(tokens, j, "unreal_after") is not None
        for j in range(end, min(right, end + 4))
    )


def _context(mention: Mention, dates: list[DateMention]) -> None:
    tokens = mention.sentence.tokens
    left, right = clause(tokens, mention.start)
    lead_end = clause(tokens, 0)[1]
    mention.separate = _has(tokens, left, mention.start, "separate") or (
        _has(tokens, max(0, mention.start - 3), mention.start, "another")
        and _right_before(tokens, mention.start, "another")
    )
    mention.response = _response(tokens, left, right)
    mention.later = any(
        t.low in {"later", "afterwards", "subsequently"}
        for t in [*tokens[left:right], *tokens[:lead_end]]
    )
    opening = lead_end if lead_end < mention.start else 0
    mention.next_day = _has(tokens, left, right, "next_day") or _has(tokens, 0, opening, "next_day")
    mention.spot = _has(tokens, left, right, "on_the_spot")
    # "a counter-demonstration": never the incident it counters.
    mention.separate = mention.separate or tokens[mention.start].low.startswith("counter")
    if mention.later and any(
        t.low in {"a", "an"} for t in tokens[max(left, mention.start - 3) : mention.start]
    ):
        mention.separate = True  # "hours later, a <trigger>": a new incident, not a retelling
    cause = _has(tokens, max(0, mention.start - 6), mention.start, "cause")
    mention.date = _date(mention, dates)
    lead = _lead_background(tokens, dates, mention)
    past = (mention.date is not None and mention.date.background) or lead
    since = any(t.low == "since" for t in tokens[max(0, mention.start - 3) : right]) or (
        tokens[left].low == "when"
        and any(t.low == "since" for t in tokens[max(0, left - 4) : left])
    )  # "since <year>, when <incident>": what happened then
    for start, _ in RULES.lexicon.phrases(tokens, "cause", mention.end, right):
        right = start  # what follows "in response to" is another incident
        break
    history = since or _has(tokens, left, right, "background")
    mention.background = past or history or cause
    if not history:
        # Recalled with particulars of its own: a toll, or a time of its own.
        figure = _figure_near(tokens, left, right)
        mention.particular = mention.background and (
            figure or lead or (cause and mention.date is not None)
        )


def _right_before(tokens: list[Token], at: int, name: str) -> bool:
    """Whether a phrase of class ``name`` ends at most one word before ``tokens[at]``."""
    for start in range(max(0, at - 4), at):
        end = RULES.lexicon.end(tokens, start, name)
        if end is not None and at - end <= 1:
            return True
    return False


def _response(tokens: list[Token], left: int, right: int) -> bool:
    """A response word in the clause that does not name what it answers ("in response to")."""
    for _, end in RULES.lexicon.phrases(tokens, "response", left, right):
        after = end
        if after >= len(tokens) or tokens[after].low not in {"to", "for"}:
            return True
    return False


def _figure_near(tokens: list[Token], left: int, right: int) -> bool:
    """A casualty word in the clause: "killed N <group>", "wounding N"."""
    return any(
        RULES.lexicon.end(tokens, i, name) is not None
        for i in range(left, right)
        for name in ("killed", "injured")
    )


def _lead_background(tokens: list[Token], dates: list[DateMention], mention: Mention) -> bool:
    """A sentence opening with a time before the report ("In <year>, ...", "In <month> a
    ..."): the sentence's incidents are background unless their own clause is dated."""
    if mention.date is not None and not mention.date.background:
        return False
    first = next((d for d in dates if d.start < 12), None)
    return (
        first is not None
        and first.background
        and first.start < tokens[mention.start].start - tokens[0].start
    )


def _date(mention: Mention, dates: list[DateMention]) -> DateMention | None:
    """The time expression of the mention's own clause, else the nearest one in the
    sentence that dates neither a statement ("said on <weekday>"), another thing
    ("<weekday>'s vote") nor what is to come ("will appear on <weekday>")."""
    sentence = mention.sentence
    tokens = sentence.tokens
    at = tokens[mention.start].start - sentence.start
    usable = [d for d in dates if not _dates_something_else(sentence, d, mention)]
    if not usable:
        return None
    left, right = clause(tokens, mention.start)
    lo = tokens[left].start - sentence.start if left < len(tokens) else 0
    hi = tokens[right - 1].end - sentence.start if right > 0 else len(sentence.text)
    inside = [d for d in usable if lo <= d.start and d.end <= hi + 1]
    pool = inside or [d for d in usable if not _in_report_clause(sentence, d)]
    if not pool:
        return None
    # A day named ("on <weekday>", "<month> N") over a vague one ("overnight", "today").
    named = [d for d in pool if not _VAGUE.fullmatch(d.text.lower())]
    return min(named or pool, key=lambda d: min(abs(d.start - at), abs(d.end - at)))


_VAGUE = re.compile(r"(?:over ?night|today|tonight|this (?:morning|afternoon|evening)|yesterday)")


def vague(date: DateMention) -> bool:
    """A day read against the report's own ("overnight", "today"), not named."""
    return _VAGUE.fullmatch(date.text.lower()) is not None


def _token_at(tokens: list[Token], offset: int) -> int:
    for i, token in enumerate(tokens):
        if token.end > offset:
            return i
    return len(tokens)


def _dates_something_else(sentence: Sentence, date: DateMention, mention: Mention) -> bool:
    tokens = sentence.tokens
    text = sentence.text
    after_word = re.match(r"\s+([a-z][\w-]*)", text[date.end :])
    if (
        _VAGUE.fullmatch(date.text.lower())
        and after_word
        and not RULES.lexicon.has(after_word.group(1), "function")
    ):
        return True  # "an overnight train": a word describing a noun, not a time
    after = text[date.end : date.end + 3]
    if date.text.endswith(("'s", "’s")) or after.startswith(("'s", "’s")):
        # "last <weekday>'s vote": the date of the noun it owns, unless that is the trigger.
        following = _token_at(tokens, sentence.start + date.end + 3)
        at = _token_at(tokens, sentence.start + date.start)
        if at > 0 and tokens[at - 1].low in {"during", "amid", "throughout"}:
            return False  # "during <weekday>'s vote": the incident's day too
        owned = any(
            RULES.lexicon.end(tokens, j, "incident_nouns") is not None
            for j in (following, following + 1)
            if j < len(tokens)
        )
        if owned and not _has(tokens, min(mention.end, at), max(mention.start, at), "cause"):
            return False  # "in <weekday>'s operation": an incident told in other words
        return not (mention.start <= following + 1 <= mention.end + 1)
    i = _token_at(tokens, sentence.start + date.start)
    if i > mention.end and _has(tokens, mention.end, i, "cause"):
        return True  # "<incident> in response to <another> last week": the other's date
    lead = clause(tokens, 0)[1]
    if i < lead and any(RULES.lexicon.has(t.low, "documents") for t in tokens[:lead]):
        return True  # "In a statement on <weekday>, X said ...": the statement's day
    window = tokens[max(0, i - 5) : i]
    if any(RULES.lexicon.has(t.low, "unreal") for t in window):
        return True
    if any(t.low == "toll" for t in tokens[:i]) and _has(tokens, max(0, i - 5), i, "toll_rise"):
        return True  # "the toll rose to N on <weekday>": the count's day
    if any(t.low in {"until", "by", "before"} for t in window[-1:]):
        return True
    return _in_report_clause(sentence, date) and not (
        _token_at(tokens, sentence.start + date.start) > mention.start
    )


def _in_report_clause(sentence: Sentence, date: DateMention) -> bool:
    """A date right after a reporting verb: "said on <weekday>", "said in a statement on
    <weekday>"."""
    tokens = sentence.tokens
    i = _token_at(tokens, sentence.start + date.start)
    window = tokens[max(0, i - 7) : i]
    return any(RULES.lexicon.has(t.low, "reporting") for t in window) and not any(
        t.low in {"that", ","} for t in window[-3:]
    )


__all__ = ["VIOLENT", "Mention", "clause", "find_mentions", "vague"]

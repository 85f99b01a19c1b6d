"""Who a sentence reports as speaking, where, and what they said.

A report is a reporting verb (``reporting`` in ``data/speech.toml``) with its speaker: the
subject before it ("X said"), the name after it ('"...," said X'), or the source of
"according to X". A subject is read back from the verb by comma-separated chunks, so that
an appositive ("X, a spokesman for Y, said"), an age, a relative clause ("who runs ...")
or a participle ("speaking at ...") is passed over and a role before a name becomes its
affiliation. The claim is what the report's clause says around the verb.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.providers.rules.engine import RULES, Token, read_count, tokenize
from summarizer.providers.rules.names import is_name_token
from summarizer.providers.rules.phrases import strip_determiner
from summarizer.providers.rules.sentences import Sentence, quote_in, quoted_flags

_QUOTES = frozenset({'"', "“", "”", "'", "‘", "’"})
_PARTICIPLES = frozenset({"saying", "adding", "telling", "writing"})


@dataclass
class Report:
    """One reporting clause of a sentence."""

    verb: tuple[int, int]  # token span of the reporting verb
    speaker: str  # as written ("Dr. <First> <Last>", "he", "the chief")
    affiliation: str | None
    content: tuple[int, int]  # token span of what is reported
    quote: str | None
    embedded: bool = False  # "... they said were killed": the sentence's subject speaks
    introduces: bool = False  # only announces what the next sentences say: no claim itself


def _chunks(tokens: list[Token], start: int, end: int) -> list[tuple[int, int]]:
    """Comma-separated chunks of ``tokens[start:end]``."""
    out = []
    a = start
    for i in range(start, end):
        if tokens[i].low == ",":
            if i > a:
                out.append((a, i))
            a = i + 1
    if end > a:
        out.append((a, end))
    return out


def _finite(tokens: list[Token], a: int, b: int) -> bool:
    """Whether a chunk has a verb of its own, which makes it a clause, not a name."""
    lexicon = RULES.lexicon
    for t in tokens[a:b]:
        if lexicon.has(t.low, "clause_verbs") or (
            t.low.endswith("ed")
            and not t.cap
            and len(t.low) > 4
            and not lexicon.has(t.low, "ed_adjectives")
        ):
            return True
    return False


def _aside(tokens: list[Token], a: int, b: int) -> bool:
    """A chunk that names no one: an age, a relative clause, a participle, an adverbial."""
    first = tokens[a]
    if re.fullmatch(r"(?:aged\s+)?\d{1,3}", " ".join(t.low for t in tokens[a:b])):
        return True
    if first.low in {"who", "which", "whose", "where", "when", "speaking", "writing", "asked"}:
        return True
    if first.low.endswith("ing") and not first.cap:
        return True
    if first.low == "one" and b - a > 2 and tokens[a + 1].low == "of":
        return True  # "one of the <group> who ...": about the speaker
    lexicon = RULES.lexicon
    return lexicon.has(first.low, "prepositions") or first.low in {
        "about",
        "some",
        "nearly",
        "just",
    }


def _appositive(tokens: list[Token], a: int, b: int) -> bool:
    """ "a spokesman for X", "X's chief physician", "its spokesman", "a charity that runs
    X" (a relative clause may follow the noun)."""
    for j in range(a, b):
        if tokens[j].low in {"that", "who", "which", "whose"}:
            b = j
            break
    words = [t.low for t in tokens[a:b]]
    lexicon = RULES.lexicon
    if not words or _finite(tokens, a, b):
        return False
    if lexicon.has(words[0], "roles") and len(words) <= 10:
        return True  # "head of <body>", "spokeswoman for <body>"
    if words[0] in {"a", "an", "the", "its", "their", "his", "her"} or words[0].endswith("'s"):
        return (
            any(lexicon.has(w, "roles") or lexicon.has(w, "organisations") for w in words)
            or len(words) <= 8
        )
    return False


def _is_person_name(tokens: list[Token], a: int, b: int) -> bool:
    return b - a >= 2 and all(is_name_token(t) for t in tokens[a:b])


def _plausible(tokens: list[Token], a: int, b: int) -> bool:
    """Whether a phrase can name a speaker: a name, a pronoun, or people or a body."""
    if b <= a or b - a > 14:
        return False
    words = tokens[a:b]
    lexicon = RULES.lexicon
    if any(t.low in _QUOTES for t in words):
        return False
    if b - a == 1 and lexicon.has(words[0].low, "pronouns"):
        return words[0].low in {"he", "she", "it", "they", "we", "i"}
    if words[0].low in {"no", "nobody", "none", "neither", "nor", "there", "it", "this", "that"}:
        return False
    if all(lexicon.has(t.low, "time_words") or t.low.isdigit() for t in words):
        return False  # "A day on, the ministry said": when, not who
    if lexicon.has(words[0].low, "prepositions") and words[0].low != "according":
        return False  # "on <platform>", "in an interview": how, not who
    if any(lexicon.has(t.low, "documents") for t in words[-1:]):
        return True  # "the statement said": the speaker of that statement
    if _finite(tokens, a, b):
        return False
    if any(t.cap for t in words[1:]) or (
        words[0].cap and not lexicon.has(words[0].low, "determiners")
    ):
        return True
    return any(
        lexicon.has(t.low, name)
        for t in words
        for name in ("roles", "people", "organisations", "armed", "honorifics")
    )


# Words between a speaker and the reporting verb: "X also said", "X had earlier told".
_BETWEEN = frozenset(
    {"also", "later", "again", "separately", "earlier", "then", "further", "previously", "once"}
    | {"had", "has", "have", "would"}
)


def _subject(sentence: Sentence, verb: int) -> tuple[int, int, str | None] | None:
    """The speaker before a verb, and an affiliation from an appositive: (start, end, aff)."""
    tokens = sentence.tokens
    end = verb
    lexicon = RULES.lexicon
    if verb >= 2 and lexicon.has(tokens[verb - 1].low, "pronouns") and tokens[verb - 2].word:
        return verb - 1, verb, None  # "... <group> they said were killed": embedded
    while end > 0 and (
        tokens[end - 1].low in _BETWEEN
        or (tokens[end - 1].low.endswith("ly") and not tokens[end - 1].cap)
    ):
        end -= 1
    if end > 0 and tokens[end - 1].low in _QUOTES | {"."}:
        return None
    start = end
    while (
        start > 0
        and tokens[start - 1].low not in _QUOTES
        and tokens[start - 1].low not in {";", ":", "—", "–"}
    ):
        if (
            lexicon.has(tokens[start - 1].low, "subordinators")
            and start - 1 > 0
            and tokens[start - 2].low != ","
        ):
            inside_name = (
                tokens[start - 1].low == "and" and tokens[start - 2].cap and tokens[start].cap
            )
            # "X, a group that controls Y, claimed": a relative clause closed by a comma
            # before the verb is an aside about the speaker, not where the speaker starts.
            relative = tokens[start - 1].low in {"that", "who", "which"} and (
                tokens[end - 1].low == "," if end > 0 else False
            )
            if not inside_name and not relative and not _inside_aside(tokens, start - 1, end):
                break
        start -= 1
    what = next((j for j in range(end - 1, start, -1) if tokens[j].low == "what"), None)
    if (
        what is not None
        and what + 1 < end
        and tokens[what + 1].low != ","
        and verb < len(tokens)
        and lexicon.has(tokens[verb].low, "naming")
    ):
        start = what + 1  # "seizing what <X> called the largest haul": X speaks
    chunks = _chunks(tokens, start, end)
    if not chunks:
        return None
    if len(chunks) > 1 and tokens[chunks[-1][0]].low == "whose":
        whose = _whose(sentence, chunks[-2], chunks[-1])
        if whose is not None:
            return whose
    # Drop asides from the end: ", <age>,", ", who runs ...,", ", speaking at ...,".
    while len(chunks) > 1 and _aside(tokens, *chunks[-1]):
        chunks.pop()
    last = chunks[-1]
    a, b = last
    while a < b and lexicon.has(tokens[a].low, "subordinators"):
        a += 1
    while a < b and lexicon.end(tokens, a, "lead_ins") is not None and b - a > 1:
        a = lexicon.end(tokens, a, "lead_ins") or a
    last = (a, b)
    affiliation = None
    if len(chunks) >= 2 and not _aside(tokens, *chunks[-2]):
        prev = chunks[-2]
        if _is_person_name(tokens, *prev) and _appositive(tokens, *last):
            affiliation, last = sentence.cut(last), prev  # "X, a spokesman for Y, said"
        elif _is_person_name(tokens, *last) and _appositive(tokens, *prev):
            affiliation = sentence.cut(prev)  # "Y's director, Dr. X, said"
        elif (
            len(chunks) == 2
            and tokens[prev[0]].cap
            and _appositive(tokens, *last)
            and _plausible(tokens, *prev)
            and not _finite(tokens, *prev)
        ):
            affiliation, last = sentence.cut(last), prev  # "<Company>, a chain, said"
    a, b = last
    while a < b and lexicon.has(tokens[a].low, "prepositions") and a == start:
        return None
    if not _plausible(tokens, a, b):
        return None
    return a, b, affiliation


def _inside_aside(tokens: list[Token], at: int, end: int) -> bool:
    """Whether ``at`` lies in an aside closed by a comma before the verb: "X, who asked not to
    be named because ..., said", "X, speaking on condition of anonymity because ..., told"."""
    if end == 0 or tokens[end - 1].low != ",":
        return False
    c = at - 1
    while c > 0 and tokens[c].low != "," and at - c <= 12:
        c -= 1
    return tokens[c].low == "," and c + 1 < at and _aside(tokens, c + 1, at)


def _whose(
    sentence: Sentence, body: tuple[int, int], chunk: tuple[int, int]
) -> tuple[int, int, str | None] | None:
    """ "<body>, whose <role> <Name> said": the name speaks, for the body before it."""
    tokens = sentence.tokens
    a, b = chunk
    if _finite(tokens, a, b):
        return None
    name = next((j for j in range(a + 2, b - 1) if _is_person_name(tokens, j, b)), None)
    if name is None:
        return None
    start, end = body
    while start < end and (
        RULES.lexicon.has(tokens[start].low, "prepositions")
        or tokens[start].low in {"according", "to"}
    ):
        start += 1  # "according to <body>"
    if start >= end:
        return None
    return name, b, f"{sentence.cut((a + 1, name))} of {sentence.cut((start, end))}"


def _after(sentence: Sentence, verb_end: int) -> tuple[int, int, str | None] | None:
    """The speaker after an inverted verb: '"...," said X, a Y.' or ', said X.'"""
    tokens = sentence.tokens
    a = verb_end
    b = a
    while b < len(tokens) and tokens[b].low not in {",", ".", ";", ":", "(", "—"} | _QUOTES:
        b += 1
    if b == a or not _plausible(tokens, a, b):
        return None
    affiliation = None
    if b < len(tokens) and tokens[b].low == ",":
        c = b + 1
        d = c
        while d < len(tokens) and tokens[d].low not in {",", ".", ";"} | _QUOTES:
            d += 1
        if d > c and _appositive(tokens, c, d):
            affiliation = sentence.cut((c, d))
    return a, b, affiliation


def _according(sentence: Sentence, verb_end: int) -> tuple[int, int, str | None] | None:
    tokens = sentence.tokens
    a = verb_end
    b = a
    while (
        b < len(tokens)
        and tokens[b].low not in {",", ";", ":", "(", "—"} | _QUOTES
        and not (tokens[b].low == "." and b == len(tokens) - 1)
    ):
        b += 1
    # "a count kept by X", "figures from X", "X estimates": the source, not the document.
    lexicon = RULES.lexicon
    j = a
    while j < b:
        if tokens[j].low in {"by", "from", "of"} and any(
            lexicon.has(t.low, "source_nouns") for t in tokens[a:j]
        ):
            a = j + 1
        j += 1
    issued = _issuer(tokens, a, b)
    if issued is not None:
        a, b = issued
    stripped = False
    while b > a and lexicon.has(tokens[b - 1].low, "source_nouns"):
        b -= 1
        stripped = True
    if b <= a or not _plausible(tokens, a, b):
        return None
    if (
        stripped
        and b - a == 1
        and not tokens[a].cap
        and not lexicon.has(tokens[a].low, "organisations")
    ):
        return None  # "official figures": a kind of source, no one named
    return a, b, None


def _issuer(tokens: list[Token], a: int, b: int) -> tuple[int, int] | None:
    """ "a statement <X> released in the afternoon": X, who issued the document."""
    lexicon = RULES.lexicon
    doc = next(
        (j for j in range(a, min(b, a + 4)) if lexicon.has(tokens[j].low, "documents")), None
    )
    if doc is None:
        return None
    for j in range(doc + 2, b):
        if lexicon.has(tokens[j].low, "issuing"):
            start = doc + 1
            if tokens[start].low in {"that", "which"}:
                return None  # "a statement that said ...": the document's own words
            return (start, j) if j > start else None
    return None


def _acts(tokens: list[Token], i: int, end: int) -> bool:
    """A verb that reports speech only with a clause after it ("declared that ...",
    "recalled how ..."); with a thing after it, it names an act ("declared a curfew",
    "recalled its ambassador")."""
    if not RULES.lexicon.has(tokens[i].low, "clause_only") or end >= len(tokens):
        return False
    nxt = tokens[end]
    return nxt.word and nxt.low not in {"that", "how", "what", "on", "in", "at", "late", "early"}


def _introduces(tokens: list[Token], i: int, end: int) -> bool:
    """A verb that takes a thing, then a few words to the sentence's end with no figure and no
    clause ("described a grim night."): it announces an account
    that the next sentences give, and is no claim of its own."""
    if not RULES.lexicon.has(tokens[i].low, "announcing"):
        return False
    rest = [t for t in tokens[end:] if t.word]
    if not rest or len(rest) > 6:
        return False
    if rest[0].low == "that" or any(
        read_count(tokens, k) is not None for k in range(end, len(tokens))
    ):
        return False
    return not any(
        t.cap or t.low in _QUOTES or any(c.isdigit() for c in t.text) for t in tokens[end:]
    )


def _figure_given(tokens: list[Token], i: int) -> int | None:
    """ "put the <turnout> at 8,000", "put its losses at ...": a figure given is a claim."""
    if not RULES.lexicon.has(tokens[i].low, "figure_verbs"):
        return None
    if i + 1 >= len(tokens) or tokens[i + 1].low not in {"the", "its", "their", "his", "her"}:
        return None
    for j in range(i + 2, min(len(tokens) - 1, i + 6)):
        if not tokens[j].word:
            return None
        if tokens[j].low == "at":
            nxt = tokens[j + 1]
            return (
                j + 1
                if read_count(tokens, j + 1) is not None
                or nxt.text[:1].isdigit()
                or nxt.low
                in {"about", "around", "nearly", "more", "over", "least", "some", "roughly"}
                else None
            )
    return None


def _negated(tokens: list[Token], verb: int) -> bool:
    window = [t.low for t in tokens[max(0, verb - 3) : verb]]
    return any(
        w in {"not", "never", "declined", "refused", "unable", "without"} or w.endswith("n't")
        for w in window
    )


def find_reports(sentence: Sentence) -> list[Report]:
    """The reporting clauses of a sentence, left to right. A reporting verb inside what
    another one reports ("X said its <members> had reported ...") is part of that content,
    unless it goes on with the same speaker ("... and accused Y of ...")."""
    tokens = sentence.tokens
    lexicon = RULES.lexicon
    quoted = quoted_flags(tokens)
    found: list[Report] = []
    i = 0
    while i < len(tokens):
        end = lexicon.end(tokens, i, "reporting") or _figure_given(tokens, i)
        if end is None or quoted[i] or _negated(tokens, i):
            i += 1
            continue
        if i > 0 and lexicon.has(tokens[i - 1].low, "not_a_claim") and tokens[i].low != "according":
            i = end
            continue
        if (
            end < len(tokens)
            and tokens[end].low == "as"
            and tokens[i].low.startswith("describ")
            and not any(t.low == "what" for t in tokens[max(0, i - 7) : i])
        ):
            i = end  # "a man described as ...": a description, not a claim
            continue
        verb = tokens[i].low
        if (
            end + 1 < len(tokens)
            and tokens[end].low == "to"
            and tokens[end + 1].low in {"be", "have"}
        ):
            i = end  # "the gunman, said to be in his forties": hearsay, no one's claim
            continue
        if _acts(tokens, i, end):
            i = end  # "X declared three days of mourning": an act, not a claim
            continue
        inside = [
            r
            for r in found
            if (r.content[0] <= i < r.content[1] and r.content[0] > r.verb[0])
            or r.verb[1] <= i < r.content[0]  # "said in a statement posted on X that ..."
        ]
        if inside or (verb == "according" and found):
            pass  # part of what an earlier report says ("... and accused Y of ...")
        else:
            report = _report(sentence, i, end, verb, found)
            if report is not None and _introduces(tokens, i, end):
                report.introduces = True  # "X described scenes of panic.": the account follows
            if report is not None:
                found.append(report)
        i = end
    return found


def _report(sentence: Sentence, i: int, end: int, verb: str, found: list[Report]) -> Report | None:
    tokens = sentence.tokens
    speaker: tuple[int, int, str | None] | None
    embedded = False
    if verb == "according":
        speaker = _according(sentence, end)
        content = (
            (found[-1].content[1] if found else 0, i)
            if i > 2
            else (_skip_to_content(tokens, speaker[1] if speaker else end), len(tokens))
        )
    elif (inverted := _inverted(sentence, i, end, verb)) is not None:
        speaker = inverted
        content = (0, i - 1)
    elif verb in _PARTICIPLES:
        if found and verb == "adding" and _that_follows(tokens, end):
            # '..., she said, adding that <clause>': a further claim of the same speaker.
            last = found[-1]
            content = (_skip_to_content(tokens, end), len(tokens))
            quote = quote_in(sentence, content)
            return Report((i, end), last.speaker, last.affiliation, content, quote, last.embedded)
        if found:
            return None  # '..., she said, saying ...': the same remarks go on
        speaker = _subject(sentence, _main_verb(tokens))
        content = (_skip_to_content(tokens, end), len(tokens))
    else:
        speaker = _subject(sentence, i)
        alone = speaker is not None and speaker[1] - speaker[0] == 1 and i >= 2
        if (
            alone
            and speaker is not None
            and tokens[speaker[0] - 1].word
            and RULES.lexicon.has(tokens[speaker[0]].low, "pronouns")
        ):
            # "named N <group> they said were killed": the subject of the sentence.
            if end < len(tokens) and tokens[end].low in {
                "was",
                "were",
                "is",
                "are",
                "had",
                "have",
                "has",
                "would",
                "will",
            }:
                embedded = True
            else:
                return None
        before = speaker[0] if speaker is not None else 0
        if speaker is not None and speaker[2] is not None and before > 1:
            # '"...," the <body>'s spokesman, <Name>, said': the role before the name is
            # part of the speaker, not of what was said.
            size = len(tokenize(speaker[2]))
            start = before - 1 - size
            if (
                tokens[before - 1].low == ","
                and start >= 0
                and sentence.cut((start, before - 1)) == speaker[2]
            ):
                before = start
        if before > 0 and tokens[before - 1].low in _QUOTES:
            content = (0, before)  # '"<quote>," she said'
        elif before > 1 and tokens[before - 1].low == "," and _finite(tokens, 0, before - 1):
            content = (0, before - 1)  # "<content>, X said"
        else:
            content = (_skip_to_content(tokens, end), len(tokens))
    if speaker is None:
        return None
    if content[0] > i:
        content = (content[0], _joint(tokens, content[0]))
    a, b, affiliation = speaker
    if any(a <= r.verb[0] < b for r in found):
        return None  # "<content>, X said in a statement posted on X": one report, not two
    text = sentence.cut((a, b))
    quote = quote_in(sentence, content)
    return Report((i, end), text, affiliation, content, quote, embedded)


_INVERTING = frozenset(
    {"said", "says", "added", "adds", "wrote", "explained", "noted", "insisted", "continued"}
)


def _inverted(
    sentence: Sentence, i: int, end: int, verb: str
) -> tuple[int, int, str | None] | None:
    """'"...," said X.' or '<content>, said X, a spokesman.': the speaker after the verb, when
    nothing but an appositive follows it."""
    tokens = sentence.tokens
    if verb not in _INVERTING or i == 0 or tokens[i - 1].low not in _QUOTES | {","}:
        return None
    found = _after(sentence, end)
    if found is None:
        return None
    a, b, affiliation = found
    # '"...," said the <role>, <First> <Last>.': the name after the role speaks.
    if b + 2 < len(tokens) and tokens[b].low == ",":
        c, d = b + 1, _chunk_end(tokens, b + 1)
        if _is_person_name(tokens, c, d) and not _is_person_name(tokens, a, b):
            found = (c, d, strip_determiner(sentence.cut((a, b))))
            affiliation = found[2]
            b = d
    rest = b
    if tokens[rest:] and tokens[rest].low == ",":
        rest += 1
    while rest < len(tokens) and tokens[rest].word:
        # What may follow the speaker: an age, an appositive ("a fisherman from <Place>",
        # "one of the <group>"), a relative clause, a participle or an adverbial.
        stop = _chunk_end(tokens, rest)
        if not (
            _aside(tokens, rest, stop)
            or _appositive(tokens, rest, stop)
            or tokens[rest].low == "one"
        ):
            return None  # "X, who ..., said the <group> were ...": a clause follows
        if affiliation is None and _appositive(tokens, rest, stop):
            affiliation = sentence.cut((rest, stop))
            found = (found[0], found[1], affiliation)
        if tokens[rest].low in {"who", "whose", "which"}:
            break  # a relative clause runs to the end of the sentence
        rest = stop + 1 if stop < len(tokens) and tokens[stop].low == "," else stop
        if rest < len(tokens) and not tokens[rest].word:
            break
    return found


def _chunk_end(tokens: list[Token], start: int) -> int:
    end = start
    while end < len(tokens) and tokens[end].low not in {",", ".", ";", ":", "(", "—"} | _QUOTES:
        end += 1
    return end


def _joint(tokens: list[Token], start: int) -> int:
    """Where a second speaker's clause starts after ``start``: ", while", "; ", ", but"."""
    for j in range(start, len(tokens) - 1):
        if tokens[j].low == ";" or (
            tokens[j].low == "," and tokens[j + 1].low in {"while", "whereas", "but"}
        ):
            return j
        if tokens[j].low == "," and tokens[j + 1].low == "adding" and _that_follows(tokens, j + 2):
            return j  # ", adding that ...": the same speaker's next claim
        # ", although <someone> said ...": a concession is the claim's own unless another
        # speaker reports it.
        if (
            tokens[j].low == ","
            and tokens[j + 1].low in {"although", "though"}
            and any(
                RULES.lexicon.end(tokens, k, "say_verbs") is not None
                for k in range(j + 2, len(tokens))
            )
        ):
            return j
    return len(tokens)


def _that_follows(tokens: list[Token], at: int) -> bool:
    """Whether a "that" opens a clause within a few words of ``at``."""
    return any(t.low == "that" for t in tokens[at : at + 4])


def _main_verb(tokens: list[Token]) -> int:
    """The first verb-like word after the sentence's subject, where its subject ends; a
    quotation's own verbs are not the sentence's."""
    quoted = quoted_flags(tokens)
    for i, token in enumerate(tokens[1:], start=1):
        if quoted[i]:
            continue
        if RULES.lexicon.has(token.low, "clause_verbs") or (
            token.low.endswith("ed") and not token.cap
        ):
            return i
    return 0


_FINITE = frozenset({"was", "were", "is", "are", "had", "have", "has", "will", "would", "could"})


def _skip_to_content(tokens: list[Token], at: int) -> int:
    """After "said" or "told X": past the addressee, the channel and the time to "that"."""
    j = at
    while (
        j < len(tokens)
        and j - at < 14
        and tokens[j].low not in {"that", ",", ":"} | _QUOTES
        and tokens[j].low not in _FINITE  # a clause has begun: its content
    ):
        j += 1
    if j < len(tokens) and tokens[j].low == "that":
        return j + 1
    if j < len(tokens) and tokens[j].low in _QUOTES:
        return j
    # No "that": the content starts after the addressee ("told <outlet> the army ...").
    k = at
    if (
        k < len(tokens)
        and RULES.lexicon.has(tokens[at - 1].low, "say_verbs")
        and tokens[at - 1].low in {"told", "tells"}
    ):
        k += 1
        while k < len(tokens) and tokens[k].cap:
            k += 1
    return k


__all__ = ["Report", "find_reports"]

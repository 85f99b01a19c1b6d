"""Where a sentence names who speaks: the reporting verb, its subject, quotes and sources.

'"...," said X', 'X, a spokesman, said', '<content>, the ministry said', 'According to X, ...'.
A leading adverbial ("In a separate incident on Wednesday, ...") is never the speaker, nor
is a clause. What the sentence reports around its speaker is ``reported``'s.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from summarizer.language.names import NAME_PARTICLES
from summarizer.providers.rules.lexicon import HONORIFICS, OWN_FORCES, ROLE_WORDS, SPEAKER_NOUNS
from summarizer.providers.rules.names import (
    APPOSITIVE,
    PRONOUNS,
    Speaker,
    is_name,
    is_person,
    is_role,
    split_title,
)
from summarizer.providers.rules.phrases import strip_determiner, subject_before

_VERBS = (
    r"said|says|say|told|tells|added|adds|wrote|writes|claimed|claims|accused|accuses|condemned"
    r"|condemns|denied|denies|announced|announces|confirmed|confirms|stated|states|warned|warns"
    r"|insisted|insists|explained|noted|tweeted|posted|declared|acknowledged|admitted|alleged"
    r"|reported|blamed|blames|stressed|asserted|argued|maintained|disclosed|revealed|saying"
    # "the ministry put the death toll at four": a figure given is a claim
    r"|put (?:the|its|their) (?:\w+ )?(?:toll|figure|number)(?: of \w+)? at"
)
_VERB = re.compile(rf"\b(?:{_VERBS})\b")
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+(?P<source>[^,.;:“”\"]+(?:\.[A-Z]\.?[^,.;:]*)?)")
# '"...," said X' and '"...," X (, the hospital's director,) said': the speaker after a quote.
_AFTER_QUOTE = re.compile(
    rf"(?:[,?!]\s*[”\"]|[”\"]\s*,)\s*(?:(?P<inv>{_VERBS})\s+(?P<after>[^,.;]+(?:\.\s?[A-Z][^,.;]*)*)"
    rf"|(?P<before>(?:[A-Z]|(?:{'|'.join(NAME_PARTICLES)}|ad|as|ash|di|du|ben)[-\s][A-Z]"
    # '"...," pensioner Valentina Moroz said': a role in lower case, then the name
    r"|(?:[a-z][\w'’-]*\s+){1,3}(?=[A-Z])"
    r"|(?:he|she|they|we|it|the|a|an)\b)(?:[^,.;“”\"]|\.(?=\s?[A-Za-z])){0,80}?)"
    r"(?:,\s+(?:aged\s+)?\d{1,3},)?"
    rf"(?:,\s+(?P<app>(?:(?:a|an|the|its|his|her)\s|(?i:{ROLE_WORDS})\b)[^,;“”\"]{{1,80}}?),)?"
    rf"\s+(?P<verb>{_VERBS})\b)"
)
_CHANNEL_PHRASE = re.compile(
    r"\s+(?:in|on|via|through) (?:a|an|the|its|his|her|their) (?:\w+ ){0,2}"
    r"(?:statement|tweet|post|interview|briefing|communiqu[ée]|press release|video)$"
    r"|\s+(?:late |early )?on \w+day$|\s+(?:also|later|earlier|again|separately|however|has|have"
    r"|had|was|were|is|would|will|then)$",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(
    r"^(?:(?:But|And|However|Meanwhile|Separately|Earlier|Later|Also|In addition|Still|Yet"
    r"|Moreover)\b,?\s*)+",
)


QUOTE = re.compile(r"“([^“”]+)”?|\"([^\"]+)\"?")


def _clean_np(phrase: str) -> str:
    phrase = _LEAD_IN.sub("", phrase.strip(' ,;:—–"“”'))
    for _ in range(3):
        phrase = _CHANNEL_PHRASE.sub("", phrase).strip(" ,")
    chunks = [c.strip() for c in re.split(r",\s+", phrase) if c.strip()]
    # Leading adverbials ("In a separate incident on Wednesday, ...") are not the speaker.
    while len(chunks) > 1 and adverbial(chunks[0]):
        chunks.pop(0)
    # "union leader Mihail Dorcu, 22,": an age says nothing of who speaks.
    chunks = [c for c in chunks if not re.fullmatch(r"(?:aged\s+)?\d{1,3}", c)] or chunks
    return ", ".join(chunks)


# "the statement said", "according to the statement": the document of a speaker just named.
DOCUMENT = re.compile(
    r"^(?:the|that|this|its|their|his|her)\s+(?:same\s+|written\s+|emailed\s+)?(?P<doc>statement"
    r"|communiqu[ée]|press release|release|post|message|letter|tweet)$",
    re.IGNORECASE,
)
_DOCUMENT_SAYS = re.compile(
    r"\b(?:the|that|this|its|their|his|her)\s+(?:same\s+)?(?:statement|communiqu[ée]|release"
    r"|post|message|letter)\s+(?:said|says|added|adds|stated)$",
    re.IGNORECASE,
)


_NOT_A_SUBJECT = re.compile(
    r"(?:who|which|whose|where|when|because|although|while|according|including|in|on|at|near"
    r"|from|with|after|before|during|for|as|[a-z]+ing)\b"
)
# Past tenses and auxiliaries that make a chunk a clause rather than a noun phrase.
_FINITE = re.compile(
    r"\s(?:[a-z]+ed|was|were|is|are|has|had|have|will|would|could|can|did|does|do|died|tore"
    r"|struck|hit|fell|rose|came|went|took|made|began|left|broke|ran|killed|swept|blew|burst"
    r"|brought|caught|drove|flew|fought|gave|grew|held|kept|knew|led|lost|met|paid|put|sank"
    r"|sent|set|shot|spread|stood|stole|threw|won|wrote|saw|found|got|became|remains|remain"
    r"|lay|fled|hid|sought|spent|stuck|struck|thought|underwent|withdrew|overran|shook|slid"
    r"|seized|came|told|says|said)\b"
)
# Words that open a subordinate or coordinate clause before its subject.
_SUBORDINATOR = re.compile(
    r"^(?:where|when|as|and|but|while|after|because|since|though|although|whereas|so|yet|until"
    r"|before|once|if)\s+",
    re.IGNORECASE,
)
_PREPOSITIONS = frozenset(
    {"in", "on", "at", "after", "before", "during", "for", "with", "from", "by", "of", "to"}
    | {"since", "until", "about", "over", "under", "near", "into", "across", "through"}
    | {"without", "within", "against", "among", "between", "amid"}
)
_DETERMINER_START = re.compile(
    r"(?:the|a|an|its|their|his|her|some|two|three|four|five|several|many|other|one|both|all"
    r"|local|senior|most|few)\b",
    re.IGNORECASE,
)
# A time adverbial standing alone as a chunk: "Hours later", "About an hour later".
_TIME_CHUNK = re.compile(
    r"^(?:(?:about|some|nearly|around|just|only|barely)\s+)?(?:(?:an?|one|two|three|a few"
    r"|several|\d+)\s+)?(?:hours?|minutes?|days?|weeks?|moments?|months?)\s+(?:later|earlier"
    r"|after(?:wards)?|before|ago)$|^(?:later|earlier|meanwhile|separately|afterwards|then"
    r"|overnight|today|yesterday)$",
    re.IGNORECASE,
)
# Reporting verbs that are not a statement here: negated, or a participle after a noun.
_NEGATED = re.compile(
    r"(?:\bnot|n['’]t|\bnever|\bdeclined to|\brefused to|\bunable to|\bwithout)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
_PARTICIPLE = re.compile(
    r"\b(?:statement|message|video|post|report|letter|communiqu[ée]|comments?|note|figures"
    r"|the|a|an|its|widely|previously|first|initially|recently"
    # "over alleged irregularities", "of reported abuses": an adjective, not a verb
    r"|over|of|for|on|about|into|against|amid|despite|with|after"
    # "were confirmed dead", "is said to": passive, nobody's claim
    r"|was|were|is|are|be|been|being)\s+(?:\w+ly\s+)?$",
    re.IGNORECASE,
)
# "a tally by X", "figures from X": the source is X.
_DOCUMENT_OF = re.compile(
    r"^(?:(?:a|an|the)\s+)?(?:\w+\s+)?(?:tally|report|statement|count|estimate|survey|census"
    r"|figures|data|statistics|analysis|assessment|study|review|investigation|document|copy of"
    r"[\w\s]{1,20}?)\s+(?:\w+\s+)?(?:by|from|of|issued by|released by|published by|compiled by)"
    r"\s+(?=\S)",
    re.IGNORECASE,
)
_DOCUMENT_ISSUED = re.compile(
    r"^(?:a|an|the)\s+(?:\w+\s+)?(?:statement|report|communiqu[ée]|press release|release|letter"
    r"|post|message|notice|bulletin)\s+(?P<who>[^,;]{2,60}?)\s+(?:had\s+|has\s+)?(?:released"
    r"|issued|published|posted|put out|sent|circulated|shared|read out)\b",
    re.IGNORECASE,
)
_DOCUMENT_AFTER = re.compile(
    r"\s+(?:figures|data|estimates|statistics|tally|count|report|records|sources)$"
)


_PARTICIPLE_LEAD = re.compile(
    r"(?:[A-Z][a-z]+ing|Asked|Questioned|Pressed)\s+(?:to|about|on|by|at|with|in|after|before)\b"
)


def adverbial(chunk: str) -> bool:
    """'In a separate incident on Wednesday', 'Hours later': a chunk that names no one."""
    if _TIME_CHUNK.match(chunk) or re.match(r"(?i)(?:earlier|later)\b", chunk):
        return True
    if re.match(
        r"(?:[A-Z][a-z]+ing|Asked|Questioned|Pressed)\s+(?:to|about|on|by|at|with|in)\b", chunk
    ):
        return True  # "Speaking to reporters at the scene, X said": X speaks
    return chunk.split()[0].lower() in _PREPOSITIONS and not has_finite(chunk)


def has_finite(chunk: str) -> bool:
    """Whether a chunk has a finite verb, which makes it a clause, not a noun phrase."""
    return bool(_FINITE.search(" " + chunk))


def _np_like(phrase: str) -> bool:
    """A phrase that can name a speaker: short, no verb, not a time or place adverbial."""
    tokens = phrase.split()
    if not tokens or len(tokens) > 10 or not re.search(r"[A-Za-z]", phrase):
        return False
    first = tokens[0].lower()
    if first in _PREPOSITIONS or _TIME_CHUNK.match(phrase) or has_finite(phrase):
        return False
    return not re.fullmatch(r"[a-z]+(?:ing|ed)", first)


_COORDINATORS = frozenset({"and", "or", "nor", "but", "&"})


def _inner_np(phrase: str) -> str:
    """'an attack the army (blamed on X)' -> 'the army': a second noun phrase starts a
    relative clause whose subject is the speaker."""
    tokens = phrase.split()
    for i in range(len(tokens) - 1, 0, -1):
        before = tokens[i - 1].lower()
        if (
            tokens[i].lower() in {"the", "a", "an"}
            and before not in _PREPOSITIONS | _COORDINATORS
            and not (_DETERMINER_START.fullmatch(before) or before.endswith(("'s", "’s", ",")))
        ):
            return " ".join(tokens[i:])
    return phrase


def _subject_of_clause(chunk: str) -> str:
    """'Energy Minister X travelled to Y and' -> 'Energy Minister X' (the verb's subject)."""
    m = _FINITE.search(" " + chunk)
    if m is None:
        return chunk
    return chunk[: max(0, m.start() - 1)].strip(" ,")


_REDUCED_RELATIVE = re.compile(
    r"\s+(?:set up|based|formed|created|established|known|appointed|deployed|stationed|backed"
    r"|funded|sent|named|elected)\s+(?:in|under|by|as|to|from|at|for|after|last|this)\b.*$"
)


def _subject(prefix: str) -> str:
    """The speaker phrase in the words before a reporting verb."""
    cleaned = _clean_np(prefix)
    if not cleaned:
        return ""
    chunks = cleaned.split(", ")
    if len(chunks) >= 2 and is_role(chunks[-2]) and is_name(chunks[-1]):
        return ", ".join(chunks[-2:])  # "..., a spokesman for X, Goran Lasić, told"
    last = chunks[-1]
    bare = last
    while _SUBORDINATOR.match(bare):
        bare = _SUBORDINATOR.sub("", bare, count=1)
    if len(chunks) > 1 or bare != last:
        # "<a clause>, the ministry said" / "..., where a hospital spokeswoman said"
        clause_before = bare != last or any(has_finite(c) for c in chunks[:-1])
        if clause_before and _np_like(bare) and not _NOT_A_SUBJECT.match(bare):
            return _inner_np(bare)
    chunks = chunks[:1] + [c for c in chunks[1:] if not _NOT_A_SUBJECT.match(c)]
    first = chunks[0]
    if len(chunks) == 1 and re.search(r"\s(?:and|but)$", first) and has_finite(first):
        return _subject_of_clause(first)  # "X travelled to Y and said"
    if len(first.split()) > 10 and _REDUCED_RELATIVE.search(first):
        # "Monitors from a commission set up under a 2020 deal": the clause describes them.
        first = _REDUCED_RELATIVE.sub("", first)
    if len(chunks) == 1 or (len(first.split()) <= 10 and not has_finite(first)):
        if len(chunks) > 1 and (APPOSITIVE.match(chunks[1]) or is_name(chunks[1])):
            return f"{first}, {chunks[1]}"
        return first if len(first.split()) <= 10 else _inner_subject(prefix)
    last = chunks[-1]
    return last if len(last.split()) <= 8 else _inner_subject(prefix)


_OWN_FORCES = re.compile(
    rf"^(?:[^,;“”\"]{{0,50}}?\s)?(?:that\s+)?(?:its|their|our)\s+(?:own\s+)?(?:{OWN_FORCES})\b"
)


def self_claimant(sentence: str) -> str | None:
    """'The army said its aircraft struck ...': the party claiming its own action."""
    found = find_speaker(sentence)
    if found is None or found.start > 0 or not _OWN_FORCES.match(sentence[found.verb_end :]):
        return None
    name = split_title(found.phrase)[0]
    return None if name.lower() in PRONOUNS else name


def named_subject(prefix: str) -> str | None:
    """The name of the party that ``prefix`` ends with, titles and appositives removed
    ("The Dorvan Front, an armed group active along the border," -> "The Dorvan Front")."""
    phrase = _subject(prefix.rstrip(" ,"))
    if not phrase or not _plausible(phrase) or phrase.lower() in PRONOUNS:
        return None
    return split_title(phrase)[0]


def _inner_subject(prefix: str) -> str:
    # A subject inside the sentence counts only at a new main clause, not a relative one.
    inner = subject_before(prefix) or ""
    lead = prefix.rstrip()[: len(prefix.rstrip()) - len(inner)].rstrip()
    return inner if inner and re.search(r"(?:[,;]|\band|\bbut|\bwhile)$", lead) else ""


def _plausible(phrase: str) -> bool:
    """A speaker is a pronoun, a name, or a noun phrase about people or organisations."""
    words = phrase.split()
    if not words or words[0].lower() in {"no", "nobody", "none", "neither", "nor"}:
        return False
    if words[-1].lower() in PRONOUNS and len(words) > 1:
        return False
    if phrase.lower() in PRONOUNS or DOCUMENT.match(phrase):
        return True  # "he", "the statement" (said): an earlier speaker
    head = re.split(r"\s+(?:of|for|at|in|from|with|on)\s+", strip_determiner(phrase))[0]
    if SPEAKER_NOUNS.search(head) or SPEAKER_NOUNS.search(phrase):
        return True
    if any(w[:1].isupper() for w in words[1:]) or (
        words[0][:1].isupper() and not _DETERMINER_START.fullmatch(words[0])
    ):
        return True
    # "the municipality said": a described party, unless it is a thing or an incident.
    return bool(_DETERMINER_START.match(phrase)) and not _NON_AGENT.search(head)


_NON_AGENT = re.compile(
    r"\b(?:statement|report|document|letter|video|post|message|figures|data|tally|text|study"
    r"|survey|notice|communiqu[ée]|release|toll|footage|attack|strike|blast|explosion|quake"
    r"|earthquake|fire|storm|crash|incident|bombing|shelling|rockets?|shells?|bombs?|drones?"
    r"|missiles?|agreement|deal|truce|ceasefire|law|bill|decision|plan|move|measure)s?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Found:
    """Where a reporting clause names its speaker."""

    phrase: str
    start: int  # where the reporting clause starts in the sentence (-1 when unknown)
    end: int  # where it ends: after the verb, or after the source of "according to"
    verb_end: int
    verb: str


def _according(sentence: str) -> Found | None:
    m = re.search(r"\b[Aa]ccording to\s+", sentence)
    if not m:
        return None
    rest = sentence[m.end() :]
    source = source_raw = re.split(r"[,;:“”\"(]", rest, maxsplit=1)[0].rstrip(" .")
    tail = rest[len(source) :]
    name = re.match(r",\s+([^,;:“”\"]+?)\.?$", tail)
    if name and is_name(name.group(1).strip()):
        source = f"{source}, {name.group(1).strip()}"  # "according to a spokesman, Lt. X"
    source = re.split(r"\s+(?:who|which|whose|that)\s", source, maxsplit=1)[0]
    issued = _DOCUMENT_ISSUED.match(source)
    if issued:
        source = issued.group("who")  # "a statement the police department issued at midday"
    source = _DOCUMENT_OF.sub("", source)
    source = _DOCUMENT_AFTER.sub("", source) if source[:1].isupper() else source
    if not source.strip():
        return None
    end = (
        m.end()
        + len(source_raw)
        + (len(name.group()) if name and is_name(name.group(1).strip()) else 0)
    )
    return Found(source.strip(), m.start(), end, m.start(), "according to")


def _after_quote(sentence: str) -> Found | None:
    after = _AFTER_QUOTE.search(sentence)
    if after and after.group("inv"):
        phrase = after.group("after").strip()
        # "said Mira Olsen, a researcher at X": the appositive is the affiliation.
        app = re.match(r",\s+((?:a|an|the)\s[^,;]+?)\.?$", sentence[after.end("after") :])
        if app and APPOSITIVE.match(app.group(1)):
            phrase = f"{phrase}, {app.group(1)}"
        at = after.start("inv")
        return Found(phrase, at, after.end("after"), after.end("inv"), after.group("inv"))
    if after and after.group("before"):
        phrase = after.group("before").strip()
        if after.group("app"):
            phrase = f"{phrase}, {after.group('app')}"
        at = after.start("before")
        return Found(phrase, at, after.end("verb"), after.end("verb"), after.group("verb"))
    return None


@functools.lru_cache(maxsize=2048)
def _said_last(sentence: str) -> Found | None:
    """'<content>, said Faisal Qureshi, a spokesman for X.': the speaker after the verb."""
    m = _SAID_LAST.search(sentence)
    if m is None or not is_name(m.group("name").strip()):
        return None
    phrase = m.group("name").strip()
    if m.group("app") and APPOSITIVE.match(m.group("app")):
        phrase = f"{phrase}, {m.group('app').strip()}"
    return Found(phrase, m.start("verb"), m.end(), m.end("verb"), m.group("verb"))


_SAID_LAST = re.compile(
    r",\s+(?P<verb>said|says|added|explained|noted)\s+(?P<name>(?:[A-Z][\w'’.-]*\s+)*?"
    r"[A-Z][\w'’-]+)(?:,\s+(?P<app>(?:a|an|the)\s[^,;“”\"]{1,80}?))?\.?$"
)


@functools.lru_cache(maxsize=2048)
def find_speaker(sentence: str) -> Found | None:
    """Who the sentence reports as speaking, and where, or None."""
    found = _after_quote(sentence) or _according(sentence) or _said_last(sentence)
    if found:
        return found
    quoted = [(q.start(), q.end()) for q in QUOTE.finditer(sentence)]
    # "X in a statement", "X via a post on Telegram"; "on a police post" is a place.
    channel = re.search(
        r"\s(?:in|via) (?:a|an|its|their|his|her) (?:\w+ ){0,2}(?:statement|tweet|post)\b"
        r"|\son (?:a|an|its|their|his|her) (?:\w+ ){0,2}(?:statement|tweet)\b",
        sentence,
    )
    verbs = [
        v
        for v in _VERB.finditer(sentence)
        if not any(a <= v.start() < b for a, b in quoted)
        and (
            v.group() == "saying"
            or not _PARTICIPLE.search(sentence[max(0, v.start() - 25) : v.start()])
            or _DOCUMENT_SAYS.search(sentence[: v.end()])
        )
    ]
    if not verbs and channel is None:
        return None
    candidates: list[re.Match[str] | None] = [*verbs] or [None]
    for verb in candidates:
        cut = verb.start() if verb else len(sentence)
        if channel and channel.start() < cut:
            cut = channel.start()
        prefix = sentence[:cut]
        if re.search(r"[”\"]\s*,?\s*$", prefix) or not prefix.strip():
            continue
        if verb and _NEGATED.search(sentence[max(0, verb.start() - 25) : verb.start()]):
            return None  # "he did not say", "declined to say": no claim
        phrase = _subject(prefix)
        if not phrase or not _plausible(phrase):
            continue
        end = verb.end() if verb else channel.end() if channel else cut
        spots = list(re.finditer(rf"\b{re.escape(phrase.split(', ')[0])}", prefix))
        at = spots[-1].start() if spots else -1
        return Found(phrase, at, end, end, verb.group() if verb else "stated")
    return None


_TITLED = re.compile(rf"(?:{HONORIFICS})\s+[A-Z]")
_AGE = re.compile(r",\s+(?:aged\s+)?\d{1,3}(?=,|$)")


def subject_person(sentence: str) -> Speaker | None:
    """The person a sentence opens with as its subject, who a later "he" or "she" may be:
    "Regional governor Amina Sule disputed ...", "The director of X, Dr. Rami Haddouch, gave
    ...", "Taxi driver Omar Basri, 41, was ..."."""
    text = _LEAD_IN.sub("", sentence.strip())
    verb = _FINITE.search(" " + text)
    if verb is None:
        return None
    subject = _AGE.sub("", text[: max(0, verb.start() - 1)].strip(" ,")).strip(" ,")
    if not subject or len(subject.split()) > 14 or re.search(r"[“”\"]", subject):
        return None
    name, affiliation = split_title(subject)
    if not is_name(name) or (affiliation is None and not _TITLED.match(name)):
        return None  # a bare name with no role or title may be a company's
    speaker = Speaker(name, affiliation, False)
    return speaker if is_person(speaker) else None

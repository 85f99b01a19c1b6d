"""Attributions: who said what, through which channel, with their quoted words.

A sentence with a reporting verb ("said", "told", "according to", ...) gives one record.
The speaker is the phrase before the verb (or after a closing quote); pronouns ("he
added") and role descriptions ("the spokesman said") resolve to an earlier speaker, and
a bare surname to the full name written earlier. Titles split into speaker and
affiliation: "Coalition Spokesman Col. Wayne Marotto" -> "Col. Wayne Marotto",
"Coalition spokesman".
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, replace

from ..clean import CleanedArticle
from ..schema import EVIDENCE_MAX_CHARS, Attribution, Channel
from ._rules_lexicon import CHANNEL_CUES, HONORIFICS, NEWS_ORGS, ROLE_WORDS, SPEAKER_NOUNS
from ._rules_phrases import strip_determiner, subject_before
from ._rules_text import Sentence, dateline_agency, evidence, looks_injected

_VERBS = (
    r"said|says|say|told|tells|added|adds|wrote|writes|claimed|claims|accused|accuses|condemned"
    r"|condemns|denied|denies|announced|announces|confirmed|confirms|stated|states|warned|warns"
    r"|insisted|insists|explained|noted|tweeted|posted|declared|acknowledged|admitted|alleged"
    r"|reported|blamed|blames|stressed|asserted|argued|maintained|disclosed|revealed|saying"
)
_VERB = re.compile(rf"\b(?:{_VERBS})\b")
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+(?P<source>[^,.;:“”\"]+(?:\.[A-Z]\.?[^,.;:]*)?)")
# '"...," said X' and '"...," X (, the hospital's director,) said': the speaker after a quote.
_AFTER_QUOTE = re.compile(
    rf"(?:[,?!]\s*[”\"]|[”\"]\s*,)\s*(?:(?P<inv>{_VERBS})\s+(?P<after>[^,.;]+(?:\.\s?[A-Z][^,.;]*)*)"
    r"|(?P<before>(?:[A-Z]|(?:al|el|ad|as|ash|de|van|von|da|di|du|le|la|bin|ibn|ben)[-\s][A-Z]"
    r"|(?:he|she|they|we|it|the|a|an)\b)(?:[^,.;“”\"]|\.(?=\s?[A-Za-z])){0,80}?)"
    rf"(?:,\s+(?P<app>(?:(?:a|an|the|its|his|her)\s|(?i:{ROLE_WORDS})\b)[^,;“”\"]{{1,80}}?),)?"
    rf"\s+(?P<verb>{_VERBS})\b)"
)
_PRONOUNS = {"he", "she", "they", "it", "we", "i"}
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
_ROLE = re.compile(rf"\b(?:{ROLE_WORDS})s?\b", re.IGNORECASE)
_TITLE_SPLIT = re.compile(rf"\b(?:{HONORIFICS})\s+[A-Z]")
_ORG_WORDS = re.compile(
    r"^(?:State|Defense|Defence|Foreign|Interior|Affairs|Health|Justice|Finance|Office|Ministry"
    r"|Department|Council|House|Forces|Army|Police|Security|Coalition|Command|General|Staff"
    r"|Spokesman|Spokeswoman|Spokesperson|Minister|Secretary|President|Governor|Mayor|Chief)$"
)
_QUOTE = re.compile(r"“([^“”]+)”?|\"([^\"]+)\"?")
_APPOSITIVE = re.compile(rf"^(?:a|an|the)\s+.*\b(?:{ROLE_WORDS})s?\b|^(?:{ROLE_WORDS})s?\b", re.I)


@dataclass(frozen=True)
class Speaker:
    name: str
    affiliation: str | None
    plural: bool


def _channel(sentence: str, agency: str | None) -> Channel:
    for channel, pattern in CHANNEL_CUES:
        if pattern.search(sentence):
            if channel is Channel.interview or channel is Channel.press_conference:
                return channel
            if channel is not Channel.statement:
                return channel
            break
    told = re.search(r"\btold\s+(?:the\s+)?(.{1,60})", sentence)
    if told:
        org = told.group(1)
        if NEWS_ORGS.match(org) or (agency and org.startswith(agency)):
            return Channel.told_news_agency
    for channel, pattern in CHANNEL_CUES:
        if channel is Channel.statement and pattern.search(sentence):
            return channel
    return Channel.unspecified


def _quote(sentence: str) -> str | None:
    best = None
    for m in _QUOTE.finditer(sentence):
        inner = (m.group(1) or m.group(2) or "").strip()
        inner = inner.rstrip(",.;: ").lstrip()
        if len(inner.split()) < 3 or looks_injected(inner):
            continue
        if best is None or len(inner) > len(best):
            best = inner
    return best


def _clean_np(phrase: str) -> str:
    phrase = _LEAD_IN.sub("", phrase.strip(' ,;:—–"“”'))
    for _ in range(3):
        phrase = _CHANNEL_PHRASE.sub("", phrase).strip(" ,")
    chunks = [c.strip() for c in re.split(r",\s+", phrase) if c.strip()]
    # Leading adverbials ("In a separate incident on Wednesday, ...") are not the speaker.
    while len(chunks) > 1 and _adverbial(chunks[0]):
        chunks.pop(0)
    return ", ".join(chunks)


def split_title(phrase: str) -> tuple[str, str | None]:
    """'Coalition Spokesman Col. Wayne Marotto' -> ('Col. Wayne Marotto', 'Coalition spokesman')."""
    chunks = [c.strip() for c in re.split(r",\s+", phrase) if c.strip()]
    if len(chunks) >= 2 and _is_role(chunks[0]) and _is_name(chunks[1]):
        # "The principal, Mrs. Hauwa Garba": the name speaks, the role is the affiliation.
        return chunks[1], strip_determiner(re.sub(r"^(?:Its|Their|His|Her)\s+", "", chunks[0]))
    main, rest = chunks[0], chunks[1:]
    affiliation = None
    for chunk in rest:
        if _APPOSITIVE.match(chunk):
            affiliation = strip_determiner(chunk)
            break
    main = strip_determiner(main) if main.split()[0].lower() in {"the", "a", "an"} else main
    of = re.match(r"^(?P<name>(?:[A-Z][\w.'’-]*\s+){1,4}?[A-Z][\w'’-]+)\s+of\s+(?P<org>.+)$", main)
    name_tokens = of.group("name").split() if of else []
    if (
        of
        and not _ROLE.fullmatch(name_tokens[-1])
        and not any(_ORG_WORDS.match(t) or _ORG_NAME.match(t) for t in name_tokens)
    ):
        # "Sgt. Maria Oyelaran of the State Highway Patrol": a person and their organisation.
        return of.group("name"), affiliation or strip_determiner(of.group("org"))
    title = _TITLE_SPLIT.search(main)
    if title and title.start() > 0:
        return main[title.start() :], affiliation or _lower_roles(main[: title.start()].strip())
    if title:
        return main, affiliation
    tokens = main.split()
    if _ROLE.search(main) and len(tokens) >= 3 and tokens[-1][:1].isupper():
        name: list[str] = []
        for token in reversed(tokens):
            if not token[:1].isupper() or _ORG_WORDS.match(token) or _ROLE.fullmatch(token):
                break
            name.insert(0, token)
            if len(name) == 3:
                break
        before = tokens[len(tokens) - len(name) - 1] if len(name) < len(tokens) else ""
        titled = bool(_ROLE.fullmatch(before.lower()) or _ORG_WORDS.match(before))
        if 1 <= len(name) < len(tokens) and titled and not _ROLE.search(" ".join(name)):
            role = " ".join(tokens[: len(tokens) - len(name)])
            return " ".join(name), affiliation or role
    return main, affiliation


def _is_role(chunk: str) -> bool:
    """'the principal', 'a rights group': a description that a following name can own."""
    if not re.match(r"(?i)(?:the|a|an|its|their|his|her)\s|[A-Z][\w.-]*['’]s\s", chunk):
        return False
    return bool(_ROLE.search(chunk)) or (
        len(chunk.split()) <= 6 and bool(re.match(r"\S+\s+[a-z]", chunk))
    )


_PERSON_ROLE = re.compile(
    r"\b(?:spokes(?:man|woman|person)|minister|director|chief|commander|official|officer|source"
    r"|witness|resident|doctor|head|governor|mayor|president|principal|inspector|superintendent"
    r"|sheriff|analyst|researcher|leader|secretary|colonel|general|captain|coordinator)\b",
    re.IGNORECASE,
)


def _is_person(speaker: Speaker) -> bool:
    """A person rather than an organisation or a group of people."""
    if speaker.plural:
        return False
    name = speaker.name
    if _TITLE_SPLIT.search(name + " X") or re.match(rf"(?:{HONORIFICS})\s", name):
        return True
    tokens = [t for t in name.split() if t[:1].isupper()]
    if name[:1].isupper() and 1 <= len(tokens) <= 4 and len(tokens) == len(name.split()):
        return not any(_ORG_WORDS.match(t) or _ORG_NAME.match(t) for t in tokens)
    return bool(_PERSON_ROLE.search(name))


_ORG_NAME = re.compile(
    r"^(?:Police|Army|Forces|Front|Brigades?|Movement|Union|Party|Watch|Observatory|Institute"
    r"|Committee|Commission|Authority|Agency|Service|Services|Company|Group|Society|Association"
    r"|Council|Office|Department|Government|Mining|Water|Energy|Bank|Corporation|Corp|Inc|Ltd"
    r"|Tankers|Airlines|Hospital|University|School|Church|Club|Federation|Alliance|Coalition"
    r"|Mission|Network|Centre|Center|Cross|Crescent|Nations|Organisation|Organization|UN|NATO)$"
)


_NAME_PARTICLE = re.compile(
    r"(?:al|el|ad|as|ash|an|ar|at|az|bin|ibn|bint|de|del|della|der|di|da|du|dos|das|la|le|van"
    r"|von|ter|ten)(?:-[A-Z][\w'’-]*)?"
)


def _is_name(chunk: str) -> bool:
    """'Yusuf Barqawi', 'Yahya al-Hudai', 'Lt. Col. Farid Samadi': a personal name."""
    tokens = chunk.split()
    return (
        1 < len(tokens) <= 5
        and tokens[0][:1].isupper()
        and all(t[:1].isupper() or _NAME_PARTICLE.fullmatch(t) for t in tokens[1:])
    )


def _lower_roles(text: str) -> str:
    return _ROLE.sub(lambda m: m.group().lower(), text)


_GENERIC_ORGS = frozenset(
    {"group", "organisation", "organization", "movement", "militia", "company", "firm"}
    | {"faction", "body", "operator"}
)


class _Registry:
    """The speakers met so far, to resolve pronouns, roles and surnames."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.speakers: list[Speaker] = []

    def resolve(self, phrase: str, sentence_start: int) -> Speaker | None:
        bare = strip_determiner(phrase)
        lower = phrase.lower().strip()
        if lower in _PRONOUNS:
            return self._antecedent(lower)
        if re.match(r"(?i)the\s", phrase) and _ROLE.search(bare) and len(bare.split()) <= 4:
            role = _ROLE.search(bare)
            assert role is not None
            for speaker in reversed(self.speakers):
                blob = f"{speaker.name} {speaker.affiliation or ''}".lower()
                if role.group().lower().rstrip("s") in blob:
                    return speaker
        definite = re.fullmatch(r"[Tt]he\s+([a-z]+)", phrase.strip())
        if definite and not _ROLE.fullmatch(definite.group(1)):
            # "the company said": the organisation named before, by its own noun if it has
            # one ("Dravo Water Company"), else the last organisation for a generic noun.
            noun = definite.group(1)
            for speaker in reversed(self.speakers):
                if re.search(rf"(?i)\b{noun}", speaker.name):
                    return speaker
            for speaker in reversed(self.speakers):
                if noun in _GENERIC_ORGS and not speaker.plural and not _is_person(speaker):
                    return speaker
        name, affiliation = split_title(phrase)
        if re.fullmatch(r"[A-Z][\w'’-]+", name):
            full = self._full_name(name, sentence_start)
            if full:
                return full
        plural = (bool(re.search(r"s\b", name.split()[-1])) and not name[:1].isupper()) or bool(
            re.search(r"\b(?:groups|sources|officials|forces|residents|witnesses|militias)\b", name)
        )
        return Speaker(name, affiliation, plural)

    def _antecedent(self, pronoun: str) -> Speaker | None:
        # "he"/"she" is the last person who spoke, "it" the last organisation, "they" either
        # a group or an organisation; with none of the right kind, the last speaker.
        for speaker in reversed(self.speakers):
            person = _is_person(speaker)
            if pronoun in {"he", "she", "i"} and person:
                return speaker
            if pronoun == "it" and not person and not speaker.plural:
                return speaker
            if pronoun in {"they", "we"} and (speaker.plural or not person):
                return speaker
        return self.speakers[-1] if self.speakers else None

    def _full_name(self, surname: str, before: int) -> Speaker | None:
        for speaker in self.speakers:
            if speaker.name.split()[-1] == surname:
                return speaker
        pattern = re.compile(
            rf"((?:[A-Z][\w.'’-]*\s+(?:of\s+(?:the\s+)?)?){{1,6}}){re.escape(surname)}\b"
        )
        m = pattern.search(self.text, 0, before)
        if m:
            name, affiliation = split_title(m.group().strip())
            if name != surname:
                return Speaker(name, affiliation, False)
        return None


_SAY = re.compile(
    r"said|says|say|told|tells|added|adds|wrote|writes|stated|states|tweeted|posted|explained"
    r"|noted|insisted|insists|stressed|asserted|argued|maintained|according to|saying"
)
_TAIL_LEAD = re.compile(
    r"^\s*,?\s*(?:(?:late |early )?on \w+day(?: (?:morning|afternoon|evening|night))?|earlier"
    r"|later|also|again|too|on (?:X|Twitter|Telegram|Facebook|social media)|(?:in|via|through)"
    r" (?:a|an|the|its|his|her|their) [^,;“”\"]{0,40}?(?:statement|interview|briefing|post|tweet"
    r"|message|video|address|conference|communiqu[ée]|release)(?: (?:posted|read|issued|released"
    r"|published) (?:on|by|through|via|to) (?:(?:its|his|her|their|the|a|state|national) )?"
    r"\w+(?: (?:television|TV|radio|channel|account|page|website))?)?)\b,?",
    re.IGNORECASE,
)


def _content_before(head: str) -> str:
    """'<content>, ' before an inverted reporting clause, or '' when it is only an adverbial."""
    if not re.search(r"[,—–]\s*$", head):
        return ""
    chunks = [c.strip() for c in re.split(r",\s+", head.strip(" ,—–")) if c.strip()]
    while chunks and _adverbial(chunks[0]):
        chunks.pop(0)
    rest = ", ".join(chunks)
    return rest if len(rest.split()) >= 3 and _has_finite(rest) else ""


def reported_span(sentence: str) -> tuple[int, int] | None:
    """Where the reported content of a sentence lies ("<content>, police said."), or None
    when the sentence reports no one or its content is the whole sentence."""
    found = _find_speaker(sentence)
    if found is None:
        return None
    head = sentence[: found.start] if found.start > 0 else ""
    if _content_before(head):
        return 0, len(head.rstrip(" ,—–"))
    if found.verb == "according to" and found.start == 0:
        rest = sentence[found.end :]
        return found.end + len(rest) - len(rest.lstrip(" ,")), len(sentence)
    if found.start <= 0 and _SAY.fullmatch(found.verb):
        tail = sentence[found.verb_end :]
        that = re.match(r"^[^,;“”\"]{0,80}?\bthat\s+", tail)
        if that:
            return found.verb_end + that.end(), len(sentence)
        lead = tail
        for _ in range(3):
            lead = _TAIL_LEAD.sub("", lead)
        skipped = len(tail) - len(lead.lstrip(" ,"))
        if not found.verb.startswith(("told", "tells")) and len(lead.split()) >= 4:
            return found.verb_end + skipped, len(sentence)
    return None


def _claim(sentence: str, found: _Found, quote: str | None) -> str:
    """What was said: the content clause around the reporting clause, else the sentence."""
    head = sentence[: found.start] if found.start > 0 else ""
    tail = sentence[found.end :]
    content = _content_before(head)  # "<content>, the ministry said."
    if quote and re.search(r"[”\"]\s*,?\s*$", head):
        content = quote  # '"<quote>," X said (in a letter)': the quote is the claim
    elif content:
        content = head.strip(" ,—–")
    elif found.verb == "according to":
        content = tail  # "According to X, <content>."
    elif found.verb == "stated" or (
        not _SAY.fullmatch(found.verb) and not re.match(r"^[^,;“”\"]{0,80}?\bthat\s", tail)
    ):
        content = sentence  # "X denied firing on the town": the verb is part of the claim
    else:
        tail = sentence[found.verb_end :]
        that = re.match(r"^[^,;“”\"]{0,80}?\bthat\s+", tail)
        if that:
            content = tail[that.end() :]
        else:
            for _ in range(3):
                tail = _TAIL_LEAD.sub("", tail)
            if found.verb.startswith(("told", "tells")):
                tail = re.sub(r"^\s*(?:the\s+)?\S+(?:\s+[A-Z]\S*)*\s+", "", tail)  # told CPA ...
            content = tail
    content = content.strip(" ,;:—–")
    if quote and (not content or content.strip('“”"').rstrip(",.") == quote):
        content = quote
    if len(content.split()) < 3:
        content = quote or sentence
    content = content.strip().strip('“”"').strip() if content == quote else content.strip()
    return content[:1].upper() + content[1:] if content else sentence


def build_attributions(
    article: CleanedArticle, sents: list[Sentence]
) -> tuple[list[Attribution], dict[int, str]]:
    """Attributions in order, and for each sentence with one, who reports it (for casualties)."""
    text = article.text
    agency = dateline_agency(article)
    registry = _Registry(text)
    out: list[Attribution] = []
    reporters: dict[int, str] = {}
    seen: set[tuple[str, str]] = set()
    previous = -9
    for whole in sents:
        if whole.injected or whole.headline:
            continue
        for sentence, found in _reported_clauses(whole):
            phrase, verb_end, verb = found.phrase, found.verb_end, found.verb
            speaker = registry.resolve(phrase, sentence.start)
            if speaker is None or not re.search(r"[A-Za-z]", speaker.name):
                continue
            if len(speaker.name.split()) > 12 or speaker.name.lower() in _PRONOUNS:
                continue
            registry.speakers.append(speaker)
            quote = _quote(sentence.text)
            if out and verb in {"added", "adds"} and previous == sentence.index - 1:
                # "..., he added": the same statement goes on; one claim, one record.
                last = out[-1]
                if last.speaker == speaker.name and (quote is None or last.quote is None):
                    out[-1] = _continued(text, last, sentence, quote)
                    previous = sentence.index
                    reporters.setdefault(sentence.index, speaker.affiliation or speaker.name)
                    continue
            previous = sentence.index
            claim = _claim(sentence.text, found, quote)
            key = (speaker.name.lower(), claim.lower())
            if key in seen:
                continue
            seen.add(key)
            reporters.setdefault(sentence.index, speaker.affiliation or speaker.name)
            out.append(
                Attribution(
                    speaker=speaker.name,
                    affiliation=speaker.affiliation,
                    claim=claim,
                    quote=quote,
                    channel=_channel(sentence.text, agency),
                    evidence=evidence(text, sentence, sentence.start + verb_end),
                )
            )
    return out, reporters


# Where one sentence joins two reports: "X said A, while Y said B."
_REPORT_JOINT = re.compile(r",\s+(?:while|whereas)\s+|;\s+|,\s+but\s+")


def _reported_clauses(sentence: Sentence) -> list[tuple[Sentence, _Found]]:
    """The sentence with its speaker, or each of its clauses when they report two speakers."""
    cuts = [0, *(m.end() for m in _REPORT_JOINT.finditer(sentence.text)), len(sentence.text)]
    if len(cuts) > 2:
        parts = []
        for a, b in itertools.pairwise(cuts):
            piece = sentence.text[a:b].rstrip(" ,;")
            found = _find_speaker(piece)
            if found is None:
                break
            sub = replace(sentence, start=sentence.start + a, end=sentence.start + a + len(piece),
                          text=piece)  # fmt: skip
            parts.append((sub, found))
        else:
            return parts
    found = _find_speaker(sentence.text)
    return [] if found is None else [(sentence, found)]


def _continued(text: str, last: Attribution, sentence: Sentence, quote: str | None) -> Attribution:
    start = text.find(last.evidence)
    joined = text[start : sentence.end] if start >= 0 else last.evidence
    update: dict[str, object] = {"quote": last.quote or quote}
    if len(joined) <= EVIDENCE_MAX_CHARS:
        update["evidence"] = joined
    return last.model_copy(update=update)


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
    r"|the|a|an|its|widely|previously|first|initially|recently)\s+$",
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
_DOCUMENT_AFTER = re.compile(
    r"\s+(?:figures|data|estimates|statistics|tally|count|report|records|sources)$"
)


def _adverbial(chunk: str) -> bool:
    """'In a separate incident on Wednesday', 'Hours later': a chunk that names no one."""
    if _TIME_CHUNK.match(chunk) or re.match(r"(?i)(?:earlier|later)\b", chunk):
        return True
    return chunk.split()[0].lower() in _PREPOSITIONS and not _has_finite(chunk)


def _has_finite(chunk: str) -> bool:
    return bool(_FINITE.search(" " + chunk))


def _np_like(phrase: str) -> bool:
    """A phrase that can name a speaker: short, no verb, not a time or place adverbial."""
    tokens = phrase.split()
    if not tokens or len(tokens) > 10 or not re.search(r"[A-Za-z]", phrase):
        return False
    first = tokens[0].lower()
    if first in _PREPOSITIONS or _TIME_CHUNK.match(phrase) or _has_finite(phrase):
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


def _subject(prefix: str) -> str:
    """The speaker phrase in the words before a reporting verb."""
    cleaned = _clean_np(prefix)
    if not cleaned:
        return ""
    chunks = cleaned.split(", ")
    if len(chunks) >= 2 and _is_role(chunks[-2]) and _is_name(chunks[-1]):
        return ", ".join(chunks[-2:])  # "..., a spokesman for X, Goran Lasić, told"
    last = chunks[-1]
    bare = last
    while _SUBORDINATOR.match(bare):
        bare = _SUBORDINATOR.sub("", bare, count=1)
    if len(chunks) > 1 or bare != last:
        # "<a clause>, the ministry said" / "..., where a hospital spokeswoman said"
        clause_before = bare != last or any(_has_finite(c) for c in chunks[:-1])
        if clause_before and _np_like(bare) and not _NOT_A_SUBJECT.match(bare):
            return _inner_np(bare)
    chunks = chunks[:1] + [c for c in chunks[1:] if not _NOT_A_SUBJECT.match(c)]
    first = chunks[0]
    if len(chunks) == 1 and re.search(r"\s(?:and|but)$", first) and _has_finite(first):
        return _subject_of_clause(first)  # "X travelled to Y and said"
    if len(chunks) == 1 or (len(first.split()) <= 10 and not _has_finite(first)):
        if len(chunks) > 1 and (_APPOSITIVE.match(chunks[1]) or _is_name(chunks[1])):
            return f"{first}, {chunks[1]}"
        return first if len(first.split()) <= 10 else _inner_subject(prefix)
    last = chunks[-1]
    return last if len(last.split()) <= 8 else _inner_subject(prefix)


_OWN_FORCES = re.compile(
    r"^(?:[^,;“”\"]{0,50}?\s)?(?:that\s+)?(?:its|their|our)\s+(?:own\s+)?(?:aircraft|air force"
    r"|forces|troops|soldiers|fighters|artillery|drones?|jets|warplanes|units|men|navy|gunners"
    r"|officers|police)\b"
)


def self_claimant(sentence: str) -> str | None:
    """'The army said its aircraft struck ...': the party claiming its own action."""
    found = _find_speaker(sentence)
    if found is None or found.start > 0 or not _OWN_FORCES.match(sentence[found.verb_end :]):
        return None
    name = split_title(found.phrase)[0]
    return None if name.lower() in _PRONOUNS else name


def named_subject(prefix: str) -> str | None:
    """The name of the party that ``prefix`` ends with, titles and appositives removed
    ("The Dorvan Front, an armed group active along the border," -> "The Dorvan Front")."""
    phrase = _subject(prefix.rstrip(" ,"))
    if not phrase or not _plausible(phrase) or phrase.lower() in _PRONOUNS:
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
    if words[-1].lower() in _PRONOUNS and len(words) > 1:
        return False
    if phrase.lower() in _PRONOUNS:
        return True
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
class _Found:
    """Where a reporting clause names its speaker."""

    phrase: str
    start: int  # where the reporting clause starts in the sentence (-1 when unknown)
    end: int  # where it ends: after the verb, or after the source of "according to"
    verb_end: int
    verb: str


def _according(sentence: str) -> _Found | None:
    m = re.search(r"\b[Aa]ccording to\s+", sentence)
    if not m:
        return None
    rest = sentence[m.end() :]
    source = source_raw = re.split(r"[,;:“”\"(]", rest, maxsplit=1)[0].rstrip(" .")
    tail = rest[len(source) :]
    name = re.match(r",\s+([^,;:“”\"]+?)\.?$", tail)
    if name and _is_name(name.group(1).strip()):
        source = f"{source}, {name.group(1).strip()}"  # "according to a spokesman, Lt. X"
    source = re.split(r"\s+(?:who|which|whose|that)\s", source, maxsplit=1)[0]
    source = _DOCUMENT_OF.sub("", source)
    source = _DOCUMENT_AFTER.sub("", source) if source[:1].isupper() else source
    if not source.strip():
        return None
    end = (
        m.end()
        + len(source_raw)
        + (len(name.group()) if name and _is_name(name.group(1).strip()) else 0)
    )
    return _Found(source.strip(), m.start(), end, m.start(), "according to")


def _after_quote(sentence: str) -> _Found | None:
    after = _AFTER_QUOTE.search(sentence)
    if after and after.group("inv"):
        phrase = after.group("after").strip()
        # "said Mira Olsen, a researcher at X": the appositive is the affiliation.
        app = re.match(r",\s+((?:a|an|the)\s[^,;]+?)\.?$", sentence[after.end("after") :])
        if app and _APPOSITIVE.match(app.group(1)):
            phrase = f"{phrase}, {app.group(1)}"
        at = after.start("inv")
        return _Found(phrase, at, after.end("after"), after.end("inv"), after.group("inv"))
    if after and after.group("before"):
        phrase = after.group("before").strip()
        if after.group("app"):
            phrase = f"{phrase}, {after.group('app')}"
        at = after.start("before")
        return _Found(phrase, at, after.end("verb"), after.end("verb"), after.group("verb"))
    return None


@functools.lru_cache(maxsize=2048)
def _said_last(sentence: str) -> _Found | None:
    """'<content>, said Faisal Qureshi, a spokesman for X.': the speaker after the verb."""
    m = _SAID_LAST.search(sentence)
    if m is None or not _is_name(m.group("name").strip()):
        return None
    phrase = m.group("name").strip()
    if m.group("app") and _APPOSITIVE.match(m.group("app")):
        phrase = f"{phrase}, {m.group('app').strip()}"
    return _Found(phrase, m.start("verb"), m.end(), m.end("verb"), m.group("verb"))


_SAID_LAST = re.compile(
    r",\s+(?P<verb>said|says|added|explained|noted)\s+(?P<name>(?:[A-Z][\w'’.-]*\s+)*?"
    r"[A-Z][\w'’-]+)(?:,\s+(?P<app>(?:a|an|the)\s[^,;“”\"]{1,80}?))?\.?$"
)


@functools.lru_cache(maxsize=2048)
def _find_speaker(sentence: str) -> _Found | None:
    """Who the sentence reports as speaking, and where, or None."""
    found = _after_quote(sentence) or _according(sentence) or _said_last(sentence)
    if found:
        return found
    quoted = [(q.start(), q.end()) for q in _QUOTE.finditer(sentence)]
    channel = re.search(
        r"\s(?:in|on|via) (?:a|an|its|their|his|her) (?:\w+ ){0,2}(?:statement|tweet|post)\b",
        sentence,
    )
    verbs = [
        v
        for v in _VERB.finditer(sentence)
        if not any(a <= v.start() < b for a, b in quoted)
        and (
            v.group() == "saying"
            or not _PARTICIPLE.search(sentence[max(0, v.start() - 25) : v.start()])
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
        return _Found(phrase, at, end, end, verb.group() if verb else "stated")
    return None

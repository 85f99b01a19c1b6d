"""Attributions: who said what, through which channel, with their quoted words.

A sentence with a reporting verb ("said", "told", "according to", ...) gives one record.
The speaker is the phrase before the verb (or after a closing quote); pronouns ("he
added") and role descriptions ("the spokesman said") resolve to an earlier speaker, and
a bare surname to the full name written earlier. Titles split into speaker and
affiliation: "Coalition Spokesman Col. Wayne Marotto" -> "Col. Wayne Marotto",
"Coalition spokesman".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..clean import CleanedArticle
from ..schema import EVIDENCE_MAX_CHARS, Attribution, Channel
from ._rules_lexicon import CHANNEL_CUES, HONORIFICS, NEWS_ORGS, ROLE_WORDS
from ._rules_phrases import strip_determiner, subject_before
from ._rules_text import Sentence, dateline_agency, evidence, looks_injected

_VERBS = (
    r"said|says|say|told|tells|added|adds|wrote|writes|claimed|claims|accused|accuses|condemned"
    r"|condemns|denied|denies|announced|announces|confirmed|confirms|stated|states|warned|warns"
    r"|insisted|insists|explained|noted|tweeted|posted|declared|acknowledged|admitted|alleged"
    r"|reported|blamed|blames|stressed|asserted|argued|maintained|disclosed|revealed"
)
_VERB = re.compile(rf"\b(?:{_VERBS})\b")
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+(?P<source>[^,.;:“”\"]+(?:\.[A-Z]\.?[^,.;:]*)?)")
_AFTER_QUOTE = re.compile(
    rf"(?:[,?!]\s*[”\"]|[”\"]\s*,)\s*(?:(?P<inv>{_VERBS})\s+(?P<after>[^,.;]+(?:\.\s?[A-Z][^,.;]*)*)"
    rf"|(?P<before>(?:[A-Z]|(?:he|she|they|we|it|the|a|an)\b)[^,.;“”\"]{{0,80}}?)\s+"
    rf"(?P<verb>{_VERBS})\b)"
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
    while len(chunks) > 1 and re.match(
        r"(?i)(?:in|on|at|after|before|during|earlier|later)\b", chunks[0]
    ):
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
    return bool(re.match(r"(?i)(?:the|a|an|its|their|his|her)\s", chunk)) and bool(
        _ROLE.search(chunk)
    )


def _is_name(chunk: str) -> bool:
    tokens = chunk.split()
    return 1 < len(tokens) <= 5 and all(t[:1].isupper() for t in tokens)


def _lower_roles(text: str) -> str:
    return _ROLE.sub(lambda m: m.group().lower(), text)


class _Registry:
    """The speakers met so far, to resolve pronouns, roles and surnames."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.speakers: list[Speaker] = []

    def resolve(self, phrase: str, sentence_start: int) -> Speaker | None:
        bare = strip_determiner(phrase)
        lower = phrase.lower().strip()
        if lower in _PRONOUNS:
            want_plural = lower in {"they", "we"}
            for speaker in reversed(self.speakers):
                if speaker.plural == want_plural or not want_plural:
                    return speaker
            return self.speakers[-1] if self.speakers else None
        if re.match(r"(?i)the\s", phrase) and _ROLE.search(bare) and len(bare.split()) <= 4:
            role = _ROLE.search(bare)
            assert role is not None
            for speaker in reversed(self.speakers):
                blob = f"{speaker.name} {speaker.affiliation or ''}".lower()
                if role.group().lower().rstrip("s") in blob:
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


def _claim(sentence: str, verb_end: int, quote: str | None) -> str:
    rest = sentence[verb_end:]
    that = re.search(r"\bthat\s+(.+)$", rest)
    claim = that.group(1) if that and that.start() < 60 else sentence
    if quote and claim is sentence:
        claim = quote
    claim = claim.strip().strip('“”"').strip()
    return claim[:1].upper() + claim[1:] if claim else sentence


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
    for sentence in sents:
        if sentence.injected or sentence.headline:
            continue
        found = _speaker_phrase(sentence.text)
        if found is None:
            continue
        phrase, verb_end, verb = found
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
                reporters[sentence.index] = speaker.affiliation or speaker.name
                continue
        previous = sentence.index
        claim = _claim(sentence.text, verb_end, quote)
        key = (speaker.name.lower(), claim.lower())
        if key in seen:
            continue
        seen.add(key)
        reporters[sentence.index] = speaker.affiliation or speaker.name
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
_FINITE = re.compile(
    r"\s(?:[a-z]+ed|was|were|is|are|has|had|have|died|tore|struck|hit|fell|rose|came|went|took"
    r"|made|began|left|broke|ran|killed)\b"
)


def _subject(prefix: str) -> str:
    """The speaker phrase in the words before a reporting verb."""
    cleaned = _clean_np(prefix)
    if not cleaned:
        return ""
    chunks = cleaned.split(", ")
    chunks = chunks[:1] + [c for c in chunks[1:] if not _NOT_A_SUBJECT.match(c)]
    if len(chunks) >= 2 and _is_role(chunks[-2]) and _is_name(chunks[-1]):
        return ", ".join(chunks[-2:])  # "..., a spokesman for X, Goran Lasić, told"
    first = chunks[0]
    if len(chunks) == 1 or (len(first.split()) <= 10 and not _FINITE.search(first)):
        if len(chunks) > 1 and (_APPOSITIVE.match(chunks[1]) or _is_name(chunks[1])):
            return f"{first}, {chunks[1]}"
        return first if len(first.split()) <= 10 else _inner_subject(prefix)
    last = chunks[-1]
    return last if len(last.split()) <= 8 else _inner_subject(prefix)


def _inner_subject(prefix: str) -> str:
    # A subject inside the sentence counts only at a new main clause, not a relative one.
    inner = subject_before(prefix) or ""
    lead = prefix.rstrip()[: len(prefix.rstrip()) - len(inner)].rstrip()
    return inner if inner and re.search(r"(?:[,;]|\band|\bbut|\bwhile)$", lead) else ""


def _speaker_phrase(sentence: str) -> tuple[str, int, str] | None:
    """(phrase naming the speaker, offset just after the reporting verb, the verb) or None."""
    after = _AFTER_QUOTE.search(sentence)
    if after and after.group("inv"):
        return after.group("after").strip(), after.end("inv"), after.group("inv")
    if after and after.group("before"):
        return after.group("before").strip(), after.end("verb"), after.group("verb")
    according = _ACCORDING.search(sentence)
    if according:
        return according.group("source").strip(), according.start(), "according to"
    verb = _VERB.search(sentence)
    channel = re.search(
        r"\s(?:in|on|via) (?:a|an|its|their|his|her) (?:\w+ ){0,2}(?:statement|tweet|post)\b",
        sentence,
    )
    if verb is None and channel is None:
        return None
    cut = verb.start() if verb else len(sentence)
    if channel and channel.start() < cut:
        cut = channel.start()
    prefix = sentence[:cut]
    if re.search(r"[”\"]\s*,?\s*$", prefix) or not prefix.strip():
        return None
    end = verb.end() if verb else channel.end() if channel else cut
    verb_text = verb.group() if verb else "stated"
    phrase = _subject(prefix)
    words = phrase.split()
    if not words or (words[-1].lower() in _PRONOUNS and len(words) > 1):
        return None
    if words[0].lower() in {"no", "nobody", "none", "neither", "nor"}:
        return None
    # A pronoun inside a sentence that has its own subject refers to that subject.
    if phrase.lower() in _PRONOUNS and cut > 0 and prefix.strip().lower() != phrase.lower():
        head = _clean_np(re.split(r"\s(?:in|on|via) (?:a|an|its|their) ", sentence, maxsplit=1)[0])
        if head and len(head.split()) <= 10:
            return head, end, verb_text
    if re.match(r"[a-z]", phrase) and not re.match(
        r"(?:the|a|an|its|their|his|her|some|two|three|several|many|local|senior|sources|officials"
        r"|police|witnesses|residents|activists|he|she|they|we|it|i)\b",
        phrase,
    ):
        return None
    return phrase, end, verb_text

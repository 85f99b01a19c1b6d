"""Attributions: who said what, through which channel, with their quoted words.

A sentence with a reporting verb ("said", "told", "according to", ...) gives one record
(``_rules_speakers`` finds the speaker, ``_rules_names`` resolves it). The claim is the
reported content; the channel comes from the sentence's cues ("told a briefing", "wrote on
X", "told local radio", "told the <publisher>"), else from the remarks it goes on with: a
plain "he said" right after the same speaker's briefing keeps the briefing's channel, and "the
statement said" speaks for whoever issued the statement. "He" or "she" may be a person the
sentences just before opened with ("Regional governor X disputed the figure.").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.cleaning import CleanedArticle
from summarizer.language.names import NEWSROOM_JOBS
from summarizer.providers.rules.lexicon import CHANNEL_CUES, NEWS_ORGS
from summarizer.providers.rules.names import PRONOUNS, Registry, Speaker
from summarizer.providers.rules.reported import (
    SAY,
    TAIL_LEAD,
    THAT_CLAUSE,
    content_before,
    reported_clauses,
)
from summarizer.providers.rules.speakers import DOCUMENT, QUOTE, Found, subject_person
from summarizer.providers.rules.text import Sentence, dateline_agency, evidence, looks_injected
from summarizer.schema import Attribution, Channel

# "told local radio", "told the state broadcaster", "told the local radio station Sawt Qasmir"
_TOLD_MEDIA = re.compile(
    r"\btold\s+(?:the\s+|a\s+)?(?:(?:local|state|national|private|independent|regional"
    r"|public|online|foreign|[\w-]+-language)\s+){0,2}(?:radio|television|TV|broadcaster"
    r"|newspaper|daily|news (?:agency|website|outlet|channel|site)|news ?paper|channel"
    r"|station)\b",
    re.IGNORECASE,
)
# Words of a publisher's name that say nothing on their own ("The", "News", "Staff").
_OUTLET_FILLER = frozenset(
    {"the", "a", "an", "by", "all", "rights", "reserved", "copyright", "staff", "our", "desk"}
    | {"regional", "news", "press", "agency", "service", "daily", "and", "of", "in", "for"}
    | {"reproduction", "prohibited", "without", "permission", *NEWSROOM_JOBS}
)


def publisher_words(article: CleanedArticle) -> frozenset[str]:
    """The head words of the publisher's name ("Ledger" of "The Brenmoor Ledger"), from the
    byline, source and copyright lines the cleaner took out."""
    names = set((article.byline or "").replace(",", " ").split())
    heads: set[str] = set()
    for line in article.removed:
        if line.reason not in {"byline", "copyright", "source line"}:
            continue
        text = re.sub(r"^(?:by|from)\s+", "", line.text, flags=re.IGNORECASE)
        for run in re.findall(r"[A-Z][\w'’&-]+(?:\s+[A-Z][\w'’&-]+)*", text):
            head = run.split()[-1]
            if head.lower() not in _OUTLET_FILLER and head not in names:
                heads.add(head)
    return frozenset(heads)


def _channel(sentence: str, agency: str | None, outlets: frozenset[str] = frozenset()) -> Channel:
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
        # "told the Ledger", "told the Brenmoor Ledger": the publisher, by its name's head word
        named = re.match(r"[A-Z][\w'’&-]+(?:\s+[A-Z][\w'’&-]+)*", org)
        if (
            NEWS_ORGS.match(org)
            or (agency and org.startswith(agency))
            or (named and named.group().split()[-1] in outlets)
            or _TOLD_MEDIA.search(sentence)
        ):
            return Channel.told_news_agency
    for channel, pattern in CHANNEL_CUES:
        if channel is Channel.statement and pattern.search(sentence):
            return channel
    return Channel.unspecified


def _quote(sentence: str) -> str | None:
    """The longest quotation of three words or more; else the longest shorter one ("appalled",
    "deeply concerned"), the speaker's own words all the same."""
    best = short = None
    for m in QUOTE.finditer(sentence):
        inner = (m.group(1) or m.group(2) or "").strip()
        inner = inner.rstrip(",.;: ").lstrip()
        if not re.search(r"[A-Za-z]", inner) or looks_injected(inner):
            continue
        if len(inner.split()) < 3:
            if short is None or len(inner) > len(short):
                short = inner
        elif best is None or len(inner) > len(best):
            best = inner
    return best or short


def _claim(sentence: str, found: Found, quote: str | None) -> str:
    """What was said: the content clause around the reporting clause, else the sentence."""
    head = sentence[: found.start] if found.start > 0 else ""
    tail = sentence[found.end :]
    content = content_before(head)  # "<content>, the ministry said."
    if quote and re.search(r"[”\"]\s*,?\s*$", head):
        content = quote  # '"<quote>," X said (in a letter)': the quote is the claim
    elif content:
        content = head.strip(" ,—–")
    elif found.verb == "according to":
        content = tail  # "According to X, <content>."
    elif found.verb == "stated" or (not SAY.fullmatch(found.verb) and not THAT_CLAUSE.match(tail)):
        content = sentence  # "X denied firing on the town": the verb is part of the claim
    else:
        tail = sentence[found.verb_end :]
        that = THAT_CLAUSE.match(tail)
        if that:
            content = tail[that.end() :]
        else:
            for _ in range(3):
                tail = TAIL_LEAD.sub("", tail)
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


# "In the same post, ...": the channel of the speaker's last record.
_SAME = re.compile(
    r"\b(?:in|on) the same (?:post|message|statement|interview|briefing|video)\b", re.IGNORECASE
)


@dataclass
class _Made:
    """A record made, and where its sentence lies, for follow-on sentences."""

    index: int
    paragraph: int


def build_attributions(
    article: CleanedArticle, sents: list[Sentence]
) -> tuple[list[Attribution], dict[int, str]]:
    """Attributions in order, and for each sentence with one, who reports it (for casualties)."""
    text = article.text
    agency = dateline_agency(article)
    outlets = publisher_words(article)
    registry = Registry(text)
    out: list[Attribution] = []
    made: list[_Made] = []
    reporters: dict[int, str] = {}
    seen: set[tuple[str, str]] = set()
    body = [s for s in sents if not s.injected and not s.headline]
    for position, whole in enumerate(body):
        for sentence, found in reported_clauses(whole):
            phrase, verb_end = found.phrase, found.verb_end
            document = DOCUMENT.match(phrase.strip())
            source = _document_source(out, made, whole) if document else None
            speaker: Speaker | None
            if source is not None:
                speaker = registry.speaker_of(source)
            elif document:
                continue  # "the statement said" with no statement to point to
            else:
                if phrase.lower().strip() in {"he", "she"}:
                    _register_subject(registry, body, position, made)
                speaker = registry.resolve(phrase, sentence.start, sentence.text)
            if speaker is None or not re.search(r"[A-Za-z]", speaker.name):
                continue
            if len(speaker.name.split()) > 12 or speaker.name.lower() in PRONOUNS:
                continue
            registry.speakers.append(speaker)
            quote = _quote(sentence.text)
            claim = _claim(sentence.text, found, quote)
            if _INTRODUCES.match(sentence.text[verb_end:]):
                continue  # "X gave a higher toll.": the quote that follows is the claim
            channel = _channel(sentence.text, agency, outlets)
            same = _same_remarks(out, made, speaker.name, whole)
            key = (speaker.name.lower(), claim.lower())
            if key in seen:
                continue
            seen.add(key)
            reporters.setdefault(sentence.index, speaker.affiliation or speaker.name)
            if source is not None and channel is Channel.unspecified:
                written = source.channel in _WRITTEN
                channel = Channel(source.channel) if written else Channel.statement
            elif same is not None:
                channel = same  # "In the same interview, he said": the same remarks
            elif channel is Channel.unspecified:
                channel = _follow_on(out, made, speaker.name, whole) or channel
            out.append(
                Attribution(
                    speaker=speaker.name,
                    affiliation=speaker.affiliation,
                    claim=claim,
                    quote=quote,
                    channel=channel,
                    evidence=evidence(text, sentence, sentence.start + verb_end),
                )
            )
            made.append(_Made(whole.index, whole.paragraph))
    return out, reporters


# A claim that only announces the figure or account that follows.
_INTRODUCES = re.compile(
    r"^\s+(?:a|an)\s+(?:\w+\s+){0,2}(?:toll|figure|account|version|tally|number|estimate)s?\W*$",
    re.IGNORECASE,
)


def _near(made: _Made, sentence: Sentence, sentences: int = 2) -> bool:
    """The record's sentence is one of the few just before ``sentence``, in its paragraph or
    the one before."""
    return (
        0 <= sentence.index - made.index <= sentences and sentence.paragraph - made.paragraph <= 1
    )


def _follow_on(
    out: list[Attribution], made: list[_Made], speaker: str, sentence: Sentence
) -> Channel | None:
    """'..., Oduya told a news conference. "...," she said.': a sentence with no channel of its
    own that goes on with the same speaker's remarks keeps their channel."""
    if not out or out[-1].speaker != speaker or out[-1].channel == Channel.unspecified.value:
        return None
    return Channel(out[-1].channel) if _near(made[-1], sentence) else None


def _same_remarks(
    out: list[Attribution], made: list[_Made], speaker: str, sentence: Sentence
) -> Channel | None:
    """The channel of the remarks that "in the same post/interview" points back to."""
    if not _SAME.search(sentence.text) or not out or out[-1].speaker != speaker:
        return None
    return Channel(out[-1].channel) if _near(made[-1], sentence, 3) else None


def _document_source(
    out: list[Attribution], made: list[_Made], sentence: Sentence
) -> Attribution | None:
    """The record whose statement or post "the statement said" refers to: the last one with a
    written channel, a few sentences back."""
    near = [
        record
        for record, where in zip(reversed(out), reversed(made), strict=True)
        if _near(where, sentence, sentences=3)
    ]
    written = [record for record in near if record.channel in _WRITTEN]
    return written[0] if written else near[0] if near else None


_WRITTEN = frozenset(c.value for c in (Channel.statement, Channel.social_media_post, Channel.tweet))


def _register_subject(
    registry: Registry, body: list[Sentence], position: int, made: list[_Made]
) -> None:
    """Before a "he said": a person the sentences since the last record open with, such as
    "Regional governor Amina Sule disputed the figure.", is who "he" or "she" is."""
    last = made[-1].index if made else -1
    current = body[position]
    for earlier in reversed(body[max(0, position - 3) : position]):
        if earlier.index <= last or current.paragraph - earlier.paragraph > 1:
            break
        person = subject_person(earlier.text)
        if person is not None:
            registry.speakers.append(person)
            return

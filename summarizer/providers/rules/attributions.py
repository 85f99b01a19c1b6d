"""Attributions: who said what, through which channel, with their quoted words.

Each report of a sentence (``speakers.find_reports``) is one record once its speaker is
resolved: a pronoun to the last speaker of its kind, "the chief" or "the ministry" to the
speaker it names, a surname to the full name met before, "the statement said" to whoever
issued it. The channel comes from the sentence (``data/channels.toml``; "told <outlet>"
here, knowing the article's dateline agency and its publisher); with none, a report that
goes on with the same speaker's remarks keeps their channel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from summarizer.cleaning import CleanedArticle
from summarizer.language.names import NEWSROOM_JOBS
from summarizer.providers.rules.engine import RULES, Token, find_all, read_count
from summarizer.providers.rules.names import persons_in, split_name
from summarizer.providers.rules.phrases import head, strip_determiner
from summarizer.providers.rules.sentences import Sentence, dateline_agency, evidence, quotes
from summarizer.providers.rules.speakers import Report, find_reports
from summarizer.schema import EVIDENCE_MAX_CHARS, Attribution, Channel

MAX_RECORDS = 80
_WRITTEN = frozenset({Channel.statement, Channel.social_media_post, Channel.tweet})
_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})
# Words of a publisher's name that say nothing on their own ("The", "News", "Staff").
_FILLER = frozenset(
    {"the", "a", "an", "by", "all", "rights", "reserved", "copyright", "staff", "our", "desk",
     "news", "press", "agency", "service", "daily", "and", "of", "in", "for", "follow", "on",
     *NEWSROOM_JOBS}
)  # fmt: skip


@dataclass
class Speaker:
    name: str
    affiliation: str | None
    person: bool
    plural: bool


@dataclass
class _Made:
    record: Attribution
    speaker: Speaker
    sentence: int
    paragraph: int


@dataclass
class Registry:
    """The speakers met so far, to resolve pronouns, roles and surnames."""

    speakers: list[Speaker] = field(default_factory=list)
    surnames: dict[str, Speaker] = field(default_factory=dict)
    acronyms: dict[str, str] = field(default_factory=dict)  # "INPEN" -> its full name
    bodies: list[str] = field(default_factory=list)  # organisations named so far

    def learn(self, sentence: Sentence) -> None:
        """Names a sentence gives: "the <Long Name> (<ACRONYM>)", and the organisations it
        names, for a later "<ACRONYM> said" or "the agency said"."""
        for m in re.finditer(
            r"((?:[A-Z][\w'’.&-]*\s+(?:(?:of|and|for|the)\s+)*){1,7})\(([A-Z]{2,8})\)",
            sentence.text,
        ):
            name = strip_determiner(m.group(1).strip())
            self.acronyms[m.group(2)] = f"{name} ({m.group(2)})"
        lexicon = RULES.lexicon
        for m in re.finditer(
            r"(?:[A-Z][\w'’&-]*\s+(?:(?:of|and|for|the)\s+)*){0,6}[A-Z][\w'’&-]*", sentence.text
        ):
            words = m.group().split()
            if len(words) >= 2 and lexicon.has(words[-1], "organisations"):
                self.bodies = [*self.bodies[-20:], m.group()]

    def add(self, speaker: Speaker) -> None:
        self.speakers = [s for s in self.speakers[-30:] if s.name != speaker.name] + [speaker]
        if speaker.person and len(speaker.name.split()) >= 2:
            self.surnames[speaker.name.split()[-1]] = speaker

    def resolve(self, phrase: str, affiliation: str | None) -> Speaker | None:
        low = phrase.lower().strip()
        if low in _PRONOUNS:
            return self._antecedent(low)
        bare = strip_determiner(phrase)
        words = bare.split()
        if not words:
            return None
        if len(words) == 1 and words[0][:1].isupper() and words[0] in self.surnames:
            return self.surnames[words[0]]
        if len(words) == 1 and words[0] in self.acronyms:
            return Speaker(self.acronyms[words[0]], affiliation, False, False)
        if re.match(r"(?i)(?:the|its|their|his|her)\s", phrase) and len(words) <= 4:
            found = None if any("'" in w or "’" in w for w in words) else self._named_by(words)
            if found is not None:
                return found
            body = self._body(words[-1].lower()) if len(words) == 1 else None
            if body is not None:
                return Speaker(body, affiliation, False, False)
        name, role = split_name(bare)
        person = _person(name, role or affiliation)
        plural = not person and (head(bare).endswith("s") and not bare[:1].isupper())
        return Speaker(
            name, role or (strip_determiner(affiliation) if affiliation else None), person, plural
        )

    def _named_by(self, words: list[str]) -> Speaker | None:
        """The speaker "the chief", "the ministry" or "the police spokesman" points back to:
        the last one whose name or affiliation has all of its words."""
        stems = [w.lower().rstrip("s") for w in words]
        # "the ministry" is the ministry, not a person who works there: a body is matched
        # by name only; a role ("the chief") by the person's affiliation too.
        body = RULES.lexicon.has(words[-1].lower(), "organisations") or RULES.lexicon.has(
            words[-1].lower(), "armed"
        )
        for speaker in reversed(self.speakers):
            blob = f"{speaker.name} {'' if body else speaker.affiliation or ''}".lower()
            if all(re.search(rf"\b{re.escape(stem)}", blob) for stem in stems):
                return speaker
        return None

    def _body(self, noun: str) -> str | None:
        """The organisation "the agency" or "the union" points back to: the last one named
        with that word, or for a generic word the last one named."""
        if not RULES.lexicon.has(noun, "organisations"):
            return None
        for body in reversed(self.bodies):
            if body.lower().split()[-1] == noun:
                return strip_determiner(body)
        if noun in {"agency", "group", "company", "firm", "organisation", "organization", "body",
                    "operator", "charity"}:  # fmt: skip
            return strip_determiner(self.bodies[-1]) if self.bodies else None
        return None

    def _antecedent(self, pronoun: str) -> Speaker | None:
        for speaker in reversed(self.speakers):
            if pronoun in {"he", "she", "i"} and speaker.person:
                return speaker
            if pronoun == "it" and not speaker.person and not speaker.plural:
                return speaker
            if pronoun in {"they", "we"} and not speaker.person:
                return speaker
        return None


def _person(name: str, role: str | None) -> bool:
    """A person rather than an organisation or a group of people."""
    tokens = name.split()
    lexicon = RULES.lexicon
    if lexicon.has(tokens[0], "honorifics") and tokens[0][:1].isupper() and len(tokens) >= 2:
        return True
    if any(lexicon.has(t, "organisations") or lexicon.has(t, "media") or lexicon.has(t, "agencies")
           for t in tokens):  # fmt: skip
        return False
    if all(
        t[:1].isupper() or t.lower() in {"al", "el", "de", "van", "von", "bin", "ibn"}
        for t in tokens
    ):
        return 2 <= len(tokens) <= 4
    return lexicon.has(head(name), "roles") and not name.lower().endswith("s")


def publisher_words(article: CleanedArticle) -> frozenset[str]:
    """The head words of the publisher's name ("Post" of "The <Town> Post"), from the
    byline, copyright and source lines the cleaner took out, and the dateline's agency."""
    names = set((article.byline or "").replace(",", " ").split())
    heads: set[str] = set()
    for line in article.removed:
        if line.reason.value not in {"byline", "copyright", "source line", "section label"}:
            continue
        text = re.sub(r"^(?:by|from)\s+", "", line.text, flags=re.IGNORECASE)
        for run in re.findall(r"[A-Z][\w'’&-]+(?:\s+[A-Z][\w'’&-]+)*", text):
            word = run.split()[-1]
            if word.lower() not in _FILLER and word not in names:
                heads.add(word)
    agency = dateline_agency(article)
    if agency:
        heads.add(agency.split()[-1])
    return frozenset(heads)


def _told_outlet(sentence: Sentence, outlets: frozenset[str], registry: Registry) -> bool:
    """ "told <agency>", "told the <Paper>", "told state broadcaster <NAME>", "told local
    radio"."""
    tokens = sentence.tokens
    lexicon = RULES.lexicon
    for i, token in enumerate(tokens):
        if token.low not in {"told", "tells", "telling"}:
            continue
        j = i + 1
        if j < len(tokens) and lexicon.end(tokens, j, "audiences") is not None:
            continue
        words = []
        while (
            j < len(tokens)
            and j - i <= 7
            and tokens[j].word
            and tokens[j].low not in {"that", "by", "in", "on", "at"}
        ):
            words.append(tokens[j])
            j += 1
        if not words:
            continue
        if any(
            lexicon.end(tokens, k, "agencies") is not None for k in range(i + 1, i + 1 + len(words))
        ):
            return True
        if any(lexicon.has(w.low, "media") or lexicon.has(w.low, "media_kinds") for w in words):
            return True
        named = [w.text for w in words if w.cap]
        if any(n in outlets for n in named):
            return True
        if (
            named
            and named[-1] not in registry.surnames
            and not lexicon.has(named[0].lower(), "honorifics")
        ):
            # A capitalised addressee that is no known person: an outlet ("told <Name>").
            return len(named) <= 4
    return False


def _channel(sentence: Sentence, outlets: frozenset[str], registry: Registry) -> Channel:
    found = find_all("channels", "channel", sentence.tokens)
    best = max(found, key=lambda f: f.rule.priority, default=None)
    told = _told_outlet(sentence, outlets, registry)
    if best is not None and (best.rule.priority >= 80 or not told):
        return Channel(best.rule.extra["channel"])
    return Channel.told_news_agency if told else Channel.unspecified


def _object_only(tokens: list[Token], a: int, b: int) -> bool:
    """Whether the words after a verb are a thing it takes, not a clause: a few words up to
    a preposition, a conjunction or the end, with no verb of their own."""
    lexicon = RULES.lexicon
    first = tokens[a] if a < b else None
    if first is None or not first.word or first.cap or lexicon.has(first.low, "pronouns"):
        return False
    for j in range(a + 1, min(b, a + 7)):
        low = tokens[j].low
        if (
            lexicon.has(low, "auxiliary")
            or lexicon.has(low, "clause_verbs")
            or (low.endswith("ed") and not tokens[j].cap and len(low) > 4)
        ):
            return False
        if low in {"and", "but", ",", ".", ";"} or lexicon.has(low, "prepositions"):
            return True
    return b <= a + 7


def _claim(sentence: Sentence, report: Report) -> str:
    """A complete sentence saying what was claimed: the report's content, else the whole
    sentence when the content is a fragment (no subject of its own)."""
    tokens = sentence.tokens
    lexicon = RULES.lexicon
    a, b = report.content
    if lexicon.end(tokens, report.verb[0], "say_verbs") is None or (
        a > report.verb[0]
        and lexicon.has(tokens[report.verb[0]].low, "object_verbs")
        and _object_only(tokens, a, b)
    ):
        # "X denied firing on Y", "X blamed Y", "X confirmed the <event>": the verb is part
        # of the claim.
        return _sentence_claim(sentence.text)
    while a < b and tokens[a].low in {",", "that", ":", "and"}:
        a += 1
    while b > a and tokens[b - 1].low in {",", ".", ";", ":", '"', "“", "”", "'", "‘", "’"}:
        b -= 1
    content = sentence.cut((a, b)) if b > a else ""
    stripped = content.strip(" \"“”'‘’")
    if report.quote and stripped.rstrip(",.") == report.quote:
        content = report.quote
    first = tokens[a].low if a < b else ""
    fragment = (
        len(content.split()) < 3
        or lexicon.has(first, "auxiliary")
        or lexicon.has(first, "clause_verbs")
        or (lexicon.has(first, "prepositions") and read_count(tokens, a) is None)
        or (first.endswith(("ed", "ing")) and not tokens[a].cap)
    )
    if fragment:
        content = report.quote if report.quote and len(report.quote.split()) >= 3 else sentence.text
    return _sentence_claim(content)


def _sentence_claim(content: str) -> str:
    content = content.strip().strip('"“”‘’').strip()
    if content.startswith("'") and content.count("'") % 2:
        content = content[1:]  # an opening single quotation mark, not an apostrophe
    content = content[:1].upper() + content[1:]
    if not content.endswith((".", "!", "?")):
        content = content.rstrip(",;:") + "."
    return content[:400]


def build_attributions(
    article: CleanedArticle, sents: list[Sentence]
) -> tuple[list[Attribution], dict[int, str]]:
    """Attributions in order, and for each sentence with one, who reports it."""
    text = article.text
    outlets = publisher_words(article)
    registry = Registry()
    made: list[_Made] = []
    reporters: dict[int, str] = {}
    seen: set[tuple[str, str]] = set()
    for position, sentence in enumerate(sents):
        if sentence.injected or sentence.headline:
            continue
        registry.learn(sentence)
        for name, role, at in persons_in(sentence):
            person = Speaker(name, role, True, False)
            registry.surnames.setdefault(name.split()[-1], person)
            if at <= 4:
                registry.add(person)  # a sentence's subject: who a later "he" may be
        for report in find_reports(sentence):
            speaker = _speaker(report, sentence, made, registry)
            if speaker is None:
                continue
            registry.add(speaker)
            if report.introduces:
                continue  # a speaker a later "she said" may be, with no claim here
            claim = _claim(sentence, report)
            key = (speaker.name.lower(), claim.lower())
            if key in seen or len(made) >= MAX_RECORDS:
                continue
            seen.add(key)
            channel = _channel(sentence, outlets, registry)
            if channel is Channel.unspecified:
                channel = _follow_on(made, speaker, sentence, report) or channel
            quote = report.quote
            excerpt = evidence(text, sentence, sentence.tokens[report.verb[0]].start)
            following = _quoted_follow_on(sents, position, report)
            if following is not None:
                # '"<first part>," she said. "<second part>."': one quotation, split.
                quote = f"{quote} ... {quotes(following)[0]}" if quote else quotes(following)[0]
                if following.end - sentence.start <= EVIDENCE_MAX_CHARS:
                    excerpt = text[sentence.start : following.end]
            record = Attribution(
                speaker=speaker.name[:200],
                affiliation=speaker.affiliation[:200] if speaker.affiliation else None,
                claim=claim,
                quote=quote[:600] if quote else None,
                channel=channel,
                evidence=excerpt,
            )
            made.append(_Made(record, speaker, sentence.index, sentence.paragraph))
            reporters.setdefault(sentence.index, speaker.name)
    return [m.record for m in made], reporters


def _quoted_follow_on(sents: list[Sentence], position: int, report: Report) -> Sentence | None:
    """The next sentence of the paragraph when it is nothing but a quotation with no speaker
    of its own, after a report that ends its sentence: the same speaker's words go on."""
    sentence = sents[position]
    if position + 1 >= len(sents) or (report.verb[0] < report.content[0] and report.quote):
        return None  # 'X said "<words>"': the quotation is already the claim's
    after = sents[position + 1]
    if after.paragraph != sentence.paragraph or after.injected or after.headline:
        return None
    body = after.text.strip()
    found = quotes(after)
    if len(found) != 1 or body[:1] not in _OPENING or find_reports(after):
        return None
    closed = body.rstrip().rstrip(".").rstrip()
    return after if closed[-1:] in _CLOSING and found[0].rstrip(".!?") in body else None


_OPENING = frozenset({'"', "“", "'", "‘"})
_CLOSING = frozenset({'"', "”", "'", "’"})


def _speaker(
    report: Report, sentence: Sentence, made: list[_Made], registry: Registry
) -> Speaker | None:
    phrase = report.speaker.strip(' ,"“”')
    words = [t.low for t in sentence.tokens if t.word]
    if report.embedded:
        subject = _sentence_subject(sentence)
        if subject:
            phrase = subject
    last = strip_determiner(phrase).split()[-1].lower() if strip_determiner(phrase).split() else ""
    if RULES.lexicon.has(last, "documents") and len(phrase.split()) <= 4:
        # "the statement said": whoever issued the last written statement, a few sentences back.
        near = [m for m in made[-4:] if sentence.index - m.sentence <= 4]
        written = [m for m in near if Channel(m.record.channel) in _WRITTEN]
        chosen = (written or near)[-1:] if (written or near) else []
        return chosen[0].speaker if chosen else None
    if not words or not phrase:
        return None
    speaker = registry.resolve(phrase, report.affiliation)
    if (
        speaker is None
        or not re.search(r"[A-Za-z]", speaker.name)
        or len(speaker.name.split()) > 14
    ):
        return None
    if speaker.name.lower() in _PRONOUNS:
        return None
    return speaker


def _sentence_subject(sentence: Sentence) -> str | None:
    """The subject the sentence opens with, after a leading adverbial ("In a statement,")."""
    tokens = sentence.tokens
    start = 0
    if tokens and RULES.lexicon.has(tokens[0].low, "prepositions"):
        commas = [i for i, t in enumerate(tokens[:12]) if t.low == ","]
        start = commas[0] + 1 if commas else 0
    j = start
    while j < len(tokens) and tokens[j].word and not RULES.lexicon.has(tokens[j].low, "function") \
            and not (tokens[j].low.endswith("ed") and not tokens[j].cap):  # fmt: skip
        j += 1
    return sentence.cut((start, j)) if j > start else None


def _follow_on(
    made: list[_Made], speaker: Speaker, sentence: Sentence, report: Report
) -> Channel | None:
    """A report with no channel of its own that goes on with the same speaker's remarks
    ("he said", "the chief said", "she added", "in the same <remarks>") keeps their channel: the
    channel of that speaker's last record, a few sentences back."""
    same = any(t.low == "same" for t in sentence.tokens[: report.verb[0] + 6])
    for earlier in reversed(made[-6:]):
        if earlier.speaker.name != speaker.name:
            continue
        if earlier.record.channel == Channel.unspecified.value:
            return None
        close = (
            sentence.index - earlier.sentence <= 4 and sentence.paragraph - earlier.paragraph <= 2
        )
        return Channel(earlier.record.channel) if close or same else None
    return None


def _tokens_text(tokens: list[Token]) -> str:
    return " ".join(t.text for t in tokens)


__all__ = ["build_attributions", "publisher_words"]

"""Speaker names: titles split from names, and who "he", "the ministry" or a surname is.

"Coalition Spokesman Col. Wayne Marotto" -> "Col. Wayne Marotto", "Coalition spokesman".
The registry keeps the speakers met so far, so that pronouns ("he added"), role
descriptions ("the spokesman said") and bare surnames resolve to an earlier speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.language.names import NAME_PARTICLES
from summarizer.providers.rules.lexicon import HONORIFICS, ROLE_WORDS
from summarizer.providers.rules.phrases import strip_determiner
from summarizer.schema import Attribution

PRONOUNS = {"he", "she", "they", "it", "we", "i"}
_ROLE = re.compile(rf"\b(?:{ROLE_WORDS})s?\b", re.IGNORECASE)
_ROLE_HEAD = re.compile(rf"\b(?:{ROLE_WORDS})s?$", re.IGNORECASE)
_TITLE_SPLIT = re.compile(rf"\b(?:{HONORIFICS})\s+[A-Z]")
_ORG_WORDS = re.compile(
    r"^(?:State|Defense|Defence|Foreign|Interior|Affairs|Health|Justice|Finance|Office|Ministry"
    r"|Department|Council|House|Forces|Army|Police|Security|Coalition|Command|General|Staff"
    r"|Spokesman|Spokeswoman|Spokesperson|Minister|Secretary|President|Governor|Mayor|Chief)$"
)


APPOSITIVE = re.compile(rf"^(?:a|an|the)\s+.*\b(?:{ROLE_WORDS})s?\b|^(?:{ROLE_WORDS})s?\b", re.I)


_GAVE_NAME = re.compile(
    r"^(?P<role>(?:a|an|one)\s+[^,;]{1,40}?)\s+who\s+(?:gave|identified)\s+(?:(?:his|her|their)"
    r"\s+)?(?:only\s+)?(?:(?:first|full|own)\s+)?name\s+(?:only\s+)?as\s+(?:only\s+)?"
    r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)$"
)


@dataclass(frozen=True)
class Speaker:
    name: str
    affiliation: str | None
    plural: bool


def split_title(phrase: str) -> tuple[str, str | None]:
    """'Coalition Spokesman Col. Wayne Marotto' -> ('Col. Wayne Marotto', 'Coalition spokesman')."""
    gave = _GAVE_NAME.match(phrase)
    if gave:  # "a rescuer who gave his name only as Dilip": the name speaks
        return gave.group("name"), strip_determiner(gave.group("role"))
    chunks = [c.strip() for c in re.split(r",\s+", phrase) if c.strip()]
    if len(chunks) >= 2 and is_role(chunks[0]) and is_name(chunks[1]):
        # "The principal, Mrs. Hauwa Garba": the name speaks, the role is the affiliation.
        return chunks[1], strip_determiner(re.sub(r"^(?:Its|Their|His|Her)\s+", "", chunks[0]))
    main, rest = chunks[0], chunks[1:]
    affiliation = None
    for chunk in rest:
        if APPOSITIVE.match(chunk):
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


def is_role(chunk: str) -> bool:
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


def is_person(speaker: Speaker) -> bool:
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
    rf"(?:{'|'.join(NAME_PARTICLES)}|ad|as|ash|an|ar|at|az|bint|del|della|di|du|dos|das|ter|ten)"
    r"(?:-[A-Z][\w'’-]*)?"
)


def is_name(chunk: str) -> bool:
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


# "the aid group CareBridge International", "the charity Hope Now": a noun, then the name.
_NOUN_THEN_NAME = (
    r"\b(?:group|organi[sz]ation|agency|charity|company|firm|movement|body|operator|NGO|union"
    r"|party|network|association|federation|society|service)\s+(?P<name>[A-Z][\w'’.&-]*"
    r"(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'’.&-]*){0,4})"
)


def _named_in(sentence: str, noun: str) -> str | None:
    """The organisation that "the <noun>" refers to, when the sentence itself names it:
    "A photographer for the Continental Press agency ..., the agency said"."""
    before = list(re.finditer(rf"\b((?:[A-Z][\w'’.&-]*\s+){{1,5}}){noun}\b", sentence))
    if before:
        return f"{before[0].group(1).strip()} {noun}"
    if noun in _GENERIC_ORGS | {"organisation", "organization", "agency", "charity"}:
        after = re.search(_NOUN_THEN_NAME, sentence)
        if after:
            return after.group("name")
    return None


class Registry:
    """The speakers met so far, to resolve pronouns, roles and surnames."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.speakers: list[Speaker] = []

    def resolve(self, phrase: str, sentence_start: int, sentence: str = "") -> Speaker | None:
        """The speaker ``phrase`` names in the sentence starting at ``sentence_start``."""
        bare = strip_determiner(phrase)
        lower = phrase.lower().strip()
        if lower in PRONOUNS:
            return self._antecedent(lower)
        if re.match(r"(?i)the\s", phrase) and _ROLE_HEAD.search(bare) and len(bare.split()) <= 4:
            # "the spokesman", "the police chief"; not "the sheriff's office"
            role = _ROLE_HEAD.search(bare)
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
            head = sentence[: max(0, sentence.find(phrase))] if phrase in sentence else ""
            named = _named_in(head, noun) if head else None
            if named:
                return Speaker(named, None, False)
            for speaker in reversed(self.speakers):
                if re.search(rf"(?i)\b{noun}", speaker.name):
                    return speaker
            for speaker in reversed(self.speakers):
                if noun in _GENERIC_ORGS and not speaker.plural and not is_person(speaker):
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

    def speaker_of(self, record: Attribution) -> Speaker:
        """The speaker of an earlier record, as it was registered."""
        for speaker in reversed(self.speakers):
            if speaker.name == record.speaker:
                return speaker
        return Speaker(record.speaker, record.affiliation, False)

    def _antecedent(self, pronoun: str) -> Speaker | None:
        # "he"/"she" is the last person who spoke, "it" the last organisation, "they" either
        # a group or an organisation; with none of the right kind, the last speaker.
        for speaker in reversed(self.speakers):
            person = is_person(speaker)
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

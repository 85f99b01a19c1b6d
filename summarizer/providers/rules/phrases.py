"""Small noun-phrase helpers: subjects before a verb, objects after one, places."""

from __future__ import annotations

import re

from summarizer.language.dates import MONTH_NAME, WEEKDAY

# Words that end a noun phrase read left to right.
_NP_STOP_WORDS = """
    in near at on by from with during after before since for as which who whom whose that when
    while where because but and or to into across amid over under through said says told added
    was were is are had has have be been being will would could should may might did do does
    according claimed vowed warned announced stationed based located loyal aligned who've
    killing wounding injuring leaving including than if although though then they he she it we
    i you
    """
_NP_STOP = frozenset(_NP_STOP_WORDS.split())
_DETERMINERS = re.compile(r"^(?:the|a|an|some|its|their|his|her)\s+", re.IGNORECASE)
_AUXILIARIES = re.compile(
    r"\s+(?:had|have|has|was|were|is|are|reportedly|allegedly|also|then|later|apparently|"
    r"on \w+day|earlier|first)$",
    re.IGNORECASE,
)
_CLAUSE_START = re.compile(
    r"[,;:—–(]\s*|\b(?:that|when|after|as|while|because|since|before|and|but|said|says"
    r"|where|which|who)\s+|\btold\s+\w+\s+",
    re.IGNORECASE,
)
_PLACE_NOUNS = (
    r"oil ?field|gas ?field|province|district|governorate|region|city|town|village|camp|border"
    r"|crossing|base|airport|area|neighbou?rhood|county|state|valley|refinery|plant|factory|market"
    r"|mosque|church|checkpoint|port|highway|road|square|compound|prison|hospital|university"
    r"|school|mine|station|bridge|building|embassy|consulate|headquarters|outskirts|suburb"
    r"|countryside|desert|mountains?|strip|bank|coast|islands?|capital|district"
)
_PLACE = re.compile(
    r"\b(?P<prep>in the vicinity of|on the outskirts of|(?:just |some )?(?:north|south|east|west"
    r"|northeast|northwest|southeast|southwest)(?:ern)? of|close to|outside|inside|near|in|at"
    r"|across|on)\s+(?P<np>(?:the\s+)?(?:(?:al|el|ad|as|ash|an|ar|at|az|bin|ibn|de|del|la|le|of"
    r"|northern|southern|eastern|western|central|north|south|east|west|and)\s+|[A-Z][\w'’.-]*\s*)*"
    r"[A-Z][\w'’.-]*(?:\s+(?:" + _PLACE_NOUNS + r")){0,2})"
    r"(?P<more>,\s+(?:in\s+)?(?:(?:northern|southern|eastern|western|central|north|south|east"
    r"|west)(?:ern)?\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)?"
)
_NOT_PLACES = re.compile(
    rf"^(?:the\s+)?(?:{WEEKDAY}|{MONTH_NAME}|Twitter|X|Telegram"
    r"|Facebook|Instagram|YouTube|TikTok|Reuters|AFP|AP|I|It|This|That|He|She|They|We|Some"
    r"|Least|Least \w+)\b",
)


def strip_determiner(phrase: str) -> str:
    return _DETERMINERS.sub("", phrase.strip(" ,.;:")).strip()


def subject_before(text: str, max_words: int = 9) -> str | None:
    """The noun phrase that ends ``text`` (the words before a verb), or None."""
    text = text.rstrip()
    text = _AUXILIARIES.sub("", text)
    text = _AUXILIARIES.sub("", text)
    start = 0
    for m in _CLAUSE_START.finditer(text):
        start = m.end()
    phrase = text[start:].strip(' ,;:—–("“”')
    if not phrase or len(phrase.split()) > max_words:
        return None
    last = phrase.split()[-1].lower()
    if last in _NP_STOP or last in {"it", "this", "that", "there"}:
        return None
    return phrase


def object_after(text: str, max_words: int = 9) -> str | None:
    """The noun phrase that starts ``text`` (the words after a verb or preposition), or None."""
    first = last = None
    count = 0
    for token in re.finditer(r"[^\s,;:!?()“”\"]+", text):
        word = token.group()
        bare = word.lower().rstrip(".")
        if not count and bare in _NP_STOP:
            return None
        ends = bare in _NP_STOP or re.fullmatch(r"[a-z]+(?:ed|ing)", bare)
        if count and ends and bare not in {"armed", "wounded"}:
            break
        if first is None:
            first = token.start()
        last = token.end()
        count += 1  # noqa: SIM113 - counts kept words, not tokens
        # A full stop that is not part of an abbreviation ends the phrase.
        if word.endswith(".") and not re.fullmatch(r"(?:[A-Za-z]\.)+|[A-Z][a-z]{0,3}\.", word):
            last -= 1
            break
        if count >= max_words or text[token.end() : token.end() + 1] in {",", ";", ":"}:
            break
    if first is None or last is None:
        return None
    phrase = text[first:last].strip()
    if not phrase or phrase.lower() in _NP_STOP or not phrase[0].isalpha():
        return None
    return phrase


def places(text: str) -> list[tuple[int, str, str]]:
    """(offset, preposition, place) for every "in/near/at X" with a capitalised X."""
    out = []
    for m in _PLACE.finditer(text):
        np = m.group("np").strip()
        if _NOT_PLACES.match(np) or not re.search(r"[A-Z][a-z]", np):
            continue
        if m.group("prep") == "on" and not re.search(rf"(?:{_PLACE_NOUNS})$", np):
            continue  # "on the troops" is a target, "on the border" a place
        place = strip_determiner(np) if m.group("prep") in {"in", "at", "on"} else np
        more = m.group("more")
        if more and re.match(
            r"[\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s+(?:said|says|told|added|confirmed"
            r"|announced|reported)\b",
            text[m.end("more") :],
        ):
            more = None  # ", Sheriff Linda Crowe said": a speaker, not a wider place
        if more:
            place += ", " + re.sub(r"^,\s+(?:in\s+)?", "", more)
        prep = m.group("prep")
        out.append(
            (m.start(), prep, place if prep in {"in", "at", "on", "inside"} else f"{prep} {place}")
        )
    return out

"""People's names in a sentence: a name with the role or title written before it, split
into the two ("<Role> <First> <Last>" -> the name and its role)."""

from __future__ import annotations

from summarizer.language.names import NAME_PARTICLES
from summarizer.providers.rules.engine import RULES, Token, tokenize
from summarizer.providers.rules.phrases import strip_determiner
from summarizer.providers.rules.sentences import Sentence

_PARTICLES = frozenset(NAME_PARTICLES) | {
    "bin",
    "ibn",
    "abu",
    "bint",
    "van",
    "der",
    "dos",
    "da",
    "du",
}


def is_name_token(token: Token) -> bool:
    return token.word and (
        token.cap or token.low in _PARTICLES or token.low.startswith(("al-", "el-"))
    )


def split_name(phrase: str) -> tuple[str, str | None]:
    """A speaker phrase as (name, affiliation): "<Role> <First> <Last>" -> ("<First>
    <Last>", "<Role>"); "Mayor of <Town> <First> <Last>" -> ("<First> <Last>", "Mayor of
    <Town>"); "<role> Major <First> <Last>" keeps the title with the name. A phrase with no
    role before a personal name stays whole."""
    phrase = phrase.strip(" ,")
    tokens = tokenize(phrase)
    lexicon = RULES.lexicon
    end = len(tokens)
    start = end
    while (
        start > 0
        and is_name_token(tokens[start - 1])
        and not lexicon.has(tokens[start - 1].low, "roles")
    ):
        start -= 1
    if start == 0 or start == end:
        return phrase, None
    # "Mayor of <Town> <First> <Last>": after "<role> of", the place takes all but two words.
    if tokens[start - 1].low == "of" and end - start > 2:
        start = end - 2
    # "Major <First> <Last>", "Lt. Col. <First> <Last>": the titles stay with the name.
    moved = True
    while moved:
        moved = False
        for k in (1, 2):
            if (
                start - k >= 0
                and tokens[start - k].cap
                and lexicon.end(tokens, start - k, "honorifics") == start
            ):
                start -= k
                moved = True
                break
    if start == 0:
        return phrase, None
    role = phrase[: tokens[start].start].strip(" ,")
    name = phrase[tokens[start].start :].strip()
    role_tokens = tokenize(role)
    if not role_tokens or lexicon.has(role_tokens[-1].low, "prepositions"):
        return phrase, None  # "<people> in <Place>": a description, not a role
    if not any(lexicon.has(t.low, "roles") or lexicon.has(t.low, "people") for t in role_tokens):
        return phrase, None
    if end - start < 2 and not lexicon.has(tokens[start].low.rstrip("."), "honorifics"):
        return phrase, None  # one capitalised word: an organisation or a surname
    return name, strip_determiner(role)


def persons_in(sentence: Sentence) -> list[tuple[str, str | None, int]]:
    """People a sentence names with a role or a title before them ("<Role> of <Body>
    <First> <Last>", "Dr. <First> <Last>"): (name, role, token index), so that a later bare
    surname or "he" can be resolved to them."""
    tokens = sentence.tokens
    lexicon = RULES.lexicon
    out = []
    i = 0
    while i < len(tokens):
        if not (is_name_token(tokens[i]) and tokens[i].cap) or lexicon.has(
            tokens[i].low, "determiners"
        ):
            i += 1  # "The <Adjective> <Name>" at a sentence's start is no person's name
            continue
        j = i
        while j < len(tokens) and is_name_token(tokens[j]):
            j += 1
        last = tokens[j - 1].low
        if j - i >= 2 and not any(
            lexicon.has(last, name) for name in ("organisations", "media", "places", "armed")
        ):
            lead = max(0, i - 4)
            phrase = sentence.cut((lead, j))
            name, role = split_name(phrase)
            if role is None and lexicon.end(tokens, i, "honorifics") is not None:
                name = sentence.cut((i, j))
            if (role is not None or name == sentence.cut((i, j))) and len(name.split()) >= 2:
                out.append((name, role, i))
        i = j
    return out


__all__ = ["is_name_token", "persons_in", "split_name"]

"""Sentences of a cleaned article, with offsets, for the rules provider.

Every sentence keeps its ``[start, end)`` offsets in ``article.text`` so that any
evidence cut from it is verbatim. The headline is a sentence too (it can state a
figure), flagged so that extractors can prefer body sentences. Sentences that talk
to a model instead of the reader (injected instructions) are flagged and skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.cleaning import CleanedArticle
from summarizer.language.datelines import parse_dateline
from summarizer.language.dates import MONTH, WEEKDAY
from summarizer.language.names import TITLES
from summarizer.schema import EVIDENCE_MAX_CHARS

# Tokens ending in "." that do not end a sentence: titles, and these.
_ABBREVIATIONS_WORDS = """
    st mt jr sr lieut hon fr inc co corp ltd no nos vs etc approx dept est fig jan feb mar apr jun
    jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun ave blvd rd
    """
_ABBREVIATIONS = frozenset(_ABBREVIATIONS_WORDS.split()) | {title.lower() for title in TITLES}
# After a dotted initialism ("U.S."), only these words surely start a new sentence.
_SENTENCE_STARTERS_WORDS = (
    "The It He She They We I But And In A An This That These Those There Its His Her Their"
)
_SENTENCE_STARTERS = frozenset(_SENTENCE_STARTERS_WORDS.split())
_DAY_OR_MONTH = (
    rf"{WEEKDAY}|{MONTH}"
    r"|Local|Eastern|Central|Pacific|Mountain|Greenwich|Moscow|Kyiv|Baghdad|Tehran"
)
_BOUNDARY = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")

# Instructions addressed to a model rather than to the reader. General shapes only.
_INJECTION = re.compile(
    r"""
    \b(?:ignore|disregard|forget|override|bypass)\b[^.]{0,60}?
        \b(?:instructions?|prompts?|rules|guidelines|directions|context|above|system)\b
    | (?:^|[\s\[<(“"'])(?:system|assistant|developer|user)\s*(?:prompt\s*)?[:>\]]
    | \bas\ an?\ (?:AI|A\.I\.|artificial\ intelligence|(?:large\ )?language\ model|LLM|assistant)\b
    | \b(?:note|message|instructions?|attention|reminder)\s+(?:to|for)\s+(?:any\s+|all\s+|the\s+)?
        (?:AI|A\.I\.|models?|assistants?|summari[sz]ers?|LLMs?|language\ models?|bots?|chatbots?)\b
    | \byou\ are\ (?:now\ )?(?:an?\ )?(?:AI|assistant|(?:large\ )?language\ model|summari[sz]er
        |chatbot|LLM)\b
    | \b(?:new|updated|hidden|secret|real)\ instructions?\b
    | \b(?:AI|LLM|language\ model|summari[sz](?:er|ation\ (?:tool|system|model))|assistant)s?\b
        [^.]{0,50}?\b(?:must|should|shall|are\ (?:instructed|required|told)|need\ to)\b
        [^.]{0,30}?\b(?:report|say|state|output|write|respond|summari[sz]e|include|record|list
        |classify|mark|set|ignore)\b
    | \bprompt\ injection\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
# After an injected sentence, imperatives in the same paragraph continue it.
_IMPERATIVE = re.compile(
    r"""^["“'‘(\[]?\s*(?:also|then|instead|and\ )?\s*,?\s*
    (?:report|say|state|output|write|respond|reply|set|mark|list|include|classify|summari[sz]e
    |add|claim|record|return|print|describe|label|do\ not|don['’]t|never|always|make\ sure
    |remember)\b""",
    re.IGNORECASE | re.VERBOSE,
)


def dateline_agency(article: CleanedArticle) -> str | None:
    """The news agency named in the dateline ("ESTA"): the cleaner's, else one that opens an
    early paragraph."""
    if article.dateline and article.dateline.agency:
        return article.dateline.agency
    for paragraph in article.text.split("\n")[:8]:
        found = parse_dateline(paragraph.lstrip())
        if found and found.agency:
            return found.agency
    return None


@dataclass(frozen=True)
class Sentence:
    """One sentence of the cleaned text and where it lies."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int
    headline: bool = False
    injected: bool = False


def looks_injected(text: str) -> bool:
    """True when ``text`` addresses a model (e.g. "ignore previous instructions")."""
    return bool(_INJECTION.search(text))


def _inside_quote(text: str) -> bool:
    # Only “ ” and straight double quotes count: ’ doubles as an apostrophe.
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def _balanced(text: str) -> bool:
    return text.count("“") == text.count("”") and text.count('"') % 2 == 0


def _is_boundary(paragraph: str, match: re.Match[str], balanced: bool) -> bool:
    cut = match.end()
    before = paragraph[: match.start()]
    token = re.search(r"([\w.]+)$", before)
    word = token.group(1) if token else ""
    following = re.match(r"\s+[\"“‘'(\[]?(\w+)", paragraph[cut:])
    next_word = following.group(1) if following else ""
    if paragraph[match.start()] == ".":
        if word.lower().rstrip(".") in _ABBREVIATIONS:
            return False
        if word.lower() in {"a.m", "p.m"} and next_word[:1].isupper():
            # "at 10 a.m. Police moved in": a clock time ends a sentence unless a zone or a
            # day follows ("a.m. GMT", "p.m. Tuesday").
            return not re.fullmatch(rf"[A-Z]{{2,5}}|{_DAY_OR_MONTH}", next_word)
        if re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", word):  # U.S, p.m, J (an initial)
            return next_word in _SENTENCE_STARTERS and len(word) > 1
    return not (balanced and _inside_quote(paragraph[:cut]))


def split_paragraph(paragraph: str) -> list[tuple[int, int]]:
    """Sentence spans inside one paragraph (offsets relative to it)."""
    spans: list[tuple[int, int]] = []
    balanced = _balanced(paragraph)
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        if not _is_boundary(paragraph, match, balanced):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(paragraph)))
    out = []
    for a, b in spans:
        segment = paragraph[a:b]
        a += len(segment) - len(segment.lstrip())
        b -= len(segment) - len(segment.rstrip())
        if b > a:
            out.append((a, b))
    return out


def _headline_paragraph(article: CleanedArticle, paragraphs: list[tuple[int, str]]) -> bool:
    if not paragraphs:
        return False
    first = paragraphs[0][1].strip()
    if article.title and first == article.title.strip():
        return True
    if article.dateline and first.startswith(article.dateline.text):
        return False
    # A headline is short and carries no closing full stop.
    return len(first.split()) <= 25 and not first.endswith((".", "”", '"'))


def _deck(paragraph: str, dateline: str | None) -> bool:
    """A subheadline under the headline ("No shots fired, no injuries in raid, sheriff says"):
    short, not a finished sentence, not the dateline's paragraph. It is headline matter."""
    text = paragraph.strip()
    if dateline and text.startswith(dateline):
        return False
    return len(text.split()) <= 30 and not re.search(r"[.!?][\"”’')\]]*$", text)


def sentences(article: CleanedArticle) -> list[Sentence]:
    """The article's sentences, headline first, datelines stripped, injections flagged."""
    text = article.text
    paragraphs = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    has_headline = _headline_paragraph(article, paragraphs)
    dateline = article.dateline.text.strip() if article.dateline else None
    out: list[Sentence] = []
    seen_body = False
    for p_index, (offset, paragraph) in enumerate(paragraphs):
        headline = has_headline and (p_index == 0 or (not seen_body and _deck(paragraph, dateline)))
        body_start = 0
        if dateline and paragraph.lstrip().startswith(dateline):
            body_start = paragraph.index(dateline) + len(dateline)
        elif not headline and p_index <= 6 and not seen_body:
            found = parse_dateline(paragraph.lstrip())
            if found:
                body_start = paragraph.index(found.text) + len(found.text)
        seen_body = seen_body or (not headline and len(paragraph.split()) > 12)
        injected_run = False
        for a, b in split_paragraph(paragraph[body_start:]):
            start, end = offset + body_start + a, offset + body_start + b
            sentence_text = text[start:end]
            injected = looks_injected(sentence_text) or (
                injected_run and bool(_IMPERATIVE.match(sentence_text))
            )
            injected_run = injected
            out.append(Sentence(len(out), start, end, sentence_text, p_index, headline, injected))
    return out


def _clause_cuts(text: str) -> list[int]:
    cuts = {0, len(text)}
    for match in re.finditer(r"[,;:]\s+|\s+[—–]\s+|\s+-\s+|\s+(?=(?:and|but|while|which)\s)", text):
        cuts.add(match.end())
    return sorted(cuts)


def evidence(text: str, sentence: Sentence, focus: int | None = None) -> str:
    """A verbatim excerpt of ``sentence`` of at most 300 characters around ``focus``."""
    if sentence.end - sentence.start <= EVIDENCE_MAX_CHARS:
        return text[sentence.start : sentence.end]
    local = text[sentence.start : sentence.end]
    at = 0 if focus is None else max(0, min(len(local) - 1, focus - sentence.start))
    cuts = _clause_cuts(local)
    # Grow the clause holding the focus to the neighbouring clauses while it fits.
    left = max(c for c in cuts if c <= at)
    right = min(c for c in cuts if c > at)
    if right - left > EVIDENCE_MAX_CHARS:
        left = max(left, at - EVIDENCE_MAX_CHARS // 2)
        right = left + EVIDENCE_MAX_CHARS
        while left > 0 and local[left - 1].isalnum():
            left += 1
        while right < len(local) and right > left and local[right].isalnum():
            right -= 1
    else:
        grown = True
        while grown:
            grown = False
            earlier = [c for c in cuts if c < left]
            later = [c for c in cuts if c > right]
            if later and later[0] - left <= EVIDENCE_MAX_CHARS:
                right, grown = later[0], True
            elif earlier and right - earlier[-1] <= EVIDENCE_MAX_CHARS:
                left, grown = earlier[-1], True
    return local[left:right].strip(" ,;:—–-")


def words(text: str) -> int:
    return len(text.split())

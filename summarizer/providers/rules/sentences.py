"""The article's sentences, with offsets, in one linear pass.

Every sentence keeps its ``[start, end)`` offsets in ``article.text`` so that whatever is
cut from it is verbatim. The headline (and a deck under it) is a sentence too, flagged, as
it can state a figure. The dateline the cleaning stage found is left out of the first
sentence. Sentences that share text with an injected span (text addressing a model,
``summarizer.language.injection``) are flagged, and nothing is taken from them.

The splitter looks at each full stop, question or exclamation mark once, with a bounded
look at the word before it, so its time is linear in the text; a run of text with no
sentence end is cut every ``MAX_SENTENCE`` characters, at a space.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from summarizer.cleaning import CleanedArticle
from summarizer.language.datelines import parse_dateline
from summarizer.language.dates import MONTH_STEM, WEEKDAY_STEM
from summarizer.language.injection import find_injections
from summarizer.language.names import TITLES
from summarizer.providers.rules.engine import RULES, Token, Tokens, tokenize
from summarizer.schema import EVIDENCE_MAX_CHARS

MAX_SENTENCE = 1000  # characters; longer runs are cut (no real sentence is this long)

# A candidate end: stops, then closing quotes or brackets, then space and what may start one.
_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9•])")
_WORD_BEFORE = re.compile(r"([\w.'’-]{1,20})$")
_CLOCK = re.compile(r"[ap]\.m|[AP]\.M")
_STEMS = re.compile(rf"(?i:{WEEKDAY_STEM}|{MONTH_STEM})\w*$|[A-Z]{{2,5}}$")


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
    tokens: Tokens = field(default_factory=lambda: Tokens([]), compare=False, repr=False)

    def cut(self, span: tuple[int, int] | None) -> str:
        """The text of a token span of this sentence, verbatim ("" for none)."""
        if span is None or span[0] >= span[1]:
            return ""
        a, b = span
        return self.text[self.tokens[a].start - self.start : self.tokens[b - 1].end - self.start]


@functools.lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    return RULES.words("abbreviations") | {t.lower() for t in TITLES}


def _is_end(paragraph: str, match: re.Match[str], inside_quote: bool) -> bool:
    """Whether the stop at ``match`` ends a sentence."""
    if inside_quote:
        return False
    if paragraph[match.start()] != ".":
        return True
    word_match = _WORD_BEFORE.search(paragraph, max(0, match.start() - 20), match.start())
    word = word_match.group(1) if word_match else ""
    after = paragraph[match.end() : match.end() + 60].lstrip(" \"“‘'([")  # a window: linear
    next_word = re.match(r"[\w’'-]+", after)
    following = next_word.group() if next_word else ""
    if word.lower().rstrip(".") in _abbreviations():
        return False
    if _CLOCK.fullmatch(word):
        # "at N a.m. <Sentence>" ends; "N a.m. GMT", "p.m. <Weekday>" do not.
        return not _STEMS.match(following)
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]", word):
        # "U.N. <noun>" goes on; an initial ("J. <Name>") never ends a sentence.
        return len(word) > 1 and RULES.lexicon.has(following, "sentence_starters")
    return True


def _quote_state(paragraph: str) -> list[bool]:
    """For each character, whether it lies inside a double quotation (curly or straight),
    when the paragraph's quotation marks pair up; all False when they do not."""
    inside = False
    flags = []
    balanced = paragraph.count("“") == paragraph.count("”") and paragraph.count('"') % 2 == 0
    for char in paragraph:
        if char == "“" or (char == '"' and not inside):
            inside = True
        elif char == "”" or char == '"':
            inside = False
        flags.append(inside and balanced)
    return flags


def split_paragraph(paragraph: str) -> list[tuple[int, int]]:
    """Sentence spans inside one paragraph, relative to it."""
    spans: list[tuple[int, int]] = []
    quoted = _quote_state(paragraph)
    start = 0
    for match in _END.finditer(paragraph):
        if _is_end(paragraph, match, quoted[match.start()]):
            spans.extend(_capped(paragraph, start, match.end()))
            start = match.end()
    spans.extend(_capped(paragraph, start, len(paragraph)))
    out = []
    for a, b in spans:
        segment = paragraph[a:b]
        a += len(segment) - len(segment.lstrip())
        b -= len(segment) - len(segment.rstrip())
        if b > a:
            out.append((a, b))
    return out


def _capped(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` in pieces of at most MAX_SENTENCE characters, cut at spaces."""
    out = []
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def _headline_paragraph(article: CleanedArticle, first: str) -> bool:
    if article.title and first.strip() == article.title.strip():
        return True
    if article.dateline and first.startswith(article.dateline.text):
        return False
    # A headline is short and carries no closing full stop.
    return len(first.split()) <= 25 and not first.rstrip().endswith((".", "”", '"'))


def _deck(paragraph: str) -> bool:
    """A subheadline under the headline: short, and not a finished sentence."""
    text = paragraph.strip()
    return len(text.split()) <= 30 and not re.search(r"[.!?][\"”’')\]]*$", text)


def _dateline_end(article: CleanedArticle, paragraph: str, early: bool) -> int:
    """Where the body starts in a paragraph that opens with the story's dateline."""
    stripped = paragraph.lstrip()
    lead = len(paragraph) - len(stripped)
    if article.dateline and stripped.startswith(article.dateline.text):
        return lead + len(article.dateline.text)
    if early:
        found = parse_dateline(stripped)
        if found is not None:
            return lead + len(found.text)
    return 0


def sentences(article: CleanedArticle) -> list[Sentence]:
    """The article's sentences: headline first, datelines left out, injections flagged."""
    text = article.text
    injections = find_injections(text)
    paragraphs = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    has_headline = bool(paragraphs) and _headline_paragraph(article, paragraphs[0][1])
    out: list[Sentence] = []
    seen_body = False
    at_injection = 0
    for p_index, (offset, paragraph) in enumerate(paragraphs):
        headline = has_headline and (p_index == 0 or (not seen_body and _deck(paragraph)))
        body_start = 0 if headline else _dateline_end(article, paragraph, not seen_body)
        seen_body = seen_body or (not headline and len(paragraph.split()) > 12)
        for a, b in split_paragraph(paragraph[body_start:]):
            start, end = offset + body_start + a, offset + body_start + b
            # Injected spans come in order: skip those that end before this sentence.
            while at_injection < len(injections) and injections[at_injection][1] <= start:
                at_injection += 1
            injected = at_injection < len(injections) and injections[at_injection][0] < end
            out.append(
                Sentence(
                    len(out),
                    start,
                    end,
                    text[start:end],
                    p_index,
                    headline,
                    injected,
                    tokenize(text[start:end], start),
                )
            )
    return out


def dateline_agency(article: CleanedArticle) -> str | None:
    """The news agency the cleaning stage found in the dateline, if any."""
    return article.dateline.agency if article.dateline else None


def _clause_cuts(text: str) -> list[int]:
    cuts = {0, len(text)}
    for match in re.finditer(r"[,;:]\s+|\s+[—–]\s+|\s+-\s+|\s+(?=(?:and|but|while|which)\s)", text):
        cuts.add(match.end())
    return sorted(cuts)


def evidence(text: str, sentence: Sentence, focus: int | None = None) -> str:
    """A verbatim excerpt of ``sentence`` of at most 300 characters around ``focus`` (an
    offset in the article): the sentence itself when it is short enough, else the clauses
    around the focus."""
    if sentence.end - sentence.start <= EVIDENCE_MAX_CHARS:
        return text[sentence.start : sentence.end]
    local = text[sentence.start : sentence.end]
    at = 0 if focus is None else max(0, min(len(local) - 1, focus - sentence.start))
    cuts = _clause_cuts(local)
    left = max(c for c in cuts if c <= at)
    right = min(c for c in cuts if c > at)
    if right - left > EVIDENCE_MAX_CHARS:
        left = max(left, at - EVIDENCE_MAX_CHARS // 2)
        right = min(len(local), left + EVIDENCE_MAX_CHARS)
        while left < right and local[left - 1 : left].isalnum():
            left += 1
        while right > left and right < len(local) and local[right].isalnum():
            right -= 1
    else:
        grown = True
        while grown:
            grown = False
            later = [c for c in cuts if c > right]
            earlier = [c for c in cuts if c < left]
            if later and later[0] - left <= EVIDENCE_MAX_CHARS:
                right, grown = later[0], True
            elif earlier and right - earlier[-1] <= EVIDENCE_MAX_CHARS:
                left, grown = earlier[-1], True
    return local[left:right].strip(" ,;:—–-")


def quoted_flags(tokens: list[Token]) -> list[bool]:
    """For each token, whether it is a quotation mark or inside a quotation."""
    flags = []
    inside = False
    for token in tokens:
        # A quotation mark is a token of its own; an apostrophe stays inside its word.
        if token.low in {"“", "‘"} or (token.low in {'"', "'"} and not inside):
            flags.append(True)
            inside = True
        elif token.low in {"”", '"', "’", "'"}:
            flags.append(True)
            inside = False
        else:
            flags.append(inside)
    return flags


# Double quotation marks, and single ones (British style) that open before a word and close
# after one, so that an apostrophe ("don't", "officers'") is not taken for a mark.
_QUOTATION = re.compile(
    r"“([^“”]+)”?|\"([^\"]+)\"?"
    r"|(?<![\w‘’'])‘(\w[^‘]*?[\w.,!?])’(?!\w)"
    r"|(?<![\w‘’'])'(\w[^']*?(?:\w'\w[^']*?)*[\w.,!?])'(?!\w)"
)


def quotes(sentence: Sentence) -> list[str]:
    """The quotations of a sentence, without their marks and closing punctuation."""
    out = []
    for m in _QUOTATION.finditer(sentence.text):
        inner = next((g for g in m.groups() if g), "").strip().rstrip(",.;: ").strip()
        if re.search(r"[A-Za-z]", inner):
            out.append(inner)
    return out


def quote_in(sentence: Sentence, content: tuple[int, int]) -> str | None:
    """The longest quotation within ``content`` (a token span), one of three words or more
    if there is one."""
    inside = sentence.cut(content)
    found = [q for q in quotes(sentence) if q in inside]
    if not found:
        return None
    long = [q for q in found if len(q.split()) >= 3]
    return max(long or found, key=len)


__all__ = [
    "MAX_SENTENCE",
    "Sentence",
    "dateline_agency",
    "evidence",
    "quote_in",
    "quoted_flags",
    "quotes",
    "sentences",
    "split_paragraph",
]

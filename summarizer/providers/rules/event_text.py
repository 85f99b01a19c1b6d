"""Event text: a short description of an incident and its location, from its sentence."""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from summarizer.providers.rules.phrases import places
from summarizer.providers.rules.reported import reported_span

if TYPE_CHECKING:
    from summarizer.providers.rules.event_mentions import Mention

# Where a sentence goes on about something else: the description stops there.
_TRAILING = re.compile(
    r";\s|\s[—–]\s|,\s+(?:while|whereas|but|as|which|in (?:the|a|an|what)\b|the (?:latest|deadliest"
    r"|worst) (?:in|such|attack|incident|of)\b|saying\b|adding\b|amid\b)"
    r"|,?\s+and\s+(?:also\s+)?(?:accused|said|called|urged|added|announced|vowed|warned|condemned"
    r"|denied|blamed|declared|asked|appealed|promised|pledged|demanded)\b",
)
# Where a second incident is joined to the first in one sentence.
JOINT = re.compile(
    r"\s(?:after|following|when|before|in (?:apparent )?retaliation for|in response to"
    r"|days? after|hours? after)\s"
)
# "... said A, and that B": two reported clauses, each its own description.
_AND_THAT = re.compile(r",?\s(?:and|while|but)\s(?=that\s)")
_SAID_BEFORE = re.compile(r"\b(?:said|says|told \w+|added|announced)\s+(?:that\s+)?")
_DANGLING = re.compile(
    r"(?:\s+(?:a|an|the|of|in|on|at|to|and|or|with|for|by|from|near|against|over|about|into"
    r"|towards?|across|after|before|during|under|between|through|as|than|amid|including|who"
    r"|which|that|when|where|while|its|their|his|her))+$",
    re.IGNORECASE,
)
# Where a long description can stop: a comma, or a relative or adverbial clause.
_CLAUSE_END = re.compile(r",\s|\s(?=(?:who|which|where|whose|while|because|as|after)\s)")
DESCRIPTION_MAX_WORDS = 35


def description(sentence: str, at: int, others: list[int]) -> str:
    """A short description: the reported content of the sentence around the trigger at
    ``at``, without the reporting clause, trailing asides, or a clause that tells another
    incident (whose triggers lie at ``others``)."""
    span = reported_span(sentence)
    if not (span and span[0] <= at < span[1]):
        said = [m for m in _SAID_BEFORE.finditer(sentence) if m.end() <= at]
        span = (said[-1].end(), len(sentence)) if said else (0, len(sentence))
    left, right = span
    for m in _AND_THAT.finditer(sentence, left, right):
        if m.end() <= at:
            left = m.end()
        else:
            right = min(right, m.start())
    cuts = [left, *(m.start() for m in JOINT.finditer(sentence, left, right)), right]
    for a, b in itertools.pairwise(cuts):
        if a <= at < b and any(not a <= o < b for o in others if left <= o < right):
            left, right = a, b
            break
    text = sentence[left:right]
    at -= left
    text = re.sub(
        r"^\s*(?:after|following|when|before|in (?:apparent )?retaliation for"
        r"|in response to|that)\s+",
        "",
        text,
    )
    for m in _TRAILING.finditer(text):
        if m.start() > at:
            text = text[: m.start()]
            break
        if m.group().startswith((";", " —", " –")):
            text, at = text[m.end() :], at - m.end()
    tokens = text.split()
    if len(tokens) > DESCRIPTION_MAX_WORDS:
        # Too long: end at the last clause boundary that keeps the trigger ("..., killing",
        # "students who were trying ..."), else at the word limit.
        limit = len(" ".join(tokens[:DESCRIPTION_MAX_WORDS]))
        cuts = [m.start() for m in _CLAUSE_END.finditer(text, 0, limit) if m.start() > max(at, 40)]
        text = text[: cuts[-1]] if cuts else " ".join(tokens[:DESCRIPTION_MAX_WORDS])
    text = _DANGLING.sub("", text.strip(" ,;:—–")).strip(" ,;:—–")
    if not _balanced_quotes(text):
        text = text.strip('"“”')
    if not _balanced_quotes(text):
        text = re.sub(r'["“”]', "", text)  # a quotation cut in half loses its marks
    if not text:
        return sentence.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text.rstrip(".") + "."


def _balanced_quotes(text: str) -> bool:
    return text.count('"') % 2 == 0 and text.count("“") == text.count("”")


def location(mentions: list[Mention]) -> str | None:
    for mention in mentions:
        found = places(mention.sentence.text)
        if not found:
            continue
        at = mention.start - mention.sentence.start
        specific = [p for p in found if p[1] not in {"in", "at", "on", "across"}]
        if specific:
            best = specific[0]
            wider = [p for p in found if p[0] > best[0] and p[1] == "in" and p[2] not in best[2]]
            return f"{best[2]}, {wider[0][2]}" if wider else best[2]
        after = [p for p in found if p[0] >= at]
        return (after or found)[0][2]
    return None


# Present-tense verbs of headlines, where a headline's noun phrase ends.

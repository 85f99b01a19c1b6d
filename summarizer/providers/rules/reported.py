"""What a sentence reports: the content around its reporting clause, and its clauses.

"<content>, the ministry said.", "X said that <content>", "According to X, <content>":
where the reported content lies, for attributions' claims and events' descriptions; and
a sentence that reports two speakers ("X said ..., while Y said ...") cut into its clauses.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from summarizer.providers.rules.speakers import Found, adverbial, find_speaker, has_finite
from summarizer.providers.rules.text import Sentence

# "... told reporters in the capital, Velgorod, that ...": where the reported clause starts,
# past places and times between the verb and "that" (but not "..., adding that").
THAT_CLAUSE = re.compile(r"^(?:(?!\b(?:adding|saying|and|but|while)\b)[^;“”\"]){0,80}?\bthat\s+")
SAY = re.compile(
    r"said|says|say|told|tells|added|adds|wrote|writes|stated|states|tweeted|posted|explained"
    r"|noted|insisted|insists|stressed|asserted|argued|maintained|according to|saying"
)
TAIL_LEAD = re.compile(
    r"^\s*,?\s*(?:(?:late |early )?on \w+day(?: (?:morning|afternoon|evening|night))?|earlier"
    r"|later|also|again|too|on (?:X|Twitter|Telegram|Facebook|social media)|(?:in|via|through)"
    r" (?:a|an|the|its|his|her|their) [^,;“”\"]{0,40}?(?:statement|interview|briefing|post|tweet"
    r"|message|video|address|conference|communiqu[ée]|release)(?: (?:posted|read|issued|released"
    r"|published) (?:on|by|through|via|to) (?:(?:its|his|her|their|the|a|state|national) )?"
    r"\w+(?: (?:television|TV|radio|channel|account|page|website))?)?)\b,?",
    re.IGNORECASE,
)


def content_before(head: str) -> str:
    """'<content>, ' before an inverted reporting clause, or '' when it is only an adverbial."""
    if not re.search(r"[,—–]\s*$", head):
        return ""
    chunks = [c.strip() for c in re.split(r",\s+", head.strip(" ,—–")) if c.strip()]
    while chunks and adverbial(chunks[0]):
        chunks.pop(0)
    rest = ", ".join(chunks)
    return rest if len(rest.split()) >= 3 and has_finite(rest) else ""


def reported_span(sentence: str) -> tuple[int, int] | None:
    """Where the reported content of a sentence lies ("<content>, police said."), or None
    when the sentence reports no one or its content is the whole sentence."""
    found = find_speaker(sentence)
    if found is None:
        return None
    head = sentence[: found.start] if found.start > 0 else ""
    if content_before(head):
        return 0, len(head.rstrip(" ,—–"))
    if found.verb == "according to" and found.start == 0:
        rest = sentence[found.end :]
        return found.end + len(rest) - len(rest.lstrip(" ,")), len(sentence)
    if found.start <= 0 and SAY.fullmatch(found.verb):
        tail = sentence[found.verb_end :]
        that = THAT_CLAUSE.match(tail)
        if that:
            return found.verb_end + that.end(), len(sentence)
        lead = tail
        for _ in range(3):
            lead = TAIL_LEAD.sub("", lead)
        skipped = len(tail) - len(lead.lstrip(" ,"))
        if not found.verb.startswith(("told", "tells")) and len(lead.split()) >= 4:
            return found.verb_end + skipped, len(sentence)
    return None


_REPORT_JOINT = re.compile(r",\s+(?:while|whereas)\s+|;\s+|,\s+but\s+")


def reported_clauses(sentence: Sentence) -> list[tuple[Sentence, Found]]:
    """The sentence with its speaker, or each of its clauses when they report two speakers."""
    cuts = [0, *(m.end() for m in _REPORT_JOINT.finditer(sentence.text)), len(sentence.text)]
    if len(cuts) > 2:
        parts = []
        for a, b in itertools.pairwise(cuts):
            piece = sentence.text[a:b].rstrip(" ,;")
            found = find_speaker(piece)
            if found is None:
                break
            sub = replace(sentence, start=sentence.start + a, end=sentence.start + a + len(piece),
                          text=piece)  # fmt: skip
            parts.append((sub, found))
        else:
            return parts
    found = find_speaker(sentence.text)
    return [] if found is None else [(sentence, found)]

"""The output cap of one request, sized to the article, and when to extract in chunks.

Every event, casualty and attribution costs about the same in the answer (``ITEM_CHARS``
of JSON), so the answer's size follows from how many items the article can give:

    answer_chars = BASE_CHARS + ITEM_CHARS * (events + casualties + attributions)
    events       = FIXED_EVENTS + len(text) / CHARS_PER_EVENT
    casualties   = figure_mentions(text) / 2     (digits, number words, "dozens", "no one")
    attributions = speaker_mentions(text)        (quotations or "said"/"told", the larger)

and ``tokens = answer_chars / CHARS_PER_TOKEN``. Over the development fixtures' gold
answers this over-estimates by 15 % on average and under-estimates by at most 22 %, so
the cap sent is the estimate times ``MARGIN`` (at least ``MIN_CAP``), never above the
ceiling (``Settings.max_output_tokens``, set per model). An article whose capped estimate
exceeds the ceiling is extracted in chunks sized so that each chunk's answer fits.
"""

from __future__ import annotations

import math
from functools import lru_cache

from summarizer.language.counts import figure_mentions, speaker_mentions

CHARS_PER_TOKEN = 4
BASE_CHARS = 800  # the summary, the keys and the JSON envelope
ITEM_CHARS = 400  # one list item with its evidence, as models write it
MARGIN = 1.3
MIN_CAP = 1024
FIXED_EVENTS = 2  # every answer has a main event or two, however short the article
CHARS_PER_EVENT = 2500
CHUNK_FILL = 0.85  # room for the overlap and for a denser stretch of text
MIN_CHUNK_CHARS = 1500  # smaller chunks lose the context that links figures to events


def _fixed_chars() -> float:
    return BASE_CHARS + ITEM_CHARS * FIXED_EVENTS


# One article is estimated several times (its params, its cap, whether to chunk).
@lru_cache(maxsize=16)
def estimated_answer_tokens(text: str) -> int:
    """The expected size of a complete answer for ``text``, in tokens (before the margin)."""
    events = FIXED_EVENTS + len(text) / CHARS_PER_EVENT
    casualties = figure_mentions(text) / 2
    attributions = speaker_mentions(text)
    chars = BASE_CHARS + ITEM_CHARS * (events + casualties + attributions)
    return math.ceil(chars / CHARS_PER_TOKEN)


def output_cap(text: str, ceiling: int) -> int:
    """The ``max_tokens`` to send for ``text``: the estimate with its margin, capped."""
    wanted = max(MIN_CAP, math.ceil(estimated_answer_tokens(text) * MARGIN))
    return min(ceiling, wanted)


def chunk_chars(text: str, ceiling: int) -> int | None:
    """The chunk size (characters) to extract ``text`` in, or None when it fits at once.

    The article's own density of figures and speakers sets the size: a chunk of this
    many characters, with its overlap, is expected to need at most the ceiling.
    """
    needed = estimated_answer_tokens(text) * MARGIN
    if needed <= ceiling:
        return None
    fixed = _fixed_chars() / CHARS_PER_TOKEN * MARGIN
    share = (ceiling - fixed) / (needed - fixed)
    return max(MIN_CHUNK_CHARS, int(len(text) * share * CHUNK_FILL))


__all__ = [
    "CHARS_PER_TOKEN",
    "MARGIN",
    "MIN_CAP",
    "chunk_chars",
    "estimated_answer_tokens",
    "output_cap",
]

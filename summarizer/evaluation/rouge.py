"""ROUGE-L F1, as Google's rouge-score computes it, on rapidfuzz's LCS over tokens.

Tokens are rouge-score's: lower case, runs of anything but [a-z0-9] as separators, and
words longer than three letters stemmed by the Porter algorithm. rouge-score stems with
NLTK's Porter variant and pulls in NLTK (and with it scipy.stats) on import; the
original Porter algorithm from snowballstemmer differs from it on a few words ("today" ->
"todai" rather than "today"), which the same stemming of both sides cancels out: on the
30 labelled fixtures both give identical scores (benchmarks/RESULTS.md).
"""

from __future__ import annotations

import re

from rapidfuzz.distance import LCSseq

from summarizer.language.words import stem

_SEPARATORS = re.compile(r"[^a-z0-9]+")


def tokens(text: str) -> list[str]:
    """rouge-score's tokens of ``text``, stemmed."""
    return [stem(w) if len(w) > 3 else w for w in _SEPARATORS.sub(" ", text.lower()).split()]


def rouge_l(reference: str, prediction: str) -> float:
    """ROUGE-L F1 of ``prediction`` against ``reference`` (0 when either has no tokens)."""
    ref, pred = tokens(reference), tokens(prediction)
    if not ref or not pred:
        return 0.0
    common = LCSseq.similarity(ref, pred)
    if not common:
        return 0.0
    precision, recall = common / len(pred), common / len(ref)
    return 2 * precision * recall / (precision + recall)


__all__ = ["rouge_l", "tokens"]

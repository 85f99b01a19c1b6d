"""Content words: what a sentence is about, comparable with the words of an article.

Lower case alphabetic words of three letters or more, without function words, reporting
verbs and number words, stemmed by the Porter algorithm, so that "attacked" meets "attack"
and "wounded" meets "wounds". Grounding uses them to tell whether a summary sentence or
a name comes from the article at all; ``word_runs`` finds long runs of words one text
shares with another (a summary that repeats its instructions).
"""

from __future__ import annotations

import re
import threading

from summarizer.language.numbers import SCALES, TENS, UNITS

_FUNCTION_WORDS = """
    a an the and or but nor so yet of in on at to for from by with without into onto over
    under after before about against between during through across near since until while
    as than that this these those there here it its they them their he she his her him we
    our you your who whom whose which what when where why how is are was were be been being
    has have had do does did not no also said says say told tell would could should will
    shall may might must can some any all each every other another more most many much few
    several very just only even still already up down out off again further then once
    according including among amid both either neither per via upon
    """
_STOP = frozenset(_FUNCTION_WORDS.split()) | set(UNITS) | set(TENS) | set(SCALES)
_WORD = re.compile(r"[a-z]+")
_ANY_WORD = re.compile(r"[a-z0-9]+")


# A snowball stemmer keeps its working state on the object, so threads (the chunks of
# one article are validated concurrently) each need their own.
_local = threading.local()


def stem(word: str) -> str:
    """The Porter stem of a lower-case ``word`` ("attacked" -> "attack")."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        import snowballstemmer  # on first use: most runs never compare words

        stemmer = _local.stemmer = snowballstemmer.stemmer("porter")
    return str(stemmer.stemWord(word))


def content_words(text: str) -> list[str]:
    """The stemmed content words of ``text``, in order."""
    words = _WORD.findall(text.lower().replace("’", "'"))
    return [stem(word) for word in words if len(word) > 2 and word not in _STOP]


def word_runs(text: str, size: int) -> set[tuple[str, ...]]:
    """Every run of ``size`` consecutive words (lower case letters and digits) of ``text``."""
    words = _ANY_WORD.findall(text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


__all__ = ["content_words", "stem", "word_runs"]

"""One-to-one matching of predicted list items to gold items, and the counts it yields.

Pairs are chosen by optimal assignment (the Hungarian method) over the whole similarity
matrix, not greedily: a greedy pass can give one prediction its best gold item and so
leave another prediction with none, where a different pairing matches both.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
from scipy.optimize import linear_sum_assignment

G = TypeVar("G")
P = TypeVar("P")


@dataclass(frozen=True)
class Pair:
    """A gold item matched to a prediction (indices into the two lists)."""

    gold: int
    pred: int
    similarity: float
    optional: bool = False


@dataclass(frozen=True)
class Matching:
    """The outcome of matching one list field of one article.

    Optional gold items give neither credit nor penalty: matched, their prediction is
    neither a true nor a false positive; unmatched, they are not a false negative.
    """

    pairs: list[Pair] = field(default_factory=list)
    unmatched_gold: list[int] = field(default_factory=list)
    unmatched_pred: list[int] = field(default_factory=list)
    optional_gold: frozenset[int] = frozenset()

    @property
    def scored_pairs(self) -> list[Pair]:
        """Pairs that count: those with a required gold item."""
        return [p for p in self.pairs if not p.optional]

    @property
    def tp(self) -> int:
        return len(self.scored_pairs)

    @property
    def fp(self) -> int:
        return len(self.unmatched_pred)

    @property
    def fn(self) -> int:
        return sum(1 for i in self.unmatched_gold if i not in self.optional_gold)


def similarity_matrix(
    gold: Sequence[G], pred: Sequence[P], similarity: Callable[[G, P], float]
) -> np.ndarray:
    """``m[i, j]`` is the similarity of gold item i and predicted item j, in [0, 1]."""
    matrix = np.zeros((len(gold), len(pred)))
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            matrix[i, j] = similarity(g, p)
    return matrix


def assign(matrix: np.ndarray, threshold: float) -> list[tuple[int, int, float]]:
    """Optimal one-to-one pairs whose similarity reaches ``threshold``, by gold index."""
    if matrix.size == 0:
        return []
    # Below-threshold entries are worth nothing, so the assignment never trades a real
    # match for a pair that would be thrown away afterwards.
    gain = np.where(matrix >= threshold, matrix, 0.0)
    rows, cols = linear_sum_assignment(gain, maximize=True)
    return [
        (int(i), int(j), float(matrix[i, j]))
        for i, j in zip(rows, cols, strict=True)
        if matrix[i, j] >= threshold
    ]


def match(
    gold: Sequence[G],
    pred: Sequence[P],
    similarity: Callable[[G, P], float],
    threshold: float,
    optional: Sequence[bool] = (),
) -> Matching:
    """Match ``pred`` to ``gold`` one-to-one; ``optional[i]`` marks gold item i optional."""
    flags = list(optional) or [False] * len(gold)
    pairs = [
        Pair(gold=i, pred=j, similarity=round(s, 4), optional=flags[i])
        for i, j, s in assign(similarity_matrix(gold, pred, similarity), threshold)
    ]
    matched_gold = {p.gold for p in pairs}
    matched_pred = {p.pred for p in pairs}
    return Matching(
        pairs=pairs,
        unmatched_gold=[i for i in range(len(gold)) if i not in matched_gold],
        unmatched_pred=[j for j in range(len(pred)) if j not in matched_pred],
        optional_gold=frozenset(i for i, f in enumerate(flags) if f),
    )


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1; an empty gold list predicted empty is a perfect 1.0."""
    precision = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    recall = tp / (tp + fn) if tp + fn else (1.0 if fp == 0 else 0.0)
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    return precision, recall, f1


__all__ = ["Matching", "Pair", "assign", "match", "prf", "similarity_matrix"]

"""Two corpora of model answers for the grounding validator (tests/data/answers/).

``correct/``: answers a careful model gives, every excerpt verbatim and every count and
quote right, in the hard shapes real articles take (a quoted word that also occurs
unquoted, a subgroup of one, split quotations, single quotation marks, guillemets). The
validator must accept each unchanged. ``wrong/``: answers with planted faults; each
case lists in ``expect`` the faults the validator must name (``casualties[0].injured``,
``events[0]``), and it must name nothing else.

Each case is ``{"note", "article", "answer", "expect"?}``; the article is the cleaned text.
Used by tests/test_answer_corpora.py and by the validator benchmark.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.grounding import Problem, check
from summarizer.schema import ArticleSummary

ANSWERS = Path(__file__).resolve().parent / "data" / "answers"


@dataclass(frozen=True)
class Case:
    name: str
    note: str
    article: str
    answer: dict[str, Any]
    expect: tuple[str, ...] = ()

    @property
    def items(self) -> int:
        return sum(len(self.answer.get(k, [])) for k in ("events", "casualties", "attributions"))

    def flagged(self) -> set[str]:
        """Where the validator finds fault: ``field[index]`` or ``field[index].part``."""
        problems = check(ArticleSummary.model_validate(self.answer), self.article)
        return {_where(p) for p in problems}


def _where(problem: Problem) -> str:
    # Older validators name no part; the message starts with the location it names.
    part = getattr(problem, "part", None)
    if part is None:
        head = problem.message.split(" ", 1)[0]
        part = (
            head.split(".", 1)[1] if "." in head and head.split(".", 1)[1] != "evidence" else None
        )
    location = f"{problem.field}[{problem.index}]"
    return f"{location}.{part}" if part else location


def cases(kind: str) -> list[Case]:
    """The cases of ``kind`` ("correct" or "wrong"), by name."""
    found = []
    for path in sorted((ANSWERS / kind).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found.append(
            Case(
                path.stem,
                data["note"],
                data["article"],
                data["answer"],
                tuple(data.get("expect", ())),
            )
        )
    return found


__all__ = ["ANSWERS", "Case", "cases"]

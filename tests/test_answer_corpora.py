"""The validator against the corpora of correct and wrong answers (tests/data/answers)."""

from __future__ import annotations

import pytest
from answercorpus import Case, cases

from summarizer.grounding import check, drop_items
from summarizer.schema import ArticleSummary


@pytest.mark.parametrize("case", cases("correct"), ids=lambda c: c.name)
def test_a_correct_answer_passes_the_validator_unchanged(case: Case) -> None:
    summary = ArticleSummary.model_validate(case.answer)
    problems = check(summary, case.article)
    assert [p.message for p in problems] == []
    kept, warnings = drop_items(summary, problems)
    assert warnings == [] and kept == summary


@pytest.mark.parametrize("case", cases("wrong"), ids=lambda c: c.name)
def test_a_wrong_answer_is_caught_where_it_is_wrong_and_nowhere_else(case: Case) -> None:
    assert case.flagged() == set(case.expect)


def test_the_corpora_are_not_empty() -> None:
    assert sum(c.items for c in cases("correct")) >= 20
    assert sum(len(c.expect) for c in cases("wrong")) >= 10

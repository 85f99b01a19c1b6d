"""The grounding validator's precision: false rejections of correct answers, faults caught.

Three sets of answers go through ``summarizer.grounding.check``:

- the corpus of correct answers (tests/data/answers/correct): every item is right, so
  every item the validator rejects is a false rejection;
- the development fixtures' gold answers (evals/fixtures/*/gold.json), correct by
  construction (their labels follow docs/schema.md), and the holdout's (evals/holdout),
  labelled blind by people who never read the validator: only counted, never tuned on;
- the corpus of wrong answers (tests/data/answers/wrong): each planted fault the
  validator misses is a false acceptance, and anything else it flags a false rejection.

``before`` measures the same sets with the validator of another commit (by default where
this checkout left main), in a subprocess with that commit's ``summarizer`` (``_commit``),
so the two columns compare validators on identical answers.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

from ._commit import merge_base, run_at
from ._corpus import FIXTURES, ROOT, TESTS, gold_answer
from ._util import table

HOLDOUT = ROOT / "evals" / "holdout"


def measure() -> dict[str, Any]:
    """Rates of the ``summarizer`` importable here (run in the subprocess for ``before``)."""
    sys.path.insert(0, str(TESTS))
    from answercorpus import Case, cases

    from summarizer.cleaning import clean_article, read_article
    from summarizer.evaluation.fixtures import load_fixtures

    def gold(directory: Path) -> list[Case]:
        found = []
        for fixture in load_fixtures(directory):
            text = clean_article(read_article(fixture.article)).text
            found.append(Case(fixture.slug, "gold", text, gold_answer(fixture)))
        return found

    return {
        "correct": _rejections(cases("correct")),
        "gold": _rejections(gold(FIXTURES)),
        "holdout": _rejections(gold(HOLDOUT)),
        "wrong": _faults(cases("wrong")),
    }


def _rejections(found: list[Any]) -> dict[str, Any]:
    items = sum(case.items for case in found)
    # A flagged item is one rejection however many of its parts are at fault.
    rejected = sorted(
        f"{case.name}: {where}"
        for case in found
        for where in {w.split("]")[0] + "]" for w in case.flagged()}
    )
    return {"items": items, "rejected": rejected, "rate": len(rejected) / items if items else 0}


def _faults(found: list[Any]) -> dict[str, Any]:
    planted = caught = extra = 0
    missed: list[str] = []
    for case in found:
        flagged = case.flagged()
        planted += len(case.expect)
        caught += len(flagged & set(case.expect))
        extra += len(flagged - set(case.expect))
        missed += [f"{case.name}: {w}" for w in case.expect if w not in flagged]
    return {"planted": planted, "caught": caught, "missed": missed, "extra": extra}


def run(before: str = "main") -> dict[str, Any]:
    """Measure this checkout's validator and the one where this checkout left ``before``."""
    commit = merge_base(before)
    code = "import json\nfrom benchmarks.validator import measure\nprint(json.dumps(measure()))\n"
    earlier = run_at(commit, code) if commit else None
    if earlier is not None:
        earlier["commit"] = commit
    return {"after": measure(), "before": earlier}


def _rate(block: dict[str, Any]) -> str:
    return f"{len(block['rejected'])} of {block['items']} ({block['rate']:.1%})"


def report(result: dict[str, Any]) -> str:
    after, before = result["after"], result["before"]
    columns = ["answers", "this checkout"]
    if before:
        columns.insert(1, f"before (commit {before['commit']})")

    def row(name: str, key: str) -> list[str]:
        cells = [name, _rate(after[key])]
        if before:
            cells.insert(1, _rate(before[key]))
        return cells

    def faults(block: dict[str, Any]) -> str:
        return f"{block['caught']} of {block['planted']} caught, {block['extra']} flagged besides"

    rows = [
        row("correct-answers corpus: items falsely rejected", "correct"),
        row("development gold answers: items falsely rejected", "gold"),
        row("holdout gold answers (blind): items falsely rejected", "holdout"),
    ]
    last = ["wrong-answers corpus: planted faults", faults(after["wrong"])]
    if before:
        last.insert(1, faults(before["wrong"]))
    rows.append(last)
    lines = [table(columns, rows)]
    for label, block in (("before", before), ("now", after)):
        if block:
            # The blind holdout's items are counted per fixture, never listed for tuning.
            rejected = "; ".join(block["correct"]["rejected"] + block["gold"]["rejected"])
            per_fixture = Counter(r.split(":")[0] for r in block["holdout"]["rejected"])
            holdout = ", ".join(f"{slug} {n}" for slug, n in sorted(per_fixture.items()))
            lines.append(
                f"Falsely rejected {label}: {rejected or 'none'}; in the holdout: "
                f"{holdout or 'none'}."
            )
            if block["wrong"]["missed"]:
                lines.append(f"Faults missed {label}: {'; '.join(block['wrong']['missed'])}.")
    return "\n\n".join(lines)


__all__ = ["measure", "report", "run"]

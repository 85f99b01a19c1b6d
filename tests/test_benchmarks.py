"""The benchmarks package runs: its CLI, its corpus, and its smallest benchmark.

Nothing here is timed; the benchmarks' figures live in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _importable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT))


def test_the_benchmarks_cli_describes_itself() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "--quick" in done.stdout and "--only" in done.stdout


def test_every_benchmark_module_imports() -> None:
    from benchmarks.__main__ import BENCHMARKS

    for bench in BENCHMARKS:
        module = importlib.import_module(f"benchmarks.{bench.module}")
        assert callable(module.run) and callable(module.report), bench.module


def test_an_unknown_benchmark_is_a_usage_error() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--only", "nonsense"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "unknown benchmark(s): nonsense" in done.stderr


def test_copies_are_distinct_articles_that_keep_their_answers_grounded(tmp_path: Path) -> None:
    from benchmarks._corpus import check_copies, copyable, items, write_copies

    usable = items()  # the eval fixtures, less any whose gold the grounding rejects
    sources = copyable()
    assert len(sources) >= 10 and {f.slug for f in sources} <= {i.fixture.slug for i in usable}
    copies = write_copies(tmp_path, 2 * len(sources))
    check_copies(copies)  # raises if a copy is not distinct or its answer not grounded
    assert {c.slug for c in copies} == {f.slug for f in sources}


def test_split_request_separates_the_article_from_the_fixed_parts() -> None:
    from benchmarks.prompt_size import split_request
    from summarizer.providers.openai.prompt import CLOSE_TAG, OPEN_TAG

    article = "A bomb went off."
    body: dict[str, Any] = {
        "model": "m",
        "messages": [
            {"role": "system", "content": "Rules."},
            {
                "role": "user",
                "content": f"Data between {OPEN_TAG} and {CLOSE_TAG}.\n{OPEN_TAG}\n{article}\n"
                f"{CLOSE_TAG}",
            },
        ],
        "tools": [{"type": "function", "function": {"name": "ArticleSummary"}}],
    }
    sizes = split_request(body)
    assert sizes["article"] == len(json.dumps(article))
    assert sizes["system"] == len(json.dumps("Rules."))
    assert sizes["schema"] == len(json.dumps(body["tools"]))
    assert sum(sizes.values()) == len(json.dumps(body))


def test_the_prompt_benchmark_counts_one_call_per_valid_answer_and_two_with_a_reask() -> None:
    from benchmarks import prompt_size

    result = prompt_size.run()
    assert result["calls_per_article"] == 1.0
    assert all(row["ok"] for row in result["fixtures"])
    assert result["fixed_tokens_per_article"] > 0 and result["article_tokens_per_article"] > 0
    reask = result["reask"]
    assert reask["ok"] and reask["calls"] == 2
    assert "| **mean per article** |" in prompt_size.report(result)


def test_the_validator_benchmark_measures_both_corpora_and_the_gold_answers() -> None:
    from benchmarks import validator

    result = validator.measure()
    assert result["correct"]["items"] >= 20 and result["correct"]["rejected"] == []
    assert result["gold"]["items"] > 400
    wrong = result["wrong"]
    assert wrong["planted"] == wrong["caught"] and wrong["missed"] == []
    assert "| correct-answers corpus" in validator.report({"after": result, "before": None})

"""Run a piece of benchmark code against another commit's ``summarizer``.

For before/after figures: the commit's ``summarizer`` and ``prompts`` are extracted with
``git archive`` into a temporary folder, and ``code`` runs in a fresh interpreter that
imports them instead of this checkout's (the editable install's import hook is removed)
while ``benchmarks`` and ``tests`` still come from this checkout. ``code`` prints one
JSON value on stdout, which is returned.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from ._corpus import ROOT


def merge_base(ref: str) -> str | None:
    """The short hash of the commit where this checkout left ``ref``, or None."""
    done = subprocess.run(
        ["git", "merge-base", "HEAD", ref], cwd=ROOT, capture_output=True, text=True
    )
    base = done.stdout.strip()
    if done.returncode or not base:
        return None
    return subprocess.run(
        ["git", "rev-parse", "--short", base], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()


def run_at(commit: str, code: str) -> Any:
    """The JSON ``code`` prints when run with ``commit``'s summarizer; None if it fails."""
    try:
        with tempfile.TemporaryDirectory() as tmp:
            archive = subprocess.run(
                ["git", "archive", commit, "summarizer", "prompts"],
                cwd=ROOT,
                capture_output=True,
                check=True,
            ).stdout
            subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
            (Path(tmp) / "summarizer" / "prompts").symlink_to(Path(tmp) / "prompts")
            prelude = (
                "import sys\n"
                "sys.meta_path = [f for f in sys.meta_path if 'editable' not in repr(f)]\n"
                f"sys.path[:0] = [{tmp!r}, {str(ROOT)!r}]\n"
            )
            done = subprocess.run(
                [sys.executable, "-c", prelude + code], capture_output=True, text=True, check=True
            )
    except (OSError, subprocess.CalledProcessError):
        return None
    return json.loads(done.stdout)


__all__ = ["merge_base", "run_at"]

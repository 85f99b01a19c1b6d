"""What the openai provider adds for long and hard articles.

- ``LastAnswer``: when the re-asks run out, instructor's InstructorRetryException carries
  the last completion; parsed with the response model outside the grounding context, it
  becomes the answer the pipeline keeps (dropping the items that still fail grounding).
- ``WholeSummary`` and ``notes``: the short final call that writes the summary of an
  article extracted in chunks, from what each chunk gave.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import instructor
from instructor.core import InstructorRetryException
from pydantic import BaseModel, Field, field_validator

from summarizer.schema import SUMMARY_MAX_WORDS, ArticleSummary

SUMMARY_CAP = 400  # output tokens for the final summary: 90 words are about 120
_NOTE_EVENTS = 6  # events listed per chunk in the notes


class LastAnswer:
    """Keeps the last completion of a call whose re-asks ran out."""

    def __init__(self) -> None:
        self.completion: Any = None

    @contextmanager
    def keeping(self) -> Iterator[None]:
        """Within this block, remember the last completion of an exhausted retry loop."""
        try:
            yield
        except InstructorRetryException as exc:
            self.completion = exc.last_completion
            raise

    def summary(self, response_model: Any, mode: instructor.Mode) -> ArticleSummary | None:
        """The last answer parsed by ``response_model`` without the grounding check (call
        it outside ``validating_against``), or None when it is not a valid summary."""
        if self.completion is None:
            return None
        try:
            answer = response_model.from_response(self.completion, mode=mode)
            summary: ArticleSummary = answer.to_summary()
        except Exception:  # malformed JSON, schema errors, a refusal: nothing to keep
            return None
        return summary


class WholeSummary(BaseModel):
    """The summary of a whole article read in parts."""

    summary: str = Field(
        description=(
            f"2 to 4 sentences, at most {SUMMARY_MAX_WORDS} words: what happened, who, where, "
            "and the casualty outcome if stated. Neutral; nothing that is not in the notes."
        )
    )

    @field_validator("summary")
    @classmethod
    def _words(cls, value: str) -> str:
        # The contract's own rule, so the final summary is as valid as any other.
        empty: list[Any] = []
        whole = {"summary": value, "events": empty, "casualties": empty, "attributions": empty}
        return ArticleSummary.model_validate(whole).summary


SUMMARY_MODEL = instructor.response_schema(WholeSummary)


def notes(parts: list[ArticleSummary]) -> list[str]:
    """What the final call is told about each chunk: its summary and its incidents."""
    found = []
    for part in parts:
        lines = [part.summary.strip()]
        lines += [f"- {event.kind}: {event.description}" for event in part.events[:_NOTE_EVENTS]]
        found.append("\n".join(lines))
    return found


__all__ = ["SUMMARY_CAP", "SUMMARY_MODEL", "LastAnswer", "WholeSummary", "notes"]

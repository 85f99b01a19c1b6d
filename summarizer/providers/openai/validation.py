"""The response model instructor validates answers with: the contract plus grounding.

``GroundedSummary`` is ``ArticleSummary`` with a validator that runs ``grounding.check``
against the article, so an ungrounded answer raises a ValidationError and instructor
re-asks with the problems in hand. The article reaches the validator through a context
variable set by ``validating_against`` (or the validation context, ``ARTICLE_TEXT_KEY``).
The check locates every excerpt as it goes, so a valid answer arrives with its spans.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from pydantic import ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

from summarizer.grounding import check
from summarizer.schema import ArticleSummary, UpdateStamp

ARTICLE_TEXT_KEY = "article_text"
# Set by the pipeline on every item, never asked of the model.
PIPELINE_FIELD = "evidence_span"

# A context variable, not instructor's validation context: given a context, instructor
# also renders every message as a Jinja template, which costs more than building the
# request itself. Each thread and each asyncio task sees only the value it set.
_ARTICLE_TEXT: ContextVar[str | None] = ContextVar("summarizer_article_text", default=None)


@contextmanager
def validating_against(text: str) -> Iterator[None]:
    """Within this block (this thread or task only), check GroundedSummary answers against
    ``text``, as ``context={ARTICLE_TEXT_KEY: text}`` would."""
    token = _ARTICLE_TEXT.set(text)
    try:
        yield
    finally:
        _ARTICLE_TEXT.reset(token)


class GroundedSummary(ArticleSummary):
    """A structured, evidence-linked summary of one news article."""

    # The tool the model calls keeps the contract's name.
    model_config = ConfigDict(title="ArticleSummary")

    # Filled by the pipeline from a deterministic parser, so hidden from the model and
    # dropped if a model sends it anyway.
    updated: SkipJsonSchema[UpdateStamp | None] = Field(default=None, exclude=True)

    @field_validator("updated", mode="before")
    @classmethod
    def _drop_updated(cls, value: object) -> None:
        return None

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> GroundedSummary:
        context = info.context if isinstance(info.context, dict) else {}
        text = context.get(ARTICLE_TEXT_KEY, _ARTICLE_TEXT.get())
        if not isinstance(text, str):
            return self  # no article to check against (e.g. re-validating a stored answer)
        problems = check(self, text)
        if problems:
            raise ValueError(
                "the answer is not grounded in the article; fix these and answer again: "
                + " | ".join(p.message for p in problems)
            )
        return self

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The contract's schema without what the pipeline fills in (evidence spans)."""
        schema = super().model_json_schema(*args, **kwargs)
        for definition in [schema, *schema.get("$defs", {}).values()]:
            definition.get("properties", {}).pop(PIPELINE_FIELD, None)
            if PIPELINE_FIELD in definition.get("required", []):
                definition["required"].remove(PIPELINE_FIELD)
        return schema

    def to_summary(self) -> ArticleSummary:
        """The plain contract model, keeping the evidence spans found while validating."""
        return ArticleSummary.model_validate(self.model_dump(exclude={"updated"}))


__all__ = ["ARTICLE_TEXT_KEY", "GroundedSummary", "validating_against"]

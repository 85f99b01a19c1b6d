"""The response models instructor validates answers with: the contract plus grounding.

``GroundedSummary`` is ``ArticleSummary`` as the model sees it and answers it: its JSON
Schema leaves out what the pipeline fills in (evidence spans, the update stamp) and the
pydantic titles, and requires every list (empty when there is nothing). Its validator runs
``grounding.check`` and ``claims.check_claims`` against the article, so an ungrounded
answer raises a ValidationError and instructor re-asks with the problems in hand. The
article (and its reference date) reach the validator through a context variable set by
``validating_against``, or the validation context (``ARTICLE_TEXT_KEY``,
``REFERENCE_DATE_KEY``). The checks locate every excerpt as they go, so a valid answer
arrives with its spans.

``StrictGroundedSummary`` validates the same way; its schema is OpenAI's strict subset
(``strict_json_schema``) for the strict modes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from pydantic import ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

from summarizer.claims import check_claims
from summarizer.grounding import check
from summarizer.schema import ArticleSummary, UpdateStamp

ARTICLE_TEXT_KEY = "article_text"
REFERENCE_DATE_KEY = "reference_date"
# Set by the pipeline on every item, never asked of the model.
PIPELINE_FIELD = "evidence_span"
# Every list is sent, empty when the article has nothing for it.
REQUIRED_LISTS = ("events", "casualties", "attributions")


@dataclass(frozen=True)
class _Article:
    text: str
    reference_date: dt.date | None
    instructions: str
    partial: bool = False  # a chunk: claims that need the whole article wait for the merge


# A context variable, not instructor's validation context: given a context, instructor
# also renders every message as a Jinja template, which costs more than building the
# request itself. Each thread and each asyncio task sees only the value it set.
_ARTICLE: ContextVar[_Article | None] = ContextVar("summarizer_article", default=None)


@contextmanager
def validating_against(
    text: str,
    reference_date: dt.date | None = None,
    *,
    instructions: str = "",
    partial: bool = False,
) -> Iterator[None]:
    """Within this block (this thread or task only), check GroundedSummary answers against
    ``text`` and ``reference_date``; ``instructions`` is the prompt the model was given
    (a summary repeating it is rejected); ``partial``: ``text`` is a chunk of an article."""
    token = _ARTICLE.set(_Article(text, reference_date, instructions, partial))
    try:
        yield
    finally:
        _ARTICLE.reset(token)


def _article(info: ValidationInfo) -> _Article | None:
    context = info.context if isinstance(info.context, dict) else {}
    if ARTICLE_TEXT_KEY in context:
        return _Article(context[ARTICLE_TEXT_KEY], context.get(REFERENCE_DATE_KEY), "")
    return _ARTICLE.get()


def _lean(node: Any) -> Any:
    """A schema without what tells the model nothing: pydantic's titles, null defaults,
    line breaks inside descriptions (docstrings); and ``{"anyOf": [{"type": "string", ...},
    {"type": "null"}]}`` written as the equivalent ``{"type": ["string", "null"], ...}``."""
    if isinstance(node, list):
        return [_lean(n) for n in node]
    if not isinstance(node, dict):
        return node
    variants = node.get("anyOf")
    if (
        isinstance(variants, list)
        and len(variants) == 2
        and variants[1] == {"type": "null"}
        and isinstance(variants[0].get("type"), str)
    ):
        merged = {k: v for k, v in node.items() if k != "anyOf"}
        node = {**variants[0], **merged, "type": [variants[0]["type"], "null"]}
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "title" and isinstance(value, str):
            continue
        if key == "default" and value is None:
            continue
        if key == "properties":
            out[key] = {name: _lean(prop) for name, prop in value.items()}
        elif key == "description" and isinstance(value, str):
            out[key] = " ".join(value.split())
        else:
            out[key] = _lean(value)
    return out


def strict_json_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` in OpenAI's strict subset: every object closed and all its properties
    required (optional ones are already nullable unions), no defaults, and no ``$ref``
    beside other keys (inlined). Limits (maxLength, maxItems, maximum) are kept."""
    defs = schema.get("$defs", {})

    def visit(node: Any) -> Any:
        if isinstance(node, list):
            return [visit(n) for n in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node and len(node) > 1:
            target = defs[node["$ref"].rsplit("/", 1)[-1]]
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "default":
                continue
            if key == "properties":
                out[key] = {name: visit(prop) for name, prop in value.items()}
            else:
                out[key] = visit(value)
        if "properties" in out:
            out["additionalProperties"] = False
            out["required"] = list(out["properties"])
        return out

    strict: dict[str, Any] = visit(schema)
    return strict


def _without_span(item: Any) -> Any:
    if isinstance(item, dict) and PIPELINE_FIELD in item:
        return {k: v for k, v in item.items() if k != PIPELINE_FIELD}
    return item


class GroundedSummary(ArticleSummary):
    """One news article's record."""

    # The tool the model calls keeps the contract's name.
    model_config = ConfigDict(title="ArticleSummary")

    # The headline and the update stamp come from the page (the cleaner and a
    # deterministic parser), so they are hidden from the model and dropped if it sends them.
    title: SkipJsonSchema[str | None] = Field(default=None, exclude=True)
    updated: SkipJsonSchema[UpdateStamp | None] = Field(default=None, exclude=True)

    @field_validator("title", "updated", mode="before")
    @classmethod
    def _drop_page_fields(cls, value: object) -> None:
        return None

    @model_validator(mode="before")
    @classmethod
    def _lists_sent(cls, data: Any) -> Any:
        if isinstance(data, dict):
            # Spans are the pipeline's: any a model sends would be trusted unchecked.
            data = {
                key: [_without_span(item) for item in value]
                if key in REQUIRED_LISTS and isinstance(value, list)
                else value
                for key, value in data.items()
            }
            missing = [name for name in REQUIRED_LISTS if name not in data]
            if missing:
                raise ValueError(
                    f"{', '.join(missing)} missing: send every list, an empty list [] when "
                    "the article has nothing for it"
                )
        return data

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> GroundedSummary:
        article = _article(info)
        if article is None:
            return self  # no article to check against (e.g. re-validating a stored answer)
        problems = check(self, article.text)
        problems += check_claims(
            self,
            article.text,
            article.reference_date,
            instructions=article.instructions,
            whole=not article.partial,
        )
        if problems:
            raise ValueError(
                "the answer is not grounded in the article; fix these and answer again: "
                + " | ".join(p.message for p in problems)
            )
        return self

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The schema the model answers: without what the pipeline fills in (evidence
        spans) and without pydantic's titles; every list required."""
        schema = super().model_json_schema(*args, **kwargs)
        for definition in [schema, *schema.get("$defs", {}).values()]:
            definition.get("properties", {}).pop(PIPELINE_FIELD, None)
            if PIPELINE_FIELD in definition.get("required", []):
                definition["required"].remove(PIPELINE_FIELD)
        schema["required"] = [*schema.get("required", []), *REQUIRED_LISTS]
        lean: dict[str, Any] = _lean(schema)
        lean["title"] = schema["title"]  # instructor names the tool after it
        return lean

    def to_summary(self) -> ArticleSummary:
        """The plain contract model, keeping the evidence spans found while validating."""
        return ArticleSummary.model_validate(self.model_dump(exclude={"title", "updated"}))


class StrictGroundedSummary(GroundedSummary):
    """One news article's record."""

    model_config = ConfigDict(title="ArticleSummary")

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The same schema in OpenAI's strict subset (``strict_json_schema``)."""
        return strict_json_schema(super().model_json_schema(*args, **kwargs))


__all__ = [
    "ARTICLE_TEXT_KEY",
    "REFERENCE_DATE_KEY",
    "GroundedSummary",
    "StrictGroundedSummary",
    "strict_json_schema",
    "validating_against",
]

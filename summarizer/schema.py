"""The output contract: ``ArticleSummary``, schema version 1 (see SCHEMA.md).

Field descriptions are the extraction instructions: instructor sends them to the model,
and ``summarizer schema`` shows them to users. The JSON names and enum values are the
contract; renaming one is a breaking change and bumps ``SCHEMA_VERSION``.

``evidence_span`` on list items is filled by the pipeline (grounding), never asked of
the model: the response model the model sees leaves it out of its JSON Schema
(``providers.openai.validation``), while the output contract shows it.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA_VERSION = 1
SUMMARY_MAX_WORDS = 90
EVIDENCE_MAX_CHARS = 300

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_OFFSET = re.compile(r"^[+-](0\d|1[0-4]):[0-5]\d$")


def _iso_date(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None
    if len(value) != 10:
        raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD)")
    return value


class EventKind(StrEnum):
    """What kind of incident an event is."""

    armed_clash = "armed_clash"
    air_or_drone_strike = "air_or_drone_strike"
    shelling_artillery_missile_attack = "shelling_artillery_missile_attack"
    remote_explosive = "remote_explosive"
    suicide_bombing = "suicide_bombing"
    attack = "attack"
    abduction = "abduction"
    arrest = "arrest"
    protest = "protest"
    riot = "riot"
    agreement = "agreement"
    troop_movement = "troop_movement"
    disaster_or_accident = "disaster_or_accident"
    other = "other"


class Channel(StrEnum):
    """Through what a speaker made a claim."""

    tweet = "tweet"
    social_media_post = "social_media_post"
    statement = "statement"
    told_reporters = "told_reporters"
    told_news_agency = "told_news_agency"
    interview = "interview"
    press_conference = "press_conference"
    unspecified = "unspecified"


Precision = Literal["exact", "at_least", "approximate"]

_SPAN_DESCRIPTION = (
    "Filled by the pipeline, not the model: [start, end) character offsets of the evidence "
    "in the cleaned article text."
)


def _check_evidence(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("evidence must be a non-empty verbatim excerpt of the article")
    if len(value) > EVIDENCE_MAX_CHARS:
        raise ValueError(
            f"evidence is {len(value)} characters; quote at most {EVIDENCE_MAX_CHARS} "
            "characters of the sentence that states it"
        )
    return value


class _Item(BaseModel):
    model_config = ConfigDict(extra="ignore", use_enum_values=True)

    evidence_span: tuple[int, int] | None = Field(default=None, description=_SPAN_DESCRIPTION)

    @field_validator("evidence", mode="after", check_fields=False)
    @classmethod
    def _evidence(cls, value: str) -> str:
        return _check_evidence(value)


class Event(_Item):
    """One incident the article reports."""

    kind: EventKind = Field(
        description=(
            "The incident type. shelling_artillery_missile_attack covers rockets, mortars, "
            "artillery and missiles; remote_explosive covers IEDs, landmines and car bombs; "
            "attack is shooting, raids and other direct violence; agreement is a ceasefire or "
            "deal; troop_movement is a deployment or withdrawal."
        )
    )
    description: str = Field(description="One neutral sentence saying what happened.")
    date: str | None = Field(
        default=None,
        description=(
            "ISO YYYY-MM-DD when it can be resolved from the text, or from a relative word "
            "like 'on Monday' against the reference date given with the article (the latest "
            "such weekday on or before it). Null when it cannot be resolved; never guess a year."
        ),
    )
    when: str | None = Field(
        default=None,
        description="The time expression as written, e.g. 'Monday at 07:44 p.m. local time'.",
    )
    location: str | None = Field(
        default=None,
        description=(
            "As specific as the article allows, most specific first, e.g. 'near the al Omar "
            "oil field, Deir al Zor, Syria'. Null if the article gives none."
        ),
    )
    actors: list[str] = Field(
        default_factory=list,
        description=(
            "Who carried it out, as named, when the article establishes it. Empty when unknown "
            "or only alleged."
        ),
    )
    alleged_actors: list[str] = Field(
        default_factory=list,
        description="Who is blamed or suspected by someone, but not established by the article.",
    )
    targets: list[str] = Field(
        default_factory=list, description="Who or what it was aimed at, as named."
    )
    evidence: str = Field(
        description=(
            "A verbatim excerpt of the article, copied exactly (at most 300 characters), that "
            "states this event."
        )
    )

    @field_validator("date")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        return _iso_date(value)


class Count(BaseModel):
    """A number of people as the article states it."""

    model_config = ConfigDict(extra="ignore")

    value: int = Field(
        ge=0,
        description=(
            "The number. 'dozens' is 12, 'scores' 20, 'hundreds' 100 (all approximate); "
            "0 when the article says there were none."
        ),
    )
    precision: Precision = Field(
        default="exact",
        description=(
            "exact for a plain figure; at_least for 'at least N' or 'more than N'; "
            "approximate for 'about N', 'nearly N' and the vague words above."
        ),
    )


_COUNT_RULE = (
    " Null when the article says nothing about this for the group; a count of 0 when it says "
    "there were none. 'Several' or 'a number of' give no count: null."
)


class Casualty(_Item):
    """One casualty figure: one group of people, one event, one reporting source."""

    group: str = Field(
        description=(
            "Who the figure is about, as the article names them, e.g. 'U.S. troops', "
            "'members of the Kataib Sayyed al-Shuhada faction', 'police officers'."
        )
    )
    killed: Count | None = Field(default=None, description="Deaths as stated." + _COUNT_RULE)
    injured: Count | None = Field(
        default=None,
        description="Injuries as stated ('wounded', 'hurt' count as injured)." + _COUNT_RULE,
    )
    missing: Count | None = Field(
        default=None, description="Missing, trapped or abducted people." + _COUNT_RULE
    )
    event: int | None = Field(
        default=None,
        ge=0,
        description="Zero-based index into events of the incident these casualties belong to.",
    )
    reported_by: str | None = Field(
        default=None,
        description=(
            "Who gives the figure, if the article says, e.g. 'Coalition spokesman'. Conflicting "
            "figures from different sources are separate records, never averaged."
        ),
    )
    evidence: str = Field(
        description="A verbatim excerpt of the article (at most 300 characters) stating the figure."
    )


class Attribution(_Item):
    """One speaker making one distinct claim."""

    speaker: str = Field(
        description=(
            "As named, with title, e.g. 'Col. Wayne Marotto'; anonymous sources as described, "
            "e.g. 'sources in Deir al Zor'."
        )
    )
    affiliation: str | None = Field(
        default=None,
        description="Role or organisation, e.g. 'spokesman, U.S.-led Coalition'.",
    )
    claim: str = Field(description="A one-sentence paraphrase of what they said or claimed.")
    quote: str | None = Field(
        default=None,
        description=(
            "Their exact quoted words, copied verbatim without the quotation marks, only if the "
            "article quotes them in quotation marks; else null."
        ),
    )
    channel: Channel = Field(
        description=(
            "tweet: a post on X/Twitter; social_media_post: Telegram, Facebook and other "
            "platforms; statement: a written or issued statement; told_reporters: reporters in "
            "general or a briefing; told_news_agency: a named news organisation, the publisher "
            "included; interview; press_conference; unspecified: plain 'said', a report, "
            "anything else."
        )
    )
    evidence: str = Field(
        description=(
            "A verbatim excerpt of the article (at most 300 characters) where the claim is made."
        )
    )


class UpdateStamp(BaseModel):
    """The article's own 'updated' line, parsed deterministically (never by a model)."""

    model_config = ConfigDict(extra="ignore")

    text: str = Field(description="The line as written.")
    time: str | None = Field(default=None, description="24-hour HH:MM.")
    weekday: str | None = Field(
        default=None, description="As written, or derived from the date when it is known."
    )
    date: str | None = Field(
        default=None,
        description="YYYY-MM-DD if written, or resolved from a weekday and the reference date.",
    )
    timezone: str | None = Field(default=None, description="The zone label as written.")
    utc_offset: str | None = Field(
        default=None,
        description="'+03:00' when the label maps to one offset for the date; else null.",
    )
    iso: str | None = Field(
        default=None,
        description="Full ISO 8601 with offset, only when date, time and offset are all known.",
    )

    @field_validator("time")
    @classmethod
    def _time(cls, value: str | None) -> str | None:
        if value is not None and not _HHMM.match(value):
            raise ValueError(f"time {value!r} is not 24-hour HH:MM")
        return value

    @field_validator("utc_offset")
    @classmethod
    def _offset(cls, value: str | None) -> str | None:
        if value is not None and not _OFFSET.match(value):
            raise ValueError(f"utc_offset {value!r} is not of the form +HH:MM")
        return value

    @field_validator("date")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        return _iso_date(value)

    @model_validator(mode="after")
    def _iso_needs_parts(self) -> UpdateStamp:
        if self.iso is not None and not (self.date and self.time and self.utc_offset):
            raise ValueError("iso is set only when date, time and utc_offset are all known")
        return self


class ArticleSummary(BaseModel):
    """A structured, evidence-linked summary of one news article."""

    model_config = ConfigDict(extra="ignore")

    title: str | None = Field(default=None, description="The headline, if the input has one.")
    summary: str = Field(
        description=(
            "2 to 4 sentences, at most 90 words: what happened, who, where, and the casualty "
            "outcome if stated. Neutral; nothing that is not in the article."
        )
    )
    events: list[Event] = Field(
        default_factory=list, description="The incidents the article reports, main ones first."
    )
    casualties: list[Casualty] = Field(
        default_factory=list,
        description=(
            "Every casualty figure the article states, zeros included ('no injuries' is injured "
            "0; 'no casualties' is killed 0 and injured 0). One record per group per event per "
            "reporting source; a subgroup with its own figure gets its own record."
        ),
    )
    attributions: list[Attribution] = Field(
        default_factory=list,
        description="Who said or claimed what, through which channel: one per speaker per claim.",
    )
    updated: UpdateStamp | None = Field(
        default=None,
        description=(
            "The article's own update line, parsed by the pipeline (not the model); null if none."
        ),
    )

    @field_validator("summary")
    @classmethod
    def _summary_words(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("summary must not be empty")
        words = len(value.split())
        if words > SUMMARY_MAX_WORDS:
            raise ValueError(
                f"summary has {words} words; keep it to at most {SUMMARY_MAX_WORDS} words"
            )
        return value

    @model_validator(mode="after")
    def _event_indices(self) -> ArticleSummary:
        for i, casualty in enumerate(self.casualties):
            if casualty.event is not None and casualty.event >= len(self.events):
                raise ValueError(
                    f"casualties[{i}].event is {casualty.event} but there are only "
                    f"{len(self.events)} events (indices start at 0)"
                )
        return self


__all__ = [
    "EVIDENCE_MAX_CHARS",
    "SCHEMA_VERSION",
    "SUMMARY_MAX_WORDS",
    "ArticleSummary",
    "Attribution",
    "Casualty",
    "Channel",
    "Count",
    "Event",
    "EventKind",
    "UpdateStamp",
]

"""The output contract: ``ArticleSummary``, schema version 1 (see docs/schema.md).

Field descriptions (and the docstrings of the item classes and enums) are the extraction
instructions: instructor sends them to the model, and ``summarizer schema`` shows them to
users. Each rule is said once, either here or in the system prompt (prompts/system.md),
and both say what docs/schema.md says. The JSON names and enum values are the contract;
renaming one is a breaking change and bumps ``SCHEMA_VERSION``.

``evidence_span`` on list items is filled by the pipeline (grounding), never asked of
the model: the response model the model sees leaves it out of its JSON Schema
(``providers.openai.validation``), while the output contract shows it.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

SCHEMA_VERSION = 1
SUMMARY_MAX_WORDS = 90
EVIDENCE_MAX_CHARS = 300

# Limits on an answer (docs/schema.md "Limits"): the schema the model sees carries them and
# validation enforces them, so a runaway answer cannot make a runaway record.
SUMMARY_MAX_CHARS = 700
TITLE_MAX_CHARS = 300
MAX_EVENTS = 30
MAX_CASUALTIES = 60
MAX_ATTRIBUTIONS = 80
DESCRIPTION_MAX_CHARS = 300
CLAIM_MAX_CHARS = 400
WHEN_MAX_CHARS = 120
LOCATION_MAX_CHARS = 200
NAME_MAX_CHARS = 200  # group, reported_by, speaker, affiliation
QUOTE_MAX_CHARS = 600
MAX_NAMES = 10  # actors, alleged_actors, targets
LISTED_NAME_MAX_CHARS = 150
COUNT_MAX = 100_000_000

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_OFFSET = re.compile(r"^[+-](0\d|1[0-4]):[0-5]\d$")

Name = Annotated[str, StringConstraints(max_length=LISTED_NAME_MAX_CHARS)]


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
    """shelling_artillery_missile_attack: also rockets, mortars; remote_explosive: IEDs,
    mines, car bombs; attack: shooting, stabbing, raid; protest: also strikes, sit-ins, police
    using force on it; riot: demonstrators or a crowd violent themselves, as the article
    states; agreement: ceasefire, deal; disaster_or_accident: also fire, crash, collapse,
    accidental blast."""

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
    """From the sentence reporting the claim, kept within one exchange ('he added', 'the
    statement said'); a new plain 'said' is unspecified. tweet: X/Twitter; social_media_post:
    other platforms, over 'statement'; statement: written or issued; told_reporters: also a
    briefing; told_news_agency: a named outlet, even the publisher; interview: any outlet;
    press_conference: or news conference; unspecified: plain 'said', speech, other."""

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
    return value


class _Item(BaseModel):
    model_config = ConfigDict(extra="ignore", use_enum_values=True)

    evidence_span: tuple[int, int] | None = Field(default=None, description=_SPAN_DESCRIPTION)

    @field_validator("evidence", mode="after", check_fields=False)
    @classmethod
    def _evidence(cls, value: str) -> str:
        return _check_evidence(value)


# The rule for every evidence excerpt is the system prompt's; the field says only its limit.
def _evidence() -> Any:
    return Field(max_length=EVIDENCE_MAX_CHARS)


# No docstrings on the items: a class docstring is sent to the model with the schema.
class Event(_Item):
    kind: EventKind
    description: str = Field(max_length=DESCRIPTION_MAX_CHARS, description="One neutral sentence.")
    date: str | None = Field(
        default=None,
        description=(
            "YYYY-MM-DD from the article's date or weekday: a weekday is the latest on or "
            "before the reference date; yesterday, last night count back; day and month take "
            "the nearest year; several days: the first. Else null; never guess."
        ),
    )
    when: str | None = Field(
        default=None,
        max_length=WHEN_MAX_CHARS,
        description=(
            "One time expression as written, best from the evidence ('after midnight on "
            "Saturday'); never joined from two places."
        ),
    )
    location: str | None = Field(
        default=None,
        max_length=LOCATION_MAX_CHARS,
        description="As specific as the article allows, most specific first.",
    )
    actors: list[Name] = Field(
        default_factory=list,
        max_length=MAX_NAMES,
        description=(
            "Who did it, as named, if the article says so (a force announcing its own "
            "operation too); for a protest, its protesters or organisers."
        ),
    )
    alleged_actors: list[Name] = Field(
        default_factory=list,
        max_length=MAX_NAMES,
        description=(
            "Blamed, suspected or claiming it, unconfirmed by the article; not one named only "
            "for other attacks."
        ),
    )
    targets: list[Name] = Field(
        default_factory=list,
        max_length=MAX_NAMES,
        description=(
            "People, forces, buildings or objects hit or aimed at; not the place, nor police "
            "dispersing a protest."
        ),
    )
    evidence: str = _evidence()

    @field_validator("date")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        return _iso_date(value)


class Count(BaseModel):
    """'at least/more than 5', 'between 5 and 7': at_least 5; 'about/nearly 20': approximate
    20; approximate 'a dozen'/'dozens' 12, 'scores' 20, 'hundreds' 100, 'thousands' 1000;
    'several', 'many': no count."""

    model_config = ConfigDict(extra="ignore")

    value: int = Field(ge=0, le=COUNT_MAX)
    precision: Precision = "exact"


class Casualty(_Item):
    """Null count: the article is silent (never 0). 'No one/nobody hurt', 'no casualties',
    'unharmed': killed and injured 0; 'no injuries': injured 0 only; 'no deaths': killed 0
    only."""

    group: str = Field(max_length=NAME_MAX_CHARS, description="As the article names them.")
    killed: Count | None = None
    injured: Count | None = Field(
        default=None,
        description=(
            "Also wounded, hurt ('three were hurt': 3), hospitalised, hit by rubber bullets."
        ),
    )
    missing: Count | None = Field(
        default=None, description="Also trapped, abducted, held, unaccounted for, at large."
    )
    event: int | None = Field(
        default=None,
        ge=0,
        description=(
            "Index in events of its own incident (a recalled one too), not the main one by "
            "default; null if unlisted."
        ),
    )
    reported_by: str | None = Field(
        default=None,
        max_length=NAME_MAX_CHARS,
        description="Who gives it; null in the article's own voice.",
    )
    evidence: str = _evidence()


class Attribution(_Item):
    speaker: str = Field(
        max_length=NAME_MAX_CHARS,
        description=(
            "Name with any rank or honorific before it ('Capt. Ilse Marren'); roles go to "
            "affiliation; unnamed sources as described."
        ),
    )
    affiliation: str | None = Field(
        default=None,
        max_length=NAME_MAX_CHARS,
        description="Role and organisation, with place ('mayor of Kessburg').",
    )
    claim: str = Field(max_length=CLAIM_MAX_CHARS, description="A self-contained sentence.")
    quote: str | None = Field(
        default=None,
        max_length=QUOTE_MAX_CHARS,
        description=(
            "Words inside quotation marks, minus the marks and a closing comma or stop; parts "
            "split by the attribution joined by ' ... '; from the speaker's sentence or its "
            "neighbours; else null."
        ),
    )
    channel: Channel
    evidence: str = _evidence()


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

    title: str | None = Field(default=None, description="The headline.")
    summary: str = Field(
        max_length=SUMMARY_MAX_CHARS,
        description=(
            "2 to 4 neutral sentences, at most 90 words: what happened, who, where, and the "
            "casualty outcome if stated."
        ),
    )
    events: list[Event] = Field(
        default_factory=list, max_length=MAX_EVENTS, description="Main ones first."
    )
    casualties: list[Casualty] = Field(default_factory=list, max_length=MAX_CASUALTIES)
    attributions: list[Attribution] = Field(default_factory=list, max_length=MAX_ATTRIBUTIONS)
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
    "CLAIM_MAX_CHARS",
    "COUNT_MAX",
    "DESCRIPTION_MAX_CHARS",
    "EVIDENCE_MAX_CHARS",
    "LISTED_NAME_MAX_CHARS",
    "LOCATION_MAX_CHARS",
    "MAX_ATTRIBUTIONS",
    "MAX_CASUALTIES",
    "MAX_EVENTS",
    "MAX_NAMES",
    "NAME_MAX_CHARS",
    "QUOTE_MAX_CHARS",
    "SCHEMA_VERSION",
    "SUMMARY_MAX_CHARS",
    "SUMMARY_MAX_WORDS",
    "TITLE_MAX_CHARS",
    "WHEN_MAX_CHARS",
    "ArticleSummary",
    "Attribution",
    "Casualty",
    "Channel",
    "Count",
    "Event",
    "EventKind",
    "UpdateStamp",
]

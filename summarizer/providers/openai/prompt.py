"""Render the prompt templates in ``prompts/`` into chat messages.

The templates are data (shipped as the package ``summarizer.prompts``) and their content
hash is ``PROMPT_VERSION``, so any edit to a prompt changes the cache key and the
provenance of every record. Variables are ``${name}`` placeholders; a template that
uses a variable nobody supplies, or a caller that supplies one no template uses, is an
error rather than a silently half-rendered prompt.

The fixed part comes first and is the same bytes for every article (the system message,
and the schema instructor sends), so providers' automatic prompt caching applies; the
reference date and the article come only in the last message.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from functools import cache
from importlib import resources
from string import Template

from summarizer.cleaning import CleanedArticle
from summarizer.language.dates import WEEKDAYS, shift

TEMPLATE_NAMES = ("system.md", "user.md", "summary-system.md", "summary-user.md")

# The article sits between these markers. The article cannot forge them: any look-alike
# in its text is neutralised before rendering (see ``fence_article``).
OPEN_TAG = "<<<UNTRUSTED_ARTICLE>>>"
CLOSE_TAG = "<<<END_UNTRUSTED_ARTICLE>>>"
_FORGED_MARKER = re.compile(r"<*\s*/?\s*(?:END[\s_-]*)?UNTRUSTED[\s_-]*ARTICLE\s*>*", re.I)


class PromptTemplateError(ValueError):
    """A template and the variables given to it do not match (a packaging bug)."""


@cache
def _template_texts() -> dict[str, str]:
    package = resources.files("summarizer.prompts")
    texts = {}
    for name in TEMPLATE_NAMES:
        try:
            texts[name] = package.joinpath(name).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise PromptTemplateError(f"prompt template {name!r} is missing") from None
    return texts


def version_of(texts: dict[str, str]) -> str:
    """The prompt version of a set of templates (name -> text): 12 hex digits of SHA-256."""
    digest = hashlib.sha256()
    for name in sorted(texts):
        digest.update(name.encode("utf-8") + b"\0" + texts[name].encode("utf-8") + b"\0")
    return digest.hexdigest()[:12]


PROMPT_VERSION = version_of(_template_texts())


def render(template: str, variables: dict[str, str], *, name: str = "<template>") -> str:
    """Fill ``${name}`` placeholders; a missing or an unused variable is an error."""
    tmpl = Template(template)
    if not tmpl.is_valid():
        raise PromptTemplateError(f"prompt template {name} has a malformed placeholder")
    wanted = set(tmpl.get_identifiers())
    given = set(variables)
    if wanted - given:
        raise PromptTemplateError(
            f"prompt template {name} needs {', '.join(sorted(wanted - given))}, not given"
        )
    if given - wanted:
        raise PromptTemplateError(
            f"prompt template {name} has no placeholder for {', '.join(sorted(given - wanted))}"
        )
    return tmpl.substitute(variables)


def fence_article(text: str) -> str:
    """The article text with anything resembling the data-block markers neutralised."""
    return _FORGED_MARKER.sub("[marker removed]", text).strip()


def reference_date_note(reference_date: dt.date | None) -> str:
    """The reference date and the dates its weekdays resolve to (the date field's rule)."""
    if reference_date is None:
        return "Reference date: unknown, so dates that need one stay null."
    # Models are unreliable at calendar arithmetic, so give them the resolved weekdays.
    # At the start of the calendar fewer than six days lie before the reference date.
    earlier = [day for n in range(1, 7) if (day := shift(reference_date, -n)) is not None]
    note = f"Reference date: {WEEKDAYS[reference_date.weekday()][:3]} {reference_date}"
    if earlier:
        # Month and day suffice within the reference date's year (dates tokenize dearly).
        days = (
            f"{WEEKDAYS[d.weekday()][:3]} {d:%m-%d}"
            if d.year == reference_date.year
            else f"{WEEKDAYS[d.weekday()][:3]} {d}"
            for d in earlier
        )
        note += "; before: " + ", ".join(days)
    return note


@cache
def system_prompt() -> str:
    """The system message: the same for every article."""
    return render(_template_texts()["system.md"], {}, name="system.md").strip()


def build_messages(
    article: CleanedArticle, reference_date: dt.date | None = None
) -> list[dict[str, str]]:
    """The chat messages for one article: rules in the system message, data in the user one."""
    user = render(
        _template_texts()["user.md"],
        {
            "open_tag": OPEN_TAG,
            "close_tag": CLOSE_TAG,
            "reference_date_note": reference_date_note(reference_date),
            "article": fence_article(article.text),
        },
        name="user.md",
    )
    return [
        {"role": "system", "content": system_prompt()},
        {"role": "user", "content": user.strip()},
    ]


def build_summary_messages(headline: str | None, notes: list[str]) -> list[dict[str, str]]:
    """The chat messages asking for the summary of an article read in parts: ``notes`` is
    what was found in each part, in text order (untrusted text, fenced like an article)."""
    texts = _template_texts()
    tags = {"open_tag": OPEN_TAG, "close_tag": CLOSE_TAG}
    parts = [f"Headline: {headline}"] if headline else []
    parts += [f"Part {n}:\n{note}" for n, note in enumerate(notes, start=1)]
    system = render(texts["summary-system.md"], tags, name="summary-system.md")
    user = render(
        texts["summary-user.md"],
        {**tags, "part_count": str(len(notes)), "notes": fence_article("\n\n".join(parts))},
        name="summary-user.md",
    )
    return [
        {"role": "system", "content": system.strip()},
        {"role": "user", "content": user.strip()},
    ]


__all__ = [
    "CLOSE_TAG",
    "OPEN_TAG",
    "PROMPT_VERSION",
    "PromptTemplateError",
    "build_messages",
    "build_summary_messages",
    "fence_article",
    "reference_date_note",
    "render",
    "system_prompt",
    "version_of",
]

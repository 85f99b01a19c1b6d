"""Providers turn a cleaned article into an ArticleSummary; this module finds them.

Built in:

- ``openai``: instructor over the openai client, any OpenAI-compatible base URL;
- ``rules``: a deterministic offline extractor, no model; the embedded default.

Every provider, built-in or plugin, registers the same way, as simonw/llm's plugins do:
an entry point in the ``summarizer.providers`` group naming a ``Provider`` subclass::

    [project.entry-points."summarizer.providers"]
    mymodel = "my_package.provider:MyProvider"

Resolution (DESIGN.md): an explicit provider wins; otherwise ``openai`` when an API key
or a base URL is configured, else ``rules``. A run never mixes providers.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import EntryPoint, entry_points

from summarizer.config import Settings
from summarizer.errors import ConfigError
from summarizer.providers.base import Extraction, Provider

ENTRY_POINT_GROUP = "summarizer.providers"


@cache
def _entry_points() -> dict[str, EntryPoint]:
    found: dict[str, EntryPoint] = {}
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        # A plugin cannot replace a built-in by reusing its name; between two plugins,
        # the first on the path keeps it.
        if entry.name not in found or _built_in(entry):
            found[entry.name] = entry
    return found


def _built_in(entry: EntryPoint) -> bool:
    return entry.dist is not None and entry.dist.name == "summarizer"


def rescan() -> None:
    """Forget the providers found so far, so the next look-up sees newly installed ones."""
    _entry_points.cache_clear()


def provider_names() -> list[str]:
    """The names of every installed provider, sorted."""
    return sorted(_entry_points())


def provider_class(name: str) -> type[Provider]:
    """The Provider subclass registered as ``name``; ConfigError if there is none."""
    entry = _entry_points().get(name)
    if entry is None:
        choices = ", ".join(provider_names()) or "none installed"
        raise ConfigError(f"unknown provider {name!r}; choose one of {choices}")
    try:
        cls = entry.load()
    except Exception as exc:  # a broken plugin must not look like a bug of ours
        raise ConfigError(f"provider {name!r} ({entry.value}) failed to load: {exc}") from exc
    if not (isinstance(cls, type) and issubclass(cls, Provider)):
        raise ConfigError(f"provider {name!r} ({entry.value}) is not a summarizer Provider")
    return cls


def resolve_name(settings: Settings) -> str:
    """The provider a run uses: the one chosen, else openai if a model is configured."""
    if settings.provider is not None:
        return settings.provider
    return "openai" if (settings.api_key or settings.base_url) else "rules"


def make_provider(settings: Settings) -> Provider:
    """Build the provider the settings resolve to (ConfigError when it cannot be used)."""
    return provider_class(resolve_name(settings)).from_settings(settings)


__all__ = [
    "ENTRY_POINT_GROUP",
    "Extraction",
    "Provider",
    "make_provider",
    "provider_class",
    "provider_names",
    "rescan",
    "resolve_name",
]

"""Options that several commands share, and choosing the provider a run uses."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Annotated

import typer

from ..providers import Provider, Settings, make_provider
from ._common import say


class ProviderName(StrEnum):
    openai = "openai"
    rules = "rules"


PathArg = Annotated[str, typer.Argument(help="Article file (text or HTML), or - for stdin.")]
ProviderOpt = Annotated[
    ProviderName | None,
    typer.Option(
        help="Default: openai when OPENAI_API_KEY or OPENAI_BASE_URL is set, else rules.",
        show_default=False,
    ),
]
ModelOpt = Annotated[
    str | None, typer.Option(help="Model name (env SUMMARIZER_MODEL).", show_default=False)
]
BaseUrlOpt = Annotated[
    str | None,
    typer.Option(help="OpenAI-compatible base URL (Ollama, vLLM, ...) (env OPENAI_BASE_URL)."),
]
DateOpt = Annotated[
    str | None,
    typer.Option("--date", help="Reference (publication) date, YYYY-MM-DD, to resolve weekdays."),
]
TimeoutOpt = Annotated[float, typer.Option(help="Seconds to wait for each model call.", min=0.1)]
RetriesOpt = Annotated[
    int, typer.Option(help="Re-asks after an invalid or ungrounded answer.", min=0, max=10)
]
MaxBytesOpt = Annotated[int, typer.Option(help="Refuse inputs larger than this.", min=1)]


def choose_provider(
    provider: ProviderName | None,
    model: str | None,
    base_url: str | None,
    timeout: float | None = None,
    max_retries: int | None = None,
    *,
    info: Callable[[str], None] = say,
) -> Provider:
    """The provider for a run, announced on stderr when it was not chosen explicitly.

    Raises ConfigError (exit 3) when the chosen provider cannot be configured.
    """
    settings = Settings.from_env(
        provider=str(provider) if provider else None,
        model=model,
        base_url=base_url,
        timeout=timeout,
        max_reasks=max_retries,
    )
    chosen = make_provider(settings)
    if provider is None:
        if chosen.name == "rules":
            info(
                "summarizer: no model configured (OPENAI_API_KEY / OPENAI_BASE_URL unset): "
                "using the offline rules provider"
            )
        else:
            info(f"summarizer: using provider {chosen.name}, model {chosen.model}")
    return chosen


def close_provider(provider: Provider) -> None:
    """Release the provider's HTTP connections, if it holds any."""
    close = getattr(provider, "close", None)
    if callable(close):
        close()

"""Options that several commands share, and choosing the provider a run uses.

Setting options default to None, meaning "the default in ``summarizer.config``", so every
default is written once; the help texts read them from there.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from summarizer.cli.exits import say
from summarizer.config import DEFAULTS, MAX_BYTES_LIMIT, Mode, Settings

if TYPE_CHECKING:
    from summarizer.providers import Provider


def finite(value: float | None) -> float | None:
    """An option callback: typer's range check lets "inf" and "nan" through, and neither is
    a usable number of seconds or of articles a minute."""
    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"{value} is not a finite number")
    return value


PathArg = Annotated[str, typer.Argument(help="Article file (text or HTML), or - for stdin.")]
ProviderOpt = Annotated[
    str | None,
    typer.Option(
        help="openai, rules or an installed plugin's name. Default: openai when "
        "OPENAI_API_KEY or OPENAI_BASE_URL is set, else rules.",
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
TimeoutOpt = Annotated[
    float | None,
    typer.Option(
        help=f"Seconds to wait for each model call (default {DEFAULTS.timeout:g}).",
        min=0.1,
        callback=finite,
        show_default=False,
    ),
]
RetriesOpt = Annotated[
    int | None,
    typer.Option(
        help=f"Re-asks after an invalid or ungrounded answer (default {DEFAULTS.max_reasks}).",
        min=0,
        max=10,
        show_default=False,
    ),
]
MaxBytesOpt = Annotated[
    int,
    typer.Option(help="Refuse inputs larger than this many bytes.", min=1, max=MAX_BYTES_LIMIT),
]
StrictGroundingOpt = Annotated[
    bool,
    typer.Option(
        "--strict-grounding",
        help="Fail an article when an item is still ungrounded after the re-asks, instead of "
        "dropping that item with a warning.",
    ),
]
ModeOpt = Annotated[
    Mode | None,
    typer.Option(
        help=f"How the model answers (default {DEFAULTS.mode.value}; env SUMMARIZER_MODE): "
        "tools, tools_strict and json_schema (OpenAI strict structured outputs), json, or "
        "md_json for servers without tool calls.",
        show_default=False,
    ),
]


def choose_provider(
    provider: str | None,
    model: str | None,
    base_url: str | None,
    timeout: float | None = None,
    max_retries: int | None = None,
    *,
    mode: Mode | None = None,
    info: Callable[[str], None] = say,
) -> Provider:
    """The provider for a run, announced on stderr when it was not chosen explicitly.

    An unknown provider name is a usage error (exit 2); a provider that cannot be
    configured raises ConfigError (exit 3).
    """
    from summarizer.providers import make_provider, provider_names

    if provider is not None and provider not in provider_names():
        raise typer.BadParameter(
            f"{provider!r} is not an installed provider; choose one of "
            + ", ".join(provider_names()),
            param_hint="'--provider'",
        )
    settings = Settings.from_env(
        provider=provider,
        model=model,
        base_url=base_url,
        timeout=timeout,
        max_reasks=max_retries,
        mode=mode,
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

"""The ``summarizer`` command: a thin shell over the library.

One module per command (``summarize``, ``clean``, ``batch``, ``eval``, ``view``,
``schema``), each registering itself here; ``options`` holds the options they share,
``exits`` the exit codes and error lines, ``rendering`` and ``progress`` what people see
on a terminal.
Command modules import the library lazily, inside the command, so ``summarizer --help``
loads none of it.
"""

from __future__ import annotations

from typing import Annotated

import typer

from summarizer._version import __version__
from summarizer.cli import batch, clean, evaluate, schema, summarize, view

app = typer.Typer(
    name="summarizer",
    help="Turn news articles into validated, evidence-linked structured records.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"summarizer {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            help="Print the version and exit.",
            callback=_show_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Turn news articles into validated, evidence-linked structured records."""


for module in (summarize, clean, batch, evaluate, view, schema):
    module.register(app)


def main() -> None:
    app()


__all__ = ["app", "main"]

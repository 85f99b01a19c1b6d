"""The ``summarizer`` command: a thin shell over the library.

Each command lives in ``summarizer/commands/<name>.py`` and registers itself here.
Exit codes: 0 ok; 1 extraction failed; 2 bad input or usage; 3 provider configuration
or authentication.
"""

from __future__ import annotations

import typer

from .commands import batch, clean, evaluate, schema, summarize

app = typer.Typer(
    name="summarizer",
    help="Turn news articles into validated, evidence-linked structured records.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for module in (summarize, clean, batch, evaluate, schema):
    module.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()

"""`summarizer batch INPUT... -o OUT.jsonl`: many articles to JSON Lines, resumable."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from summarizer.cli.exits import EXIT_FAILED, EXIT_OK, fail, parse_date, say, terminal_safe
from summarizer.cli.options import (
    BaseUrlOpt,
    DateOpt,
    MaxBytesOpt,
    ModelOpt,
    ModeOpt,
    ProviderOpt,
    RetriesOpt,
    StrictGroundingOpt,
    TimeoutOpt,
    choose_provider,
    finite,
)
from summarizer.cli.view import HtmlOpt
from summarizer.config import DEFAULT_CONCURRENCY, DEFAULT_MAX_BYTES
from summarizer.errors import InputError, SummarizerError

InputsArg = Annotated[
    list[str],
    typer.Argument(
        help="Article files, directories (searched for .txt, .html, .htm, .md), glob patterns, "
        'or .jsonl manifests of {"id", "text" | "html" | "path"} items (paths relative to '
        "the manifest).",
        show_default=False,
    ),
]
OutputOpt = Annotated[
    Path,
    typer.Option(
        "--output",
        "-o",
        help="The JSON Lines file to append records to. Run the same command again to resume: "
        "inputs already done are skipped, failed ones retried.",
        show_default=False,
        dir_okay=False,
    ),
]
ConcurrencyOpt = Annotated[int, typer.Option(help="Model calls in flight at once.", min=1, max=256)]
RpmOpt = Annotated[
    float | None,
    typer.Option(
        "--rpm",
        help="Start at most this many articles a minute (client-side limit).",
        min=0.1,
        callback=finite,
    ),
]
AllowOutsideOpt = Annotated[
    bool,
    typer.Option(
        "--allow-outside",
        help="Read files that a symlink in a folder, a glob match or a manifest path leads to "
        "outside that folder (refused by default: a folder or manifest from someone else "
        "could point at any file on this machine).",
    ),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar and no summary on stderr.")
]


def batch_command(
    inputs: InputsArg,
    output: OutputOpt,
    concurrency: ConcurrencyOpt = DEFAULT_CONCURRENCY,
    rpm: RpmOpt = None,
    provider: ProviderOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    timeout: TimeoutOpt = None,
    mode: ModeOpt = None,
    date: DateOpt = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    max_retries: RetriesOpt = None,
    quiet: QuietOpt = False,
    strict_grounding: StrictGroundingOpt = False,
    html: HtmlOpt = None,
    allow_outside: AllowOutsideOpt = False,
) -> None:
    """Summarize many articles into a JSON Lines file, one SummaryRecord a line.

    Exit 0 when every input succeeded, 1 when any failed (its error record is in the
    file), 2 for a usage error, 3 for a provider configuration problem; 130/143 when
    interrupted (every finished record is kept).
    """
    from summarizer.batch import BatchRunner, JsonlWriter, OutputIndex, discover_inputs, run_batch
    from summarizer.cli.progress import BatchProgress
    from summarizer.pipeline import Pipeline

    reference_date = parse_date(date)
    info: Callable[[str], None] = _silent if quiet else say
    try:
        items = discover_inputs(
            inputs, warn=lambda m: say(f"summarizer: warning: {m}"), allow_outside=allow_outside
        )
        if not items:
            raise InputError("no inputs: nothing to summarize in " + " ".join(inputs))
        if any(_same_file(item.manifest or item.path, output) for item in items):
            raise InputError("the output file is also an input", source=str(output))
        chosen = choose_provider(
            provider, model, base_url, timeout, max_retries, mode=mode, info=info
        )
        with JsonlWriter(output) as writer:
            index = OutputIndex.load(output)
            if index.ignored_lines:
                lines = ", ".join(map(str, index.ignored_lines))
                say(f"summarizer: warning: {output}: ignoring unfinished line(s) {lines}")
            cut = writer.cut_torn_tail()
            if cut:
                say(
                    f"summarizer: warning: {output}: cut off its unfinished last line "
                    f"({cut:,} bytes), left by an interrupted run"
                )
            if index.records:
                info(f"summarizer: resuming {output}: {index.records} records already there")
            progress = BatchProgress(len(items), enabled=not quiet and sys.stderr.isatty())
            runner = BatchRunner(
                Pipeline(chosen, max_bytes=max_bytes, strict_grounding=strict_grounding),
                items,
                writer,
                index=index,
                reference_date=reference_date,
                concurrency=concurrency,
                rpm=rpm,
                on_update=progress.update,
            )
            with progress:
                stats = run_batch(runner)
    except SummarizerError as exc:
        fail(exc)
    if stats.interrupted is not None:
        name = signal.Signals(stats.interrupted).name
        print(
            terminal_safe(
                f"summarizer: interrupted by {name}: {stats.written} records written to "
                f"{output}; run the same command again to resume"
            ),
            file=sys.stderr,
        )
        raise typer.Exit(128 + stats.interrupted)
    info(f"summarizer: {stats.summary_line()} -> {output}")
    if html is not None:
        from summarizer.cli.view import write_records_review

        # From the output file, not from memory: a batch keeps no texts while it runs.
        write_records_review(output, html)
    raise typer.Exit(EXIT_FAILED if stats.failed else EXIT_OK)


def _silent(_message: str) -> None:
    pass


def _same_file(path: Path | None, output: Path) -> bool:
    return path is not None and path.resolve() == output.resolve()


def register(app: typer.Typer) -> None:
    """Add `batch` to the app."""
    app.command("batch")(batch_command)


__all__ = ["batch_command", "register"]

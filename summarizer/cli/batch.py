"""`summarizer batch INPUT... -o OUT.jsonl`: many articles to JSON Lines, resumable."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from summarizer.cli.exits import EXIT_FAILED, EXIT_OK, fail, parse_date, say, terminal_safe
from summarizer.cli.options import (
    BaseUrlOpt,
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
from summarizer.config import (
    BATCH_COMPLETION_WINDOW,
    BATCH_MAX_BYTES,
    BATCH_MAX_REQUESTS,
    BATCH_POLL_SECONDS,
    DEFAULT_CONCURRENCY,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_CONSECUTIVE_FAILURES,
    default_workers,
)
from summarizer.errors import InputError, SummarizerError

if TYPE_CHECKING:
    import datetime as dt

    from summarizer.batch import BatchStats, JsonlWriter, OutputIndex
    from summarizer.batch.inputs import BatchItem
    from summarizer.batch.remote import RemoteOptions
    from summarizer.pipeline import Pipeline


class Via(StrEnum):
    """Where the model calls run."""

    direct = "direct"  # from this process, --concurrency at a time
    batch_api = "batch-api"  # on the provider's side, through the OpenAI Batch API


class ReaskVia(StrEnum):
    direct = "direct"
    batch = "batch"


_API = "Batch API (--via batch-api)"

InputsArg = Annotated[
    list[str],
    typer.Argument(
        help="Article files, directories (searched for .txt, .html, .htm, .md), glob patterns, "
        'or .jsonl manifests of {"id", "text" | "html" | "path", "date"} items (paths '
        'relative to the manifest; "date", YYYY-MM-DD, optional).',
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
WorkersOpt = Annotated[
    int | None,
    typer.Option(
        help="Processes for a CPU-bound provider (rules): cleaning and extraction spread "
        "over them. Default: the number of cores. Model providers use --concurrency.",
        min=1,
        max=256,
        show_default=False,
    ),
]
MaxFailuresOpt = Annotated[
    int,
    typer.Option(
        "--max-consecutive-failures",
        help="Stop the batch after this many articles in a row could not reach the provider.",
        min=1,
    ),
]
ViaOpt = Annotated[
    Via,
    typer.Option(
        help="direct: call the model from here. batch-api: send the calls to the provider's "
        "Batch API (about half the price, its own rate limits, answers within the completion "
        "window); run the same command again to resume.",
        rich_help_panel=_API,
    ),
]
ReaskViaOpt = Annotated[
    ReaskVia,
    typer.Option(
        help="How answers that fail validation or grounding, and requests that errored or "
        "expired, are asked again: direct (at once, within --max-retries) or batch (as a "
        "further batch).",
        rich_help_panel=_API,
    ),
]
CancelOpt = Annotated[
    bool,
    typer.Option(
        "--cancel",
        help="Cancel the batches this output is waiting for (what they finished is collected "
        "by the next run).",
        rich_help_panel=_API,
    ),
]
MaxRequestsOpt = Annotated[
    int,
    typer.Option(
        "--batch-max-requests", help="Requests per batch file.", min=1, rich_help_panel=_API
    ),
]
MaxFileBytesOpt = Annotated[
    int,
    typer.Option("--batch-max-bytes", help="Bytes per batch file.", min=1, rich_help_panel=_API),
]
WindowOpt = Annotated[
    str,
    typer.Option(help="The batches' completion window.", rich_help_panel=_API),
]
PollOpt = Annotated[
    float,
    typer.Option(
        "--poll-interval",
        help="Seconds before the first status check; the wait doubles up to a minute.",
        min=0.001,
        rich_help_panel=_API,
    ),
]
BatchDateOpt = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="Default reference date, YYYY-MM-DD, to resolve weekdays: for articles with no "
        'date of their own (a manifest item\'s "date") and no publication date.',
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
    date: BatchDateOpt = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    max_retries: RetriesOpt = None,
    workers: WorkersOpt = None,
    max_consecutive_failures: MaxFailuresOpt = DEFAULT_MAX_CONSECUTIVE_FAILURES,
    via: ViaOpt = Via.direct,
    reask_via: ReaskViaOpt = ReaskVia.direct,
    cancel: CancelOpt = False,
    batch_max_requests: MaxRequestsOpt = BATCH_MAX_REQUESTS,
    batch_max_bytes: MaxFileBytesOpt = BATCH_MAX_BYTES,
    completion_window: WindowOpt = BATCH_COMPLETION_WINDOW,
    poll_interval: PollOpt = BATCH_POLL_SECONDS,
    quiet: QuietOpt = False,
    strict_grounding: StrictGroundingOpt = False,
    html: HtmlOpt = None,
    allow_outside: AllowOutsideOpt = False,
) -> None:
    """Summarize many articles into a JSON Lines file, one SummaryRecord a line.

    Exit 0 when every input succeeded, 1 when any failed (its error record is in the
    file), 2 for a usage error, 3 for a provider configuration problem; 130/143 when
    interrupted (every finished record is kept).

    Each input's reference date is its manifest item's "date", else the article's own
    publication date, else --date.
    """
    from summarizer.batch import BatchRunner, JsonlWriter, OutputIndex, discover_inputs, run_batch
    from summarizer.cli.progress import BatchProgress
    from summarizer.pipeline import Pipeline

    reference_date = parse_date(date)
    info: Callable[[str], None] = _silent if quiet else say
    if (cancel or reask_via is not ReaskVia.direct) and via is not Via.batch_api:
        raise typer.BadParameter(
            "only applies with --via batch-api",
            param_hint="'--cancel'" if cancel else "'--reask-via'",
        )
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
        if via is Via.batch_api and chosen.name != "openai":
            raise typer.BadParameter(
                f"the Batch API needs the openai provider, not {chosen.name}",
                param_hint="'--via'",
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
            if via is Via.batch_api:
                from summarizer.batch.remote import RemoteOptions

                options = RemoteOptions(
                    max_requests=batch_max_requests,
                    max_bytes=batch_max_bytes,
                    completion_window=completion_window,
                    poll_seconds=poll_interval,
                    reask=reask_via.value,
                    concurrency=concurrency,
                    max_consecutive_failures=max_consecutive_failures,
                )
                pipeline = Pipeline(chosen, max_bytes=max_bytes, strict_grounding=strict_grounding)
                args = (pipeline, items, writer, index, reference_date, options)
                _batch_api(*args, cancel=cancel, quiet=quiet, info=info, html=html)
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
                max_consecutive_failures=max_consecutive_failures,
                workers=workers or default_workers(),
            )
            with progress:
                stats = run_batch(runner)
    except SummarizerError as exc:
        fail(exc)
    if stats.interrupted is not None:
        _interrupted(stats, output)
    info(f"summarizer: {stats.summary_line()} -> {output}")
    _review(output, html)
    raise typer.Exit(EXIT_FAILED if stats.failed else EXIT_OK)


def _review(output: Path, html: Path | None) -> None:
    if html is not None:
        from summarizer.cli.view import write_records_review

        # From the output file, not from memory: a batch keeps no texts while it runs.
        write_records_review(output, html)


def _batch_api(
    pipeline: Pipeline,
    items: list[BatchItem],
    writer: JsonlWriter,
    index: OutputIndex,
    reference_date: dt.date | None,
    options: RemoteOptions,
    *,
    cancel: bool,
    quiet: bool,
    info: Callable[[str], None],
    html: Path | None,
) -> NoReturn:
    """Run (or cancel) the batch through the Batch API, then exit with its code."""
    from summarizer.batch.remote import RemoteBatch, RemoteStats, run_remote
    from summarizer.cli.progress import RemoteProgress

    output = writer.path
    progress = RemoteProgress(len(items), enabled=not quiet and sys.stderr.isatty())
    remote = RemoteBatch(
        pipeline,
        items,
        writer,
        index=index,
        reference_date=reference_date,
        options=options,
        on_event=lambda m: progress.note(f"summarizer: {m}", say if "warning" in m else info),
        on_status=progress.status,
        on_update=progress.update,
    )
    with progress:
        outcome = run_remote(remote, cancel=cancel)
    if not isinstance(outcome, RemoteStats):  # cancelled
        for part in outcome:
            info(
                f"summarizer: cancelled batch {part.batch_id} ({part.status}; {part.completed} "
                f"of {part.total} requests done)"
            )
        info("summarizer: run the same command again to collect what the batches finished")
        raise typer.Exit(EXIT_OK)
    stats = outcome.records
    if stats.interrupted is not None:
        _interrupted(stats, output, "the batches go on at the provider; ")
    for failure in outcome.failed_batches:
        say(f"summarizer: error: batch {failure}")
    info(f"summarizer: {outcome.summary_line()} -> {output}")
    if stats.pending:
        info(
            f"summarizer: {stats.pending} input(s) not answered (their batch was cancelled): "
            "run the same command again to send them"
        )
    _review(output, html)
    failed = stats.failed or stats.pending or outcome.failed_batches
    raise typer.Exit(EXIT_FAILED if failed else EXIT_OK)


def _interrupted(stats: BatchStats, output: Path, note: str = "") -> NoReturn:
    assert stats.interrupted is not None
    name = signal.Signals(stats.interrupted).name
    print(
        terminal_safe(
            f"summarizer: interrupted by {name}: {stats.written} records written to "
            f"{output}; {note}run the same command again to resume"
        ),
        file=sys.stderr,
    )
    raise typer.Exit(128 + stats.interrupted)


def _silent(_message: str) -> None:
    pass


def _same_file(path: Path | None, output: Path) -> bool:
    return path is not None and path.resolve() == output.resolve()


def register(app: typer.Typer) -> None:
    """Add `batch` to the app."""
    app.command("batch")(batch_command)


__all__ = ["batch_command", "register"]

"""Batch mode: many articles to append-only JSON Lines, concurrently and resumably.

- ``inputs``: files, directories, globs and manifests turned into ``BatchItem``s;
- ``output``: what an earlier run wrote (``OutputIndex``) and the one ``JsonlWriter``;
- ``runner``: the scheduler (``BatchRunner``) around ``Pipeline``, with pacing and signals;
- ``pool``: worker processes for a CPU-bound provider (``--workers``);
- ``remote`` and ``state``: the same through the OpenAI Batch API (``--via batch-api``),
  and the state file that makes it resumable.
"""

from summarizer.batch.inputs import ARTICLE_SUFFIXES, BatchItem, discover_inputs, read_manifest
from summarizer.batch.output import JsonlWriter, OutputIndex, Span
from summarizer.batch.runner import (
    DEFAULT_CONCURRENCY,
    BatchRunner,
    BatchStats,
    RateLimiter,
    run_batch,
)

__all__ = [
    "ARTICLE_SUFFIXES",
    "DEFAULT_CONCURRENCY",
    "BatchItem",
    "BatchRunner",
    "BatchStats",
    "JsonlWriter",
    "OutputIndex",
    "RateLimiter",
    "Span",
    "discover_inputs",
    "read_manifest",
    "run_batch",
]

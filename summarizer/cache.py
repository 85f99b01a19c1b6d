"""Model answers cached on disk, so re-running an eval or a batch makes no model calls.

Keys are answer keys (``Provenance.identity``): the cleaned-text hash, provider, model, prompt
version, schema version, reference date and parameters, so any change that could change
an answer misses the cache. One JSON file per answer under ``<dir>/<key[:2]>/<key>.json``,
written atomically (temp file + rename): concurrent runs and crashes never leave a torn
entry, and an unreadable entry is treated as a miss rather than an error.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from pydantic import ValidationError

from summarizer.providers.base import Extraction
from summarizer.records import Usage
from summarizer.schema import ArticleSummary

DEFAULT_CACHE_DIR = ".summarizer-cache"
CACHE_DIR_ENV = "SUMMARIZER_CACHE_DIR"
CACHE_FORMAT = 1


def default_cache_dir() -> Path:
    """``$SUMMARIZER_CACHE_DIR``, else ``.summarizer-cache`` in the working directory."""
    return Path(os.environ.get(CACHE_DIR_ENV) or DEFAULT_CACHE_DIR)


class DiskCache:
    """An ExtractionCache in a directory (created on the first write)."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        if not key.isalnum():
            raise ValueError(f"cache key {key!r} is not a hash")
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> Extraction | None:
        """The cached answer for ``key``, or None."""
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            if data.get("format") != CACHE_FORMAT or data.get("key") != key:
                raise ValueError("stale entry")
            extraction = Extraction(
                summary=ArticleSummary.model_validate(data["summary"]),
                usage=Usage.model_validate(data.get("usage", {})),
                warnings=[str(w) for w in data.get("warnings", [])],
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError, ValidationError):
            # Missing, torn by an older writer, or from another schema: ask the model again.
            self.misses += 1
            return None
        self.hits += 1
        return extraction

    def put(self, key: str, extraction: Extraction) -> None:
        """Store the answer for ``key`` atomically."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        entry = {
            "format": CACHE_FORMAT,
            "key": key,
            "summary": extraction.summary.model_dump(mode="json"),
            "usage": extraction.usage.model_dump(mode="json"),
            "warnings": list(extraction.warnings),
        }
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{key[:8]}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(entry, f, ensure_ascii=False)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


__all__ = ["CACHE_DIR_ENV", "DEFAULT_CACHE_DIR", "DiskCache", "default_cache_dir"]

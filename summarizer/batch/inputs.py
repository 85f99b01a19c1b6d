"""Batch inputs: files, directories, globs and JSON Lines manifests, as ``BatchItem``s.

A bad manifest is a usage error naming the file and line, raised before any work starts.
Manifest items that carry their text are not held in memory: an item remembers where
its line is and reads it back when its turn comes.

Paths are confined, since a folder or a manifest may come from someone else: a file found
in a folder (or through a glob pattern) must resolve inside that folder (the pattern's fixed
part), so a symlink cannot lead out of it to /etc/shadow; a manifest's path must resolve
inside the manifest's folder. An item that leaves is refused when its turn comes
(``item_path``: an error record, the batch goes on), unless ``allow_outside`` lifts the
confinement. A file named on the command line is read wherever it is.
"""

from __future__ import annotations

import datetime as dt
import glob
import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from summarizer.cleaning.ingest import open_regular
from summarizer.errors import InputError

ARTICLE_SUFFIXES = frozenset({".txt", ".html", ".htm", ".md"})
MANIFEST_SUFFIX = ".jsonl"
_ITEM_FIELDS = ("text", "html", "path")
_GLOB_CHARS = frozenset("*?[")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class BatchItem:
    """One article to summarize: a file to read, or a manifest line holding its text."""

    source: str  # the record's ``source``: the path as found, or the manifest item's id
    path: Path | None = None
    manifest: Path | None = None  # text/html items are read back from here when their turn
    offset: int = 0  # comes, so a large manifest is never held in memory
    length: int = 0
    line: int = 0
    root: Path | None = None  # the folder ``path`` must resolve inside; None: not confined
    reference_date: dt.date | None = None  # a manifest item's "date"; else the article's own


def discover_inputs(
    args: Sequence[str],
    *,
    warn: Callable[[str], None] | None = None,
    allow_outside: bool = False,
) -> list[BatchItem]:
    """Expand command-line inputs into batch items, in the order given.

    A directory is walked recursively for .txt, .html, .htm and .md files (hidden names
    skipped, and Markdown notes in eval fixture folders); a pattern the shell did not
    expand is globbed here; a ``.jsonl`` file is a manifest. A path that does not exist
    stays an item, so it becomes an error record, as does a file that leads outside the
    folder it was found in (unless ``allow_outside``).
    Raises InputError (a usage error) for a manifest that cannot be read or parsed.
    """
    items: list[BatchItem] = []
    seen: set[str] = set()

    def add_file(path: Path, source: str | None = None, root: Path | None = None) -> None:
        root = None if allow_outside else root
        real = os.path.realpath(path)
        if _outside(real, root):
            # Refused when its turn comes; not "seen", so the file named itself still counts.
            items.append(BatchItem(source=source or str(path), path=path, root=root))
            return
        if real in seen:  # the same file through a directory and a glob, say
            return
        seen.add(real)
        if path.suffix.lower() == MANIFEST_SUFFIX:
            items.extend(read_manifest(path, allow_outside=allow_outside))
        else:
            items.append(BatchItem(source=source or str(path), path=path, root=root))

    for arg in args:
        path = Path(arg)
        if path.is_dir():
            found = _walk(path)
            if not found and warn:
                warn(f"{arg}: no .txt, .html, .htm or .md files in this directory")
            for file in found:
                add_file(file, root=path)
        elif not path.exists() and _GLOB_CHARS & set(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches and warn:
                warn(f"{arg}: no files match this pattern")
            base = _fixed_part(arg)
            for match in matches:
                found_path = Path(match)
                for file in _walk(found_path) if found_path.is_dir() else [found_path]:
                    add_file(file, root=base)
        else:
            add_file(path, arg)
    return items


def _fixed_part(pattern: str) -> Path:
    """The folder a glob pattern searches: its leading components without wildcards."""
    fixed: list[str] = []
    for part in Path(pattern).parts[:-1]:
        if _GLOB_CHARS & set(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def _outside(real: str, root: Path | None) -> bool:
    return root is not None and not Path(real).is_relative_to(os.path.realpath(root))


def item_path(item: BatchItem) -> Path:
    """The file to read for a path item, resolved; InputError if it leads outside its folder.

    The resolved path is what gets opened, so a link changed after this check is not
    followed out of the folder.
    """
    assert item.path is not None
    if item.root is None:
        return item.path
    real = os.path.realpath(item.path)
    if _outside(real, item.root):
        raise InputError(
            f"leads outside {item.root} (to {real}); pass --allow-outside to read it",
            source=item.source,
        )
    return Path(real)


def _walk(root: Path) -> list[Path]:
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        # Eval fixtures (folders with a gold.json, and the folder holding them) keep their
        # notes in Markdown: a README there documents the articles and is not one of them.
        fixtures = "gold.json" in filenames or any(
            os.path.isfile(os.path.join(dirpath, d, "gold.json")) for d in dirnames
        )
        for name in sorted(filenames):
            suffix = Path(name).suffix.lower()
            notes = fixtures and suffix == ".md"
            if not name.startswith(".") and suffix in ARTICLE_SUFFIXES and not notes:
                files.append(Path(dirpath, name))
    return files


def read_manifest(path: Path, *, allow_outside: bool = False) -> list[BatchItem]:
    """Parse a JSONL manifest of ``{"id", "text" | "html" | "path", "date"}`` items.

    ``path`` items are relative to the manifest's folder, and confined to it unless
    ``allow_outside``. An item without ``id`` is named by its path, or ``MANIFEST:LINE``.
    Any bad line is an InputError naming the line.
    """
    items = []
    root = None if allow_outside else path.parent
    with open_regular(path, source=str(path)) as handle:
        offset = 0
        for number, line in enumerate(handle, 1):
            start, offset = offset, offset + len(line)
            if not line.strip():
                continue
            item = _manifest_item(line, path, number)
            date = _item_date(line, path, number)
            if isinstance(item, Path):
                source = _item_id(line) or str(item)
                items.append(BatchItem(source=source, path=item, root=root, reference_date=date))
            else:
                items.append(
                    BatchItem(
                        source=item,
                        manifest=path,
                        offset=start,
                        length=len(line),
                        line=number,
                        reference_date=date,
                    )
                )
    return items


def _manifest_item(line: bytes, manifest: Path, number: int) -> Path | str:
    """A path item's file, or a text/html item's source name."""

    def bad(reason: str) -> InputError:
        return InputError(f"line {number}: {reason}", source=str(manifest))

    try:
        obj = json.loads(line)
    except ValueError as exc:
        raise bad(f"not valid JSON ({exc})") from None
    except RecursionError:
        raise bad("nested too deeply to be an item") from None
    if not isinstance(obj, dict):
        raise bad('an item must be a JSON object like {"id": ..., "text": ...}')
    given = [key for key in _ITEM_FIELDS if obj.get(key) is not None]
    if len(given) != 1:
        raise bad('an item needs exactly one of "text", "html" or "path"')
    value = obj[given[0]]
    if not isinstance(value, str):
        raise bad(f'"{given[0]}" must be a string')
    ident = obj.get("id")
    if ident is not None and (not isinstance(ident, str | int) or isinstance(ident, bool)):
        raise bad('"id" must be a string or an integer')
    if given[0] == "path":
        return manifest.parent / value
    return str(ident) if ident is not None else f"{manifest}:{number}"


def _item_date(line: bytes, manifest: Path, number: int) -> dt.date | None:
    """An item's ``date`` (YYYY-MM-DD), its reference date; a bad one is an InputError."""
    if b'"date"' not in line:  # most lines: no second parse
        return None
    value = json.loads(line).get("date")
    if value is None:
        return None
    try:
        if isinstance(value, str) and _ISO_DATE.fullmatch(value):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise InputError(
        f'line {number}: "date" must be a date in the form YYYY-MM-DD, not {json.dumps(value)}',
        source=str(manifest),
    )


def _item_id(line: bytes) -> str | None:
    ident = json.loads(line).get("id")
    return None if ident is None else str(ident)


def manifest_text(item: BatchItem) -> bytes:
    """Read a text/html item back from its manifest line (validated at discovery)."""
    assert item.manifest is not None
    try:
        with open_regular(item.manifest, source=item.source) as handle:
            handle.seek(item.offset)
            obj = json.loads(handle.read(item.length))
        text = obj.get("text") if obj.get("text") is not None else obj["html"]
    except (InputError, OSError, ValueError, KeyError, AttributeError, RecursionError):
        raise InputError(
            f"{item.manifest} line {item.line} changed during the batch", source=item.source
        ) from None
    return str(text).encode("utf-8")


__all__ = [
    "ARTICLE_SUFFIXES",
    "BatchItem",
    "discover_inputs",
    "item_path",
    "manifest_text",
    "read_manifest",
]

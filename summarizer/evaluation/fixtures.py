"""Load eval fixtures: ``<dir>/<slug>/{article.txt|article.html, gold.json, meta.json}``.

A fixture that cannot be trusted stops the eval before anything is scored: a score
computed against a half-read gold file is worse than no score. Every problem is a
FixtureError (exit 2) naming the file.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from summarizer.errors import InputError
from summarizer.schema import ArticleSummary, Attribution, Casualty, Event

LIST_FIELDS = ("events", "casualties", "attributions")
ITEM_MODELS: dict[str, type[Event | Casualty | Attribution]] = {
    "events": Event,
    "casualties": Casualty,
    "attributions": Attribution,
}
ARTICLE_NAMES = ("article.txt", "article.html")
# SCHEMA.md allows these two keys on gold list items, for the eval alone.
GOLD_ONLY_KEYS = frozenset({"optional", "note"})


class FixtureError(InputError):
    """A fixture folder or file is missing or malformed (exit 2)."""


@dataclass(frozen=True)
class Gold:
    """A gold ArticleSummary plus, per list field, which items are optional."""

    summary: ArticleSummary
    optional: dict[str, list[bool]] = field(default_factory=dict)

    def optional_flags(self, name: str) -> list[bool]:
        """One flag per item of list field ``name``."""
        items = getattr(self.summary, name)
        flags = self.optional.get(name, [])
        return flags if len(flags) == len(items) else [False] * len(items)


@dataclass(frozen=True)
class Fixture:
    """One hand-labelled article."""

    slug: str
    directory: Path
    article: Path
    gold: Gold
    reference_date: dt.date | None
    meta: dict[str, Any] = field(default_factory=dict)


def load_fixtures(directory: str | Path) -> list[Fixture]:
    """Every fixture under ``directory``, sorted by slug; FixtureError on any problem."""
    root = Path(directory)
    if not root.is_dir():
        raise FixtureError(f"{root}: fixtures directory not found")
    folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    if not folders:
        raise FixtureError(f"{root}: no fixture folders in it")
    return [load_fixture(folder) for folder in folders]


def load_fixture(folder: Path) -> Fixture:
    """One fixture folder; FixtureError naming the file at fault."""
    articles = [folder / name for name in ARTICLE_NAMES if (folder / name).is_file()]
    if len(articles) != 1:
        found = "both" if articles else "neither"
        raise FixtureError(f"{folder}: needs exactly one of article.txt or article.html ({found})")
    meta_path = folder / "meta.json"
    meta = _read_json(meta_path)
    if not isinstance(meta, dict):
        raise FixtureError(f"{meta_path}: must be a JSON object")
    return Fixture(
        slug=folder.name,
        directory=folder,
        article=articles[0],
        gold=load_gold(folder / "gold.json"),
        reference_date=_reference_date(meta, meta_path),
        meta=meta,
    )


def load_gold(path: Path) -> Gold:
    """Parse a gold.json: an ArticleSummary whose list items may carry optional/note."""
    data = _read_json(path)
    if not isinstance(data, dict):
        raise FixtureError(f"{path}: must be a JSON object (an ArticleSummary)")
    _check_keys(data, set(ArticleSummary.model_fields), path, "top level")
    optional: dict[str, list[bool]] = {}
    for name in LIST_FIELDS:
        items = data.get(name, [])
        if not isinstance(items, list):
            raise FixtureError(f"{path}: {name} must be a list")
        item_model = ITEM_MODELS[name]
        flags = []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise FixtureError(f"{path}: {name}[{i}] must be an object")
            _check_keys(item, set(item_model.model_fields) | GOLD_ONLY_KEYS, path, f"{name}[{i}]")
            flag = item.get("optional", False)
            if not isinstance(flag, bool):
                raise FixtureError(f"{path}: {name}[{i}].optional must be true or false")
            flags.append(flag)
        optional[name] = flags
    try:
        summary = ArticleSummary.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "top level"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise FixtureError(f"{path}: {where}: {first['msg']}{more}") from None
    return Gold(summary=summary, optional=optional)


def _check_keys(data: dict[str, Any], allowed: set[str], path: Path, where: str) -> None:
    # A typo such as "optinal" would silently turn an optional item into a required one.
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise FixtureError(f"{path}: {where}: unknown key(s) {', '.join(map(repr, unknown))}")


def _read_json(path: Path) -> Any:
    if not path.is_file():
        raise FixtureError(f"{path}: missing")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise FixtureError(f"{path}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise FixtureError(
            f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:  # json's decoder recurses once per level of nesting
        raise FixtureError(f"{path}: nested too deeply to be a fixture file") from None


def _reference_date(meta: dict[str, Any], path: Path) -> dt.date | None:
    value = meta.get("reference_date")
    if value is None:
        return None
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise FixtureError(f"{path}: reference_date {value!r} is not YYYY-MM-DD or null") from None


__all__ = ["Fixture", "FixtureError", "Gold", "load_fixture", "load_fixtures", "load_gold"]

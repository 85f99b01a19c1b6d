"""What every page here is made of: the packaged HTML shell, inline assets, one JSON blob.

Everything from a record or an article is untrusted. It reaches a page only inside the
JSON blob (escaped so it cannot close its ``<script>`` element) and the page scripts put
it into the DOM as text, never as markup. The Content-Security-Policy allows exactly the
page's own inline styles and scripts, by hash, and nothing else, so even an injection
that slipped through could neither run nor reach the network.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

DATA_ELEMENT_ID = "review-data"

# Inside <script>, "</script" or "<!--" would end or confuse the element, and U+2028/2029 are
# line breaks to older JS parsers; as \u escapes they are the same JSON string. (ensure_ascii
# already escapes the last two; str.replace is some thirty times faster than str.translate.)
_JSON_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))


@dataclass(frozen=True)
class Shell:
    """What one kind of page puts into the shared shell (all constants of this package)."""

    styles: tuple[str, ...]  # packaged CSS files, in order
    scripts: tuple[str, ...]  # packaged JS files, in order (shared.js first)
    filters: tuple[tuple[str, str], ...]  # (value, label) of each filter; the first is "all"
    search: str  # what the search box looks in, e.g. "title, source and summary"
    entries: str  # what the list holds, e.g. "articles"


def embed_json(value: Any) -> str:
    """``value`` as JSON that stays inert inside ``<script type="application/json">``."""
    # ensure_ascii keeps lone surrogates (possible in a parsed JSONL line) writable as UTF-8;
    # allow_nan=False because JSON.parse rejects NaN and the whole page would go blank.
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    for char, escape in _JSON_ESCAPES:
        text = text.replace(char, escape)
    return text


def render_page(shell: Shell, data: Any, *, title: str) -> str:
    """One self-contained HTML document: the shell, its assets and ``data`` as the blob."""
    styles = [_asset(name) for name in shell.styles]
    scripts = [_asset(name) for name in shell.scripts]
    policy = "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(f"'{_sha256(js)}'" for js in scripts),
            "style-src " + " ".join(f"'{_sha256(css)}'" for css in styles),
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    # The CSS and JS go in verbatim, so that the hashes above match what the browser hashes.
    return Template(_asset("page.html")).substitute(
        policy=policy,  # made of constants and base64 only: nothing to escape
        title=html.escape(title),
        styles="\n".join(f"<style>{css}</style>" for css in styles),
        filters=_filters(shell.filters),
        search=html.escape(shell.search),
        entries=html.escape(shell.entries),
        data_id=DATA_ELEMENT_ID,
        blob=embed_json(data),
        scripts="\n".join(f"<script>{js}</script>" for js in scripts),
    )


def write_page(path: str | os.PathLike[str], page: str) -> None:
    """Write a page to ``path`` atomically: readers see the old file or the new one."""
    target = Path(path)
    # In the target's folder, so the rename stays on one file system. Not mkstemp: its files
    # are private (0600), and a page is an ordinary document whose mode the umask decides.
    temp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        # Name the page, not the temporary file nobody asked for.
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(page)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def text_matches(record: Mapping[str, Any] | None, text: str | None) -> bool | None:
    """Whether ``text`` is the text ``record`` was made from (its id is the SHA-256 of it).

    None when that cannot be told: no text, or a record without an id. A mismatch means
    the spans point into some other text, and the pages warn that highlights may be off.
    """
    record_id = record.get("id") if record is not None else None
    if text is None or not isinstance(record_id, str) or not record_id:
        return None
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() == record_id


def _filters(filters: tuple[tuple[str, str], ...]) -> str:
    labels = []
    for number, (value, label) in enumerate(filters):
        checked = " checked" if number == 0 else ""
        value, label = html.escape(value), html.escape(label)
        labels.append(
            f'<label>\n<input type="radio" name="filter" value="{value}"{checked}> {label} '
            f'<span class="n" data-count="{value}"></span>\n</label>'
        )
    return "\n".join(labels)


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _sha256(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


__all__ = ["DATA_ELEMENT_ID", "Shell", "embed_json", "render_page", "text_matches", "write_page"]

"""The rules provider's time per MB as the input grows: is every stage linear?

Two shapes of input, each at three sizes (100 KB, 1 MB and 4 MB in the full run): **one
paragraph** (the fixtures' sentences with every paragraph break removed, repeated: the
shape that once made the sentence splitter quadratic) and **normal prose** (the fixtures'
articles as written, paragraphs and all, repeated). Each input is decoded and cleaned as
the pipeline does (``decode_article``, ``clean_article``), then ``RulesProvider.extract``
runs on it once, timed alone; the cleaning is timed too. The figure that matters is the
extraction's seconds per MB and its ratio, largest input over smallest: about 1 for linear
work, the size ratio (40) for quadratic work. The target is at most 2.
"""

from __future__ import annotations

import time
from typing import Any

from summarizer.cleaning import clean_article, decode_article, read_article
from summarizer.evaluation.fixtures import load_fixtures
from summarizer.providers.rules import RulesProvider

from ._corpus import FIXTURES
from ._util import table

MB = 1_000_000


def _texts() -> list[str]:
    return [clean_article(read_article(f.article)).text for f in load_fixtures(FIXTURES)]


def _build(shape: str, size: int, texts: list[str]) -> str:
    if shape == "one paragraph":
        unit = " ".join(" ".join(t.split()) for t in texts) + " "
    else:
        unit = "\n\n".join(texts) + "\n\n"
    body = unit * (size // len(unit) + 1)
    cut = body.rfind(" ", 0, size)  # end on a word boundary
    return body[: cut if cut > 0 else size]


def run(*, sizes: tuple[int, ...]) -> dict[str, Any]:
    texts = _texts()
    provider = RulesProvider()
    provider.extract(clean_article(read_article(load_fixtures(FIXTURES)[0].article)),
                     reference_date=None)  # fmt: skip
    rows: list[dict[str, Any]] = []
    for shape in ("one paragraph", "normal prose"):
        for size in sizes:
            text = _build(shape, size, texts)
            data = text.encode("utf-8")
            began = time.perf_counter()
            article = clean_article(decode_article(data, source="bench.txt", max_bytes=len(data)))
            cleaned = time.perf_counter() - began
            began = time.perf_counter()
            extraction = provider.extract(article, reference_date=None)
            extracted = time.perf_counter() - began
            summary = extraction.summary
            rows.append(
                {
                    "shape": shape,
                    "bytes": len(data),
                    "clean_s": cleaned,
                    "extract_s": extracted,
                    "extract_s_per_mb": extracted / (len(data) / MB),
                    "items": len(summary.events)
                    + len(summary.casualties)
                    + len(summary.attributions),
                }
            )
    ratios = {}
    for shape in ("one paragraph", "normal prose"):
        mine = [r for r in rows if r["shape"] == shape]
        ratios[shape] = mine[-1]["extract_s_per_mb"] / mine[0]["extract_s_per_mb"]
    return {"sizes": list(sizes), "rows": rows, "ratios": ratios}


def _size(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n / 1000:.0f} KB"


def report(result: dict[str, Any]) -> str:
    rows = [
        [
            r["shape"],
            _size(r["bytes"]),
            f"{r['clean_s']:.2f}",
            f"{r['extract_s']:.2f}",
            f"**{r['extract_s_per_mb']:.2f}**",
            str(r["items"]),
        ]
        for r in result["rows"]
    ]
    sizes = result["sizes"]
    ratio_text = "; ".join(f"{shape}: **{ratio:.2f}**" for shape, ratio in result["ratios"].items())
    return (
        table(
            ["input", "size", "clean s", "extract s", "extract s per MB", "items kept"],
            rows,
        )
        + f"\n\nRatio of s per MB, {_size(sizes[-1])} over {_size(sizes[0])} (linear: about 1; "
        f"target at most 2): {ratio_text}. Items kept are capped per record, so a large input "
        "costs reading, not output."
    )


__all__ = ["report", "run"]

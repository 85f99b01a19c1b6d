"""A faithful scripted model: it answers every request from gold answers, as a capable
model that copies every excerpt verbatim would.

``Faithful([(cleaned_text, gold_answer), ...])`` is a ``FakeLLM.default`` (or a script
entry) for tests and the benchmarks' server:

- a request whose article block is a whole article gets that article's gold answer;
- a request whose block is part of an article (a chunk) gets the gold items whose
  evidence lies in the block, casualty -> event links re-indexed (a link to an event
  outside the block becomes null, since the model never saw that event);
- the final summary request of a chunked article gets the gold summary;
- an answer longer than the request's output cap (``CHARS_PER_TOKEN`` characters a
  token, the rule the fake server's usage follows) comes back cut off, with
  ``finish_reason`` "length", so output budgets and chunking are exercised for real.

Paragraphs of a block that no article holds (a line added to a copy) are ignored when
finding the article.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from fakeserver import Answer, Request, completion

from summarizer.grounding import find_span
from summarizer.providers.openai.prompt import CLOSE_TAG, OPEN_TAG, fence_article

CHARS_PER_TOKEN = 4
SUMMARY_MODEL_NAME = "WholeSummary"


@dataclass
class Faithful:
    """Answers chat completion requests from ``documents``: (cleaned text, gold answer)."""

    documents: list[tuple[str, dict[str, Any]]]
    honour_cap: bool = True
    cut_off: int = field(default=0, init=False)  # answers sent cut off at the cap
    chunks: int = field(default=0, init=False)  # requests that carried part of an article

    def __post_init__(self) -> None:
        self._texts = [fence_article(text) for text, _ in self.documents]

    def __call__(self, request: Request) -> Answer:
        if SUMMARY_MODEL_NAME in json.dumps(request.body):
            return self._send(request, {"summary": self._summary_for(request)})
        block = _block(request.message("user"))
        index, whole = self._find(block)
        gold = self.documents[index][1]
        if whole:
            return self._send(request, gold)
        self.chunks += 1
        return self._send(request, _part(gold, block))

    def _find(self, block: str) -> tuple[int, bool]:
        for index, text in enumerate(self._texts):
            if block == text:
                return index, True
        paragraphs = [p for p in block.split("\n") if p.strip()]
        known = [
            sum(1 for p in paragraphs if p in text and len(p.strip()) > 20) for text in self._texts
        ]
        best = max(range(len(known)), key=known.__getitem__, default=-1)
        if best < 0 or known[best] == 0:
            raise LookupError("the request carries no known article")
        unknown = [p for p in paragraphs if p not in self._texts[best]]
        whole = "\n".join(p for p in block.split("\n") if p not in unknown).strip()
        return best, _squash(whole) == _squash(self._texts[best])

    def _summary_for(self, request: Request) -> str:
        user = request.message("user")
        for _, gold in self.documents:
            if gold["summary"] in user:
                return str(gold["summary"])
        return str(self.documents[0][1]["summary"])

    def _send(self, request: Request, payload: dict[str, Any]) -> Answer:
        text = json.dumps(payload)
        body = request.body if isinstance(request.body, dict) else {}
        cap = body.get("max_tokens") or body.get("max_completion_tokens")
        reason = None
        if self.honour_cap and cap and len(text) > cap * CHARS_PER_TOKEN:
            text, reason = text[: cap * CHARS_PER_TOKEN], "length"
            self.cut_off += 1
        if request.uses_tools:
            return Answer(body=completion(request, tool_arguments=text, finish_reason=reason))
        return Answer(body=completion(request, content=text, finish_reason=reason))


def _block(user: str) -> str:
    start = user.rindex(OPEN_TAG) + len(OPEN_TAG)
    return user[start : user.rindex(CLOSE_TAG)].strip()


def _squash(text: str) -> str:
    return " ".join(text.split())


def _part(gold: dict[str, Any], block: str) -> dict[str, Any]:
    """The gold items whose evidence lies in ``block``, links re-indexed."""
    answer = {k: v for k, v in gold.items() if k not in ("events", "casualties", "attributions")}
    kept = [i for i, e in enumerate(gold.get("events", [])) if find_span(e["evidence"], block)]
    index = {old: new for new, old in enumerate(kept)}
    answer["events"] = [gold["events"][i] for i in kept]
    answer["casualties"] = [
        {**c, "event": index.get(c.get("event"))}  # type: ignore[arg-type]
        for c in gold.get("casualties", [])
        if find_span(c["evidence"], block)
    ]
    answer["attributions"] = [
        a for a in gold.get("attributions", []) if find_span(a["evidence"], block)
    ]
    return answer


__all__ = ["CHARS_PER_TOKEN", "Faithful"]

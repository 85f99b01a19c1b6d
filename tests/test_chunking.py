"""Chunks of a long article (summarizer.chunking) and the output budget that asks for them."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from summarizer.chunking import OVERLAP_CHARS, Chunk, merge, split
from summarizer.config import Settings
from summarizer.errors import ConfigError
from summarizer.language.counts import figure_mentions, singles_out_one, speaker_mentions
from summarizer.providers.openai.budget import (
    MIN_CAP,
    chunk_chars,
    estimated_answer_tokens,
    output_cap,
)
from summarizer.schema import ArticleSummary


def _paragraphs(n: int, length: int = 200) -> str:
    body = []
    for i in range(n):
        sentence = f"Paragraph {i} says something. "
        body.append((sentence * (length // len(sentence) + 1))[:length].strip())
    return "\n\n".join(body)


def test_chunks_are_whole_paragraphs_within_the_size_with_a_small_overlap() -> None:
    text = _paragraphs(20)
    chunks = split(text, 1000)
    assert len(chunks) > 3
    assert chunks[0].start == 0 and chunks[-1].end == len(text)
    paragraphs = {p for p in text.split("\n\n")}
    for chunk in chunks:
        assert chunk.text == text[chunk.start : chunk.end]
        assert len(chunk.text) <= 1000
        assert set(chunk.text.split("\n\n")) <= paragraphs  # never a paragraph cut
    for before, after in itertools.pairwise(chunks):
        assert after.start < before.end  # overlap ...
        assert before.end - after.start <= OVERLAP_CHARS  # ... a small one
        assert after.end > before.end  # and new text in every chunk


def test_a_paragraph_longer_than_a_chunk_is_cut_at_sentence_ends() -> None:
    long = " ".join(f"Sentence number {i} is here." for i in range(80))
    text = f"Headline\n\n{long}\n\nLast paragraph."
    chunks = split(text, 500, overlap=0)
    assert all(len(c.text) <= 500 for c in chunks)
    assert all(c.text.endswith((".", "Headline")) for c in chunks)
    covered = "".join(text[c.start : c.end] for c in chunks)
    assert covered.replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")


def test_a_sentence_longer_than_a_chunk_is_cut_at_spaces() -> None:
    text = "word " * 400
    chunks = split(text.strip(), 300)
    assert len(chunks) >= 7 and all(0 < len(c.text) <= 300 for c in chunks)
    assert all(not c.text.startswith(" ") and not c.text.endswith(" ") for c in chunks)


def test_a_text_that_fits_is_one_chunk_and_a_bad_size_is_refused() -> None:
    assert split("One paragraph.\n\nAnother.", 100) == [Chunk(0, 24, "One paragraph.\n\nAnother.")]
    with pytest.raises(ValueError):
        split("text", 0)


TEXT = (
    "Blast at Orun market\n\n"  # 0-20
    "A bomb exploded at Orun market on Monday, police said.\n\n"
    "Four traders were killed and nine people were wounded, the police chief said.\n\n"
    "\u201cWe heard a huge bang,\u201d said Ada Obi, a trader.\n\n"
    "Troops later clashed with gunmen near Orun, the army said. Two soldiers were killed.\n"
)


def _answer(**lists: Any) -> ArticleSummary:
    return ArticleSummary.model_validate({"summary": "Part.", **lists})


BOMB = {
    "kind": "remote_explosive",
    "description": "A bomb.",
    "evidence": "A bomb exploded at Orun market on Monday",
}
CLASH = {
    "kind": "armed_clash",
    "description": "A clash.",
    "evidence": "Troops later clashed with gunmen near Orun",
}
TRADERS = {
    "group": "traders",
    "killed": {"value": 4},
    "reported_by": "police chief",
    "evidence": "Four traders were killed and nine people were wounded",
}
OBI = {
    "speaker": "Ada Obi",
    "claim": "A bang.",
    "quote": "We heard a huge bang,",
    "channel": "unspecified",
    "evidence": "said Ada Obi, a trader",
}


def test_merge_maps_spans_dedupes_the_overlap_and_reindexes_links() -> None:
    cut = TEXT.index("Four traders")
    second = TEXT.index("\u201cWe heard")
    first = Chunk(0, second, TEXT[:second])
    other = Chunk(cut, len(TEXT), TEXT[cut:])
    soldiers = {
        "group": "soldiers",
        "killed": {"value": 2},
        "event": 1,
        "evidence": "Two soldiers were killed",
    }
    merged = merge(
        [
            (first, _answer(events=[BOMB], casualties=[{**TRADERS, "event": 0}])),
            # The overlap's casualty again (as the second chunk saw it, without its event),
            # and the clash with its own toll.
            (
                other,
                _answer(
                    events=[BOMB | {"evidence": "Troops"}, CLASH],
                    casualties=[TRADERS, soldiers],
                    attributions=[OBI],
                ),
            ),
        ]
    )
    kinds = [e.kind for e in merged.events]
    assert kinds == ["remote_explosive", "remote_explosive", "armed_clash"]
    assert [c.group for c in merged.casualties] == ["traders", "soldiers"]
    assert [c.event for c in merged.casualties] == [0, 2]  # local 1 -> merged 2
    for item in [*merged.events, *merged.casualties, *merged.attributions]:
        start, end = item.evidence_span or (0, 0)
        assert TEXT[start:end] in item.evidence or item.evidence in TEXT[start:end]
    assert merged.attributions[0].evidence_span == (
        TEXT.index("said Ada Obi, a trader"),
        TEXT.index("said Ada Obi, a trader") + len("said Ada Obi, a trader"),
    )


def test_merge_keeps_two_items_of_one_chunk_and_two_different_figures() -> None:
    whole = Chunk(0, len(TEXT), TEXT)
    wounded = {**TRADERS, "group": "people", "killed": None, "injured": {"value": 9}}
    again = Chunk(0, len(TEXT), TEXT)
    merged = merge(
        [
            (whole, _answer(casualties=[TRADERS, TRADERS])),  # the model's own choice
            (again, _answer(casualties=[wounded, TRADERS | {"killed": {"value": 5}}])),
        ]
    )
    assert [(c.group, c.killed and c.killed.value) for c in merged.casualties] == [
        ("traders", 4),
        ("traders", 4),
        ("people", None),
        ("traders", 5),
    ]


def test_an_item_whose_evidence_is_not_in_its_chunk_keeps_no_span() -> None:
    chunk = Chunk(0, 30, TEXT[:30])
    merged = merge([(chunk, _answer(events=[CLASH]))])
    assert merged.events[0].evidence_span is None


# -- the output budget ------------------------------------------------------------------


def test_the_estimate_grows_with_length_quotations_and_figures() -> None:
    plain = "The council met on Monday and discussed the budget. " * 20
    quoted = plain + "\u201cWe agree,\u201d she said. " * 10
    counted = plain + "Four people were hurt and 12 were killed. " * 10
    base = estimated_answer_tokens(plain)
    assert estimated_answer_tokens(quoted) > base and estimated_answer_tokens(counted) > base
    assert (
        speaker_mentions(quoted) == 10 and figure_mentions("Four hurt, 12 killed, no one else") == 3
    )


def test_the_cap_is_sized_to_the_article_between_a_floor_and_the_ceiling() -> None:
    paragraph = "The council met again on Monday to discuss the repairs. " * 5
    short = "One sentence."
    long = (paragraph + "\u201cA quote,\u201d he said, and 14 were hurt.\n\n") * 60
    assert output_cap(short, 4096) == MIN_CAP
    assert output_cap(long, 4096) == 4096
    assert output_cap(long, 100_000) == int(output_cap(long, 100_000))
    assert MIN_CAP < output_cap(long, 100_000) < 100_000
    assert chunk_chars(short, 4096) is None
    size = chunk_chars(long, 4096)
    assert size is not None and size < len(long)
    # A chunk of that size is expected to fit the ceiling.
    assert output_cap(long[:size], 100_000) <= 4096


@pytest.mark.parametrize(
    ("excerpt", "one"),
    [
        (
            "Police said 27 personnel, including the officer-in-charge of Kunda station, were hurt",
            True,
        ),
        ("Eleven were hurt, among them a nurse", True),
        ("Forty were wounded, including Sgt. Ana Ruiz", True),
        ("Their driver was shot in both legs", True),
        ("Nine were hurt, including the mayor's son", True),
        ("31 injured, including nine police officers", False),
        ("Twelve died, including women and children", False),
        ("Seven were hurt, including the wounded from the blast", False),
        ("Forty were wounded, among them several officers", False),
        ("Two soldiers were wounded", False),
    ],
)
def test_who_a_phrase_singles_out(excerpt: str, one: bool) -> None:
    assert singles_out_one(excerpt) is one


def test_the_ceiling_and_chunk_size_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SUMMARIZER_MAX_OUTPUT_TOKENS", "16384")
    monkeypatch.setenv("SUMMARIZER_CHUNK_CHARS", "6000")
    settings = Settings.from_env()
    assert (settings.max_output_tokens, settings.chunk_chars) == (16384, 6000)
    monkeypatch.setenv("SUMMARIZER_CHUNK_CHARS", "lots")
    with pytest.raises(ConfigError, match="SUMMARIZER_CHUNK_CHARS must be a whole number"):
        Settings.from_env()
    with pytest.raises(ConfigError, match="max_output_tokens"):
        Settings(max_output_tokens=0)

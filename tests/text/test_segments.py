"""Blocks and sentences with exact offsets in the source file."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from claimcheck.core.location import LineIndex
from claimcheck.text.segments import BlockKind, segment
from claimcheck.text.sentences import sentence_spans

FRONT = "---\nid: x\ntitle: X\n---\n"


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def test_abbreviations_initials_and_decimals_do_not_split() -> None:
    text = "Dr. Smith et al. found 1.5 mg works, e.g. in rats. Veldhuis, J. D. agreed! Did it? Yes."
    assert _sentences(text) == [
        "Dr. Smith et al. found 1.5 mg works, e.g. in rats.",
        "Veldhuis, J. D. agreed!",
        "Did it?",
        "Yes.",
    ]


def test_the_infinity_separator_is_not_a_sentence_end() -> None:
    text = "GH Receptor Signaling ∞ The activation of JAK2 initiates transcription. Next one."
    assert _sentences(text) == [
        "GH Receptor Signaling ∞ The activation of JAK2 initiates transcription.",
        "Next one.",
    ]


def test_closing_quotes_stay_with_their_sentence() -> None:
    assert _sentences('He said "stop." Then he left.') == ['He said "stop."', "Then he left."]


def test_blocks_of_every_kind_are_located_in_the_source() -> None:
    body = (
        "## A heading ##\n\n"
        "First sentence. Second\nsentence on a new line.\n\n"
        "- item one\n- item two ∞ with a note\n\n"
        "> quoted text\n\n"
        "Col A | Col B |\n---|---|\ncell one | cell two |\n\n"
        "```\ncode is not prose\n```\n"
    )
    text = FRONT + body
    segments = segment(text, len(FRONT))
    kinds = [b.kind for b in segments.blocks]
    assert kinds == [
        BlockKind.HEADING,
        BlockKind.PARAGRAPH,
        BlockKind.LIST_ITEM,
        BlockKind.LIST_ITEM,
        BlockKind.PARAGRAPH,
        *[BlockKind.TABLE_CELL] * 4,
    ]
    texts = [segments.block_text(b) for b in segments.blocks]
    assert texts[0] == "A heading"
    assert texts[2:5] == ["item one", "item two ∞ with a note", "quoted text"]
    assert texts[5:] == ["Col A", "Col B", "cell one", "cell two"]
    assert [segments.sentence_text(s) for s in segments.sentences[1:3]] == [
        "First sentence.",
        "Second\nsentence on a new line.",
    ]
    lines = LineIndex(text)
    second = segments.sentences[2]
    assert lines.position(second.start) == (7, 17)
    assert lines.position(segments.blocks[8].start) == (17, 12)
    assert all(b.section == "A heading" for b in segments.blocks)


def test_a_sentence_is_found_by_offset() -> None:
    text = "One. Two."
    segments = segment(text)
    assert segments.sentence_index_at(6) == 1
    assert segments.sentence_index_at(4) is None


@given(st.text(alphabet=st.sampled_from("ab .?!\n-#>|*`~1∞É"), max_size=200))
def test_any_text_segments_into_spans_that_are_its_own_characters(body: str) -> None:
    text = FRONT + body
    segments = segment(text, len(FRONT))
    for block in segments.blocks:
        assert len(FRONT) <= block.start < block.end <= len(text)
    for sentence in segments.sentences:
        block = segments.blocks[sentence.block]
        assert block.start <= sentence.start < sentence.end <= block.end
        assert text[sentence.start : sentence.end].strip() == text[sentence.start : sentence.end]


@given(st.text(max_size=300))
def test_any_text_is_judged_without_error(body: str) -> None:
    from pathlib import Path

    from claimcheck.lexicon import lexicon_for
    from claimcheck.lexicon.cues import analyze, analyze_span
    from claimcheck.rules.judge import judge
    from claimcheck.rules.stance import TITLE, read_stance
    from claimcheck.text.quotes import fold
    from claimcheck.text.title import title_span

    text = FRONT + body
    segments = segment(text, len(FRONT))
    lexicon = lexicon_for(Path("."), [])
    cues = analyze(text, segments, lexicon)
    title = title_span(text, len(FRONT))
    folded = fold(text)
    title_cues = analyze_span(folded, *title, lexicon) if title else None
    verdicts, treatments = judge(cues, read_stance(cues, folded, title), lexicon, text, title_cues)
    for verdict in verdicts:
        assert verdict.sentence == TITLE or 0 <= verdict.sentence < len(segments.sentences)
        assert verdict.message and 0 <= verdict.start < verdict.end <= len(text)
    assert all(0 <= t < len(segments.sentences) for t in treatments)


CUE_WORDS = st.sampled_from(
    ["BPC-157", "testosterone", "therapy", "not", "no", "you", "your", "?", '"', "cures", "These", "They",
     "may", "approved", "boosts", "miracle", "\n\n", "## ", "- ", ".", "risk", "we use cookies", "∞", "|"]
)  # fmt: skip


@given(st.lists(CUE_WORDS, max_size=60).map(" ".join))
def test_cue_dense_text_is_judged_without_error(body: str) -> None:
    test_any_text_is_judged_without_error.hypothesis.inner_test(body)  # type: ignore[attr-defined]


_PIECES = ["e.g.", "i.e.", "Dr.", "J.", "x", "1.5", ".", "..", "!", "?", "…", " ", "\n", "A", '"', ")", "“"]


@example("e.g.. A", 0)  # a boundary at the second stop of a run
@example("x?!. A", 2)
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join), st.integers(0, 8))
def test_sentence_boundaries_are_those_of_the_look_behind_first_pattern(text: str, start: int) -> None:
    """The boundary pattern starts with the stop (the engine's fast scan), and checks the two
    characters before it afterwards: the same matches as checking them first."""
    import re

    from claimcheck.text import sentences

    reference = re.compile(rf"(?<![.!?…][.!?…]){sentences._STOP}")
    start = min(start, len(text))
    found = [m.span() for m in sentences._BOUNDARY.finditer(text, start)]
    assert found == [m.span() for m in reference.finditer(text, start)]

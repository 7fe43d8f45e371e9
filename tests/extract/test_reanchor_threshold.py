"""Why REANCHOR_THRESHOLD is what it is: measured on the seed claims, printed.

For every quote of the shipped claims files: (a) a one-word edit of it (a word replaced,
deleted or added) inside its sentence must score at or above the threshold; (b) its best match
among the *other* sentences of its article (those that do not contain it) must score below.
Both with a margin of 5 points. Two-word edits are printed for information; one that falls
below the threshold leaves the claim stale and its sentence proposed again (the safe side).
Run with ``-s`` to see the figures.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from claimcheck.extract.anchors import REANCHOR_THRESHOLD, best_anchor, windows
from claimcheck.extract.candidates import section_kind, segment_article
from claimcheck.extract.segment import Sentence
from claimcheck.text.quotes import find_quote, fold

REPO = Path(__file__).resolve().parents[2]
STEMS = ("igf1-lifestyle", "igf1-relationship")


def _prose(text: str) -> list[Sentence]:
    body = text.index("\n---\n", 4) + 5
    return [
        s
        for s in segment_article(text, body)
        if s.role in ("paragraph", "item") and section_kind(s.block.section) is None
    ]


def _edits(quote: str) -> dict[str, str]:
    """Deterministic rewordings of a quote: the edits an editor makes in passing."""
    words = quote.split()
    middle = len(words) // 2
    return {
        "replaced": " ".join([*words[:middle], "notably", *words[middle + 1 :]]),
        "deleted": " ".join([*words[:middle], *words[middle + 1 :]]),
        "added": " ".join([*words[:middle], "often", *words[middle:]]),
        "two replaced": " ".join([*words[:middle], "clearly", *words[middle + 1 : -1], "matters"]),
    }


def _scores() -> tuple[dict[str, list[float]], list[float]]:
    edited: dict[str, list[float]] = {}
    unrelated: list[float] = []
    for stem in STEMS:
        text = (REPO / "content" / "articles" / f"{stem}.md").read_text(encoding="utf-8")
        claims = yaml.safe_load((REPO / "content" / "claims" / f"{stem}.yaml").read_text(encoding="utf-8"))
        prose = _prose(text)
        for claim in claims["claims"]:
            quote = claim["quote"]
            span = find_quote(fold(text), quote, 0)
            assert span is not None
            others = [s for s in prose if not (s.start < span[1] and span[0] < s.end)]
            best = best_anchor(quote, others, text)
            unrelated.append(best[0] if best else 0.0)
            # the window (one or two sentences) holding the quote, edited in place
            start, end = min(
                (w for w in windows(prose, text) if w[0] <= span[0] and span[1] <= w[1]),
                key=lambda w: w[1] - w[0],
            )
            for name, edit in _edits(quote).items():
                window = text[start : span[0]] + edit + text[span[1] : end]
                found = best_anchor(quote, segment_article(window, 0), window)
                edited.setdefault(name, []).append(found[0] if found else 0.0)
    return edited, unrelated


def test_threshold_separates_slight_edits_from_other_sentences() -> None:
    edited, unrelated = _scores()
    lines = [f"re-anchoring similarity over {len(unrelated)} seed quotes (threshold {REANCHOR_THRESHOLD}):"]
    for name, scores in edited.items():
        below = sum(score < REANCHOR_THRESHOLD for score in scores)
        lines.append(
            f"  {name:13} min {min(scores):5.1f}  median {sorted(scores)[len(scores) // 2]:5.1f}  below {below}"
        )
    lines.append(
        f"  other sentence max {max(unrelated):5.1f}  median {sorted(unrelated)[len(unrelated) // 2]:5.1f}"
    )
    print("\n" + "\n".join(lines))
    for name in ("replaced", "deleted", "added"):
        assert min(edited[name]) >= REANCHOR_THRESHOLD + 5, name  # a margin, not a knife edge
    assert max(unrelated) < REANCHOR_THRESHOLD - 5

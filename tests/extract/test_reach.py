"""Reach keeps every place a quote scores the threshold on, and few others."""

from __future__ import annotations

import random

from claimcheck.extract.anchors import REANCHOR_THRESHOLD, Anchors, similarity
from claimcheck.extract.candidates import segment_article
from claimcheck.extract.reach import Reach, Windows
from claimcheck.text.quotes import fold

WORDS = ["vitamin", "skin", "sunlight", "growth", "hormone", "insulin", "muscle", "bone", "liver", "dose"]
MORE = [*WORDS, "protein", "sleep", "receptor", "signal", "trial", "cohort", "level", "study", "evidence"]
MORE += ["risk", "benefit", "therapy", "injection"]  # the 23 words of benchmarks/hostile_inputs.py


def _sentence(rng: random.Random, words: int, vocabulary: list[str] = WORDS) -> str:
    return " ".join(rng.choice(vocabulary) for _ in range(words)).capitalize() + "."


def _quotes(rng: random.Random, places: list[str]) -> list[str]:
    """Parts of places (a sentence, or two), with a word or two changed, dropped or added,
    quotes of unrelated words of the same vocabulary (near misses), and longer quotes than
    any sentence (their best part is a pair's)."""
    quotes = []
    for _ in range(150):
        words = rng.choice(places).split()
        cut = rng.randint(0, max(0, len(words) - 3))
        part = words[cut : cut + rng.randint(2, 40)]
        for _ in range(rng.randint(0, 2)):
            where = rng.randrange(len(part))
            change = rng.choice(["replace", "drop", "add"])
            if change == "replace":
                part[where] = rng.choice(WORDS)
            elif change == "drop" and len(part) > 1:
                del part[where]
            else:
                part.insert(where, rng.choice(WORDS))
        quotes.append(" ".join(part))
        quotes.append(_sentence(rng, rng.randint(3, 30)))
    return quotes


def test_every_place_at_the_threshold_is_kept() -> None:
    rng = random.Random(11)
    text = " ".join(_sentence(rng, rng.randint(3, 18)) for _ in range(40)) + "\n"
    anchors = Anchors(segment_article(text, 0), text)
    reach = Reach(anchors.folded, anchors.always, REANCHOR_THRESHOLD)
    quotes = _quotes(rng, anchors.texts)
    kept = reach.places([fold(" ".join(q.split())) for q in quotes])
    at_threshold = 0
    for quote, places in zip(quotes, kept, strict=True):
        scores = [similarity(quote, place)[0] for place in anchors.texts]
        reaching = {i for i, score in enumerate(scores) if score >= REANCHOR_THRESHOLD}
        assert reaching <= set(places), quote
        at_threshold += len(reaching)
    assert at_threshold > 200  # the test sees places at the threshold, not only misses


def test_near_misses_keep_few_places() -> None:
    """Sentences of twelve words of one small vocabulary, as the hostile-input benchmark's
    10,000 stale quotes: a quote scores well under 80 on every such sentence, yet the
    whole-place bound alone keeps a third of the pairs; the windows keep under 1 %."""
    rng = random.Random(5)
    text = " ".join(_sentence(rng, 12, MORE) for _ in range(60)) + "\n"
    anchors = Anchors(segment_article(text, 0), text)
    quotes = [fold(_sentence(rng, 12, MORE)) for _ in range(300)]
    kept = Reach(anchors.folded, anchors.always, REANCHOR_THRESHOLD).places(quotes)
    assert sum(map(len, kept)) < 0.01 * len(quotes) * len(anchors.folded)


def test_a_part_of_a_pair_is_kept() -> None:
    """A quote spanning two sentences scores on the pair's part only (windows of the pair)."""
    text = "Sleep helps muscle growth in adults. Vitamin D is made in the skin by sunlight exposure.\n"
    anchors = Anchors(segment_article(text, 0), text)
    quote = "growth in adults. Vitamin D is made in skin"
    pair = anchors.texts.index(text.strip())
    assert similarity(quote, anchors.texts[pair])[0] >= REANCHOR_THRESHOLD
    kept = Reach(anchors.folded, anchors.always, REANCHOR_THRESHOLD).places([fold(quote)])[0]
    assert pair in kept
    assert anchors.best(quote, REANCHOR_THRESHOLD) == anchors.best(quote)


def test_windows_hold_every_short_part() -> None:
    place = "abcdefghijklmnopqrstuvwxyz0123456789"
    windows = Windows.over([place], span=7, step=3)
    texts = list(windows.texts)
    assert windows.count[0] == len(texts) > 1
    for start in range(len(place)):
        for end in range(start + 1, min(len(place), start + 7) + 1):
            assert any(place[start:end] in window for window in texts), (start, end)

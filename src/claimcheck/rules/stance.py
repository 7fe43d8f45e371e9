"""What the learned scorers read in an article: for every prose sentence, heading and the
front matter's title, the probability that it promotes, makes an absolute claim, mentions
harms, and presents a benefit (:mod:`claimcheck.scoring`, the shipped models ``promotes``,
``absolute``, ``harms``, ``benefit``), scored in one batch per article. A promotion model that
the configuration selects (``[judgment] model``, trained by ``claimcheck learn``) takes the
shipped ``promotes`` model's place while :func:`selected_promotes` is in effect."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from claimcheck.lexicon.cues import ArticleCues
from claimcheck.scoring.explain import Phrase
from claimcheck.scoring.features import prepare_folded

if TYPE_CHECKING:  # numpy and the models are imported when an article is first scored
    import numpy as np
    import numpy.typing as npt

    from claimcheck.scoring.model import Floats
    from claimcheck.scoring.stack import Stack

MODELS = ("promotes", "absolute", "harms", "benefit")
PROMOTES, ABSOLUTE, HARMS, BENEFIT = range(len(MODELS))
TITLE = -1
"""The sentence index that stands for the front matter's title."""


ModelStamp = tuple[Path, int, int]
"""A model file: resolved path, size and modification time (a rewritten file is read again)."""

_SELECTED: ContextVar[ModelStamp | None] = ContextVar("selected_promotes", default=None)


def stamp(path: Path) -> ModelStamp:
    st = path.stat()
    return (path.resolve(), st.st_size, st.st_mtime_ns)


@contextmanager
def selected_promotes(selected: ModelStamp | None) -> Iterator[None]:
    """Score with the promotion model at ``selected`` (None: the shipped one) inside the block."""
    token = _SELECTED.set(selected)
    try:
        yield
    finally:
        _SELECTED.reset(token)


def stack() -> Stack:
    """The four models, scored together: the shipped ones (loaded once per process), or the
    selected promotion model in the shipped one's place (each model file stacked once)."""
    from claimcheck.scoring.shipped import load_stack

    selected = _SELECTED.get()
    return load_stack("content", MODELS) if selected is None else _selected_stack(selected)


@cache
def _selected_stack(selected: ModelStamp) -> Stack:
    from claimcheck.scoring.selected import read_model
    from claimcheck.scoring.shipped import load
    from claimcheck.scoring.stack import Stack

    models = [load(name) for name in MODELS]
    models[PROMOTES] = read_model(selected[0], str(selected[0]))
    return Stack.of(models)


@dataclass(frozen=True, slots=True)
class Unit:
    """A scored piece of the article: a sentence (``index`` in the segments) or the title."""

    index: int
    start: int
    end: int


@dataclass(frozen=True)
class Stance:
    indices: list[int]
    """Per scored unit: its sentence index, or :data:`TITLE`."""
    spans: list[tuple[int, int]]
    """Per scored unit: its offsets in the article's text."""
    probabilities: Floats
    """Shape (units, 4): columns :data:`PROMOTES`, :data:`ABSOLUTE`, :data:`HARMS`, :data:`BENEFIT`;
    each unit read on its page (the article) by a model with a page context
    (:mod:`claimcheck.scoring.context`: the promotion model), alone by the others."""
    flags: npt.NDArray[np.bool_]
    """Shape (units, 4): probability at or above the model's threshold (chosen on dev)."""
    alone: Floats
    """Shape (units, 4): each unit's probability read alone, without its page."""
    alone_flags: npt.NDArray[np.bool_]
    """Shape (units, 4): ``alone`` at or above the model's sentence-alone threshold."""

    def unit(self, position: int) -> Unit:
        """The scored unit at ``position``."""
        return Unit(self.indices[position], *self.spans[position])

    @cached_property
    def positions(self) -> dict[int, int]:
        """Sentence index (or :data:`TITLE`) -> position among the scored units."""
        return {index: position for position, index in enumerate(self.indices)}

    def strongest(self, column: int, besides: int) -> int | None:
        """Position of the unit, other than position ``besides``, that model ``column`` scores
        highest read alone (what most makes its page read so); None when there is no other."""
        if len(self.indices) < 2:
            return None
        scores = self.alone[:, column].copy()
        scores[besides] = -1.0
        return int(scores.argmax())

    def flagged(self, column: int) -> list[int]:
        """Positions of the units flagged by model ``column``."""
        return [int(i) for i in self.flags[:, column].nonzero()[0]]


def read_stance(cues: ArticleCues, folded: str, title: tuple[int, int] | None) -> Stance:
    """Score the title (if any) and every sentence outside skipped sections (references), each
    alone and on its page (those units, the article); ``folded`` is the article's folded text (:func:`claimcheck.text.quotes.fold`)."""
    segments = cues.segments
    skipped = cues.skipped_blocks
    indices = [TITLE] if title is not None else []
    spans = [title] if title is not None else []
    for index, sentence in enumerate(segments.sentences):
        if sentence.block not in skipped:
            indices.append(index)
            spans.append((sentence.start, sentence.end))
    scorer = stack()
    alone, probabilities = scorer.on_page(prepare_folded(folded), spans)
    return Stance(
        indices,
        spans,
        probabilities,
        probabilities >= scorer.page_thresholds,
        alone,
        alone >= scorer.thresholds,
    )


def explain(column: int, text: str, k: int = 3) -> list[Phrase]:
    """The phrases of ``text`` that weighed most for model ``column``."""
    return stack().explain(column, text, k)


def quoted_phrases(phrases: list[Phrase]) -> str:
    """``'save 20%', 'book today'``: phrases as an editor reads them (or, when no phrase
    stands out, that the sentence as a whole does)."""
    return ", ".join(f"'{p.text}'" for p in phrases) if phrases else "the sentence as a whole"

"""How a sentence reads on its page: a second, tiny logistic regression over the sentence's own
log-odds and the mean log-odds of the page's other units (sentences, headings, title).

An editor reads "Each month you decide to continue or stop." as selling on a telehealth
page's order form and as information in a drug leaflet; the labels of data/labels were given
that way, with the page in view, and a sentence-alone model cannot tell the two apart. So a
binary model may carry a :class:`PageContext` (``ModelSpec.context``): its log-odds for a unit
are ``sentence * z + page * mean + with_page`` when the page has other units (``mean``: the
mean of their log-odds, each clipped to +/- :data:`CLIP`), ``sentence * z + alone`` when it
has none, and its own threshold decides. Trained on out-of-fold scores of the train split
(:func:`claimcheck.scoring.context_fit.fit_context`), its threshold chosen on dev; in evaluation the "page" of
a labelled row is the other labelled rows of its document, in a check every scored unit of the
article.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]

CLIP = 8.0
"""Log-odds are clipped to +/- this before they are averaged (one sure sentence must not
decide a page) and before they are weighed."""


@dataclass(frozen=True)
class PageContext:
    sentence: float
    """Weight of the unit's own (clipped) log-odds."""
    page: float
    """Weight of the mean clipped log-odds of the page's other units."""
    with_page: float
    """Bias when the page has other units."""
    alone: float
    """Bias when the unit is the page's only one."""
    threshold: float
    """P(1) in context at or above this predicts 1 (chosen on dev by the spec's rule)."""

    def raw(self, raw: Floats, pages: Sequence[Hashable] | None = None) -> Floats:
        """Log-odds in context for the units' sentence-alone log-odds ``raw`` (shape (n,)):
        all one page (``pages`` None), or grouped by ``pages`` (one key per unit)."""
        clipped = np.clip(raw, -CLIP, CLIP)
        mean, has = page_means(clipped, pages)
        out: Floats = self.sentence * clipped + np.where(has, self.page * mean + self.with_page, self.alone)
        return out

    def probabilities(self, raw: Floats, pages: Sequence[Hashable] | None = None) -> Floats:
        probabilities: Floats = 1.0 / (1.0 + np.exp(-self.raw(raw, pages)))
        return probabilities

    def as_dict(self) -> dict[str, float]:
        return {key: getattr(self, key) for key in FIELDS}

    @classmethod
    def from_dict(cls, data: Any) -> PageContext:
        """Read :meth:`as_dict`'s form; ValueError says what is wrong."""
        try:
            values = {key: float(data[key]) for key in FIELDS}
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"context is not readable ({error})") from None
        if not all(math.isfinite(v) for v in values.values()) or not 0.0 <= values["threshold"] <= 1.0:
            raise ValueError("context weights must be finite and its threshold in [0, 1]")
        return cls(**values)

    @classmethod
    def of(cls, coef: Sequence[float], intercept: float, threshold: float, decimals: int) -> PageContext:
        """From a logistic regression over :func:`features`, rounded to ``decimals``."""
        sentence, page, with_page = (round(float(c), decimals) for c in coef)
        bias = round(float(intercept), decimals)
        return cls(sentence, page, round(with_page + bias, decimals), bias, threshold)


FIELDS = ("sentence", "page", "with_page", "alone", "threshold")


def page_means(clipped: Floats, pages: Sequence[Hashable] | None = None) -> tuple[Floats, Bools]:
    """Per unit: the mean of the other units' values on its page, and whether there are any."""
    if pages is None:
        n = len(clipped)
        if n < 2:
            return np.zeros(n), np.zeros(n, dtype=bool)
        return (float(clipped.sum()) - clipped) / (n - 1), np.ones(n, dtype=bool)
    members: dict[Hashable, list[int]] = defaultdict(list)
    for position, page in enumerate(pages):
        members[page].append(position)
    mean, has = np.zeros(len(clipped)), np.zeros(len(clipped), dtype=bool)
    for positions in members.values():
        mean[positions], has[positions] = page_means(clipped[positions])
    return mean, has


def features(raw: Floats, pages: Sequence[Hashable]) -> Floats:
    """The regression's inputs per unit: clipped log-odds, the page's mean (0 without one) and
    whether the page has other units (the bias of :attr:`PageContext.alone` is the intercept)."""
    clipped = np.clip(raw, -CLIP, CLIP)
    mean, has = page_means(clipped, pages)
    return np.column_stack([clipped, np.where(has, mean, 0.0), has.astype(np.float64)])


def promotes(on_page: bool, alone: bool, names_regulated: bool) -> bool:
    """The promotion decision where a page context decides: the unit read on its page, or, for
    a unit that names a regulated substance (CC302's domain), read alone too: "BPC-157
    injections heal tendon injuries faster" promotes in a vitamin D article as well. The
    content rules (:func:`claimcheck.rules.subjects.look`: a unit whose subjects name a
    substance) and ``nox -s evaluate`` (a row naming a registry substance) both decide by it.
    Chosen on dev (951 rows, shrink 64): on the page alone P 0.930 / R 0.828 / soft 0.829 /
    false alarms 0.039; this P 0.931 / R 0.837 / soft 0.843 / 0.039; every row's alone flag kept,
    not only a regulated one's, P 0.902 / R 0.856 / soft 0.862 / 0.039: at the precision floor,
    not kept. (At the shrink chosen on the page, 16, the page alone and this give the same dev
    figures: P 0.933 / R 0.865.)"""
    return on_page or (names_regulated and alone)

"""Several binary models with one featurizer scored together: each sentence is featurized once
and every feature looked up once, for all the models (the content rules score every sentence
of every article with four models)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from claimcheck.scoring.features import Span
from claimcheck.scoring.model import Floats, LinearModel

MEMO_SIZE = 50_000
"""Sentences a stack remembers the scores of (then it forgets them all and starts again)."""


class Stack:
    """Binary models scored as one: :meth:`probabilities` gives one column per model, in order."""

    def __init__(self, models: Sequence[LinearModel]) -> None:
        if not models:
            raise ValueError("a stack needs at least one model")
        featurizer = models[0].featurizer
        for model in models:
            if not model.binary:
                raise ValueError(f"{model.name}: only binary models stack")
            if model.featurizer != featurizer:
                raise ValueError(f"{model.name}: its featurizer differs from {models[0].name}'s")
        self.idf = models[0].idf is not None
        if any((m.idf is not None) != self.idf for m in models):
            raise ValueError("a stack's models all weigh features by idf, or none does")
        self.models = tuple(models)
        self.featurizer = featurizer
        features = sorted({f for m in models for f in m.features})
        self.index = {f: i for i, f in enumerate(features)}
        count = len(models)
        # columns: each model's weight (times its idf), then each model's idf squared (the norm)
        self.weights = np.zeros((len(features), 2 * count if self.idf else count))
        for column, model in enumerate(models):
            rows = [self.index[f] for f in model.features]
            self.weights[rows, column] = model.weights[:, 0]
            if model.idf is not None:
                self.weights[rows, column] *= model.idf
                self.weights[rows, count + column] = model.idf**2
        self.bias = np.array([float(m.bias[0]) for m in models])
        self.thresholds = np.array([0.5 if m.threshold is None else m.threshold for m in models])
        self._memo: dict[str, tuple[float, ...]] = {}

    def raw_spans(self, prepared: str, spans: Sequence[Span]) -> Floats:
        """Log-odds, shape (sentences, models), of ``prepared[start:end]`` for each span
        (text from :func:`claimcheck.scoring.features.prepare`). A sentence met before in
        this process (the same prepared text: a disclaimer, a repeated caption) is not
        featurized again: up to :data:`MEMO_SIZE` sentences are remembered."""
        memo = self._memo
        keys = [prepared[start:end] for start, end in spans]
        fresh = list(dict.fromkeys(key for key in keys if key not in memo))
        if fresh:
            if len(memo) + len(fresh) > MEMO_SIZE:
                memo.clear()
            for key, row in zip(fresh, self._raw_texts(fresh), strict=True):
                memo[key] = row
        if not keys:
            return np.zeros((0, len(self.models)))
        return np.array([memo[key] for key in keys])

    def _raw_texts(self, texts: Sequence[str]) -> list[tuple[float, ...]]:
        featurize = self.featurizer.features
        get = self.index.get
        rows: list[int] = []
        ends: list[int] = []
        once = self.idf  # with idf, a feature counts once in a sentence
        for text in texts:
            found = map(get, featurize(text))
            rows += [i for i in (set(found) if once else found) if i is not None]
            ends.append(len(rows))
        cumulative = np.zeros((len(rows) + 1, self.weights.shape[1]))
        if rows:
            np.cumsum(self.weights[rows], axis=0, out=cumulative[1:])
        stops = np.array(ends, dtype=np.intp)
        starts = np.empty_like(stops)
        starts[0] = 0
        starts[1:] = stops[:-1]
        sums = cumulative[stops] - cumulative[starts]
        count = len(self.models)
        if once:
            norms = np.sqrt(sums[:, count:])
            norms[norms == 0] = 1.0
            raw = sums[:, :count] / norms + self.bias
        else:
            raw = sums + self.bias
        return [tuple(row) for row in raw.tolist()]

    def probabilities(self, prepared: str, spans: Sequence[Span]) -> Floats:
        """Probabilities, shape (sentences, models)."""
        probabilities: Floats = 1.0 / (1.0 + np.exp(-self.raw_spans(prepared, spans)))
        return probabilities

"""A linear model over :class:`~claimcheck.scoring.features.Featurizer` features, its file
format, and scoring, prediction and explanation with numpy and plain Python.

File (JSON, UTF-8, one weight row per line so a retrained model diffs readably)::

    {"format": "claimcheck-linear/1", "name": "promotes", "label": "promotes",
     "classes": [0, 1],                       # binary: [0, 1]; multiclass: the class names
     "featurizer": {"min_n": 1, "max_n": 2, "prefix": 0},
     "bias": [-1.2345],                       # one per column
     "threshold": 0.47,                       # binary: P(1) >= threshold predicts 1 (chosen on dev)
     "idf": true,                             # rows carry an idf: tf-idf (binary tf), L2-normalised
     "context": {"sentence": 3.8, ...},       # optional: how a sentence reads on its page
     "metadata": {...},                       # data checksum, row counts, dev figures, trainer
     "weights": [
     ["save 00", 2.1, 1.2345],                # feature, its idf (when "idf"), one weight per column
     ...]}

A binary model has one column (the log-odds of class 1); a multiclass model one column per
class (softmax). Weights are rounded to 4 decimals and features sorted, so training twice on
the same rows writes the same bytes.
"""

from __future__ import annotations

import json
import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import orjson

from claimcheck.scoring.context import PageContext
from claimcheck.scoring.explain import Phrase, top_phrases
from claimcheck.scoring.features import Featurizer, Span, prepare

FORMAT = "claimcheck-linear/1"
DECIMALS = 4

Class = int | str
Floats = npt.NDArray[np.float64]


class ModelFileError(ValueError):
    """A model file that cannot be read (its path and what is wrong)."""


@dataclass(eq=False)
class LinearModel:
    name: str
    label: str
    classes: tuple[Class, ...]
    featurizer: Featurizer
    features: tuple[str, ...]
    weights: Floats
    """Shape (features, columns): one column for a binary model, one per class otherwise."""
    bias: Floats
    threshold: float | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    idf: Floats | None = None
    """Shape (features,): with it, a sentence is the L2-normalised vector of the idf of the
    features it has (each counted once); without it, the count of each feature."""
    shrink: float | None = None
    """Binary: with it, a sentence's decision value is drawn toward the bias by the factor
    m / (m + shrink), m the number of the model's features the sentence has (each counted once
    with idf): a heading of two known words cannot be as sure as a sentence of twenty. Chosen on
    dev by the trainer (``ModelSpec.shrink``); explanations rank the unshrunk contributions."""
    context: PageContext | None = None
    """Binary: with it, a sentence is judged on its page (:mod:`claimcheck.scoring.context`),
    at the context's own threshold; :attr:`threshold` stays the sentence-alone one."""

    @cached_property
    def index(self) -> dict[str, int]:
        """Feature -> row (made when first asked for: a stack needs none)."""
        return dict(zip(self.features, range(len(self.features)), strict=True))

    @cached_property
    def _single(self) -> dict[str, float]:
        return dict(zip(self.features, self.weights[:, 0].tolist(), strict=True))

    @cached_property
    def _scaled(self) -> Floats:
        scaled: Floats = self.weights if self.idf is None else self.weights * self.idf[:, None]
        return scaled

    @property
    def binary(self) -> bool:
        return bool(self.weights.shape[1] == 1)

    # -- scoring ---------------------------------------------------------------------------

    def raw(self, texts: Sequence[str]) -> Floats:
        """Decision values: shape (n,) log-odds for a binary model, (n, classes) otherwise."""
        featurize = self.featurizer.features
        return self.raw_features([featurize(prepare(t)) for t in texts])

    def raw_spans(self, prepared: str, spans: Sequence[Span]) -> Floats:
        """Decision values of the sentences ``prepared[start:end]`` of one text prepared once
        (:func:`claimcheck.scoring.features.prepare`; the fast path for an article)."""
        featurize = self.featurizer.features
        return self.raw_features([featurize(prepared, start, end) for start, end in spans])

    def raw_features(self, feature_lists: Sequence[Sequence[str]]) -> Floats:
        raw = self._raw_unshrunk(feature_lists)
        if not self.shrink or not self.binary:
            return raw
        get_index = self.index.get
        once = self.idf is not None
        rows = [[i for i in map(get_index, feats) if i is not None] for feats in feature_lists]
        known = np.array([len(set(found)) if once else len(found) for found in rows], dtype=np.float64)
        bias = float(self.bias[0])
        shrunk: Floats = bias + (raw - bias) * known / (known + self.shrink)
        return shrunk

    def _raw_unshrunk(self, feature_lists: Sequence[Sequence[str]]) -> Floats:
        if self.idf is not None:
            return self._raw_idf(feature_lists)
        if self.binary:
            get = self._single.get
            b = float(self.bias[0])
            return np.array([b + sum(map(get, feats, repeat(0.0))) for feats in feature_lists])
        get_index = self.index.get
        rows: list[int] = []
        ends: list[int] = []
        for feats in feature_lists:
            rows += [i for i in map(get_index, feats) if i is not None]
            ends.append(len(rows))
        if not rows:
            return np.tile(self.bias, (len(feature_lists), 1))
        cumulative = np.vstack([np.zeros((1, self.weights.shape[1])), np.cumsum(self.weights[rows], axis=0)])
        stops = np.array(ends, dtype=np.intp)
        starts = np.concatenate([[0], stops[:-1]]).astype(np.intp)
        return cumulative[stops] - cumulative[starts] + self.bias

    def _raw_idf(self, feature_lists: Sequence[Sequence[str]]) -> Floats:
        assert self.idf is not None
        get_index = self.index.get
        squared = self.idf**2
        out = np.tile(self.bias, (len(feature_lists), 1))
        for n, feats in enumerate(feature_lists):
            rows = [i for i in set(map(get_index, feats)) if i is not None]
            if rows:
                norm = math.sqrt(float(squared[rows].sum()))
                out[n] += self._scaled[rows].sum(axis=0) / norm
        raw: Floats = out[:, 0] if self.binary else out
        return raw

    def contributions(self, rows: Sequence[int]) -> Floats:
        """Shape (len(rows), columns): what each feature (by row of the model) adds to each
        column's decision value in a sentence that has exactly these features."""
        if self.idf is None:
            plain: Floats = self.weights[list(rows)]
            return plain
        unique = sorted(set(rows))
        norm = math.sqrt(float((self.idf[unique] ** 2).sum())) or 1.0
        scaled: Floats = self._scaled[list(rows)] / norm
        return scaled

    def score(self, texts: Sequence[str]) -> Floats:
        """Probabilities: shape (n,) of class 1 for a binary model, (n, classes) otherwise."""
        return self.probabilities(self.raw(texts))

    def probabilities(self, raw: Floats) -> Floats:
        if self.binary:
            binary: Floats = 1.0 / (1.0 + np.exp(-raw))
            return binary
        shifted = np.exp(raw - raw.max(axis=1, keepdims=True))
        multi: Floats = shifted / shifted.sum(axis=1, keepdims=True)
        return multi

    def decide(self, probabilities: Floats) -> list[Class]:
        """Classes for probabilities from :meth:`score`: a binary model's threshold (0.5 when
        it has none), a multiclass model's most probable class."""
        if self.binary:
            cut = 0.5 if self.threshold is None else self.threshold
            return [1 if p >= cut else 0 for p in probabilities.tolist()]
        return [self.classes[i] for i in probabilities.argmax(axis=1).tolist()]

    def predict(self, texts: Sequence[str]) -> list[Class]:
        return self.decide(self.score(texts))

    def score_on_pages(self, texts: Sequence[str], pages: Sequence[Hashable]) -> Floats:
        """Binary: P(1) of each text read on its page (``pages``: one key per text; the texts
        sharing a key are one page) when the model has a :attr:`context`, else alone."""
        if self.context is None or not self.binary:
            return self.score(texts)
        return self.context.probabilities(self.raw(texts), pages)

    def predict_on_pages(self, texts: Sequence[str], pages: Sequence[Hashable]) -> list[Class]:
        """Classes as :meth:`predict` gives them, each text read on its page (the context's
        threshold) when the model has a :attr:`context`."""
        if self.context is None or not self.binary:
            return self.predict(texts)
        cut = self.context.threshold
        return [1 if p >= cut else 0 for p in self.score_on_pages(texts, pages).tolist()]

    # -- explanation -------------------------------------------------------------------------

    def explain(self, text: str, k: int = 3, target: Class | None = None) -> list[Phrase]:
        """The ``k`` phrases of ``text`` (in its own words) that weighed most toward
        ``target`` (a binary model: class 1; a multiclass model: its predicted class by
        default), merged into phrases as :func:`claimcheck.scoring.explain.top_phrases` does."""
        column = self._column(text, target)
        located = [
            (self.index.get(feature), feature, span) for feature, span in self.featurizer.located(text)
        ]
        known = [(i, feature, span) for i, feature, span in located if i is not None]
        values = self.contributions([i for i, _, _ in known]).tolist()
        return top_phrases(
            text,
            (
                (feature, span, row[column] if self.binary else row[column] - sum(row) / len(row))
                for (_, feature, span), row in zip(known, values, strict=True)
            ),
            k,
        )

    def _column(self, text: str, target: Class | None) -> int:
        if self.binary:
            return 0
        if target is None:
            return int(self.raw([text])[0].argmax())
        if target not in self.classes:
            raise ValueError(
                f"{self.name}: no class {target!r} (classes: {', '.join(map(str, self.classes))})"
            )
        return self.classes.index(target)

    # -- file --------------------------------------------------------------------------------

    def dumps(self) -> str:
        """The model file's text (deterministic: same model, same bytes)."""
        head = {
            "format": FORMAT,
            "name": self.name,
            "label": self.label,
            "classes": list(self.classes),
            "featurizer": self.featurizer.settings(),
            "bias": [round(float(b), DECIMALS) for b in self.bias],
            "threshold": self.threshold,
            "idf": self.idf is not None,
            "metadata": self.metadata,
        }
        if self.shrink is not None:
            head["shrink"] = self.shrink
        if self.context is not None:
            head["context"] = self.context.as_dict()
        lines = [json.dumps(head, ensure_ascii=False, sort_keys=False)[:-1] + ', "weights": [']
        idf = [None] * len(self.features) if self.idf is None else self.idf.tolist()
        rows = [
            json.dumps(
                [
                    feature,
                    *([] if weight is None else [round(weight, DECIMALS)]),
                    *(round(float(w), DECIMALS) for w in row),
                ],
                ensure_ascii=False,
            )
            for feature, weight, row in zip(self.features, idf, self.weights, strict=True)
        ]
        lines.append(",\n".join(rows))
        lines.append("]}")
        return "\n".join(lines) + "\n"

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.dumps(), encoding="utf-8")

    @classmethod
    def loads(cls, text: str | bytes, source: str = "<model>") -> LinearModel:
        try:
            data = orjson.loads(text)
            if data.get("format") != FORMAT:
                raise ModelFileError(f"{source}: not a {FORMAT} model file")
            rows = data["weights"]
            classes = tuple(data["classes"])
            columns = 1 if classes == (0, 1) else len(classes)
            first = 2 if data.get("idf") else 1
            weights = np.array([row[first:] for row in rows], dtype=np.float64).reshape(len(rows), columns)
            idf = np.array([row[1] for row in rows], dtype=np.float64) if first == 2 else None
            bias = np.array(data["bias"], dtype=np.float64)
            threshold = data.get("threshold")
            if bias.shape != (columns,) or (threshold is not None and not math.isfinite(threshold)):
                raise ModelFileError(f"{source}: bias or threshold does not fit {len(classes)} classes")
            shrink = data.get("shrink")
            if shrink is not None and not (math.isfinite(shrink) and shrink > 0 and columns == 1):
                raise ModelFileError(f"{source}: shrink must be a positive number, on a binary model")
            context = data.get("context")
            if context is not None:
                if columns != 1:
                    raise ModelFileError(f"{source}: only a binary model reads sentences in context")
                try:
                    context = PageContext.from_dict(context)
                except ValueError as error:
                    raise ModelFileError(f"{source}: {error}") from None
            return cls(
                name=str(data["name"]),
                label=str(data["label"]),
                classes=classes,
                featurizer=Featurizer.from_settings(data["featurizer"]),
                features=tuple(str(row[0]) for row in rows),
                weights=weights,
                bias=bias,
                threshold=None if threshold is None else float(threshold),
                metadata=dict(data.get("metadata") or {}),
                idf=idf,
                shrink=None if shrink is None else float(shrink),
                context=context,
            )
        except ModelFileError:
            raise
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as error:
            raise ModelFileError(f"{source}: not a readable model file ({error})") from None

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise ModelFileError(f"{path}: cannot read ({error.strerror})") from None
        return cls.loads(data, str(path))

"""Several binary models with one featurizer scored together: each sentence is featurized once
and every feature looked up once, for all the models (the content rules score every sentence
of every article with four models).

A stack is built from its models (:meth:`Stack.of`) or read from its own file, which
``nox -s train`` writes beside them (``models/<stack>.stack``): one JSON header line (names,
featurizer, biases, thresholds, the sha256 of each model file it was built from), the
features (UTF-8, one a line), then the weight matrix (float64, little-endian). Reading it
takes a few milliseconds where building it from the four JSON files takes a quarter of a
second, which a one-article re-check would pay.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from claimcheck.scoring.context import PageContext
from claimcheck.scoring.explain import Phrase, top_phrases
from claimcheck.scoring.features import Featurizer, Span, prepare
from claimcheck.scoring.model import Floats, LinearModel, ModelFileError

FORMAT = "claimcheck-stack/1"
MEMO_SIZE = 200_000
"""Sentences a stack remembers the scores of (then it forgets them all and starts again)."""


@dataclass(eq=False)
class Stack:
    """Binary models scored as one: :meth:`probabilities` gives one column per model, in order.

    ``weights`` has one column per model (its weight, times its idf when the models weigh by
    idf) and, with idf, one more per model (its idf squared: the sentence's norm)."""

    names: tuple[str, ...]
    featurizer: Featurizer
    features: tuple[str, ...]
    weights: Floats
    bias: Floats
    thresholds: Floats
    idf: bool
    sources: dict[str, str]
    """Model name -> sha256 of the model file the stack was built from."""
    shrink: Floats | None = None
    """Per model, its ``LinearModel.shrink`` (0: none), when one model has one; ``weights``
    then has one more column per model: 1 for the model's features (their count in a sentence)."""
    contexts: tuple[PageContext | None, ...] = ()
    """Per model, its ``LinearModel.context`` (empty: none has one): how a unit reads on its page."""

    def __post_init__(self) -> None:
        self.index = dict(zip(self.features, range(len(self.features)), strict=True))
        self._memo: dict[str, list[float]] = {}
        self._by_word: dict[str, list[int]] = {}
        self._explained: dict[tuple[int, str, int], tuple[tuple[int, int, float], ...]] = {}

    @classmethod
    def of(cls, models: Sequence[LinearModel], sources: dict[str, str] | None = None) -> Stack:
        if not models:
            raise ValueError("a stack needs at least one model")
        featurizer = models[0].featurizer
        idf = models[0].idf is not None
        for model in models:
            if not model.binary:
                raise ValueError(f"{model.name}: only binary models stack")
            if model.featurizer != featurizer:
                raise ValueError(f"{model.name}: its featurizer differs from {models[0].name}'s")
            if (model.idf is not None) != idf:
                raise ValueError("a stack's models all weigh features by idf, or none does")
        features = sorted({f for m in models for f in m.features})
        index = dict(zip(features, range(len(features)), strict=True))
        count = len(models)
        shrink = np.array([m.shrink or 0.0 for m in models])
        width = (2 * count if idf else count) + (count if shrink.any() else 0)
        weights = np.zeros((len(features), width))
        for column, model in enumerate(models):
            rows = [index[f] for f in model.features]
            weights[rows, column] = model.weights[:, 0]
            if model.idf is not None:
                weights[rows, column] *= model.idf
                weights[rows, count + column] = model.idf**2
            if shrink.any():
                weights[rows, width - count + column] = 1.0
        return cls(
            names=tuple(m.name for m in models),
            featurizer=featurizer,
            features=tuple(features),
            weights=weights,
            bias=np.array([float(m.bias[0]) for m in models]),
            thresholds=np.array([0.5 if m.threshold is None else m.threshold for m in models]),
            idf=idf,
            sources=dict(sources or {}),
            shrink=shrink if shrink.any() else None,
            contexts=tuple(m.context for m in models) if any(m.context for m in models) else (),
        )

    # -- scoring ---------------------------------------------------------------------------

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
            return np.zeros((0, len(self.names)))
        return np.array([memo[key] for key in keys])

    def _raw_texts(self, texts: Sequence[str]) -> list[list[float]]:
        featurizer = self.featurizer
        get = self.index.get
        by_word = self._by_word
        rows: list[int] = []
        ends: list[int] = []
        once = self.idf  # with idf, a feature counts once in a sentence
        for text in texts:
            words = featurizer.words(text)
            found: list[int] = []
            for word in words:
                known = by_word.get(word)
                if known is None:
                    if len(by_word) >= MEMO_SIZE:
                        by_word.clear()
                    known = by_word[word] = [
                        i for i in map(get, featurizer.word_features(word)) if i is not None
                    ]
                found += known
            found += [i for i in map(get, featurizer.ngram_features(words)) if i is not None]
            rows += set(found) if once else found
            ends.append(len(rows))
        cumulative = np.zeros((len(rows) + 1, self.weights.shape[1]))
        if rows:
            np.cumsum(self.weights[rows], axis=0, out=cumulative[1:])
        stops = np.array(ends, dtype=np.intp)
        starts = np.empty_like(stops)
        starts[0] = 0
        starts[1:] = stops[:-1]
        sums = cumulative[stops] - cumulative[starts]
        count = len(self.names)
        if once:
            norms = np.sqrt(sums[:, count : 2 * count])
            norms[norms == 0] = 1.0
            raw = sums[:, :count] / norms + self.bias
        else:
            raw = sums[:, :count] + self.bias
        if self.shrink is not None:  # LinearModel.shrink: m / (m + shrink), m the known features
            counted = sums[:, -count:]
            raw = self.bias + (raw - self.bias) * counted / np.maximum(counted + self.shrink, 1e-12)
        rows_out: list[list[float]] = raw.tolist()
        return rows_out

    def on_page(self, prepared: str, spans: Sequence[Span]) -> tuple[Floats, Floats]:
        """Probabilities, shape (units, models), of one page's units (an article's title,
        headings and sentences): each unit alone, and each read on its page (the same, for a
        model without a context)."""
        raw = self.raw_spans(prepared, spans)
        alone: Floats = 1.0 / (1.0 + np.exp(-raw))
        paged = alone.copy()
        for column, context in enumerate(self.contexts):
            if context is not None:
                paged[:, column] = context.probabilities(raw[:, column])
        return alone, paged

    @cached_property
    def page_thresholds(self) -> Floats:
        """Per model, the threshold of :meth:`on_page`'s second array (a context's own); worked
        out once, as every article's stance asks for it."""
        cuts: Floats = self.thresholds.copy()
        for column, context in enumerate(self.contexts):
            if context is not None:
                cuts[column] = context.threshold
        return cuts

    def explain(self, column: int, text: str, k: int = 3) -> list[Phrase]:
        """The phrases of ``text`` that weighed most toward model ``column``'s class 1 (as
        :meth:`LinearModel.explain` finds them, from the stack's own weights); remembered
        per text like the scores."""
        key = (column, prepare(text), k)  # offsets hold: a repeat with other digits reuses the spans
        found = self._explained.get(key)
        if found is None:
            if len(self._explained) >= MEMO_SIZE:
                self._explained.clear()
            found = self._explained[key] = tuple(
                (p.start, p.end, p.weight) for p in self._explain(column, text, k)
            )
        return [Phrase(text[start:end], start, end, weight) for start, end, weight in found]

    def _explain(self, column: int, text: str, k: int) -> tuple[Phrase, ...]:
        get = self.index.get
        known = [
            (i, feature, span)
            for feature, span in self.featurizer.located(text)
            if (i := get(feature)) is not None
        ]
        if not known:
            return ()
        rows = [i for i, _, _ in known]
        norm = 1.0
        if self.idf:
            norm = float(np.sqrt(self.weights[sorted(set(rows)), len(self.names) + column].sum())) or 1.0
        weights: list[float] = (self.weights[rows, column] / norm).tolist()
        return tuple(
            top_phrases(text, ((f, s, w) for (_, f, s), w in zip(known, weights, strict=True) if w > 0), k)
        )

    # -- file --------------------------------------------------------------------------------

    def dumps(self) -> bytes:
        head = {
            "format": FORMAT,
            "names": list(self.names),
            "featurizer": self.featurizer.settings(),
            "bias": self.bias.tolist(),
            "thresholds": self.thresholds.tolist(),
            "idf": self.idf,
            "sources": self.sources,
            "shape": list(self.weights.shape),
        }
        if self.shrink is not None:
            head["shrink"] = self.shrink.tolist()
        if self.contexts:
            head["context"] = {n: c.as_dict() for n, c in zip(self.names, self.contexts, strict=True) if c}
        blob = "\n".join(self.features).encode("utf-8")
        head["features_bytes"] = len(blob)
        header = json.dumps(head, sort_keys=True).encode("utf-8") + b"\n"
        return header + blob + np.ascontiguousarray(self.weights, dtype="<f8").tobytes()

    @classmethod
    def loads(cls, data: bytes, source: str = "<stack>") -> Stack:
        try:
            line_end = data.index(b"\n")
            head = json.loads(data[:line_end])
            if head.get("format") != FORMAT:
                raise ModelFileError(f"{source}: not a {FORMAT} file")
            start = line_end + 1
            blob_end = start + int(head["features_bytes"])
            features = tuple(data[start:blob_end].decode("utf-8").split("\n")) if blob_end > start else ()
            rows, columns = (int(n) for n in head["shape"])
            weights = np.frombuffer(data, dtype="<f8", offset=blob_end).reshape(rows, columns)
            if rows != len(features):
                raise ModelFileError(f"{source}: {len(features)} features for {rows} weight rows")
            names = tuple(head["names"])
            found = head.get("context") or {}
            try:
                contexts = tuple(PageContext.from_dict(found[n]) if n in found else None for n in names)
            except ValueError as error:
                raise ModelFileError(f"{source}: {error}") from None
            return cls(
                names=names,
                featurizer=Featurizer.from_settings(head["featurizer"]),
                features=features,
                weights=weights,
                bias=np.array(head["bias"], dtype=np.float64),
                thresholds=np.array(head["thresholds"], dtype=np.float64),
                idf=bool(head["idf"]),
                sources=dict(head.get("sources") or {}),
                shrink=None if head.get("shrink") is None else np.array(head["shrink"], dtype=np.float64),
                contexts=contexts if found else (),
            )
        except ModelFileError:
            raise
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
            raise ModelFileError(f"{source}: not a readable stack file ({error})") from None


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

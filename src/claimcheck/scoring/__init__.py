"""Learned sentence scorers: small linear models shipped with the package, scored with numpy
and plain Python (no scikit-learn at run time), trained reproducibly from ``data/labels``.

Public API (stable; other packages build on it):

Scoring (:mod:`claimcheck.scoring.model`, :mod:`claimcheck.scoring.shipped`)
    ``load(name) -> LinearModel``
        A shipped model (``claimcheck/scoring/models/<name>.json``), read once per process.
        ``ModelFileError`` when missing or unreadable. ``available()`` lists the names.
    ``LinearModel.score(texts) -> ndarray``
        Batch probabilities: shape (n,) of class 1 for a binary model, (n, classes) for a
        multiclass one (columns in ``model.classes`` order).
    ``LinearModel.predict(texts) -> list[int | str]``
        Binary: 1 when P(1) >= ``model.threshold`` (chosen on dev), else 0; multiclass: the
        most probable class name. ``model.decide(probabilities)`` does the same for scores
        you already have.
    ``LinearModel.score_on_pages(texts, pages)``, ``.predict_on_pages(texts, pages)``
        The same with each text read on its page (``pages``: one key per text; texts sharing
        a key are one page) when the model has a ``context`` (:mod:`claimcheck.scoring.context`:
        the promotion model), at the context's threshold; as ``score``/``predict`` otherwise.
    ``LinearModel.raw_spans(prepared, spans) -> ndarray``
        Decision values (log-odds) of sentences given as ``(start, end)`` offsets into one
        text prepared once (``prepare(text)``: folded, digits as 0, offsets unchanged);
        ``model.probabilities(raw)`` turns them into probabilities. The fast path for all the
        sentences of an article. ``Stack.of(models)`` (:mod:`claimcheck.scoring.stack`) scores
        several binary models of one featurizer together, featurizing each sentence once
        (``.on_page(prepared, spans)``: each unit alone and read on its page, ``.explain(column, text, k)``);
        ``load_stack(name, models)`` reads a shipped stack file (``registry.STACKS``).
    ``LinearModel.explain(text, k=3, target=None) -> list[Phrase]``
        The ``k`` phrases of ``text``, in its own words (``Phrase.text``, ``.start``, ``.end``,
        ``.weight``), that weighed most toward class 1 (binary) or ``target`` (multiclass;
        default: the predicted class), strongest first.
    ``LinearModel.metadata``
        What it was trained on (row counts and sha256 of the train and dev rows, collections),
        the trainer and its settings, and the dev figures at the chosen threshold.

Features (:mod:`claimcheck.scoring.features`)
    ``Featurizer(min_n=1, max_n=2, prefix=0)``: lowercased, typography-folded word n-grams
    (every digit read as ``0``) plus optional word-start prefixes; ``.features(prepared,
    start, end)``, ``.text_features(text)``, ``.located(text)`` (features with spans);
    ``prepare(text)``.

Labelled data (:mod:`claimcheck.scoring.labels`; the contract is data/labels/README.md)
    ``read_rows(directory, label=None, split=None, collections=None, origin=None) -> list[Row]``
        Rows of ``directory/rows/*.jsonl`` (``labels_dir(root)`` is ``root/data/labels``),
        filtered; ``Row`` has ``id, text, collection, doc, origin, labels, split, licence,
        labeller``. ``LabelsError`` (with ``file:line``) for rows that break the contract.
    ``split_of(doc) -> "train" | "dev" | "test"``: the README's hash rule; a collection's
        pinned ``split`` in sources.yaml wins (``read_collections(directory)``).
    ``checksum(rows) -> str``: sha256 of the rows' ids, texts, docs and labels in id order.

Training (:mod:`claimcheck.scoring.registry`, :mod:`claimcheck.scoring.train`; needs the
``[train]`` extra)
    ``ModelSpec(name, label, classes=None, featurizer=Featurizer(), c=4.0, select=None, idf=True,
    min_precision=None, min_recall=None, description="")``: one model; ``classes`` given makes it multiclass;
    ``select(row)`` keeps the rows it learns from. ``register(spec)`` adds it to ``MODELS``,
    which ``nox -s train`` (``python -m claimcheck.scoring.train [NAME ...]``) trains.
    ``fit(spec, train_rows, dev_rows) -> LinearModel``: train split to learn, dev split for
    the threshold and the dev figures. Features are weighed by tf-idf unless ``idf=False``;
    ``min_recall`` (like ``min_precision``) constrains the dev-chosen threshold. ``nox -s evaluate`` (``python -m
    claimcheck.scoring.evaluate``) prints the figures on the frozen test split.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimcheck.scoring.explain import Phrase
    from claimcheck.scoring.features import Featurizer, prepare
    from claimcheck.scoring.labels import LabelsError, Row, checksum, labels_dir, read_rows, split_of
    from claimcheck.scoring.model import LinearModel, ModelFileError
    from claimcheck.scoring.shipped import available, load, load_stack

_HOMES = {
    "Phrase": "explain",
    "Featurizer": "features",
    "prepare": "features",
    "LabelsError": "labels",
    "Row": "labels",
    "checksum": "labels",
    "labels_dir": "labels",
    "read_rows": "labels",
    "split_of": "labels",
    "LinearModel": "model",
    "ModelFileError": "model",
    "available": "shipped",
    "load": "shipped",
    "load_stack": "shipped",
}
"""Where each name of the public API lives: its module is imported when the name is first
asked for (the models need numpy, which a run that scores nothing never imports)."""


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"claimcheck.scoring.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "Featurizer",
    "LabelsError",
    "LinearModel",
    "ModelFileError",
    "Phrase",
    "Row",
    "available",
    "checksum",
    "labels_dir",
    "load",
    "load_stack",
    "prepare",
    "read_rows",
    "split_of",
]

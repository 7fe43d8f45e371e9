"""Training a page context (:mod:`claimcheck.scoring.context`) for a binary model: a logistic
regression over out-of-fold sentence scores of the train split and the mean score of each
row's page (the other train rows of its document), its threshold chosen on dev by the
model's rule. Needs scikit-learn, like all training."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from claimcheck.scoring import context as page_context
from claimcheck.scoring.context import PageContext
from claimcheck.scoring.labels import Row
from claimcheck.scoring.model import DECIMALS, LinearModel
from claimcheck.scoring.registry import ModelSpec

FOLDS = 5
"""The train split's documents are dealt into this many folds by hash; each fold is scored by
a model trained on the others."""
C = 1.0
"""Inverse regularisation of the context's regression (three inputs; C 0.1-10 gave the same
dev figures)."""


def _fold(doc: str) -> int:
    return int(hashlib.sha256(f"context:{doc}".encode()).hexdigest()[:8], 16) % FOLDS


def fit_context(
    spec: ModelSpec,
    model: LinearModel,
    train: list[Row],
    dev: list[Row],
    shrinks: Sequence[float],
    fit_rows: Callable[[list[Row]], LinearModel],
) -> tuple[float | None, PageContext] | None:
    """How ``model``'s sentences read on their pages, and the shrink (of ``shrinks``) to read
    them at: for each shrink a regression over out-of-fold scores of ``train`` (each fold
    scored by ``fit_rows`` of the other folds' rows) with their documents' other rows as the
    page, its threshold chosen on ``dev`` (each row's page: the other dev rows of its document)
    by ``spec``'s rule; the shrink whose decision on the page the rule ranks best (ties keep the
    smaller). None when no train document has two rows or a fold's complement lacks a class."""
    from sklearn.linear_model import LogisticRegression

    if not dev or not any(n > 1 for n in Counter(r.doc for r in train).values()):
        return None
    folds: list[tuple[list[int], LinearModel]] = []
    for fold in range(FOLDS):
        held = [i for i, r in enumerate(train) if _fold(r.doc) == fold]
        rest = [r for r in train if _fold(r.doc) != fold]
        if not held:
            continue
        if len({int(r.labels[spec.label]) for r in rest}) < 2:
            return None
        folds.append((held, fit_rows(rest)))
    pages, dev_pages = [r.doc for r in train], [r.doc for r in dev]
    y = [int(r.labels[spec.label]) for r in train]
    truth = [int(r.labels[spec.label]) for r in dev]
    alarms = None if spec.false_alarm is None else [spec.false_alarm(r) for r in dev]
    best: tuple[tuple[bool, float, float], float | None, PageContext] | None = None
    chosen_alone = model.shrink
    for shrink in shrinks:
        raw = np.zeros(len(train))
        for held, inner in folds:
            inner.shrink = shrink or None
            raw[held] = inner.raw([train[i].text for i in held])
        learner = LogisticRegression(C=C, solver="lbfgs", class_weight="balanced")
        learner.fit(page_context.features(raw, pages), y)
        found = PageContext.of(learner.coef_[0], learner.intercept_[0], 0.5, DECIMALS)
        model.shrink = shrink or None
        dev_raw = model.raw([r.text for r in dev])
        probabilities = found.probabilities(dev_raw, dev_pages)
        if spec.alone_decides is not None:  # as the rules decide: such a row flagged alone is flagged
            _, flagged_alone = spec.operating_point(truth, model.probabilities(dev_raw).tolist(), alarms)
            decides = np.array([spec.alone_decides(r) for r in dev], dtype=bool)
            probabilities = np.where(decides & np.array(flagged_alone, dtype=bool), 1.0, probabilities)
        cut, predicted = spec.operating_point(truth, probabilities.tolist(), alarms)
        key = spec.rank(truth, predicted, alarms)
        if best is None or key > best[0]:
            best = (key, shrink or None, replace(found, threshold=cut))
    model.shrink = chosen_alone  # as it came: the caller decides
    assert best is not None  # shrinks is never empty
    return best[1], best[2]

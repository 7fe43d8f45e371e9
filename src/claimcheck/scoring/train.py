"""Training the registered models (:mod:`claimcheck.scoring.registry`) on the train split of
``data/labels`` and choosing their thresholds on the dev split. Needs scikit-learn
(``pip install 'claimcheck-health[train]'``); reading and scoring do not.

    python -m claimcheck.scoring.train [--root .] [--out DIR] [NAME ...]

Deterministic: a fixed solver and seed, sorted features, weights rounded to 4 decimals, no
timestamps, so training twice on the same rows writes the same bytes.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from claimcheck.scoring.context_fit import FOLDS as CONTEXT_FOLDS
from claimcheck.scoring.context_fit import fit_context
from claimcheck.scoring.labels import LabelsError, Row, checksum, labels_dir, read_rows
from claimcheck.scoring.metrics import figures, rate
from claimcheck.scoring.model import DECIMALS, LinearModel
from claimcheck.scoring.registry import MODELS, SHRINKS, STACKS, ModelSpec
from claimcheck.scoring.shipped import MODELS_DIR
from claimcheck.scoring.stack import Stack, file_sha256
from claimcheck.scoring.transfer import TransferRow, read_transfer, transfer_checksum

SEED = 0
MIN_COUNT = 1
"""A feature is kept when it occurs in at least this many training rows."""


def _require_sklearn() -> Any:
    try:
        import sklearn  # noqa: F401
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise SystemExit("training needs scikit-learn: pip install 'claimcheck-health[train]'") from None
    return LogisticRegression


def _matrix(feature_lists: Sequence[Sequence[str]], index: dict[str, int], idf: Any = None) -> Any:
    """Counts of each feature per row; with ``idf``, each present feature's idf, rows L2-normalised."""
    from scipy.sparse import csr_matrix

    data: list[float] = []
    cols: list[int] = []
    ptr = [0]
    for feats in feature_lists:
        counts = Counter(index[f] for f in feats if f in index)
        row = sorted(counts)
        values = [float(counts[c]) for c in row] if idf is None else [float(idf[c]) for c in row]
        if idf is not None and values:
            norm = math.sqrt(sum(v * v for v in values))
            values = [v / norm for v in values]
        cols += row
        data += values
        ptr.append(len(cols))
    return csr_matrix((data, cols, ptr), shape=(len(feature_lists), len(index)), dtype=np.float64)


def _idf(feature_lists: Sequence[Sequence[str]], index: dict[str, int]) -> Any:
    """Smoothed idf (as scikit-learn's): ln((1 + rows) / (1 + rows with the feature)) + 1,
    rounded as the model file keeps it."""
    seen = Counter(index[f] for feats in feature_lists for f in set(feats) if f in index)
    total = len(feature_lists)
    return np.round(
        np.array([math.log((1 + total) / (1 + seen[i])) + 1 for i in range(len(index))]), DECIMALS
    )


def _blend_nb(
    regression: Any,
    c: float,
    x: Any,
    y: list[int | str],
    weights: Any,
    bias: Any,
    sample_weight: Any = None,
) -> tuple[Any, Any]:
    """The average of the plain model (``weights``, ``bias``) and a logistic regression with
    inverse regularisation ``c`` on ``x`` scaled by each feature's naive-Bayes log-count ratio
    (NBSVM, Wang and Manning 2012: the log of how much likelier a feature is in a class-1 row
    than in a class-0 row, add-one smoothed), folded back into weights over ``x``. With
    ``sample_weight`` (the classes already balanced in it), rows count by their weight."""
    from scipy.sparse import diags

    positive = np.array([v == 1 for v in y])
    present = (x > 0).astype(np.float64)
    if sample_weight is not None:
        present = diags(np.asarray(sample_weight, dtype=np.float64)) @ present
    p = np.asarray(present[positive].sum(axis=0)).ravel() + 1.0
    q = np.asarray(present[~positive].sum(axis=0)).ravel() + 1.0
    ratio = np.log((p / p.sum()) / (q / q.sum()))
    balanced = "balanced" if sample_weight is None else None  # else balanced in the weights
    scaled = regression(C=c, solver="liblinear", class_weight=balanced, random_state=SEED)
    scaled.fit(x @ diags(ratio), y, sample_weight=sample_weight)
    return (weights + (scaled.coef_[0] * ratio)[:, None]) / 2, (bias + scaled.intercept_) / 2


def _target(spec: ModelSpec, row: Row) -> int | str:
    value = row.labels[spec.label]
    if spec.classes is None:
        return int(value)
    return str(value)


def _balanced(y: Sequence[int | str]) -> dict[int | str, float]:
    """scikit-learn's balanced class weights (rows / (classes x rows of the class)), per class."""
    from sklearn.utils.class_weight import compute_class_weight

    classes = sorted(set(y), key=str)
    weights = compute_class_weight("balanced", classes=np.array(classes), y=np.array(y))
    return dict(zip(classes, (float(w) for w in weights), strict=True))


def _with_transfer(
    spec: ModelSpec, x: Any, y: list[int | str], transfer: list[TransferRow], xt: Any
) -> tuple[Any, list[int | str], Any]:
    """The labelled rows (``x``, ``y``) and the transfer rows (``xt``) as one weighted training
    set: the labelled rows weighted to balance their classes, each transfer row once per class
    with the teacher's probability of that class times ``spec.transfer``, times that class's
    balancing weight (rows with a weight below 1e-4 left out)."""
    from scipy.sparse import vstack

    balance = _balanced(y)
    mix = float(spec.transfer or 0.0)
    blocks, targets, weights = [x], list(y), [balance[v] for v in y]
    classes: tuple[int | str, ...] = (0, 1) if spec.classes is None else spec.classes
    for c in classes:
        if c not in balance:
            continue
        if spec.classes is None:
            p = [r.teacher[spec.label] if c == 1 else 1.0 - r.teacher[spec.label] for r in transfer]
        else:
            p = [r.teacher.get("claim", 1.0) * r.teacher[f"{spec.label}:{c}"] for r in transfer]
        keep = [i for i, q in enumerate(p) if q * mix * balance[c] >= 1e-4]
        blocks.append(xt[keep])
        targets += [c] * len(keep)
        weights += [p[i] * mix * balance[c] for i in keep]
    return vstack(blocks).tocsr(), targets, np.array(weights)


def fit(
    spec: ModelSpec, train: list[Row], dev: list[Row], transfer: Sequence[TransferRow] = ()
) -> LinearModel:
    """A model for ``spec`` learned on ``train`` (and, when ``spec.transfer`` is set, on the
    teacher's probabilities of ``transfer``); a binary model's threshold chosen on ``dev``."""
    regression = _require_sklearn()
    transfer = list(transfer) if spec.transfer else []
    featurize = spec.featurizer
    train_features = [featurize.text_features(r.text) for r in train]
    seen = Counter(f for feats in train_features for f in set(feats))
    vocabulary = sorted(f for f, n in seen.items() if n >= MIN_COUNT)
    transfer_features = [featurize.text_features(r.text) for r in transfer]
    counted = train_features
    if transfer and spec.transfer_vocabulary is not None:
        more = Counter(f for feats in transfer_features for f in set(feats))
        vocabulary = sorted({*vocabulary, *(f for f, n in more.items() if n >= spec.transfer_vocabulary)})
        counted = [*train_features, *transfer_features]
    index = {f: i for i, f in enumerate(vocabulary)}
    idf = _idf(counted, index) if spec.idf else None
    x = _matrix(train_features, index, idf)
    y = [_target(spec, r) for r in train]
    sample_weight = None
    if transfer:
        xt = _matrix(transfer_features, index, idf)
        x, y, sample_weight = _with_transfer(spec, x, y, transfer, xt)
    balanced = "balanced" if sample_weight is None else None
    if spec.classes is None:
        if len(set(y)) < 2:
            raise SystemExit(f"{spec.name}: the train split needs rows of both classes")
        learner = regression(C=spec.c, solver="liblinear", class_weight=balanced, random_state=SEED)
        learner.fit(x, y, sample_weight=sample_weight)
        weights = learner.coef_.T
        bias = learner.intercept_
        if spec.nb_blend is not None:
            weights, bias = _blend_nb(regression, spec.nb_blend, x, y, weights, bias, sample_weight)
        classes: tuple[int | str, ...] = (0, 1)
    else:
        unknown = sorted(set(map(str, y)) - set(spec.classes))
        if unknown:
            raise SystemExit(f"{spec.name}: rows with classes not in the spec: {', '.join(unknown)}")
        learner = regression(
            C=spec.c, solver="lbfgs", max_iter=5000, class_weight=balanced, random_state=SEED
        )
        learner.fit(x, y, sample_weight=sample_weight)
        order = [list(learner.classes_).index(c) if c in learner.classes_ else None for c in spec.classes]
        columns = len(spec.classes)
        weights = np.zeros((len(vocabulary), columns))
        bias = np.full(columns, -30.0)  # a class with no training row is never predicted
        two = learner.coef_.shape[0] == 1
        for column, position in enumerate(order):
            if position is None:
                continue
            if two:  # sklearn keeps one column for two classes: class 1's log-odds
                sign = 1.0 if position == 1 else -1.0
                weights[:, column] = sign * learner.coef_[0] / 2
                bias[column] = sign * learner.intercept_[0] / 2
            else:
                weights[:, column] = learner.coef_[position]
                bias[column] = learner.intercept_[position]
        classes = spec.classes
    weights = np.round(weights, DECIMALS)
    # with idf every feature counts in a sentence's norm: keep them all
    keep = (
        list(range(len(vocabulary)))
        if idf is not None
        else [i for i in range(len(vocabulary)) if np.any(weights[i] != 0.0)]
    )
    model = LinearModel(
        name=spec.name,
        label=spec.label,
        classes=classes,
        featurizer=featurize,
        features=tuple(vocabulary[i] for i in keep),
        weights=weights[keep] + 0.0,  # no negative zeros
        bias=np.round(bias, DECIMALS) + 0.0,
        idf=None if idf is None else idf[keep] + 0.0,
    )
    if spec.classes is None and dev:
        truth = [int(_target(spec, r)) for r in dev]
        alarms = None if spec.false_alarm is None else [spec.false_alarm(r) for r in dev]
        best: tuple[bool, float, float] | None = None
        chosen: tuple[float | None, float] = (None, 0.5)
        shrinks = SHRINKS if spec.shrink else (0.0,)
        for shrink in shrinks:
            model.shrink = shrink or None
            probabilities = model.score([r.text for r in dev]).tolist()
            cut, predicted = spec.operating_point(truth, probabilities, alarms)
            key = spec.rank(truth, predicted, alarms)
            if best is None or key > best:  # ties keep the smaller shrink
                best, chosen = key, (model.shrink, cut)
        model.shrink, model.threshold = chosen
        if spec.context:
            alone = replace(spec, context=False)
            paged = fit_context(spec, model, train, dev, shrinks, lambda rows: fit(alone, rows, [], transfer))
            if paged is not None:  # the shrink of the decision on the page; the alone threshold at it
                model.shrink, model.context = paged
                probabilities = model.score([r.text for r in dev]).tolist()
                model.threshold, _ = spec.operating_point(truth, probabilities, alarms)
    model.metadata = _metadata(spec, model, train, dev, transfer)
    return model


def _metadata(
    spec: ModelSpec, model: LinearModel, train: list[Row], dev: list[Row], transfer: list[TransferRow]
) -> dict[str, Any]:
    import sklearn

    def counts(rows: list[Row]) -> dict[str, int]:
        return dict(sorted(Counter(str(_target(spec, r)) for r in rows).items()))

    meta: dict[str, Any] = {
        "description": spec.description,
        "threshold": ("best dev recall" if spec.most_recall else "best dev F1")
        + (f" with dev precision >= {spec.min_precision}" if spec.min_precision is not None else "")
        + (f" with dev recall >= {spec.min_recall}" if spec.min_recall is not None else "")
        + (
            f" flagging <= {spec.max_false_alarms} of the dev false-alarm rows"
            if spec.max_false_alarms is not None
            else ""
        ),
        "trainer": f"scikit-learn {sklearn.__version__} LogisticRegression(C={spec.c}, class_weight=balanced, "
        f"random_state={SEED}) on {'tf-idf (binary tf, smoothed idf, L2 rows)' if spec.idf else 'feature counts'}"
        + (
            f", weights averaged with LogisticRegression(C={spec.nb_blend}) on the features scaled by their "
            "naive-Bayes log-count ratio (add-one)"
            if spec.nb_blend is not None
            else ""
        )
        + f"; features seen in >= {MIN_COUNT} training rows",
        "train": {"rows": len(train), "classes": counts(train), "sha256": checksum(train)},
        "dev": {"rows": len(dev), "classes": counts(dev), "sha256": checksum(dev)},
        "collections": dict(sorted(Counter(r.collection for r in [*train, *dev]).items())),
    }
    if transfer:
        meta["transfer"] = {
            "rows": len(transfer),
            "weight": spec.transfer,
            "sha256": transfer_checksum(transfer),
            "how": "each transfer sentence learned as every class, weighted by the teacher's probability "
            "of it times the weight, classes balanced as the labelled rows' (data/labels/distill/README.md)",
        }
    if model.context is not None:
        meta["context"] = {
            "how": "a logistic regression (C=1, classes balanced) over the sentence's clipped log-odds "
            f"and the mean of its page's other units' (out-of-fold scores of the train split, {CONTEXT_FOLDS} "
            "folds by document); its threshold, and the model's shrink, chosen on dev by the same rule for "
            "the decision on the page, each dev row's page the other dev rows of its document",
        }
    if dev:
        texts = [r.text for r in dev]
        predicted = model.predict_on_pages(texts, [r.doc for r in dev])
        truth = [_target(spec, r) for r in dev]
        if spec.classes is None:
            if model.context is not None:
                meta["dev"]["alone"] = figures(truth, model.predict(texts)).as_dict()
            meta["dev"]["figures"] = figures(truth, predicted).as_dict()
            if spec.false_alarm is not None:
                marked = [p == 1 for p, r in zip(predicted, dev, strict=True) if spec.false_alarm(r)]
                meta["dev"]["false_alarms"] = {"rate": round(rate(marked), 4), "n": len(marked)}
        else:
            meta["dev"]["accuracy"] = round(
                sum(t == p for t, p in zip(truth, predicted, strict=True)) / len(dev), 4
            )
            meta["dev"]["figures"] = {c: figures(truth, predicted, c).as_dict() for c in spec.classes}
    return meta


def train(spec: ModelSpec, root: Path) -> LinearModel:
    """Read the rows of ``root``'s data/labels and fit ``spec`` (train split; dev for the threshold)."""
    rows = spec.rows(read_rows(labels_dir(root), label=spec.label))
    train_rows = [r for r in rows if r.split == "train"]
    dev_rows = [r for r in rows if r.split == "dev"]
    if not train_rows:
        raise SystemExit(f"{spec.name}: no training rows carry the label {spec.label!r}")
    transfer = read_transfer(labels_dir(root)) if spec.transfer else []
    return fit(spec, train_rows, dev_rows, transfer)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m claimcheck.scoring.train", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("names", nargs="*", help="models to train (default: every registered model)")
    parser.add_argument("--root", type=Path, default=Path("."), help="repository root (holds data/labels)")
    parser.add_argument("--out", type=Path, default=MODELS_DIR, help="where the model files go")
    args = parser.parse_args(argv)
    names = args.names or list(MODELS)
    unknown = [n for n in names if n not in MODELS]
    if unknown:
        print(
            f"error: unknown model(s): {', '.join(unknown)} (registered: {', '.join(MODELS)})",
            file=sys.stderr,
        )
        return 2
    try:
        for name in names:
            spec = MODELS[name]
            if not spec.rows(read_rows(labels_dir(args.root), label=spec.label, split="train")):
                print(
                    f"{name}: no training rows carry the label {spec.label!r}; not trained", file=sys.stderr
                )
                continue
            model = train(spec, args.root)
            path = args.out / f"{name}.json"
            model.save(path)
            dev = model.metadata["dev"]
            shown = dev.get("figures") if model.binary else {"accuracy": dev.get("accuracy")}
            print(
                f"{name}: {len(model.features)} features, threshold {model.threshold}, dev {shown} -> {path}"
            )
        for stack_name, members in STACKS.items():
            files = [args.out / f"{member}.json" for member in members]
            if all(path.exists() for path in files):
                models = [LinearModel.load(path) for path in files]
                sources = {m: file_sha256(p.read_bytes()) for m, p in zip(members, files, strict=True)}
                (args.out / f"{stack_name}.stack").write_bytes(Stack.of(models, sources).dumps())
                print(f"stack {stack_name}: {', '.join(members)} -> {args.out / f'{stack_name}.stack'}")
    except LabelsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

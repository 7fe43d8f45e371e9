"""Self-distillation on dev (the embedding experiment): the shipped featurizer's tf-idf logistic
regression trained on soft targets ``a * label + (1 - a) * p``, ``p`` the out-of-fold probability
of a logistic regression on the MiniLM embeddings of the same train rows (5 folds by document).
``a = 1`` is the shipped model again. Runs in the project's environment:

    python scripts/embeddings/teacher.py /tmp/claimcheck-emb/minilm.npz benefit harms kind
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path
from typing import Any

import numpy as np
from dev_figures import _matrix as embeddings
from dev_figures import _operating
from scipy.sparse import vstack
from sklearn.linear_model import LogisticRegression

from claimcheck.scoring.labels import labels_dir, read_rows
from claimcheck.scoring.registry import MODELS
from claimcheck.scoring.train import _idf, _matrix

ALPHAS = (1.0, 0.7, 0.5, 0.3)


def _folds(rows: list[Any]) -> Any:
    return np.array([int(hashlib.sha256(r.doc.encode("utf-8")).hexdigest()[8:16], 16) % 5 for r in rows])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("embeddings", type=Path)
    parser.add_argument("names", nargs="+")
    args = parser.parse_args()
    at, x = embeddings(args.embeddings, False)
    every = read_rows(labels_dir(Path(".")))
    for name in args.names:
        spec = MODELS[name]
        rows = spec.rows(every)
        train = [r for r in rows if r.split == "train"]
        held = [r for r in rows if r.split == "dev"]
        features = [spec.featurizer.text_features(r.text) for r in train]
        index = {f: i for i, f in enumerate(sorted({f for fs in features for f in fs}))}
        idf = _idf(features, index)
        x_train = _matrix(features, index, idf)
        x_dev = _matrix([spec.featurizer.text_features(r.text) for r in held], index, idf)
        e_train = x[[at[r.id] for r in train]]
        fold = _folds(train)
        if spec.classes is None:
            y = np.array([int(r.labels[name]) for r in train])
            p = np.zeros(len(train))
            for k in range(5):
                teacher = LogisticRegression(C=4, class_weight="balanced", max_iter=5000)
                p[fold == k] = teacher.fit(e_train[fold != k], y[fold != k]).predict_proba(
                    e_train[fold == k]
                )[:, 1]
            positive, negative = len(y) / (2 * max(y.sum(), 1)), len(y) / (2 * max((1 - y).sum(), 1))
            for alpha in ALPHAS:
                target = alpha * y + (1 - alpha) * p
                student = LogisticRegression(C=spec.c, solver="liblinear", random_state=0)
                student.fit(
                    vstack([x_train, x_train]).tocsr(),
                    np.r_[np.ones(len(train)), np.zeros(len(train))],
                    sample_weight=np.r_[target * positive, (1 - target) * negative],
                )
                print(
                    name, "a", alpha, _operating(spec, held, student.predict_proba(x_dev)[:, 1]), flush=True
                )
            continue
        classes = list(spec.classes)
        y_train = np.array([str(r.labels[name]) for r in train])
        y_dev = np.array([str(r.labels[name]) for r in held])
        soft = np.zeros((len(train), len(classes)))
        for k in range(5):
            teacher = LogisticRegression(C=1, class_weight="balanced", max_iter=5000)
            got = teacher.fit(e_train[fold != k], y_train[fold != k]).predict_proba(e_train[fold == k])
            for j, c in enumerate(teacher.classes_):
                soft[np.where(fold == k)[0], classes.index(c)] = got[:, j]
        hard = np.array([[1.0 if label == c else 0.0 for c in classes] for label in y_train])
        counts = [max(int((y_train == c).sum()), 1) for c in classes]
        for alpha in ALPHAS:
            target = alpha * hard + (1 - alpha) * soft
            weights = np.concatenate(
                [target[:, j] * len(train) / (len(classes) * counts[j]) for j in range(len(classes))]
            )
            keep = weights > 1e-6
            student = LogisticRegression(C=spec.c, max_iter=5000, random_state=0)
            student.fit(
                vstack([x_train] * len(classes)).tocsr()[keep],
                np.concatenate([[c] * len(train) for c in classes])[keep],
                sample_weight=weights[keep],
            )
            print(
                name,
                "a",
                alpha,
                f"accuracy {float((student.predict(x_dev) == y_dev).mean()):.3f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

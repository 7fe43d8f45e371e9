"""Dev figures of the embedding experiment: the shipped n-gram model, a logistic regression on
sentence embeddings, and their blend (the average of the two log-odds, weighed), for promotes,
absolute, harms, benefit, claim and kind, each at its model's own dev rule (registry.py; for
promotes: the most dev recall with dev precision >= 0.9 and dev false alarms <= 5%).

Runs in the project's environment (scikit-learn: the ``[test]`` or ``[train]`` extra) on the
matrices ``embed_rows.py`` wrote:

    python scripts/embeddings/dev_figures.py /tmp/claimcheck-emb/minilm.npz [--c 1 4 16]
    python scripts/embeddings/dev_figures.py /tmp/claimcheck-emb/static-256.npz --standardize --c 0.01 0.1
    python scripts/embeddings/dev_figures.py /tmp/claimcheck-emb/minilm.npz --standardize --cv-kind

Dev only: the test split is never read. ``--cv-kind``: instead, the kind model's accuracy in
5-fold cross-validation over train + dev grouped by document (the n-gram model refitted per fold).
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score

from claimcheck.scoring.labels import Row, labels_dir, read_rows
from claimcheck.scoring.metrics import alarm_rate, figures, rate
from claimcheck.scoring.registry import MODELS, ModelSpec
from claimcheck.scoring.shipped import load
from claimcheck.scoring.train import fit

BINARY = ("promotes", "absolute", "harms", "benefit", "claim")


def _matrix(path: Path, standardize: bool) -> tuple[dict[str, int], Any]:
    data = np.load(path)
    x = data["x"].astype(np.float64)
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
    if standardize:
        x = (x - x.mean(0)) / np.maximum(x.std(0), 1e-12)
    return {str(i): n for n, i in enumerate(data["ids"].tolist())}, x


def _operating(spec: ModelSpec, rows: list[Row], p: Any) -> str:
    truth = [int(r.labels[spec.label]) for r in rows]
    alarms = None if spec.false_alarm is None else [spec.false_alarm(r) for r in rows]
    _, predicted = spec.operating_point(truth, p.tolist(), alarms)
    found = figures(truth, predicted)
    line = f"P {found.precision:.3f} R {found.recall:.3f} F1 {found.f1:.3f} AP {average_precision_score(truth, p):.3f}"
    if spec.label == "promotes":
        soft = [q == 1 for q, r in zip(predicted, rows, strict=True) if r.labels.get("soft") == 1]
        line += f" soft {rate(soft):.3f} FA {alarm_rate(predicted, alarms):.3f}"
    if spec.label == "claim":
        others = [q == 1 for q, t in zip(predicted, truth, strict=True) if t == 0]
        line += f" non-claims proposed {rate(others):.3f}"
    return line


def _log_softmax(z: Any) -> Any:
    z = z - z.max(1, keepdims=True)
    return z - np.log(np.exp(z).sum(1, keepdims=True))


def _class_log_proba(learner: Any, x: Any, classes: list[str]) -> Any:
    out = np.full((x.shape[0], len(classes)), -30.0)
    got = learner.predict_log_proba(x)
    for j, name in enumerate(learner.classes_):
        out[:, classes.index(name)] = got[:, j]
    return out


def _learner(c: float) -> Any:
    return LogisticRegression(C=c, class_weight="balanced", max_iter=5000, random_state=0)


def dev(at: dict[str, int], x: Any, cs: list[float], weights: list[float]) -> None:
    every = read_rows(labels_dir(Path(".")))
    for name in (*BINARY, "kind"):
        spec = MODELS[name]
        rows = spec.rows(every)
        train = [r for r in rows if r.split == "train"]
        held = [r for r in rows if r.split == "dev"]
        x_train, x_dev = x[[at[r.id] for r in train]], x[[at[r.id] for r in held]]
        base = load(name).raw([r.text for r in held])
        if spec.classes is None:
            y = [int(r.labels[spec.label]) for r in train]
            print(f"{name}: dev n {len(held)}; n-gram {_operating(spec, held, 1 / (1 + np.exp(-base)))}")
            for c in cs:
                emb = _learner(c).fit(x_train, y).decision_function(x_dev)
                for w in weights:
                    blend = 1 / (1 + np.exp(-(w * emb + (1 - w) * base)))
                    print(f"  C {c:<5} w_emb {w:<5} {_operating(spec, held, blend)}")
            continue
        classes = [str(c) for c in load(name).classes]
        truth = np.array([str(r.labels[spec.label]) for r in held])
        labels = [str(r.labels[spec.label]) for r in train]

        def accuracy(z: Any, truth: Any = truth, classes: list[str] = classes) -> float:
            return float((np.array(classes)[z.argmax(1)] == truth).mean())

        print(f"{name}: dev n {len(held)}; n-gram accuracy {accuracy(base):.3f}")
        for c in cs:
            lp = _class_log_proba(_learner(c).fit(x_train, labels), x_dev, classes)
            blends = " ".join(
                f"w_emb {w}: {accuracy(w * lp + (1 - w) * _log_softmax(base)):.3f}" for w in weights
            )
            print(f"  C {c:<5} {blends}")


def cv_kind(at: dict[str, int], x: Any, cs: list[float], weights: list[float]) -> None:
    spec = MODELS["kind"]
    rows = [r for r in spec.rows(read_rows(labels_dir(Path(".")))) if r.split in ("train", "dev")]
    fold = [int(hashlib.sha256(r.doc.encode("utf-8")).hexdigest()[8:16], 16) % 5 for r in rows]
    x = x[[at[r.id] for r in rows]]
    y = np.array([str(r.labels["kind"]) for r in rows])
    found: dict[str, list[float]] = {}
    for f in range(5):
        train = [i for i in range(len(rows)) if fold[i] != f]
        held = [i for i in range(len(rows)) if fold[i] == f]
        model = fit(spec, [rows[i] for i in train], [])
        classes = [str(c) for c in model.classes]
        base = _log_softmax(model.raw([rows[i].text for i in held]))

        def accuracy(z: Any, held: list[int] = held, classes: list[str] = classes) -> float:
            return float((np.array(classes)[z.argmax(1)] == y[held]).mean())

        found.setdefault("n-gram", []).append(accuracy(base))
        for c in cs:
            lp = _class_log_proba(_learner(c).fit(x[train], y[train]), x[held], classes)
            for w in weights:
                found.setdefault(f"C {c} w_emb {w}", []).append(accuracy(w * lp + (1 - w) * base))
    for key, values in found.items():
        print(f"kind CV {key:<24} mean {np.mean(values):.3f}  folds {' '.join(f'{v:.3f}' for v in values)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("embeddings", type=Path, help="an .npz of embed_rows.py")
    parser.add_argument("--c", type=float, nargs="+", default=[1.0, 4.0, 16.0])
    parser.add_argument("--weights", type=float, nargs="+", default=[0.25, 0.5, 0.75, 1.0])
    parser.add_argument("--standardize", action="store_true", help="z-score each dimension first")
    parser.add_argument("--cv-kind", action="store_true")
    args = parser.parse_args()
    at, x = _matrix(args.embeddings, args.standardize)
    (cv_kind if args.cv_kind else dev)(at, x, args.c, args.weights)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Dev figures of the distillation: the shipped n-gram models and the fine-tuned teacher (the
probabilities ``finetune.py`` saved for the dev rows), each binary label at its model's own dev
rule (claimcheck.scoring.registry.ModelSpec.operating_point; promotes: the most dev recall with dev precision
>= 0.9 and dev false alarms <= 5%), kind by accuracy on the dev claims. Dev only: the test split
is never read. Runs in the project's environment:

    python scripts/distill/dev_figures.py /tmp/claimcheck-distill/dev-e1.npz /tmp/claimcheck-distill/dev-e2.npz
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any

import numpy as np

from claimcheck.scoring.labels import Row, labels_dir, read_rows
from claimcheck.scoring.metrics import alarm_rate, figures, rate
from claimcheck.scoring.registry import KINDS, MODELS
from claimcheck.scoring.shipped import load

BINARY = ("promotes", "benefit", "harms", "absolute", "claim")
"""The teacher's binary columns, in finetune.py's order (kind's 8 classes follow)."""


def binary_line(name: str, rows: list[Row], p: list[float]) -> str:
    """Figures at the threshold the model's rule chooses on these rows' probabilities ``p``."""
    spec = MODELS[name]
    kept = [(r, q) for r, q in zip(rows, p, strict=True) if spec.rows([r])]
    truth = [int(r.labels[spec.label]) for r, _ in kept]
    alarms = None if spec.false_alarm is None else [spec.false_alarm(r) for r, _ in kept]
    _, predicted = spec.operating_point(truth, [q for _, q in kept], alarms)
    return predicted_line(name, [r for r, _ in kept], predicted)


def predicted_line(name: str, rows: list[Row], predicted: list[int]) -> str:
    """Figures of these 0/1 predictions (rows carrying the label only)."""
    spec = MODELS[name]
    kept = [(r, q) for r, q in zip(rows, predicted, strict=True) if spec.rows([r])]
    truth = [int(r.labels[spec.label]) for r, _ in kept]
    predicted = [q for _, q in kept]
    found = figures(truth, predicted)
    se = math.sqrt(found.recall * (1 - found.recall) / max(found.positives, 1))
    line = f"{name:<9} P {found.precision:.3f} R {found.recall:.3f} (se {se:.3f}) F1 {found.f1:.3f}"
    if name == "promotes":
        alarms = [bool(spec.false_alarm and spec.false_alarm(r)) for r, _ in kept]
        soft = [q == 1 for q, (r, _) in zip(predicted, kept, strict=True) if r.labels.get("soft") == 1]
        line += f" soft {rate(soft):.3f} FA {alarm_rate(predicted, alarms):.3f}"
    if name == "claim":
        others = [q == 1 for q, t in zip(predicted, truth, strict=True) if t == 0]
        line += f" non-claims proposed {rate(others):.3f} (n {len(others)})"
    return line


def kind_line(rows: list[Row], predicted: list[str]) -> str:
    pairs = [
        (str(r.labels["kind"]), q) for r, q in zip(rows, predicted, strict=True) if MODELS["kind"].rows([r])
    ]
    accuracy = sum(t == q for t, q in pairs) / len(pairs)
    return f"kind      accuracy {accuracy:.3f} (se {math.sqrt(accuracy * (1 - accuracy) / len(pairs)):.3f}, n {len(pairs)})"


def figures_of(rows: list[Row], binary: dict[str, list[float]], kinds: list[str]) -> list[str]:
    return [binary_line(name, rows, binary[name]) for name in BINARY] + [kind_line(rows, kinds)]


def shipped(rows: list[Row], models_dir: Path | None = None) -> list[str]:
    from claimcheck.scoring.model import LinearModel

    def model(name: str) -> Any:
        return load(name) if models_dir is None else LinearModel.load(models_dir / f"{name}.json")

    texts = [r.text for r in rows]
    binary = {name: model(name).score(texts).tolist() for name in BINARY}
    return figures_of(rows, binary, [str(k) for k in model("kind").predict(texts)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("teacher", nargs="*", type=Path, help="dev-e<N>.npz files of finetune.py")
    parser.add_argument(
        "--models", type=Path, action="append", default=[], help="also a directory of model files"
    )
    args = parser.parse_args()
    rows = read_rows(labels_dir(Path(".")), split="dev")
    print("== shipped n-gram models")
    print("\n".join(shipped(rows)))
    for directory in args.models:
        print(f"== models in {directory}")
        print("\n".join(shipped(rows, directory)))
    for path in args.teacher:
        data = np.load(path)
        at = {str(i): n for n, i in enumerate(data["ids"].tolist())}
        p = data["p"][[at[r.id] for r in rows]]
        binary = {name: p[:, j].tolist() for j, name in enumerate(BINARY)}
        kinds = [KINDS[int(j)] for j in p[:, len(BINARY) :].argmax(1)]
        print(f"== teacher {path}")
        print("\n".join(figures_of(rows, binary, kinds)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Choose the transfer set's mixing weight of each student model on dev: the shipped trainer
(claimcheck.scoring.train.fit, same features, the threshold chosen on dev by the model's rule)
on the labelled train rows plus data/labels/distill/transfer.jsonl at each weight, and the
student's dev figures at its own threshold. Dev only. Runs in the project's environment:

    python scripts/distill/choose_weight.py promotes benefit claim kind --weights 0 0.25 0.5 1 2
    python scripts/distill/choose_weight.py kind promotes benefit --weights 0.1 0.25 --vocabulary 2 5 10

``--vocabulary k``: also with the features seen in k or more transfer sentences in the vocabulary
(``ModelSpec.transfer_vocabulary``; 0: the labelled rows' vocabulary alone, the default).
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path

from dev_figures import BINARY, kind_line, predicted_line

from claimcheck.scoring.labels import labels_dir, read_rows
from claimcheck.scoring.registry import MODELS
from claimcheck.scoring.train import fit
from claimcheck.scoring.transfer import read_transfer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="+")
    parser.add_argument("--weights", nargs="+", type=float, default=[0.0, 0.25, 0.5, 1.0, 2.0])
    parser.add_argument("--vocabulary", nargs="+", type=int, default=[0])
    args = parser.parse_args()
    directory = labels_dir(Path("."))
    every = read_rows(directory)
    transfer = read_transfer(directory)
    for name in args.names:
        for weight, vocabulary in [(w, k) for w in args.weights for k in args.vocabulary]:
            spec = dataclasses.replace(
                MODELS[name], transfer=weight or None, transfer_vocabulary=vocabulary or None
            )
            rows = spec.rows(every)
            train = [r for r in rows if r.split == "train"]
            dev = [r for r in rows if r.split == "dev"]
            started = time.process_time()
            model = fit(spec, train, dev, transfer)
            texts = [r.text for r in dev]
            if name in BINARY:
                # at the model's own dev-chosen threshold and shrink: what would ship
                line = predicted_line(name, dev, [int(q) for q in model.predict(texts)])
            else:
                line = kind_line(dev, [str(k) for k in model.predict(texts)])
            print(
                f"w {weight:<5} k {vocabulary:<3} {line} ({time.process_time() - started:.0f} CPU s)",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

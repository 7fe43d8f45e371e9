"""How far two annotators agree on promotion, and where the shipped model stands between them.

Reads a blind second labelling (``data/labels/second-pass/promotes-dev-sample.jsonl``: one
``{"id", "promotes", "soft"}`` per row, labelled from the labelling guide and each row's page
before the first labels were looked at) and the first labels of the same rows
(data/labels/rows). It prints, on the sampled rows:

- agreement and Cohen's kappa on ``promotes`` (and on ``soft`` where both call a row promotion);
- the second annotator read as if it were a model, against the first labels, with the figures
  of issue 14's target: precision, recall, soft recall, false alarms on neutral rows naming a
  regulated substance;
- the shipped promotion model on the same rows, decided as ``nox -s evaluate`` decides (each
  row on its page: the other rows of its document in the split; the regulated-substance rule),
  against the first labels and against the second;
- the rows where the two annotators disagree, when ``--disagreements`` is given.

It reads only the split the sample was drawn from (dev), never test::

    python scripts/labels/promotion_agreement.py [--root .] [--sample FILE] [--disagreements]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

from claimcheck.scoring.evaluate import decide
from claimcheck.scoring.labels import Row, labels_dir, read_rows
from claimcheck.scoring.metrics import figures, rate
from claimcheck.scoring.registry import MODELS
from claimcheck.scoring.regulated import builtin_lexicon, names_regulated
from claimcheck.scoring.shipped import load

SAMPLE = Path("data/labels/second-pass/promotes-dev-sample.jsonl")


def read_sample(path: Path) -> dict[str, dict[str, int]]:
    """The second labels by row id; SystemExit (exit 2) with a located message when a line is
    not a labelled row."""
    second: dict[str, dict[str, int]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            labels = {key: int(row[key]) for key in ("promotes", "soft")}
            ident = str(row["id"])
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
            print(f"{path}:{n}:1: not a second-pass row ({error})", file=sys.stderr)
            raise SystemExit(2) from None
        if ident in second or any(v not in (0, 1) for v in labels.values()):
            print(f"{path}:{n}:1: {ident}: repeated, or a label that is not 0 or 1", file=sys.stderr)
            raise SystemExit(2)
        second[ident] = labels
    return second


def _figures_line(
    name: str, truth: Sequence[int], predicted: Sequence[int], rows: Sequence[Row], soft_truth: Sequence[bool]
) -> str:
    found = figures(list(truth), list(predicted))
    soft = [p == 1 for p, s in zip(predicted, soft_truth, strict=True) if s]
    alarms = [  # the neutral rows (by these labels) that name a regulated substance
        p == 1
        for p, t, r in zip(predicted, truth, rows, strict=True)
        if t == 0 and names_regulated(r.text, builtin_lexicon())
    ]
    return (
        f"  {name:34} P {found.precision:.3f}  R {found.recall:.3f}  F1 {found.f1:.3f}"
        f"  soft R {rate(soft):.3f} (n {len(soft)})  false alarms {rate(alarms):.3f} (n {len(alarms)})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--sample", type=Path, default=None, help=f"the second labels (default {SAMPLE})")
    parser.add_argument(
        "--disagreements", action="store_true", help="list the rows the annotators disagree on"
    )
    args = parser.parse_args(argv)
    path = args.sample or args.root / SAMPLE
    if not path.is_file():
        print(f"error: no second labelling at {path}", file=sys.stderr)
        return 2
    second = read_sample(path)
    dev = MODELS["promotes"].rows(read_rows(labels_dir(args.root), split="dev"))
    known = {r.id for r in dev}
    missing = sorted(set(second) - known)
    if missing:
        print(f"error: {len(missing)} ids are not dev promotion rows, e.g. {missing[0]}", file=sys.stderr)
        return 2
    decided = dict(zip((r.id for r in dev), decide(load("promotes"), dev), strict=True))
    rows = [r for r in dev if r.id in second]
    first = [int(r.labels["promotes"]) for r in rows]
    other = [second[r.id]["promotes"] for r in rows]
    model = [int(decided[r.id]) for r in rows]
    first_soft = [bool(r.labels.get("soft")) and r.labels["promotes"] == 1 for r in rows]
    other_soft = [bool(second[r.id]["soft"]) and second[r.id]["promotes"] == 1 for r in rows]
    same = sum(a == b for a, b in zip(first, other, strict=True))
    print(f"== promotion, blind second labelling of {len(rows)} dev rows ({path})")
    print(
        f"   collections: {', '.join(f'{c} {n}' for c, n in sorted(Counter(r.collection for r in rows).items()))}"
    )
    print(f"   promotion: first {sum(first)}, second {sum(other)}")
    print(
        f"   agree on promotes: {same} of {len(rows)} ({same / len(rows):.3f}); Cohen's kappa {cohen_kappa_score(first, other):.3f}"
    )
    both = [i for i, (a, b) in enumerate(zip(first, other, strict=True)) if a == b == 1]
    soft_same = sum(first_soft[i] == other_soft[i] for i in both)
    print(f"   agree on soft where both say promotion: {soft_same} of {len(both)}")
    print("== against the first labels (the frozen ones the targets are measured on)")
    print(_figures_line("second annotator", first, other, rows, first_soft))
    print(_figures_line("shipped model (on the page)", first, model, rows, first_soft))
    print("== against the second labels")
    print(_figures_line("first annotator", other, first, rows, other_soft))
    print(_figures_line("shipped model (on the page)", other, model, rows, other_soft))
    if args.disagreements:
        print("== disagreements (first, second, model)")
        for r, a, b, m in zip(rows, first, other, model, strict=True):
            if a != b:
                print(f"   {a} {b} {m}  {r.collection:22} {r.id:30} {r.text[:110]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Figures of the shipped scorers on the frozen TEST split of ``data/labels``.

    python -m claimcheck.scoring.evaluate [--root .] [--split test] [NAME ...]

Per model: precision, recall, F1 and n at the model's dev-chosen threshold (a multiclass
model: per class, and accuracy); the split's size and the collections and origins of its
rows. For promotion also the soft recall (promotion that reads as information: rows with
``soft: 1``) and the false-alarm rate on neutral sentences (``promotes: 0``) that name a
regulated substance of the registry (a product name, or a body name such as testosterone).
And pages flagged: of the documents with a promotion row, the share with a row flagged.
Only figures on the test split are held out; thresholds and features were chosen on dev.

A model with a page context (:mod:`claimcheck.scoring.context`: the promotion model) reads each
row on its page: the other rows of the same document in the section measured (in a check, the
whole article); its figures read alone are printed beside them.

The test split is measured up to three times: on the ORIGINAL held-out rows (the 937 frozen
before any tuning: collections without ``held_out``), comparable across sessions; on the EXTENDED
split (those and the test rows of real collections labelled blind and added later, ``held_out:
extended``); and on NEW SITES (``held_out: sites``: collections split by site, whose test sites
give no train or dev row, so the figures say how the models read a site they never saw).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from claimcheck.scoring.context import promotes
from claimcheck.scoring.labels import (
    SPLITS,
    LabelsError,
    Row,
    checksum,
    labels_dir,
    read_collections,
    read_rows,
)
from claimcheck.scoring.metrics import Figures, figures, rate
from claimcheck.scoring.model import Class, LinearModel, ModelFileError
from claimcheck.scoring.registry import MODELS
from claimcheck.scoring.regulated import neutral_regulated
from claimcheck.scoring.shipped import load


def _line(name: str, found: Figures) -> str:
    return (
        f"  {name:<22} precision {found.precision:.3f}  recall {found.recall:.3f}  f1 {found.f1:.3f}  "
        f"n {found.n} (positives {found.positives})"
    )


def decide(model: LinearModel, rows: list[Row]) -> list[Class]:
    """``model``'s decision on each row as the content rules take it: each row read on its page
    (the other rows of its document among ``rows``) and, where its spec says so
    (``ModelSpec.alone_decides``: promotion, a row naming a regulated substance), also flagged
    when it reads as promotion alone (:func:`promotes`), the decision its threshold was chosen on."""
    texts = [r.text for r in rows]
    predicted = model.predict_on_pages(texts, [r.doc for r in rows])
    spec = MODELS.get(model.name)
    if model.context is None or spec is None or spec.alone_decides is None:
        return predicted
    alone = model.predict(texts)
    return [
        int(promotes(bool(p), bool(a), spec.alone_decides(r)))
        for p, a, r in zip(predicted, alone, rows, strict=True)
    ]


def report(model: LinearModel, rows: list[Row]) -> list[str]:
    """The lines ``nox -s evaluate`` prints for ``model`` on ``rows``."""
    spec = MODELS.get(model.name)
    rows = spec.rows(rows) if spec is not None else [r for r in rows if model.label in r.labels]
    cut = model.threshold if model.context is None else model.context.threshold
    lines = [f"{model.name} (label {model.label}, threshold {cut})"]
    if not rows:
        return [*lines, "  no rows in this split carry the label"]
    by_collection = ", ".join(f"{c} {n}" for c, n in sorted(Counter(r.collection for r in rows).items()))
    by_origin = ", ".join(f"{o} {n}" for o, n in sorted(Counter(r.origin for r in rows).items()))
    lines.append(
        f"  rows {len(rows)} in {len({r.doc for r in rows})} documents; sha256 {checksum(rows)[:16]}"
    )
    lines.append(f"  collections: {by_collection}; origin: {by_origin}")
    texts = [r.text for r in rows]
    predicted = decide(model, rows)
    if not model.binary:
        truth_classes = [str(r.labels[model.label]) for r in rows]
        accuracy = sum(t == p for t, p in zip(truth_classes, predicted, strict=True)) / len(rows)
        lines.append(f"  accuracy {accuracy:.3f}")
        lines += [_line(str(c), figures(truth_classes, predicted, c)) for c in model.classes]
        return lines
    truth = [int(r.labels[model.label]) for r in rows]
    lines.append(_line(model.label, figures(truth, predicted)))
    if model.context is not None:
        paged = sum(n > 1 for n in Counter(r.doc for r in rows).values())
        lines.append(
            _line("read alone", figures(truth, model.predict(texts)))
            + f"  (threshold {model.threshold}; on pages: {paged} documents have 2+ rows)"
        )
    if model.label == "claim":
        lines += _claim_lines(rows, truth, predicted)
    if model.label == "promotes":
        soft = [
            p == 1
            for r, p in zip(rows, predicted, strict=True)
            if r.labels.get("soft") == 1 and r.labels["promotes"] == 1
        ]
        lines.append(
            f"  soft recall            {rate(soft):.3f}  (n {len(soft)}: promotion without exclamation, offer or hype words)"
        )
        neutral = [p == 1 for r, p in zip(rows, predicted, strict=True) if neutral_regulated(r)]
        lines.append(
            f"  false alarms           {rate(neutral):.3f}  (n {len(neutral)}: promotes 0, naming a regulated substance)"
        )
        lines.append(_pages_line(rows, predicted))
    return lines


def _pages_line(rows: list[Row], predicted: Sequence[object]) -> str:
    """The editor's unit: of the documents with a promotion row, the share with at least one row
    flagged; of those without, the share flagged anyway."""
    promotes: dict[str, bool] = {}
    flagged: dict[str, bool] = {}
    for row, p in zip(rows, predicted, strict=True):
        promotes[row.doc] = promotes.get(row.doc, False) or row.labels["promotes"] == 1
        flagged[row.doc] = flagged.get(row.doc, False) or p == 1
    selling = [flagged[d] for d, sells in promotes.items() if sells]
    other = [flagged[d] for d, sells in promotes.items() if not sells]
    return (
        f"  pages flagged          {rate(selling):.3f} of {len(selling)} documents with promotion;"
        f" {rate(other):.3f} of {len(other)} without (a document's rows read as one page)"
    )


def _claim_lines(rows: list[Row], truth: list[int], predicted: Sequence[object]) -> list[str]:
    """What ``claimcheck extract`` is held to: the share of claims proposed (target 0.9), of
    non-claims proposed (target 0.15), and of promotional product claims proposed."""
    proposed = [p == 1 for p in predicted]
    claims = [hit for hit, t in zip(proposed, truth, strict=True) if t == 1]
    others = [hit for hit, t in zip(proposed, truth, strict=True) if t == 0]
    product = [
        hit
        for hit, t, r in zip(proposed, truth, rows, strict=True)
        if t == 1 and r.labels.get("kind") == "product"
    ]
    return [
        f"  claims proposed        {rate(claims):.3f}  (recall, n {len(claims)}; target >= 0.9)",
        f"  non-claims proposed    {rate(others):.3f}  (n {len(others)}; target <= 0.15)",
        f"  product claims proposed {rate(product):.3f} (n {len(product)}: promotional claims for a product)",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m claimcheck.scoring.evaluate", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("names", nargs="*", help="models to evaluate (default: every registered model)")
    parser.add_argument("--root", type=Path, default=Path("."), help="repository root (holds data/labels)")
    parser.add_argument("--split", choices=SPLITS, default="test", help="the split measured (default: test)")
    args = parser.parse_args(argv)
    names = args.names or list(MODELS)
    try:
        rows = read_rows(labels_dir(args.root), split=args.split)
    except LabelsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    models = []
    for name in names:
        try:
            models.append(load(name))
        except ModelFileError as error:
            print(f"{name}: not shipped ({error})")
    if args.split == "test":
        later = {c.id: c.entry.get("held_out") for c in read_collections(labels_dir(args.root)).values()}
        original = [r for r in rows if not later.get(r.collection)]
        extended = [r for r in rows if later.get(r.collection) != "sites"]
        new_sites = [r for r in rows if later.get(r.collection) == "sites"]
        sections = [("test, ORIGINAL held-out rows (frozen before any tuning)", original)]
        if len(original) < len(extended):
            sections.append(
                ("test, EXTENDED held-out split (original rows + later blind-labelled collections)", extended)
            )
        if new_sites:
            sections.append(("test, NEW SITES (sites no train or dev row comes from)", new_sites))
    else:
        held = (
            "NOT held out: features and thresholds were tuned here"
            if args.split == "dev"
            else "training rows"
        )
        sections = [(f"{args.split} ({held})", rows)]
    for number, (title, section) in enumerate(sections):
        if number:
            print()
        print(f"== split {title}: {len(section)} rows, {len({r.doc for r in section})} documents")
        for collection, count in sorted(Counter(r.collection for r in section).items()):
            print(f"  {collection}: {count}")
        for model in models:
            print("\n".join(report(model, section)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

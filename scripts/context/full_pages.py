"""Does the promotion decision read on a page hold when the page is the WHOLE page? DEV split only.

In evaluation (``python -m claimcheck.scoring.evaluate``) and training, the page of a labelled row
is the other labelled rows of its document (a sample of at most ~12-28 sentences); in a check it
is every scored unit of the article. For each dev promotion row whose document can be rebuilt
offline from the public repository on disk (:mod:`page_text`), this writes the whole page as a
claimcheck article, reads it the way a check does (:func:`claimcheck.rules.reading.reading`:
segments, then :meth:`claimcheck.scoring.stack.Stack.on_page` over the title, headings and
sentences), finds the row's unit (the same text, whitespace, typography and case aside) and
compares three decisions, each with the regulated-substance rule of
:func:`claimcheck.scoring.context.promotes` as ``evaluate`` applies it:

(a) alone: the row's sentence read alone (the model's sentence-alone threshold);
(b) sampled page: the row read with its document's other dev rows, exactly as ``evaluate`` does;
(c) full page: the row's unit read with every other unit of the rebuilt page (the runtime path).

It prints, per collection and overall, P / R / soft recall / false alarms under (a), (b), (c) for
the located rows, the units per full page, the page means, the rows that could not be located
(and why), and the rows whose decision flips between (b) and (c), with both scores. It reads
data/labels and the mirrors, writes only a temporary directory, and never reads a test row::

    python scripts/context/full_pages.py [--root .] [--mirrors /work/.mirror] [--flips 40]
"""

from __future__ import annotations

import argparse
import math
import re
import statistics
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from page_text import DOC, PageMissing, rebuild

from claimcheck.load.articles import load_article
from claimcheck.rules.reading import reading
from claimcheck.rules.stance import PROMOTES
from claimcheck.scoring.context import CLIP, PageContext, promotes
from claimcheck.scoring.labels import Row, labels_dir, read_rows
from claimcheck.scoring.metrics import figures, rate
from claimcheck.scoring.model import LinearModel
from claimcheck.scoring.registry import MODELS
from claimcheck.scoring.regulated import builtin_lexicon, names_regulated, neutral_regulated
from claimcheck.scoring.shipped import load
from claimcheck.text.quotes import fold

WAYS = ("alone", "sampled", "full", "full 5-45")
"""(a), (b), (c), and a diagnostic (d): the full page's units of 5-45 words only (the frame the
collections sampled their rows from: no headings, buttons or list fragments) as the page."""
SENTENCE_WORDS = (5, 45)


@dataclass
class Located:
    row: Row
    regulated: bool
    scores: dict[str, float]
    """Per way, P(promotes) (alone: the sentence-alone probability)."""
    flags: dict[str, bool]
    """Per way, the decision with the regulated rule applied."""
    sampled_units: int
    full_units: int
    sampled_mean: float
    full_mean: float
    framed_mean: float
    """The mean over the full page's other units of 5-45 words (way (d))."""


@dataclass
class FullPage:
    units: list[str]
    raw: list[float]
    """Per unit, the stack's sentence-alone log-odds."""
    words: list[int]
    paged: list[float]
    alone_flag: list[bool]
    paged_flag: list[bool]
    by_text: dict[str, list[int]] = field(default_factory=dict)


def normal(text: str) -> str:
    """Text for matching a row to a unit: typography and case folded, Markdown emphasis and
    escapes dropped, whitespace squeezed."""
    text = re.sub(r"[*`\\]", "", fold(text))
    text = re.sub(r"\s+([.,;:!?])", r"\1", text)  # "gave you ." as some pages write it
    return re.sub(r"\s+", " ", text).strip().rstrip(":").strip()


def read_page(doc: str, mirrors: Path, scratch: Path, number: int) -> FullPage:
    """Score the rebuilt page as a check does; PageMissing if it cannot be rebuilt."""
    if re.search(r"#line\d+$", doc):
        raise PageMissing("one sentence per document (a CSV line): no page beyond the row")
    if DOC.match(doc) is None and not doc.startswith(("http://", "https://")):
        raise PageMissing("not a page of a repository (written rows)")
    page = rebuild(doc, mirrors)
    if not page.blocks and not page.title:
        raise PageMissing("no visible text extracted")
    path = scratch / "content" / "articles" / f"page-{number}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page.article(f"page-{number}"), encoding="utf-8")
    article, _ = load_article(scratch, path, 10_000_000)
    stance = reading(article, scratch, []).stance
    units = [article.text[start:end] for start, end in stance.spans]
    alone = np.clip(stance.alone[:, PROMOTES], 1e-300, 1 - 1e-16)
    found = FullPage(
        units,
        np.log(alone / (1 - alone)).tolist(),
        [len(unit.split()) for unit in units],
        stance.probabilities[:, PROMOTES].tolist(),
        stance.alone_flags[:, PROMOTES].tolist(),
        stance.flags[:, PROMOTES].tolist(),
    )
    for position, unit in enumerate(units):
        found.by_text.setdefault(normal(unit), []).append(position)
    return found


def why_missing(text: str, page: FullPage) -> str:
    """Why a row has no unit of its own on the rebuilt page."""
    wanted = normal(text)
    if any(wanted in normal(unit) for unit in page.units):
        return "inside a longer unit (segmented differently)"
    if any(normal(unit) in wanted for unit in page.units if len(normal(unit)) > 20):
        return "split over several units (segmented differently)"
    return "text not found in the extracted page"


def clipped_mean(values: Sequence[float], skip: int | None) -> float:
    """The mean of ``values`` clipped to +/- CLIP, without the one at ``skip`` and NaNs (NaN if none)."""
    kept = [min(max(v, -CLIP), CLIP) for i, v in enumerate(values) if i != skip and not math.isnan(v)]
    return sum(kept) / len(kept) if kept else math.nan


def line(name: str, group: list[Located]) -> list[str]:
    truth = [int(x.row.labels["promotes"]) for x in group]
    out = [f"{name}  (located rows {len(group)}, promotion {sum(truth)})"]
    for way in WAYS:
        predicted = [int(x.flags[way]) for x in group]
        found = figures(truth, predicted)
        soft = [
            x.flags[way] for x in group if x.row.labels.get("soft") == 1 and x.row.labels["promotes"] == 1
        ]
        alarms = [x.flags[way] for x in group if neutral_regulated(x.row)]
        out.append(
            f"    {way:<9} P {found.precision:.3f}  R {found.recall:.3f}  soft {rate(soft):.3f} (n {len(soft)})"
            f"  false alarms {rate(alarms):.3f} (n {len(alarms)})  flagged {sum(predicted)}"
        )
    return out


def in_context(context: PageContext, raw: float, mean: float) -> float:
    """P(promotes) of a unit of log-odds ``raw`` on a page whose other units average ``mean``
    (clipped log-odds; NaN: no other unit), as :class:`PageContext` computes it."""
    own = context.sentence * min(max(raw, -CLIP), CLIP)
    logit = own + (context.alone if math.isnan(mean) else context.page * mean + context.with_page)
    return 1.0 / (1.0 + math.exp(-logit))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--root", type=Path, default=Path("."), help="repository root (holds data/labels)")
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"), help="the bare git mirrors")
    parser.add_argument("--flips", type=int, default=40, help="flipped rows listed (default 40)")
    parser.add_argument(
        "--unlocated", action="store_true", help="list the rows not located on their rebuilt page"
    )
    parser.add_argument(
        "--dump", metavar="DOC", help="print the units of this doc's rebuilt page with their scores"
    )
    args = parser.parse_args(argv)

    spec = MODELS["promotes"]
    low, high = SENTENCE_WORDS
    rows = spec.rows(read_rows(labels_dir(args.root), split="dev"))  # dev only: never a test row
    model: LinearModel = load("promotes")
    context = model.context
    if context is None:
        print("error: the shipped promotion model reads no page context", file=sys.stderr)
        return 2
    texts, docs = [r.text for r in rows], [r.doc for r in rows]
    alone_p = model.score(texts).tolist()
    sampled_p = model.score_on_pages(texts, docs).tolist()
    alone_raw = model.raw(texts).tolist()
    alone_cut = model.threshold if model.threshold is not None else 0.5
    members: dict[str, list[int]] = defaultdict(list)
    for position, row in enumerate(rows):
        members[row.doc].append(position)
    lexicon = builtin_lexicon()
    regulated = [names_regulated(text, lexicon) for text in texts]
    sampled_flags = [
        promotes(p >= context.threshold, a >= alone_cut, g)
        for p, a, g in zip(sampled_p, alone_p, regulated, strict=True)
    ]

    located: list[Located] = []
    missing: Counter[tuple[str, str]] = Counter()
    missing_pages: Counter[tuple[str, str]] = Counter()
    units_per_page: dict[str, list[int]] = defaultdict(list)
    unit_scores: dict[str, list[tuple[int, float]]] = defaultdict(list)
    """Per collection, (words, alone log-odds) of every unit of its rebuilt pages."""
    alone_gap = 0.0
    unlocated: list[str] = []
    with tempfile.TemporaryDirectory(prefix="claimcheck-full-pages-") as scratch:
        for number, (doc, positions) in enumerate(sorted(members.items())):
            try:
                page = read_page(doc, args.mirrors, Path(scratch), number)
            except PageMissing as error:
                for p in positions:
                    missing[(rows[p].collection, f"page not rebuilt: {error}")] += 1
                missing_pages[(rows[positions[0]].collection, str(error))] += 1
                continue
            if doc == args.dump:
                dump(page)
            for collection in sorted({rows[p].collection for p in positions}):
                units_per_page[collection].append(len(page.units))
                unit_scores[collection] += list(zip(page.words, page.raw, strict=True))
            for p in positions:
                row = rows[p]
                found = page.by_text.get(normal(row.text))
                if not found:
                    reason = why_missing(row.text, page)
                    missing[(row.collection, reason)] += 1
                    unlocated.append(f"   {row.collection:<22} {row.id}  {reason}: {row.text[:100]}")
                    continue
                unit = found[0]
                alone_gap = max(alone_gap, abs(page.raw[unit] - alone_raw[p]))
                framed = clipped_mean(
                    [v if low <= w <= high else math.nan for v, w in zip(page.raw, page.words, strict=True)],
                    unit,
                )
                framed_p = in_context(context, page.raw[unit], framed)
                alone_flag = alone_p[p] >= alone_cut
                located.append(
                    Located(
                        row,
                        regulated[p],
                        {
                            "alone": alone_p[p],
                            "sampled": sampled_p[p],
                            "full": page.paged[unit],
                            "full 5-45": framed_p,
                        },
                        {
                            "alone": alone_flag,
                            "sampled": sampled_flags[p],
                            "full": promotes(page.paged_flag[unit], page.alone_flag[unit], regulated[p]),
                            "full 5-45": promotes(framed_p >= context.threshold, alone_flag, regulated[p]),
                        },
                        len(positions),
                        len(page.units),
                        clipped_mean([alone_raw[q] for q in positions], positions.index(p)),
                        clipped_mean(page.raw, unit),
                        framed,
                    )
                )

    print(
        f"== dev promotion rows: {len(rows)} in {len(members)} documents (dev only; the test split is not read)"
    )
    print(
        f"   model {model.name}: alone threshold {alone_cut}, on-page threshold {context.threshold}; "
        f"context {context.as_dict()}"
    )
    truth = [int(r.labels["promotes"]) for r in rows]
    found_all = figures(truth, [int(f) for f in sampled_flags])
    soft_all = [
        f
        for f, r in zip(sampled_flags, rows, strict=True)
        if r.labels.get("soft") == 1 and r.labels["promotes"] == 1
    ]
    alarms_all = [f for f, r in zip(sampled_flags, rows, strict=True) if neutral_regulated(r)]
    print(
        f"   check: (b) on all {len(rows)} dev rows P {found_all.precision:.3f} R {found_all.recall:.3f} "
        f"soft {rate(soft_all):.3f} false alarms {rate(alarms_all):.3f} (evaluate --split dev promotes prints the same)"
    )
    print(
        f"   pages rebuilt {sum(len(v) for v in units_per_page.values())} (per collection; a page shared by two collections counts twice);"
        f" rows located {len(located)}"
    )
    print(
        f"   largest gap between a located unit's alone log-odds in the check and the row's in evaluate: {alone_gap:.4f}"
    )
    print("\n== pages not rebuilt (collection, reason: documents)")
    for (collection, reason), count in sorted(missing_pages.items()):
        print(f"   {collection:<22} {reason}: {count}")
    print("\n== rows not located (collection, reason: rows)")
    for (collection, reason), count in sorted(missing.items()):
        print(f"   {collection:<22} {reason}: {count}")

    print(
        "\n== figures on the located rows: (a) alone, (b) sampled page (as evaluate), (c) full page (as a check),"
        " (d) full page's 5-45-word units only"
    )
    by_collection: dict[str, list[Located]] = defaultdict(list)
    for x in located:
        by_collection[x.row.collection].append(x)
    for collection, group in sorted(by_collection.items()):
        print("\n".join(line(collection, group)))
    print("\n".join(line("ALL located", located)))
    at_runtime = {x.row.id: x.flags["full"] for x in located}
    mixed = [int(at_runtime.get(r.id, f)) for r, f in zip(rows, sampled_flags, strict=True)]
    found_mixed = figures(truth, mixed)
    soft_mixed = [
        m == 1
        for m, r in zip(mixed, rows, strict=True)
        if r.labels.get("soft") == 1 and r.labels["promotes"] == 1
    ]
    alarms_mixed = [m == 1 for m, r in zip(mixed, rows, strict=True) if neutral_regulated(r)]
    print(
        f"ALL {len(rows)} dev rows, (c) where located and (b) elsewhere: P {found_mixed.precision:.3f} "
        f"R {found_mixed.recall:.3f} soft {rate(soft_mixed):.3f} false alarms {rate(alarms_mixed):.3f}"
        f"  (against (b) everywhere: P {found_all.precision:.3f} R {found_all.recall:.3f})"
    )

    print("\n== pages: units per full page; sampled rows per page; mean clipped log-odds of the other units")
    print(
        "   (short: units under 5 words, their share of the units and their mean log-odds; 5-45: the others')"
    )
    for collection, group in sorted(by_collection.items()):
        counts = units_per_page[collection]
        sampled_means = [x.sampled_mean for x in group if not math.isnan(x.sampled_mean)]
        full_means = [x.full_mean for x in group if not math.isnan(x.full_mean)]
        scored = unit_scores[collection]
        short = [w < low for w, _ in scored]
        print(
            f"   {collection:<22} pages {len(counts):>3}  units median {statistics.median(counts):>5.0f} max {max(counts):>5}"
            f"  sampled rows median {statistics.median(x.sampled_units for x in group):>3.0f}"
            f"  page mean: sampled {median(sampled_means):+.2f} full {median(full_means):+.2f}"
            f" 5-45 {median([x.framed_mean for x in group if not math.isnan(x.framed_mean)]):+.2f} (medians over rows)"
            f"  short {rate(short):.2f} {mean([v for w, v in scored if w < low]):+.2f}"
            f" / 5-45 {mean([v for w, v in scored if low <= w <= high]):+.2f}"
        )

    flips = [x for x in located if x.flags["sampled"] != x.flags["full"]]
    changes = Counter(
        ("gained" if x.flags["full"] else "lost") + f" (label {x.row.labels['promotes']})" for x in flips
    )
    print(
        f"\n== rows whose decision flips between (b) sampled page and (c) full page: {len(flips)}  {dict(changes)}"
    )
    print(
        "   label  (b) flag p -> (c) flag p  alone p  page means sampled / full  rows / units  collection  id  text"
    )
    for x in sorted(flips, key=lambda x: (x.row.collection, x.row.id))[: args.flips]:
        text = x.row.text if len(x.row.text) <= 110 else x.row.text[:107] + "..."
        print(
            f"   {x.row.labels['promotes']}  {int(x.flags['sampled'])} {x.scores['sampled']:.3f} -> "
            f"{int(x.flags['full'])} {x.scores['full']:.3f}  alone {x.scores['alone']:.3f}"
            f"{' reg' if x.regulated else ''}  means {x.sampled_mean:+.2f} / {x.full_mean:+.2f}"
            f"  {x.sampled_units}/{x.full_units}  {x.row.collection}  {x.row.id}  {text}"
        )
    if args.unlocated:
        print("\n== rows not located on their rebuilt page")
        print("\n".join(unlocated))
    return 0


def mean(values: Sequence[float]) -> float:
    """The mean of ``values`` clipped to +/- CLIP (NaN if none)."""
    return clipped_mean(values, None)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def dump(page: FullPage) -> None:
    """The rebuilt page's units: alone log-odds, P on the page, flag, words, text."""
    for raw, paged, flag, words, unit in zip(
        page.raw, page.paged, page.paged_flag, page.words, page.units, strict=True
    ):
        print(f"   {raw:+6.2f}  {paged:.3f} {int(flag)}  {words:>3}w  {unit[:120]!r}")
    print()


if __name__ == "__main__":
    sys.exit(main())

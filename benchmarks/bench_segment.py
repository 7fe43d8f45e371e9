"""Sentence segmenters on real text: agreement with a gold segmentation, and speed.

    python benchmarks/bench_segment.py [--gold benchmarks/data/segmentation-gold.jsonl]
                                       [--rows data/labels/rows] [--articles 1000]

Compares claimcheck's splitter (:func:`claimcheck.text.sentences.sentence_spans`, the one
``claimcheck extract`` and the content rules share) with pysbd 0.3 (``pip install pysbd``; the
segmenter extract used before; left out with a note when it is not installed):

1. **Gold**: ``benchmarks/data/segmentation-gold.jsonl``, one prose block a line with its
   sentences as ``[start, end]`` offsets: 69 PubMed abstracts of the claim-detection dataset
   of Achakulvisut et al. (titipata/detecting-scientific-claim, dataset/{validation,test}
   _labels.json at 7a6547c9; every abstract with "e.g.", "i.e.", "et al.", "vs.", "Dr.",
   "approx.", "Fig.", "ca.", "cf.", "U.S." or "No.", and 13 drawn at random with seed 15), whose
   spaCy sentences were corrected by hand (21 splits after an abbreviation removed, one
   sentence start without a space added), and the 67 prose blocks of the seed articles and of
   the written held-out documents of tests/extract (the units of tests/extract/data/labels.yaml).
   Printed: boundary precision, recall and F1, and the share of gold sentences found exactly.
2. **Rows**: every row of ``data/labels/rows/*.jsonl`` is one sentence; the share each
   segmenter splits (a split there is wrong unless the row holds two sentences).
3. **Speed**: CPU seconds to split the prose blocks of a generated corpus
   (benchmarks/gen_corpus.py, ``--articles`` articles, seed 1), and MB/s.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from gen_corpus import generate  # noqa: E402

from claimcheck.text.segments import BlockKind, segment  # noqa: E402
from claimcheck.text.sentences import sentence_spans  # noqa: E402

Splitter = Callable[[str], list[tuple[int, int]]]


def _trimmed(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for start, end in spans:
        piece = text[start:end]
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right > left:
            out.append((start + left, start + right))
    return out


def splitters() -> dict[str, Splitter | None]:
    found: dict[str, Splitter | None] = {"claimcheck (regex)": lambda text: sentence_spans(text)}
    try:
        import pysbd
    except ImportError:
        found["pysbd 0.3"] = None
        return found
    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    found["pysbd 0.3"] = lambda text: _trimmed(text, ((s.start, s.end) for s in segmenter.segment(text)))
    return found


@dataclass
class Agreement:
    hits: int = 0
    extra: int = 0
    missed: int = 0
    exact: int = 0
    sentences: int = 0

    def line(self) -> str:
        precision = self.hits / max(self.hits + self.extra, 1)
        recall = self.hits / max(self.hits + self.missed, 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        return (
            f"boundaries P {precision:.3f} R {recall:.3f} F1 {f1:.3f} "
            f"(false splits {self.extra}, missed {self.missed}); "
            f"sentences exact {self.exact}/{self.sentences} = {self.exact / max(self.sentences, 1):.1%}"
        )


def agreement(gold: list[dict[str, object]], split: Splitter, kind: str | None) -> Agreement:
    tally = Agreement()
    for item in gold:
        if kind is not None and item["kind"] != kind:
            continue
        text = str(item["text"])
        expected = [(int(a), int(b)) for a, b in item["sentences"]]  # type: ignore[attr-defined]
        got = split(text)
        want = {start for start, _ in expected[1:]}
        have = {start for start, _ in got[1:]}
        tally.hits += len(want & have)
        tally.extra += len(have - want)
        tally.missed += len(want - have)
        tally.sentences += len(expected)
        tally.exact += len(set(expected) & set(got))
    return tally


def label_rows(rows: Path) -> list[str]:
    texts: list[str] = []
    for path in sorted(rows.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(str(json.loads(line)["text"]))
    return texts


def prose_blocks(articles: int) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        generate(out, articles=articles, claims=articles * 20, references=max(articles // 5, 10))
        blocks: list[str] = []
        for path in sorted((out / "content" / "articles").glob("*.md")):
            text = path.read_text(encoding="utf-8")
            body = text.index("\n---\n", 4) + 5
            segments = segment(text, body)
            blocks += [
                segments.block_text(b)
                for b in segments.blocks
                if b.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
            ]
        return blocks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=HERE / "data" / "segmentation-gold.jsonl")
    parser.add_argument("--rows", type=Path, default=REPO / "data" / "labels" / "rows")
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args(argv)
    gold = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = label_rows(args.rows) if args.rows.is_dir() else []
    blocks = prose_blocks(args.articles)
    megabytes = sum(len(b.encode("utf-8")) for b in blocks) / 1e6
    kinds = {"abstract": "PubMed abstracts", "article-block": "seed + held-out article blocks", None: "all"}
    print(
        f"gold: {len(gold)} blocks, {sum(len(g['sentences']) for g in gold)} sentences; "
        f"label rows: {len(rows)}; speed corpus: {args.articles} generated articles, "
        f"{len(blocks)} prose blocks, {megabytes:.1f} MB"
    )
    for name, split in splitters().items():
        print(f"\n{name}")
        if split is None:
            print("  not installed (pip install pysbd)")
            continue
        for kind, label in kinds.items():
            print(f"  {label}: {agreement(gold, split, kind).line()}")
        if rows:
            wrong = [text for text in rows if len(split(text)) > 1]
            print(
                f"  label rows split in two or more: {len(wrong)}/{len(rows)} = {len(wrong) / len(rows):.2%}"
            )
            for text in wrong[:5]:
                print(f"    e.g. {' || '.join(text[a:b] for a, b in split(text))[:160]}")
        started = time.process_time()
        for block in blocks:
            split(block)
        seconds = time.process_time() - started
        print(
            f"  speed: {seconds:.2f} CPU s for {args.articles} articles = {megabytes / seconds:.1f} MB/s; "
            f"10,000 articles ~ {seconds * 10_000 / args.articles:.1f} CPU s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark: parse and lint a generated 20,000-entry BibTeX library.

Prints, for the same file, bibtexparser v2's bare parse (its default middleware stack) and
claimcheck's load + BibTeX lint (every rule of category ``reference`` and CC002), as seconds
and entries per second. Run it with ``nox -s bench_bib`` or ``python benchmarks/bib_lint.py``.
The generated library is deterministic (fixed seed); about 1 in 25 entries carries a defect,
and titles and names use LaTeX accents and braces the way real libraries do.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import bibtexparser

from claimcheck.load import load_project
from claimcheck.run.engine import check
from claimcheck.settings import load_settings

SURNAMES = [
    'M{\\"u}ller',
    "Garc{\\'i}a",
    "Smith",
    "Nguyen",
    "O'Brien",
    "van der Berg",
    "Kowalski",
    "Le Roith",
]
GIVEN = ["Anna", "J.", "Mar{\\'i}a", "Wei", "S. A.", "Peter", "Fran{\\c{c}}oise"]
WORDS = [
    "vitamin",
    "growth",
    "hormone",
    "insulin",
    "receptor",
    "trial",
    "cohort",
    "sleep",
    "exercise",
    "protein",
    "bone",
    "muscle",
]
JOURNALS = [
    "New England Journal of Medicine",
    "The Lancet",
    "Journal of Clinical Endocrinology \\& Metabolism",
]
ARTICLE = """@article{{{key},
  author = {{{authors}}},
  title = {{{title}}},
  journal = {{{journal}}},
  year = {{{year}}},
  volume = {{{volume}}},
  pages = {{{pages}}},
  month = {month},
  {ident}
}}

"""


def generate(count: int, seed: int = 20000) -> str:
    rng = random.Random(seed)
    parts = []
    for n in range(count):
        authors = " and ".join(
            f"{rng.choice(SURNAMES)}, {rng.choice(GIVEN)}" for _ in range(rng.randint(1, 5))
        )
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12))).capitalize()
        if n % 3 == 0:
            title += " and {DNA} in {IGF}-1"
        start = rng.randint(1, 2000)
        year = rng.randint(1950, 2024)
        defect = n % 25
        pages = f"{start}--{start + rng.randint(1, 30)}" if defect != 1 else f"{start + 30}--{start}"
        month = rng.choice(["jan", "feb", "{3}", "{April}"]) if defect != 2 else "{Smarch}"
        ident = f"doi = {{10.{1000 + n % 9000}/bench.{n}}}," if defect != 3 else ""
        if defect == 4:
            year = 2999
        parts.append(
            ARTICLE.format(
                key=f"ref{n:05d}",
                authors=authors,
                title=title,
                journal=rng.choice(JOURNALS),
                year=year,
                volume=rng.randint(1, 400),
                pages=pages,
                month=month,
                ident=ident,
            )
        )
    return "".join(parts)


CONFIG = 'select = ["reference", "CC002"]\nmax_file_size = 10_000_000\n'


def project(root: Path, text: str) -> None:
    (root / "content" / "articles").mkdir(parents=True)
    (root / "content" / "claims").mkdir(parents=True)
    (root / "references.bib").write_text(text, encoding="utf-8")
    (root / "claimcheck.toml").write_text(CONFIG, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()
    text = generate(args.entries)
    print(f"generated {args.entries:,} entries, {len(text) / 1e6:.1f} MB (python {sys.version.split()[0]})")

    bare = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        library = bibtexparser.parse_string(text)
        bare.append(time.perf_counter() - start)
    assert len(library.entries) == args.entries

    ours: list[float] = []
    lint: list[float] = []
    counts: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        project(root, text)
        settings = load_settings(root)
        for _ in range(args.repeat):
            start = time.perf_counter()
            loaded = load_project(root, settings)
            middle = time.perf_counter()
            result = check(loaded, settings)
            end = time.perf_counter()
            ours.append(end - start)
            lint.append(end - middle)
            counts = Counter(f.rule for f in result.findings)
            del loaded, result  # the next run starts with as little live data as the bare parse

    rows = (
        ("bibtexparser parse (bare)", bare),
        ("claimcheck parse + lint", ours),
        ("  of which lint (rules)", lint),
    )
    for label, times in rows:
        best = min(times)
        print(f"{label:28s} {best:7.2f} s  {args.entries / best:9,.0f} entries/s  (best of {len(times)})")
    print("findings: " + ", ".join(f"{rule} {n:,}" for rule, n in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Throughput of the content and quality rules (CC3xx, CC4xx) against proselint, one core.

Generates a deterministic corpus of health articles (Markdown with front matter: headings,
paragraphs mixing mechanism, promotional, regulated-substance, hedged and safety sentences,
lists, a table, sometimes a cookie banner), then times, in this one process:

Times are CPU seconds of this process (time.process_time), so other load on the machine
matters less than for wall-clock time.

* claimcheck: the CC3xx and CC4xx rules through the engine over the articles held in memory
  (Markdown block parsing, sentence splitting, phrase matching and judging included; file
  reading and the one-time lexicon compilation excluded and printed apart);
* proselint: every enabled check on the same texts (its API, in-process, no result cap).

Each measurement is repeated (``--repeat``, default 3) and the best run is reported, as
``timeit`` does, for both tools alike; the garbage collector is off while timing.

Usage: python benchmarks/marketing_rules.py [--articles 1000] [--repeat 3] [--seed 7] [--no-proselint]
(``nox -s bench_rules`` installs proselint and runs it.)
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

from claimcheck.lexicon import lexicon_for
from claimcheck.load.project import ArticleRecord, Project
from claimcheck.model import ArticleFrontMatter
from claimcheck.run.engine import check
from claimcheck.settings import Settings

SUBSTANCES = [
    "BPC-157",
    "ipamorelin",
    "CJC-1295",
    "sermorelin",
    "tesamorelin",
    "MK-677",
    "GHRP-6",
    "AOD-9604",
]
HORMONES = ["growth hormone", "IGF-1", "testosterone", "insulin", "cortisol", "estrogen"]
TISSUES = ["muscle", "bone", "liver", "skin", "tendon", "adipose tissue", "the brain"]
MECHANISM = [
    "At the end of the day, {h} levels are very unique to each person.",
    "{h} is released in pulses and acts on receptors in {t}.",
    "Circulating {h} is regulated by negative feedback at the pituitary and the hypothalamus.",
    "In {t}, {h} signalling activates intracellular kinase cascades that regulate protein synthesis.",
    "Binding proteins regulate the bioavailability and half-life of {h} in the circulation.",
    "Chronic sleep deprivation lowers nightly {h} secretion, according to several cohort studies.",
    "Dietary protein supplies the amino acids that {t} needs for repair after exercise.",
    "Levels of {h} vary with age, sex, body composition and time of day.",
]
PROMOTION = [
    "{s} injections heal {t} injuries in record time.",
    "Our {s} protocol boosts energy, burns fat and restores youthful vitality.",
    "Experience revolutionary results with {s} and reclaim your vitality.",
    "Book your consultation today and start your {s} therapy this week.",
    "Testosterone optimization protocols improve lean mass and libido.",
    "This breakthrough formula is clinically proven and has no side effects.",
    "Have you noticed that you feel tired all the time, even after a full night of sleep?",
]
NEUTRAL_REGULATED = [
    "{s} is not approved by the FDA for any medical use.",
    "In a small trial, {s} may have raised {h} levels, but the evidence is limited.",
    "WADA prohibits {s} in and out of competition.",
    "If you use {s}, tell your doctor about any swelling, numbness or chest pain.",
    "The long-term safety of {s} in healthy adults is unknown.",
]
BANNER = (
    "We use cookies to personalize content and analyze our traffic.\n\n"
    "Detailed Cookie Preferences\n\nAnalytics cookies help us understand how visitors use our website.\n"
)


def sentence(rng: random.Random, pool: list[str]) -> str:
    return rng.choice(pool).format(s=rng.choice(SUBSTANCES), h=rng.choice(HORMONES), t=rng.choice(TISSUES))


def paragraph(rng: random.Random) -> str:
    pools = [MECHANISM] * 6 + [PROMOTION] * 2 + [NEUTRAL_REGULATED] * 2
    return " ".join(sentence(rng, rng.choice(pools)) for _ in range(rng.randint(3, 6)))


def article(rng: random.Random, index: int, words: int = 850) -> str:
    parts = [f"---\nid: article-{index}\ntitle: Article {index}\nstatus: draft\n---\n# Article {index}\n"]
    count = 0
    while count < words:
        if rng.random() < 0.2:
            parts.append(f"## {rng.choice(HORMONES).capitalize()} and {rng.choice(TISSUES)}")
        if rng.random() < 0.1:
            parts.append("\n".join(f"- {sentence(rng, MECHANISM)}" for _ in range(3)))
        if rng.random() < 0.05:
            parts.append(
                "Factor | Effect |\n---|---|\n"
                + "\n".join(f"{h} | {t} |" for h, t in zip(HORMONES, TISSUES, strict=False))
            )
        text = paragraph(rng)
        parts.append(text)
        count += len(text.split())
    if rng.random() < 0.3:
        parts.append(BANNER)
    return "\n\n".join(parts) + "\n"


def corpus(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [article(rng, i) for i in range(count)]


def best(repeat: int, run: Callable[[], tuple[float, int]]) -> tuple[float, int]:
    """The fastest of ``repeat`` runs (CPU seconds, findings), the garbage collector off."""
    results = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            results.append(run())
        finally:
            gc.enable()
    return min(results)


def run_claimcheck(texts: list[str], parsed: bool = False) -> tuple[float, int]:
    """Seconds for the CC3xx/CC4xx rules; with ``parsed``, the Markdown is parsed beforehand
    (as loading does once for every consumer of the sentences), else inside the timing."""
    root = Path(".")
    settings = Settings(select=["CC3", "CC4"])
    project = Project(root=root, settings=settings)
    for index, text in enumerate(texts):
        body_start = text.index("\n---\n") + 5
        meta = ArticleFrontMatter(id=f"article-{index}", title=f"Article {index}")
        record = ArticleRecord(
            f"article-{index}", f"content/articles/article-{index}.md", text, body_start, meta=meta
        )
        project.articles[record.id] = record
        if parsed:
            _ = record.segments
    start = time.process_time()
    result = check(project, settings)
    return time.process_time() - start, len(result.findings)


def proselint_runner() -> Callable[[list[str]], tuple[float, int]] | None:
    """A function timing proselint over texts, or None if proselint is not installed. Its
    checks are registered once (the registry is global: registering twice runs them twice)."""
    try:
        from proselint.checks import __register__
        from proselint.config import DEFAULT
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile
    except ImportError:
        return None
    CheckRegistry().register_many(__register__)
    config = {**DEFAULT, "max_errors": sys.maxsize}

    def run(texts: list[str]) -> tuple[float, int]:
        start = time.process_time()
        found = sum(len(LintFile(f"article-{i}.md", text).lint(config)) for i, text in enumerate(texts))  # type: ignore[arg-type]
        return time.process_time() - start, found

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-proselint", action="store_true")
    args = parser.parse_args()
    texts = corpus(args.articles, args.seed)
    size = sum(len(t.encode("utf-8")) for t in texts)
    words = sum(len(t.split()) for t in texts)
    print(f"best of {args.repeat} runs, CPU time of this process")
    print(f"corpus: {len(texts)} articles, {words:,} words, {size / 1e6:.2f} MB (seed {args.seed})")
    start = time.process_time()
    lexicon_for(Path("."), [])
    print(f"lexicon compilation (once per run, not counted): {time.process_time() - start:.2f} s")
    seconds, findings = best(args.repeat, lambda: run_claimcheck(texts, parsed=True))
    rules_only = size / 1e6 / seconds
    print(
        f"claimcheck rules on parsed articles: {seconds:.2f} s, {rules_only:.2f} MB/s, {words / seconds:,.0f} words/s"
    )
    seconds, findings = best(args.repeat, lambda: run_claimcheck(texts))
    ours = size / 1e6 / seconds
    print(
        f"claimcheck Markdown parsing + rules: {seconds:.2f} s, {ours:.2f} MB/s, {words / seconds:,.0f} words/s, "
        f"{findings:,} findings"
    )
    if args.no_proselint:
        return 0
    proselint = proselint_runner()
    if proselint is None:
        print("proselint: not installed (pip install proselint)")
        return 0
    p_seconds, p_found = best(args.repeat, lambda: proselint(texts))
    rate = size / 1e6 / p_seconds
    print(
        f"proselint: {p_seconds:.2f} s, {rate:.2f} MB/s, {words / p_seconds:,.0f} words/s, {p_found:,} findings"
    )
    print(
        f"ratio claimcheck / proselint: {ours / rate:.1f}x (parsing + rules), {rules_only / rate:.1f}x (rules)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

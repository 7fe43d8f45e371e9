"""Generate a synthetic content repository at a publisher's scale, deterministically.

    python benchmarks/gen_corpus.py OUT [--articles 10000] [--claims 200000] [--references 20000] [--seed 1]

Articles of 600-1,200 words with YAML front matter, one claims file per article whose quotes
are taken from the article, a BibTeX library, and a mix of defects at fixed rates (unknown
citation keys, unsupported claims, stale quotes, schema violations, YAML syntax errors,
duplicate claim ids, waivers without justification, articles without claims). The same seed
gives byte-identical files.

Every reference is synthetic and says so (``note``); DOIs use the prefix 10.5555, which
Crossref reserves for tests and examples, so none can be mistaken for a real work.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

SUBJECTS = (
    "Vitamin D",
    "Regular walking",
    "Resistance training",
    "Sleep deprivation",
    "Dietary fibre",
    "Omega-3 intake",
    "Intermittent fasting",
    "Caffeine",
    "Chronic stress",
    "Moderate alcohol use",
    "A Mediterranean diet",
    "High sugar intake",
    "Iron supplementation",
    "Sun exposure",
    "Strength training",
    "Meditation",
    "Shift work",
    "Smoking cessation",
    "Folate",
    "Magnesium",
)
VERBS = (
    "is associated with",
    "may modestly improve",
    "was linked to",
    "appears to lower",
    "can raise",
    "did not change",
    "slightly reduced",
    "is thought to influence",
)
OUTCOMES = (
    "blood pressure",
    "insulin sensitivity",
    "bone density",
    "resting heart rate",
    "LDL cholesterol",
    "sleep quality",
    "mood scores",
    "fasting glucose",
    "muscle strength",
    "markers of inflammation",
    "serum IGF-1",
    "body weight",
    "cognitive performance",
)
GROUPS = (
    "older adults",
    "postmenopausal women",
    "young athletes",
    "people with type 2 diabetes",
    "office workers",
    "adolescents",
    "pregnant women",
    "healthy volunteers",
    "night-shift nurses",
)
FILLER = (
    "Researchers followed {n} participants for {m} months.",
    "The effect size was small and the confidence intervals were wide.",
    "Most of the evidence comes from observational studies.",
    "Talk to your doctor before changing your routine.",
    "Results differed between men and women in {n} of the trials.",
    "The authors call for larger randomised trials.",
    "Participants kept a food diary for {m} weeks.",
    "Adherence fell to {p} percent by the end of the study.",
)
KINDS = ("association", "lifestyle-effect", "mechanism", "statistic", "advice", "definition")
RELATIONS = ("supports", "supports", "supports", "partial", "background")
STATUSES = ("pending", "pending", "approved", "needs-evidence", "rejected")
DESIGNS = (
    "a randomised controlled trial",
    "a prospective cohort study",
    "a systematic review and meta-analysis",
    "a cross-sectional analysis",
    "a case-control study",
    "a pilot study",
)
TITLE_FORMS = (
    "{subject} and {outcome} in {group}: {design}",
    "Effect of {subject_lower} on {outcome}: {design}",
    "{outcome_cap} after {subject_lower} in {group}",
    "Associations between {subject_lower}, {outcome} and {other} in {group}",
)
JOURNALS = ("Journal of Synthetic Medicine", "Benchmark Reports in Nutrition", "Test Cohort Studies")


@dataclass(frozen=True)
class Rates:
    """Per-claim (or per-article) defect probabilities."""

    unknown_key: float = 0.01
    unsupported: float = 0.02
    stale_quote: float = 0.01
    bad_kind: float = 0.005
    no_justification: float = 0.005
    duplicate_id: float = 0.002
    syntax_error_file: float = 0.002
    missing_claims_file: float = 0.005


def _sentence(rng: random.Random, serial: int) -> str:
    return (
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OUTCOMES)} in "
        f"{rng.choice(GROUPS)} (study {serial})."
    )


def _filler(rng: random.Random) -> str:
    return rng.choice(FILLER).format(n=rng.randint(20, 9000), m=rng.randint(2, 48), p=rng.randint(40, 95))


def _article(rng: random.Random, article_id: str, claims: int) -> tuple[str, list[str]]:
    target = rng.randint(600, 1200)
    quotes: list[str] = []
    paragraphs: list[str] = []
    words = 0
    serial = 0
    while words < target or len(quotes) < claims:
        sentences = []
        for _ in range(rng.randint(3, 6)):
            if rng.random() < 0.45 or (len(quotes) < claims and words > target * 0.8):
                serial += 1
                sentence = _sentence(rng, serial)
                quotes.append(sentence.rstrip("."))
            else:
                sentence = _filler(rng)
            sentences.append(sentence)
            words += len(sentence.split())
        paragraphs.append(" ".join(sentences))
    title = f"{rng.choice(SUBJECTS)} and {rng.choice(OUTCOMES)}"
    front = (
        f"---\nid: {article_id}\ntitle: {title}\nauthors:\n  - name: Author {rng.randint(1, 400)}\n"
        f"    credentials: MD\npublished: 2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n"
        "status: published\n---\n"
    )
    body = f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n"
    return front + body, rng.sample(quotes, claims)


def _claim(rng: random.Random, rates: Rates, claim_id: str, quote: str, references: int) -> str:
    kind = "anecdote" if rng.random() < rates.bad_kind else rng.choice(KINDS)
    if rng.random() < rates.stale_quote:
        quote = quote.replace(" in ", " among ", 1) + " and beyond"
    lines = [f"  - id: {claim_id}", f"    quote: {quote}", f"    kind: {kind}"]
    if rng.random() >= rates.unsupported:
        lines.append("    citations:")
        for _ in range(rng.randint(1, 3)):
            key = f"ref{rng.randrange(references):06d}"
            if rng.random() < rates.unknown_key:
                key = f"missing{rng.randrange(1000):04d}"
            lines += [f"      - key: {key}", f"        relation: {rng.choice(RELATIONS)}"]
    status = rng.choice(STATUSES)
    lines += ["    review:", f"      status: {status}"]
    if status != "pending":
        lines += ["      reviewer: A. Editor", f"      date: 2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"]
    if rng.random() < rates.no_justification:
        lines += ["      waivers:", "        - rule: CC102"]
    return "\n".join(lines)


def _title(rng: random.Random) -> str:
    """A title in the vocabulary of the articles, as a real library's titles share the words of
    the claims that cite them (so that ranking the library for a claim is realistic work)."""
    subject, outcome, other = rng.choice(SUBJECTS), rng.choice(OUTCOMES), rng.choice(OUTCOMES)
    return rng.choice(TITLE_FORMS).format(
        subject=subject,
        subject_lower=subject[0].lower() + subject[1:],
        outcome=outcome,
        outcome_cap=outcome[0].upper() + outcome[1:],
        other=other,
        group=rng.choice(GROUPS),
        design=rng.choice(DESIGNS),
    )


def _reference(index: int, rng: random.Random) -> str:
    year = rng.randint(1990, 2025)
    return (
        f"@article{{ref{index:06d},\n"
        f"  author = {{Synthetic, Author{index % 97} and Example, Writer{index % 89}}},\n"
        f"  title = {{{_title(rng)}}},\n"
        f"  journal = {{{rng.choice(JOURNALS)}}},\n"
        f"  year = {{{year}}},\n"
        f"  volume = {{{rng.randint(1, 80)}}},\n"
        f"  pages = {{{rng.randint(1, 400)}--{rng.randint(401, 900)}}},\n"
        f"  doi = {{10.5555/synthetic.{index:06d}}},\n"
        "  note = {synthetic benchmark entry, not a real work},\n"
        "}\n"
    )


def generate(
    out: Path,
    articles: int = 10_000,
    claims: int = 200_000,
    references: int = 20_000,
    seed: int = 1,
    rates: Rates | None = None,
) -> dict[str, int]:
    """Write the corpus into ``out`` (created); return what was written."""
    rates = rates or Rates()
    rng = random.Random(seed)
    (out / "content" / "articles").mkdir(parents=True, exist_ok=True)
    (out / "content" / "claims").mkdir(parents=True, exist_ok=True)
    missing = {n for n in range(articles) if rng.random() < rates.missing_claims_file}
    with_claims = [n for n in range(articles) if n not in missing]
    base, extra = divmod(claims, max(len(with_claims), 1))
    count = {n: base + (1 if i < extra else 0) for i, n in enumerate(with_claims)}
    claims_written = 0
    previous_id = "c000000-00"
    for number in range(articles):
        article_id = f"article-{number:05d}"
        text, quotes = _article(rng, article_id, count.get(number, rng.randint(5, 20)))
        (out / "content" / "articles" / f"{article_id}.md").write_text(text, encoding="utf-8")
        if number in missing:
            continue
        items = []
        for index, quote in enumerate(quotes):
            claim_id = f"c{number:06d}-{index:02d}"
            if rng.random() < rates.duplicate_id:
                claim_id = previous_id
            previous_id = claim_id
            items.append(_claim(rng, rates, claim_id, quote, references))
        text = f"article: {article_id}\nclaims:\n" + "\n".join(items) + "\n"
        if rng.random() < rates.syntax_error_file:
            text = text.replace("    kind:", "   kind: [", 1)
        (out / "content" / "claims" / f"{article_id}.yaml").write_text(text, encoding="utf-8")
        claims_written += len(items)
    # a library of 20,000 entries is about 6 MB, over the default max_file_size of 5 MB
    (out / "claimcheck.toml").write_text("max_file_size = 10_000_000\n", encoding="utf-8")  # the ceiling
    with (out / "references.bib").open("w", encoding="utf-8") as bib:
        for index in range(references):
            bib.write(_reference(index, rng) + "\n")
    return {"articles": articles, "claims": claims_written, "references": references}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--claims", type=int, default=200_000, help="claims in all")
    parser.add_argument("--references", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    written = generate(args.out, args.articles, args.claims, args.references, args.seed)
    print(", ".join(f"{count:,} {what}" for what, count in written.items()), "->", args.out)


if __name__ == "__main__":
    main()

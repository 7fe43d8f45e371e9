"""Precision and recall of the content rules on labeled sentences (tests/data/marketing_*.yaml).

"marketing" means: flagged by any of promotional, regulated-substance, certainty or
persuasion (CC301, CC302, CC304, CC305; all warning or error). The development set is what
the rules and lexicons were tuned on. ``marketing_heldout.yaml`` was held out: its first
batch (48 sentences) measured marketing precision 1.00, recall 0.89 on first evaluation;
with its second batch (88 in all) precision 0.98, recall 0.84, after which its misses led to
lexicon changes, so it is no longer clean. ``marketing_heldout3.yaml`` was written after
those changes and evaluated once (precision 1.00, recall 0.86): that is the clean figure;
benefit verbs it showed missing were then added with new development sentences, so it is
no longer clean either. Run with ``-s`` to see the figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from claimcheck.lexicon import lexicon_for
from claimcheck.rules import RULES_BY_ID
from claimcheck.rules.judge import judge
from claimcheck.text.cues import analyze
from claimcheck.text.segments import segment

DATA = Path(__file__).resolve().parent.parent / "data"
MARKETING = ("promotional", "regulated-substance", "certainty", "persuasion")
# Floors: the floor for held-out "marketing" (precision 0.9, recall 0.85). The
# regulated-substance floors on held-out text are regression guards: on its one clean
# evaluation batch 3 measured precision 1.00, recall 0.67 for it (benefit wording is open
# ended, the known weak point).
FLOORS = {
    "dev": {"marketing": (0.95, 0.95), "regulated-substance": (0.9, 0.9)},
    "heldout": {"marketing": (0.9, 0.85), "regulated-substance": (0.9, 0.85)},
    "heldout3": {"marketing": (0.9, 0.85), "regulated-substance": (0.9, 0.6)},
}


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    support: int


def _load(name: str) -> list[tuple[str, set[str]]]:
    data = yaml.safe_load((DATA / f"marketing_{name}.yaml").read_text(encoding="utf-8"))
    return [(item["text"], set(item["labels"])) for item in data["sentences"]]


def predict(texts: list[str]) -> list[set[str]]:
    """Categories flagged per text, each text judged in a section of its own."""
    document = "".join(f"## {index}\n\n{text}\n\n" for index, text in enumerate(texts))
    segments = segment(document)
    lexicon = lexicon_for(Path("."), [])
    verdicts, _ = judge(analyze(document, segments, lexicon), lexicon)
    predicted: list[set[str]] = [set() for _ in texts]
    for verdict in verdicts:
        block = segments.sentences[verdict.sentence].block
        category = RULES_BY_ID[verdict.rule].category.value
        if category in MARKETING:
            predicted[(block - 1) // 2].add(category)
    return predicted


def score(gold: list[set[str]], predicted: list[set[str]], category: str) -> Scores:
    def has(labels: set[str]) -> bool:
        return bool(labels & set(MARKETING)) if category == "marketing" else category in labels

    tp = sum(1 for g, p in zip(gold, predicted, strict=True) if has(g) and has(p))
    fp = sum(1 for g, p in zip(gold, predicted, strict=True) if not has(g) and has(p))
    fn = sum(1 for g, p in zip(gold, predicted, strict=True) if has(g) and not has(p))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return Scores(precision, recall, tp + fn)


@pytest.mark.parametrize("split", ["dev", "heldout", "heldout3"])
def test_precision_and_recall(split: str) -> None:
    items = _load(split)
    gold = [labels for _, labels in items]
    predicted = predict([text for text, _ in items])
    print(f"\n{split}: {len(items)} sentences")
    results = {}
    for category in ("marketing", *MARKETING):
        results[category] = s = score(gold, predicted, category)
        print(f"  {category:<20} precision {s.precision:.2f}  recall {s.recall:.2f}  (n={s.support})")
    misses = [
        f"    {sorted(g)} != {sorted(p)}: {text}"
        for (text, g), p in zip(items, predicted, strict=True)
        if (g & set(MARKETING)) != p
    ]
    print("  disagreements:\n" + "\n".join(misses))
    for category, (precision, recall) in FLOORS[split].items():
        assert results[category].precision >= precision, category
        assert results[category].recall >= recall, category


def test_sentences_in_one_section_do_not_leak() -> None:
    """Each labeled sentence is judged alone: an anaphor cannot reach into the next item."""
    assert predict(["Clinics sell sermorelin.", "They improve sleep."]) == [set(), set()]

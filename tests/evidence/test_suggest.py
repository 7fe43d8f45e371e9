"""``claimcheck refs suggest``: BM25 over title, abstract and keywords; the CC102 hint."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from claimcheck.evidence.suggest import Index, tokens
from tests.conftest import Run

BIB = """\
@article{holick2007,
  author = {Holick, Michael F.},
  title = {Vitamin {D} Deficiency},
  journal = {New England Journal of Medicine},
  year = {2007},
  doi = {10.1056/NEJMra070553},
  keywords = {vitamin D, skin, sunlight},
}
@article{sleep2020,
  author = {Doe, Jane},
  title = {Sleep and growth hormone},
  journal = {J},
  year = {2020},
  abstract = {Growth hormone pulses during deep sleep.},
  url = {https://example.org/sleep},
}
@article{bones2021,
  author = {Doe, Jane},
  title = {Bone density in older adults},
  journal = {J},
  year = {2021},
  url = {https://example.org/bones},
}
@article{skin2019,
  author = {Doe, Jane},
  title = {Skin exposure to sunlight and vitamin {D} made in the skin},
  journal = {J},
  year = {2019},
  url = {https://example.org/skin},
}
"""

UNCITED = """\
article: demo
claims:
  - id: vitamin-d-skin
    quote: Vitamin D is made in the skin
    statement: The skin makes vitamin D when exposed to sunlight.
    kind: mechanism
    citations:
      - key: holick2007
        relation: background
"""


def test_top_three_with_scores(cli: Callable[..., Run], make_project: Callable[..., Path]) -> None:
    root = make_project({"references.bib": BIB})
    run = cli("refs", "suggest", "vitamin-d-skin", "--root", root)
    assert run.code == 0
    rows = [line.split() for line in run.out.splitlines()]
    assert [row[1] for row in rows] == ["skin2019", "holick2007"]  # the others share no term
    scores = [float(row[0]) for row in rows]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0


def test_unknown_claim_is_a_usage_error(cli: Callable[..., Run], make_project: Callable[..., Path]) -> None:
    run = cli("refs", "suggest", "no-such-claim", "--root", make_project())
    assert run.code == 2 and "no claim with id 'no-such-claim'" in run.err


def test_unsupported_claim_hint_offers_the_best_uncited_match(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    root = make_project({"references.bib": BIB, "content/claims/demo.yaml": UNCITED})
    run = cli("check", "--root", root, "--select", "CC102")
    assert "best match in the library: skin2019 (BM25" in run.out


def test_bm25_prefers_rare_terms_and_ties_break_by_key() -> None:
    from claimcheck.core.location import Span
    from claimcheck.load.project import ReferenceRecord

    def ref(key: str, title: str) -> ReferenceRecord:
        return ReferenceRecord(key, "article", {"title": title}, Span.point(1))

    index = Index.build(
        {r.key: r for r in (ref("b", "growth hormone"), ref("a", "growth hormone"), ref("c", "growth sleep"))}
    )
    ranked = index.scores(tokens("hormone and sleep"))
    assert [k for k, _ in ranked] == ["c", "a", "b"]  # 'sleep' is in one document, 'hormone' in two
    assert ranked[1][1] == ranked[2][1]  # identical documents score alike, in key order
    tied = index.scores(tokens("growth hormone"))
    assert tied[0][1] == tied[1][1] and index.top(tokens("growth hormone"), 1) == tied[:1] == [
        ("a", tied[0][1])
    ]


def test_top_matches_a_plain_bm25_over_every_document() -> None:
    """The inverted index ranks exactly as scoring every document one by one would."""
    import math
    import random

    from claimcheck.core.location import Span
    from claimcheck.evidence.suggest import K1, B
    from claimcheck.load.project import ReferenceRecord

    rng = random.Random(7)
    words = [f"w{n}" for n in range(40)]
    library = {
        f"k{n:03d}": ReferenceRecord(
            f"k{n:03d}",
            "article",
            {"title": " ".join(rng.choices(words, k=rng.randint(1, 9)))},
            Span.point(1),
        )
        for n in range(150)
    }
    index = Index.build(library)
    documents = {key: tokens(record.get("title") or "") for key, record in library.items()}
    average = sum(len(d) for d in documents.values()) / len(documents)
    for _ in range(30):
        query = rng.choices(words, k=rng.randint(1, 6))
        expected = []
        for key, document in documents.items():
            score = 0.0
            for term in dict.fromkeys(query):
                tf = document.count(term)
                if tf:
                    df = sum(term in d for d in documents.values())
                    idf = math.log(1 + (len(documents) - df + 0.5) / (df + 0.5))
                    score += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * len(document) / average))
            if score > 0:
                expected.append((key, round(score, 6)))
        expected.sort(key=lambda item: (-item[1], item[0]))
        assert index.scores(query) == expected
        assert index.top(query, 3) == expected[:3]
        assert index.top(query, 1) == expected[:1]  # the best alone: its own path (CC102's hint)
        cited = {key for key, _ in expected[:2]}
        assert index.top(query, 1, exclude=cited) == expected[2:3]


def test_only_the_start_of_a_huge_field_is_indexed() -> None:
    from claimcheck.core.location import Span
    from claimcheck.evidence.suggest import FIELD_CHARACTERS
    from claimcheck.load.project import ReferenceRecord

    abstract = "calcitriol " + "filler " * (FIELD_CHARACTERS // 7) + "ergocalciferol"
    index = Index.build({"k": ReferenceRecord("k", "article", {"abstract": abstract}, Span.point(1))})
    assert index.scores(["calcitriol"]) != [] and index.scores(["ergocalciferol"]) == []

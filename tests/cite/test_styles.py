"""Articles citing in each style get every citation mapped to the right BibTeX key: through
``claimcheck extract`` (the claims it proposes carry the keys) and through the check (CC108
reports nothing for them, and a located finding for a marker that resolves to nothing).

The library is the shipped references.bib (the seed article's eight references, titles with
"∞" as printed); the articles are written for these tests (origin: ours), each sentence a claim
the seed article makes, cited in AMA, Vancouver, APA/author-year and Pandoc style."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.conftest import REPO

from claimcheck.cite.match import Library
from claimcheck.cite.reflist import reference_list
from claimcheck.cite.resolve import citations
from claimcheck.model import ClaimsDocument

FRONT = "---\nid: {id}\ntitle: IGF-1\n---\n"

SENTENCES = {
    "Growth": "Growth hormone stimulates the liver to produce IGF-1",
    "IGF-binding": "IGF-binding proteins regulate the bioavailability of circulating IGF-1",
    "Sermorelin": "Sermorelin stimulates the pituitary to secrete endogenous growth hormone",
    "Tesamorelin": "Tesamorelin reduces visceral adipose tissue in patients with lipodystrophy",
    "Testosterone": "Testosterone therapy increases IGF-1 levels in adolescent males",
}
EXPECTED = {
    "Growth": ["leroith2007"],
    "IGF-binding": ["lupu2004", "clemmons2007"],
    "Sermorelin": ["veldhuis2003", "walker2008", "jabbour2007"],
    "Tesamorelin": ["koutkia2004"],
    "Testosterone": ["mauras2008"],
}

AMA_LIST = """## References

1. Le Roith D. Insulin-like growth factors. *N Engl J Med*. 2007;356(13):1336-1346.
2. Lupu F, Terwilliger EF. The IGF-1 system in normal physiology and diseases: an update. *Mol Pathol*. 2004;57(1):17-27.
3. Clemmons DR. Role of IGF binding proteins in controlling IGF actions. *Mol Cell Endocrinol*. 2007;272(1-2):1-9.
4. Veldhuis JD, Bowers CY. Integrating GHRH and GHRP-2 in the physiological regulation of GH secretion. *Growth Horm IGF Res*. 2003;13(1):1-13.
5. Walker RF. Sermorelin: a review of the literature. *Clin Interv Aging*. 2008;3(2):273-282.
6. Jabbour SA, Reddy S. Growth hormone secretagogues: a review of the literature. *Endocr Pract*. 2007;13(5):515-525.
7. Mauras N, et al. Testosterone therapy in adolescent males with constitutional delay of growth and puberty. *J Clin Endocrinol Metab*. 2008;93(8):2992-2998.
8. Koutkia P, et al. Tesamorelin, a GHRH analog, improves body composition in HIV-infected patients with lipodystrophy. *J Clin Endocrinol Metab*. 2004;89(6):2855-2861.
"""

VANCOUVER_LIST = """References

[1] Le Roith D. Insulin-like growth factors. N Engl J Med. 2007;356(13):1336-46.
[2] Lupu F, Terwilliger EF. The IGF-1 system in normal physiology and diseases: an update. Mol Pathol. 2004;57(1):17-27.
[3] Clemmons DR. Role of IGF binding proteins in controlling IGF actions. Mol Cell Endocrinol. 2007;272(1-2):1-9.
[4] Veldhuis JD, Bowers CY. Integrating GHRH and GHRP-2 in the physiological regulation of GH secretion. Growth Horm IGF Res. 2003;13(1):1-13.
[5] Walker RF. Sermorelin: a review of the literature. Clin Interv Aging. 2008;3(2):273-82.
[6] Jabbour SA, Reddy S. Growth hormone secretagogues: a review of the literature. Endocr Pract. 2007;13(5):515-25.
[7] Mauras N, et al. Testosterone therapy in adolescent males with constitutional delay of growth and puberty. J Clin Endocrinol Metab. 2008;93(8):2992-8.
[8] Koutkia P, et al. Tesamorelin, a GHRH analog, improves body composition in HIV-infected patients with lipodystrophy. J Clin Endocrinol Metab. 2004;89(6):2855-61.
"""

ARTICLES = {
    # AMA: superscripts, in every form, after the full stop
    "ama": f"""{SENTENCES["Growth"]}.¹

{SENTENCES["IGF-binding"]}.<sup>2,3</sup>

{SENTENCES["Sermorelin"]}.⁴⁻⁶ A BMI of 30 kg/m² or more is no citation.

{SENTENCES["Tesamorelin"]}.^8^

{SENTENCES["Testosterone"]}.<sup>7</sup>

{AMA_LIST}""",
    # Vancouver: numbers in brackets, before the full stop, list labelled [n] under a bare heading
    "vancouver": f"""{SENTENCES["Growth"]} [1].

{SENTENCES["IGF-binding"]} [2,3].

{SENTENCES["Sermorelin"]} [4–6].

{SENTENCES["Tesamorelin"]} [8].

{SENTENCES["Testosterone"]} [7]. The trial ended (Tuesday 4 September 2012).

{VANCOUVER_LIST}""",
    # Vancouver with numbers in parentheses (NLM allows them); an enumeration is no citation
    "vancouver-parentheses": f"""Two questions follow: (1) how much and (2) how often.

{SENTENCES["Growth"]} (1).

{SENTENCES["IGF-binding"]} (2,3).

{SENTENCES["Sermorelin"]} (4-6).

{SENTENCES["Tesamorelin"]} (8).

{SENTENCES["Testosterone"]} (7).

{AMA_LIST}""",
    # APA / author-year, parenthetical and narrative
    "author-year": f"""{SENTENCES["Growth"]} (Le Roith, 2007).

{SENTENCES["IGF-binding"]} (Lupu & Terwilliger, 2004; see Clemmons, 2007, p. 3).

{SENTENCES["Sermorelin"]} (Veldhuis and Bowers 2003; Walker, 2008; Jabbour & Reddy, 2007).

As Koutkia et al. (2004) found, {SENTENCES["Tesamorelin"][0].lower()}{SENTENCES["Tesamorelin"][1:]}.

{SENTENCES["Testosterone"]} (Mauras et al., 2008). The guideline (2019) agrees.
""",
    # Pandoc/CSL keys, with locators, several keys, author suppressed, in-text
    "pandoc": f"""{SENTENCES["Growth"]} [@leroith2007].

{SENTENCES["IGF-binding"]} [@lupu2004, p. 20; @clemmons2007].

{SENTENCES["Sermorelin"]} [see @veldhuis2003; @walker2008, pp. 273-275; @jabbour2007].

As @koutkia2004 [p. 2856] showed, {SENTENCES["Tesamorelin"][0].lower()}{SENTENCES["Tesamorelin"][1:]}.

{SENTENCES["Testosterone"]} [-@mauras2008]. Write to info@example.com.
""",
}
LOCATORS = {
    "pandoc": {("lupu2004", "p. 20"), ("walker2008", "pp. 273-275"), ("koutkia2004", "p. 2856")},
    "author-year": {("clemmons2007", "p. 3")},
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "content/articles").mkdir(parents=True)
    (tmp_path / "content/claims").mkdir(parents=True)
    shutil.copy(REPO / "references.bib", tmp_path / "references.bib")
    for name, body in ARTICLES.items():
        (tmp_path / f"content/articles/{name}.md").write_text(FRONT.format(id=name) + body, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("name", list(ARTICLES))
def test_extract_cites_the_right_keys(name: str, project: Path, cli: Callable[..., Any]) -> None:
    run = cli("extract", f"content/articles/{name}.md", "--root", project)
    assert run.code == 0, run.err
    assert "warning" not in run.err
    document = ClaimsDocument.model_validate(yaml.safe_load(run.out))
    cited: dict[str, list[str]] = {}
    for claim in document.claims:
        first = next(
            (word for word in EXPECTED if SENTENCES[word][1:30].lower() in claim.quote.lower()), None
        )
        if first is None:  # a filler sentence the claim model proposes too ("A BMI of 30 kg/m² ...")
            assert not claim.citations, claim.quote
            continue
        cited[first] = [c.key for c in claim.citations]
    assert cited == EXPECTED
    located = {(c.key, c.locator) for claim in document.claims for c in claim.citations if c.locator}
    assert located == LOCATORS.get(name, set())


@pytest.mark.parametrize("name", list(ARTICLES))
def test_the_check_resolves_every_marker(name: str, project: Path, cli: Callable[..., Any]) -> None:
    run = cli("check", "--root", project, "--select", "CC108")
    assert "CC108" not in run.out, run.out
    text = (project / f"content/articles/{name}.md").read_text(encoding="utf-8")
    found = citations(text, text.index("\n---\n", 4) + 5, Library(_references(project)))
    assert [r.key for r in found if r.key] == [k for keys in EXPECTED.values() for k in keys]


def _references(root: Path) -> Any:
    from claimcheck.load import load_project
    from claimcheck.settings import load_settings

    return load_project(root, load_settings(root)).references


def test_unresolved_markers_are_located_findings(project: Path, cli: Callable[..., Any]) -> None:
    broken = FRONT.format(id="broken") + (
        "Growth hormone stimulates IGF-1 [@leroith2070].\n"
        "IGF-1 inhibits GH secretion [9].\n"
        "IGF-1 rises with protein intake (Smith et al., 2019).\n\n" + AMA_LIST
    )
    (project / "content/articles/broken.md").write_text(broken, encoding="utf-8")
    run = cli("check", "--root", project, "--select", "CC108", "--format", "text")
    lines = [line for line in run.out.splitlines() if "CC108" in line]
    assert lines == [
        "content/articles/broken.md:5:33: warning CC108 citation '[@leroith2070]': "
        "no entry 'leroith2070' in the library",
        "content/articles/broken.md:6:29: warning CC108 citation '[9]': "
        "the article's reference list has no entry 9 (it has 1–8)",
        "content/articles/broken.md:7:34: warning CC108 citation 'Smith et al., 2019': "
        "no entry of the library has first author Smith and year 2019",
    ]
    run = cli("extract", "content/articles/broken.md", "--root", project)
    assert "broken.md:5:33: citation '[@leroith2070]'" in run.err
    assert "broken.md:6:29: citation '[9]'" in run.err


def test_reference_lists_in_every_style_resolve_in_order() -> None:
    library = Library(_references(REPO))
    order = ["leroith2007", "lupu2004", "clemmons2007", "veldhuis2003", "walker2008", "jabbour2007"]
    order += ["mauras2008", "koutkia2004"]
    seed = (REPO / "content/articles/igf1-lifestyle.md").read_text(encoding="utf-8")
    seed_order = ["leroith2007", "lupu2004", "clemmons2007", "veldhuis2003", "mauras2008", "walker2008"]
    seed_order += ["jabbour2007", "koutkia2004"]
    for text, expected in ((AMA_LIST, order), (VANCOUVER_LIST, order), (seed, seed_order)):
        entries = reference_list(text).entries
        assert [e.number for e in entries] == list(range(1, 9))
        assert [library.entry(e.text).key for e in entries] == expected


BIB = """@article{holick2007,
  author = {Holick, Michael F.}, title = {Vitamin {D} Deficiency}, journal = {N Engl J Med},
  year = {2007}, doi = {10.1056/NEJMra070553}, pmid = {17634462},
}
@article{holick2007b,
  author = {Holick, Michael F.}, title = {Vitamin {D} Deficiency and Bone Health}, journal = {Other},
  year = {2007},
}
@article{holick2007c,
  author = {Holick, Michael F.}, title = {Vitamin {D} deficiency and bone health},
  journal = {Reprinted}, year = {2007},
}
"""


@pytest.fixture
def holick(tmp_path: Path) -> Library:
    (tmp_path / "content/articles").mkdir(parents=True)
    (tmp_path / "content/claims").mkdir(parents=True)
    (tmp_path / "references.bib").write_text(BIB, encoding="utf-8")
    return Library(_references(tmp_path))


def test_identifiers_match_first_and_exactly(holick: Library) -> None:
    # the DOI decides even when the rest is garbled
    assert holick.entry("Holik M. Something else. 2007. doi:10.1056/nejmra070553.").key == "holick2007"
    assert (
        holick.entry("Holik M. Something else. 2007. https://doi.org/10.1056/NEJMra070553").key
        == "holick2007"
    )
    assert holick.entry("Holik M. Something else. 2007. PMID: 17634462").key == "holick2007"
    # a printed DOI that differs from the library's rules that entry out
    found = holick.entry("Holick MF. Vitamin D deficiency. N Engl J Med. 2007. doi:10.1056/NEJMra999999")
    assert found.key is None
    assert found.problem is not None and "DOI 10.1056/nejmra999999" in found.problem


def test_close_candidates_are_ambiguous_not_guessed(holick: Library) -> None:
    assert (
        holick.entry("Holick MF. Vitamin D deficiency. N Engl J Med. 2007;357(3):266-81.").key == "holick2007"
    )
    # a title that only starts like the printed one is no match; two equal ones are ambiguous
    found = holick.entry("Holick MF. Vitamin D deficiency and bone health. Other. 2007.")
    assert found.key is None and found.problem is not None and "holick2007 " not in found.problem
    assert found.problem is not None and "holick2007b" in found.problem and "holick2007c" in found.problem
    assert "ambiguous" in found.problem
    by_author = holick.author_year("Holick", "2007")
    assert by_author.key is None and by_author.problem is not None and "3 entries" in by_author.problem
    assert holick.entry("Smith J. Vitamin K. 2007.").key is None


@pytest.mark.parametrize("style", ["american-medical-association", "vancouver"])
def test_the_exports_own_styles_resolve_back_to_their_keys(style: str) -> None:
    """Every library entry printed in a shipped CSL style (as ``claimcheck export`` prints it)
    and cited by number resolves to its own key."""
    from claimcheck.export.references import csl_item, format_reference, style_path

    references = _references(REPO)
    keys = sorted(references)
    printed = [format_reference(csl_item(references[k]), style_path(style, REPO)) for k in keys]
    body = " ".join(f"Claim {n} [{n}]." for n in range(1, len(keys) + 1))
    text = body + "\n\n## References\n\n" + "".join(f"{n}. {p}\n" for n, p in enumerate(printed, 1))
    found = citations(text, 0, Library(references))
    assert [(r.key, r.problem) for r in found] == [(k, None) for k in keys]


def test_an_exported_bundle_cites_what_its_claims_cite(shipped: Path, cli: Callable[..., Any]) -> None:
    """bundle.md numbers each article's references in the export style (AMA) under its own
    "### References": every marker resolves to the keys bundle.json gives the claim."""
    import json

    run = cli("export", "--root", shipped)
    assert run.code == 0, run.err
    bundle = json.loads((shipped / "build/bundle.json").read_text(encoding="utf-8"))
    markdown = (shipped / "build/bundle.md").read_text(encoding="utf-8")
    expected = [[c["key"] for c in claim["citations"]] for a in bundle["articles"] for claim in a["claims"]]
    found = citations(markdown, 0, Library(_references(shipped)))
    assert all(r.problem is None for r in found), [r.problem for r in found if r.problem]
    by_marker: dict[int, list[str]] = {}
    for item in found:
        assert item.key is not None
        by_marker.setdefault(item.cite.start, []).append(item.key)
    assert list(by_marker.values()) == [keys for keys in expected if keys]

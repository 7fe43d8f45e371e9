"""The built-in packs, user packs from the configuration, and the phrase matcher."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from claimcheck.lexicon import Cue, StatusValue
from claimcheck.lexicon.load import BUILTIN_PACKS, DATA_DIR, read_pack
from claimcheck.model.schemas import validator
from claimcheck.parse.yaml_source import parse_yaml
from claimcheck.text.matcher import PhraseMatcher
from claimcheck.text.quotes import fold

SEED_SUBSTANCES = {
    "sermorelin", "ipamorelin", "cjc-1295", "tesamorelin", "hexarelin", "testosterone", "somatropin",
    "igf-1", "mecasermin", "ibutamoren", "bpc-157", "ghrp-2", "ghrp-6", "igf-1-lr3", "aod-9604",
}  # fmt: skip


def test_builtin_packs_validate_and_every_status_has_a_source_and_date() -> None:
    packs = [read_pack(DATA_DIR / name) for name in BUILTIN_PACKS]
    for name in BUILTIN_PACKS:  # read_pack asks the schema only about packs the model refuses
        data = parse_yaml((DATA_DIR / name).read_text(encoding="utf-8")).data
        assert list(validator("pack").iter_errors(data)) == [], name
    substances = {s.id: s for pack in packs for s in pack.substances}
    assert set(substances) >= SEED_SUBSTANCES
    for substance in substances.values():
        assert substance.statuses, substance.id
        for status in substance.statuses:
            assert status.source.strip() and status.checked.year >= 2026
    assert "Mod GRF 1-29" in substances["cjc-1295"].names
    assert any(
        s.status is StatusValue.CONTROLLED and "Schedule III" in s.detail
        for s in substances["testosterone"].statuses
    )
    core = packs[0]
    assert (
        all(core.phrases.get(cue) for cue in Cue if cue is not Cue.SECTION_SKIP)
        and core.phrases[Cue.SECTION_SKIP]
    )


PROMOTED_SUBSTANCES = {
    "semaglutide", "compounded-semaglutide", "tirzepatide", "compounded-tirzepatide", "thymosin-beta-4",
    "ghk-cu", "bremelanotide", "melanotan-ii", "epitalon", "selank", "semax", "kisspeptin", "hcg",
    "enclomiphene", "dhea", "ostarine", "rad-140", "lgd-4033", "andarine", "s-23", "yk-11",
    "nad-infusion", "methylene-blue", "rapamycin", "stem-cell-products", "exosome-products", "ketamine",
    "esketamine",
}  # fmt: skip

# A source still to be looked up, in any of the ways the registry words it.
_PENDING = re.compile(
    r"to be (?:checked|confirmed|verified)|not (?:yet )?(?:checked|confirmed|read|verified)"
    r"|\b(?:todo|tbd|tbc|fixme)\b|\?\?|unverified|\bpending\b",
    re.IGNORECASE,
)


def test_every_status_names_a_source_and_a_date_and_only_unverified_ones_are_pending() -> None:
    """A status other than "unverified" names the source it was checked against; a source that
    is still to be looked up belongs to an "unverified" status, never to a claimed one."""
    substances = {s.id: s for s in read_pack(DATA_DIR / "substances.yaml").substances}
    assert set(substances) >= PROMOTED_SUBSTANCES
    checked = 0
    for substance in substances.values():
        for status in substance.statuses:
            where = f"{substance.id} {status.jurisdiction} {status.status.value}"
            assert status.source.strip() and status.detail.strip(), where
            assert status.checked.year >= 2026 and status.checked <= dt.date.today(), where
            if status.status is not StatusValue.UNVERIFIED:
                assert not _PENDING.search(status.source), f"{where}: pending source {status.source!r}"
                checked += 1
    assert checked >= 30  # the test reads the registry, not an empty list


@pytest.mark.parametrize(
    "source",
    ["Drugs@FDA (to be checked)", "FDA page, not yet confirmed", "TODO", "label (TBD)", "unverified copy"],
)
def test_the_pending_source_pattern_catches_the_usual_wordings(source: str) -> None:
    assert _PENDING.search(source)


def _matches(matcher: PhraseMatcher[str], text: str) -> list[tuple[str, list[str]]]:
    folded = fold(text)
    return [(text[s:e], v) for s, e, v in matcher.finditer(folded)]


def test_matcher_spellings_longest_match_and_word_endings() -> None:
    matcher = PhraseMatcher(
        [
            ("CJC-1295", "cjc"),
            ("no", "neg"),
            ("no side effects", "sure"),
            ("optimi*", "benefit"),
            ("peptide", "p"),
        ]
    )
    assert _matches(matcher, "CJC 1295, cjc1295 and CJC‑1295x") == [
        ("CJC 1295", ["cjc"]),
        ("cjc1295", ["cjc"]),
    ]
    assert _matches(matcher, "No side effects, no sidewalk.") == [
        ("No side effects", ["sure"]),
        ("no", ["neg"]),
    ]
    assert _matches(matcher, "Optimization, optimal, peptides") == [("Optimization", ["benefit"])]


def test_a_user_pack_extends_the_lexicon(
    make_project: Callable[..., Path], cli: Callable[..., object]
) -> None:
    pack = "name: house\nphrases:\n  hype:\n    - sun-kissed glow\n"
    # the sentence must read as promotion (CC301) for the finding to quote the pack's phrase
    article_tail = "\nBook now and get that sun-kissed glow this summer!\n"
    from claimcheck.rules.examples import base_files

    article = base_files()["content/articles/demo.md"] + article_tail
    root = make_project({"styles/house.yaml": pack, "content/articles/demo.md": article})
    assert cli("check", "--root", root, "--select", "CC301").code == 0  # type: ignore[attr-defined]
    (root / "claimcheck.toml").write_text('packs = ["styles/house.yaml"]\n', encoding="utf-8")
    run = cli("check", "--root", root, "--select", "CC301")
    assert run.code == 0 and "sun-kissed glow" in run.out  # type: ignore[attr-defined]  # a warning


@pytest.mark.parametrize(
    ("pack", "message"),
    [
        ("name: bad\nphrases:\n  hype: [ok]\n  hipe: [typo]\n", "house.yaml:3:3: pack: 'hipe'"),
        ("name: bad\nsubstances:\n  - id: x\n    names: [x]\n", "'class' is a required property"),
        ("name: [unclosed\n", "house.yaml:"),
    ],
)
def test_a_bad_pack_is_a_one_line_configuration_error(
    make_project: Callable[..., Path], cli: Callable[..., object], pack: str, message: str
) -> None:
    root = make_project({"styles/house.yaml": pack, "claimcheck.toml": 'packs = ["styles/house.yaml"]\n'})
    run = cli("check", "--root", root)
    assert run.code == 2  # type: ignore[attr-defined]
    assert message in run.err and len(run.err.strip().splitlines()) == 1  # type: ignore[attr-defined]


def test_a_missing_pack_is_a_configuration_error(
    make_project: Callable[..., Path], cli: Callable[..., object]
) -> None:
    root = make_project({"claimcheck.toml": 'packs = ["styles/none.yaml"]\n'})
    run = cli("check", "--root", root)
    assert run.code == 2 and "styles/none.yaml" in run.err  # type: ignore[attr-defined]

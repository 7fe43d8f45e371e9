"""Hard ceilings that configuration cannot lift (docs/robustness.md, "Limits that are decisions")."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from claimcheck.core.errors import ConfigError
from claimcheck.lexicon.load import MAX_PACK_BYTES, read_pack
from tests.conftest import Run


def test_a_pack_over_the_ceiling_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    pack = tmp_path / "big.yaml"
    phrases = "".join(f"    - phrase number {i}\n" for i in range(MAX_PACK_BYTES // 20))
    pack.write_text("phrases:\n  promotional:\n" + phrases, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"pack refused: .* bytes \(at most 1,000,000\)"):
        read_pack(pack)


def test_max_file_size_cannot_be_raised_past_ten_megabytes(tmp_path: Path) -> None:
    from claimcheck.settings import load_settings

    (tmp_path / "claimcheck.toml").write_text("max_file_size = 10000001\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="less than or equal to 10000000"):
        load_settings(tmp_path)
    (tmp_path / "claimcheck.toml").write_text("max_file_size = 10000000\n", encoding="utf-8")
    assert load_settings(tmp_path).max_file_size == 10_000_000


def test_max_table_cells_cannot_be_raised_past_its_maximum(tmp_path: Path) -> None:
    from claimcheck.model.config import TABLE_CELLS_DEFAULT, TABLE_CELLS_MAXIMUM
    from claimcheck.settings import load_settings

    assert (TABLE_CELLS_DEFAULT, TABLE_CELLS_MAXIMUM) == (20_000, 100_000)  # docs/robustness.md
    assert load_settings(tmp_path).max_table_cells == TABLE_CELLS_DEFAULT
    (tmp_path / "claimcheck.toml").write_text("max_table_cells = 100001\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="less than or equal to 100000"):
        load_settings(tmp_path)
    (tmp_path / "claimcheck.toml").write_text("max_table_cells = 100000\n", encoding="utf-8")
    assert load_settings(tmp_path).max_table_cells == 100_000


def test_a_table_past_the_configured_cells_is_reported_and_not_checked(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    """A lowered ``max_table_cells`` reaches the segmentation of a check (one job or two): the
    promotional cell of the large table is not reported (CC3xx); at the table's size, it is."""
    from claimcheck.rules.examples import base_files

    article = base_files()["content/articles/demo.md"]
    table = "| product | what the seller says |\n|---|---|\n"
    table += "| BPC-157 | Our revolutionary protocol boosts energy guaranteed, order now! |\n"
    table += "".join(f"| item {i} | plain text {i} |\n" for i in range(20))
    root = make_project(
        {"content/articles/demo.md": article + "\n" + table, "claimcheck.toml": "max_table_cells = 40\n"}
    )
    for jobs in ("1", "2"):
        run = cli("check", "--root", root, "--format", "json", "--no-cache", "--jobs", jobs)
        found = [(f["rule"], f["message"]) for f in json.loads(run.out)["findings"]]
        assert (
            "CC009",
            "table too large to check: 22 rows of 2 columns, 44 cells, the maximum is 40",
        ) in found
        assert not [rule for rule, _ in found if rule.startswith("CC3")], found
    (root / "claimcheck.toml").write_text("max_table_cells = 44\n", encoding="utf-8")
    run = cli("check", "--root", root, "--format", "json", "--no-cache", "--jobs", "1")
    rules = {f["rule"] for f in json.loads(run.out)["findings"]}
    assert "CC009" not in rules and any(rule.startswith("CC3") for rule in rules), rules


def test_tables_past_the_budget_are_one_finding(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    """Small tables past the article's budget only with those above them are one finding, at the
    first; a table past the maximum alone is its own."""
    from claimcheck.rules.examples import base_files

    small = "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
    wide = "| " + " | ".join("x" * 12) + " |\n|" + "---|" * 12 + "\n"
    base = base_files()["content/articles/demo.md"] + "\n"
    article = base + small * 5 + wide + "\n" + small * 3
    third, wide_at = (base + small * 2).count("\n") + 1, (base + small * 5).count("\n") + 1
    root = make_project({"content/articles/demo.md": article, "claimcheck.toml": "max_table_cells = 10\n"})
    run = cli("check", "--root", root, "--format", "json", "--no-cache", "--select", "CC009")
    found = [(f["line"], f["message"]) for f in json.loads(run.out)["findings"]]
    assert found == [
        (
            third,
            "table not checked: 2 rows of 2 columns, 4 cells, after 8 cells of the tables above it; "
            "the maximum is 10 for the article (5 more tables below not checked either)",
        ),
        (wide_at, "table too large to check: 1 row of 12 columns, 12 cells, the maximum is 10"),
    ]

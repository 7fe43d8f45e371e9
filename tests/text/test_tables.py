"""Tables past an article's budget of table cells: found, blanked with their offsets kept, and
left out of the segments whichever block scanner reads the body."""

from __future__ import annotations

import pytest

from claimcheck.text.segments import BlockKind, segment
from claimcheck.text.tables import blanked, large_tables

SMALL = "| a | b |\n|---|---|\n| 1 | 2 |\n"  # 2 rows of 2 columns: 4 cells
WIDE = "|" + "|".join(f"c{i}" for i in range(50)) + "|\n|" + "|".join("-" * 50) + "|\n"
WIDE += ("|" + "|".join("ab" for _ in range(50)) + "|\n") * 9  # 10 rows of 50 columns: 500 cells


def _cells(text: str, limit: int) -> list[str]:
    found = segment(text, 0, limit)
    return [found.block_text(b) for b in found.blocks if b.kind is BlockKind.TABLE_CELL]


def test_a_table_past_the_budget_is_found_with_its_size() -> None:
    text = f"Intro.\n\n{WIDE}\nAfter the table.\n"
    [table] = large_tables(text, 0, 499)
    assert (table.rows, table.columns, table.cells, table.before) == (10, 50, 500, 0)
    assert text[table.start : table.end] == WIDE.rstrip("\n")
    assert large_tables(text, 0, 500) == []


def test_the_budget_counts_the_tables_above() -> None:
    text = f"{SMALL}\n{SMALL}\n{SMALL}"
    assert large_tables(text, 0, 12) == []
    [third] = large_tables(text, 0, 11)
    assert third.before == 8 and text[third.start :].startswith(SMALL.rstrip("\n"))


@pytest.mark.parametrize("markdown_it", [False, True], ids=["line scanner", "markdown-it"])
def test_a_large_table_is_left_out_and_the_rest_is_read(markdown_it: bool) -> None:
    # a backslash sends the body to markdown-it-py instead of the line scanner
    extra = "A path C:\\\\data.\n\n" if markdown_it else ""
    text = f"# Heading\n\n{extra}Intro sentence.\n\n{SMALL}\n{WIDE}\nAfter the table.\n"
    full = segment(text, 0, 10_000)
    cut = segment(text, 0, 100)
    assert len([b for b in full.blocks if b.kind is BlockKind.TABLE_CELL]) == 4 + 500
    assert _cells(text, 100) == ["a", "b", "1", "2"]
    assert [cut.block_text(b) for b in cut.blocks if b.kind is not BlockKind.TABLE_CELL] == [
        full.block_text(b) for b in full.blocks if b.kind is not BlockKind.TABLE_CELL
    ]
    assert [(t.rows, t.columns, t.before) for t in cut.large_tables] == [(10, 50, 4)]


def test_blanking_keeps_every_offset() -> None:
    text = f"Before.\n\n{WIDE}\nAfter.\n"
    tables = large_tables(text, 0, 1)
    out = blanked(text, tables)
    assert len(out) == len(text) and out.count("\n") == text.count("\n")
    assert out.startswith("Before.\n\n") and out.endswith("\nAfter.\n")
    assert not out[tables[0].start : tables[0].end].strip()


def test_a_table_ends_where_markdown_it_ends_it() -> None:
    text = f"{SMALL}# Heading\n\nText.\n"
    [table] = large_tables(text, 0, 3)
    assert table.rows == 2 and text[table.end :].startswith("\n# Heading")


def test_lines_that_only_look_like_a_table_are_not_one() -> None:
    text = "a | b\n---\n\n| a | b | c |\n|---|---|\n| 1 | 2 | 3 |\n"  # a setext heading; 3 cells over 2
    assert large_tables(text, 0, 1) == []


def _nested(table: str, first: str, then: str) -> str:
    """``table`` with its first line after ``first`` and the others after ``then``."""
    head, *rest = table.rstrip("\n").split("\n")
    return "\n".join([first + head, *(then + line for line in rest)]) + "\n"


NESTINGS = [("- ", "  "), ("1. ", "   "), ("> ", "> "), ("> - ", ">   "), ("- > ", "  > ")]


@pytest.mark.parametrize("markdown_it", [False, True], ids=["line scanner", "markdown-it"])
@pytest.mark.parametrize(("first", "then"), NESTINGS, ids=[repr(n[0]) for n in NESTINGS])
def test_a_table_nested_in_a_list_item_or_quote_is_counted(markdown_it: bool, first: str, then: str) -> None:
    extra = "A path C:\\\\data.\n\n" if markdown_it else ""
    text = f"Intro.\n\n{extra}- item one\n{_nested(WIDE, first, then)}\nAfter.\n"
    assert len(_cells(text, 10_000)) == 500  # both scanners read it as a table
    [table] = large_tables(text, 0, 499)
    assert (table.rows, table.columns, table.prefix) == (10, 50, len(first))
    assert text[table.start :].startswith("|c0|") and text[: table.start].endswith("\n" + first)
    cut = segment(text, 0, 499)
    assert _cells(text, 499) == []
    out = blanked(text, [table])
    assert len(out) == len(text) and out.count("\n") == text.count("\n")
    assert out[table.start : table.end].replace(then.rstrip(), "").strip() == ""  # the prefixes kept
    assert [cut.block_text(b) for b in cut.blocks][-2:] == ["item one", "After."]


def test_a_nested_table_counts_against_the_article_budget() -> None:
    text = f"{SMALL}\n{_nested(SMALL, '- ', '  ')}\n{_nested(SMALL, '> ', '> ')}"
    assert large_tables(text, 0, 12) == []
    [last] = large_tables(text, 0, 11)
    assert (last.before, last.prefix) == (8, 2) and text[last.start :].startswith("| a | b |")


def test_a_nested_table_ends_with_its_container() -> None:
    text = "- | a | b |\n  |---|---|\n  | 1 | 2 |\n- next item\n> | a |\n> |---|\n>\n> | 1 |\n"
    first, second = large_tables(text, 0, 0)
    assert (first.rows, first.prefix) == (2, 2) and text[first.end :].startswith("\n- next item")
    assert (second.rows, second.columns) == (1, 1)  # the quote's blank line ends it

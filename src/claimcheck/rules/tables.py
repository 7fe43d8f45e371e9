"""CC009: a Markdown table past the article's budget of table cells, not checked."""

from __future__ import annotations

from collections.abc import Iterator

from claimcheck.core.finding import Category, Finding, Severity
from claimcheck.load.project import ArticleRecord
from claimcheck.rules.base import Rule
from claimcheck.rules.per_article import ArticleScope, article_rule


@article_rule(
    "CC009",
    "structure.table-too-large",
    Category.STRUCTURE,
    Severity.ERROR,
    "Table too large to check",
)
def table_too_large(self: Rule, article: ArticleRecord, scope: ArticleScope) -> Iterator[Finding]:
    """The cells of an article's tables are checked up to ``max_table_cells`` (20,000 unless
    configured, at most 100,000), counted as rows times columns from the first table down. A
    table that would take the count past it is not split into cells and nothing in it is
    checked: split it, move the data to a linked file, or lower the count of columns. A table
    past the maximum alone is reported; of the tables past it only with those above them, the
    first is, saying how many more follow."""
    limit = article.max_table_cells
    tables = article.segments.large_tables
    # past the budget only because of the tables above: the first one says how many follow
    crowded = [table for table in tables if table.cells <= limit]
    for table in tables:
        rows = f"{table.rows:,} row{'s' if table.rows != 1 else ''}"
        size = f"{rows} of {table.columns:,} columns, {table.cells:,} cells"
        if table.cells > limit:
            message = f"table too large to check: {size}, the maximum is {limit:,}"
        elif table is crowded[0]:
            more = len(crowded) - 1
            message = (
                f"table not checked: {size}, after {table.before:,} cells of the tables above it; "
                f"the maximum is {limit:,} for the article"
                + (
                    f" ({more:,} more table{'s' if more > 1 else ''} below not checked either)"
                    if more
                    else ""
                )
            )
        else:
            continue
        header_end = article.text.find("\n", table.start, table.end)
        yield self.finding(
            article.path,
            article.lines.span(table.start, table.end if header_end < 0 else header_end),
            message,
            "split the table or link its data as a file; nothing in it is checked "
            "(max_table_cells in claimcheck.toml may lower the maximum, not raise it past 100,000)",
            article=article.id,
        )


RULES = (table_too_large,)

"""A rule's declaration: what one check of it reads (Rule.granularity, Rule.reads), never how it runs."""

from __future__ import annotations

import pytest

from claimcheck.core.finding import Category, Severity
from claimcheck.rules import RULES
from claimcheck.rules.base import INPUTS, Context, Rule, rule
from claimcheck.run.engine import unit_rules
from claimcheck.settings import Settings


def test_a_rule_over_one_article_gives_its_check_of_one_article() -> None:
    for found in RULES:
        assert (found.granularity == "article") == (found.article_check is not None), found.id
        assert found.granularity in ("project", "article", "unit"), found.id
        assert found.reads <= set(INPUTS), found.id
        if found.reads:
            assert found.granularity == "unit", found.id


def test_the_unit_rules_are_those_a_worker_may_check_unit_by_unit() -> None:
    units = {r.id for r in unit_rules(Settings())}
    assert {"CC006", "CC007", "CC101", "CC102", "CC108", "CC502", "CC503", "CC301"} <= units
    assert not units & {"CC003", "CC004", "CC005", "CC008", "CC106", "CC208", "CC303", "CC402", "CC501"}
    reading = {r.id: r.reads for r in RULES if r.reads}
    assert reading == {"CC006": {"article"}, "CC102": {"ranked library"}}


def test_a_declaration_naming_an_unknown_input_is_refused() -> None:
    def check(self: Rule, context: Context) -> list[object]:
        """Doc."""
        return []

    unit = rule(
        "CC999", "x.y", Category.STRUCTURE, Severity.ERROR, "x", granularity="unit", reads=("article",)
    )
    assert unit(check).reads == {"article"}  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="reads only"):
        rule("CC999", "x.y", Category.STRUCTURE, Severity.ERROR, "x", granularity="unit", reads=("weather",))
    with pytest.raises(ValueError, match="reads only"):  # a corpus-wide rule reads the summaries
        rule("CC999", "x.y", Category.STRUCTURE, Severity.ERROR, "x", reads=("article",))

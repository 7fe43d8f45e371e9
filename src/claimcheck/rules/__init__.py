"""The registry of rules, and selecting them by id, id prefix or category."""

from __future__ import annotations

from collections.abc import Iterable

from claimcheck.rules import (
    boilerplate,
    certainty,
    citations,
    harms,
    promotion,
    quality,
    references,
    review,
    structure,
    tables,
)
from claimcheck.rules.base import Context, Rule

RULES: tuple[Rule, ...] = tuple(
    sorted(
        (
            *structure.RULES,
            *tables.RULES,
            *citations.RULES,
            *references.RULES,
            *promotion.RULES,
            *certainty.RULES,
            *harms.RULES,
            *boilerplate.RULES,
            *quality.RULES,
            *review.RULES,
        ),
        key=lambda r: r.id,
    )
)
"""Every rule, in id order: one module per family declares its rules beside their logic and messages."""
RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}
LIBRARY_RULES = frozenset(r.id for r in references.RULES)
"""Rules whose findings are all located in the BibTeX library (and depend on it alone, or with
the set of cited keys: see their scopes)."""


def _matches(rule: Rule, patterns: Iterable[str]) -> bool:
    return any(
        rule.id.startswith(p.upper()) or p.lower() in (rule.category.value, rule.name) for p in patterns
    )


def select(rules: Iterable[Rule], select: list[str], ignore: list[str]) -> list[Rule]:
    """Rules named by ``select`` (all when empty), minus those named by ``ignore``."""
    return [r for r in rules if (not select or _matches(r, select)) and not _matches(r, ignore)]


def unknown_patterns(patterns: Iterable[str]) -> list[str]:
    """Patterns that name no rule (a typo in --select, --ignore or the configuration)."""
    return [p for p in patterns if not any(_matches(r, [p]) for r in RULES)]


__all__ = ["LIBRARY_RULES", "RULES", "RULES_BY_ID", "Context", "Rule", "select", "unknown_patterns"]

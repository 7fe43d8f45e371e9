"""Run the selected rules over a loaded project: severities, waivers, order."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from claimcheck.core import progress
from claimcheck.core.errors import ConfigError
from claimcheck.core.finding import Finding, Severity
from claimcheck.load.bulk import paused_gc
from claimcheck.load.project import Project
from claimcheck.load.summary import Corpus
from claimcheck.rules import (
    RULES,
    RULES_BY_ID,
    Context,
    Rule,
    select,
    suppressions,
    unknown_patterns,
)
from claimcheck.run.stored import StoredFindings, Tally
from claimcheck.settings import Settings


@dataclass(frozen=True)
class Inventory:
    """What a run checked: counts, and every file it read (relative, sorted)."""

    articles: int
    claims: int
    references: int
    files: tuple[str, ...]

    @classmethod
    def of(cls, corpus: Corpus) -> Inventory:
        files = {a.path for a in corpus.articles.values()} | {f.path for f in corpus.claims_files}
        if corpus.bibliography is not None:
            files.add(corpus.bibliography.path)
        return cls(
            articles=len(corpus.articles),
            claims=sum(len(f.ids) for f in corpus.claims_files),
            references=len(corpus.references),
            files=tuple(sorted(files)),
        )


@dataclass(frozen=True)
class CheckResult:
    """Findings of a run. A result replayed from the cache has an empty ``project`` (nothing
    was loaded) and carries its ``inventory``: reporters use the inventory, never the project.
    ``found``: the findings in report order, as objects, or per file as the cache keeps them
    (made into objects only when :attr:`findings` is read)."""

    project: Project
    rules: tuple[Rule, ...]
    found: tuple[Finding, ...] | StoredFindings
    strict: bool
    known_inventory: Inventory | None = None

    @cached_property
    def findings(self) -> tuple[Finding, ...]:
        return self.found.findings() if isinstance(self.found, StoredFindings) else self.found

    @cached_property
    def stored(self) -> StoredFindings:
        """The findings per file, with their report text and counts."""
        return self.found if isinstance(self.found, StoredFindings) else StoredFindings.of(self.found)

    @property
    def inventory(self) -> Inventory:
        if self.known_inventory is not None:
            return self.known_inventory
        return Inventory.of(Corpus.of(self.project))

    def restricted(
        self, covers: Callable[[str], bool], claim_counts: Mapping[str, tuple[Any, Any, int]]
    ) -> CheckResult:
        """Only the findings in the files ``covers`` accepts (``--changed-since``)."""
        inventory = self.inventory
        files = tuple(f for f in inventory.files if covers(f))
        kept = Inventory(
            articles=sum(1 for f in files if f.endswith(".md")),
            claims=sum(claim_counts[f][2] for f in files if f in claim_counts),
            references=inventory.references,
            files=files,
        )
        found: tuple[Finding, ...] | StoredFindings
        if isinstance(self.found, StoredFindings):
            found = self.found.only(covers)
        else:
            found = tuple(f for f in self.found if covers(f.path))
        return dataclasses.replace(self, found=found, known_inventory=kept)

    @property
    def failed(self) -> bool:
        counts = self.counts()
        return counts["error"] > 0 or (self.strict and counts["warning"] > 0)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    @cached_property
    def tally(self) -> Tally:
        """The findings' counts, worked out once (the summary asks for them several times)."""
        if isinstance(self.found, StoredFindings) or "stored" in self.__dict__:
            return self.stored.tally
        return Tally.of_findings(self.found)

    def counts(self) -> Counter[str]:
        """Unwaived findings per severity, plus ``waived``."""
        return self.tally.counts()

    def by(self, what: str) -> Counter[str]:
        """Unwaived findings per ``"rule"`` or per ``"category"``."""
        return self.tally.by(what)


def active_rules(settings: Settings) -> list[Rule]:
    for patterns in (settings.select, settings.ignore, list(settings.severity)):
        unknown = unknown_patterns(patterns)
        if unknown:
            raise ConfigError(f"unknown rule or category: {', '.join(unknown)} (see 'claimcheck rules')")
    chosen = select(RULES, settings.select, settings.ignore)
    return [r for r in chosen if settings.severity.get(r.id) != "off"]


def _waived(corpus: Corpus) -> set[tuple[str, str, str]]:
    """(path, claim id, rule) for every waiver that carries a justification."""
    return {
        (claims_file.path, claim_id, rule)
        for claims_file in corpus.claims_files
        for claim_id, rule in claims_file.waivers
    }


def unit_rules(settings: Settings) -> list[Rule]:
    """The active rules whose checks read one article or one unit at a time: a streamed
    check runs them unit by unit in its workers (:mod:`claimcheck.run.stream`)."""
    return [rule for rule in active_rules(settings) if rule.granularity != "project"]


def check(project: Project, settings: Settings, skip: frozenset[str] = frozenset()) -> CheckResult:
    """Run the active rules but those in ``skip`` over a loaded project (a partial re-check
    skips the rules whose findings it keeps from the cache); the result lists every active rule."""
    with paused_gc():
        corpus = Corpus.of(project)
        return check_corpus(project, corpus, settings, skip)


def check_corpus(
    project: Project,
    corpus: Corpus,
    settings: Settings,
    skip: frozenset[str] = frozenset(),
    found: list[Finding] | None = None,
) -> CheckResult:
    """Run the active rules but those in ``skip`` over the corpus, with ``found``: the findings
    of rules checked already, unit by unit (:func:`unit_rules`; settled here with the others).
    Severities are overridden, waivers and suppressions applied, the findings sorted."""
    rules = active_rules(settings)
    waivers = _waived(corpus)
    overrides = {rule_id: Severity(level) for rule_id, level in settings.severity.items() if level != "off"}
    context = Context(
        project, corpus, ran=frozenset(rule.id for rule in rules if rule.id not in skip), rules=RULES_BY_ID
    )

    def settle(finding: Finding) -> Finding:
        severity = overrides.get(finding.rule, finding.severity)
        waived = finding.claim is not None and (finding.path, finding.claim, finding.rule) in waivers
        if severity is finding.severity and not waived:
            return finding
        return dataclasses.replace(finding, severity=severity, waived=waived)

    if found is not None:
        context.findings.extend(map(settle, found))
        skip = skip | {rule.id for rule in rules if rule.granularity != "project"}
    with progress.task("running rules", len(rules)) as advance:
        for phase in (0, 1, 2):  # the others, the late rules, the last (see Rule.last)
            for rule in rules:
                if rule.late + rule.last != phase:
                    continue
                if rule.id not in skip:
                    context.options = settings.options.get(rule.id, {})
                    context.findings.extend(settle(f) for f in rule.check(context))
                advance(1)
    suppressed = context.memo.get(suppressions.MEMO)
    if suppressed is None:
        suppressed = suppressions.of(corpus, RULES_BY_ID)
    # Duplicates dropped in the order found (a set's order is its hashes': the sort then merges
    # the rules' runs, each in file order, instead of sorting a shuffle: 0.45 -> 0.17 CPU s for
    # 150,000 findings), and findings with equal sort keys keep the rules' order on every run.
    findings = sorted(dict.fromkeys(suppressions.apply(context.findings, suppressed)), key=Finding.sort_key)
    return CheckResult(project, tuple(rules), tuple(findings), settings.strict, Inventory.of(corpus))

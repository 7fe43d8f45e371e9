"""The rule framework: a rule is an id, a name, a category, a default severity, a doc and a
check function over the loaded project. Rules never parse files and never print."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from claimcheck.core.finding import Category, Finding, Severity
from claimcheck.core.location import Span
from claimcheck.load.project import ArticleRecord, Bibliography, ClaimRecord, ClaimsFileRecord, Project

EXAMPLES_DIR = Path(__file__).parent / "examples"

SCOPES = ("corpus", "unit", "unit+library", "library+citations")
"""What a rule's findings may depend on, so that a re-check can reuse what did not change.

- ``"corpus"`` (the default, always safe): anything in the project.
- ``"unit"``: a finding located in an article or a claims file depends only on that file's
  *unit* (the article ``<id>.md`` and the claims files named after it or naming it), on the
  BibTeX entries its claims cite (present or absent), on the settings, and on claim ids
  elsewhere only through their being equal (ids are unique across the corpus); a finding
  located in the BibTeX library depends only on the library. Findings are located nowhere
  else. The cache then re-checks only the units a change touches (:mod:`claimcheck.cache`), and falls
  back to a full check when a touched claim id also occurs in an untouched file.
- ``"unit+library"``: as ``"unit"``, but a finding may also depend on any entry of the library
  (e.g. a hint naming the best-matching reference, ranked against the whole library): an edited
  library then means a full check.
- ``"library+citations"``: findings are located in the library only and depend only on the
  library and on the set of keys cited anywhere in the corpus (e.g. an entry nobody cites). A
  re-check keeps them while both are unchanged (the cache knows every file's cited keys) and
  is a full one otherwise.
"""


@dataclass(eq=False)
class Context:
    """What a rule sees: the project, its options, and (for late rules) earlier findings."""

    project: Project
    options: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    _by_claim: dict[str, list[Finding]] = field(default_factory=dict, repr=False)
    _indexed: int = field(default=0, repr=False)
    ran: frozenset[str] = frozenset()
    """The ids of the rules this run runs (a partial re-check skips some)."""
    rules: Mapping[str, Rule] = field(default_factory=dict, repr=False)
    """Every rule there is, by id (the registry: for rules about rule ids, in waivers and
    suppression comments)."""
    memo: dict[str, Any] = field(default_factory=dict, repr=False)
    """What rules work out once per run and share (e.g. the findings the loader's workers
    found ahead, gathered by rule in one pass over the files)."""

    def findings_on_claim(self, claim_id: str) -> list[Finding]:
        # An index kept up to date with the (append-only) list: a scan per claim is quadratic.
        if self._indexed > len(self.findings):
            self._by_claim, self._indexed = {}, 0
        for finding in self.findings[self._indexed :]:
            if finding.claim is not None:
                self._by_claim.setdefault(finding.claim, []).append(finding)
        self._indexed = len(self.findings)
        return list(self._by_claim.get(claim_id, ()))


CheckFunction = Callable[["Rule", Context], Iterable[Finding]]

Granularity = Literal["project", "article", "claims file"]
"""What one check of a rule reads: the whole project; one article (its ``article_check``); or the
claims of one file (with the library, and the file's article when ``reads_articles``). Where and
in which process a check runs is the runner's choice (:mod:`claimcheck.run.ahead`)."""


@dataclass(frozen=True, eq=False)
class Rule:
    id: str
    name: str
    category: Category
    severity: Severity
    summary: str
    doc: str
    check_function: CheckFunction
    late: bool = False
    """Late rules run after all others and see their findings (e.g. review rules)."""
    last: bool = False
    """Runs after the late rules too, and sees every other rule's findings (suppressions)."""
    scope: str = "corpus"
    """``"unit"`` lets an unchanged corpus be re-checked in part (see :data:`SCOPES`)."""
    granularity: Granularity = "project"
    """What one check reads (:data:`Granularity`)."""
    article_check: Callable[[Rule, ArticleRecord, Any], Iterable[Finding]] | None = None
    """For a rule over one article at a time (:mod:`claimcheck.rules.per_article`): its check of
    one article (``check_function`` checks every article of a project with it)."""
    reads_articles: bool = False
    """A claims-file rule that also reads the article its claims name."""
    warm_up: Callable[[Bibliography], None] | None = None
    """For a claims-file rule: what it would first work out from the library alone (the runner
    may work it out once, before the claims files are checked: :attr:`PrepareClaims.warm_up`)."""

    def check(self, context: Context) -> Iterator[Finding]:
        yield from self.check_function(self, context)

    def finding(
        self,
        path: str,
        span: Span,
        message: str,
        hint: str = "",
        *,
        article: str | None = None,
        claim: str | None = None,
        reference: str | None = None,
    ) -> Finding:
        return Finding(
            rule=self.id,
            category=self.category,
            severity=self.severity,
            path=path,
            span=span,
            message=message,
            hint=hint,
            article=article,
            claim=claim,
            reference=reference,
        )

    def at_claim(
        self,
        record: ClaimRecord,
        message: str,
        hint: str = "",
        *parts: str | int,
        reference: str | None = None,
    ) -> Finding:
        """A finding at a claim, or at the part of it that ``parts`` points to."""
        return self.finding(
            record.path,
            record.span(*parts),
            message,
            hint,
            article=record.article_id,
            claim=record.id,
            reference=reference,
        )

    def at_claim_of(
        self, claims_file: ClaimsFileRecord, position: int, message: str, hint: str = "", *parts: str | int
    ) -> Finding:
        """:meth:`at_claim` for the claim at ``position`` in ``claims_file.claims``, known by
        the file's facts (its claims need not be made into models)."""
        return self.finding(
            claims_file.path,
            claims_file.locate(("claims", claims_file.item_index(position), *parts)),
            message,
            hint,
            article=claims_file.article_id,
            claim=claims_file.ids[position],
        )

    @property
    def examples_file(self) -> Path:
        return EXAMPLES_DIR / f"{self.id}.yaml"


def documentation(rule_id: str, function: Callable[..., Any]) -> str:
    """A rule's documentation: its function's docstring, which every rule must have."""
    doc = inspect.cleandoc(function.__doc__ or "")
    if not doc:
        raise ValueError(f"rule {rule_id} has no documentation")
    return doc


def rule(
    id: str,
    name: str,
    category: Category,
    severity: Severity,
    summary: str,
    *,
    late: bool = False,
    last: bool = False,
    scope: str = "corpus",
    per_claims_file: bool = False,
    reads_articles: bool = False,
    warm_up: Callable[[Bibliography], None] | None = None,
) -> Callable[[CheckFunction], Rule]:
    """Declare a rule; the function's docstring is its documentation paragraph.

    ``per_claims_file``: the rule's findings are all located at claims, and those in a claims
    file depend only on that file's claims, the BibTeX library, the settings and the rule's
    options, and (``reads_articles``) on the article the claims name. The runner may then run it
    ahead, in the loader's workers (:mod:`claimcheck.run.ahead`)."""
    if scope not in SCOPES:
        raise ValueError(f"rule {id}: scope must be one of {', '.join(SCOPES)}")

    def wrap(function: CheckFunction) -> Rule:
        doc = documentation(id, function)
        if not per_claims_file:
            return Rule(id, name, category, severity, summary, doc, function, late or last, last, scope)

        return Rule(
            id,
            name,
            category,
            severity,
            summary,
            doc,
            function,
            late,
            False,
            scope,
            granularity="claims file",
            reads_articles=reads_articles,
            warm_up=warm_up,
        )

    return wrap

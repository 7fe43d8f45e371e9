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
from claimcheck.load.project import ArticleRecord, ClaimRecord, Project
from claimcheck.load.summary import ClaimsFileSummary, Corpus

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
    """What a rule sees: the project, the corpus (its files' summaries: what a corpus-wide
    rule reads), its options, and (for late rules) earlier findings. A streamed check gives
    the corpus-wide rules a project without its articles and claims files: they read
    :attr:`corpus`."""

    project: Project
    corpus: Corpus
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

Granularity = Literal["project", "article", "unit"]
"""What one check of a rule reads: the whole project (the corpus-wide rules read its summaries,
:attr:`Context.corpus`, and the library); one article (its ``article_check``); or a *unit*: its
findings in a file depend only on that file's unit (the article and the claims files named
after it), the library and the settings, so it may check any set of whole units as a project
of their files and the whole library. Where and in which process a check runs is the runner's
choice (:mod:`claimcheck.run`)."""

INPUTS = ("article", "ranked library")
"""What a unit rule may declare it reads besides the claims of a file and the library:
``"article"``, the article its claims name (the runner checks a claims file naming an article
of another unit with that article); ``"ranked library"``, the library ranked for claims (BM25,
:mod:`claimcheck.evidence.suggest`: the runner ranks it once, before it checks any unit)."""


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
    reads: frozenset[str] = frozenset()
    """For a unit rule, what it reads besides the claims and the library (:data:`INPUTS`)."""

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
        self,
        corpus: Corpus,
        claims_file: ClaimsFileSummary,
        position: int,
        message: str,
        hint: str = "",
        *parts: str | int,
    ) -> Finding:
        """:meth:`at_claim` for the claim at ``position`` in a claims file, known by its
        summary (the file is read again only to locate the finding)."""
        return self.finding(
            claims_file.path,
            corpus.locate(claims_file, ("claims", claims_file.item_index(position), *parts)),
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
    granularity: Granularity = "project",
    reads: Iterable[str] = (),
) -> Callable[[CheckFunction], Rule]:
    """Declare a rule; the function's docstring is its documentation paragraph.

    ``granularity="unit"``: the rule's findings in a file depend only on that file's unit (the
    article and the claims files named after it), the BibTeX library, the settings and the
    rule's options; ``reads`` says what else it reads (:data:`INPUTS`). The runner may then
    check it unit by unit, in worker processes (:mod:`claimcheck.run`)."""
    if scope not in SCOPES:
        raise ValueError(f"rule {id}: scope must be one of {', '.join(SCOPES)}")
    unknown = set(reads) - set(INPUTS)
    if unknown or (reads and granularity != "unit"):
        raise ValueError(f"rule {id}: a unit rule reads only {', '.join(INPUTS)}")

    def wrap(function: CheckFunction) -> Rule:
        doc = documentation(id, function)
        return Rule(
            id,
            name,
            category,
            severity,
            summary,
            doc,
            function,
            late or last,
            last,
            scope,
            granularity=granularity,
            reads=frozenset(reads),
        )

    return wrap

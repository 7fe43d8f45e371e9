"""CC0xx: files that cannot be read, schema violations, ids, orphans and stale quotes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from claimcheck.core.finding import Category, Finding, Severity
from claimcheck.core.location import Span
from claimcheck.load.summary import ClaimsFileSummary
from claimcheck.rules import suppressions
from claimcheck.rules.base import Context, Rule, rule


def _problems(self: Rule, context: Context) -> Iterator[Finding]:
    for problem in context.project.problems:
        if problem.rule == self.id:
            yield self.finding(
                problem.path,
                problem.span,
                problem.message,
                problem.hint,
                article=problem.article,
                claim=problem.claim,
            )


@rule(
    "CC001",
    "schema.violation",
    Category.SCHEMA,
    Severity.ERROR,
    "Content does not match its JSON Schema",
    scope="unit",
)
def schema_violation(self: Rule, context: Context) -> Iterator[Finding]:
    """Front matter and claims files are validated against the JSON Schemas in ``schemas/``
    before anything else reads them. Every violation is reported at once, each at the key or
    value it concerns: an unknown key (often a misspelling), a missing required key, a value
    of the wrong type or outside its list of allowed values. A claim with a schema violation
    is left out of every other rule until it is fixed."""
    yield from _problems(self, context)


@rule(
    "CC002",
    "structure.unparseable",
    Category.STRUCTURE,
    Severity.ERROR,
    "File cannot be read or parsed",
    scope="unit",
)
def unparseable(self: Rule, context: Context) -> Iterator[Finding]:
    """A file that is not valid UTF-8 text, is larger than ``max_file_size``, has a YAML syntax
    error, uses YAML features content files must not (duplicate keys, anchors and aliases,
    custom tags), lacks front matter, or holds a BibTeX block that does not parse. Nothing in
    the unreadable part is checked, so fix these first."""
    yield from _problems(self, context)


@rule(
    "CC003",
    "structure.duplicate-claim-id",
    Category.STRUCTURE,
    Severity.ERROR,
    "Claim id used more than once",
    scope="unit",
)
def duplicate_claim_id(self: Rule, context: Context) -> Iterator[Finding]:
    """Claim ids are stable identifiers that reviews, waivers and downstream apps refer to, so
    each must be unique across the whole corpus, not only within its file. The second and later
    uses are reported, pointing at the first."""
    corpus = context.corpus
    files = corpus.claims_files
    every = [claim_id for claims_file in files for claim_id in claims_file.ids]
    if len(set(every)) == len(every):
        return
    repeated = {claim_id for claim_id, count in Counter(every).items() if count > 1}
    first: dict[str, tuple[ClaimsFileSummary, int]] = {}
    for claims_file in files:
        if repeated.isdisjoint(claims_file.ids):
            continue
        for position, claim_id in enumerate(claims_file.ids):
            if claim_id not in repeated:
                continue
            if claim_id in first:
                earlier, at = first[claim_id]
                line = corpus.locate(earlier, ("claims", earlier.item_index(at), "id")).line
                yield self.at_claim_of(
                    corpus,
                    claims_file,
                    position,
                    f"claim id {claim_id!r} is already used at {earlier.path}:{line}",
                    "give this claim a new id; ids are never reused",
                    "id",
                )
            else:
                first[claim_id] = claims_file, position


@rule(
    "CC004",
    "structure.orphan-claims",
    Category.STRUCTURE,
    Severity.ERROR,
    "Claims file whose article does not exist",
    scope="unit",
)
def orphan_claims(self: Rule, context: Context) -> Iterator[Finding]:
    """A claims file names its article with ``article:``; that article must exist in the
    articles folder. An orphan claims file usually means an article was renamed or deleted
    without its claims."""
    corpus = context.corpus
    for claims_file in corpus.claims_files:
        article = claims_file.article_id
        if article is not None and article not in corpus.articles:
            yield self.finding(
                claims_file.path,
                corpus.locate(claims_file, ("article",)),
                f"article {article!r} does not exist",
                f"create {corpus.settings.paths.articles}/{article}.md or fix 'article:'",
                article=article,
            )


@rule(
    "CC005",
    "structure.article-without-claims",
    Category.STRUCTURE,
    Severity.WARNING,
    "Article has no claims file",
    scope="unit",
)
def article_without_claims(self: Rule, context: Context) -> Iterator[Finding]:
    """Every article needs a claims file listing the claims it makes, even an empty one
    (``claims: []``) that says an editor looked and found none. Without it, the article's
    claims are never checked against references."""
    corpus = context.corpus
    claimed = {f.article_id for f in corpus.claims_files}
    for article in corpus.articles.values():
        if article.id not in claimed:
            yield self.finding(
                article.path,
                Span.point(1),
                f"article {article.id!r} has no claims file",
                f"add {corpus.settings.paths.claims}/{article.id}.yaml (claimcheck extract can propose one)",
                article=article.id,
            )


@rule(
    "CC006",
    "structure.stale-quote",
    Category.STRUCTURE,
    Severity.ERROR,
    "Claim quote no longer found in its article",
    scope="unit",
    granularity="unit",
    reads=("article",),
)
def stale_quote(self: Rule, context: Context) -> Iterator[Finding]:
    """A claim's ``quote`` must still be found in the article body (or in its title, for a
    headline claim), compared with whitespace, letter case, quote marks and dashes normalized.
    When the article is edited, the claim (and its review) may no longer describe what is
    published: re-anchor the quote to the new text and review the claim again, or remove it."""
    project = context.project
    for record in project.claims():
        article = project.article_of(record)
        if article is None or article.meta is None:
            continue
        if not record.quoted_in(article):
            yield self.at_claim(
                record,
                f"quote not found in {article.path}",
                "copy the current wording from the article into 'quote', then review the claim again",
                "quote",
            )


@rule(
    "CC007",
    "structure.id-mismatch",
    Category.STRUCTURE,
    Severity.ERROR,
    "Id does not match the file name",
    scope="unit",
    granularity="unit",
)
def id_mismatch(self: Rule, context: Context) -> Iterator[Finding]:
    """An article's ``id`` must equal its file stem, and a claims file must be named after the
    article it covers. Tools and links find articles by file name, so a mismatch silently
    detaches claims from their article."""
    project = context.project
    for article in project.articles.values():
        if article.meta is not None and article.meta.id != article.id and article.front:
            yield self.finding(
                article.path,
                article.front.locate(("id",)),
                f"id {article.meta.id!r} does not match the file name {article.id!r}",
                f"set 'id: {article.id}' or rename the file",
                article=article.id,
            )
    for claims_file in project.claim_files:
        if claims_file.article_id is not None and claims_file.article_id != claims_file.stem:
            yield self.finding(
                claims_file.path,
                claims_file.locate(("article",)),
                f"claims file {claims_file.stem!r} names article {claims_file.article_id!r}",
                f"rename the file to {claims_file.article_id}.yaml",
                article=claims_file.article_id,
            )


@rule(
    suppressions.RULE,
    "structure.suppression",
    Category.STRUCTURE,
    Severity.WARNING,
    "Suppression comment that is wrong or suppresses nothing",
    last=True,
    scope="unit",
)
def suppression(self: Rule, context: Context) -> Iterator[Finding]:
    """An article may accept a finding where it stands with an HTML comment that names the rule
    and says why: ``<!-- claimcheck-disable-next-line CC301: quoting the seller to criticise -->``
    for the next line, or ``<!-- claimcheck-disable CC301: why -->`` … ``<!-- claimcheck-enable -->``
    for a passage. The finding is then counted as waived. A suppression without a reason, or
    naming no rule or an unknown one, suppresses nothing and is reported; so is one that no
    longer suppresses any finding (the text was fixed, or moved), so that old suppressions do
    not hide new problems."""
    found = suppressions.of(context.corpus, context.rules)
    context.memo[suppressions.MEMO] = found
    for _ in suppressions.apply(context.findings, found):  # marks what each one suppresses
        pass
    for items in found.values():
        for item in items:
            where = Span.point(item.line, item.column)
            for message, hint in item.problems:
                yield self.finding(item.path, where, message, hint, article=_stem(item.path))
            if not item.applies:
                continue
            for rule_id in item.rules:
                if rule_id not in item.used and rule_id in context.ran:
                    yield self.finding(
                        item.path,
                        where,
                        f"unused suppression: no {rule_id} finding on {item.where()}",
                        f"remove {rule_id} from the comment (or the comment), so it hides no later problem",
                        article=_stem(item.path),
                    )


def _stem(path: str) -> str:
    return path.rpartition("/")[2].rpartition(".")[0]


RULES = (
    schema_violation,
    unparseable,
    duplicate_claim_id,
    orphan_claims,
    article_without_claims,
    stale_quote,
    id_mismatch,
    suppression,
)

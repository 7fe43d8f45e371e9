"""CC4xx: article quality, by the JAMA benchmarks for health information (Silberg et al.,
JAMA 1997: authorship, attribution, disclosure, currency) and the DISCERN questions a tool
can judge (Charnock et al., J Epidemiol Community Health 1999: uncertainty, treatment choices)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from claimcheck.core.errors import ConfigError
from claimcheck.core.finding import Category, Finding, Severity
from claimcheck.core.location import Span
from claimcheck.lexicon import Cue
from claimcheck.load.project import ArticleRecord
from claimcheck.load.summary import ClaimsFileSummary
from claimcheck.rules.base import Context, Rule, rule
from claimcheck.rules.per_article import ArticleScope, article_rule

DEFAULT_MAX_AGE_DAYS = 1095


def _front(article: ArticleRecord, *pointer: str | int) -> Span:
    return article.front.locate(pointer) if article.front is not None else Span.point(1)


@article_rule(
    "CC401",
    "quality.authorship",
    Category.QUALITY,
    Severity.WARNING,
    "No author, or author without credentials",
)
def authorship(self: Rule, article: ArticleRecord, scope: ArticleScope) -> Iterator[Finding]:
    """JAMA benchmark *authorship*: readers judge health information by who wrote it, so each
    article names its ``authors``, each with ``credentials`` (MD, RD, PhD) and, where useful,
    an ``affiliation``."""
    if article.meta is None:  # invalid front matter: CC001/CC002 report it
        return
    if not article.meta.authors:
        yield self.finding(
            article.path,
            _front(article),
            "no author named",
            "add 'authors:' with name and credentials",
            article=article.id,
        )
    for index, person in enumerate(article.meta.authors):
        if not (person.credentials or "").strip():
            yield self.finding(
                article.path,
                _front(article, "authors", index),
                f"author {person.name!r} has no credentials",
                "add 'credentials:' (e.g. MD, RD, PhD)",
                article=article.id,
            )


@rule(
    "CC402",
    "quality.attribution",
    Category.QUALITY,
    Severity.WARNING,
    "No claim of the article cites a reference",
    scope="unit",
)
def attribution(self: Rule, context: Context) -> Iterator[Finding]:
    """JAMA benchmark *attribution*: the sources of the content are given. An article whose
    claims file cites no reference at all (every claim uncited) offers the reader nothing to
    check. Single uncited claims are CC102's business."""
    corpus = context.corpus
    files: dict[str, list[ClaimsFileSummary]] = {}  # all claims of a file name its article
    for claims_file in corpus.claims_files:
        if claims_file.article_id is not None and claims_file.ids:
            files.setdefault(claims_file.article_id, []).append(claims_file)
    for summary in corpus.articles.values():
        named = files.get(summary.id) if summary.valid else None
        if named and not any(claims_file.cited for claims_file in named):
            count = sum(len(claims_file.ids) for claims_file in named)
            article = corpus.article(summary)
            yield self.finding(
                summary.path,
                _front(article) if article is not None else Span.point(1),
                f"none of the article's {count} claims cites a reference",
                "cite the references that support the claims in the claims file",
                article=summary.id,
            )


@article_rule(
    "CC403",
    "quality.disclosure",
    Category.QUALITY,
    Severity.WARNING,
    "No disclosure of ownership, sponsorship or conflicts",
)
def disclosure(self: Rule, article: ArticleRecord, scope: ArticleScope) -> Iterator[Finding]:
    """JAMA benchmark *disclosure*: who owns the site, who sponsors or advertises, and any
    conflict of interest. The front matter's ``disclosures`` says so, even if only
    ``sponsorship: none`` and ``conflicts: none``."""
    if article.meta is None:
        return
    given = article.meta.disclosures
    if given is None or not any(v is not None for v in given.model_dump().values()):
        yield self.finding(
            article.path,
            _front(article),
            "no disclosure of ownership, sponsorship, advertising or conflicts of interest",
            "add 'disclosures:' (sponsorship, conflicts, ...), 'none' where there is none",
            article=article.id,
        )


def _as_of(options: dict[str, object]) -> tuple[dt.date, int]:
    max_age = options.get("max_age_days", DEFAULT_MAX_AGE_DAYS)
    as_of = options.get("as_of")
    if not isinstance(max_age, int) or isinstance(max_age, bool) or max_age <= 0:
        raise ConfigError("options.CC404.max_age_days must be a positive whole number of days")
    try:
        today = dt.date.fromisoformat(str(as_of)) if as_of is not None else dt.date.today()
    except ValueError:
        raise ConfigError("options.CC404.as_of must be a date (YYYY-MM-DD)") from None
    return today, max_age


@article_rule(
    "CC404",
    "quality.currency",
    Category.QUALITY,
    Severity.WARNING,
    "No dates, or content older than the maximum age",
)
def currency(self: Rule, article: ArticleRecord, scope: ArticleScope) -> Iterator[Finding]:
    """JAMA benchmark *currency*: the dates the content was published and last updated, and
    content reviewed recently enough. An article needs ``published``; the later of
    ``published`` and ``updated`` must be within ``max_age_days`` (default 1095, three years)
    of today, or of ``as_of`` when set (``[tool.claimcheck.options.CC404]``)."""
    today, max_age = _as_of(scope.options)
    meta = article.meta
    if meta is None:
        return
    if meta.published is None:
        yield self.finding(
            article.path,
            _front(article),
            "no publication date",
            "add 'published:' (and 'updated:')",
            article=article.id,
        )
        return
    latest, key = (
        (meta.updated, "updated")
        if meta.updated and meta.updated > meta.published
        else (meta.published, "published")
    )
    age = (today - latest).days
    if age > max_age:
        yield self.finding(
            article.path,
            _front(article, key),
            f"last {key} {latest.isoformat()}, {age} days ago (more than {max_age})",
            "review the article against current evidence and set 'updated:'",
            article=article.id,
        )


def _treatment_findings(
    self: Rule, article: ArticleRecord, scope: ArticleScope, cue: Cue, message: str, hint: str
) -> Iterator[Finding]:
    read = scope.reading(article)
    if not read.treatments or any(c.has(cue) for c in read.cues.prose()):
        return
    sentence = read.cues.segments.sentences[read.treatments[0]]
    yield self.finding(
        article.path, article.lines.span(sentence.start, sentence.end), message, hint, article=article.id
    )


@article_rule(
    "CC405",
    "quality.uncertainty",
    Category.QUALITY,
    Severity.WARNING,
    "Treatments discussed without any uncertainty",
)
def uncertainty(self: Rule, article: ArticleRecord, scope: ArticleScope) -> Iterator[Finding]:
    """DISCERN question 8: does the article refer to areas of uncertainty? An article that
    discusses treatments with regulated substances and never says what is unknown, unclear
    or under-studied presents the evidence as settled. Located at the first treatment sentence."""
    yield from _treatment_findings(
        self,
        article,
        scope,
        Cue.UNCERTAINTY,
        "treatments are discussed but no uncertainty is acknowledged",
        "say what is unknown: size and quality of the studies, long-term effects",
    )


@article_rule(
    "CC406",
    "quality.treatment-choices",
    Category.QUALITY,
    Severity.WARNING,
    "Treatments discussed without other choices",
)
def treatment_choices(self: Rule, article: ArticleRecord, scope: ArticleScope) -> Iterator[Finding]:
    """DISCERN question 14: is it clear that there may be more than one treatment choice? An
    article that discusses treatments with regulated substances and never mentions
    alternatives (other treatments, lifestyle measures, no treatment) steers the reader to one.
    Located at the first treatment sentence."""
    yield from _treatment_findings(
        self,
        article,
        scope,
        Cue.ALTERNATIVES,
        "treatments are discussed but no other choice (other treatments, no treatment) is mentioned",
        "mention the alternatives, including no treatment",
    )


RULES = (authorship, attribution, disclosure, currency, uncertainty, treatment_choices)

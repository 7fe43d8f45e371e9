"""The HTML review report: one self-contained file (inline CSS and JS, no network), built
from a check result with Jinja2 templates shipped in the package, autoescaping everything.

It opens with what to fix first: the claims needing a decision across all articles, ranked by
:func:`claimcheck.review.queue.review_queue` (the ranking of ``review list`` and of the review
app), each with a copy-ready ``claimcheck review set`` command. Filters (category, severity,
review status, priority) and a search apply to the whole page, the counts follow them, and
their state is kept in the URL's fragment. Articles are shown rendered (Markdown, without the
front matter) with the flagged spans highlighted in place.

The page carries a Content-Security-Policy that allows only its own script and style (by
hash), so even markup that slipped through escaping could not run.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from claimcheck import __version__
from claimcheck.core.escape import no_surrogates
from claimcheck.core.finding import Category, Finding, Severity
from claimcheck.export.bundle import ReferenceResolver
from claimcheck.fs.atomic import write_atomic
from claimcheck.load.project import ArticleRecord
from claimcheck.model import ReviewStatus
from claimcheck.model import SupportStatus as Support
from claimcheck.report import cards
from claimcheck.report.highlight import Mark
from claimcheck.report.markdown import render_article
from claimcheck.report.page import LIST_SHOWN, ArticleSection, ChartRow, FindingItem, Page
from claimcheck.report.splice import Splice
from claimcheck.review.queue import ClaimView, claim_views, review_queue
from claimcheck.run.engine import CheckResult

REPORT_FILE = "index.html"


def _asset(name: str) -> str:
    return resources.files("claimcheck.report").joinpath("templates", name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _chart(findings: list[Finding]) -> list[ChartRow]:
    pairs = Counter((f.category, "waived" if f.waived else f.severity) for f in findings)
    by_category: dict[str, Counter[str]] = {}
    for (kind, level), count in pairs.items():  # one Counter per category, not per finding
        by_category.setdefault(str(kind), Counter())[str(level)] += count
    levels = [s.value for s in Severity] + ["waived"]
    biggest = max((sum(c.values()) for c in by_category.values()), default=0)
    rows = []
    for category in (c.value for c in Category):
        counts = by_category.get(category)
        if not counts:
            continue
        widths = {level: round(100.0 * counts[level] / biggest, 2) for level in levels}
        rows.append(
            ChartRow(category, {level: counts[level] for level in levels}, widths, sum(counts.values()))
        )
    return rows


def _article_marks(
    article: ArticleRecord, views: list[ClaimView], items: dict[int, FindingItem], on_text: list[FindingItem]
) -> tuple[list[Mark], list[FindingItem]]:
    """Spans to highlight in the article, and the findings listed beside it: ``on_text`` are
    the findings located in the article's file; ``items`` every finding's, by ``id``."""
    marks: list[Mark] = []
    listed: dict[str, FindingItem] = {}
    for item in on_text:
        f = item.finding
        marks.append(Mark.of(f.span, item.id, f))
        listed[item.id] = FindingItem(item.id, f, item.status, f"{article.id}-L{f.span.line}")
    for view in views:
        for f in view.findings:
            item = items[id(f)]
            if item.id in listed:
                continue
            listed[item.id] = item
            if view.quote_span is not None:
                marks.append(Mark.of(view.quote_span, item.id, f))
                listed[item.id] = FindingItem(
                    item.id, f, item.status, f"{article.id}-L{view.quote_span.line}"
                )
    ordered = sorted(
        listed.values(), key=lambda i: (i.finding.waived, i.finding.severity.rank, int(i.id[1:]))
    )
    return marks, ordered  # most serious first, then in report order


def build_page(result: CheckResult) -> Page:
    project = result.project
    views = claim_views(result)
    status_of: dict[str, str] = {}
    for view in views:
        status_of.setdefault(view.record.id, view.status.value)
    # the check's findings are distinct objects (a set made them unique): known by id, which
    # needs no hash of each finding's fields
    items: dict[int, FindingItem] = {}
    by_path: dict[str, list[FindingItem]] = {}
    for number, f in enumerate(result.findings, 1):
        item = FindingItem(f"f{number}", f, status_of.get(f.claim, "") if f.claim else "")
        items[id(f)] = item
        by_path.setdefault(f.path, []).append(item)
    by_article: dict[str, list[ClaimView]] = {}
    for view in views:
        by_article.setdefault(view.record.article_id or "", []).append(view)
    sections = []
    shown: set[str] = set()
    for article_id in sorted(project.articles):
        article = project.articles[article_id]
        article_views = by_article.get(article_id, [])
        marks, listed = _article_marks(article, article_views, items, by_path.get(article.path, []))
        shown.update(i.id for i in listed)
        rendered = render_article(article.text, article.body_start, marks, f"{article.id}-L")
        article_views = sorted(article_views, key=ClaimView.sort_key)  # the claims needing a decision first
        sections.append(ArticleSection(article, Markup(rendered.html), listed, article_views))
    other = [i for i in items.values() if i.id not in shown]
    other_claims = [v for v in views if (v.record.article_id or "") not in project.articles]
    counts = result.counts()
    counts["articles"] = len(project.articles)
    counts["claims"] = len(views)
    counts["references"] = len(project.references)
    statuses = Counter(v.status.value for v in views)
    supports = Counter(v.support.value for v in views)
    resolve = ReferenceResolver(project)
    references = {key: resolve(key).formatted for key in sorted(project.references)}
    queue = review_queue(views)
    return Page(
        version=__version__,
        counts=counts,
        statuses=[(s.value, statuses[s.value]) for s in ReviewStatus if statuses[s.value]],
        supports=[(s.value, supports[s.value]) for s in Support if supports[s.value]],
        chart=_chart(list(result.findings)),
        articles=sections,
        other_findings=other,
        other_claims=other_claims,
        finding_ids={key: item.id for key, item in items.items()},
        references=references,
        categories=sorted({f.category.value for f in result.findings}),
        severities=[s.value for s in Severity],
        review_statuses=[s.value for s in ReviewStatus],
        total_findings=len(result.findings),
        queue=queue[:LIST_SHOWN],
        queued=len(queue),
        shown=LIST_SHOWN,
        titles={a.id: a.title for a in project.articles.values()},
    )


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("claimcheck.report", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["grouped"] = "{:,}".format  # 100000 -> 100,000 (not "count": Jinja's own filter, a length)
    return env


def render_pieces(result: CheckResult) -> Iterator[str]:
    """The report's HTML, piece after piece (Jinja's ``generate``, the per-item lists spliced in
    batch by batch: :mod:`claimcheck.report.splice`): a list stops at ``page.shown`` items, but
    the page of 2,500 articles is still 115 MB, which :func:`write_report` encodes and writes
    piece by piece, never joined."""
    page = build_page(result)
    css, js = _asset("report.css"), _asset("report.js")
    csp = (
        "default-src 'none'; "
        f"style-src '{_csp_hash(css)}'; script-src '{_csp_hash(js)}'; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )
    template = _environment().get_template("report.html.j2")
    splice = Splice()
    pieces = template.generate(
        page=page,
        css=Markup(css),
        js=Markup(js),
        csp=csp,
        finding_items=lambda items: splice.defer(cards.finding_items(items[: page.shown])),
        claim_cards=lambda views: splice.defer(cards.claim_cards(views[: page.shown], page)),
        fix_first_items=lambda queue: splice.defer(cards.fix_first_items(queue, page)),
    )
    return splice.into(pieces)


def render_report(result: CheckResult) -> str:
    return "".join(render_pieces(result))


def _encoded(piece: str) -> bytes:
    """``piece`` as UTF-8, a lone surrogate shown as an escape (:func:`no_surrogates`, which
    looks at one character at a time: piece by piece is the whole page's result). Encoding
    finds the rare surrogate on the way, where a search of 250 MB first cost 1-2 s."""
    try:
        return piece.encode("utf-8")
    except UnicodeEncodeError:
        return no_surrogates(piece).encode("utf-8")


def write_report(result: CheckResult, out: Path) -> Path:
    target = out / REPORT_FILE
    write_atomic(target, [_encoded(piece) for piece in render_pieces(result)])
    return target

"""The repeated parts of the HTML report, written in Python: a finding and a claim card.

They are the page's per-item parts (one per finding and claim: 250,000 for a project of
100,000 claims), and a Jinja macro call costs about 40 us of overhead around each: two thirds
of the report's time at that size. Everything interpolated is escaped with markupsafe's
``escape``, as the template's autoescaping does, and each function returns
the pieces that the template's placeholders stand for (:mod:`claimcheck.report.splice`). The
page around them stays in ``templates/report.html.j2``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from claimcheck.core.finding import Finding
from claimcheck.report.page import FindingItem, Page
from claimcheck.report.splice import batches
from claimcheck.review.queue import ClaimView


def escape(value: object) -> str:
    """``markupsafe.escape(value)`` as a plain string, for the plain values of a report (text,
    numbers, dates): the same five replacements, without making a Markup object of each."""
    return (
        str(value)
        .replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


class Escaped(dict[object, str]):
    """:func:`escape` of each value, worked out once per value: a report repeats the same
    paths, rules, messages and hints on thousands of findings (``e[value]``: a dictionary
    lookup, where a call and five replacements cost 2 s over 100,000 claims)."""

    def __missing__(self, value: object) -> str:
        escaped = self[value] = escape(value)
        return escaped


def _state(f: Finding) -> str:
    return "waived" if f.waived else str(f.severity)


def finding_item(item: FindingItem, e: Escaped) -> str:
    """One finding of a list (the ``<li>`` of ``ol.finding-list``)."""
    f = item.finding
    severity = e[f.severity]
    category = e[f.category]
    state = e[_state(f)]
    parts = [
        f'<li class="finding sev-{severity}{" waived" if f.waived else ""}" id="{e[item.id]}" '
        f'data-category="{category}" data-severity="{severity}" data-status="{e[item.status]}" data-claim="{e[f.claim or ""]}">\n'
        f'<div class="finding-head"><span class="badge sev-{state}">{state}</span> '
        f'<code class="rule">{e[f.rule]}</code> <span class="cat">{category}</span></div>\n'
        f'<p class="msg">{e[f.message]}</p>\n'
    ]
    if f.hint:
        parts.append(f'<p class="hint">{e[f.hint]}</p>')
    parts.append(f'<p class="loc"><code>{e[f.path]}:{f.span.line}:{f.span.column}</code>')
    if item.anchor:
        parts.append(f' · <a href="#{e[item.anchor]}">in the text</a>')
    if f.claim:
        claim = e[f.claim]
        parts.append(f' · <a href="#claim-{claim}">claim {claim}</a>')
    parts.append("</p>\n</li>\n")
    return "".join(parts)


def finding_items(items: Iterable[FindingItem]) -> Iterator[str]:
    """The list's items, a batch per piece (:mod:`claimcheck.report.splice`)."""
    e = Escaped()
    for batch in batches(items):
        yield "".join([finding_item(item, e) for item in batch])


def _attribution(e: Escaped, reviewer: object, date: object, action: object, note: object) -> str:
    """ " by <reviewer> on <date> (<action>): <note>", each part only when it is set."""
    out = f" by {e[reviewer]}" if reviewer else ""
    if date:
        out += f" on {e[date]}"
    if action:
        out += f" ({e[action]})"
    return out + (f": {e[note]}" if note else "")


def claim_card(v: ClaimView, page: Page, e: Escaped) -> str:
    """One claim (``article.claim``): its quote, citations, review and findings."""
    c = v.record.claim
    review = c.review
    references, finding_ids = page.references, page.finding_ids
    tier = e[page.tiers[v.tier]]
    status = e[review.status]
    support = e[v.support]
    search, command = page.escaped(v, escape)
    parts = [
        f'<article class="claim status-{status}" id="claim-{e[c.id]}" data-status="{status}" '
        f'data-tier="{tier}" data-search="{search}">\n'
        f'<header><code class="claim-id">{e[c.id]}</code> <span class="badge status-{status}">{status}</span> '
        f'<span class="badge support-{support.replace(" ", "-")}">{support}</span> '
        f'<span class="kind">{e[c.kind]}</span>'
    ]
    if v.tier != page.settled:
        parts.append(f' <span class="badge priority-{tier}">needs a decision ({tier})</span>')
    parts.append(
        f'</header>\n<p class="command"><code>{command}</code> <button type="button" class="copy">Copy</button></p>\n'
    )
    parts.append(f"<blockquote>{e[c.quote]}</blockquote>\n")
    if v.quote_span is None:
        parts.append('<p class="warn">The quote was not found in the article.</p>')
    if c.statement:
        parts.append(f'<p class="statement">{e[c.statement]}</p>')
    if c.substances:
        parts.append(f'<p class="substances">Substances: {escape(", ".join(map(str, c.substances)))}</p>')
    parts.append(
        f'<p class="where"><code>{e[v.record.path]}:{v.record.span().line}</code></p>\n<h4>References</h4>\n'
    )
    if c.citations:
        parts.append('<ul class="citations">\n')
        for cite in c.citations:
            relation = e[cite.relation]
            parts.append(f'<li><span class="rel rel-{relation}">{relation}</span> <code>{e[cite.key]}</code>')
            if cite.locator:
                parts.append(f" ({e[cite.locator]})")
            parts.append(f": {e[references.get(cite.key, 'not in the BibTeX library')]}</li>\n")
        parts.append("</ul>\n")
    else:
        parts.append('<p class="none">No citation.</p>\n')
    parts.append(f'<h4>Review</h4>\n<p class="decision"><span class="badge status-{status}">{status}</span>')
    parts.append(_attribution(e, review.reviewer, review.date, None, review.note))
    parts.append("</p>\n")
    if review.waivers:
        parts.append('<ul class="waivers">\n')
        for w in review.waivers:
            parts.append(f"<li>waives <code>{e[w.rule]}</code>")
            if w.reviewer:
                parts.append(f" ({e[w.reviewer]}")
                if w.date:
                    parts.append(f", {e[w.date]}")
                parts.append(")")
            parts.append(f": {e[w.justification or 'no justification']}</li>\n")
        parts.append("</ul>\n")
    if review.history:
        parts.append(
            f'<details class="history"><summary>History ({len(review.history)} earlier decisions)</summary>\n<ol>\n'
        )
        for event in reversed(review.history):
            state = e[event.status]
            parts.append(f'<li><span class="badge status-{state}">{state}</span>')
            parts.append(_attribution(e, event.reviewer, event.date, event.action, event.note))
            parts.append("</li>\n")
        parts.append("</ol>\n</details>\n")
    if v.findings:
        links = ", ".join(
            f'<a href="#{e[finding_ids[id(f)]]}" class="finding-ref sev-{e[_state(f)]}">{e[f.rule]}</a>'
            for f in v.findings
        )
        parts.append(f'<p class="claim-findings">Findings: {links}</p>\n')
    parts.append("</article>\n")
    return "".join(parts)


def claim_cards(views: Iterable[ClaimView], page: Page) -> Iterator[str]:
    """The cards of ``views``, each followed by a newline, a batch per piece."""
    e = Escaped()
    for batch in batches(views):
        yield "".join([claim_card(v, page, e) + "\n" for v in batch])


def _unique(values: Iterable[str]) -> list[str]:
    """Jinja's ``unique`` filter: the first of each value, letter case ignored."""
    seen: set[str] = set()
    kept = []
    for value in values:
        if value.lower() not in seen:
            seen.add(value.lower())
            kept.append(value)
    return kept


def fix_first_item(v: ClaimView, page: Page, e: Escaped) -> str:
    """One claim of the "Fix first" list (``ol.fix-first``)."""
    c = v.record.claim
    tier = e[page.tiers[v.tier]]
    status = e[c.review.status]
    categories = escape(" ".join(_unique([str(f.category) for f in v.findings])))
    severities = escape(" ".join(_unique([str(f.severity) for f in v.findings if not f.waived])))
    article = page.titles.get(v.record.article_id or "", v.record.article_id or "no known article")
    search, command = page.escaped(v, escape)
    parts = [
        f'<li class="fix priority-{tier}" data-claim="{e[c.id]}" data-tier="{tier}" data-status="{status}" '
        f'data-categories="{categories}" data-severities="{severities}" '
        f'data-search="{search}">\n'
        f'<span class="badge priority-{tier}">{tier}</span> <a href="#claim-{e[c.id]}"><code>{e[c.id]}</code></a> '
        f'<span class="article">{e[article]}</span> <span class="badge status-{status}">{status}</span>'
    ]
    if v.findings:
        first = v.findings[0]
        parts.append(f' <span class="first-finding"><code>{e[first.rule]}</code> {e[first.message]}</span>')
    parts.append(
        f'<p class="command"><code>{command}</code> '
        '<button type="button" class="copy">Copy</button></p>\n</li>\n'
    )
    return "".join(parts)


def fix_first_items(queue: Iterable[ClaimView], page: Page) -> Iterator[str]:
    """The fix-first list's items, a batch per piece."""
    e = Escaped()
    for batch in batches(queue):
        yield "".join([fix_first_item(v, page, e) for v in batch])

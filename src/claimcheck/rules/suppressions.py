"""Suppression comments in an article's Markdown body, each with the reason an editor accepts
the finding (HTML comments: they do not show in the published page).

- ``<!-- claimcheck-disable-next-line CC301: quoting the seller to criticise -->``: findings of
  those rules on the next line;
- ``<!-- claimcheck-disable CC301, CC304: a quoted advertisement -->`` … ``<!-- claimcheck-enable -->``:
  findings of those rules from the first comment's line to the second's (or to the end of the
  file); ``claimcheck-enable CC301`` ends only the passages that name CC301.

A suppressed finding is reported as waived (counted, shown in SARIF as suppressed, never
failing). A suppression without a reason, without a rule, with an unknown rule, or that
suppresses nothing is itself a finding (CC008), as ruff's RUF100; one without a reason or
naming no rule suppresses nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from claimcheck.core.finding import Finding
from claimcheck.core.location import LineIndex
from claimcheck.load.project import ArticleRecord
from claimcheck.load.summary import SUPPRESSION_MARK, Corpus

RULE = "CC008"
"""The rule that reports suppressions gone wrong (never suppressed itself)."""
MEMO = "suppressions"
"""Where the rule leaves the suppressions it parsed, for the engine (``Context.memo``)."""
MARK = SUPPRESSION_MARK
_START = re.compile(r"<!--[ \t\n]*claimcheck-")
_KIND = re.compile(r"[A-Za-z-]*")
_RULE_ID = re.compile(r"CC\d{3}", re.IGNORECASE)
KINDS = ("disable-next-line", "disable", "enable")


@dataclass
class Suppression:
    """One suppression comment and the lines it covers."""

    path: str
    line: int
    column: int
    kind: str
    rules: tuple[str, ...]
    reason: str
    first: int
    last: int
    problems: list[tuple[str, str]] = field(default_factory=list)
    """(message, hint) of what is wrong with the comment itself."""
    used: set[str] = field(default_factory=set)
    """The rules of which it suppressed a finding."""

    @property
    def applies(self) -> bool:
        return self.kind != "enable" and bool(self.rules) and bool(self.reason) and not self.problems

    def covers(self, finding: Finding) -> bool:
        return finding.rule in self.rules and self.first <= finding.span.line <= self.last

    def where(self) -> str:
        return f"line {self.first}" if self.first == self.last else f"lines {self.first}-{self.last}"


def _parse_rest(rest: str) -> tuple[list[str], str, str]:
    """Rule ids, reason, and whatever stood where ids should be that is not one."""
    ids_part, colon, reason = rest.partition(":")
    words = [w for w in re.split(r"[\s,]+", ids_part.strip()) if w]
    ids = [w.upper() for w in words if _RULE_ID.fullmatch(w)]
    stray = " ".join(w for w in words if not _RULE_ID.fullmatch(w))
    return ids, reason.strip() if colon else "", stray


def _comments(text: str, start: int) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, kind, the rest) of each ``<!-- claimcheck-KIND rest -->`` from ``start``,
    in one pass: the end of a comment is found with ``str.find``, never by a pattern that could
    run to the end of the text from every start."""
    while (found := _START.search(text, start)) is not None:
        close = text.find("-->", found.end())
        if close < 0:  # not a comment: Markdown shows it as text
            return
        kind = _KIND.match(text, found.end(), close)
        assert kind is not None  # the pattern matches the empty string
        yield found.start(), close + 3, kind.group(), text[kind.end() : close]
        start = close + 3


def parse(article: ArticleRecord, known: Iterable[str]) -> list[Suppression]:
    """The suppression comments of ``article``'s body, their coverage worked out."""
    text = article.text
    if MARK not in text:
        return []
    rules = set(known)
    lines = LineIndex(text)
    end_line = text.count("\n") + 1
    found: list[Suppression] = []
    open_passages: list[Suppression] = []
    for start, end, written_kind, rest in _comments(text, article.body_start):
        span = lines.span(start, end)
        kind = written_kind.lower()
        ids, reason, stray = _parse_rest(rest)
        item = Suppression(article.path, span.line, span.column, kind, tuple(ids), reason, 0, 0)
        found.append(item)
        if kind not in KINDS:
            item.problems.append(
                (
                    f"unknown suppression comment 'claimcheck-{written_kind}'",
                    "write claimcheck-disable-next-line, claimcheck-disable or claimcheck-enable",
                )
            )
            continue
        unknown = [i for i in ids if i not in rules]
        if unknown:
            item.problems.append(
                (f"unknown rule {', '.join(unknown)} in a suppression", "see 'claimcheck rules' for the ids")
            )
        if stray and kind != "enable":
            item.problems.append(
                (
                    f"not a rule id: {stray!r}",
                    "name rules by id, then a colon and the reason: "
                    "<!-- claimcheck-disable CC301: quoting the seller to criticise -->",
                )
            )
        if kind == "enable":
            closing = [p for p in open_passages if not ids or set(ids) & set(p.rules)]
            if not closing:
                item.problems.append(
                    (
                        "claimcheck-enable without a claimcheck-disable before it",
                        "remove it, or add the disable",
                    )
                )
            for passage in closing:
                passage.last = span.end_line
                open_passages.remove(passage)
            continue
        if not ids:
            item.problems.append(
                (
                    "suppression names no rule: it suppresses nothing",
                    "name the rules it is for: <!-- claimcheck-disable CC301: the reason -->",
                )
            )
        elif not reason:
            item.problems.append(
                (
                    "suppression without a reason: it suppresses nothing",
                    "say why the finding is acceptable after a colon: "
                    f"<!-- claimcheck-{kind} {', '.join(ids)}: quoting the seller to criticise -->",
                )
            )
        if kind == "disable-next-line":
            item.first = item.last = span.end_line + 1
        else:
            item.first, item.last = span.line, end_line
            open_passages.append(item)
    return found


def of(corpus: Corpus, known: Iterable[str]) -> dict[str, list[Suppression]]:
    """Every article's suppressions, by article path (articles without any left out; only
    those whose text holds :data:`MARK` are read)."""
    known = frozenset(known)
    found = {}
    for summary in corpus.articles.values():
        article = corpus.article(summary) if summary.marked else None
        if article is not None and (items := parse(article, known)):
            found[article.path] = items
    return found


def apply(findings: Iterable[Finding], found: dict[str, list[Suppression]]) -> Iterator[Finding]:
    """``findings`` with those that a valid suppression covers marked waived (and the
    suppression marked used)."""
    import dataclasses

    for finding in findings:
        items = found.get(finding.path) if found else None
        if items and not finding.waived and finding.rule != RULE:
            covering = [s for s in items if s.applies and s.covers(finding)]
            if covering:
                for item in covering:
                    item.used.add(finding.rule)
                finding = dataclasses.replace(finding, waived=True)
        yield finding

"""Merging extracted candidates into a claims file, keeping the editors' work.

Re-running extraction on a changed article must not lose a claim, its id, citations or review:

* a claim whose quote is still in the article is kept as it is;
* a claim whose quote changed slightly is **re-anchored**: its quote becomes the most similar
  text of the new article (rapidfuzz similarity, case and typography folded, at least
  :data:`REANCHOR_THRESHOLD`), the decision it carried is appended to ``review.history`` with
  the action that superseded it, and the review goes back to ``pending``;
* a claim whose quote vanished is kept untouched and reported **stale** (``claimcheck check``
  reports it too, rule CC006): deleting it would silently drop an editor's review;
* a candidate that overlaps no existing claim's quote is **added** as a pending claim with a
  new id; one that overlaps a claim is that claim, already covered.

Edits are made on ruamel round-trip nodes of the changed claims only (edit/claims_lines.py), so
comments, key order, quoting and blank lines outside the changed claims stay byte for byte the same; new claims are
written in the style of the existing ones (quote style, flow or block substance lists, a blank
line between claims when the file has them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from claimcheck.edit.claims_file import ClaimsList
from claimcheck.edit.comments import attach_tail, detach_tail
from claimcheck.extract.anchors import REANCHOR_THRESHOLD, Anchors
from claimcheck.extract.candidates import Candidate
from claimcheck.extract.ids import slug, unique
from claimcheck.extract.segment import Sentence
from claimcheck.text.quotes import SqueezedText
from claimcheck.text.title import within

REANCHOR_NOTE = "Quote re-anchored to changed article text; review the claim again."


@dataclass
class MergeReport:
    kept: list[str] = field(default_factory=list)
    reanchored: list[tuple[str, float]] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    proposed: dict[str, Candidate] = field(default_factory=dict)
    """The candidate each added claim was made from, by id."""


@dataclass(frozen=True)
class FileStyle:
    """How the existing claims of a file are written, for new claims to match."""

    quote: type[str] = DoubleQuotedScalarString
    flow_substances: bool = True
    blank_line_between: bool = True

    @classmethod
    def of(cls, claims: ClaimsList, text: str) -> FileStyle:
        quote: type[str] = DoubleQuotedScalarString
        flow = True
        for index in range(len(claims)):
            if not isinstance(claims.value(index), dict):
                continue
            item = claims.node(index)
            value = item.get("quote")
            if isinstance(value, str):
                quote = (
                    type(value)
                    if isinstance(value, SingleQuotedScalarString | DoubleQuotedScalarString)
                    else str
                )
            substances = item.get("substances")
            if isinstance(substances, CommentedSeq):
                flow = bool(substances.fa.flow_style())
            break
        blank = len(claims) < 2 or bool(re.search(r"\n[ \t]*\n(?:[ \t]*#[^\n]*\n)*[ \t]*- ", text))
        return cls(quote, flow, blank)


# --- comments: a blank line (or a comment) after a claim is stored on its last scalar -----------


def _blank_line() -> CommentToken:
    return CommentToken("\n\n", CommentMark(0), None)


class Taken:
    """Spans of the article already claimed: exact lookups, and overlap queries through
    buckets of :data:`BUCKET` characters (each span is filed under the buckets it covers), so
    thousands of claims and candidates cost time in proportion to their number and length."""

    BUCKET = 512

    def __init__(self) -> None:
        self.exact: set[tuple[int, int]] = set()
        self._buckets: dict[int, list[tuple[int, int]]] = {}

    def add(self, span: tuple[int, int]) -> None:
        self.exact.add(span)
        for bucket in range(span[0] // self.BUCKET, max(span[0], span[1] - 1) // self.BUCKET + 1):
            self._buckets.setdefault(bucket, []).append(span)

    def overlaps(self, span: tuple[int, int]) -> bool:
        for bucket in range(span[0] // self.BUCKET, max(span[0], span[1] - 1) // self.BUCKET + 1):
            if any(a < span[1] and span[0] < b for a, b in self._buckets.get(bucket, ())):
                return True
        return False


# --- the merge ------------------------------------------------------------------------------------


def claim_map(
    candidate: Candidate, claim_id: str, citations: Sequence[tuple[str, str | None]], style: FileStyle
) -> CommentedMap:
    item = CommentedMap()
    item["id"] = claim_id
    item["quote"] = style.quote(candidate.quote)
    item["kind"] = candidate.kind.value
    substances = CommentedSeq(candidate.substances)
    if style.flow_substances:
        substances.fa.set_flow_style()
    item["substances"] = substances
    if citations:
        cited = CommentedSeq()
        for key, locator in citations:
            entry = CommentedMap()
            entry["key"] = key
            entry["relation"] = "supports"
            if locator:
                entry["locator"] = locator
            cited.append(entry)
        item["citations"] = cited
    review = CommentedMap()
    review["status"] = "pending"
    item["review"] = review
    return item


def _reset_review(item: CommentedMap, score: float, old_quote: str) -> None:
    trailing = detach_tail(item)
    review = item.get("review")
    if not isinstance(review, CommentedMap):
        review = CommentedMap()
        item["review"] = review
    event = CommentedMap()
    event["status"] = review.get("status", "pending")
    for key in ("reviewer", "date", "note"):
        if review.get(key) is not None:
            event[key] = review[key]
    event["action"] = (
        f"superseded: quote re-anchored by claimcheck extract (similarity {score:.0f}); "
        f"the decision was made on the quote: {old_quote}"
    )
    history = review.get("history")
    if not isinstance(history, CommentedSeq):
        history = CommentedSeq()
        review["history"] = history
    history.append(event)
    review["status"] = "pending"
    for key in ("reviewer", "date"):
        if key in review:
            del review[key]
    review["note"] = REANCHOR_NOTE
    attach_tail(item, trailing)


def merge(
    claims: ClaimsList,
    article_text: str,
    folded_article: str,
    body_start: int,
    prose: Sequence[Sentence],
    candidates: Sequence[Candidate],
    citations: dict[int, list[tuple[str, str | None]]],
    taken: set[str],
    style: FileStyle,
    title: tuple[int, int] | None = None,
) -> MergeReport:
    """Merge ``candidates`` into ``claims`` (changed in place: only the claims re-anchored, and
    the last claim when claims are added, are asked for as round-trip nodes).

    ``prose`` are the sentences a vanished quote may be re-anchored to; ``citations`` maps a
    candidate's start offset to its BibTeX keys (with their locators); ``taken`` are the ids in use in the corpus
    (new ids are added to it); ``title``: the offsets of the front matter's title, where a quote
    not in the body may stand (a headline claim)."""
    report = MergeReport()
    anchored = Taken()
    lost: list[int] = []
    squeezed = SqueezedText(folded_article)  # finds what find_quote finds, without a pattern per quote
    for index in range(len(claims)):
        item = claims.value(index)
        if not isinstance(item, dict) or not isinstance(item.get("quote"), str):
            continue
        taken.add(str(item.get("id")))
        span = squeezed.find(item["quote"], body_start)
        if span is None and title is not None:
            span = within(squeezed.find(item["quote"], title[0]), title)
        if span is None:
            lost.append(index)
        else:
            anchored.add(span)
            report.kept.append(str(item.get("id")))
    # every vanished quote is bounded against every place in a few matrix calls (Anchors.best_of)
    found = (
        Anchors(prose, article_text).best_of([claims.value(i)["quote"] for i in lost], REANCHOR_THRESHOLD)
        if lost
        else []
    )
    for index, best in zip(lost, found, strict=True):
        item = claims.value(index)
        if best is None or best[0] < REANCHOR_THRESHOLD or (best[1], best[2]) in anchored.exact:
            report.stale.append(str(item.get("id")))
            continue
        item = claims.node(index)
        score, start, end = best
        old_quote = str(item["quote"])
        new_quote = article_text[start:end]
        quote_type = type(item["quote"]) if type(item["quote"]) is not str else str
        item["quote"] = quote_type(new_quote)
        _reset_review(item, score, old_quote)
        anchored.add((start, end))
        report.reanchored.append((str(item.get("id")), score))
    for candidate in candidates:
        if anchored.overlaps((candidate.start, candidate.end)):
            continue
        claim_id = unique(slug(candidate.quote), taken)
        taken.add(claim_id)
        if style.blank_line_between and len(claims):
            last = claims.node(len(claims) - 1)
            token = detach_tail(last)  # a comment after the last claim stays where it is
            attach_tail(last, token if token is not None else _blank_line())
        claims.append(claim_map(candidate, claim_id, citations.get(candidate.start, []), style))
        anchored.add((candidate.start, candidate.end))
        report.added.append(claim_id)
        report.proposed[claim_id] = candidate
    return report

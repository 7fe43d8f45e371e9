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

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel, LCSseq
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from claimcheck.edit.claims_file import ClaimsList
from claimcheck.edit.comments import attach_tail, detach_tail
from claimcheck.extract.candidates import Candidate
from claimcheck.extract.ids import slug, unique
from claimcheck.extract.segment import Sentence
from claimcheck.text.quotes import SqueezedText, fold
from claimcheck.text.title import within

REANCHOR_THRESHOLD = 80.0
"""Minimum similarity (0-100, rapidfuzz Indel ratio, case and typography folded) for
re-anchoring a quote.

Measured on the 54 seed claims (tests/extract/test_reanchor_threshold.py prints the figures):
a quote with one word replaced, deleted or added scores at least 85.4 against its edited
sentence (median 96-97), with two words replaced at least 80.0 (median 90.5); the best match
of a quote among the *other* sentences of its article scores at most 73.2 (median 51). 80 lies
in that gap with room on both sides: a slight rewording is followed, a different sentence on the
same subject is never mistaken for it (the claim is then reported stale instead)."""

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


# --- re-anchoring ---------------------------------------------------------------------------------

_WORD_CHAR = re.compile(r"[\w’'-]")


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and _WORD_CHAR.match(text[start - 1]) and _WORD_CHAR.match(text[start]):
        start -= 1
    while end < len(text) and end > 0 and _WORD_CHAR.match(text[end]) and _WORD_CHAR.match(text[end - 1]):
        end += 1
    while start < end and text[start] in " ,;:":
        start += 1
    while end > start and text[end - 1] in " ,;:":
        end -= 1
    return start, end


def similarity(quote: str, sentence: str) -> tuple[float, int, int]:
    """How well ``quote`` matches ``sentence`` or a part of it: (score, start, end in sentence)."""
    return _similarity(fold(" ".join(quote.split())), fold(sentence), sentence)


def _similarity(a: str, b: str, sentence: str) -> tuple[float, int, int]:
    """:func:`similarity` of the folded quote ``a`` and ``b``, the folded ``sentence``."""
    if len(a) >= 0.8 * len(b):
        return fuzz.ratio(a, b), 0, len(sentence)
    alignment = fuzz.partial_ratio_alignment(a, b)
    if alignment is None:
        return 0.0, 0, 0
    start, end = _widen(sentence, alignment.dest_start, alignment.dest_end)
    # score the widened span itself, so the quote that is written is the one that was judged
    return float(Indel.normalized_similarity(a, fold(sentence[start:end])) * 100), start, end


def windows(sentences: Sequence[Sentence], text: str) -> list[tuple[int, int]]:
    """Places a quote may be re-anchored to: each sentence, and each two consecutive sentences of
    one block (a quote may span a sentence boundary)."""
    spans = [(s.start, s.end) for s in sentences]
    for first, second in pairwise(sentences):
        if first.block is second.block and not text[first.end : second.start].strip():
            spans.append((first.start, second.end))
    return spans


def best_anchor(quote: str, sentences: Sequence[Sentence], text: str) -> tuple[float, int, int] | None:
    """The most similar place for ``quote`` in ``text`` among ``sentences`` (and pairs of them):
    (score, start, end) in ``text``."""
    return Anchors(sentences, text).best(quote)


class Anchors:
    """The places of an article a quote may be re-anchored to, folded once for many quotes.

    With a ``threshold``, only the places that may score that much are scored: a score is the
    Indel similarity 2L/(|a|+|s|) of the folded quote ``a`` and the place, or a part ``s`` of
    it, whose longest common subsequence ``L`` with ``a`` is at most the place's own, ``L0``;
    so no score exceeds 2·L0/(|a|+L0). ``L0`` of every place comes from one vectorized
    rapidfuzz call, and thousands of stale quotes cost thousands of those calls, not millions
    of alignments."""

    def __init__(self, sentences: Sequence[Sentence], text: str) -> None:
        self.spans = windows(sentences, text)
        self.texts = [text[a:b] for a, b in self.spans]
        self.folded = [fold(t) for t in self.texts]
        # fold keeps their case, or lowers a capital sigma by its context (a part may differ)
        self.always = [len(t.lower()) != len(t) or "\u03a3" in t for t in self.texts]
        self._always = numpy.asarray(self.always, dtype=bool)
        self._seen: dict[tuple[str, float | None], tuple[float, int, int] | None] = {}
        self._window_cache: dict[tuple[int, float], tuple[list[int], list[str], numpy.ndarray]] = {}

    def best(self, quote: str, threshold: float | None = None) -> tuple[float, int, int] | None:
        return self.best_of([quote], threshold)[0]

    def best_of(
        self, quotes: Sequence[str], threshold: float | None = None
    ) -> list[tuple[float, int, int] | None]:
        """:meth:`best` of each quote; the bounds of many quotes come from a few matrix calls."""
        folded = [fold(" ".join(quote.split())) for quote in quotes]
        todo = [a for a in dict.fromkeys(folded) if (a, threshold) not in self._seen]
        for begin in range(0, len(todo), self.CHUNK):
            chunk = todo[begin : begin + self.CHUNK]
            for a, places in zip(chunk, self._places(chunk, threshold), strict=True):
                self._seen[(a, threshold)] = self._best(a, places)
        return [self._seen[(a, threshold)] for a in folded]

    CHUNK = 256
    """Quotes bounded together: a matrix of CHUNK x places (x windows) numbers at most."""

    def _places(self, quotes: list[str], threshold: float | None) -> list[Sequence[int]]:
        if threshold is None or not self.folded:
            return [range(len(self.folded))] * len(quotes)
        common = process.cdist(quotes, self.folded, scorer=LCSseq.similarity, dtype=numpy.int32)
        sizes = numpy.asarray([len(a) for a in quotes])[:, None]
        bound = 200.0 * common / numpy.maximum(sizes + common, 1)
        keep = (bound >= threshold - 1e-9) | self._always
        if threshold > 0:
            by_size: dict[int, list[int]] = {}
            for row, a in enumerate(quotes):
                by_size.setdefault(len(a), []).append(row)
            for size, rows in by_size.items():
                part = keep[rows]  # a copy (rows picked by a list), written back
                self._within_windows([quotes[r] for r in rows], size, part, threshold)
                keep[rows] = part
        return [[int(i) for i in numpy.flatnonzero(row)] for row in keep]

    def _windows(self, size: int, threshold: float) -> tuple[list[int], list[str], numpy.ndarray]:
        """The long places for quotes of ``size`` characters, their windows, and where each
        place's windows begin in that list."""
        key = (size, threshold)
        if key not in self._window_cache:
            longest = math.floor((200.0 / threshold - 1.0) * size + 1e-9)
            step = max(1, size // 10)
            short = max(longest, math.ceil(1.25 * size)) + step  # fuzz.ratio scores the whole place
            owners: list[int] = []
            starts: list[int] = []
            texts: list[str] = []
            for i, b in enumerate(self.folded):
                if self.always[i] or len(b) <= short:
                    continue
                owners.append(i)
                starts.append(len(texts))
                texts.extend(
                    b[start : start + longest + step] for start in range(0, max(1, len(b) - longest), step)
                )
            self._window_cache[key] = (owners, texts, numpy.asarray(starts, dtype=numpy.intp))
        return self._window_cache[key]

    def _within_windows(self, quotes: list[str], size: int, keep: numpy.ndarray, threshold: float) -> None:
        """Drops from ``keep`` (rows: ``quotes``, all ``size`` characters long) the long places
        that cannot score ``threshold`` either.

        A span ``s`` scoring ``threshold`` = 2L/(|a|+|s|) with L <= |a| is at most
        ``longest`` = (200/threshold - 1)·|a| long (1.5·|a| at 80), so it lies within one of the
        windows of ``longest + step`` characters that start every ``step`` characters of the
        place; its ``L`` is at most the best window's LCS with ``a``, which bounds its score as
        the whole place's LCS does, but tighter: a place twice as long as the quote (two
        sentences) shares much more with it than any quote-sized part of it does."""
        owners, texts, starts = self._windows(size, threshold)
        if not texts:
            return
        common = process.cdist(quotes, texts, scorer=LCSseq.similarity, dtype=numpy.int32)
        best = numpy.maximum.reduceat(common, starts, axis=1)
        reach = 200.0 * best / numpy.maximum(size + best, 1) >= threshold - 1e-9
        keep[:, owners] &= reach

    def _best(self, a: str, places: Sequence[int]) -> tuple[float, int, int] | None:
        # a place about as long as the quote is scored by fuzz.ratio alone (see _similarity):
        # those scores come from one vectorized call, the others one by one
        whole = [i for i in places if len(a) >= 0.8 * len(self.folded[i])]
        ratios = (
            dict(
                zip(
                    whole,
                    process.cdist(
                        [a], [self.folded[i] for i in whole], scorer=fuzz.ratio, dtype=numpy.float64
                    )[0],
                    strict=True,
                )
            )
            if whole
            else {}
        )
        best: tuple[float, int, int] | None = None
        for i in places:
            if i in ratios:
                score, start, end = float(ratios[i]), 0, len(self.texts[i])
            else:
                score, start, end = _similarity(a, self.folded[i], self.texts[i])
            if end > start and (best is None or score > best[0]):
                window_start = self.spans[i][0]
                best = (score, window_start + start, window_start + end)
        return best


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

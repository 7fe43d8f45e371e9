"""The loaded project: every file parsed once, typed, and able to say where things are."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from claimcheck.core.location import LineIndex, Span
from claimcheck.model import ArticleFrontMatter, Claim, ClaimsDocument
from claimcheck.model.config import TABLE_CELLS_DEFAULT
from claimcheck.model.lock import LockFile
from claimcheck.parse.yaml_source import Pointer, YamlSource
from claimcheck.settings import Settings
from claimcheck.text.quotes import SqueezedText, fold, needle
from claimcheck.text.segments import Segments, segment
from claimcheck.text.title import title_span, within


@dataclass(frozen=True, slots=True)
class Problem:
    """Something the loader could not accept; rule ``rule`` reports it as a finding."""

    rule: str
    path: str
    span: Span
    message: str
    hint: str = ""
    article: str | None = None
    claim: str | None = None


@dataclass(eq=False)
class ArticleRecord:
    """An article file: front matter (possibly invalid) and Markdown body."""

    id: str
    path: str
    text: str
    body_start: int
    front: YamlSource | None = None
    meta: ArticleFrontMatter | None = None
    max_table_cells: int = TABLE_CELLS_DEFAULT
    """The settings' ``max_table_cells``: the tables past it are not segmented."""

    @property
    def body(self) -> str:
        return self.text[self.body_start :]

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.text)

    @cached_property
    def folded(self) -> str:
        return fold(self.text)

    @property
    def title(self) -> str:
        return self.meta.title if self.meta else self.id

    @cached_property
    def squeezed(self) -> SqueezedText:
        return SqueezedText(self.folded)

    @cached_property
    def title_span(self) -> tuple[int, int] | None:
        """Offsets of the front matter's ``title:`` value as written (a headline is quotable)."""
        return title_span(self.text, self.body_start)

    def quote_offsets(self, quote: str) -> tuple[int, int] | None:
        """Offsets of ``quote`` in the body, or else in the title (a headline claim)."""
        return self._needle_offsets(needle(quote))

    def _needle_offsets(self, words: str) -> tuple[int, int] | None:
        """:meth:`quote_offsets` of a quote already folded (:func:`needle`): folded once for
        the body and the title."""
        found = self.squeezed.find_needle(words, self.body_start)
        if found is None and self.title_span is not None:
            found = within(self.squeezed.find_needle(words, self.title_span[0]), self.title_span)
        return found

    def find_quote(self, quote: str) -> Span | None:
        return self._span(self._needle_offsets(needle(quote)))

    def _span(self, found: tuple[int, int] | None) -> Span | None:
        return None if found is None else self.lines.span(*found)

    def has_quote(self, quote: str) -> bool:
        """Whether :meth:`find_quote` finds ``quote``. Most quotes are in the body as written
        (words one space apart), and then there without squeezing the article's whitespace."""
        return self.quote_check(quote)[0]

    def quote_check(self, quote: str) -> tuple[bool, Span | None]:
        """Whether :meth:`find_quote` finds ``quote``, and where when that had to be worked out
        (``None`` when found by the quick path of :meth:`has_quote`, or not found)."""
        words = needle(quote)
        if words and self.folded.find(words, self.body_start) >= 0:
            return True, None  # words one space apart here are one space apart in the squeezed text
        span = self._span(self._needle_offsets(words))
        return span is not None, span

    @cached_property
    def segments(self) -> Segments:
        """The body's blocks and sentences, located (parsed once, on first use)."""
        return segment(self.text, self.body_start, self.max_table_cells)

    def drop_segments(self) -> None:
        """Forget the parsed segments (a worker does before it sends the record back)."""
        self.__dict__.pop("segments", None)

    def drop_text_views(self) -> None:
        """Forget the folded and squeezed text and the line index (a worker does when the rules
        that need them have run: sending them costs more than working them out again)."""
        for name in ("folded", "squeezed", "lines"):
            self.__dict__.pop(name, None)

    @cached_property
    def body_line(self) -> int:
        """1-based line on which the body starts."""
        return self.lines.position(self.body_start)[0]


@dataclass(eq=False)
class ClaimsFileRecord:
    """A claims file. Its claims may be kept as the JSON they were validated from
    (``payload``, from a loader's worker process) and made into models when first asked for
    (pickling pydantic models costs more than validating them again)."""

    path: str
    stem: str
    source: YamlSource | None
    article_id: str | None = None
    payload: bytes | str | None = field(default=None, repr=False)
    """The claims as strict-valid JSON of a :class:`ClaimsDocument`, not yet made into models."""
    _claims: list[ClaimRecord] | None = field(default=None, repr=False)
    _located: dict[Pointer, Span] = field(default_factory=dict, repr=False)
    """What :meth:`locate` found, by pointer: a claim is located for each of its findings, and
    again by the report and the review list (each a scan of the claim's lines)."""

    @property
    def claims(self) -> list[ClaimRecord]:
        """Its valid claims, in order (claims do not change once loaded)."""
        if self._claims is None:
            claims: list[ClaimRecord] = []
            if self.payload is not None:
                document = ClaimsDocument.model_validate_json(self.payload, strict=True)
                claims = [ClaimRecord(claim, self, i) for i, claim in enumerate(document.claims)]
            self._claims, self.payload = claims, None
        return self._claims

    @claims.setter
    def claims(self, claims: list[ClaimRecord]) -> None:
        self._claims, self.payload = claims, None

    def locate(self, pointer: Pointer = ()) -> Span:
        span = self._located.get(pointer)
        if span is None:
            span = self._located[pointer] = self.source.locate(pointer) if self.source else Span.point(1)
        return span

    def locate_key(self, pointer: Pointer) -> Span:
        return self.source.locate_key(pointer) if self.source else Span.point(1)


@dataclass(eq=False)
class ClaimRecord:
    claim: Claim
    file: ClaimsFileRecord
    index: int
    _quote: tuple[ArticleRecord, Span | None] | None = field(default=None, init=False, repr=False)
    """Where the quote was found in which article, once worked out: the check (CC006, CC303)
    and the claim's view in the report and the review list each need it."""

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_quote": None}  # the article stays in its own process

    def quote_span(self, article: ArticleRecord) -> Span | None:
        """:meth:`ArticleRecord.find_quote` of the claim's quote, worked out once."""
        known = self._quote
        if known is None or known[0] is not article:
            known = self._quote = (article, article.find_quote(self.claim.quote))
        return known[1]

    def quoted_in(self, article: ArticleRecord) -> bool:
        """Whether :meth:`quote_span` would find the quote (:meth:`ArticleRecord.has_quote`'s
        quick path first; what a slower path finds is kept for :meth:`quote_span`)."""
        known = self._quote
        if known is not None and known[0] is article:
            return known[1] is not None
        found, span = article.quote_check(self.claim.quote)
        if span is not None or not found:
            self._quote = (article, span)
        return found

    @property
    def id(self) -> str:
        return self.claim.id

    @property
    def path(self) -> str:
        return self.file.path

    @property
    def article_id(self) -> str | None:
        return self.file.article_id

    def pointer(self, *rest: str | int) -> tuple[str | int, ...]:
        return ("claims", self.index, *rest)

    def span(self, *rest: str | int) -> Span:
        """Where this claim (or a part of it, e.g. ``"citations", 0, "key"``) is written."""
        return self.file.locate(self.pointer(*rest))

    def waived(self, rule: str) -> bool:
        return any(w.rule == rule for w in self.claim.review.waivers)


@dataclass(eq=False)
class ReferenceRecord:
    """A BibTeX entry, fields lower-cased and with enclosing braces removed."""

    key: str
    entry_type: str
    fields: dict[str, str]
    span: Span
    field_lines: dict[str, int] = field(default_factory=dict)

    def get(self, name: str) -> str | None:
        value = self.fields.get(name)
        return value.strip() if value and value.strip() else None

    @property
    def authors(self) -> list[str]:
        raw = self.get("author")
        return [a.strip() for a in raw.replace("\n", " ").split(" and ")] if raw else []

    def field_span(self, name: str) -> Span:
        line = self.field_lines.get(name)
        return Span.point(line) if line else self.span


@dataclass(eq=False)
class Bibliography:
    path: str
    text: str
    entries: MutableMapping[str, ReferenceRecord] = field(default_factory=dict)
    duplicates: list[ReferenceRecord] = field(default_factory=list)
    rankings: dict[str, list[tuple[str, float]]] = field(default_factory=dict, compare=False)
    """The library ranked for queries so far (``suggest.Ranker``; the cache keeps it)."""


@dataclass(eq=False)
class Project:
    root: Path
    settings: Settings
    articles: dict[str, ArticleRecord] = field(default_factory=dict)
    claim_files: list[ClaimsFileRecord] = field(default_factory=list)
    bibliography: Bibliography | None = None
    problems: list[Problem] = field(default_factory=list)
    lock: LockFile | None = None
    """``references.lock.json`` when it exists (written by ``refs verify``)."""

    def claims(self) -> Iterator[ClaimRecord]:
        for claims_file in self.claim_files:
            yield from claims_file.claims

    @cached_property
    def claims_by_article(self) -> dict[str, list[ClaimRecord]]:
        grouped: dict[str, list[ClaimRecord]] = {}
        for record in self.claims():
            if record.article_id is not None:
                grouped.setdefault(record.article_id, []).append(record)
        return grouped

    def article_of(self, record: ClaimRecord) -> ArticleRecord | None:
        return self.articles.get(record.article_id) if record.article_id else None

    @property
    def references(self) -> Mapping[str, ReferenceRecord]:
        return self.bibliography.entries if self.bibliography else {}

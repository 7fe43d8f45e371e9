"""What the corpus-wide rules read of each file: a typed summary, not the parsed file.

A full check of a large corpus streams its units (an article with its claims files) through
worker processes; the main process keeps only these summaries (a few hundred bytes a file),
the library, the lock, the problems and the findings. A corpus rule that must say *where*
something is in a file asks :class:`Corpus`, which opens that one file again (from memory
after a serial load, from disk after a streamed one): findings are rare, files are many.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from claimcheck.core.location import Span
from claimcheck.load.articles import load_article
from claimcheck.load.claims import load_claims_file
from claimcheck.load.files import read
from claimcheck.load.layout import CLAIMS_SUFFIXES
from claimcheck.load.project import (
    ArticleRecord,
    Bibliography,
    ClaimsFileRecord,
    Problem,
    Project,
    ReferenceRecord,
)
from claimcheck.model import ReviewStatus
from claimcheck.model.lock import LockFile
from claimcheck.parse.source_text import TextProblem
from claimcheck.parse.yaml_source import Items, Pointer, YamlSource
from claimcheck.settings import Settings

SUPPRESSION_MARK = "claimcheck-"
"""What every suppression comment holds (:mod:`claimcheck.rules.suppressions`): an article
without it has none, and is not read again for them."""


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """An article as the corpus-wide rules see it."""

    id: str
    path: str
    valid: bool
    """Its front matter is valid (the others are reported by CC001/CC002)."""
    marked: bool
    """Its text holds a ``claimcheck-`` comment (a suppression: read from the file when asked)."""

    @classmethod
    def of(cls, article: ArticleRecord) -> ArticleSummary:
        return cls(article.id, article.path, article.meta is not None, SUPPRESSION_MARK in article.text)


@dataclass(frozen=True, slots=True)
class ClaimsFileSummary:
    """A claims file as the corpus-wide rules see it: its valid claims' ids, the keys they cite,
    which are approved and which waivers are justified, and where its items start (to locate
    a finding without parsing the file again)."""

    path: str
    stem: str
    article_id: str | None
    ids: tuple[str, ...]
    """The ids of its valid claims, in order (a claim's *position*)."""
    cited: str
    """The keys its claims cite, sorted and joined by spaces (a key holds no white space)."""
    approved: tuple[int, ...]
    """The positions of its approved claims."""
    waivers: tuple[tuple[str, str], ...]
    """(claim id, rule) of each waiver that carries a justification."""
    indexes: tuple[int, ...] | None
    """The index in the file's ``claims:`` list of the claim at each position, when invalid
    items were left out (``None``: position and index agree)."""
    items: Items = field(repr=False)
    """Where the items of its block sequences start (:data:`Items`)."""

    @classmethod
    def of(cls, record: ClaimsFileRecord) -> ClaimsFileSummary:
        claims = record.claims
        indexes = tuple(r.index for r in claims)
        return cls(
            path=record.path,
            stem=record.stem,
            article_id=record.article_id,
            ids=tuple([r.claim.id for r in claims]),
            cited=" ".join(sorted({c.key for r in claims for c in r.claim.citations})),
            approved=tuple(
                [i for i, r in enumerate(claims) if r.claim.review.status is ReviewStatus.APPROVED]
            ),
            waivers=tuple(
                [
                    (r.claim.id, waiver.rule)
                    for r in claims
                    for waiver in r.claim.review.waivers
                    if (waiver.justification or "").strip()
                ]
            ),
            indexes=None if indexes == tuple(range(len(claims))) else indexes,
            items=record.source.items if record.source is not None else {},
        )

    def cited_keys(self) -> list[str]:
        return self.cited.split()

    def item_index(self, position: int) -> int:
        """The index in the ``claims:`` list of its claim at ``position``."""
        return position if self.indexes is None else self.indexes[position]


Opener = Callable[[str], ArticleRecord | ClaimsFileRecord | None]
"""A file of the corpus by its path, as loaded (``None``: not there any more)."""
Sourcer = Callable[[ClaimsFileSummary], YamlSource | None]
"""A claims file's YAML source, to locate within it (``None``: it cannot be read any more)."""


@dataclass(eq=False)
class Corpus:
    """The whole corpus as its summaries, with the library, the lock and the problems: what
    the corpus-wide rules read. :meth:`claims_file`, :meth:`article` and :meth:`locate` open
    one file when a rule must look into it."""

    root: Path
    settings: Settings
    articles: dict[str, ArticleSummary]
    claims_files: list[ClaimsFileSummary]
    bibliography: Bibliography | None
    lock: LockFile | None
    opener: Opener
    sourcer: Sourcer
    _sources: dict[str, YamlSource | None] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, project: Project) -> Corpus:
        """The corpus of a loaded project (its files opened from memory)."""
        return cls(
            project.root,
            project.settings,
            {article.id: ArticleSummary.of(article) for article in project.articles.values()},
            [ClaimsFileSummary.of(record) for record in project.claim_files],
            project.bibliography,
            project.lock,
            *memory_opener(project),
        )

    @property
    def references(self) -> Mapping[str, ReferenceRecord]:
        return self.bibliography.entries if self.bibliography else {}

    def claims_file(self, summary: ClaimsFileSummary) -> ClaimsFileRecord | None:
        record = self.opener(summary.path)
        return record if isinstance(record, ClaimsFileRecord) else None

    def article(self, summary: ArticleSummary) -> ArticleRecord | None:
        record = self.opener(summary.path)
        return record if isinstance(record, ArticleRecord) else None

    def article_named(self, article_id: str | None) -> ArticleRecord | None:
        summary = self.articles.get(article_id) if article_id is not None else None
        return self.article(summary) if summary is not None else None

    def locate(self, summary: ClaimsFileSummary, pointer: Pointer) -> Span:
        """Where ``pointer`` is in the claims file (its first line if it cannot be read)."""
        if summary.path not in self._sources:
            if len(self._sources) >= 8:
                self._sources.pop(next(iter(self._sources)))
            self._sources[summary.path] = self.sourcer(summary)
        source = self._sources[summary.path]
        return source.locate(pointer) if source is not None else Span.point(1)

    def cited(self) -> Iterator[str]:
        """Every key cited anywhere (repeated)."""
        for summary in self.claims_files:
            yield from summary.cited_keys()


def memory_opener(project: Project) -> tuple[Opener, Sourcer]:
    """How to open a file of a loaded project: from memory."""
    by_path: dict[str, ArticleRecord | ClaimsFileRecord] = {f.path: f for f in project.claim_files}
    by_path.update((a.path, a) for a in project.articles.values())

    def source(summary: ClaimsFileSummary) -> YamlSource | None:
        record = by_path.get(summary.path)
        return record.source if isinstance(record, ClaimsFileRecord) else None

    return by_path.get, source


def disk_opener(root: Path, settings: Settings) -> tuple[Opener, Sourcer]:
    """How a streamed check opens a file of the corpus again: from disk, loaded whole; and a
    claims file's source for locating (its text with the item lines its summary kept)."""
    limit = settings.max_file_size

    def open_file(path: str) -> ArticleRecord | ClaimsFileRecord | None:
        where = root / path
        if path.endswith(CLAIMS_SUFFIXES):
            return load_claims_file(root, where, limit)[0]
        return load_article(root, where, limit, settings.max_table_cells)[0]

    def source(summary: ClaimsFileSummary) -> YamlSource | None:
        text = read(root, root / summary.path, limit)
        if isinstance(text, TextProblem):
            return None
        return YamlSource(text=text, data=None, items=dict(summary.items))

    return open_file, source


__all__ = ["ArticleSummary", "ClaimsFileSummary", "Corpus", "Problem", "disk_opener"]

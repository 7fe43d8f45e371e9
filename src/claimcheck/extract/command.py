"""The work of ``claimcheck extract``: propose an article's claims and merge them into its
claims file (the command line is in :mod:`claimcheck.commands.extract`).

One article is extracted without loading the corpus: the article file, its claims file, the
ids of the other claims files (from the id index of :mod:`claimcheck.extract.taken`, which opens
only the claims files changed since it was written, so new ids stay unique across the corpus)
and, only when a candidate carries a citation marker, the BibTeX library."""

from __future__ import annotations

import argparse
import bisect
import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from claimcheck.cite.match import Library
from claimcheck.cite.reflist import ReferenceList, reference_list
from claimcheck.cite.resolve import Resolved, citations, keys
from claimcheck.core import escape
from claimcheck.core.errors import InputError, UsageError
from claimcheck.edit.claims_file import ClaimsEditor, ClaimsFileEditor
from claimcheck.edit.claims_lines import update
from claimcheck.extract.candidates import Candidate, propose, section_kind, segment_article
from claimcheck.extract.lexicon import lexicon
from claimcheck.extract.merge import FileStyle, MergeReport, merge
from claimcheck.extract.segment import title_unit
from claimcheck.extract.substances import Registry
from claimcheck.extract.taken import taken_ids
from claimcheck.fs.locking import CACHE_FOLDER
from claimcheck.load import ARTICLE_SUFFIXES, CLAIMS_SUFFIXES
from claimcheck.load.articles import load_article
from claimcheck.load.bibliography import load_bibliography
from claimcheck.load.files import relative
from claimcheck.load.layout import article_filter, listed_articles
from claimcheck.load.project import ArticleRecord, ReferenceRecord
from claimcheck.model import Claim
from claimcheck.settings import Settings, load_settings, resolve_inside


def _inside_root(root: Path, path: Path) -> str | None:
    """``path`` relative to ``root`` (POSIX), or ``None`` when it lies outside."""
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    return None if rel == ".." or rel.startswith(".." + os.sep) else rel.replace(os.sep, "/")


def _find_article(root: Path, settings: Settings, wanted: str) -> ArticleRecord:
    """The article ``wanted`` names: its id (the file name without suffix) or its path. Which
    files are articles is :mod:`claimcheck.load.layout`'s answer, as for the check (nested folders,
    include and exclude); one that cannot be read (a FIFO, a device) is refused with its problem."""
    folder = resolve_inside(root, settings.paths.articles, "paths.articles")
    if not folder.is_dir():
        raise InputError(f"folder not found: {settings.paths.articles} (under {root})")
    if "/" in wanted or "\\" in wanted or wanted.endswith(ARTICLE_SUFFIXES):
        is_article = article_filter(settings.paths)
        given = [Path(wanted), root / wanted] if not Path(wanted).is_absolute() else [Path(wanted)]
        matches = {rel for path in given if (rel := _inside_root(root, path)) and is_article(rel)}
        found = sorted(rel for rel in matches if os.path.lexists(root / rel))
    else:
        found = [p for p in listed_articles(root, settings.paths) if PurePosixPath(p).stem == wanted]
    if not found:
        raise UsageError(f"no article {wanted!r} under {settings.paths.articles} (give its path or id)")
    if len(found) > 1:
        raise UsageError(f"several articles named {wanted!r}: {', '.join(found)} (give its path)")
    path = root / found[0]
    article, problems = load_article(root, path, settings.max_file_size, settings.max_table_cells)
    unreadable = next((p for p in problems if p.rule == "CC002"), None)
    if unreadable is not None and not article.text.strip():  # a FIFO, a device: text never read
        raise InputError(
            f"{article.path}:{unreadable.span.line}:{unreadable.span.column}: cannot extract claims: "
            f"{unreadable.message}"
        )
    return article


class LibraryOnDemand(Mapping[str, ReferenceRecord]):
    """The project's BibTeX entries, parsed when first asked for: extracting an article that
    cites nothing (or only by text the library is not needed for) never parses the library
    (1.3 s at 20,000 entries)."""

    def __init__(self, root: Path, settings: Settings) -> None:
        self._root, self._settings = root, settings
        self._entries: Mapping[str, ReferenceRecord] | None = None

    @property
    def entries(self) -> Mapping[str, ReferenceRecord]:
        if self._entries is None:
            path = resolve_inside(self._root, self._settings.paths.references, "paths.references")
            if not path.is_file():
                raise InputError(
                    f"BibTeX library not found: {relative(self._root, path)} (under {self._root})"
                )
            bibliography, _ = load_bibliography(self._root, path, self._settings.max_file_size)
            self._entries = bibliography.entries if bibliography is not None else {}
        return self._entries

    def __getitem__(self, key: str) -> ReferenceRecord:
        return self.entries[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, key: object) -> bool:
        return key in self.entries


def _header(article: ArticleRecord) -> str:
    return (
        f"Claims of {article.path}, proposed by `claimcheck extract`.\n"
        "Each claim is pending: check its quote, kind, substances and citations, add a neutral\n"
        "'statement', and record the review decision."
    )


def new_document(article: ArticleRecord) -> CommentedMap:
    document = CommentedMap()
    document["article"] = article.id
    document["claims"] = CommentedSeq()
    document.yaml_set_start_comment(_header(article))
    return document


def _citations(
    root: Path,
    settings: Settings,
    article: ArticleRecord,
    candidates: list[Candidate],
    references: ReferenceList,
) -> tuple[dict[int, list[tuple[str, str | None]]], list[str]]:
    """(key, locator) pairs per candidate (by start offset), and located warnings for the
    article's unresolved markers (:mod:`claimcheck.cite`; the check reports them as CC108).

    A candidate cites the markers inside it, up to the next candidate of its sentence (a clause
    of a compound sentence) or the sentence's end and the markers right after it (``IGF-1.^8^``);
    a candidate with none inside cites those at the end of its sentence. The library is parsed
    only when a marker asks for it (:class:`LibraryOnDemand`)."""
    found = citations(article.text, article.body_start, Library(LibraryOnDemand(root, settings)), references)
    starts = [r.cite.start for r in found]
    cited: dict[int, list[tuple[str, str | None]]] = {}
    for index, candidate in enumerate(candidates):
        sentence = candidate.sentence
        end = _after_markers(article.text, sentence.end, found, starts)
        following = candidates[index + 1] if index + 1 < len(candidates) else None
        stop = following.start if following is not None and following.sentence is sentence else end
        own = found[bisect.bisect_left(starts, candidate.start) : bisect.bisect_left(starts, stop)]
        if not own:
            own = found[bisect.bisect_left(starts, candidate.end) : bisect.bisect_left(starts, end)]
        cited[candidate.start] = keys(own)
    problems = []
    for item in found:
        if item.problem:
            line, column = article.lines.position(item.cite.start)
            problems.append(f"{article.path}:{line}:{column}: citation {item.cite.text!r}: {item.problem}")
    return cited, list(dict.fromkeys(problems))


def _after_markers(text: str, end: int, found: list[Resolved], starts: list[int]) -> int:
    """``end`` moved past the markers that follow it directly (spaces between allowed)."""
    index = bisect.bisect_left(starts, end)
    while index < len(found) and not text[end : found[index].cite.start].strip():
        end = max(end, found[index].cite.end)
        index += 1
    return end


def run(args: argparse.Namespace) -> int:
    settings = load_settings(args.root, None, args.config)
    if not args.root.is_dir():
        raise InputError(f"project root not found: {args.root}")
    article = _find_article(args.root, settings, args.article)
    lex = lexicon()
    sentences = segment_article(article.text, article.body_start, lex, article.segments)
    title = title_unit(article.text, article.title_span)
    references = reference_list(article.text, article.body_start)
    candidates = [
        c
        for c in propose(
            [title, *sentences] if title is not None else sentences,
            lex,
            registry=Registry.of(args.root, settings.packs),
        )
        if not references.holds(c.start)
    ]
    cited, problems = _citations(args.root, settings, article, candidates, references)
    prose = [
        s for s in sentences if s.role in ("paragraph", "item") and section_kind(s.block.section, lex) is None
    ]
    claims_dir = resolve_inside(args.root, settings.paths.claims, "paths.claims")
    taken = taken_ids(claims_dir, CLAIMS_SUFFIXES, args.root / CACHE_FOLDER)
    path = claims_dir / f"{article.id}.yaml"

    def change(editor: ClaimsEditor) -> MergeReport:
        declared = editor.declared("article")
        if declared is not None and declared != article.id:
            raise InputError(f"{path}: belongs to article {declared!r}, not {article.id!r}")
        claims = editor.listed
        style = FileStyle.of(claims, editor.original)
        report = merge(
            claims,
            article.text,
            article.folded,
            article.body_start,
            prose,
            candidates,
            cited,
            set(taken),  # the change may run twice (see update): each run starts from the ids in use
            style,
            article.title_span,
        )
        for index in range(len(claims) - len(report.added), len(claims)):
            Claim.model_validate(_plain(claims.node(index)))  # a bug of ours must not reach the file
        return report

    for problem in problems:
        print(f"warning: {escape.shown(str(problem))}", file=sys.stderr)
    if not args.write:
        editor = ClaimsFileEditor.new(path, new_document(article))
        report = change(editor)
        for claim_id, candidate in report.proposed.items():
            line, column = article.lines.position(candidate.start)
            print(
                escape.shown(f"{article.path}:{line}:{column}: {claim_id}: {candidate.why}"), file=sys.stderr
            )
        sys.stdout.write(editor.render())
        return 0
    # merged under the file's lock into the file as it is then: no edit saved meanwhile is lost
    report, changed = update(path, change, lambda: new_document(article), args.root)
    _summary(path, report, changed, args.root)
    return 0


def _plain(node: object) -> object:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return str(node) if isinstance(node, str) else node


def _summary(path: Path, report: MergeReport, changed: bool, root: Path) -> None:
    try:
        shown = path.relative_to(root)
    except ValueError:
        shown = path
    for claim_id in report.added:
        print(f"added: {escape.shown(claim_id)} (pending): {escape.shown(report.proposed[claim_id].why)}")
    for claim_id, score in report.reanchored:
        print(
            f"re-anchored: {escape.shown(claim_id)} (similarity {score:.0f}; review reset to pending, decision kept in history)"
        )
    for claim_id in report.stale:
        print(f"stale: {escape.shown(claim_id)} (quote no longer in the article; kept, see CC006)")
    print(
        f"{escape.shown(str(shown))}: {len(report.added)} added, {len(report.reanchored)} re-anchored, "
        f"{len(report.stale)} stale, {len(report.kept)} unchanged" + ("" if changed else " (no change)")
    )

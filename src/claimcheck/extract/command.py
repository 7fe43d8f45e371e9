"""The work of ``claimcheck extract``: propose an article's claims and merge them into its
claims file (the command line is in :mod:`claimcheck.commands.extract`)."""

from __future__ import annotations

import argparse
import bisect
import sys
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from claimcheck.cite.match import Library
from claimcheck.cite.reflist import ReferenceList, reference_list
from claimcheck.cite.resolve import Resolved, citations, keys
from claimcheck.edit.claims_file import ClaimsFileEditor
from claimcheck.errors import InputError, UsageError
from claimcheck.extract.candidates import Candidate, propose, section_kind, segment_article
from claimcheck.extract.lexicon import lexicon
from claimcheck.extract.merge import FileStyle, MergeReport, merge
from claimcheck.load import load_project
from claimcheck.model import Claim
from claimcheck.project import ArticleRecord, Project
from claimcheck.settings import load_settings, resolve_inside


def _find_article(project: Project, wanted: str) -> ArticleRecord:
    if wanted in project.articles:
        return project.articles[wanted]
    target = Path(wanted)
    for candidate in (target, project.root / target):
        try:
            resolved = candidate.resolve()
        except OSError:
            continue
        for article in project.articles.values():
            if (project.root / article.path).resolve() == resolved:
                return article
    raise UsageError(f"no article {wanted!r} under {project.settings.paths.articles} (give its path or id)")


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
    project: Project, article: ArticleRecord, candidates: list[Candidate], references: ReferenceList
) -> tuple[dict[int, list[tuple[str, str | None]]], list[str]]:
    """(key, locator) pairs per candidate (by start offset), and located warnings for the
    article's unresolved markers (:mod:`claimcheck.cite`; the check reports them as CC108).

    A candidate cites the markers inside it, up to the next candidate of its sentence (a clause
    of a compound sentence) or the sentence's end and the markers right after it (``IGF-1.^8^``);
    a candidate with none inside cites those at the end of its sentence."""
    found = citations(article.text, article.body_start, Library(project.references), references)
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
    project = load_project(args.root, settings)
    article = _find_article(project, args.article)
    lex = lexicon()
    sentences = segment_article(article.text, article.body_start, lex)
    references = reference_list(article.text, article.body_start)
    candidates = [c for c in propose(sentences, lex) if not references.holds(c.start)]
    cited, problems = _citations(project, article, candidates, references)
    prose = [
        s for s in sentences if s.role in ("paragraph", "item") and section_kind(s.block.section, lex) is None
    ]
    taken = {record.id for record in project.claims()}
    claims_dir = resolve_inside(args.root, settings.paths.claims, "paths.claims")
    path = claims_dir / f"{article.id}.yaml"
    if args.write and path.exists():
        editor = ClaimsFileEditor(path)
        declared = editor.data.get("article") if isinstance(editor.data, CommentedMap) else None
        if declared is not None and declared != article.id:
            raise InputError(f"{path}: belongs to article {declared!r}, not {article.id!r}")
    else:
        editor = ClaimsFileEditor.new(path, new_document(article))
    style = FileStyle.of(editor.claims, editor.original)
    report = merge(
        editor.claims,
        article.text,
        article.folded,
        article.body_start,
        prose,
        candidates,
        cited,
        taken,
        style,
    )
    for item in editor.claims:
        if isinstance(item, CommentedMap) and item.get("id") in report.added:
            Claim.model_validate(_plain(item))  # a bug of ours must not reach the file
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    if not args.write:
        sys.stdout.write(editor.render())
        return 0
    changed = editor.save()
    _summary(editor.path, report, changed, args.root)
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
        print(f"added: {claim_id} (pending)")
    for claim_id, score in report.reanchored:
        print(
            f"re-anchored: {claim_id} (similarity {score:.0f}; review reset to pending, decision kept in history)"
        )
    for claim_id in report.stale:
        print(f"stale: {claim_id} (quote no longer in the article; kept, see CC006)")
    print(
        f"{shown}: {len(report.added)} added, {len(report.reanchored)} re-anchored, "
        f"{len(report.stale)} stale, {len(report.kept)} unchanged" + ("" if changed else " (no change)")
    )

"""``--changed-since REV``: the files changed since a git revision, and what depends on them.

Changed means different between ``REV`` and the working tree: committed, staged, unstaged,
new (untracked, not ignored) and deleted files. What depends on a change:

- an article: the article and every claims file that names it (``article:``) or is named after it;
- a claims file: the file, the article it names now and the one it named at ``REV``;
- the BibTeX library: the library and every claims file citing an entry that was added,
  removed or edited (entries compared one by one, by key);
- the configuration or the reference lock: everything.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from claimcheck.core.errors import InputError, UsageError
from claimcheck.load.layout import article_filter, claims_filter
from claimcheck.load.project import Project
from claimcheck.load.summary import Corpus
from claimcheck.settings import CONFIG_FILE, Settings

_ENTRY = re.compile(r"^@\s*([A-Za-z]+)\s*[{(]\s*([^,\s]+)\s*,", re.MULTILINE)
_ARTICLE = re.compile(r"^article:\s*['\"]?([^'\"\s#]+)", re.MULTILINE)


def _git(root: Path, *args: str) -> bytes:
    try:
        import subprocess  # only for --changed-since: a re-check without it spares the import

        done = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except OSError as exc:
        raise InputError(f"--changed-since needs git: {exc.strerror or exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {args[0]} failed: {message[-1] if message else 'unknown error'}")
    return done.stdout


def _unknown_revision(root: Path, rev: str) -> str:
    """Why ``rev`` cannot be compared with: no repository, a shallow clone, or no such commit."""
    try:
        shallow = _git(root, "rev-parse", "--is-shallow-repository").strip() == b"true"
    except UsageError as exc:  # not a repository at all: git said why
        return f"--changed-since {rev}: {exc}"
    if shallow:
        return (
            f"--changed-since {rev}: no such commit in this shallow clone; fetch the history it needs "
            "(git fetch --deepen=50, or actions/checkout with fetch-depth: 0)"
        )
    return f"--changed-since {rev}: no such commit (a branch, tag or commit of this repository)"


def _names(output: bytes) -> set[str]:
    return {name.decode("utf-8", "surrogateescape") for name in output.split(b"\0") if name}


def changed_paths(root: Path, rev: str) -> set[str]:
    """Paths relative to ``root`` (POSIX) changed between ``rev`` and the working tree."""
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except UsageError:
        raise UsageError(_unknown_revision(root, rev)) from None
    changed = _names(_git(root, "diff", "--name-only", "-z", "--no-renames", "--relative", rev, "--", "."))
    changed |= _names(_git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", "."))
    return changed


def old_text(root: Path, rev: str, path: str) -> str | None:
    """``path`` (relative to ``root``) as it was at ``rev``; ``None`` if it did not exist."""
    try:
        return _git(root, "show", f"{rev}:./{path}").decode("utf-8", "replace")
    except UsageError:
        return None


def bib_entries(text: str) -> dict[str, str]:
    """Entry key -> hash of the entry's text (from its ``@`` to the next entry's)."""
    marks = list(_ENTRY.finditer(text))
    entries: dict[str, str] = {}
    followers: list[re.Match[str] | None] = [*marks[1:], None] if marks else []
    for mark, following in zip(marks, followers, strict=True):
        end = following.start() if following else len(text)
        body = text[mark.start() : end].strip()
        key = mark.group(2)
        previous = entries.get(key, "")
        entries[key] = hashlib.sha256((previous + body).encode()).hexdigest()
    return entries


def changed_keys(old: str | None, new: str | None) -> set[str]:
    before, after = bib_entries(old or ""), bib_entries(new or "")
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


@dataclass(frozen=True)
class Dependencies:
    """Who depends on whom, kept with the cached findings so that a replayed run can still
    work out what a change affects."""

    articles: dict[str, str]
    """Article id -> path."""
    claims: dict[str, tuple[str | None, str, int]]
    """Claims file path -> (article it names, the keys it cites, number of claims). The keys
    are sorted and joined by spaces (a key holds no white space: ``model.claims``): one string
    per file, not 400,000 in a corpus, for the cache to read back."""
    ids: dict[str, str]
    """Claims file path -> ids of its (valid) claims, joined by spaces (an id holds none:
    ``model.claims.CLAIM_ID_PATTERN``): one string per file, not 200,000 at 10,000 articles,
    for the cache to read back (0.003 s instead of 0.024 s); split only when asked."""

    @classmethod
    def of(cls, loaded: Project | Corpus) -> Dependencies:
        corpus = Corpus.of(loaded) if isinstance(loaded, Project) else loaded
        articles = {a.id: a.path for a in corpus.articles.values()}
        claims = {f.path: (f.article_id, f.cited, len(f.ids)) for f in corpus.claims_files}
        ids = {f.path: " ".join(f.ids) for f in corpus.claims_files}
        return cls(articles, claims, ids)

    def ids_of(self, path: str) -> list[str]:
        """The claim ids of the claims file ``path`` (none if it is not known)."""
        return self.ids.get(path, "").split()

    def any_id_elsewhere(self, ids: set[str], paths: set[str]) -> bool:
        """Whether one of ``ids`` is the id of a claim in a claims file not in ``paths``:
        searched in the joined ids of those files, one string, rather than split per file."""
        if not ids:
            return False
        joined = f" {' '.join(v for p, v in self.ids.items() if p not in paths)} "
        return any(f" {claim_id} " in joined for claim_id in ids)

    def cited(self, path: str) -> list[str]:
        """The keys the claims file ``path`` cites (none if it is not known)."""
        known = self.claims.get(path)
        return known[1].split() if known is not None else []


@dataclass(frozen=True)
class Affected:
    """The files whose findings a ``--changed-since`` run reports (``paths`` None: all)."""

    paths: frozenset[str] | None
    changed: frozenset[str]

    def covers(self, path: str) -> bool:
        return self.paths is None or path in self.paths


def _norm(path: str) -> str:
    return PurePosixPath(path).as_posix()


def _unit_files(
    deps: Dependencies, settings: Settings, changed: set[str], named_before: Callable[[str], str | None]
) -> set[str]:
    """``changed`` and the articles and claims files of their units: an article's claims files
    (naming it or named after it), a claims file's article (now, and ``named_before``)."""
    is_article, is_claims = article_filter(settings.paths), claims_filter(settings.paths)
    out = set(changed)
    for path in changed:
        pure = PurePosixPath(path)
        if is_article(path):
            out.update(
                p for p, (named, _, _) in deps.claims.items() if pure.stem in (named, PurePosixPath(p).stem)
            )
        elif is_claims(path):
            names = {pure.stem}
            if path in deps.claims and deps.claims[path][0]:
                names.add(str(deps.claims[path][0]))
            before = named_before(path)
            if before:
                names.add(before)
            out.update(deps.articles[name] for name in names if name in deps.articles)
    return out


def given(deps: Dependencies, settings: Settings, paths: set[str], folders: set[str]) -> Affected:
    """The files whose findings ``claimcheck check PATH...`` reports: the files given, those in
    the ``folders`` given (relative, POSIX; ``.`` the root), and their units' files. The
    configuration or the lock given: everything."""
    if paths & {CONFIG_FILE, "pyproject.toml", _norm(settings.paths.lock)} or "." in folders:
        return Affected(None, frozenset(paths))
    known = {*deps.articles.values(), *deps.claims, _norm(settings.paths.references)}
    inside = {p for p in known for folder in folders if p.startswith(folder + "/")}
    return Affected(frozenset(_unit_files(deps, settings, paths | inside, lambda _: None)), frozenset(paths))


def affected(deps: Dependencies, root: Path, settings: Settings, rev: str) -> Affected:
    paths = settings.paths
    changed = changed_paths(root, rev)
    everything = {CONFIG_FILE, "pyproject.toml", _norm(paths.lock)}
    if settings.judgment.model:  # a learned model judges every article
        everything.add(_norm(settings.judgment.model))
    if changed & everything:
        return Affected(None, frozenset(changed))
    references = _norm(paths.references)

    def named_before(path: str) -> str | None:
        before = old_text(root, rev, path)
        match = _ARTICLE.search(before) if before else None
        return match.group(1) if match else None

    out = _unit_files(deps, settings, changed, named_before)
    if references in changed:
        current = root / references
        text = current.read_text(encoding="utf-8", errors="replace") if current.is_file() else None
        keys = changed_keys(old_text(root, rev, references), text)
        out.update(p for p, (_, cited, _) in deps.claims.items() if keys.intersection(cited.split()))
    return Affected(frozenset(out), frozenset(changed))

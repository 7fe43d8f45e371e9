"""Re-check only what a change touches, when every active rule is unit-scoped.

The units touched are those of the changed articles and claims files (a claims file belongs
to the unit it is named after and to the one it names, before and after the change) and,
for an edited BibTeX library, those of the claims citing an entry that was added, removed or
edited. They are closed over (a claims file pulls in the article it names, an article every
claims file naming it), loaded, checked with the whole library, and their findings replace
the cached findings of the same files. Everything else is the cached run's.

It gives up (``None``: the caller checks everything) when a rule is not unit-scoped, when a
touched claim id also occurs in an untouched file, when the library is gone, or when the
change is large enough that a full check costs about the same.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from claimcheck.cache.inputs import InputState, is_content
from claimcheck.cache.store import MISSING, Entry, bib_entries_of
from claimcheck.load.articles import load_article
from claimcheck.load.bibliography import load_bibliography
from claimcheck.load.bulk import paused_gc
from claimcheck.load.claims import load_claims_file
from claimcheck.load.project import ArticleRecord, ClaimsFileRecord, Problem, Project
from claimcheck.rules import LIBRARY_RULES
from claimcheck.run.changes import Dependencies
from claimcheck.run.engine import Inventory, active_rules, check
from claimcheck.run.stored import StoredFindings
from claimcheck.settings import Settings

LARGE = 0.2
"""Above this share of the files touched, a full check is about as fast."""


def _stem(path: str) -> str:
    name = path.rpartition("/")[2]
    return name.rpartition(".")[0] if "." in name.lstrip(".") else name


def recheck(entry: Entry, root: Path, settings: Settings, state: InputState) -> Entry | None:
    scopes = {rule.scope for rule in active_rules(settings)}
    if not scopes <= {"unit", "unit+library", "library+citations"}:
        return None
    if scopes & {"unit+library", "library+citations"}:  # findings that change with any entry
        bib_path = PurePosixPath(settings.paths.references).as_posix()
        if state.hashes.get(bib_path) != entry.files.get(bib_path):
            return None
    with paused_gc():
        updated = _recheck(entry, root, settings, state)
    if updated is not None and "library+citations" in scopes and _cited_changed(entry.deps, updated):
        return None  # a key is cited now that was not, or no longer: such findings may change
    return updated


def _cited_changed(before: Dependencies, updated: Entry) -> bool:
    """Whether the set of keys cited anywhere in the corpus changed. Only the files re-read can
    have changed it (those deleted included), and only with a key they cite now and did not
    before, or the other way round, that no other file cites."""
    after = updated.deps
    files = updated.read | (before.claims.keys() - after.claims.keys())

    def cited(deps: Dependencies, paths: Iterable[str]) -> set[str]:
        return {key for path in paths for key in deps.cited(path)}

    changed = cited(before, files) ^ cited(after, files)
    if not changed:
        return False
    elsewhere = cited(after, (p for p in after.claims if p not in files))
    return any(key not in elsewhere for key in changed)


def _recheck(entry: Entry, root: Path, settings: Settings, state: InputState) -> Entry | None:
    paths, deps, limit, hashes = settings.paths, entry.deps, settings.max_file_size, state.hashes
    bib_path = PurePosixPath(paths.references).as_posix()
    if bib_path not in hashes:
        return None
    last = entry.files
    changed = {p for p, h in hashes.items() if last.get(p) != h} | (last.keys() - hashes.keys())
    if not all(map(is_content(settings), changed)):
        return None
    now_articles, now_claims = state.content(settings)
    articles: dict[str, tuple[ArticleRecord, list[Problem]]] = {}
    claims: dict[str, tuple[ClaimsFileRecord, list[Problem]]] = {}

    def named(path: str) -> str | None:
        if path in claims:
            return claims[path][0].article_id
        return deps.claims[path][0] if path in deps.claims else None

    units: set[str] = set()
    for path in changed - {bib_path}:
        units.add(_stem(path))
        before = deps.claims.get(path)
        if before is not None and before[0]:
            units.add(before[0])
    bib_changed = bib_path in changed
    new_bib_entries = bib_entries_of(root, settings) if bib_changed else entry.bib_entries
    if bib_changed:
        old = entry.bib_entries
        keys = {k for k in old.keys() | new_bib_entries.keys() if old.get(k) != new_bib_entries.get(k)}
        for path, (article, cited, _) in deps.claims.items():
            if keys.intersection(cited.split()):
                units.update(u for u in (_stem(path), article) if u)
    budget = max(50, int(LARGE * (len(now_articles) + len(now_claims))))
    while True:
        unit_articles = [p for p in now_articles if _stem(p) in units]
        unit_claims = [p for p in now_claims if _stem(p) in units or named(p) in units]
        if len(unit_articles) + len(unit_claims) > budget:
            return None
        for path in unit_articles:
            if path not in articles:
                articles[path] = load_article(root, root / path, limit, settings.max_table_cells)
        for path in unit_claims:
            if path not in claims:
                claims[path] = load_claims_file(root, root / path, limit)
        grown = units | {_stem(p) for p in unit_claims} | {n for p in unit_claims if (n := named(p))}
        if grown == units:
            break
        units = grown

    deleted = {p for p in changed if p not in hashes}
    replaced = set(unit_articles) | set(unit_claims) | deleted | ({bib_path} if bib_changed else set())
    touched_ids = {i for p in replaced for i in deps.ids_of(p)}
    touched_ids.update(record.id for path in unit_claims for record in claims[path][0].claims)
    if deps.any_id_elsewhere(touched_ids, replaced):
        return None

    project = Project(root=root, settings=settings)
    for path in unit_articles:
        record, problems = articles[path]
        project.articles[record.id] = record
        project.problems.extend(problems)
    for path in unit_claims:
        claims_file, problems = claims[path]
        project.claim_files.append(claims_file)
        project.problems.extend(problems)
    cached_library = MISSING if bib_changed else entry.library()
    if cached_library is MISSING:
        if not bib_changed:
            return None  # the parsed library is not in the cache
        project.bibliography, problems = load_bibliography(root, root / bib_path, limit)
        project.problems.extend(problems)
    else:
        project.bibliography = cached_library  # type: ignore[assignment]
    # With the library unchanged, its findings are all kept from the cache: skip its rules.
    partial = check(project, settings, skip=frozenset() if bib_changed else LIBRARY_RULES)

    kept = entry.result.stored.without(replaced)
    fresh = StoredFindings.of(f for f in partial.findings if f.path in replaced)
    deps = _merged(deps, Dependencies.of(project), replaced)
    bib = project.bibliography
    files = {*deps.articles.values(), *deps.claims, *([bib.path] if bib else [])}
    inventory = Inventory(
        articles=len(deps.articles),
        claims=sum(count for _, _, count in deps.claims.values()),
        references=len(bib.entries) if bib else 0,
        files=tuple(sorted(files)),
    )
    result = dataclasses.replace(
        entry.result, rules=partial.rules, found=kept.merged(fresh), known_inventory=inventory
    )
    read = frozenset([*unit_articles, *unit_claims, bib_path])
    return Entry(
        entry.base, hashes, result, deps, new_bib_entries, lambda: bib, entry.deps_id, read, entry.stored
    )


def _merged(old: Dependencies, new: Dependencies, replaced: set[str]) -> Dependencies:
    articles = {i: p for i, p in old.articles.items() if p not in replaced}
    articles.update(new.articles)
    claims = {p: v for p, v in old.claims.items() if p not in replaced}
    claims.update(new.claims)
    ids = {p: v for p, v in old.ids.items() if p not in replaced}
    ids.update(new.ids)
    return Dependencies(articles, claims, ids)  # looked up, never walked in order: not sorted

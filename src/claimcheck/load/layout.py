"""Which files of a project are articles: every ``.md`` file in the articles folder or a folder
below it (``articles/2026/x.md``) that ``paths.include`` takes and ``paths.exclude`` does not
(``README.md`` is not an article by default). Patterns are ``.gitignore`` patterns relative to
the articles folder, matched with :mod:`pathspec` (the library black and mypy use for theirs).
Claims files sit directly in the claims folder, named after their article.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from claimcheck.fs.safe_paths import utf8_name
from claimcheck.settings import Paths

if TYPE_CHECKING:  # pathspec is imported only for patterns other than the defaults
    import pathspec

ARTICLE_SUFFIXES = (".md",)
CLAIMS_SUFFIXES = (".yaml", ".yml")


Matcher = Callable[[str], bool]


@lru_cache(maxsize=32)
def _matcher(patterns: tuple[str, ...]) -> Matcher:
    """Whether a path matches ``patterns`` (.gitignore semantics, by :mod:`pathspec`). Patterns
    without a negation ('!') are joined into one regular expression, matched once per path:
    the check asks of every file of a 10,000-article corpus on every run, and asking pathspec
    cost 60 ms there."""
    if not patterns:
        return lambda _: False
    if patterns == ("README.md",):  # the default exclusion, as pathspec reads it, in one test
        return lambda path: path == "README.md" or path.endswith("/README.md")
    import pathspec  # 0.02 s of every check: not imported for the default patterns

    spec = pathspec.PathSpec.from_lines("gitignore", patterns)
    joined = joined_pattern(spec)
    if joined is None:  # a negation: pathspec weighs the patterns in order
        return spec.match_file
    return lambda path: joined.match(path) is not None


def joined_pattern(spec: pathspec.PathSpec[Any]) -> re.Pattern[str] | None:
    """One regular expression matching what any pattern of ``spec`` matches; ``None`` when a
    pattern is a negation (or none is left)."""
    active: list[Any] = [p for p in spec.patterns if p.include is not None]
    if not active or not all(p.include and p.regex is not None for p in active):
        return None
    return re.compile("|".join(f"(?:{p.regex.pattern})" for p in active))


def article_filter(paths: Paths) -> Callable[[str], bool]:
    """Whether a path relative to the project root (POSIX) is an article."""
    prefix = PurePosixPath(paths.articles).as_posix() + "/"
    start = len(prefix)
    default = list(paths.include) == ["*.md"]  # every article: no matcher asked (nor pathspec imported)
    include = _matcher(()) if default else _matcher(tuple(paths.include))
    exclude = _matcher(tuple(paths.exclude))

    def is_article(path: str) -> bool:
        if not path.startswith(prefix) or not path.endswith(ARTICLE_SUFFIXES):
            return False
        inner = path[start:]
        if "/." in "/" + inner:  # hidden files and folders are never read
            return False
        return (default or include(inner)) and not exclude(inner)

    return is_article


def listed_articles(root: Path, paths: Paths) -> list[str]:
    """The articles of the project at ``root`` (relative, POSIX), sorted; hidden folders and
    symbolic links to folders are not entered."""
    base = PurePosixPath(paths.articles).as_posix()
    is_article = article_filter(paths)
    found: list[str] = []
    for folder, subfolders, files in os.walk(root / base):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        inner = os.path.relpath(folder, root / base).replace(os.sep, "/")
        prefix = base + "/" if inner == "." else f"{base}/{inner}/"
        found.extend(p for name in files if utf8_name(name) and is_article(p := prefix + name))
    return sorted(found)


def claims_filter(paths: Paths) -> Callable[[str], bool]:
    """Whether a path relative to the project root (POSIX) is a claims file."""
    prefix = PurePosixPath(paths.claims).as_posix() + "/"
    start = len(prefix)

    def is_claims(path: str) -> bool:
        return (
            path.startswith(prefix)
            and path.endswith(CLAIMS_SUFFIXES)
            and path.find("/", start) < 0
            and not path.startswith(".", start)
        )

    return is_claims

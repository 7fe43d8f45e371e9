"""The package's shape: layers imported downward only, no import circles, small modules, and
docs/architecture.md drawing every folder there is.

The layers are import-linter's contract in pyproject.toml ([tool.importlinter]); the tests that
break it run the same contract on a copy of the package with one bad import added.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp

from tests.conftest import REPO

PACKAGE = REPO / "src" / "claimcheck"
MAX_LINES = 400

LINT = (
    "import sys\n"
    "from importlinter.cli import lint_imports\n"
    "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True, no_logo=True))\n"
)


def _lint(cwd: Path, source: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = str(source)  # before the installed (editable) package
    return subprocess.run(
        [sys.executable, "-c", LINT], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_the_import_contracts_hold() -> None:
    done = _lint(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: 2 kept, 0 broken." in done.stdout


def _copy_with(tmp_path: Path, changes: dict[str, str]) -> Path:
    """A copy of the package (and of pyproject.toml) with lines appended to some modules."""
    source = tmp_path / "src"
    shutil.copytree(PACKAGE, source / "claimcheck", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    for module, line in changes.items():
        with (source / "claimcheck" / module).open("a", encoding="utf-8") as handle:
            handle.write(f"\n{line}\n")
    return source


def test_an_import_that_goes_up_a_layer_breaks_the_contract(tmp_path: Path) -> None:
    source = _copy_with(tmp_path, {"core/location.py": "from claimcheck.rules import RULES  # noqa"})
    done = _lint(tmp_path, source)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Each folder imports only the folders below it BROKEN" in done.stdout
    assert "claimcheck.core.location -> claimcheck.rules" in done.stdout


def test_an_import_between_independent_siblings_breaks_the_contract(tmp_path: Path) -> None:
    source = _copy_with(tmp_path, {"export/markdown.py": "import claimcheck.review.queue  # noqa"})
    done = _lint(tmp_path, source)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "claimcheck.export.markdown -> claimcheck.review.queue" in done.stdout


def test_a_circle_between_two_modules_breaks_the_contract(tmp_path: Path) -> None:
    source = _copy_with(
        tmp_path,
        {
            "core/errors.py": "import claimcheck.core.location  # noqa",
            "core/location.py": "import claimcheck.core.errors  # noqa",
        },
    )
    done = _lint(tmp_path, source)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "No cycles are allowed in claimcheck.core." in done.stdout


def _circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph.modules):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_no_module_is_in_an_import_circle() -> None:
    """Stricter than the contract: a package's ``__init__`` and its own modules count too, and
    an import inside a function is an import."""
    assert _circles(grimp.build_graph("claimcheck", cache_dir=None)) == []


def test_the_circle_finder_finds_a_circle(tmp_path: Path) -> None:
    package = tmp_path / "circled"
    package.mkdir()
    (package / "__init__.py").write_text("from circled import a\n")
    (package / "a.py").write_text("def f() -> None:\n    from circled import b\n")
    (package / "b.py").write_text("import circled\n")
    (package / "c.py").write_text("import circled.a\n")
    sys.path.insert(0, str(tmp_path))
    try:
        graph = grimp.build_graph("circled", cache_dir=None)
    finally:
        sys.path.remove(str(tmp_path))
    assert _circles(graph) == [["circled", "circled.a", "circled.b"]]


def _lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


def test_no_module_is_over_400_lines() -> None:
    sizes = {p.relative_to(PACKAGE).as_posix(): _lines(p) for p in PACKAGE.rglob("*.py")}
    assert sizes and {p: n for p, n in sizes.items() if n > MAX_LINES} == {}


_TREE_LINE = re.compile(r"^  (?P<name>[a-z_]+(?:\.py|/))\s")


def _drawn() -> list[str]:
    """The names docs/architecture.md's package tree draws at the top level, in its order
    (folders end in '/')."""
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    tree = text.split("```\nsrc/claimcheck/\n", 1)[1].split("```", 1)[0]
    return [m["name"] for m in map(_TREE_LINE.match, tree.splitlines()) if m]


def _layers() -> list[str]:
    """The contract's layers, top first, siblings in their order."""
    with (REPO / "pyproject.toml").open("rb") as handle:
        config = tomllib.load(handle)["tool"]["importlinter"]["contracts"]
    layers = next(c for c in config if c["id"] == "layers")["layers"]
    return [name.strip() for layer in layers for name in layer.split("|")]


def test_the_architecture_document_draws_every_folder_and_root_module_in_layer_order() -> None:
    present = {p.name + "/" for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    present |= {p.name for p in PACKAGE.glob("*.py")}
    drawn = _drawn()
    assert sorted(drawn) == sorted(present)
    assert [
        name.removesuffix(".py").removesuffix("/") for name in drawn if name != "__init__.py"
    ] == _layers()

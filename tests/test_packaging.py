"""The distribution: the wheel built from this tree installs into a clean environment and its
``claimcheck`` checks the shipped content; no instruction anywhere installs ``claimcheck`` from
PyPI, which is another project ("Domain-tuned retrieval + zero-LLM claim verification").

Offline: the wheel is built with hatchling (a test dependency) without build isolation, and
installed with ``--no-deps --no-index`` into a new virtual environment that sees the suite's
own site-packages (for the dependencies) through a ``.pth`` file, not its editable install.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from claimcheck import __version__
from claimcheck.commands.init import DEFAULT_INSTALL, DISTRIBUTION
from tests.conftest import REPO

pytestmark = pytest.mark.packaging


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def test_the_wheel_installs_and_checks_the_shipped_content(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    build = [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(dist)]
    done = subprocess.run(build, cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    (wheel,) = dist.glob("*.whl")
    assert wheel.name == f"claimcheck_health-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = archive.read(f"claimcheck_health-{__version__}.dist-info/METADATA").decode()
        scripts = archive.read(f"claimcheck_health-{__version__}.dist-info/entry_points.txt").decode()
    assert f"Name: {DISTRIBUTION}\n" in metadata
    assert "claimcheck = claimcheck.cli:entry" in scripts
    assert "claimcheck/commands/templates/github-workflow.yml" in names
    assert "claimcheck/rules/examples/CC008.yaml" in names
    for asset in ("templates/article.html.j2", "static/app.js", "static/app.css"):
        assert f"claimcheck/serve/{asset}" in names  # the review app's pages and files
    for model in ("promotes.json", "absolute.json", "harms.json", "benefit.json", "content.stack"):
        assert f"claimcheck/scoring/models/{model}" in names  # the content rules' scorers

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = _venv_python(venv)
    target = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    suite = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(target) / "suite-dependencies.pth").write_text("\n".join(sorted(suite)) + "\n", encoding="utf-8")
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q"]
    done = subprocess.run([*install, "--no-deps", "--no-index", str(wheel)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr

    where = subprocess.run(
        [str(python), "-c", "import claimcheck; print(claimcheck.__file__)"], capture_output=True, text=True
    )
    assert Path(where.stdout.strip()).is_relative_to(Path(target)), "the installed wheel, not this tree"

    content = tmp_path / "content-repo"
    shutil.copytree(REPO / "content", content / "content")
    shutil.copy(REPO / "references.bib", content / "references.bib")
    command = venv / ("Scripts/claimcheck.exe" if sys.platform == "win32" else "bin/claimcheck")
    checked = subprocess.run(
        [str(command), "check", "--no-cache"], cwd=content, capture_output=True, text=True
    )
    assert checked.returncode == 1, checked.stderr  # the seed articles have real problems
    assert checked.stderr == ""
    last = checked.stdout.splitlines()[-1]
    assert re.fullmatch(
        r"claimcheck: failed: \d+ errors, \d+ warnings, \d+ infos \(2 articles, \d+ claims, 8 references checked\)",
        last,
    ), last
    version = subprocess.run([str(command), "--version"], capture_output=True, text=True)
    assert version.stdout == f"claimcheck {__version__}\n"


INSTRUCTIONS = [
    "README.md",
    "docs/**/*.md",
    "examples/**/*",
    "src/claimcheck/commands/templates/**/*",
    ".pre-commit-hooks.yaml",
    "noxfile.py",
    ".ci/*",
]
_PIP = re.compile(r"\b(?:pip3?|python3?\s+-m\s+pip)\s+(?:install|download)\b(?P<rest>[^\n#]*)")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*")


def _requirements(rest: str) -> list[str]:
    """The requirement names on a ``pip install`` line (options, paths and URLs left out)."""
    try:
        words = shlex.split(rest.replace("`", " "))
    except ValueError:
        words = rest.split()
    names = []
    for word in words:
        if word.startswith(("-", ".", "/", "~", "$", "<", "git+", "http")) or word in ("&&", ";", "|"):
            continue
        found = _NAME.match(word)
        if found:
            names.append(re.sub(r"[-_.]+", "-", found.group(0)).lower())
    return names


def _instruction_lines() -> list[tuple[str, int, str]]:
    found = []
    for pattern in INSTRUCTIONS:
        for path in sorted(REPO.glob(pattern)):
            if not path.is_file():
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            for number, line in enumerate(text.splitlines(), 1):
                match = _PIP.search(line)
                if match:
                    found.append((path.relative_to(REPO).as_posix(), number, match["rest"]))
    return found


def test_no_instruction_installs_the_unrelated_claimcheck_package() -> None:
    lines = _instruction_lines()
    assert any(file == "examples/github-workflow.yml" for file, _, _ in lines), "the scan finds nothing"
    offending = [f"{file}:{number}" for file, number, rest in lines if "claimcheck" in _requirements(rest)]
    assert offending == []
    installs = [rest for _, _, rest in lines if DISTRIBUTION in _requirements(rest)]
    assert installs, f"some instruction installs {DISTRIBUTION}"


def test_the_scan_would_see_the_unrelated_package() -> None:
    assert _requirements(" claimcheck") == ["claimcheck"]
    assert _requirements(' "claimcheck==0.1.0"') == ["claimcheck"]
    assert _requirements(" -q claimcheck[extra]") == ["claimcheck"]
    assert _requirements(f' "{DEFAULT_INSTALL}"') == [DISTRIBUTION]
    assert _requirements(" -e '.[dev]' git+https://example.org/x@v1") == []

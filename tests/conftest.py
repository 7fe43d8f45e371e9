"""Shared helpers: build a project in a temporary folder, run the CLI in-process."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from claimcheck.cli import main
from claimcheck.rules.examples import base_files

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "build" / "screenshots"
"""Where the browser tests save their screenshots (``build/`` is ignored by git)."""
SHARED = REPO.parent / "shared"


def load_script(relative: str) -> Any:
    """A script of the repository (``benchmarks/``, ``scripts/``: not packages) as a module,
    named by its file's stem, loaded once per test process."""
    path = REPO / relative
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(path.stem, module)
    spec.loader.exec_module(module)
    return module


def corpus_generator() -> Any:
    """``benchmarks/gen_corpus.py`` as a module: the deterministic corpus the benchmark checks,
    for tests that need many units."""
    return load_script("benchmarks/gen_corpus.py")


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    def run(*args: str | Path) -> Run:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """A copy of the shipped content (articles, claims, references.bib)."""
    root = tmp_path / "shipped"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "references.bib", root / "references.bib")
    return root


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """A copy of the rule examples' clean base project, with some files replaced (None deletes)."""

    def make(files: dict[str, str | None] | None = None, base: bool = True) -> Path:
        root = tmp_path / "project"
        content = dict(base_files()) if base else {}
        for path, text in (files or {}).items():
            if text is None:
                content.pop(path, None)
            else:
                content[path] = text
        for path, text in content.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        for folder in ("content/articles", "content/claims"):
            (root / folder).mkdir(parents=True, exist_ok=True)
        return root

    return make


# --- headless Chromium (Debian's chromium + chromium-driver, .ci/install-browser) ---------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium: run .ci/install-browser"
)


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # never let selenium-manager reach the network
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()

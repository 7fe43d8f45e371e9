"""A streamed check (units through worker processes, summaries in the main process) gives the
same findings and report as a serial check of the loaded project."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import corpus_generator

import claimcheck.load as load
import claimcheck.run.stream as stream
from claimcheck.load.summary import ClaimsFileSummary
from claimcheck.rules import RULES
from claimcheck.rules.examples import Example, examples
from claimcheck.settings import load_settings

REPO = Path(__file__).resolve().parent.parent.parent
Run = Any


def _generate(root: Path) -> None:
    module = corpus_generator()
    module.generate(root, articles=40, claims=400, references=80, seed=3)
    claims = root / "content" / "claims"
    broken = claims / "article-00001.yaml"  # a syntax error
    broken.write_text(broken.read_text(encoding="utf-8").replace("claims:", "claims: ["), "utf-8")
    # a claims file naming an article of another stem (in another chunk): its quotes are then
    # looked for in the main process, with that article read again
    elsewhere = claims / "article-00005.yaml"
    elsewhere.write_text(
        elsewhere.read_text(encoding="utf-8").replace("article: article-00005", "article: article-00031"),
        "utf-8",
    )
    promoting = root / "content" / "articles" / "article-00002.md"  # content rules, in the workers
    promoting.write_text(
        promoting.read_text(encoding="utf-8")
        + "\nIpamorelin offers a revolutionary approach to reclaim your vitality. Book your consultation today.\n"
        # a suppression with nothing to suppress (CC008): a sentence no content rule flags, so that
        # CC008 does not hang on where the promotion scorer's threshold lies
        + "<!-- claimcheck-disable-next-line CC301: quoted to criticise -->\n"
        + "Water boils at 100 degrees Celsius at sea level.\n",
        "utf-8",
    )
    # a claim id used in two files (CC003 locates the first in a file read again), approved
    # (CC501, located in the main process)
    second = claims / "article-00003.yaml"
    text = second.read_text(encoding="utf-8")
    first_id = text.split("  - id: ", 2)[1].split("\n", 1)[0]
    other = claims / "article-00004.yaml"
    other_text = other.read_text(encoding="utf-8")
    their_id = other_text.split("  - id: ", 2)[1].split("\n", 1)[0]
    other.write_text(other_text.replace(f"  - id: {their_id}\n", f"  - id: {first_id}\n", 1), "utf-8")
    second.write_text(text.replace("status: pending", "status: approved"), "utf-8")


def _pooled(monkeypatch: pytest.MonkeyPatch, chunk: int = 7) -> None:
    monkeypatch.setattr(stream, "PARALLEL_FROM", 2)
    monkeypatch.setattr(stream, "CHUNK", chunk)


@pytest.mark.parametrize("fmt", ["json", "sarif", "text"])
def test_streamed_and_serial_reports_are_identical(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    _generate(tmp_path)
    _pooled(monkeypatch)
    serial = cli("check", "--root", tmp_path, "--no-cache", "--jobs", "1", "--format", fmt)
    pooled = cli("check", "--root", tmp_path, "--no-cache", "--jobs", "2", "--format", fmt)
    assert serial.code == pooled.code == 1
    assert pooled.out == serial.out
    for rule in ("CC002", "CC003", "CC006", "CC008", "CC101", "CC102", "CC107", "CC301", "CC302", "CC501"):
        assert rule in serial.out, rule


def test_changed_since_streamed_and_serial_report_the_same(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    _generate(tmp_path)
    _pooled(monkeypatch)
    git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run([*git, "add", "-A"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "corpus"], cwd=tmp_path, check=True)
    article = tmp_path / "content" / "articles" / "article-00004.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nA miracle cure.\n", "utf-8")
    since = ("check", "--root", tmp_path, "--no-cache", "--changed-since", "HEAD", "--format", "json")
    serial = cli(*since, "--jobs", "1")
    pooled = cli(*since, "--jobs", "2")
    assert serial.out == pooled.out and "article-00004" in serial.out and "article-00010" not in serial.out


def test_a_partial_recheck_after_a_streamed_check_reports_as_a_cold_one(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache kept by a streamed check (findings, dependencies, library) serves a partial
    re-check that reports what a cold serial check reports."""
    _generate(tmp_path)
    _pooled(monkeypatch)
    cache = tmp_path.parent / f"{tmp_path.name}-cache"
    cached = ("check", "--root", tmp_path, "--cache-dir", cache, "--format", "json", "--jobs", "2")
    first = cli(*cached)
    article = tmp_path / "content" / "articles" / "article-00004.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text[: len(text) // 2] + "\n", "utf-8")  # quotes of its claims are gone
    partial = cli(*cached)
    cold = cli("check", "--root", tmp_path, "--no-cache", "--format", "json", "--jobs", "1")
    assert partial.out == cold.out and partial.out != first.out


def test_the_main_process_keeps_summaries_not_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _generate(tmp_path)
    _pooled(monkeypatch)
    settings = load_settings(tmp_path)
    streamed = stream.full_check(tmp_path, settings, jobs=2)
    serial = stream.full_check(tmp_path, settings, jobs=1)
    assert streamed.result.findings == serial.result.findings
    assert not streamed.result.project.articles and not streamed.result.project.claim_files
    assert streamed.result.project.problems == serial.result.project.problems
    assert streamed.result.inventory == serial.result.inventory
    assert streamed.dependencies == serial.dependencies
    assert any(f.rule == "CC006" and f.path.endswith("article-00005.yaml") for f in streamed.result.findings)
    assert streamed.bibliography is not None and serial.bibliography is not None
    assert streamed.bibliography.rankings == serial.bibliography.rankings  # all of them, for the cache
    kept = stream.full_check(tmp_path, settings, jobs=2, keep=True)  # a command that shows the files
    assert kept.result.findings == serial.result.findings
    theirs = serial.result.project
    assert list(kept.result.project.articles) == list(theirs.articles)
    for mine, other in zip(kept.result.project.claim_files, theirs.claim_files, strict=True):
        assert ClaimsFileSummary.of(mine) == ClaimsFileSummary.of(other)
        assert [(r.index, r.claim) for r in mine.claims] == [(r.index, r.claim) for r in other.claims]


def test_spawned_workers_parse_the_library_themselves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers that do not inherit the main process's library (another start method than
    fork) read it once each, and find the same."""
    import multiprocessing

    _generate(tmp_path)
    _pooled(monkeypatch, chunk=20)
    monkeypatch.setattr(load, "get_context", lambda method: multiprocessing.get_context("spawn"))
    settings = load_settings(tmp_path)
    spawned = stream.full_check(tmp_path, settings, jobs=2)
    assert spawned.result.findings == stream.full_check(tmp_path, settings, jobs=1).result.findings


def test_a_worker_frees_each_chunk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The collector is paused in a worker; a chunk's records hold reference cycles (a claims
    file and its claims), and are collected after the chunk, else a worker keeps the corpus."""
    import gc
    import weakref

    from claimcheck.load.project import ClaimsFileRecord

    _generate(tmp_path)
    made: list[weakref.ref[ClaimsFileRecord]] = []
    real = load.load_with_payload

    def recorded(*args: Any) -> Any:
        loaded = real(*args)
        if isinstance(loaded[0], ClaimsFileRecord):
            made.append(weakref.ref(loaded[0]))
        return loaded

    monkeypatch.setattr(load, "load_with_payload", recorded)
    monkeypatch.setattr(stream, "_LIBRARY", [])
    settings = load_settings(tmp_path)
    rule_ids = tuple(r.id for r in RULES if r.granularity != "project")
    bib = tmp_path / "references.bib"
    tasks = load.units([("claims", p) for p in sorted((tmp_path / "content" / "claims").glob("*.yaml"))])[0]

    class Paused:
        @staticmethod
        def collect(generation: int) -> int:
            return 0

    was = gc.isenabled()
    gc.disable()
    try:
        monkeypatch.setattr(stream, "gc", Paused)
        stream._check_chunk(tmp_path, bib, tasks, settings, rule_ids, False)
        assert made and all(ref() is not None for ref in made)  # not collected: kept
        made.clear()
        monkeypatch.setattr(stream, "gc", gc)
        stream._check_chunk(tmp_path, bib, tasks, settings, rule_ids, False)
        assert made and all(ref() is None for ref in made)
    finally:
        if was:
            gc.enable()


def test_articles_checked_while_the_library_is_parsed_give_the_same_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A helper process checks the first units' articles while the main process parses the
    library; the pool's workers load those articles again for the unit rules only."""
    import time

    _generate(tmp_path)
    _pooled(monkeypatch)
    monkeypatch.setattr(stream, "EARLY_PART", 3)
    parse = stream.load_bibliography

    def slow_parse(*args: Any) -> Any:
        time.sleep(2)  # the helper has checked every article it was given by then
        return parse(*args)

    monkeypatch.setattr(stream, "load_bibliography", slow_parse)
    kinds: list[str] = []
    chunks = load.chunks

    def recorded(units: list[list[load.Task]], size: int) -> Any:
        kinds.extend(kind for unit in units for _, kind, _ in unit)
        return chunks(units, size)

    monkeypatch.setattr(load, "chunks", recorded)
    settings = load_settings(tmp_path)
    pooled = stream.full_check(tmp_path, settings, jobs=2)
    assert kinds.count(stream.KNOWN) == 40 // stream.EARLY_SHARE  # the first third of the units
    serial = stream.full_check(tmp_path, settings, jobs=1)
    assert pooled.result.findings == serial.result.findings
    assert pooled.dependencies == serial.dependencies


ALL = [example for rule in RULES for example in examples(rule.id)]


@pytest.mark.parametrize("example", ALL, ids=lambda e: f"{e.rule}-{e.outcome}-{e.name}")
def test_every_rule_example_streamed_gives_the_serial_findings(
    example: Example, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each unit its own chunk: every claims file naming an article of another unit is left
    over to the main process, every corpus-wide finding located in a file read again."""
    example.write(tmp_path)
    _pooled(monkeypatch, chunk=1)
    monkeypatch.setattr(stream, "PARALLEL_FROM", 1)
    settings = load_settings(tmp_path)
    streamed = stream.full_check(tmp_path, settings, jobs=2)
    serial = stream.full_check(tmp_path, settings, jobs=1)
    assert streamed.result.findings == serial.result.findings
    assert streamed.dependencies == serial.dependencies

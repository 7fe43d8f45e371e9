"""Loading in a process pool gives the same report as loading in one process."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import claimcheck.load as load

REPO = Path(__file__).resolve().parent.parent.parent
Run = Any


def _generate(root: Path) -> None:
    spec = importlib.util.spec_from_file_location("gen_corpus", REPO / "benchmarks" / "gen_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gen_corpus", module)
    spec.loader.exec_module(module)
    module.generate(root, articles=40, claims=400, references=80, seed=3)
    broken = root / "content" / "claims" / "article-00001.yaml"  # a syntax error, sent whole
    broken.write_text(broken.read_text(encoding="utf-8").replace("claims:", "claims: ["), "utf-8")
    # a claims file naming an article of another stem (in another chunk): its quotes are then
    # looked for in the main process, not ahead
    elsewhere = root / "content" / "claims" / "article-00005.yaml"
    elsewhere.write_text(
        elsewhere.read_text(encoding="utf-8").replace("article: article-00005", "article: article-00031"),
        "utf-8",
    )
    promoting = root / "content" / "articles" / "article-00002.md"  # content rules read it ahead
    promoting.write_text(
        promoting.read_text(encoding="utf-8")
        + "\nIpamorelin offers a revolutionary approach to reclaim your vitality. Book your consultation today.\n",
        "utf-8",
    )


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_pool_and_serial_reports_are_identical(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    _generate(tmp_path)
    monkeypatch.setattr(load, "PARALLEL_FROM", 2)
    monkeypatch.setattr(load, "CHUNK", 7)
    serial = cli("check", "--root", tmp_path, "--no-cache", "--jobs", "1", "--format", fmt)
    pooled = cli("check", "--root", tmp_path, "--no-cache", "--jobs", "2", "--format", fmt)
    assert serial.code == pooled.code == 1
    assert pooled.out == serial.out
    assert '"CC002"' in serial.out and '"CC101"' in serial.out
    assert '"CC301"' in serial.out and '"CC302"' in serial.out
    assert '"CC006"' in serial.out and '"CC102"' in serial.out and '"CC107"' in serial.out


def test_workers_prepare_what_the_active_rules_ask_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimcheck.run.engine import check, preparers
    from claimcheck.settings import load_settings

    _generate(tmp_path)
    monkeypatch.setattr(load, "PARALLEL_FROM", 2)
    monkeypatch.setattr(load, "CHUNK", 7)
    settings = load_settings(tmp_path)
    assert preparers(settings)  # the content rules read articles ahead
    pooled = load.load_project(tmp_path, settings, jobs=2, prepare=preparers(settings))
    assert all("findings" in a.derived for a in pooled.articles.values())
    assert not any("segments" in vars(a) for a in pooled.articles.values())  # left in the workers
    ahead = {f.stem: f.derived["findings"][1] for f in pooled.claim_files}  # claims-file rules, per chunk
    assert len(ahead) == 40 and all({"CC101", "CC102", "CC107"} <= set(rules) for rules in ahead.values())
    assert (
        "CC006" in ahead["article-00004"] and "CC006" not in ahead["article-00005"]
    )  # its article: elsewhere
    assert not any("squeezed" in vars(a) for a in pooled.articles.values())  # quotes were found ahead
    serial = load.load_project(tmp_path, settings, jobs=1, prepare=preparers(settings))
    assert not any(a.derived for a in serial.articles.values())  # done on demand instead
    assert not any(f.derived for f in serial.claim_files)
    assert pooled.bibliography is not None and serial.bibliography is not None
    ranked_ahead = dict(pooled.bibliography.rankings)  # CC102's hints, ranked in the workers
    assert ranked_ahead
    findings = check(pooled, settings).findings
    assert findings == check(serial, settings).findings
    assert pooled.bibliography.rankings == serial.bibliography.rankings  # all of them kept for the cache
    assert ranked_ahead.items() <= serial.bibliography.rankings.items()
    assert any(f.rule == "CC006" and f.path.endswith("article-00005.yaml") for f in findings)
    only_schema = load_settings(tmp_path, {"select": ["CC001"]})
    assert preparers(only_schema) == ()


def test_workers_without_the_library_leave_the_claims_file_rules_to_the_main_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Spawned workers (another start method than fork) do not inherit the library: they load
    and run the article rules, and the main process checks the claims files itself."""
    import multiprocessing

    from claimcheck.run.engine import check, preparers
    from claimcheck.settings import load_settings

    _generate(tmp_path)
    monkeypatch.setattr(load, "PARALLEL_FROM", 2)
    monkeypatch.setattr(load, "CHUNK", 20)
    monkeypatch.setattr(load, "get_context", lambda method: multiprocessing.get_context("spawn"))
    settings = load_settings(tmp_path)
    spawned = load.load_project(tmp_path, settings, jobs=2, prepare=preparers(settings))
    assert all("findings" in a.derived for a in spawned.articles.values())
    assert not any(f.derived for f in spawned.claim_files)
    serial = load.load_project(tmp_path, settings, jobs=1)
    assert check(spawned, settings).findings == check(serial, settings).findings


def test_articles_loaded_while_the_library_is_parsed_give_the_same_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A helper process loads the first units' articles while the main process parses the
    library; the pool's workers inherit them for their units' claims files (``known``)."""
    import time

    from claimcheck.run.engine import check, preparers
    from claimcheck.settings import load_settings

    _generate(tmp_path)
    monkeypatch.setattr(load, "PARALLEL_FROM", 2)
    monkeypatch.setattr(load, "CHUNK", 7)
    monkeypatch.setattr(load, "EARLY_PART", 3)
    parse = load.load_bibliography

    def slow_parse(*args: Any) -> Any:
        time.sleep(1.5)  # the helper has loaded every article it was given by then
        return parse(*args)

    monkeypatch.setattr(load, "load_bibliography", slow_parse)
    kinds: list[str] = []
    chunks = load._chunks

    def recorded(units: list[list[load.Task]], size: int) -> Any:
        kinds.extend(kind for unit in units for _, kind, _ in unit)
        return chunks(units, size)

    monkeypatch.setattr(load, "_chunks", recorded)
    settings = load_settings(tmp_path)
    pooled = load.load_project(tmp_path, settings, jobs=2, prepare=preparers(settings))
    assert kinds.count("known") == 40 // load.EARLY_SHARE  # the first third of the units
    assert all("findings" in a.derived for a in pooled.articles.values())
    assert not any("squeezed" in vars(a) for a in pooled.articles.values())
    ahead = {f.stem: f.derived["findings"][1] for f in pooled.claim_files}
    assert "CC006" in ahead["article-00004"]  # its article was known, not loaded in its chunk
    from claimcheck.evidence.suggest import ranker_for

    assert pooled.bibliography is not None
    assert "index" in vars(ranker_for(pooled.bibliography))  # built once, before the workers
    serial = load.load_project(tmp_path, settings, jobs=1)
    assert check(pooled, settings).findings == check(serial, settings).findings


def test_the_main_process_makes_claims_into_models_only_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Valid claims files come back from the workers as JSON and facts; a full check asks
    only the facts of most of them, and their claims, when asked for, equal a serial load's."""
    from claimcheck.load.project import FACTS
    from claimcheck.run.engine import check, preparers
    from claimcheck.settings import load_settings

    _generate(tmp_path)
    monkeypatch.setattr(load, "PARALLEL_FROM", 2)
    monkeypatch.setattr(load, "CHUNK", 7)
    settings = load_settings(tmp_path)
    pooled = load.load_project(tmp_path, settings, jobs=2, prepare=preparers(settings))
    serial = load.load_project(tmp_path, settings, jobs=1)
    check(pooled, settings)
    lazy = [f for f in pooled.claim_files if f.payload is not None]
    assert len(lazy) >= 30  # all but the broken file and those a rule read the claims of
    for mine, theirs in zip(pooled.claim_files, serial.claim_files, strict=True):
        assert mine.path == theirs.path and mine.article_id == theirs.article_id
        assert [getattr(mine, name) for name in FACTS] == [getattr(theirs, name) for name in FACTS]
        assert [(r.index, r.claim) for r in mine.claims] == [(r.index, r.claim) for r in theirs.claims]
    assert all(f.payload is None for f in pooled.claim_files)  # made into models on demand

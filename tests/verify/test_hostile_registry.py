"""``refs verify`` against a hostile registry on 127.0.0.1: no internal error, a bounded time and
memory, each bad answer that entry's problem, the good entries verified."""

from __future__ import annotations

import json
import resource
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.verify.hostile_registry import CASES, Hostile, bib, serve

CONFIG = """\
[verify]
timeout = 1
request_deadline = 2
run_deadline = 120
retries = 1
backoff = 0
requests_per_second = 1000
"""


@pytest.fixture(scope="module")
def hostile() -> Iterator[Hostile]:
    with serve(Hostile()) as running:
        yield running


@pytest.fixture
def env(hostile: Hostile, monkeypatch: pytest.MonkeyPatch) -> Hostile:
    monkeypatch.setenv("CLAIMCHECK_CROSSREF_URL", hostile.url + "/crossref")
    monkeypatch.setenv("CLAIMCHECK_EUTILS_URL", hostile.url + "/eutils")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    hostile.requests.clear()
    return hostile


def _project(make_project: Callable[..., Path], config: str = CONFIG) -> Path:
    return make_project({"references.bib": bib(), "claimcheck.toml": config})


def test_every_hostile_answer_is_one_entry_problem(
    cli: Callable[..., Run], env: Hostile, make_project: Callable[..., Path]
) -> None:
    root = _project(make_project)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    run = cli("refs", "verify", "--root", root)
    seconds = time.monotonic() - started
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    assert "internal error" not in run.err and run.code != 2, run.err
    lock = json.loads((root / "references.lock.json").read_text(encoding="utf-8"))
    assert sorted(lock["entries"]) == ["good", "goodpmid", "mask"]
    expected = {name.replace("-", "") for name in CASES} - {"mask"} | {"traversal", "noid"}
    assert set(lock["problems"]) == expected, lock["problems"]
    for key, why in lock["problems"].items():
        assert "\n" not in why, key
        assert key in run.out
    # the slow server is cut by the lookup's deadline (2 s), Retry-After: 60 is not waited for
    assert seconds < 30, seconds
    assert grown_mb < 200, grown_mb
    # the DOI that walks up the path is never requested; redirects never leave the host
    assert not any("admin" in path for path in env.requests)
    # registry text reaches the output escaped
    assert not any(line.lstrip().startswith("::") for line in run.out.splitlines())
    assert "\x1b" not in run.out and "\x07" not in run.out
    why = lock["problems"]
    assert "deadline" in why["slow"] and "wait 30 s" in why["retryafter"]
    assert "another host" in why["redirectaway"] and "redirected more than" in why["redirectloop"]
    assert "corrupt" in why["corruptgzip"] and "decompressed" in why["gzipbomb"]
    assert "not usable JSON" in why["deepjson"] and "not usable JSON" in why["nandate"]
    assert "author.0" in why["authorstring"] and "author.0.family" in why["familyobject"]
    assert "score" in why["noid"] and "URL" in why["traversal"]


def test_esummary_uids_of_the_wrong_kind(
    cli: Callable[..., Run], env: Hostile, make_project: Callable[..., Path]
) -> None:
    env.esummary = "uids-number"
    try:
        root = _project(make_project)
        (root / "references.bib").write_text(
            "@article{goodpmid,\n  title = {A second good work},\n  pmid = {99000001},\n}\n"
            "@article{good,\n  title = {A good work},\n  doi = {10.5555/good},\n}\n",
            encoding="utf-8",
        )
        run = cli("refs", "verify", "--root", root)
    finally:
        env.esummary = "good"
    assert run.code != 2, run.err
    lock = json.loads((root / "references.lock.json").read_text(encoding="utf-8"))
    assert list(lock["entries"]) == ["good"]
    assert "uids" in lock["problems"]["goodpmid"]
    check = cli("check", "--root", root, "--select", "CC213")
    assert "the last verify: PubMed's answer has a field of the wrong kind" in check.out


def test_the_run_deadline_reports_the_entries_not_reached(
    cli: Callable[..., Run], env: Hostile, make_project: Callable[..., Path]
) -> None:
    root = _project(make_project, CONFIG.replace("run_deadline = 120", "run_deadline = 1"))
    started = time.monotonic()
    run = cli("refs", "verify", "--root", root, "--no-candidates")
    assert time.monotonic() - started < 15
    assert run.code != 2, run.err
    lock = json.loads((root / "references.lock.json").read_text(encoding="utf-8"))
    assert any("run's deadline" in why for why in lock["problems"].values())


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("retries = 1000000000", "retries: Input should be less than or equal to 5"),
        ("timeout = inf", "timeout: Input should be a finite number"),
        ("request_deadline = 100000", "request_deadline: Input should be less than or equal to 300"),
        ("run_deadline = 1e9", "run_deadline: Input should be less than or equal to 7200"),
        ("backoff = nan", "backoff: Input should be a finite number"),
        ("requests_per_second = 1e-9", "requests_per_second: Input should be greater than or equal to 0.1"),
        ('crossref_url = "http://169.254.169.254/latest"', "crossref_url: Value error, the configuration"),
    ],
)
def test_configuration_cannot_lift_the_caps(
    cli: Callable[..., Run], make_project: Callable[..., Path], line: str, message: str
) -> None:
    root = _project(make_project, f"[verify]\n{line}\n")
    run = cli("refs", "verify", "--root", root)
    assert run.code == 2 and run.err.count("\n") == 1
    assert message in run.err, run.err

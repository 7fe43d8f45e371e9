"""``claimcheck refs verify`` against a local Crossref / E-utilities server; ``check`` offline."""

from __future__ import annotations

import copy
import json
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from claimcheck.settings import VerifySettings
from claimcheck.verify.client import NetworkError, PoliteClient
from tests.conftest import Run
from tests.verify.registry_server import Registry, serve

# Crossref's record for the base project's reference (Holick MF. Vitamin D deficiency.
# N Engl J Med 2007;357(3):266-81), trimmed to the fields claimcheck reads.
HOLICK = {
    "DOI": "10.1056/NEJMra070553",
    "type": "journal-article",
    "title": ["Vitamin D Deficiency"],
    "author": [{"given": "Michael F.", "family": "Holick", "sequence": "first", "affiliation": []}],
    "container-title": ["New England Journal of Medicine"],
    "short-container-title": ["N Engl J Med"],
    "volume": "357",
    "issue": "3",
    "page": "266-281",
    "published-print": {"date-parts": [[2007, 7, 19]]},
    "issued": {"date-parts": [[2007, 7, 19]]},
}
# Made-up works: Crossref's example prefix 10.5555 and a PMID far above any assigned one.
EXAMPLE = {
    "DOI": "10.5555/12345678",
    "type": "journal-article",
    "title": ["An example work"],
    "author": [{"given": "Jane", "family": "Doe", "sequence": "first"}],
    "container-title": ["Journal of Examples"],
    "volume": "1",
    "page": "1-10",
    "issued": {"date-parts": [[2020, 3]]},
}
RETRACTION = {
    "updated-by": [
        {
            "DOI": "10.5555/87654321",
            "type": "retraction",
            "label": "Retraction",
            "source": "publisher",
            "updated": {"date-parts": [[2021, 3, 1]]},
        }
    ]
}
PUBMED = {
    "uid": "99000001",
    "pubdate": "2019 Jun",
    "epubdate": "",
    "source": "J Ex",
    "authors": [{"name": "Roe R", "authtype": "Author", "clusterid": ""}],
    "lastauthor": "Roe R",
    "title": "A second example work.",
    "volume": "7",
    "issue": "2",
    "pages": "100-9",
    "lang": ["eng"],
    "pubtype": ["Journal Article"],
    "articleids": [{"idtype": "pubmed", "idtypen": 1, "value": "99000001"}],
    "fulljournalname": "Journal of examples",
}

BIB = """\
@article{holick2007,
  author = {Holick, Michael F.},
  title = {Vitamin {D} Deficiency},
  journal = {New England Journal of Medicine},
  year = {2007},
  volume = {357},
  pages = {266--281},
  doi = {10.1056/NEJMra070553},
  evidence = {narrative-review},
}
@article{example2020,
  author = {Doe, Jane},
  title = {An example work},
  journal = {Journal of Examples},
  year = {2020},
  doi = {10.5555/12345678},
}
@article{roe2019,
  author = {Roe, R.},
  title = {A second example work},
  journal = {J Ex},
  year = {2019},
  pages = {100--109},
  pmid = {99000001},
}
@article{noid,
  author = {Doe, Jane},
  title = {A work without identifier},
  journal = {Journal of Examples},
  year = {2018},
}
"""

CLAIMS = """\
article: demo
claims:
  - id: vitamin-d-skin
    quote: Vitamin D is made in the skin
    kind: mechanism
    citations:
      - key: holick2007
        relation: supports
      - key: example2020
        relation: background
      - key: roe2019
        relation: background
      - key: noid
        relation: background
"""

CONFIG = """\
[verify]
mailto = "editors@example.org"
backoff = 0
retries = 2
requests_per_second = 1000
"""


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[Registry]:
    data = Registry(
        works={"10.1056/nejmra070553": copy.deepcopy(HOLICK), "10.5555/12345678": copy.deepcopy(EXAMPLE)}
    )
    data.summaries["99000001"] = copy.deepcopy(PUBMED)
    data.search_items = [{**copy.deepcopy(EXAMPLE), "score": 42.5}]
    with serve(data) as running:
        monkeypatch.setenv("CLAIMCHECK_CROSSREF_URL", running.url + "/crossref")
        monkeypatch.setenv("CLAIMCHECK_EUTILS_URL", running.url + "/eutils")
        yield running


@pytest.fixture
def project(make_project: Callable[..., Path]) -> Path:
    return make_project(
        {"references.bib": BIB, "content/claims/demo.yaml": CLAIMS, "claimcheck.toml": CONFIG}
    )


def _lock(root: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((root / "references.lock.json").read_text(encoding="utf-8"))
    return data


def test_verify_records_the_lock(cli: Callable[..., Run], registry: Registry, project: Path) -> None:
    bib_before = (project / "references.bib").read_bytes()
    run = cli("refs", "verify", "--root", project)
    assert run.code == 0, run.out + run.err
    lock = _lock(project)
    assert sorted(lock["entries"]) == ["example2020", "holick2007", "roe2019"]
    holick = lock["entries"]["holick2007"]
    assert holick["identifier"] == "doi:10.1056/nejmra070553"
    assert (holick["year"], holick["pages"], holick["journal_abbreviation"]) == (
        "2007",
        "266-281",
        "N Engl J Med",
    )
    assert lock["entries"]["roe2019"]["source"] == "pubmed"
    assert "3 verified (3 added, 0 changed, 0 unchanged, 0 removed)" in run.out
    # the entry without identifier gets scored candidates, printed only
    assert "noid: no identifier; candidates" in run.out and "42.50  doi:10.5555/12345678" in run.out
    assert (project / "references.bib").read_bytes() == bib_before
    # polite: contact address to Crossref, tool and email to NCBI, one batch for PubMed
    crossref = [r for r in registry.requests if r[0].startswith("/crossref/works/")]
    assert all(q.get("mailto") == ["editors@example.org"] for _, q, _ in crossref)
    assert all("mailto:editors@example.org" in h["User-Agent"] for _, _, h in registry.requests)
    (eutils,) = [r for r in registry.requests if r[0] == "/eutils/esummary.fcgi"]
    assert eutils[1]["tool"] == ["claimcheck"] and eutils[1]["email"] == ["editors@example.org"]
    # clean: the entries match their records
    check = cli("check", "--root", project, "--select", "reference,citation")
    assert "CC211" not in check.out and "CC106" not in check.out and "CC213" not in check.out


def test_lock_is_deterministic_and_updated(
    cli: Callable[..., Run], registry: Registry, project: Path
) -> None:
    assert cli("refs", "verify", "--root", project).code == 0
    first = (project / "references.lock.json").read_bytes()
    again = cli("refs", "verify", "--root", project)
    assert (project / "references.lock.json").read_bytes() == first
    assert "(0 added, 0 changed, 3 unchanged, 0 removed)" in again.out
    assert (
        first.decode() == json.dumps(json.loads(first), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    )
    # a correction appears at Crossref: the next verify updates the lock and reports it
    registry.works["10.5555/12345678"]["updated-by"] = [
        {
            "DOI": "10.5555/11111111",
            "type": "correction",
            "label": "Correction",
            "updated": {"date-parts": [[2022, 1, 5]]},
        }
    ]
    updated = cli("refs", "verify", "--root", project)
    assert "(0 added, 1 changed, 2 unchanged, 0 removed)" in updated.out
    assert "CC212" in updated.out and "correction 10.5555/11111111 (2022-01-05)" in updated.out
    assert _lock(project)["entries"]["example2020"]["notices"][0]["type"] == "correction"


def test_mismatches_are_reported_field_by_field(
    cli: Callable[..., Run], registry: Registry, project: Path
) -> None:
    bib = BIB.replace("year = {2007}", "year = {2008}").replace("266--281", "226--281")
    (project / "references.bib").write_text(bib, encoding="utf-8")
    run = cli("refs", "verify", "--root", project)
    assert run.code == 1
    (line,) = [ln for ln in run.out.splitlines() if "CC211" in ln]
    assert line.startswith("references.bib:5:1:")
    assert "year: '2008' in the .bib, '2007' verified" in line
    assert "pages: '226--281' in the .bib, '266-281' verified" in line
    # check reports the same from the lock alone
    check = cli("check", "--root", project, "--select", "CC211")
    assert check.code == 1 and line in check.out


def test_retractions_are_errors_at_the_citing_claims(
    cli: Callable[..., Run], registry: Registry, project: Path
) -> None:
    registry.works["10.5555/12345678"].update(copy.deepcopy(RETRACTION))
    registry.summaries["99000001"]["pubtype"].append("Retracted Publication")
    run = cli("refs", "verify", "--root", project)
    assert run.code == 1
    retracted = sorted(ln.split(" error ")[0] for ln in run.out.splitlines() if "CC106" in ln)
    assert retracted == ["content/claims/demo.yaml:11:14:", "content/claims/demo.yaml:9:14:"]
    assert "notice 10.5555/87654321" in run.out


def test_retries_after_429_and_503(cli: Callable[..., Run], registry: Registry, project: Path) -> None:
    registry.failures = [(429, {"Retry-After": "0"}), (503, {})]
    run = cli("refs", "verify", "--root", project, "--no-candidates")
    assert run.code == 0, run.err
    assert len(_lock(project)["entries"]) == 3


def test_gives_up_with_one_line_and_writes_nothing(
    cli: Callable[..., Run], registry: Registry, project: Path
) -> None:
    registry.failures = [(503, {})] * 3  # retries = 2: three attempts
    run = cli("refs", "verify", "--root", project)
    assert run.code == 2
    assert run.err.count("\n") == 1 and "answered 503" in run.err
    assert not (project / "references.lock.json").exists()


def test_offline_is_one_clear_line(
    cli: Callable[..., Run], project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("CLAIMCHECK_CROSSREF_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("CLAIMCHECK_EUTILS_URL", f"http://127.0.0.1:{port}")
    run = cli("refs", "verify", "--root", project)
    assert run.code == 2
    assert run.err.count("\n") == 1 and "are you offline?" in run.err
    assert not (project / "references.lock.json").exists()


def test_check_opens_no_network_connection(
    cli: Callable[..., Run], registry: Registry, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry.works["10.5555/12345678"].update(copy.deepcopy(RETRACTION))
    assert cli("refs", "verify", "--root", project).code == 1

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("check tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    run = cli("check", "--root", project)
    assert run.code == 1
    assert "CC106" in run.out  # the retraction comes from the lock
    assert "internal error" not in run.err


def test_rate_limit_spaces_requests_per_host() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    client = PoliteClient(VerifySettings(requests_per_second=2.0), sleep=sleep, clock=lambda: now[0])
    client._wait_turn("api.crossref.org")
    client._wait_turn("api.crossref.org")
    client._wait_turn("eutils.ncbi.nlm.nih.gov")  # another host does not wait
    assert slept == [0.5]
    client.close()


def test_network_error_is_a_claimcheck_error() -> None:
    assert NetworkError("x").exit_code == 2


def test_dropped_connection_is_retried_then_succeeds() -> None:
    import httpx

    calls = []

    def answer(request: httpx.Request) -> httpx.Response:
        calls.append(request.url)
        if len(calls) == 1:
            raise httpx.ReadTimeout("timed out", request=request)
        return httpx.Response(200, json={"status": "ok", "message": {"DOI": "10.5555/12345678"}})

    settings = VerifySettings(backoff=0, requests_per_second=1000)
    with PoliteClient(settings, transport=httpx.MockTransport(answer)) as client:
        data = client.get_json("https://api.crossref.org/works/10.5555/12345678")
    assert data["message"]["DOI"] == "10.5555/12345678" and len(calls) == 2


def test_pubmed_when_crossref_does_not_know_the_doi(
    cli: Callable[..., Run], registry: Registry, project: Path
) -> None:
    bib = BIB.replace("  pmid = {99000001},", "  doi = {10.5555/00000000},\n  pmid = {99000001},")
    (project / "references.bib").write_text(bib, encoding="utf-8")
    run = cli("refs", "verify", "--root", project, "--no-candidates")
    assert "roe2019: doi:10.5555/00000000 not found" in run.out
    assert _lock(project)["entries"]["roe2019"]["identifier"] == "pmid:99000001"
    check = cli("check", "--root", project, "--select", "CC213,CC211")
    assert "CC213" not in check.out  # verified by its PMID


def test_written_lock_matches_its_schema(cli: Callable[..., Run], registry: Registry, project: Path) -> None:
    from claimcheck.model.schemas import validator

    registry.works["10.5555/12345678"].update(copy.deepcopy(RETRACTION))
    cli("refs", "verify", "--root", project, "--no-candidates")
    assert list(validator("lock").iter_errors(_lock(project))) == []


def test_unreadable_library_is_not_verified_into_an_empty_lock(
    cli: Callable[..., Run], registry: Registry, project: Path
) -> None:
    (project / "references.lock.json").write_text('{"format_version": 1, "entries": {}}\n', encoding="utf-8")
    (project / "references.bib").write_bytes(b"@article{x, title = {\xff\xfe}}\n")
    run = cli("refs", "verify", "--root", project)
    assert run.code == 2 and "could not be read" in run.err
    assert registry.requests == []

"""The cache and ``--changed-since`` give exactly the findings of a full cold check.

A generated corpus is committed to git, then edited (an article, claims files, the BibTeX
library, a new and a deleted file). Against a cold ``--no-cache`` check of the edited corpus:
the stale cache, the refreshed cache and ``--changed-since`` (restricted to the files it
names, which must be the changed files and their dependents) all give the same findings.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from claimcheck.cache import incremental
from tests.cache.cachefiles import read_cache, write_cache
from tests.conftest import corpus_generator

REPO = Path(__file__).resolve().parents[2]
Run = Any
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="--changed-since needs git")


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    corpus_generator().generate(root, articles=24, claims=240, references=60, seed=7)
    (root / ".gitignore").write_text(".claimcheck_cache/\n", encoding="utf-8")
    # CC208 (an entry no claim cites) is re-checked in part only while the set of cited keys
    # stays the same (test_uncited_entries_follow_the_cited_keys); the sequence of changes
    # below counts partial re-checks, so it runs without it.
    (root / "claimcheck.toml").write_text('ignore = ["CC208"]\n', encoding="utf-8")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "corpus")
    return root


def _report(cli: Callable[..., Run], root: Path, *options: str) -> dict[str, Any]:
    run = cli("check", "--root", root, "--format", "json", *options)
    assert run.code in (0, 1), run.err
    report: dict[str, Any] = json.loads(run.out)
    return report


def _findings(cli: Callable[..., Run], root: Path, *options: str) -> list[dict[str, Any]]:
    findings: list[dict[str, Any]] = _report(cli, root, *options)["findings"]
    return findings


@pytest.fixture
def partial_rechecks(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each cache update was a partial re-check (True) or fell back to a full one."""
    outcomes: list[bool] = []
    real = incremental.recheck

    def spy(*args: Any) -> Any:
        updated = real(*args)
        outcomes.append(updated is not None)
        return updated

    monkeypatch.setattr(incremental, "recheck", spy)
    return outcomes


def _edit(root: Path) -> dict[str, str]:
    """Edit the corpus; return what the test expects --changed-since to cover, and why."""
    articles, claims = root / "content" / "articles", root / "content" / "claims"
    # an article: its first quoted sentence reworded (stale quote in its claims file)
    article = articles / "article-00003.md"
    text = article.read_text(encoding="utf-8")
    sentence = text.split("(study 1)")[0].rsplit(". ", 1)[-1]
    article.write_text(text.replace(sentence, sentence.replace(" in ", " for "), 1), encoding="utf-8")
    # a claims file: a citation key broken
    edited_claims = claims / "article-00005.yaml"
    text = edited_claims.read_text(encoding="utf-8")
    edited_claims.write_text(text.replace("key: ref", "key: nosuch", 1), encoding="utf-8")
    # the library: one cited entry removed, one edited
    bib = root / "references.bib"
    text = bib.read_text(encoding="utf-8")
    cited = sorted(
        {
            line.split("key: ")[1]
            for line in (claims / "article-00010.yaml").read_text().splitlines()
            if "key: ref" in line
        }
    )
    removed = cited[0]
    start = text.index(f"@article{{{removed},")
    end = text.index("\n\n", start) + 2
    text = text[:start] + text[end:]
    text = text.replace(
        "title = {Synthetic benchmark reference 7}", "title = {Synthetic benchmark reference seven}"
    )
    bib.write_text(text, encoding="utf-8")
    # a new article without claims, and a deleted claims file
    (articles / "article-99999.md").write_text("---\nid: article-99999\ntitle: New\n---\nText.\n", "utf-8")
    (claims / "article-00012.yaml").unlink()
    return {"removed_key": removed}


def _citing(root: Path, key: str) -> set[str]:
    return {
        p.relative_to(root).as_posix()
        for p in sorted((root / "content" / "claims").glob("*.yaml"))
        if f"key: {key}\n" in p.read_text(encoding="utf-8")
    }


def test_cache_and_changed_since_equal_a_cold_check(
    cli: Callable[..., Run], corpus: Path, partial_rechecks: list[bool]
) -> None:
    before = _report(cli, corpus, "--no-cache")
    assert _report(cli, corpus) == before  # fills the cache
    assert _report(cli, corpus) == before  # replays it
    assert (corpus / ".claimcheck_cache" / "check.json").is_file()

    edits = _edit(corpus)
    cold_report = _report(cli, corpus, "--no-cache")
    cold = cold_report["findings"]
    assert cold != before["findings"]
    assert _report(cli, corpus) == cold_report  # the stale cache
    # the edit touches the library, and CC102's hint ranks the whole library: a full re-check
    assert partial_rechecks == [False]
    assert _report(cli, corpus) == cold_report  # the refreshed cache, replayed

    since = _findings(cli, corpus, "--changed-since", "HEAD")
    expected_scope = {
        "content/articles/article-00003.md",
        "content/claims/article-00003.yaml",  # claims of the edited article
        "content/claims/article-00005.yaml",
        "content/articles/article-00005.md",  # the article of the edited claims file
        "references.bib",
        "content/articles/article-99999.md",
        "content/articles/article-00012.md",  # its claims file was deleted
        *_citing(corpus, edits["removed_key"]),  # claims citing the removed entry
        *_citing(corpus, "ref000007"),  # claims citing the edited entry
    }
    assert "content/claims/article-00010.yaml" in expected_scope
    assert since == [f for f in cold if f["path"] in expected_scope]
    assert {f["path"] for f in since} >= {
        "content/claims/article-00003.yaml",
        "content/claims/article-00005.yaml",
        "content/claims/article-00010.yaml",
        "content/articles/article-99999.md",
        "content/articles/article-00012.md",
    }
    outside = [f for f in cold if f["path"] not in expected_scope]
    assert outside, "the corpus has findings outside the changed files"
    since_cold = _findings(cli, corpus, "--changed-since", "HEAD", "--no-cache")
    assert since_cold == since


def test_changed_since_a_bad_revision_is_a_usage_error(cli: Callable[..., Run], corpus: Path) -> None:
    run = cli("check", "--root", corpus, "--changed-since", "no-such-rev")
    assert run.code == 2
    assert (
        run.err
        == "claimcheck: error: --changed-since no-such-rev: no such commit (a branch, tag or commit of this repository)\n"
    )


def test_changed_since_in_a_shallow_clone_says_so(
    cli: Callable[..., Run], corpus: Path, tmp_path: Path
) -> None:
    """HEAD~1 in a clone with one commit (actions/checkout's default) said "git rev-parse
    failed: unknown error"."""
    _git(corpus, "commit", "-q", "--allow-empty", "-m", "second")
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", "--depth", "1", corpus.as_uri(), str(clone))
    run = cli("check", "--root", clone, "--changed-since", "HEAD~1")
    assert run.code == 2
    assert run.err.startswith(
        "claimcheck: error: --changed-since HEAD~1: no such commit in this shallow clone;"
    )
    assert "fetch-depth: 0" in run.err and run.err.count("\n") == 1


def test_changed_since_outside_a_repository(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    root = make_project()
    run = cli("check", "--root", root, "--changed-since", "HEAD", "--no-cache")
    assert run.code == 2
    assert run.err.startswith("claimcheck: error: --changed-since HEAD: git rev-parse failed: ")
    assert "not a git repository" in run.err


def test_a_cache_from_other_settings_is_not_used(cli: Callable[..., Run], corpus: Path) -> None:
    everything = _findings(cli, corpus)
    only = _findings(cli, corpus, "--select", "CC101")
    assert only == [f for f in everything if f["rule"] == "CC101"]
    assert _findings(cli, corpus) == everything


def _one_change_at_a_time(corpus: Path) -> list[tuple[str, Callable[[], None]]]:
    articles, claims = corpus / "content" / "articles", corpus / "content" / "claims"

    def rewrite(path: Path, old: str, new: str) -> Callable[[], None]:
        def apply() -> None:
            text = path.read_text(encoding="utf-8")
            assert old in text
            path.write_text(text.replace(old, new, 1), encoding="utf-8")

        return apply

    first_id = (claims / "article-00002.yaml").read_text().split("  - id: ")[1].split("\n")[0]
    return [
        ("article retitled", rewrite(articles / "article-00001.md", "title: ", "title: New ")),
        (
            "claims file names another article",
            rewrite(claims / "article-00004.yaml", "article: article-00004", "article: article-00006"),
        ),
        (
            "claim id duplicated across files",
            rewrite(
                claims / "article-00008.yaml",
                "  - id: c",
                f"  - id: {first_id}\n    quote: x\n    kind: advice\n  - id: c",
            ),
        ),
        (
            "claim kind changed",
            rewrite(claims / "article-00009.yaml", "kind: ", "kind: advice\n    statement: "),
        ),
        (
            "entry key renamed",
            rewrite(corpus / "references.bib", "@article{ref000003,", "@article{ref000003x,"),
        ),
        ("article deleted", lambda: (articles / "article-00011.md").unlink()),
        ("claims file deleted", lambda: (claims / "article-00015.yaml").unlink()),
        (
            "its article claimed elsewhere",
            rewrite(claims / "article-00004.yaml", "article: article-00006", "article: article-00015"),
        ),
        (
            "and unclaimed again",
            rewrite(claims / "article-00004.yaml", "article: article-00015", "article: article-00016"),
        ),
        ("claims file broken", rewrite(claims / "article-00013.yaml", "claims:", "claims: [")),
    ]


def test_each_kind_of_change_rechecked_in_part_equals_a_cold_check(
    cli: Callable[..., Run], corpus: Path, partial_rechecks: list[bool]
) -> None:
    _report(cli, corpus)
    for name, change in _one_change_at_a_time(corpus):
        change()
        cold = _report(cli, corpus, "--no-cache")
        assert _report(cli, corpus) == cold, name
    assert len(partial_rechecks) == 10
    assert partial_rechecks[:3] == [True, True, False]  # a duplicated claim id: a full check
    assert sum(partial_rechecks) >= 8


def test_a_damaged_cache_is_not_trusted(cli: Callable[..., Run], corpus: Path) -> None:
    cold = _report(cli, corpus, "--no-cache")
    assert _report(cli, corpus) == cold
    folder = corpus / ".claimcheck_cache"
    damage = (
        ("report.json", '{"format": 3, "key": "x"}\n{}'),
        ("check.json", "{not json"),
        ("check.delta.json", '{"format": 8, "of": "x"}\n'),
        ("deps.json", '{"format": 3}'),
        ("library.json", "[]"),
    )
    for name, text in damage:
        write_cache(folder / "report.json", "not a report")
        write_cache(folder / name, text)  # sealed: damaged by this machine, not forged
        assert _report(cli, corpus) == cold, name
        assert _findings(cli, corpus, "--changed-since", "HEAD") == []  # nothing changed since HEAD


def test_uncited_entries_follow_the_cited_keys(
    cli: Callable[..., Run], corpus: Path, partial_rechecks: list[bool]
) -> None:
    (corpus / "claimcheck.toml").write_text("", encoding="utf-8")  # CC208 on
    claims = corpus / "content" / "claims"
    _report(cli, corpus)
    article = corpus / "content" / "articles" / "article-00001.md"
    article.write_text(article.read_text(encoding="utf-8").replace("title: ", "title: New ", 1), "utf-8")
    cold = _report(cli, corpus, "--no-cache")
    assert _report(cli, corpus) == cold  # cited keys unchanged: in part
    counts: dict[str, list[Path]] = {}
    for path in sorted(claims.glob("*.yaml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "key: ref" in line:
                counts.setdefault(line.split("key: ")[1], []).append(path)
    key, paths = min(counts.items(), key=lambda item: (len(set(item[1])), item[0]))
    for path in set(paths):  # every citation of the key now cites another entry
        path.write_text(
            path.read_text(encoding="utf-8").replace(f"key: {key}\n", "key: ref000000\n"), "utf-8"
        )
    cold = _report(cli, corpus, "--no-cache")
    assert any(f["rule"] == "CC208" and f"{key!r}" in f["message"] for f in cold["findings"])
    assert _report(cli, corpus) == cold  # a key no longer cited: a full check
    assert partial_rechecks == [True, False]


def _edit_article(root: Path, name: str, words: str) -> None:
    article = root / "content" / "articles" / name
    article.write_text(article.read_text(encoding="utf-8") + f"\n{words}\n", "utf-8")


def test_a_recheck_writes_a_delta_and_leaves_check_json(
    cli: Callable[..., Run], corpus: Path, partial_rechecks: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimcheck.cache import store as cache_store

    # 24 articles: one article's findings are a large share of all (at scale, 1 of 20,000 files)
    monkeypatch.setattr(cache_store, "DELTA_SHARE", 0.5)
    folder = corpus / ".claimcheck_cache"
    _report(cli, corpus)
    entry = read_cache(folder / "check.json")
    for number, name in enumerate(("article-00003.md", "article-00017.md", "article-00003.md")):
        _edit_article(corpus, name, f"Edit {number}: supplements cure every disease, guaranteed.")
        cold = _report(cli, corpus, "--no-cache")
        assert _report(cli, corpus) == cold, name  # the partial re-check
        assert read_cache(folder / "check.json") == entry  # 36 MB at scale: not rewritten
        header = json.loads(read_cache(folder / "check.delta.json").partition(b"\n")[0])
        assert header["of"] == json.loads(entry.partition(b"\n")[0])["run"]
        assert {"content/articles/article-00003.md"} <= header["files"].keys()
        assert _report(cli, corpus) == cold  # replayed from check.json and its delta
        (folder / "report.json").unlink()
        assert _report(cli, corpus) == cold  # rendered from check.json and its delta
    assert "content/articles/article-00017.md" in header["files"]  # the changes accumulate
    assert partial_rechecks == [True, True, True]

    (corpus / "claimcheck.toml").write_text('ignore = ["CC208", "CC402"]\n', encoding="utf-8")
    cold = _report(cli, corpus, "--no-cache")
    assert _report(cli, corpus) == cold  # other settings: a full check, a new check.json
    assert read_cache(folder / "check.json") != entry
    assert not (folder / "check.delta.json").exists()


def test_a_delta_of_another_entry_is_ignored(
    cli: Callable[..., Run], corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimcheck.cache import store as cache_store

    monkeypatch.setattr(cache_store, "DELTA_SHARE", 0.5)
    folder = corpus / ".claimcheck_cache"
    first = _findings(cli, corpus)
    claims = next(f["path"] for f in first if f["path"].startswith("content/claims/"))
    _edit_article(corpus, Path(claims).stem + ".md", "Our peptide is the only cure, clinically proven.")
    _report(cli, corpus)
    delta = read_cache(folder / "check.delta.json")  # over the first entry
    assert claims in json.loads(delta.partition(b"\n")[0])["findings"]  # re-checked with it
    # an entry its claims cite leaves the library: a full check, check.json of a new run
    key = next(
        line.split("key: ")[1]
        for line in (corpus / claims).read_text(encoding="utf-8").splitlines()
        if "key: ref" in line
    )
    bib = corpus / "references.bib"
    text = bib.read_text(encoding="utf-8")
    start = text.index(f"@article{{{key},")
    bib.write_text(text[:start] + text[text.index("\n\n", start) + 2 :], encoding="utf-8")
    _report(cli, corpus)
    write_cache(folder / "check.delta.json", delta)  # the old delta, beside the new entry
    (folder / "report.json").unlink()
    cold = _report(cli, corpus, "--no-cache")
    assert any(f["path"] == claims and repr(key) in f["message"] for f in cold["findings"])
    assert _report(cli, corpus) == cold  # applied, the delta would bring back the claims' old findings


def test_a_large_change_rewrites_check_json(
    cli: Callable[..., Run], corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimcheck.cache import store as cache_store

    folder = corpus / ".claimcheck_cache"
    _report(cli, corpus)
    entry = read_cache(folder / "check.json")
    monkeypatch.setattr(cache_store, "DELTA_SHARE", 0.0)  # any change is too large for a delta
    _edit_article(corpus, "article-00003.md", "Clinically proven to reverse aging.")
    cold = _report(cli, corpus, "--no-cache")
    assert _report(cli, corpus) == cold
    assert read_cache(folder / "check.json") != entry
    assert not (folder / "check.delta.json").exists()
    assert _report(cli, corpus) == cold


def test_a_damaged_library_entry_is_not_trusted(
    cli: Callable[..., Run], corpus: Path, partial_rechecks: list[bool]
) -> None:
    library = corpus / ".claimcheck_cache" / "library.json"
    _report(cli, corpus)
    header, _, body = read_cache(library).partition(b"\n")
    at = body.index(b'"title":') + len(b'"title":"')
    write_cache(library, header + b"\n" + body[:at] + b"X" + body[at + 1 :])  # same length, one byte
    _edit_article(corpus, "article-00003.md", "Clinically proven to reverse aging.")
    cold = _report(cli, corpus, "--no-cache")
    assert _report(cli, corpus) == cold
    assert partial_rechecks == [False]  # the library read again: a full check

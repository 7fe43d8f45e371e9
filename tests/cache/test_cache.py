"""The check cache's own parts: the hash memo (hashes.json), the run ids that pair its files,
the rankings it keeps, and the lazily imported reporters."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from claimcheck import cache
from claimcheck.cache import files, inputs, store
from claimcheck.evidence import suggest
from claimcheck.reporters import FORMATS, reporter
from claimcheck.settings import Settings
from tests.cache.cachefiles import hashed_files, read_cache, write_cache
from tests.conftest import Run


def test_unchanged_files_are_not_hashed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, folder = tmp_path / "root", tmp_path / "cache"
    (root / "content" / "articles").mkdir(parents=True)
    for n in range(3):
        (root / "content" / "articles" / f"a{n}.md").write_text(f"text {n}\n", encoding="utf-8")
    settings = Settings()
    monkeypatch.setattr(inputs, "RACY_NS", 0)  # files written just now count as settled
    hashed = hashed_files(monkeypatch)
    first = cache.InputState.take(root, settings, folder)
    assert sorted(hashed) == ["a0.md", "a1.md", "a2.md"]
    hashed.clear()
    assert cache.InputState.take(root, settings, folder).hashes == first.hashes
    assert hashed == []
    # the same size, the modification time put back: the change time still gives it away
    article = root / "content" / "articles" / "a1.md"
    before = article.stat()
    article.write_text("TEXT 1\n", encoding="utf-8")
    os.utime(article, ns=(before.st_atime_ns, before.st_mtime_ns))
    again = cache.InputState.take(root, settings, folder)
    assert hashed == ["a1.md"]
    assert again.hashes["content/articles/a1.md"] != first.hashes["content/articles/a1.md"]


def test_files_changed_just_before_their_stat_are_hashed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file written within one tick of the file system clock may keep its stamp: its hash
    is kept only when it was last changed RACY_NS before the stamps were taken."""
    root, folder = tmp_path / "root", tmp_path / "cache"
    (root / "content" / "articles").mkdir(parents=True)
    (root / "content" / "articles" / "a.md").write_text("text\n", encoding="utf-8")
    monkeypatch.setattr(inputs, "RACY_NS", 3600 * 10**9)
    hashed = hashed_files(monkeypatch)
    cache.InputState.take(root, Settings(), folder)
    cache.InputState.take(root, Settings(), folder)
    assert hashed == ["a.md", "a.md"]
    assert not (folder / files.HASHES).exists()  # nothing settled to keep


@pytest.mark.parametrize(
    "damage", ["{", '{"format": 4, "files": {"a": [1]}}', '{"format": 4, "files": []}', "[]"]
)
def test_a_damaged_hash_memo_is_ignored(tmp_path: Path, damage: str) -> None:
    root, folder = tmp_path / "root", tmp_path / "cache"
    (root / "content" / "articles").mkdir(parents=True)
    (root / "content" / "articles" / "a.md").write_text("text\n", encoding="utf-8")
    folder.mkdir()
    write_cache(folder / files.HASHES, damage)
    state = cache.InputState.take(root, Settings(), folder)
    assert state.hashes["content/articles/a.md"] == inputs.file_digest(str(root / "content/articles/a.md"))


def test_findings_are_not_paired_with_the_dependencies_of_another_run(
    cli: Callable[..., Run], shipped: Path
) -> None:
    first = cli("check", "--root", shipped, "--format", "json")
    folder = shipped / ".claimcheck_cache"
    deps = json.loads(read_cache(folder / "deps.json"))
    run = store.CheckCache(folder).run(shipped, Settings())
    assert run is not None and run.deps_id == deps["run"]
    assert store.CheckCache(folder).entry(run) is not None
    deps["run"] = "another run"
    write_cache(folder / "deps.json", json.dumps(deps))
    assert store.CheckCache(folder).entry(run) is None  # a partial re-check would check everything
    (folder / "report.json").unlink()
    assert cli("check", "--root", shipped, "--format", "json").out == first.out


def test_rankings_are_kept_and_spare_the_index(
    cli: Callable[..., Run], shipped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[int] = []
    real = suggest.Index.build

    def counting(references: Any) -> suggest.Index:
        built.append(len(references))
        return real(references)

    monkeypatch.setattr(suggest.Index, "build", staticmethod(counting))
    cold = cli("check", "--root", shipped, "--format", "json", "--no-cache").out
    assert '"CC102"' in cold and built  # claims without support: the library was ranked
    first = cli("check", "--root", shipped, "--format", "json").out
    assert first == cold
    rankings = json.loads(read_cache(shipped / ".claimcheck_cache" / files.RANKINGS))
    assert rankings["rankings"]
    unsupported = [f for f in json.loads(cold)["findings"] if f["rule"] == "CC102"]
    article_id = Path(unsupported[0]["path"]).stem  # claims files are named after their article
    article = shipped / "content" / "articles" / f"{article_id}.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    built.clear()
    again = cli("check", "--root", shipped, "--format", "json").out
    assert built == []  # every claim of the article was ranked before: no index built
    assert again == cli("check", "--root", shipped, "--format", "json", "--no-cache").out


def test_ranker_answers_as_the_index() -> None:
    from claimcheck.core.location import Span
    from claimcheck.load.project import ReferenceRecord

    references = {
        f"k{n}": ReferenceRecord(f"k{n}", "article", {"title": title}, Span.point(1), {})
        for n, title in enumerate(["growth hormone in adults", "IGF-1 and the liver", "sleep and hormone"])
    }
    index = suggest.Index.build(references)
    ranker = suggest.Ranker(references, {})
    for query in (["hormone"], ["liver", "igf-1"], ["nothing"]):
        for exclude in ((), ("k0",)):
            assert ranker.top(query, 2, exclude) == index.top(query, 2, exclude)
            assert ranker.top(query, 2, exclude) == index.top(query, 2, exclude)  # remembered
    assert len(ranker.rankings) == 6


def test_every_format_has_its_reporter() -> None:
    for name in FORMATS:
        assert reporter(name).name == name


def test_a_check_with_json_output_imports_no_other_reporter(shipped: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from claimcheck.cli import main; main(['check', '--root', sys.argv[1], '--format', 'json']);"
        "print(sorted(m for m in sys.modules if m.startswith('claimcheck.reporters.')), file=sys.stderr)"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, str(shipped)], capture_output=True, text=True, check=False
    )
    assert time.perf_counter() - started < 60
    loaded = done.stderr.strip().splitlines()[-1]
    assert (
        loaded == "['claimcheck.reporters.base', 'claimcheck.reporters.json', 'claimcheck.reporters.text']"
    ), done.stderr


def _children() -> set[int]:
    """This process's child processes (Linux)."""
    found: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        found.update(int(pid) for pid in (task / "children").read_text().split())
    return found


def test_a_first_run_with_the_cache_equals_a_check_without(
    cli: Callable[..., Run], shipped: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    cold = cli("check", "--root", shipped, "--format", "json", "--no-cache")
    first = cli("check", "--root", shipped, "--format", "json", "--cache-dir", folder)
    assert (first.code, first.out) == (cold.code, cold.out)
    assert (folder / "check.json").is_file() and (folder / "report.json").is_file()
    again = cli("check", "--root", shipped, "--format", "json", "--cache-dir", folder)
    assert (again.code, again.out) == (cold.code, cold.out)


def test_a_replay_imports_neither_numpy_nor_the_models(shipped: Path) -> None:
    """Nothing is scored in a replay: the scorers' numpy is imported only when an article is."""
    import subprocess
    import sys

    code = (
        "import sys; from claimcheck.cli import main;"
        "main(['check', '--root', sys.argv[1], '--format', 'json', '--output', sys.argv[2]]);"
        "print(sorted(m for m in sys.modules if m == 'numpy' or m.startswith('claimcheck.scoring.')))"
    )
    report = shipped.parent / "report.json"
    command = [sys.executable, "-c", code, str(shipped), str(report)]
    first = subprocess.run(command, capture_output=True, text=True, check=False)
    assert "numpy" in first.stdout, first.stderr  # a cold check scores every article
    again = subprocess.run(command, capture_output=True, text=True, check=False)
    assert "numpy" not in again.stdout and "scoring.model" not in again.stdout, again.stdout + again.stderr


def test_a_recheck_of_a_plain_article_imports_no_parser_it_does_not_use(shipped: Path) -> None:
    """markdown-it-py (the line scanner reads a plain article), pathspec (the default patterns),
    bibtexparser and the LaTeX decoder (the cached library is not parsed, no cited value holds
    LaTeX) are imported where they are first used, not by every re-check."""
    import subprocess
    import sys

    unused = ("markdown_it", "pathspec", "bibtexparser", "pylatexenc")
    code = (
        "import sys; from claimcheck.cli import main;"
        "main(['check', '--root', sys.argv[1], '--format', 'json', '--output', sys.argv[2]]);"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(unused)!r}))"
    )
    command = [sys.executable, "-c", code, str(shipped), str(shipped.parent / "report.json")]
    cold = subprocess.run(command, capture_output=True, text=True, check=False)
    assert "bibtexparser" in cold.stdout, cold.stderr  # a cold check parses the library
    article = shipped / "content" / "articles" / "igf1-lifestyle.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    again = subprocess.run(command, capture_output=True, text=True, check=False)
    assert again.stdout.strip().splitlines()[-1] == "[]", again.stdout + again.stderr

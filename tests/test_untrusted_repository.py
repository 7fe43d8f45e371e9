"""A repository from a pull request is untrusted: committed links, FIFOs, odd names and hostile
data files. Nothing outside the root is written, no device or FIFO is replaced, no link is
followed for a write, a configuration leaving the root is not read, and no case ends in an
internal error: each is a located finding or a one-line error (exit 2).

A temporary folder stands in for "outside the root"; the only real device touched is /dev/null,
and only to see that it is refused before anything is written."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

Make = Callable[..., Path]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "bundle.json").write_text("precious\n", encoding="utf-8")
    return folder


def _untouched(outside: Path) -> None:
    assert sorted(p.name for p in outside.iterdir()) == ["bundle.json"]
    assert (outside / "bundle.json").read_text(encoding="utf-8") == "precious\n"


@pytest.mark.parametrize("command", ["export", "report"])
def test_a_committed_build_link_is_not_written_through(
    cli: Callable[..., Run], make_project: Make, outside: Path, command: str
) -> None:
    root = make_project()
    os.symlink(outside, root / "build")
    run = cli(command, "--root", root)
    assert run.code == 2 and run.err.count("\n") == 1, run.err
    assert "outside the project root" in run.err
    _untouched(outside)


def test_a_committed_bundle_link_is_not_written_through(
    cli: Callable[..., Run], make_project: Make, outside: Path
) -> None:
    root = make_project()
    (root / "build").mkdir()
    os.symlink(outside / "bundle.json", root / "build" / "bundle.json")
    run = cli("export", "--root", root)
    assert run.code == 2 and "symbolic link" in run.err, run.err
    _untouched(outside)
    assert (root / "build" / "bundle.json").is_symlink()


def test_output_to_a_link_is_refused(cli: Callable[..., Run], make_project: Make, outside: Path) -> None:
    root = make_project()
    link = root / "report.json"
    os.symlink(outside / "bundle.json", link)  # a '/dev/stdout'-style link
    run = cli("check", "--root", root, "--format", "json", "--output", link)
    assert run.code == 2 and "symbolic link" in run.err and run.err.count("\n") == 1
    assert link.is_symlink()
    _untouched(outside)


def test_output_to_a_fifo_is_refused_without_opening_it(
    cli: Callable[..., Run], make_project: Make, tmp_path: Path
) -> None:
    root = make_project()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    run = cli("check", "--root", root, "--output", fifo)  # opening it would block: refused first
    assert run.code == 2 and "a FIFO" in run.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_output_to_a_device_is_refused_before_writing(
    cli: Callable[..., Run], make_project: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = os.lstat("/dev/null")
    if not stat.S_ISCHR(before.st_mode):
        pytest.skip("/dev/null is not a device on this machine (something else replaced it)")

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("a write to /dev/null was attempted")

    # whatever happens, this test writes nothing: the refusal must come before any write
    monkeypatch.setattr("claimcheck.commands.check.write_atomic", never)
    monkeypatch.setattr("claimcheck.fs.atomic.os.replace", never)
    run = cli("check", "--root", make_project(), "--output", "/dev/null")
    assert run.code == 2 and "a character device" in run.err, run.err
    after = os.lstat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_the_lock_is_not_written_through_a_link(
    cli: Callable[..., Run], make_project: Make, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimcheck.core.errors import InputError
    from claimcheck.fs.atomic import write_atomic

    root = make_project()
    os.symlink(outside / "bundle.json", root / "references.lock.json")
    with pytest.raises(InputError, match="symbolic link"):
        write_atomic(root / "references.lock.json", "{}\n")
    _untouched(outside)


def test_an_editors_write_never_follows_a_link(cli: Callable[..., Run], make_project: Make) -> None:
    root = make_project()
    claims = root / "content" / "claims" / "demo.yaml"
    real = root / "content" / "demo-real.yaml"
    claims.rename(real)
    os.symlink(real, claims)  # a link inside the root: read, but never written through
    before = real.read_bytes()
    run = cli("review", "set", "vitamin-d-skin", "--status", "rejected", "--reviewer", "X", "--root", root)
    assert run.code == 2 and "symbolic link" in run.err, run.err
    assert real.read_bytes() == before and claims.is_symlink()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        ("outside", "a link to a place outside the project root"),
        ("fifo", "a FIFO"),
        ("folder", "a folder"),
        ("loop", "cannot read"),
    ],
)
def test_a_configuration_that_is_not_a_plain_file_in_the_root_is_an_error(
    cli: Callable[..., Run], make_project: Make, outside: Path, make: str, message: str
) -> None:
    root = make_project()
    config = root / "claimcheck.toml"
    if make == "outside":
        (outside / "evil.toml").write_text('ignore = ["CC0", "CC1", "CC2", "CC3"]\n', encoding="utf-8")
        os.symlink(outside / "evil.toml", config)
    elif make == "fifo":
        os.mkfifo(config)
    elif make == "folder":
        config.mkdir()
    else:
        os.symlink("claimcheck.toml", config)
    run = cli("check", "--root", root)
    assert run.code == 2 and run.err.count("\n") == 1 and message in run.err, run.err


# Every hostile-data case of issue 19: no internal error, and output that is valid UTF-8.

_DEEP_TOML = "x = " + "[" * 100_000 + "]" * 100_000
_STYLE = (
    '<?xml version="1.0"?><style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="in-text">'
    "<info><title>x</title><id>x</id></info><bibliography><layout><text variable='title'/></layout>"
    "</bibliography></style>"
)


def _loop(name: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        if (root / name).exists():
            (root / name).unlink()
        os.symlink(name, root / name)

    return make


def _write(name: str, text: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        (root / name).write_text(text, encoding="utf-8")

    return make


def _misnamed(root: Path) -> None:
    folder = root / "content" / "articles"
    article = next(folder.glob("*.md"))
    os.rename(article, os.fsencode(folder) + b"/bad\xff" + os.fsencode(article.name))


def _styled(root: Path) -> None:
    (root / "style.csl").write_text(_STYLE, encoding="utf-8")
    (root / "claimcheck.toml").write_text('citation_style = "style.csl"\n', encoding="utf-8")


CASES: dict[str, Callable[[Path], None]] = {
    "bib-loop": _loop("references.bib"),
    "lock-loop": _loop("references.lock.json"),
    "non-utf8-name": _misnamed,
    "lock-deep": _write("references.lock.json", "[" * 200_000 + "]" * 200_000),
    "lock-big-number": _write("references.lock.json", '{"format_version": ' + "9" * 100_000 + "}"),
    "lock-surrogate": _write(
        "references.lock.json",
        '{"format_version": 1, "entries": {"holick2007": {"source": "crossref", '
        '"identifier": "doi:\\ud800", "title": "\\ud800\\n::error::x"}}}',
    ),
    "lock-notice-newline": _write(
        "references.lock.json",
        '{"format_version": 1, "entries": {"holick2007": {"source": "crossref", "identifier": '
        '"doi:10.1056/nejmra070553", "doi": "10.1056/nejmra070553", "notices": [{"relation": '
        '"updated-by", "type": "correction\\n::error file=a::INJECTED", "doi": "10.1/x\\u001b[2J", '
        '"date": "2020\\n::add-mask::x"}]}}}',
    ),
    "config-deep": _write("claimcheck.toml", _DEEP_TOML),
    "config-big-integer": _write("claimcheck.toml", "max_file_size = " + "9" * 5000 + "\n"),
    "config-long-path": _write("claimcheck.toml", '[paths]\narticles = "' + "a" * 5000 + '"\n'),
    "pyproject-tool-5": _write("pyproject.toml", "tool = 5\n"),
    "timeout-inf": _write("claimcheck.toml", "[verify]\ntimeout = inf\n"),
    "csl-without-citation": _styled,
}
COMMANDS: list[tuple[str, ...]] = [
    ("check",),
    ("check",),  # again: from the cache
    ("check", "--format", "json"),
    ("check", "--format", "sarif"),
    ("check", "--format", "junit"),
    ("check", "--format", "github"),
    ("report",),
    ("export",),
    ("review", "list"),
]


@pytest.mark.parametrize("case", sorted(CASES))
def test_no_hostile_repository_ends_in_an_internal_error(
    cli: Callable[..., Run], make_project: Make, case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    root = make_project()
    CASES[case](root)
    for command in COMMANDS:
        run = cli(*command, "--root", root)
        assert "internal error" not in run.err, (case, command, run.err)
        assert run.code in (0, 1, 2), (case, command)
        if run.code == 2:
            assert run.err.count("\n") == 1, (case, command, run.err)
        run.out.encode("utf-8")  # valid UTF-8 (raises on a lone surrogate)
        for line in run.out.splitlines():
            assert not line.lstrip().startswith("::") or command[-1] == "github", (case, command, line)
            assert "\x1b" not in line


def test_a_misnamed_file_is_a_located_finding(cli: Callable[..., Run], make_project: Make) -> None:
    root = make_project()
    _misnamed(root)
    run = cli("check", "--root", root, "--no-cache")
    assert "content/articles/bad\\xffdemo.md:1:1: error CC002 the file name is not valid UTF-8" in run.out


def test_a_deep_lock_is_a_located_finding(cli: Callable[..., Run], make_project: Make) -> None:
    root = make_project()
    CASES["lock-deep"](root)
    run = cli("check", "--root", root, "--no-cache")
    assert (
        run.code == 1 and "references.lock.json:1:1: error CC002 nested more than 64 levels deep" in run.out
    )


def test_a_lock_that_is_a_fifo_is_a_finding_not_ignored(cli: Callable[..., Run], make_project: Make) -> None:
    root = make_project()
    os.mkfifo(root / "references.lock.json")
    run = cli("check", "--root", root, "--no-cache")
    assert "references.lock.json:1:1: error CC002 not a regular file" in run.out, run.out + run.err


def test_a_pack_larger_than_the_cap_is_refused(
    cli: Callable[..., Run], make_project: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("claimcheck.lexicon.load.MAX_PACK_BYTES", 100)
    root = make_project({"packs/big.yaml": "phrases:\n  promotional: [" + ", ".join(["x"] * 100) + "]\n"})
    (root / "claimcheck.toml").write_text('packs = ["packs/big.yaml"]\n', encoding="utf-8")
    run = cli("check", "--root", root, "--no-cache")
    assert run.code == 2 and "refused" in run.err and "at most 100" in run.err, run.err

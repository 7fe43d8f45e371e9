"""What users of ruff, Vale and textlint expect: paths as arguments (pre-commit's call),
standard input, configuration found upward, nested article folders, colour and NO_COLOR,
progress only on a terminal, --quiet, one rule's documentation, shell completion."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from claimcheck.cache import CACHE_DIR
from tests.conftest import REPO, Run

HYPE = "\nBook your consultation today for our revolutionary vitamin D protocol.\n"


@contextmanager
def working_in(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def _article(root: Path, name: str = "demo") -> str:
    return (root / "content/articles" / f"{name}.md").read_text(encoding="utf-8")


def _second_unit(root: Path) -> None:
    """A second article, ``sun``, with a claims file: findings in a unit other than demo's."""
    text = _article(root).replace("id: demo", "id: sun") + HYPE
    (root / "content/articles/sun.md").write_text(text, encoding="utf-8")
    claims = (root / "content/claims/demo.yaml").read_text(encoding="utf-8")
    claims = claims.replace("article: demo", "article: sun").replace("vitamin-d-skin", "sun-skin")
    (root / "content/claims/sun.yaml").write_text(claims, encoding="utf-8")


def _paths(run: Run) -> set[str]:
    return {f["path"] for f in json.loads(run.out)["findings"]}


def _environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["PYTHONPATH"] = str(REPO / "src")
    env.update(extra)
    return env


# -- paths as arguments, as pre-commit passes them -------------------------------------------


def test_pre_commit_call_reports_the_files_passed_and_their_units(make_project: Callable[..., Path]) -> None:
    """pre-commit runs the hook's entry with the staged file names appended, from the
    repository's top folder: simulated here with the hook definition the repository ships."""
    root = make_project()
    _second_unit(root)
    (root / "content/articles/demo.md").write_text(_article(root) + HYPE, encoding="utf-8")
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "claimcheck")
    assert hook.get("pass_filenames", True) is True
    entry = hook["entry"].split()
    assert entry[0] == "claimcheck"
    command = [sys.executable, "-m", "claimcheck", *entry[1:], *hook.get("args", [])]
    staged = ["content/claims/sun.yaml"]  # only the claims file was staged
    done = subprocess.run(
        [*command, "--format", "json", *staged], cwd=root, capture_output=True, text=True, env=_environment()
    )
    assert done.returncode == 0, done.stderr  # sun's hype is a warning
    found = {f["path"] for f in json.loads(done.stdout)["findings"]}
    assert found == {"content/articles/sun.md"}  # its article, not demo's findings


def test_paths_and_folders_limit_the_report(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    root = make_project()
    _second_unit(root)
    (root / "content/articles/demo.md").write_text(_article(root) + HYPE, encoding="utf-8")
    everything = _paths(cli("check", "--root", root, "--format", "json"))
    assert everything == {"content/articles/demo.md", "content/articles/sun.md"}
    with working_in(root):
        assert _paths(cli("check", "content/articles/demo.md", "--format", "json")) == {
            "content/articles/demo.md"
        }
        assert _paths(cli("check", "content/articles", "--format", "json")) == everything
        assert _paths(cli("check", ".", "--format", "json")) == everything
        run = cli("check", "content/articles/nope.md")
        assert (run.code, run.err) == (
            2,
            "claimcheck: error: content/articles/nope.md: no such file or folder\n",
        )


def test_a_path_outside_the_project_is_a_usage_error(
    cli: Callable[..., Run], make_project: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_project()
    outside = tmp_path / "elsewhere.md"
    outside.write_text("x\n", encoding="utf-8")
    run = cli("check", "--root", root, outside)
    assert run.code == 2
    assert "not in the project" in run.err and run.err.count("\n") == 1


# -- standard input --------------------------------------------------------------------------


def test_an_article_on_standard_input(make_project: Callable[..., Path]) -> None:
    root = make_project()
    edited = _article(root) + HYPE
    done = subprocess.run(
        [sys.executable, "-m", "claimcheck", "check", "-", "--stdin-filename", "content/articles/demo.md"],
        cwd=root,
        input=edited,
        capture_output=True,
        text=True,
        env=_environment(),
    )
    assert done.returncode == 0, done.stderr
    assert "content/articles/demo.md:21:1: warning CC301" in done.stdout
    assert _article(root) != edited, "the file on disk is not what was checked"
    assert not (root / CACHE_DIR).exists(), "standard input is never cached"


def test_standard_input_needs_a_file_name(cli: Callable[..., Run], make_project: Callable[..., Path]) -> None:
    root = make_project()
    run = cli("check", "--root", root, "-")
    assert run.code == 2
    assert "--stdin-filename" in run.err


# -- configuration found upward ---------------------------------------------------------------


def test_configuration_found_from_a_subfolder(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    root = make_project({"content/articles/demo.md": None})
    (root / "content").rename(root / "site")
    (root / "claimcheck.toml").write_text(
        '[paths]\narticles = "site/articles"\nclaims = "site/claims"\n', encoding="utf-8"
    )
    (root / "site/articles/demo.md").write_text(
        "---\nid: demo\ntitle: Vitamin D and sunlight\n---\n" + HYPE, encoding="utf-8"
    )
    with working_in(root / "site" / "articles"):
        run = cli("check", "--select", "CC301")
    assert run.code == 0, run.err
    assert "site/articles/demo.md:6:1: warning CC301" in run.out
    with working_in(root.parent):
        run = cli("check", "--config", root / "claimcheck.toml", "--select", "CC301")
    assert "site/articles/demo.md:6:1: warning CC301" in run.out


def test_a_project_without_configuration_is_found_by_its_articles_folder(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    root = make_project()
    with working_in(root / "content" / "claims"):
        assert cli("check").code == 0


def test_no_project_here_says_where_it_looked(cli: Callable[..., Run], tmp_path: Path) -> None:
    with working_in(tmp_path):
        run = cli("check")
    assert run.code == 2
    assert run.err.startswith(
        f"claimcheck: error: folder not found: content/articles in {tmp_path.resolve()}"
    )
    assert "--root or --config" in run.err and run.err.count("\n") == 1


def test_a_missing_root_or_config_is_named(cli: Callable[..., Run], tmp_path: Path) -> None:
    run = cli("check", "--root", tmp_path / "nonexistent")
    assert (run.code, run.err) == (
        2,
        f"claimcheck: error: --root {tmp_path / 'nonexistent'}: no such folder\n",
    )
    run = cli("check", "--config", tmp_path / "nope.toml")
    assert (run.code, run.err) == (2, f"claimcheck: error: --config {tmp_path / 'nope.toml'}: no such file\n")


# -- nested article folders -------------------------------------------------------------------


def test_nested_articles_are_read_and_readme_is_not(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    root = make_project()
    text = _article(root)
    nested = root / "content/articles/2026"
    nested.mkdir()
    (root / "content/articles/demo.md").unlink()
    (nested / "demo.md").write_text(text + HYPE, encoding="utf-8")
    (root / "content/articles/README.md").write_text("How we write articles.\n", encoding="utf-8")
    (root / "content/articles/.drafts").mkdir()
    (root / "content/articles/.drafts/x.md").write_text("no front matter\n", encoding="utf-8")
    run = cli("check", "--root", root, "--format", "json")
    assert run.code == 0, run.out
    assert _paths(run) == {"content/articles/2026/demo.md"}
    assert json.loads(run.out)["summary"]["articles"] == 1
    # what the cache re-checks after an edit is the nested article too
    (nested / "demo.md").write_text(text, encoding="utf-8")
    assert _paths(cli("check", "--root", root, "--format", "json")) == set()


def test_include_and_exclude(cli: Callable[..., Run], make_project: Callable[..., Path]) -> None:
    root = make_project()
    drafts = root / "content/articles/drafts"
    drafts.mkdir()
    (drafts / "wip.md").write_text("no front matter\n", encoding="utf-8")
    assert "content/articles/drafts/wip.md" in _paths(cli("check", "--root", root, "--format", "json"))
    (root / "claimcheck.toml").write_text('[paths]\nexclude = ["README.md", "drafts/"]\n', encoding="utf-8")
    assert _paths(cli("check", "--root", root, "--format", "json")) == set()


def test_the_same_article_id_in_two_folders_is_reported(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    root = make_project()
    (root / "content/articles/old").mkdir()
    (root / "content/articles/old/demo.md").write_text(_article(root), encoding="utf-8")
    run = cli("check", "--root", root)
    assert (
        "content/articles/old/demo.md:1:1: error CC002 article id 'demo' is already content/articles/demo.md"
        in run.out
    )


# -- colour, progress, quiet --------------------------------------------------------------------


def _on_terminal(root: Path, args: list[str], env: dict[str, str], stream: str) -> tuple[bytes, bytes]:
    """Run claimcheck with ``stream`` ("stdout" or "stderr") on a pseudo-terminal: (what the
    terminal got, what the other stream's pipe got)."""
    leader, follower = pty.openpty()
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, stream: follower}
    process = subprocess.Popen(
        [sys.executable, "-m", "claimcheck", *args],
        cwd=root,
        env=env,
        **streams,  # type: ignore[call-overload]
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        seen += chunk
    other = (process.stderr if stream == "stdout" else process.stdout).read()  # type: ignore[union-attr]
    process.wait()
    os.close(leader)
    return seen, other


@pytest.fixture
def hype_project(make_project: Callable[..., Path]) -> Path:
    root = make_project()
    (root / "content/articles/demo.md").write_text(_article(root) + HYPE, encoding="utf-8")
    return root


def test_colour_on_a_terminal_unless_no_color(hype_project: Path) -> None:
    coloured, _ = _on_terminal(hype_project, ["check", "--no-cache"], _environment(), "stdout")
    assert b"\x1b[" in coloured and b"CC301" in coloured
    plain, _ = _on_terminal(hype_project, ["check", "--no-cache"], _environment(NO_COLOR="1"), "stdout")
    assert b"\x1b[" not in plain and b"warning CC301" in plain
    forced, _ = _on_terminal(
        hype_project, ["check", "--no-cache", "--color", "always"], _environment(NO_COLOR="1"), "stdout"
    )
    assert b"\x1b[" in forced


def test_colour_never_in_a_pipe_unless_asked(cli: Callable[..., Run], hype_project: Path) -> None:
    assert "\x1b[" not in cli("check", "--root", hype_project).out
    run = cli("check", "--root", hype_project, "--color", "always")
    assert "\x1b[33mwarning\x1b[0m" in run.out and "\x1b[1;32mpassed\x1b[0m" in run.out


def test_progress_only_on_a_terminal(hype_project: Path) -> None:
    shown, report = _on_terminal(hype_project, ["check", "--no-cache"], _environment(), "stderr")
    assert b"running rules" in shown
    assert b"running rules" not in report and b"warning CC301" in report
    quiet, _ = _on_terminal(hype_project, ["check", "--no-cache", "--quiet"], _environment(), "stderr")
    assert b"running rules" not in quiet
    piped = subprocess.run(
        [sys.executable, "-m", "claimcheck", "check", "--no-cache"],
        cwd=hype_project,
        capture_output=True,
        env=_environment(),
    )
    assert piped.stderr == b""


def test_quiet_prints_the_findings_only(cli: Callable[..., Run], hype_project: Path) -> None:
    loud = cli("check", "--root", hype_project)
    quiet = cli("check", "--root", hype_project, "--quiet")
    assert loud.out.splitlines()[-1].startswith("claimcheck: passed")
    assert quiet.out.splitlines() == loud.out.splitlines()[:-1]
    assert cli("check", "--root", hype_project, "-q", "--output", hype_project / "r.txt").err == ""


# -- one rule's documentation, completion --------------------------------------------------


def test_rules_shows_one_rule(cli: Callable[..., Run]) -> None:
    run = cli("rules", "CC301")
    assert run.code == 0
    assert run.out.startswith("## CC301 `promotional.hype`")
    assert "**Flagged**" in run.out and "**Not flagged**" in run.out and "## CC302" not in run.out
    assert cli("rules", "promotional.hype").out == run.out
    assert json.loads(cli("rules", "cc301", "--format", "json").out)["id"] == "CC301"
    wrong = cli("rules", "CC31")
    assert (wrong.code, wrong.err) == (
        2,
        "claimcheck: error: unknown rule 'CC31'; did you mean 'CC301'? (see 'claimcheck rules')\n",
    )


@pytest.mark.parametrize("shell", ["bash", "zsh", "tcsh"])
def test_completion_script(cli: Callable[..., Run], shell: str) -> None:
    run = cli("completion", shell)
    assert run.code == 0
    assert "claimcheck" in run.out and "--stdin-filename" in run.out and "review" in run.out


def test_bash_completion_completes_subcommands(cli: Callable[..., Run], tmp_path: Path) -> None:
    bash = subprocess.run(["bash", "--version"], capture_output=True).returncode == 0
    if not bash:
        pytest.skip("no bash")
    script = tmp_path / "claimcheck.bash"
    script.write_text(cli("completion", "bash").out, encoding="utf-8")
    probe = (
        f"source {script}; COMP_WORDS=(claimcheck re); COMP_CWORD=1; COMP_LINE='claimcheck re'; "
        "COMP_POINT=${#COMP_LINE}; _shtab_claimcheck; printf '%s\\n' \"${COMPREPLY[@]}\""
    )
    done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True)
    assert set(done.stdout.split()) == {"refs", "report", "review"}


@pytest.mark.parametrize(
    "patterns",
    [("README.md",), ("README.md", "drafts/"), ("2026/*.md", "**/x.md"), ("drafts/", "!drafts/keep.md"), ()],
)
def test_the_joined_patterns_match_as_pathspec_does(patterns: tuple[str, ...]) -> None:
    import pathspec

    from claimcheck.load.layout import _matcher

    spec = pathspec.PathSpec.from_lines("gitignore", patterns)
    paths = ["README.md", "a/README.md", "xREADME.md", "drafts/x.md", "drafts/keep.md", "2026/x.md", "2026/y.md", "b/x.md", "y.md"]  # fmt: skip
    assert [_matcher(patterns)(p) for p in paths] == [spec.match_file(p) for p in paths]

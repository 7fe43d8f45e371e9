"""The command line imports only the command it runs (claimcheck.commands.parser)."""

from __future__ import annotations

import argparse
import pkgutil
import subprocess
import sys

import claimcheck.commands
from claimcheck.commands import SUMMARIES, command
from claimcheck.commands.parser import build_parser, named_command


def _helps(parser: argparse.ArgumentParser) -> dict[str, str | None]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {choice.dest: choice.help for choice in sub._choices_actions}


def test_every_command_module_is_listed_with_its_own_line_of_help() -> None:
    modules = {
        m.name
        for m in pkgutil.iter_modules(claimcheck.commands.__path__)
        if hasattr(command(m.name), "NAME") and hasattr(command(m.name), "run")
    }
    assert modules == set(SUMMARIES)
    assert _helps(build_parser()) == SUMMARIES


def test_the_help_without_the_commands_is_the_help_with_them() -> None:
    assert build_parser(None, every=False).format_help() == build_parser().format_help()
    check = build_parser("check", every=False)
    assert check.parse_args(["check", "--format", "json"]).format == "json"


def test_the_command_is_the_first_argument_that_is_no_option() -> None:
    assert named_command(["--version"]) is None
    assert named_command(["check", "content/articles"]) == "check"
    assert named_command(["-h", "review", "set"]) == "review"
    assert named_command(["chek"]) is None  # argparse reports the unknown choice


def test_version_imports_no_command_and_none_of_their_libraries() -> None:
    code = (
        "import sys\nfrom claimcheck.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('claimcheck.')))\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'numpy', 'pydantic', 'yaml', 'rich'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    version, mine, libraries = done.stdout.splitlines()
    assert version.startswith("claimcheck ")
    assert mine == str(
        [
            "claimcheck.cli",
            "claimcheck.commands",
            "claimcheck.commands.parser",
            "claimcheck.core",
            "claimcheck.core.errors",
            "claimcheck.core.escape",
        ]
    )
    assert libraries == "[]"

"""``claimcheck completion SHELL``: a completion script for bash, zsh or tcsh, made from the
command line's own parser by :mod:`shtab` (a static script: completing costs no Python start,
unlike argcomplete, which runs the program at every TAB)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from claimcheck.commands.options import Subparsers

NAME = "completion"
SHELLS = ("bash", "zsh", "tcsh")
INSTALL = {
    "bash": 'eval "$(claimcheck completion bash)"  # in ~/.bashrc',
    "zsh": "claimcheck completion zsh > ~/.zfunc/_claimcheck  # with fpath+=~/.zfunc before compinit",
    "tcsh": "claimcheck completion tcsh > ~/.claimcheck.tcsh; echo 'source ~/.claimcheck.tcsh' >> ~/.tcshrc",
}


def add_parser(sub: Subparsers) -> None:
    parser = sub.add_parser(
        NAME,
        help="print a shell completion script (bash, zsh, tcsh)",
        description="Print the completion script for SHELL. Install it with: "
        + "; ".join(f"{shell}: {how}" for shell, how in INSTALL.items()),
    )
    parser.add_argument("shell", choices=SHELLS, metavar="SHELL", help=", ".join(SHELLS))


def run(args: argparse.Namespace) -> int:
    import shtab  # only here: nothing else needs it

    from claimcheck.commands.parser import build_parser  # made of the commands' parsers

    parser = build_parser()
    _paths_complete_as_files(parser, shtab.FILE, shtab.DIRECTORY)
    sys.stdout.write(shtab.complete(parser, shell=args.shell) + "\n")
    return 0


def _paths_complete_as_files(parser: argparse.ArgumentParser, files: object, folders: object) -> None:
    """Arguments that take a path complete file names (folders for ``--root`` and ``DIR``)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _paths_complete_as_files(child, files, folders)
        elif action.type is Path:
            folder = action.dest in ("root", "dir", "cache_dir", "out")
            action.complete = folders if folder else files  # type: ignore[attr-defined]

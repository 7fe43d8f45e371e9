"""The command line: parse arguments, hand them to a command, return its exit code.

Exit codes: 0 nothing failing, 1 failing findings (or a refused action), 2 usage,
configuration or I/O error. No traceback reaches the user.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from claimcheck.commands import command
from claimcheck.commands.parser import build_parser, named_command
from claimcheck.core.errors import ClaimcheckError
from claimcheck.core.escape import shown


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(named_command(arguments), every=False).parse_args(arguments)
    try:
        if hasattr(args, "config"):  # a command that reads a project: find it
            from claimcheck.commands.options import locate_project

            locate_project(args)
        return int(command(args.command).run(args))
    except ClaimcheckError as exc:
        print(f"claimcheck: error: {shown(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("claimcheck: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (e.g. `| head`); not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as exc:  # a bug: one line, exit 2; the traceback on request
        if os.environ.get("CLAIMCHECK_DEBUG"):
            import traceback  # only for a bug, on request

            traceback.print_exc()
        print(
            f"claimcheck: internal error: {type(exc).__name__}: {shown(str(exc))} "
            "(set CLAIMCHECK_DEBUG=1 for the traceback, and please report it)",
            file=sys.stderr,
        )
        return 2


def entry() -> NoReturn:
    """The ``claimcheck`` command: :func:`main`, and its exit code. The output is flushed here,
    so that a reader that went away (``| head``) is no error at exit either."""
    code = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # nothing more can be written: the interpreter's own flush must not try
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except ValueError:  # stdout was closed
        pass
    raise SystemExit(code)

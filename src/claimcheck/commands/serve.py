"""``claimcheck serve``: the review app in the browser, over the content repository
(docs/review-app.md). The web framework is imported here, only when the command runs."""

from __future__ import annotations

import argparse
import os
import sys

from claimcheck.commands.options import Subparsers, add_root_options, settings_from
from claimcheck.core.errors import UsageError

NAME = "serve"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def add_parser(sub: Subparsers) -> None:
    parser = sub.add_parser(NAME, help="review claims in the browser: a local web app over the project")
    add_root_options(parser)
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to bind (default {DEFAULT_HOST}; any other needs $CLAIMCHECK_SERVE_TOKEN)",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0: any free)"
    )
    parser.add_argument(
        "--reviewer",
        metavar="NAME",
        help="the reviewer the forms start with (default: $CLAIMCHECK_REVIEWER, else git's user.name)",
    )


def run(args: argparse.Namespace) -> int:
    from claimcheck.commands.review import default_reviewer
    from claimcheck.serve.security import MIN_TOKEN_LENGTH, TOKEN_VARIABLE, is_loopback

    token = os.environ.get(TOKEN_VARIABLE) or None
    if not is_loopback(args.host) and token is None:
        raise UsageError(
            f"--host {args.host} is reachable from other machines: set {TOKEN_VARIABLE} to an access "
            f"token of at least {MIN_TOKEN_LENGTH} characters first (browsers are asked for it)"
        )
    if token is not None and len(token) < MIN_TOKEN_LENGTH:
        raise UsageError(f"{TOKEN_VARIABLE} is too short: at least {MIN_TOKEN_LENGTH} characters")
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: not a port number")
    settings = settings_from(args)
    reviewer = args.reviewer or default_reviewer(args.root) or ""

    from claimcheck.serve.server import serve

    return serve(args.root, settings, args.host, args.port, token, reviewer, sys.stderr)

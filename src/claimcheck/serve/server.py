"""Running the review app with uvicorn on a socket bound here (so the address printed is the
one served, also with ``--port 0``)."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import TextIO

import uvicorn

from claimcheck.core.errors import InputError
from claimcheck.serve.app import Config, create_app
from claimcheck.serve.security import Guard, is_loopback
from claimcheck.settings import Settings

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.listen(64)
    return sock


def serve(
    root: Path, settings: Settings, host: str, port: int, token: str | None, reviewer: str, out: TextIO
) -> int:
    sock = _bind(host, port)
    bound = sock.getsockname()[1]
    hosts = (LOOPBACK_NAMES | {host.lower()}) if is_loopback(host) else frozenset()
    guard = Guard(token, frozenset(hosts))
    app = create_app(Config(root.resolve(), settings, guard, reviewer))
    shown = f"[{host}]" if ":" in host else host
    print(f"claimcheck: reviewing {root.resolve()} at http://{shown}:{bound}/ (Ctrl+C stops)", file=out)
    if token is not None:
        print("claimcheck: browsers are asked for the access token ($CLAIMCHECK_SERVE_TOKEN)", file=out)
    out.flush()
    config = uvicorn.Config(
        app, log_level="warning", access_log=False, server_header=False, proxy_headers=False
    )
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
    return 0

"""The review app's real server, started as ``python -m claimcheck serve`` on a free loopback
port (``--port 0``: the server binds it and prints its address), and a project to review."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

DEMO_ARTICLE_TAIL = """It helps the body absorb calcium from food.

Most adults need some vitamin D every day.

Our miracle vitamin D drops cure fatigue instantly, guaranteed!
"""

DEMO_CLAIMS = """# Claims of the demo article (comments must survive every edit)
article: demo
claims:
  # the mechanism, cited
  - id: vitamin-d-skin
    quote: Vitamin D is made in the skin
    kind: mechanism
    citations:
      - key: holick2007
        relation: supports
    review:
      status: pending  # not yet looked at
  # needs a reference
  - id: calcium-absorption
    quote: It helps the body absorb calcium from food
    kind: mechanism
  - id: daily-need
    quote: Most adults need some vitamin D every day
    kind: advice
  # the advert
  - id: miracle-drops
    quote: Our miracle vitamin D drops cure fatigue instantly, guaranteed!
    kind: therapy
"""


@dataclass
class Server:
    url: str
    root: Path
    process: subprocess.Popen[str]

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def post(self, path: str, body: bytes, headers: dict[str, str] | None = None) -> tuple[int, str]:
        request = urllib.request.Request(self.url + path, data=body, method="POST", headers=headers or {})
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()


def start(root: Path, *options: str, env: dict[str, str] | None = None) -> Server:
    environment = {k: v for k, v in os.environ.items() if k != "CLAIMCHECK_SERVE_TOKEN"} | (env or {})
    process = subprocess.Popen(
        [sys.executable, "-m", "claimcheck", "serve", "--root", str(root), "--port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    found = re.search(r"at (http://\S+)/ ", line)
    if found is None:
        process.kill()
        raise AssertionError(f"the server did not start: {line}{process.stderr.read()}")
    server = Server(found.group(1), root, process)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # the socket is bound: wait for the app to answer
        try:
            urllib.request.urlopen(server.url + "/static/app.css", timeout=5).close()
            return server
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("the server did not answer")


@pytest.fixture
def serve() -> Iterator[Callable[..., Server]]:
    started: list[Server] = []

    def run(root: Path, *options: str, env: dict[str, str] | None = None) -> Server:
        server = start(root, *options, env=env)
        started.append(server)
        return server

    yield run
    for server in started:
        server.process.terminate()
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


@pytest.fixture
def demo(make_project: Callable[..., Path]) -> Path:
    """An article with four claims: one to approve, one to cite, one to waive, one to reject."""
    from claimcheck.rules.examples import base_files

    article = base_files()["content/articles/demo.md"] + DEMO_ARTICLE_TAIL
    return make_project({"content/articles/demo.md": article, "content/claims/demo.yaml": DEMO_CLAIMS})

"""Writes through the review app on files as editors keep them (no browser needed)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

from tests.serve.conftest import DEMO_CLAIMS, Server

CLAIMS = "content/claims/demo.yaml"


def _fields(page: str, claim: str, form: str) -> dict[str, str]:
    section = page[page.index(f'id="claim-{claim}"') :]
    section = section[section.index(f"/{form}") :]
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', section[:3000]))
    return {k: hidden[k] for k in ("csrf", "version", "article")}


def test_a_decision_keeps_a_files_crlf_line_endings_and_bom(serve: Callable[..., Server], demo: Path) -> None:
    path = demo / CLAIMS
    path.write_bytes(b"\xef\xbb\xbf" + DEMO_CLAIMS.replace("\n", "\r\n").encode())
    server = serve(demo)
    status, page = server.get("/article/demo")
    assert status == 200
    body = urlencode(
        _fields(page, "daily-need", "decide")
        | {"reviewer": "Tester", "note": "ok", "decision": "needs-evidence"}
    ).encode()
    status, page = server.post("/claim/daily-need/decide", body, {"Origin": server.url})
    assert status == 200 and "needs-evidence (recorded in content/claims/demo.yaml)" in page
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\n" not in raw.replace(b"\r\n", b"")
    assert b"      status: needs-evidence\r\n      reviewer: Tester\r\n" in raw
    # the diff shown is of the text, without the carriage returns
    assert "+      status: needs-evidence" in page and "\r" not in page


def test_a_version_that_does_not_match_is_refused(serve: Callable[..., Server], demo: Path) -> None:
    server = serve(demo)
    before = (demo / CLAIMS).read_bytes()
    page = server.get("/article/demo")[1]
    fields = _fields(page, "daily-need", "cite") | {"key": "holick2007", "relation": "supports"}
    for version in ("", "0" * 64):
        status, text = server.post(
            "/claim/daily-need/cite",
            urlencode(fields | {"version": version}).encode(),
            {"Origin": server.url},
        )
        assert status == 409 and "changed on disk since it was read" in text
        assert 'value="holick2007"' in text  # what was typed is kept
    assert (demo / CLAIMS).read_bytes() == before

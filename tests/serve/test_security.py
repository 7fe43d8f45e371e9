"""The review app's safety model against the real server (no browser needed): writes need the
page's CSRF token and a same-origin request, other host names are refused, a bind beyond
loopback needs an access token, every page carries the Content-Security-Policy."""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

from tests.serve.conftest import Server

CLAIMS = "content/claims/demo.yaml"


def _form(server: Server) -> dict[str, str]:
    status, page = server.get("/article/demo")
    assert status == 200
    return {
        "csrf": re.search(r'name="csrf" value="([^"]+)"', page).group(1),  # type: ignore[union-attr]
        "version": re.search(r'name="version" value="([^"]+)"', page).group(1),  # type: ignore[union-attr]
        "article": "demo",
        "reviewer": "Tester",
        "decision": "approve",
    }


def test_a_write_without_the_csrf_token_or_from_another_site_is_refused(
    serve: Callable[..., Server], demo: Path
) -> None:
    server = serve(demo)
    before = (demo / CLAIMS).read_bytes()
    form = _form(server)
    without = urlencode({k: v for k, v in form.items() if k != "csrf"}).encode()
    status, text = server.post("/claim/vitamin-d-skin/decide", without)
    assert (status, "CSRF token is missing or wrong" in text) == (403, True)
    wrong = urlencode(form | {"csrf": "guessed"}).encode()
    assert server.post("/claim/vitamin-d-skin/decide", wrong)[0] == 403
    cross = urlencode(form).encode()
    assert server.post("/claim/vitamin-d-skin/decide", cross, {"Origin": "http://evil.example"})[0] == 403
    assert server.post("/claim/vitamin-d-skin/decide", cross, {"Sec-Fetch-Site": "cross-site"})[0] == 403
    assert server.get("/claim/vitamin-d-skin/decide")[0] == 405  # a write is never a GET
    assert (demo / CLAIMS).read_bytes() == before
    # the same form with its token goes through
    status, text = server.post("/claim/vitamin-d-skin/decide", cross, {"Origin": server.url})
    assert status == 200 and "approved (recorded in content/claims/demo.yaml)" in text
    assert (demo / CLAIMS).read_bytes() != before


def test_every_response_carries_the_policy_and_other_hosts_are_refused(
    serve: Callable[..., Server], demo: Path
) -> None:
    server = serve(demo)
    for path in ("/", "/article/demo", "/static/app.js", "/article/no-such-article"):
        try:
            answer = urllib.request.urlopen(server.url + path, timeout=30)
        except urllib.error.HTTPError as exc:
            answer = exc
        policy = answer.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "default-src 'none'" in policy and "unsafe" not in policy
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
    request = urllib.request.Request(server.url + "/", headers={"Host": "attacker.example"})
    try:
        urllib.request.urlopen(request, timeout=30)
        raise AssertionError("a rebound host name was served")
    except urllib.error.HTTPError as exc:
        assert exc.code == 421
    status, page = server.get("/article/..%2F..%2Fetc%2Fpasswd")
    assert status == 404 and "root:" not in page


def test_a_bind_beyond_loopback_needs_an_access_token(serve: Callable[..., Server], demo: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "claimcheck",
            "serve",
            "--root",
            str(demo),
            "--host",
            "0.0.0.0",
            "--port",
            "0",
        ],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert done.returncode == 2
    assert "set CLAIMCHECK_SERVE_TOKEN" in done.stderr and "Traceback" not in done.stderr

    token = "correct-horse-battery-staple"
    server = serve(demo, "--host", "0.0.0.0", env={"CLAIMCHECK_SERVE_TOKEN": token})
    server.url = server.url.replace("0.0.0.0", "127.0.0.1")
    status, page = server.get("/")
    assert status == 200 and 'name="token"' in page  # redirected to the sign-in page
    assert server.get("/article/demo")[1].count('name="token"') == 1
    assert server.post("/login", urlencode({"token": "wrong"}).encode())[0] == 403
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    signed = opener.open(
        urllib.request.Request(server.url + "/login", data=urlencode({"token": token}).encode()), timeout=30
    )
    assert signed.status == 200 and "What to review first" in signed.read().decode()


def test_the_web_framework_is_imported_only_by_serve() -> None:
    probe = (
        "import sys\n"
        "from claimcheck.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('starlette', 'uvicorn', 'python_multipart')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip().endswith("[]")

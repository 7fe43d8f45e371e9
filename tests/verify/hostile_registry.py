"""A hostile stand-in for Crossref and E-utilities on 127.0.0.1 (never any other address): each
DOI ``10.5555/<case>`` gets the answer of one attack, and one DOI and one PMID get good answers.

Used by tests/verify/test_hostile_registry.py (short deadlines) and by
benchmarks/hostile_net.py (``nox -s hostile_net``: the configuration's documented maximums are
not needed; it prints the time and peak memory of a whole run). Every loop that sends is bounded
and stops when the server stops.
"""

from __future__ import annotations

import json
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

GOOD_DOI = "10.5555/good"
GOOD_PMID = "99000001"
GOOD_WORK = {
    "DOI": GOOD_DOI,
    "type": "journal-article",
    "title": ["A good work"],
    "author": [{"given": "Jane", "family": "Doe"}],
    "container-title": ["Journal of Examples"],
    "volume": "1",
    "issued": {"date-parts": [[2020, 3]]},
}
GOOD_SUMMARY = {
    "uid": GOOD_PMID,
    "pubdate": "2019 Jun",
    "source": "J Ex",
    "authors": [{"name": "Roe R", "authtype": "Author"}],
    "title": "A second good work.",
    "pubtype": ["Journal Article"],
    "articleids": [],
    "fulljournalname": "Journal of examples",
}
_MB = 1024 * 1024


def _work(**fields: Any) -> bytes:
    return json.dumps({"status": "ok", "message": {**GOOD_WORK, **fields}}).encode()


def _bomb(size: int) -> bytes:
    """gzip of ``size`` zero bytes, made in steps (about size/1000 bytes)."""
    out = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block, parts = bytes(_MB), []
    for _ in range(size // _MB):
        parts.append(out.compress(block))
    parts.append(out.flush())
    return b"".join(parts)


CASES: dict[str, str] = {
    "slow": "sends its body one byte every 0.2 s (a per-read timeout never fires)",
    "retry-after": "answers 429 with Retry-After: 60, every time",
    "redirect-loop": "redirects to itself",
    "redirect-away": "redirects to another host",
    "corrupt-gzip": "a body that claims to be gzip and is not",
    "gzip-bomb": "zeros gzipped about 1000:1 (64 MB in the tests, 1 GB in the benchmark)",
    "huge": "a body of 40 MB without Content-Length",
    "huge-declared": "Content-Length: 3 GB",
    "deep-json": "JSON nested 200,000 levels deep",
    "big-number": "a volume of 100,000 digits as a number",
    "nan-date": "NaN and Infinity in date-parts",
    "author-string": "an author that is a string",
    "family-object": "a family name that is an object",
    "not-json": "HTML instead of JSON",
    "mask": "a title with '::add-mask::' and ESC[2J after a newline",
}
"""DOI suffix -> what its answer does."""


@dataclass
class Hostile:
    url: str = ""
    requests: list[str] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    slow_bytes: int = 600
    bomb_size: int = 64 * _MB
    bomb: bytes = b""
    esummary: str = "good"  # or 'uids-number', 'score' (for the candidate search), ...


def _handler(state: Hostile) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            headers = {
                "Content-Type": "application/json",
                "Content-Length": str(len(body)),
                **(headers or {}),
            }
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _stream(self, total: int, piece: bytes, pause: float) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            sent = 0
            try:
                while sent < total and not state.stopping.is_set():
                    self.wfile.write(piece)
                    self.wfile.flush()
                    sent += len(piece)
                    if pause:
                        time.sleep(pause)
            except OSError:  # the client gave up: what it should do
                return

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            state.requests.append(self.path)
            query = parse_qs(parts.query)
            if parts.path == "/eutils/esummary.fcgi":
                ids = query.get("id", [""])[0].split(",")
                result: dict[str, Any] = {"uids": [i for i in ids if i == GOOD_PMID]}
                if state.esummary == "uids-number":
                    result["uids"] = 5
                for uid in ids:
                    result[uid] = GOOD_SUMMARY if uid == GOOD_PMID else {"uid": uid, "error": "none"}
                self._send(200, json.dumps({"result": result}).encode())
                return
            if parts.path == "/crossref/works":
                items = [{**GOOD_WORK, "score": "very high"}]  # a non-numeric score
                search = {"status": "ok", "message": {"items": items}}
                self._send(200, json.dumps(search).encode())
                return
            if not parts.path.startswith("/crossref/works/"):
                self._send(404, b"not found")
                return
            doi = unquote(parts.path[len("/crossref/works/") :]).lower()
            case = doi.removeprefix("10.5555/")
            if doi == GOOD_DOI:
                self._send(200, _work())
            elif case == "slow":
                self._stream(state.slow_bytes, b" ", 0.2)
            elif case == "retry-after":
                self._send(429, b"slow down", {"Retry-After": "60"})
            elif case == "redirect-loop":
                self._send(302, b"", {"Location": parts.path})
            elif case == "redirect-away":
                self._send(302, b"", {"Location": "http://localhost:9/admin"})
            elif case == "corrupt-gzip":
                self._send(200, b"\x1f\x8b\x08\x00" + b"not gzip at all" * 10, {"Content-Encoding": "gzip"})
            elif case == "gzip-bomb":
                self._send(200, state.bomb, {"Content-Encoding": "gzip"})
            elif case == "huge":
                self._stream(40 * _MB, b"[" + b" " * (_MB - 1), 0)
            elif case == "huge-declared":
                self.send_response(200)
                self.send_header("Content-Length", str(3 * 1024 * _MB))
                self.end_headers()
                self.wfile.write(b"{")
            elif case == "deep-json":
                self._send(200, b"[" * 200_000 + b"]" * 200_000)
            elif case == "big-number":
                body = _work().replace(b'"volume": "1"', b'"volume": ' + b"9" * 100_000)
                self._send(200, body)
            elif case == "nan-date":
                body = _work().replace(b"[[2020, 3]]", b"[[NaN, Infinity]]")
                self._send(200, body)
            elif case == "author-string":
                self._send(200, _work(author=["Doe, Jane"]))
            elif case == "family-object":
                self._send(200, _work(author=[{"family": {"x": 1}, "given": "J"}]))
            elif case == "not-json":
                self._send(200, b"<html>maintenance</html>", {"Content-Type": "text/html"})
            elif case == "mask":
                self._send(200, _work(title=["ok\n::add-mask::secret \x1b[2J\x1b]8;;http://e.example\x07"]))
            else:
                self._send(404, b"Resource not found.")

    return Handler


@contextmanager
def serve(state: Hostile) -> Iterator[Hostile]:
    if not state.bomb:
        state.bomb = _bomb(state.bomb_size)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join()


def bib(extra: str = "") -> str:
    """A library with one entry per case, a good DOI, a good PMID, an entry without identifier
    (whose candidate search answers a non-numeric score) and a DOI that walks up the URL path."""
    entries = [
        f"@article{{{name.replace('-', '')},\n  title = {{Case {name}}},\n  doi = {{10.5555/{name}}},\n}}"
        for name in CASES
    ]
    entries.append(
        "@article{good,\n  title = {A good work},\n  author = {Doe, Jane},\n  year = {2020},\n"
        "  journal = {Journal of Examples},\n  volume = {1},\n  doi = {10.5555/good},\n}"
    )
    entries.append("@article{goodpmid,\n  title = {A second good work},\n  pmid = {99000001},\n}")
    entries.append("@article{noid,\n  title = {A work without identifier},\n  author = {Doe, Jane},\n}")
    entries.append(
        "@article{traversal,\n  title = {Up the path},\n  doi = {10.1234/../../../admin/x?y=1#frag},\n}"
    )
    return "\n".join(entries) + "\n" + extra

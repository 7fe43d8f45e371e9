"""A local stand-in for Crossref's REST API and NCBI E-utilities, on 127.0.0.1.

It answers in the real services' JSON formats (Crossref: {"status", "message-type",
"message-version", "message"}, 404 "Resource not found."; E-utilities esummary:
{"header", "result": {"uids": [...], "<uid>": {...}}}) from fixture dictionaries a test can
change between runs, and records every request.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit


@dataclass
class Registry:
    works: dict[str, dict[str, Any]] = field(default_factory=dict)  # lower-case DOI -> message
    summaries: dict[str, dict[str, Any]] = field(default_factory=dict)  # PMID -> esummary record
    search_items: list[dict[str, Any]] = field(default_factory=list)
    failures: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # served first, in order
    requests: list[tuple[str, dict[str, list[str]], dict[str, str]]] = field(default_factory=list)
    url: str = ""


def _handler(registry: Registry) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            self.send_response(status)
            kind = "text/plain" if isinstance(body, str) else "application/json;charset=utf-8"
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            registry.requests.append((parts.path, query, dict(self.headers)))
            if registry.failures:
                status, headers = registry.failures.pop(0)
                self._send(status, "try again later", headers)
                return
            if parts.path.startswith("/crossref/works/"):
                doi = unquote(parts.path[len("/crossref/works/") :]).lower()
                message = registry.works.get(doi)
                if message is None:
                    self._send(404, "Resource not found.")
                else:
                    self._send(
                        200,
                        {
                            "status": "ok",
                            "message-type": "work",
                            "message-version": "1.0.0",
                            "message": message,
                        },
                    )
            elif parts.path == "/crossref/works":
                rows = int(query.get("rows", ["20"])[0])
                items = registry.search_items[:rows]
                self._send(
                    200,
                    {
                        "status": "ok",
                        "message-type": "work-list",
                        "message-version": "1.0.0",
                        "message": {
                            "facets": {},
                            "total-results": len(registry.search_items),
                            "items": items,
                            "items-per-page": rows,
                            "query": {
                                "start-index": 0,
                                "search-terms": query.get("query.bibliographic", [""])[0],
                            },
                        },
                    },
                )
            elif parts.path == "/eutils/esummary.fcgi":
                ids = query.get("id", [""])[0].split(",")
                result: dict[str, Any] = {"uids": [i for i in ids if i in registry.summaries]}
                for uid in ids:
                    result[uid] = registry.summaries.get(
                        uid, {"uid": uid, "error": "cannot get document summary"}
                    )
                self._send(200, {"header": {"type": "esummary", "version": "0.3"}, "result": result})
            else:
                self._send(404, "Resource not found.")

    return Handler


@contextmanager
def serve(registry: Registry) -> Iterator[Registry]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(registry))
    registry.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield registry
    finally:
        server.shutdown()
        server.server_close()
        thread.join()

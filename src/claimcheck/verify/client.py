"""A polite HTTP client (httpx): identifies itself, keeps to a rate per host, retries with
backoff on 429, 5xx and dropped connections, and gives up with one clear line when offline.

A registry's answer is untrusted: every request has a total deadline (not only a timeout per
read: a server sending one byte a second never hits that) and the run has one too; a body is
capped before and after decompression (decompressed here, in bounded steps); redirects are
followed only on the same host; ``Retry-After`` is capped. A response that breaks one of these
is a :class:`RecordProblem`: the entry it was for is reported, and the others are verified.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable
from typing import Any

import httpx

from claimcheck import __version__
from claimcheck.core.errors import ClaimcheckError
from claimcheck.fs.limits import DataLimitError, load_json
from claimcheck.settings import VerifySettings

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
MAX_BACKOFF = 30.0
"""Seconds: the longest wait before a retry, whatever ``Retry-After`` or the backoff says."""
MAX_BODY = 16 * 1024 * 1024
"""Bytes of a response body, before and after decompression (a Crossref work is ~10-100 kB, an
E-utilities batch of 200 summaries ~1 MB)."""
MAX_REDIRECTS = 3


class NetworkError(ClaimcheckError):
    """A registry could not be reached or kept failing (exit code 2)."""


class RecordProblem(Exception):
    """An answer that cannot be used for the entry it was asked for (that entry's problem)."""


class PoliteClient:
    def __init__(
        self,
        settings: VerifySettings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.settings = settings
        contact = f" (mailto:{settings.mailto})" if settings.mailto else ""
        self._client = httpx.Client(
            timeout=settings.timeout,
            headers={
                "User-Agent": f"{settings.tool}/{__version__}{contact}",
                "Accept-Encoding": "gzip",
            },
            follow_redirects=False,
            transport=transport,
        )
        self._sleep, self._clock, self._backoff = sleep, clock, settings.backoff
        self._interval = 1.0 / settings.requests_per_second
        self._last: dict[str, float] = {}
        self._run_ends = clock() + settings.run_deadline
        self.requests = 0

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _wait_turn(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            delay = last + self._interval - self._clock()
            if delay > 0:
                self._sleep(delay)
        self._last[host] = self._clock()

    def _delay(self, attempt: int, response: httpx.Response | None) -> float:
        if response is not None:
            retry_after = str(response.headers.get("Retry-After", ""))
            if retry_after.isdigit() and len(retry_after) < 10:
                return min(float(retry_after), MAX_BACKOFF)
        return min(self._backoff * 2.0**attempt, MAX_BACKOFF)

    def _deadline(self) -> float:
        now = self._clock()
        if now >= self._run_ends:
            raise RecordProblem(
                f"not looked up: the run's deadline of {self.settings.run_deadline:g} s "
                "([verify] run_deadline) had passed"
            )
        return min(now + self.settings.request_deadline, self._run_ends)

    def _left(self, deadline: float, url: httpx.URL) -> float:
        left = deadline - self._clock()
        if left <= 0:
            raise RecordProblem(f"{url.host} took longer than the deadline for one lookup; not verified")
        return left

    def get_json(self, url: str, params: dict[str, str] | None = None) -> Any | None:
        """The JSON body of a 200 answer; None for 404. Raises NetworkError when it gives up,
        RecordProblem when the answer cannot be used."""
        target = httpx.URL(url, params=params) if params else httpx.URL(url)
        host = target.host
        deadline = self._deadline()
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            self._wait_turn(host)
            self.requests += 1
            try:
                status, final, body = self._fetch(target, deadline)
            except httpx.TransportError as exc:
                # no route, no DNS, connection refused: offline, and retrying will not help
                if isinstance(exc, httpx.ConnectError) or attempt + 1 == attempts:
                    raise NetworkError(
                        f"cannot reach {host} ({type(exc).__name__}: {exc}); are you offline? "
                        "Nothing was written."
                    ) from None
                self._pause(self._delay(attempt, None), deadline, target)
                continue
            if isinstance(status, httpx.Response):  # a status to retry
                if attempt + 1 < attempts:
                    self._pause(self._delay(attempt, status), deadline, target)
                    continue
                status = status.status_code
            if status == 404:
                return None
            if status != 200:
                raise NetworkError(
                    f"{host} answered {status} for {final} after {attempt + 1} attempt(s); nothing was written"
                )
            try:
                return load_json(body)
            except DataLimitError as exc:
                raise RecordProblem(f"{host} sent an answer that is not usable JSON: {exc.message}") from None
        raise NetworkError(f"{host}: no answer after {attempts} attempts")  # pragma: no cover

    def _pause(self, seconds: float, deadline: float, url: httpx.URL) -> None:
        if self._clock() + seconds > deadline:
            raise RecordProblem(
                f"{url.host} asked to wait {seconds:g} s, past the deadline for one lookup; not verified"
            )
        self._sleep(seconds)

    def _fetch(self, url: httpx.URL, deadline: float) -> tuple[int | httpx.Response, httpx.URL, bytes]:
        """Status (or the response to retry), the final URL and the body, following redirects
        on the same scheme, host and port only."""
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            timeout = httpx.Timeout(min(self.settings.timeout, self._left(deadline, current)))
            with self._client.stream("GET", current, timeout=timeout) as response:
                if response.is_redirect:
                    location = response.headers.get("Location", "")
                    try:
                        following = current.join(location)
                    except httpx.InvalidURL:
                        raise RecordProblem(f"{current.host} redirected to an invalid address") from None
                    if (following.scheme, following.host, following.port) != (url.scheme, url.host, url.port):
                        raise RecordProblem(
                            f"{current.host} redirected to another host ({following.host or '?'}); not followed"
                        )
                    current = following
                    continue
                if response.status_code in RETRY_STATUS:
                    return response, current, b""
                if response.status_code != 200:
                    return response.status_code, current, b""
                return 200, current, self._body(response, deadline, current)
        raise RecordProblem(f"{url.host} redirected more than {MAX_REDIRECTS} times; not followed")

    def _body(self, response: httpx.Response, deadline: float, url: httpx.URL) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > MAX_BODY:
            raise RecordProblem(f"{url.host} sent {int(declared):,} bytes (at most {MAX_BODY:,} are read)")
        encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
        if encoding in ("gzip", "x-gzip"):
            inflate: Any = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            inflate = zlib.decompressobj()
        elif encoding in ("identity", ""):
            inflate = None
        else:
            raise RecordProblem(f"{url.host} sent an answer in an encoding not asked for ({encoding[:20]})")
        body, received = bytearray(), 0
        if response.is_stream_consumed:  # a transport that read the body itself (a test's mock)
            chunks: Any = [response.content]
            inflate = None
        else:
            chunks = response.iter_raw()  # each read as it comes: the deadline is checked after each
        try:
            for chunk in chunks:
                received += len(chunk)
                if received > MAX_BODY:
                    raise RecordProblem(f"{url.host} sent more than {MAX_BODY:,} bytes; not read further")
                if inflate is None:
                    body += chunk
                else:
                    body += inflate.decompress(chunk, MAX_BODY + 1 - len(body))
                    if inflate.unconsumed_tail or len(body) > MAX_BODY:
                        raise RecordProblem(
                            f"{url.host} sent an answer of more than {MAX_BODY:,} bytes decompressed"
                        )
                self._left(deadline, url)
        except zlib.error:
            raise RecordProblem(f"{url.host} sent a corrupt compressed answer") from None
        if inflate is not None and not inflate.eof:
            raise RecordProblem(f"{url.host} sent a truncated compressed answer")
        return bytes(body)

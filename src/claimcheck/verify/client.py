"""A polite HTTP client (httpx): identifies itself, keeps to a rate per host, retries with
backoff on 429, 5xx and dropped connections, and gives up with one clear line when offline."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx

from claimcheck import __version__
from claimcheck.errors import ClaimcheckError
from claimcheck.settings import VerifySettings

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
MAX_BACKOFF = 60.0


class NetworkError(ClaimcheckError):
    """A registry could not be reached or kept failing (exit code 2)."""


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
            headers={"User-Agent": f"{settings.tool}/{__version__}{contact}"},
            follow_redirects=True,
            transport=transport,
        )
        self._sleep, self._clock, self._backoff = sleep, clock, settings.backoff
        self._interval = 1.0 / settings.requests_per_second
        self._last: dict[str, float] = {}
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
            if retry_after.isdigit():
                return min(float(retry_after), MAX_BACKOFF)
        return min(self._backoff * 2.0**attempt, MAX_BACKOFF)

    def get_json(self, url: str, params: dict[str, str] | None = None) -> Any | None:
        """The JSON body of a 200 answer; None for 404. Raises NetworkError when it gives up."""
        host = urlsplit(url).netloc
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            self._wait_turn(host)
            self.requests += 1
            try:
                response = self._client.get(url, params=params)
            except httpx.TransportError as exc:
                # no route, no DNS, connection refused: offline, and retrying will not help
                if isinstance(exc, httpx.ConnectError) or attempt + 1 == attempts:
                    raise NetworkError(
                        f"cannot reach {host} ({type(exc).__name__}: {exc}); are you offline? "
                        "Nothing was written."
                    ) from None
                self._sleep(self._delay(attempt, None))
                continue
            if response.status_code == 404:
                return None
            if response.status_code in RETRY_STATUS and attempt + 1 < attempts:
                self._sleep(self._delay(attempt, response))
                continue
            if response.status_code != 200:
                raise NetworkError(
                    f"{host} answered {response.status_code} for {response.url} after {attempt + 1} "
                    "attempt(s); nothing was written"
                )
            try:
                return response.json()
            except ValueError:
                raise NetworkError(f"{host} sent a response that is not JSON for {response.url}") from None
        raise NetworkError(f"{host}: no answer after {attempts} attempts")  # pragma: no cover

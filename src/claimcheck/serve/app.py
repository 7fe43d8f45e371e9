"""The review app (Starlette, server-rendered Jinja2 pages, a little JavaScript from a file).

Pages: ``/`` the ranked queue across articles (filters and search in the URL), ``/article/ID``
an article with its claims. Writes: ``POST /claim/ID/decide|cite|waive``, each through
:mod:`claimcheck.review.decisions` (the writer and the refusals of ``review set`` and
``review cite``), refused when the claims file changed since the page was loaded. A write that
lands redirects to the article page, which shows the claim's new state (its unit re-checked)
and the change made to the YAML; a refused one shows the page again with the message and the
editor's input kept. Nothing is read or written outside the project root: pages name articles
and claims by id, never by path.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from claimcheck.core.errors import ClaimcheckError
from claimcheck.core.escape import no_surrogates
from claimcheck.core.finding import Category
from claimcheck.edit.claims_file import ConcurrentModification
from claimcheck.fs.safe_paths import check_write_inside
from claimcheck.model import Relation, ReviewStatus
from claimcheck.review.decisions import Decision, NewCitation, Outcome, add_citation, record_decision
from claimcheck.review.queue import TIER_NAMES
from claimcheck.serve.pages import Filters, article_page, load, queue_page, unified_diff
from claimcheck.serve.security import SESSION_COOKIE, Guard, SecurityHeaders
from claimcheck.settings import Settings

MAX_BODY = 64 * 1024
MAX_FIELD = 8 * 1024
KEPT_OUTCOMES = 200
DECISIONS = {
    "approve": ReviewStatus.APPROVED,
    "reject": ReviewStatus.REJECTED,
    "needs-evidence": ReviewStatus.NEEDS_EVIDENCE,
    "needs-rewrite": ReviewStatus.NEEDS_REWRITE,
    "pending": ReviewStatus.PENDING,
}


@dataclass(frozen=True)
class Done:
    claim: str
    message: str
    diff: str


@dataclass(frozen=True)
class Problem:
    """A refused write: what was refused, and the editor's input to show again."""

    claim: str
    action: str
    message: str
    values: dict[str, str]


@dataclass
class Config:
    root: Path
    settings: Settings
    guard: Guard
    reviewer: str
    outcomes: OrderedDict[str, Done] = field(default_factory=OrderedDict)


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("claimcheck.serve", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _asset(name: str) -> str:
    return resources.files("claimcheck.serve").joinpath("static", name).read_text(encoding="utf-8")


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value[:MAX_FIELD] if isinstance(value, str) else ""


def create_app(config: Config) -> Starlette:
    env = _environment()
    env.globals.update(tier_names=TIER_NAMES, quote=quote)
    guard = config.guard
    assets = {
        "app.js": ("text/javascript", _asset("app.js")),
        "app.css": ("text/css", _asset("app.css")),
        "favicon.svg": ("image/svg+xml", _asset("favicon.svg")),
    }

    def page(template: str, status: int = 200, **context: Any) -> HTMLResponse:
        body = env.get_template(template).render(csrf=guard.csrf, reviewer=config.reviewer, **context)
        return HTMLResponse(no_surrogates(body), status_code=status)

    def refused(request: Request) -> Response | None:
        """The answer to a request that may not go on, or None."""
        if not guard.host_allowed(request.headers.get("host", "")):
            return PlainTextResponse("unknown host: open the address the server printed", 421)
        if not guard.signed_in(dict(request.cookies)) and request.url.path != "/login":
            return RedirectResponse("/login", 303)
        return None

    def gated(
        handler: Callable[[Request], Awaitable[Response]],
    ) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            answer = refused(request)
            if answer is not None:
                return answer
            if request.method == "POST":
                length = request.headers.get("content-length", "")
                if not length.isdigit() or int(length) > MAX_BODY:
                    return PlainTextResponse("request too large (or without Content-Length)", 413)
                if not guard.same_origin(
                    request.headers.get("origin"),
                    request.headers.get("sec-fetch-site"),
                    request.headers.get("host", ""),
                ):
                    return PlainTextResponse("refused: a write from another site", 403)
            return await handler(request)

        return endpoint

    async def queue(request: Request) -> Response:
        params = request.query_params
        statuses = {s.value for s in ReviewStatus}
        categories = {c.value for c in Category}
        filters = Filters(
            search=params.get("q", "")[:200],
            status=params.get("status") if params.get("status") in statuses else None,
            category=params.get("category") if params.get("category") in categories else None,
            article=params.get("article") or None,
            tier=params.get("tier") if params.get("tier") in TIER_NAMES.values() else None,
            settled=params.get("settled") == "1",
        )
        data = await run_in_threadpool(queue_page, config.root, config.settings, filters)
        return page("queue.html.j2", data=data, filters=filters)

    def _article(article_id: str, problem: Problem | None = None, done: Done | None = None) -> Response:
        data = article_page(config.root, config.settings, article_id)
        if data is None:
            return page("missing.html.j2", 404, what=f"article {article_id}", error=None)
        status = 200 if problem is None else (409 if problem.action == "conflict" else 422)
        return page("article.html.j2", status, data=data, problem=problem, done=done)

    async def article(request: Request) -> Response:
        article_id = request.path_params["article_id"]
        done = config.outcomes.get(request.query_params.get("done", ""))
        return await run_in_threadpool(_article, article_id, None, done)

    def _write(
        claim_id: str, action: str, form: FormData, write: Callable[[str], Outcome], message: str
    ) -> Response:
        article_id = _text(form, "article")
        values = {k: _text(form, k) for k in form}
        values.pop("csrf", None)
        try:
            project = load(config.root, config.settings)
            record = next((r for r in project.claims() if r.id == claim_id), None)
            if record is not None:
                check_write_inside(config.root, config.root / record.path)
            outcome = write(_text(form, "version"))
        except ConcurrentModification as exc:
            problem = Problem(claim_id, "conflict", str(exc), values | {"action": action})
            return _article(article_id, problem)
        except ClaimcheckError as exc:
            return _article(article_id, Problem(claim_id, action, str(exc), values))
        state = "recorded" if outcome.changed else "unchanged (it was already so)"
        done = Done(claim_id, f"{claim_id}: {message} ({state} in {outcome.path})", "")
        if outcome.changed:
            done = Done(done.claim, done.message, unified_diff(outcome.path, outcome.before, outcome.after))
        key = secrets.token_urlsafe(12)
        config.outcomes[key] = done
        while len(config.outcomes) > KEPT_OUTCOMES:
            config.outcomes.popitem(last=False)
        target = f"/article/{quote(article_id, safe='')}?{urlencode({'done': key})}#claim-{quote(claim_id)}"
        return RedirectResponse(target, 303)

    async def _form(request: Request) -> FormData | Response:
        form = await request.form(max_files=0, max_fields=20, max_part_size=MAX_FIELD)
        if not guard.csrf_matches(_text(form, "csrf")):
            return PlainTextResponse(
                "refused: the form's CSRF token is missing or wrong (reload the page and submit again)", 403
            )
        return form

    def _reviewer(form: FormData) -> str:
        return _text(form, "reviewer").strip() or config.reviewer

    async def decide(request: Request) -> Response:
        form = await _form(request)
        if isinstance(form, Response):
            return form
        claim_id = request.path_params["claim_id"]
        status = DECISIONS.get(_text(form, "decision"))
        if status is None:
            values = {k: _text(form, k) for k in form if k != "csrf"}
            problem = Problem(claim_id, "decide", "choose a decision", values)
            return await run_in_threadpool(_article, _text(form, "article"), problem)
        decision = Decision(status, _reviewer(form), dt.date.today(), _text(form, "note") or None)

        def write(version: str) -> Outcome:
            return record_decision(config.root, config.settings, claim_id, decision, version)

        return await run_in_threadpool(_write, claim_id, "decide", form, write, status.value)

    async def waive(request: Request) -> Response:
        form = await _form(request)
        if isinstance(form, Response):
            return form
        claim_id = request.path_params["claim_id"]
        rule = _text(form, "rule").strip().upper()
        keep = _text(form, "status")
        status = ReviewStatus(keep) if keep in {s.value for s in ReviewStatus} else ReviewStatus.PENDING
        decision = Decision(
            status,
            _reviewer(form),
            dt.date.today(),
            _text(form, "note") or None,
            waivers=((rule, _text(form, "justification")),),
        )

        def write(version: str) -> Outcome:
            return record_decision(config.root, config.settings, claim_id, decision, version)

        return await run_in_threadpool(_write, claim_id, "waive", form, write, f"waived {rule}")

    async def cite(request: Request) -> Response:
        form = await _form(request)
        if isinstance(form, Response):
            return form
        claim_id = request.path_params["claim_id"]
        key = _text(form, "key").strip()
        relation_name = _text(form, "relation")
        if relation_name not in {r.value for r in Relation}:
            values = {k: _text(form, k) for k in form if k != "csrf"}
            problem = Problem(claim_id, "cite", "choose how the reference relates to the claim", values)
            return await run_in_threadpool(_article, _text(form, "article"), problem)
        citation = NewCitation(key, Relation(relation_name), _text(form, "locator").strip() or None)

        def write(version: str) -> Outcome:
            return add_citation(config.root, config.settings, claim_id, citation, version)

        return await run_in_threadpool(
            _write, claim_id, "cite", form, write, f"cites {key} ({relation_name})"
        )

    async def login(request: Request) -> Response:
        if not guard.host_allowed(request.headers.get("host", "")):
            return PlainTextResponse("unknown host", 421)
        if guard.access_token is None:
            return RedirectResponse("/", 303)
        if request.method == "GET":
            return page("login.html.j2", failed=False)
        if not guard.same_origin(
            request.headers.get("origin"),
            request.headers.get("sec-fetch-site"),
            request.headers.get("host", ""),
        ):
            return PlainTextResponse("refused: a sign-in from another site", 403)
        form = await request.form(max_files=0, max_fields=5, max_part_size=MAX_FIELD)
        if not guard.token_matches(_text(form, "token")):
            return page("login.html.j2", 403, failed=True)
        response = RedirectResponse("/", 303)
        response.set_cookie(SESSION_COOKIE, guard.session_value(), httponly=True, samesite="strict")
        return response

    async def asset(request: Request) -> Response:
        found = assets.get(request.path_params["name"])
        if found is None:
            return PlainTextResponse("not found", 404)
        return Response(found[1], media_type=found[0])

    async def not_allowed(request: Request) -> Response:
        return PlainTextResponse("refused: writes are POST requests with the page's CSRF token", 405)

    routes = [
        Route("/", gated(queue)),
        Route("/article/{article_id}", gated(article)),
        Route("/claim/{claim_id}/decide", gated(decide), methods=["POST"]),
        Route("/claim/{claim_id}/waive", gated(waive), methods=["POST"]),
        Route("/claim/{claim_id}/cite", gated(cite), methods=["POST"]),
        Route("/claim/{claim_id}/{action}", not_allowed, methods=["GET"]),
        Route("/login", login, methods=["GET", "POST"]),
        Route("/static/{name}", asset),
        Route("/favicon.ico", lambda request: RedirectResponse("/static/favicon.svg", 301)),
    ]

    async def failed(request: Request, exc: Exception) -> Response:
        """The project cannot be read (a configuration error, a file that vanished): say so in
        one line, as the CLI does, instead of a bare 500."""
        return page("missing.html.j2", 500, what=None, error=str(exc))

    return Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={ClaimcheckError: failed},
    )

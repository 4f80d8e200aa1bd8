"""The FastAPI application: routes, request limits, security headers, error pages.

- Request bodies are capped per route (`config.*_BODY_BYTES`) before they are read: an
  oversized request gets 413 without being buffered, and a /read upload always fits in
  memory, so nothing uploaded touches the disk.
- Every response forbids framing and sniffing, and pages may run scripts from this
  server only (Content-Security-Policy): no CDN, and no script an article might carry.
- `ParityError` becomes 400 with its one-line message (503 while another process writes
  the store); under /api errors are JSON `{"detail": ...}`, elsewhere an HTML page.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from parity.errors import ParityError, StoreLockedError
from parity.web import pages, rest
from parity.web.config import (
    EXTRACT_BODY_BYTES,
    OTHER_BODY_BYTES,
    READ_BODY_BYTES,
    STATIC_DIR,
    WebConfig,
    templates,
)

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]


def body_limit(path: str) -> int:
    """The most bytes a request body to `path` may have."""
    if path == "/read":
        return READ_BODY_BYTES
    if path == "/api/extract":
        return EXTRACT_BODY_BYTES
    return OTHER_BODY_BYTES


class _TooLarge(StarletteHTTPException):
    """A body outgrew its limit while being read (FastAPI re-raises HTTP exceptions)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body too large: the limit is {limit:,} bytes")


class GuardMiddleware:
    """Refuse oversized request bodies with 413 and add the security headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope["path"])
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._refuse(scope, receive, send, limit)
            return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge(limit)
            return message

        async def secured_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [
                    *[h for h in message.get("headers", []) if h[0] not in dict(SECURITY_HEADERS)],
                    *SECURITY_HEADERS,
                ]
            await send(message)

        try:
            await self.app(scope, counted_receive, secured_send)
        except _TooLarge:
            if started:
                raise
            await self._refuse(scope, receive, secured_send, limit)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        message = f"request body too large: the limit is {limit:,} bytes"
        if scope["path"].startswith("/api"):
            response: Response = JSONResponse({"detail": message}, status_code=413)
        else:
            response = _error_page(None, 413, "Too large", message)
        response.headers.update({k.decode(): v.decode() for k, v in SECURITY_HEADERS})
        await response(scope, receive, send)


def _error_page(request: Request | None, status: int, title: str, message: str) -> Response:
    page = templates.get_template("error.html").render(title=title, message=message, status=status)
    return HTMLResponse(page, status_code=status)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path == "/openapi.json"


def _plotly_js() -> Path:
    return Path(str(importlib.resources.files("plotly") / "package_data" / "plotly.min.js"))


def create_app(db_path: str | Path, *, baseline: str | Path | None = None) -> FastAPI:
    """The web app over the store at `db_path` (opened read-only per request).

    `baseline` is an optional JSON file of starting ledger levels (see `parity ledger`).
    """
    app = FastAPI(
        title="parity",
        summary="Diplomatic tit-for-tat as a sourced record: events, story, ledger, "
        "reciprocity metrics and simulations of a parity store.",
        version="1",
        docs_url=None,  # the Swagger and ReDoc pages load JavaScript from a CDN
        redoc_url=None,
    )
    app.state.parity = WebConfig(
        db_path=Path(db_path), baseline=Path(baseline) if baseline else None
    )

    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(
            _plotly_js(),
            media_type="text/javascript",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(rest.router)
    app.include_router(pages.router)

    @app.exception_handler(ParityError)
    async def parity_error(request: Request, exc: ParityError) -> Response:
        status = 503 if isinstance(exc, StoreLockedError) else 400
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=status)
        return _error_page(request, status, "Cannot show this", message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request):
            return JSONResponse(
                {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
            )
        title = {404: "Not found", 405: "Method not allowed", 413: "Too large"}.get(
            exc.status_code, "Error"
        )
        return _error_page(request, exc.status_code, title, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors: list[Any] = list(exc.errors())
        if _wants_json(request):
            return JSONResponse({"detail": _jsonable(errors)}, status_code=422)
        lines = [
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'input'}: {e.get('msg')}"
            for e in errors
        ]
        return _error_page(request, 422, "Invalid input", "; ".join(lines))

    app.add_middleware(GuardMiddleware)
    return app


def _jsonable(errors: list[Any]) -> list[Any]:
    """Validation errors as JSON: the offending input is dropped where it is not plain."""
    out = []
    for e in errors:
        item = {k: v for k, v in e.items() if k in ("type", "loc", "msg")}
        if isinstance(e.get("input"), (str, int, float, bool, type(None))):
            value = e["input"]
            item["input"] = value[:200] if isinstance(value, str) else value
        out.append(item)
    return out

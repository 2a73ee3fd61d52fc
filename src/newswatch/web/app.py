"""The FastAPI app: settings, errors as JSON, the write token, the dashboard's static files.

Every error leaves as JSON `{"error": {"code": ..., "message": ...}}` with a 4xx status:
validation errors 422, coded newswatch errors 400, a missing or wrong token 401, a body over
the upload limit 413, unknown paths 404. A bug still answers 500, but as the same JSON.
"""

from __future__ import annotations

import hmac
import logging
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from newswatch import __version__
from newswatch.errors import E, NewswatchError
from newswatch.options import Options

MAX_UPLOAD = 10 * 1024 * 1024  # bytes: the largest body POST /api/v1/analyze takes
LOOPBACK = {"127.0.0.1", "::1", "localhost"}
log = logging.getLogger("newswatch.web")


@dataclass(frozen=True, slots=True)
class Settings:
    """How the app runs: its store, its options, and who may write."""

    db: Path
    options: Options
    host: str = "127.0.0.1"
    token: str | None = None
    max_upload: int = MAX_UPLOAD

    @property
    def needs_token(self) -> bool:
        """Write endpoints need the token when one is set or the host is not loopback."""
        return self.token is not None or self.host not in LOOPBACK

    def allowed(self, request: Request) -> bool:
        """Whether a request may use a write endpoint."""
        if not self.needs_token:
            return True
        given = request.headers.get("authorization", "")
        scheme, _, value = given.partition(" ")
        expected = self.token or ""
        # Without a token on a public address nothing is writable (compare_digest of "" fails
        # closed because `expected` is empty and the check below refuses it first).
        return (
            bool(expected) and scheme.lower() == "bearer" and hmac.compare_digest(value, expected)
        )


def error(status: int, code: str, message: str) -> JSONResponse:
    """The JSON error response every failure uses."""
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def _install_errors(app: FastAPI) -> None:
    """Turn every failure into a JSON error."""

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        details = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}"
            for e in exc.errors()
        )
        return error(422, "invalid", details or "invalid request")

    @app.exception_handler(NewswatchError)
    async def coded(request: Request, exc: NewswatchError) -> JSONResponse:
        return error(400, exc.code.name, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else "error"
        return error(exc.status_code, f"http_{exc.status_code}", detail)

    @app.exception_handler(Exception)
    async def bug(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s", request.url.path)
        return error(500, "internal", "internal error; the server log has the details")


def require_writer(request: Request) -> None:
    """Dependency of write endpoints: 401 unless the request carries the token."""
    settings: Settings = request.app.state.settings
    if not settings.allowed(request):
        raise HTTPException(401, E.E034.format(host=settings.host))


def create_app(settings: Settings) -> FastAPI:
    """Build the app over `settings.db` (created when missing) with the API and dashboard."""
    from newswatch.store import Store
    from newswatch.web.api import router

    with Store(settings.db):  # create the file and apply migrations once, up front
        pass
    app = FastAPI(
        title="newswatch",
        version=__version__,
        description="Events, quotes and actors from news, with the evidence. API version 1.",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.settings = settings
    _install_errors(app)
    app.include_router(router, prefix="/api/v1")
    static = resources.files("newswatch").joinpath("web/static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(str(static.joinpath("index.html")), media_type="text/html")

    return app


def banner(settings: Settings, port: int) -> list[str]:
    """The lines `newswatch serve` prints at start: where, which store, who may write."""
    lines = [f"newswatch: serving {settings.db} on http://{_url_host(settings.host)}:{port}/"]
    if settings.host not in LOOPBACK and settings.token is None:
        lines.append(
            f"newswatch: {settings.host} is not loopback and no token is set: the API is read-only"
            " (pass --token or set NEWSWATCH_TOKEN to allow POST /api/v1/analyze)"
        )
    elif settings.needs_token:
        lines.append(
            "newswatch: write endpoints (POST /api/v1/analyze) need 'Authorization: Bearer TOKEN'"
        )
    return lines


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def serve(settings: Settings, port: int) -> None:
    """Run the app with uvicorn until interrupted, after saying where and who may write."""
    import uvicorn

    app = create_app(settings)
    for line in banner(settings, port):
        print(line, file=sys.stderr, flush=True)
    uvicorn.run(app, host=settings.host, port=port, log_level="warning")

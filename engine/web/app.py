"""The ASGI app of `casus serve`: the HTTP API, its OpenAPI description, and the editor page.

Safety, in one place: request bodies over MAX_BODY_BYTES are refused (413); every scenario is
judged in a worker process under a time limit (503 past it, the server goes on); bad YAML is
422 with `scenario.yaml:line:col: message` lines; no endpoint builds a file path from request
data (shipped scenarios are read once at start-up into a table looked up by name).
"""

from __future__ import annotations

import datetime as dt
import json
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles

from engine.formats.errors import InputError
from engine.formats.paths import scenarios_dir
from engine.formats.yamlsafe import decode
from engine.web import work
from engine.web.limits import BodyLimit
from engine.web.pool import Busy, Pool, TimeLimit, WorkerCrash

STATIC = Path(__file__).resolve().parent / "static"
MAX_BODY_BYTES = 1_000_000
TIME_LIMIT_SECONDS = 10.0
SCENARIO_BODY = {
    "required": True,
    "description": "A scenario file's text: YAML, or the same document as JSON.",
    "content": {
        "application/yaml": {"schema": {"type": "string"}},
        "text/plain": {"schema": {"type": "string"}},
        "application/json": {"schema": {"type": "object"}},
    },
}
ERRORS: dict[int | str, dict[str, Any]] = {
    413: {"description": "The body is larger than 1 MB."},
    422: {"description": "The scenario has problems: each as `scenario.yaml:line:col: message`."},
    503: {"description": "The work ran past the server's time limit; the server keeps serving."},
}


def shipped_scenarios() -> dict[str, str]:
    """Name (path under scenarios/) -> text of every shipped scenario, read once."""
    root = scenarios_dir()
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.yaml"))}


def create_app(*, workers: int = 2, time_limit: float = TIME_LIMIT_SECONDS) -> FastAPI:
    """The app; its worker pool starts with the app's lifespan (uvicorn, or a TestClient block)."""
    examples = shipped_scenarios()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> Any:
        app.state.pool = Pool(workers, time_limit)
        try:
            yield
        finally:
            app.state.pool.close()

    app = FastAPI(
        title="casus",
        version="1",
        summary="Could collective action legally be triggered? Treaty rules run against a scenario.",
        docs_url=None,  # served below from the package's own Swagger UI files, not from a CDN
        redoc_url=None,
        lifespan=lifespan,
    )
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/swagger", StaticFiles(directory=_swagger_dir()), name="swagger")

    async def run(request: Request, fn: Any, *args: Any) -> Response:
        pool = request.app.state.pool
        try:
            status, payload = await pool.call(fn, *args)
        except TimeLimit:
            return JSONResponse(
                {
                    "detail": f"the scenario took longer than the server's limit of {pool.time_limit:g} s; "
                    "simplify it or run it with the casus command"
                },
                status_code=503,
            )
        except Busy:
            return JSONResponse({"detail": "every worker is busy; try again in a moment"}, status_code=503)
        except WorkerCrash:
            return JSONResponse({"detail": "the worker judging this scenario crashed; try again"}, status_code=503)
        if isinstance(payload, str):
            return HTMLResponse(payload, status_code=status)
        return JSONResponse(payload, status_code=status)

    async def text_of(request: Request) -> str | Response:
        raw = await request.body()
        try:
            text = decode(raw, work.SCENARIO_NAME)
        except InputError as exc:
            return JSONResponse(work._problems_json(exc.problems), status_code=422)
        if "json" in request.headers.get("content-type", ""):
            try:  # JSON is read as YAML too, but a JSON syntax error is clearer from the JSON parser
                json.loads(text)
            except json.JSONDecodeError as exc:
                problem = f"{work.SCENARIO_NAME}:{exc.lineno}:{exc.colno}: {exc.msg}"
                return JSONResponse(
                    {
                        "detail": "not JSON",
                        "problems": [
                            {
                                "line": exc.lineno,
                                "column": exc.colno,
                                "message": exc.msg,
                                "severity": "error",
                                "text": problem,
                            }
                        ],
                    },
                    status_code=422,
                )
        return text

    @app.post("/verdict", openapi_extra={"requestBody": SCENARIO_BODY}, responses=ERRORS, tags=["judge"])
    async def verdict(request: Request) -> Response:
        """The verdict: the same JSON as `casus run --format json`."""
        text = await text_of(request)
        return text if isinstance(text, Response) else await run(request, work.verdict, text)

    @app.post("/explain", openapi_extra={"requestBody": SCENARIO_BODY}, responses=ERRORS, tags=["judge"])
    async def explain(request: Request, treaty: str | None = None, outcome: str | None = None) -> Response:
        """Proof trees of each result (as `casus explain --format json`)."""
        text = await text_of(request)
        return text if isinstance(text, Response) else await run(request, work.explain, text, treaty, outcome)

    @app.post("/whatif", openapi_extra={"requestBody": SCENARIO_BODY}, responses=ERRORS, tags=["judge"])
    async def whatif(request: Request, max_changes: Annotated[int, Query(ge=1, le=3)] = 1) -> Response:
        """The fewest changes that flip each result, with YAML diffs (as `casus whatif --format json`)."""
        text = await text_of(request)
        return text if isinstance(text, Response) else await run(request, work.whatif, text, max_changes)

    @app.post("/validate", openapi_extra={"requestBody": SCENARIO_BODY}, responses=ERRORS, tags=["judge"])
    async def validate(request: Request) -> Response:
        """Every problem of the scenario, located (200 either way; `ok` says which)."""
        text = await text_of(request)
        return text if isinstance(text, Response) else await run(request, work.validate, text)

    @app.post(
        "/report",
        openapi_extra={"requestBody": SCENARIO_BODY},
        responses=ERRORS,
        tags=["judge"],
        response_class=HTMLResponse,
    )
    async def report(request: Request) -> Response:
        """The HTML report of the scenario (as `casus report --no-whatif` writes it)."""
        text = await text_of(request)
        return text if isinstance(text, Response) else await run(request, work.report, text)

    @app.get("/treaties", tags=["law"])
    async def treaties(request: Request, date: dt.date | None = None) -> Response:
        """Each treaty's members on a date (default today)."""
        return await run(request, work.treaties, date or dt.date.today())

    @app.get("/treaties/{treaty_id}", tags=["law"], responses={404: {"description": "No such treaty."}})
    async def treaty(request: Request, treaty_id: str, date: dt.date | None = None) -> Response:
        """One treaty: members on a date, provisions with citations, readings."""
        return await run(request, work.treaty, treaty_id, date or dt.date.today())

    @app.get("/schema", tags=["law"])
    async def schema(request: Request) -> Response:
        """JSON Schema of the scenario format (as `casus schema`)."""
        return await run(request, work.schema)

    @app.get("/scenarios", tags=["examples"])
    async def scenario_names() -> list[str]:
        """The shipped scenarios, by name."""
        return list(examples)

    @app.get(
        "/scenarios/{name:path}",
        tags=["examples"],
        response_class=PlainTextResponse,
        responses={404: {"description": "No shipped scenario of that name."}},
    )
    async def scenario_text(name: str) -> Response:
        """One shipped scenario's text (looked up in a table read at start-up)."""
        if name not in examples:
            return JSONResponse({"detail": f"no shipped scenario {name!r}; GET /scenarios lists them"}, 404)
        return PlainTextResponse(examples[name], media_type="application/yaml")

    @app.get("/", include_in_schema=False)
    async def page() -> HTMLResponse:
        return HTMLResponse((STATIC / "index.html").read_text(encoding="utf-8"))

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="casus API",
            swagger_js_url="/swagger/swagger-ui-bundle.js",
            swagger_css_url="/swagger/swagger-ui.css",
            swagger_favicon_url="/swagger/favicon.png",
            # No badge fetched from Swagger's online validator: the page stays offline.
            swagger_ui_parameters={"validatorUrl": None},
        )

    return app


def _swagger_dir() -> Path:
    """Swagger UI 5 (it reads OpenAPI 3.1, which FastAPI writes) as the fastapi-offline
    package ships it: served from here, never from a CDN."""
    import fastapi_offline

    return Path(fastapi_offline.__file__).resolve().parent / "static"

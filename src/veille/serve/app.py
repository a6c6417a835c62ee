"""The FastAPI app: the JSON API, and the dashboard's HTML pages (each with its JSON twin).

The app owns its store (one DuckDB connection; each request reads through its own cursor, writes
are serialised). HTML pages are static shells rendered in the browser by /static/app.js from their
JSON twin, so article text only ever reaches the page as text nodes; the Content-Security-Policy
forbids inline scripts and any other origin.
"""

from __future__ import annotations

import hmac
import html
import json
import os
from datetime import date
from importlib import resources as package_resources
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from veille import __version__
from veille.records import CERTAINTIES, EVENT_TYPES
from veille.serve.geo import capital_coordinates
from veille.serve.settings import Settings
from veille.serve.transfer import PayloadError, parse_payload
from veille.store import DuckDBStore, EventFilter

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

STATIC_DIR = Path(str(package_resources.files("veille") / "static"))

Limit = Annotated[int | None, Query(ge=1, description="Rows per page (default and maximum: see /api/settings)")]
# Upper bounds keep numbers the database cannot hold (offset=2**63) a 422, not a server error.
MAX_OFFSET = 1_000_000_000
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip")]


def create_app(store: DuckDBStore, settings: Settings | None = None, token: str | None = None,
               alerts_path: Path | None = None) -> FastAPI:
    """The app over an open store. `token` (else VEILLE_TOKEN) enables POST /api/articles;
    `alerts_path` is the watcher's alerts file (JSON Lines) shown at /alerts."""
    settings = settings or Settings.from_env()
    token = token if token is not None else os.environ.get("VEILLE_TOKEN") or None
    app = FastAPI(title="veille", version=__version__, docs_url=None, redoc_url=None,
                  description="French news dispatches coded as PLOVER events, quotes and casualties.")
    app.state.store, app.state.settings = store, settings

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def page_size(limit: int | None) -> int:
        return min(limit or settings.default_page_size, settings.max_page_size)

    def event_filter(country, actor, recipient, type, certainty, date_from, date_to, text,
                     cluster=None) -> EventFilter:
        return EventFilter(country=country, actor=actor, recipient=recipient, type=type, certainty=certainty,
                           date_from=date_from, date_to=date_to, text=text, cluster_id=cluster)

    # -- JSON API --------------------------------------------------------------------------
    @app.get("/api/health", tags=["meta"])
    def health() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "schema_version": store.schema_version(),
                "counts": store.counts(), "accepts_posts": token is not None}

    @app.get("/api/settings", tags=["meta"])
    def settings_table() -> dict[str, Any]:
        return {"settings": settings.table()}

    @app.get("/api/vocabulary", tags=["meta"])
    def vocabulary() -> dict[str, Any]:
        return {"types": list(EVENT_TYPES), "certainties": list(CERTAINTIES)}

    @app.get("/api/alerts", tags=["meta"])
    def alerts(limit: Limit = None) -> dict[str, Any]:
        """The latest alerts raised by `veille watch` (newest first)."""
        items = read_alerts(alerts_path, page_size(limit)) if alerts_path else []
        return {"items": items, "source": str(alerts_path) if alerts_path else None}

    @app.get("/api/events", tags=["events"])
    def events(country: str | None = None, actor: str | None = None, recipient: str | None = None,
               type: Annotated[str | None, Query(description="PLOVER type(s), comma-separated")] = None,
               certainty: Annotated[str | None, Query(description="certainty value(s), comma-separated")] = None,
               date_from: date | None = None, date_to: date | None = None,
               text: Annotated[str | None, Query(max_length=200)] = None,
               cluster: Annotated[str | None, Query(description="events of one cluster (same event, many articles)")] = None,
               limit: Limit = None, offset: Offset = 0) -> dict[str, Any]:
        filters = event_filter(country, actor, recipient, type, certainty, date_from, date_to, text, cluster)
        return store.events(filters, limit=page_size(limit), offset=offset).to_dict()

    @app.get("/api/events/{event_id:path}", tags=["events"])
    def event(event_id: str) -> dict[str, Any]:
        found = store.event(event_id)
        if found is None:
            raise HTTPException(404, f"no event {event_id}")
        return found

    @app.get("/api/clusters", tags=["events"])
    def clusters(type: str | None = None, min_sources: Annotated[int, Query(ge=1, le=MAX_OFFSET)] = 1,
                 limit: Limit = None, offset: Offset = 0) -> dict[str, Any]:
        return store.clusters(type=type, min_sources=min_sources, limit=page_size(limit), offset=offset).to_dict()

    @app.get("/api/quotes", tags=["quotes"])
    def quotes(speaker: str | None = None, text: Annotated[str | None, Query(max_length=200)] = None,
               code: str | None = None, limit: Limit = None, offset: Offset = 0) -> dict[str, Any]:
        return store.quotes(speaker=speaker, text=text, code=code, limit=page_size(limit), offset=offset).to_dict()

    @app.get("/api/casualties", tags=["casualties"])
    def casualties(country: str | None = None, kind: str | None = None, date_from: date | None = None,
                   date_to: date | None = None, limit: Limit = None, offset: Offset = 0) -> dict[str, Any]:
        return store.casualties(country=country, kind=kind, date_from=date_from, date_to=date_to,
                                limit=page_size(limit), offset=offset).to_dict()

    @app.get("/api/articles", tags=["articles"])
    def articles(text: Annotated[str | None, Query(max_length=200)] = None, limit: Limit = None,
                 offset: Offset = 0) -> dict[str, Any]:
        return store.articles(text=text, limit=page_size(limit), offset=offset).to_dict()

    @app.get("/api/articles/{article_id:path}", tags=["articles"])
    def article(article_id: str) -> dict[str, Any]:
        found = store.article(article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id}")
        return found

    @app.get("/api/actors", tags=["actors"])
    def actors(limit: Limit = None, offset: Offset = 0) -> dict[str, Any]:
        return store.actors(limit=page_size(limit), offset=offset).to_dict()

    @app.get("/api/actors/{code:path}", tags=["actors"])
    def actor(code: str) -> dict[str, Any]:
        return store.actor(code)

    @app.get("/api/stats/timeline", tags=["stats"])
    def timeline(interval: Annotated[str, Query(pattern="^(day|week|month)$")] = "day",
                 country: str | None = None, actor: str | None = None, recipient: str | None = None,
                 type: str | None = None, certainty: str | None = None, date_from: date | None = None,
                 date_to: date | None = None, text: Annotated[str | None, Query(max_length=200)] = None,
                 cluster: str | None = None) -> dict[str, Any]:
        filters = event_filter(country, actor, recipient, type, certainty, date_from, date_to, text, cluster)
        return {"interval": interval, "periods": store.timeline(filters, interval)}

    @app.get("/api/stats/map", tags=["stats"])
    def map_points(country: str | None = None, actor: str | None = None, recipient: str | None = None,
                   type: str | None = None, certainty: str | None = None, date_from: date | None = None,
                   date_to: date | None = None, text: Annotated[str | None, Query(max_length=200)] = None,
                   cluster: str | None = None) -> dict[str, Any]:
        filters = event_filter(country, actor, recipient, type, certainty, date_from, date_to, text, cluster)
        capitals = capital_coordinates()
        points = []
        for point in store.map_points(filters):
            point["approximate"] = point["lat"] is None
            if point["approximate"]:
                # Only the country is known: drawn at its capital, marked as approximate.
                if point["country"] not in capitals:
                    continue
                point["lat"], point["lon"] = capitals[point["country"]]
            points.append(point)
        return {"points": points}

    def check_token(request: Request) -> None:
        if token is None:
            raise HTTPException(403, "posting is disabled: start the server with VEILLE_TOKEN set")
        given = request.headers.get("authorization", "")
        given = given[7:] if given.lower().startswith("bearer ") else request.headers.get("x-veille-token", "")
        # Constant-time comparison: the time taken says nothing about how much of the token matched.
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "missing or wrong token")

    async def read_body(request: Request) -> Any:
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > settings.max_body_bytes):
            raise HTTPException(413, f"body larger than {settings.max_body_bytes} bytes")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > settings.max_body_bytes:
                raise HTTPException(413, f"body larger than {settings.max_body_bytes} bytes")
        try:
            return json.loads(body)
        except ValueError as error:
            raise HTTPException(422, f"body is not JSON: {error}") from None

    @app.post("/api/articles/hashes", tags=["articles"])
    async def stored_hashes(request: Request) -> dict[str, Any]:
        """Content hashes of stored articles, so that ingest codes only new or changed ones."""
        check_token(request)
        body = await read_body(request)
        ids = body.get("ids") if isinstance(body, dict) else None
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids) \
                or len(ids) > settings.max_articles_per_post:
            raise HTTPException(422, f'expected {{"ids": [...]}} with at most {settings.max_articles_per_post} ids')
        return {"hashes": store.stored_hashes(ids)}

    @app.post("/api/articles", tags=["articles"], status_code=200)
    async def post_articles(request: Request) -> JSONResponse:
        """Store coded articles (what `veille ingest` sends while the server owns the database)."""
        check_token(request)
        try:
            items = parse_payload(await read_body(request), settings.max_articles_per_post,
                                  settings.max_text_chars)
        except PayloadError as error:
            raise HTTPException(422, str(error)) from None
        from starlette.concurrency import run_in_threadpool

        result = await run_in_threadpool(store.upsert, items)
        return JSONResponse({**result.to_dict(), "counts": store.counts()})

    # -- HTML pages (each names its JSON twin) ----------------------------------------------
    def page(name: str, title: str, twin: str) -> HTMLResponse:
        return HTMLResponse(render_shell(name, title, twin))

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def dashboard(request: Request) -> HTMLResponse:
        return page("dashboard", "Événements", _with_query("/api/events", request))

    @app.get("/events/{event_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(event_id: str) -> HTMLResponse:
        return page("event", "Événement", f"/api/events/{quote(event_id, safe='')}")

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def articles_page(request: Request) -> HTMLResponse:
        return page("articles", "Dépêches", _with_query("/api/articles", request))

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str) -> HTMLResponse:
        return page("article", "Dépêche", f"/api/articles/{quote(article_id, safe='')}")

    @app.get("/actors", response_class=HTMLResponse, include_in_schema=False)
    def actors_page(request: Request) -> HTMLResponse:
        return page("actors", "Acteurs", _with_query("/api/actors", request))

    @app.get("/actors/{code:path}", response_class=HTMLResponse, include_in_schema=False)
    def actor_page(code: str) -> HTMLResponse:
        return page("actor", "Acteur", f"/api/actors/{quote(code, safe='')}")

    @app.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
    def quotes_page(request: Request) -> HTMLResponse:
        return page("quotes", "Citations", _with_query("/api/quotes", request))

    @app.get("/casualties", response_class=HTMLResponse, include_in_schema=False)
    def casualties_page(request: Request) -> HTMLResponse:
        return page("casualties", "Victimes", _with_query("/api/casualties", request))

    @app.get("/clusters", response_class=HTMLResponse, include_in_schema=False)
    def clusters_page(request: Request) -> HTMLResponse:
        return page("clusters", "Événements regroupés", _with_query("/api/clusters", request))

    @app.get("/alerts", response_class=HTMLResponse, include_in_schema=False)
    def alerts_page(request: Request) -> HTMLResponse:
        return page("alerts", "Alertes", _with_query("/api/alerts", request))

    @app.get("/settings", response_class=HTMLResponse, include_in_schema=False)
    def settings_page() -> HTMLResponse:
        return page("settings", "Réglages", "/api/settings")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


ALERTS_TAIL_BYTES = 2_000_000


def read_alerts(path: Path, limit: int) -> list[dict[str, Any]]:
    """The last `limit` alerts of a JSON Lines file, newest first (reads only its tail)."""
    try:
        with open(path, "rb") as alerts_file:
            alerts_file.seek(0, os.SEEK_END)
            size = alerts_file.tell()
            alerts_file.seek(max(0, size - ALERTS_TAIL_BYTES))
            tail = alerts_file.read().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return []
    lines = tail.splitlines()
    if len(tail.encode()) >= ALERTS_TAIL_BYTES:
        lines = lines[1:]  # the first line may be cut
    alerts: list[dict[str, Any]] = []
    for line in reversed(lines):
        try:
            alert = json.loads(line)
        except ValueError:
            continue  # a line being written, or damaged: skip it
        if isinstance(alert, dict):
            alerts.append(alert)
        if len(alerts) >= limit:
            break
    return alerts


def _with_query(path: str, request: Request) -> str:
    query = request.url.query
    return f"{path}?{query}" if query else path


NAV = (("/", "Événements"), ("/clusters?min_sources=2", "Regroupés"), ("/articles", "Dépêches"), ("/actors", "Acteurs"),
       ("/quotes", "Citations"), ("/casualties", "Victimes"), ("/alerts", "Alertes"), ("/settings", "Réglages"))


def render_shell(name: str, title: str, twin: str) -> str:
    """The HTML of a page: no data, no inline script; app.js renders it from `twin`."""
    twin_attr = html.escape(twin, quote=True)
    nav = "".join(f'<a href="{href}">{html.escape(label)}</a>' for href, label in NAV)
    return (
        '<!doctype html>\n<html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>veille — {html.escape(title)}</title>"
        '<link rel="stylesheet" href="/static/app.css">'
        f'<link rel="alternate" type="application/json" href="{twin_attr}">'
        '<script src="/static/app.js" defer></script></head>'
        f'<body data-page="{html.escape(name, quote=True)}" data-api="{twin_attr}">'
        f'<header><span class="brand">veille</span><nav>{nav}</nav>'
        f'<a class="twin" href="{twin_attr}">JSON</a></header>'
        f'<main id="main"><h1>{html.escape(title)}</h1><p class="loading">Chargement…</p></main>'
        "<footer>veille — données codées automatiquement ; chaque enregistrement renvoie à sa phrase source. "
        'Fond de carte : Natural Earth (domaine public).</footer></body></html>'
    )

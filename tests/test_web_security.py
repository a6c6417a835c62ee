"""The server as an attack surface: hostile stored text on every page (rendered DOM in headless
Chromium), the Content-Security-Policy, the write token, body and query limits, path parameters
that must never reach the filesystem, the default bind address, and a schemathesis run over
/openapi.json that must find no server error.

Already covered in test_browser.py::test_untrusted_text_is_never_markup (/, article, event, actor,
quotes, articles, alerts) and test_api.py (token, body limits, CSP on pages): this file adds the
other pages, payloads in actor codes, casualty victims and URLs, and the checks below."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from veille.records import Actor, Casualty
from veille.serve.app import create_app
from veille.serve.settings import Settings
from veille.store import open_store
from veille.store.examples import coded_pair, demo_pairs, event, quote

TOKEN = "web-security-token"
PAYLOAD_CODE = '<img src=x onerror="window.__xss=\'code\'">'
TEXT = ("Les rebelles <script>window.__xss='text'</script> ont attaqué le camp <svg onload=\"window.__xss='svg'\">"
        " et tué 4 <img src=q onerror=\"window.__xss='victims'\"> soldats.")


def hostile_pair():
    evidence = TEXT[: TEXT.index(" et tué")]
    attack = event(TEXT, evidence, "ASSAULT", [(PAYLOAD_CODE, "REB", "Les rebelles <b onclick=x>")],
                   [("MLI", "MIL", '<iframe src="javascript:window.__xss=6">')], day="2024-03-10")
    attack.actor = [Actor(code=PAYLOAD_CODE, sector="REB", text="<b>Les rebelles</b>",
                          name='<img src=n onerror="window.__xss=\'name\'">')]
    start = TEXT.index("4 <img")
    end = TEXT.index("soldats.") + len("soldats")
    casualty = Casualty(count=4, qualifier="exact", kind="killed", victims=TEXT[start + 2:end],
                        country="MLI", date="2024-03-10", evidence=TEXT[start:end], start=start, end=end)
    return coded_pair("<script>x</script>", TEXT, "2024-03-10", title="<svg onload=alert(1)>Titre",
                      events=[attack], casualties=[casualty],
                      quotes=[quote(TEXT, "<script>window.__xss='text'</script>",
                                    '<img src=s onerror="window.__xss=\'speaker\'">', PAYLOAD_CODE)])


@pytest.fixture(scope="module")
def store():
    opened = open_store(":memory:")
    opened.upsert(demo_pairs() + [hostile_pair()])
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def client(store):
    return TestClient(create_app(store, Settings(max_body_bytes=50_000), token=TOKEN))


# -- the rendered DOM ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def server_url(store):
    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(store, Settings(), token=None), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


ESC_ID = "%3Cscript%3Ex%3C%2Fscript%3E"
ESC_CODE = "%3Cimg%20src%3Dx%20onerror%3D%22window.__xss%3D'code'%22%3E"


@pytest.mark.browser
@pytest.mark.parametrize("path", [
    "/casualties", "/clusters", "/actors", "/settings", f"/articles/{ESC_ID}", f"/actors/{ESC_CODE}",
    f"/events/{ESC_ID}:e0", "/quotes", "/?text=%3Cscript%3Ewindow.__xss%3D1%3C%2Fscript%3E",
    "/articles/%3Cimg%20src%3Dx%20onerror%3Dwindow.__xss%3D2%3E", "/actors/%22%3E%3Cscript%3Ewindow.__xss%3D3%3C%2Fscript%3E",
])
def test_hostile_text_is_never_markup_on_any_page(browser, server_url, path):
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (errors.append("dialog: " + dialog.message), dialog.dismiss()))
    try:
        page.goto(server_url + path)
        page.wait_for_selector("body[data-ready]", timeout=15_000)
        assert page.evaluate("window.__xss") is None
        assert page.locator("main script, main img[onerror], main iframe, main [onload], main [onclick]").count() == 0
        assert errors == []
    finally:
        context.close()


# -- headers, token, limits ----------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/", "/casualties", "/clusters", "/actors", "/settings", "/api/events",
                                  "/static/app.js", "/does-not-exist"])
def test_every_response_carries_a_csp_without_inline_script(client, path):
    response = client.get(path)
    policy = response.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if " " in d.strip())
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
    assert directives["default-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    if response.headers.get("content-type", "").startswith("text/html") and response.status_code == 200:
        import re

        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", response.text, re.S)
        assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts)


def test_write_endpoints_need_the_token_compared_in_constant_time(client, monkeypatch):
    import hmac

    import veille.serve.app as app_module

    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest
    monkeypatch.setattr(app_module.hmac, "compare_digest", lambda a, b: calls.append((a, b)) or real(a, b))
    for path in ("/api/articles", "/api/articles/hashes"):
        assert client.post(path, json={"articles": []}).status_code == 401
        assert client.post(path, json={"ids": []}, headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert client.post(path, json={"ids": []}, headers={"X-Veille-Token": TOKEN[:-1]}).status_code == 401
    assert calls and all(b == TOKEN.encode() for _, b in calls)
    assert client.post("/api/articles/hashes", json={"ids": []},
                       headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    # Only the POST endpoints write; no other method is routed anywhere.
    for method in ("put", "delete", "patch"):
        assert getattr(client, method)("/api/articles").status_code == 405


def test_body_limits_with_and_without_content_length(client):
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    big = b'{"articles": [' + b'"x",' * 20_000 + b'"x"]}'
    assert client.post("/api/articles", content=big, headers=auth).status_code == 413

    def chunks():
        for _ in range(100):
            yield b" " * 1_000

    response = client.post("/api/articles", content=chunks(), headers=auth)  # chunked: no Content-Length
    assert response.status_code == 413
    assert client.post("/api/articles", content=b"{", headers=auth).status_code in (400, 422)


@pytest.mark.parametrize("query", ["text=" + "a" * 201, "limit=0", "limit=-1", "offset=-5", "limit=abc",
                                   "date_from=2024-13-45", "interval=year"])
def test_query_limits_are_client_errors(client, query):
    path = "/api/stats/timeline" if query.startswith("interval") else "/api/events"
    assert client.get(f"{path}?{query}").status_code == 422


def test_page_size_is_capped_and_long_queries_never_fail_the_server(client):
    assert len(client.get("/api/events?limit=100000000").json()["items"]) <= Settings().max_page_size
    assert client.get("/api/events?offset=99999999999").status_code in (200, 422)
    assert client.get("/api/events?country=" + "x" * 50_000).status_code < 500
    assert client.get("/api/events?" + "&".join(f"type=T{i}" for i in range(2_000))).status_code < 500


def test_ids_with_slashes_and_markup_are_reachable(client):
    """Folder ingest makes ids like "sub/page"; a "/" in an id must not make it unreachable."""
    assert client.get(f"/api/articles/{ESC_ID}").json()["id"] == "<script>x</script>"
    assert client.get(f"/api/events/{ESC_ID}:e0").status_code == 200


@pytest.mark.parametrize("path", [
    "/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static/..%2F..%2F..%2Fetc%2Fpasswd",
    "/static//etc/passwd", "/api/articles/..%2F..%2F..%2Fetc%2Fpasswd", "/articles/%2Fetc%2Fpasswd",
    "/api/actors/..%2F..%2Fetc%2Fpasswd", "/api/events/%2Fetc%2Fpasswd", "/static/app.js%00.txt",
    "/api/alerts?path=/etc/passwd", "/static/..%5C..%5Cetc%5Cpasswd",
])
def test_no_path_parameter_reaches_the_filesystem(client, path):
    response = client.get(path)
    assert "root:" not in response.text
    assert response.status_code < 500


def test_the_server_binds_the_loopback_by_default():
    from veille.serve.commands import serve_command

    host = next(p for p in serve_command.params if p.name == "host")
    assert host.default == "127.0.0.1"


# -- schemathesis ---------------------------------------------------------------------------------
def _schemathesis_schema():
    schemathesis = pytest.importorskip("schemathesis")
    opened = open_store(":memory:")
    opened.upsert(demo_pairs() + [hostile_pair()])
    app = create_app(opened, Settings(max_body_bytes=50_000), token=TOKEN)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


schema = _schemathesis_schema()


@schema.parametrize()
@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_openapi_schema_fuzzing_finds_no_server_error(case):
    from schemathesis.checks import not_a_server_error

    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {TOKEN}"}
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error], excluded_checks=[])
    assert response.status_code < 500

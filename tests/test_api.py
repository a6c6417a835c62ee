"""The API and the HTML pages through FastAPI's test client (no browser, no network)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from veille.serve.app import create_app
from veille.serve.settings import Settings
from veille.serve.transfer import article_payload
from veille.store import open_store
from veille.store.examples import coded_pair, demo_pairs, event

TOKEN = "s3cret-token-for-tests"


@pytest.fixture
def store():
    with open_store(":memory:") as opened:
        opened.upsert(demo_pairs())
        yield opened


@pytest.fixture
def client(store):
    settings = Settings(max_body_bytes=20_000, max_articles_per_post=5, max_page_size=2)
    return TestClient(create_app(store, settings, token=TOKEN))


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_openapi_lists_the_endpoints(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/events", "/api/events/{event_id}", "/api/quotes", "/api/casualties",
                 "/api/articles/{article_id}", "/api/actors", "/api/stats/timeline", "/api/health", "/api/articles"):
        assert path in paths
    assert "post" in paths["/api/articles"]


def test_events_filters_and_paging(client):
    everything = client.get("/api/events").json()
    assert everything["total"] == 3 and everything["limit"] == 2  # capped by max_page_size
    second = client.get("/api/events", params={"offset": 2}).json()
    assert len(second["items"]) == 1
    assert client.get("/api/events", params={"country": "SEN"}).json()["total"] == 1
    assert client.get("/api/events", params={"actor": "FRA", "type": "CONSULT"}).json()["total"] == 1
    assert client.get("/api/events", params={"recipient": "MLI"}).json()["total"] == 2
    assert client.get("/api/events", params={"certainty": "denied"}).json()["total"] == 0
    assert client.get("/api/events", params={"date_from": "2024-03-06", "date_to": "2024-03-31"}).json()["total"] == 1
    assert client.get("/api/events", params={"text": "Gao"}).json()["total"] == 2
    assert client.get("/api/events", params={"date_from": "mardi"}).status_code == 422
    assert client.get("/api/events", params={"limit": 0}).status_code == 422


def test_event_detail_and_404(client):
    found = client.get("/api/events/d1:e0").json()
    assert found["type"] == "ASSAULT" and found["cluster"]["source_count"] == 2
    assert found["actor"][0]["code"] == "MLI" and found["quad"] == 4
    assert client.get("/api/events/nope").status_code == 404
    assert client.get("/api/articles/nope").status_code == 404


def test_quotes_casualties_actors_timeline_map(client):
    quotes = client.get("/api/quotes", params={"speaker": "diallo"}).json()
    assert quotes["items"][0]["text"] == "Nous ne céderons pas"
    assert client.get("/api/quotes", params={"text": "céderons"}).json()["total"] == 1
    assert client.get("/api/quotes", params={"speaker": "Nobody"}).json()["total"] == 0
    assert client.get("/api/casualties", params={"country": "MLI", "kind": "killed"}).json()["total"] == 2
    actors = {a["code"]: a for a in client.get("/api/actors", params={"limit": 2}).json()["items"]}
    assert actors["MLI"]["as_actor"] == 2
    actor = client.get("/api/actors/FRA").json()
    assert actor["dyads"][0] == {"actor": "FRA", "recipient": "SEN", "type": "CONSULT", "events": 1}
    weeks = client.get("/api/stats/timeline", params={"interval": "week"}).json()["periods"]
    assert sum(p["cooperation"] for p in weeks) == 1 and sum(p["conflict"] for p in weeks) == 2
    assert client.get("/api/stats/timeline", params={"interval": "year"}).status_code == 422
    points = client.get("/api/stats/map").json()["points"]
    assert points[0]["name"] == "Gao" and points[0]["approximate"] is False


def test_article_with_every_span(client):
    article = client.get("/api/articles/d1").json()
    assert {s["kind"] for s in article["spans"]} == {"event", "quote", "casualty", "timex"}
    for span in article["spans"]:
        assert 0 <= span["start"] < span["end"] <= len(article["text"]) and span["record_id"]


def test_health_and_settings(client):
    health = client.get("/api/health").json()
    assert health["status"] == "ok" and health["counts"]["articles"] == 3 and health["accepts_posts"]
    names = [s["name"] for s in client.get("/api/settings").json()["settings"]]
    assert "max_body_bytes" in names and all(
        {"name", "value", "default", "help"} <= set(s) for s in client.get("/api/settings").json()["settings"])


def _payload(*ids: str) -> dict:
    pairs = []
    for i in ids:
        text = f"La police a arrêté dix personnes lundi à Lomé ({i})."
        pairs.append(coded_pair(i, text, "2024-04-01", events=[
            event(text, "La police a arrêté dix personnes", "COERCE", [("TGO", "COP", "La police")])]))
    return article_payload(pairs)


def test_post_articles_needs_the_token(client):
    body = _payload("p1")
    assert client.post("/api/articles", json=body).status_code == 401
    assert client.post("/api/articles", json=body, headers=auth("wrong")).status_code == 401
    assert client.post("/api/articles", json=body, headers={"X-Veille-Token": TOKEN}).status_code == 200


def test_post_articles_is_idempotent(client):
    first = client.post("/api/articles", json=_payload("p1", "p2"), headers=auth()).json()
    again = client.post("/api/articles", json=_payload("p1", "p2"), headers=auth()).json()
    assert (first["inserted"], again["unchanged"]) == (2, 2)
    assert again["counts"]["articles"] == 5
    hashes = client.post("/api/articles/hashes", json={"ids": ["p1", "zz"]}, headers=auth()).json()["hashes"]
    assert list(hashes) == ["p1"]


def test_post_limits(client):
    assert client.post("/api/articles", json=_payload(*[f"n{i}" for i in range(6)]),
                       headers=auth()).status_code == 422  # more than max_articles_per_post
    big = {"articles": [{"article": {"id": "big", "text": "x" * 30_000}, "coded": {}}]}
    assert client.post("/api/articles", json=big, headers=auth()).status_code == 413
    streamed = client.post("/api/articles", content=iter([b"{" + b" " * 25_000 + b"}"]),
                           headers={**auth(), "Content-Type": "application/json"})
    assert streamed.status_code == 413  # no Content-Length: counted while reading
    assert client.post("/api/articles", content=b"[1, 2", headers=auth()).status_code == 422
    assert client.post("/api/articles", json={"articles": [{"article": {"id": "a"}}]},
                       headers=auth()).status_code == 422


def test_post_disabled_without_token(store):
    client = TestClient(create_app(store, Settings(), token=None))
    assert client.post("/api/articles", json=_payload("p1"), headers=auth()).status_code == 403


@pytest.mark.parametrize("path", ["/", "/articles/d1", "/events/d1:e0", "/actors/MLI", "/actors", "/quotes",
                                  "/casualties", "/clusters", "/articles", "/settings", "/alerts"])
def test_pages_have_a_json_twin_and_a_strict_csp(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    page = response.text
    assert "<script>" not in page and "onload=" not in page  # no inline script
    twin = page.split('data-api="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert client.get(twin).status_code == 200


def test_page_paths_and_queries_are_escaped(client):
    payload = '<script>alert(1)</script>"onerror="x'
    page = client.get("/articles/" + payload).text
    assert "<script>alert" not in page and '"onerror="' not in page
    dashboard = client.get("/", params={"text": payload}).text
    assert "<script>alert" not in dashboard and '"onerror="' not in dashboard


def test_untrusted_text_stays_data_in_json(client):
    text = 'Un texte <img src=x onerror="alert(1)"> et <script>alert(2)</script> ici.'
    body = article_payload([coded_pair("xss", text, "2024-04-02", title="<script>alert(3)</script>")])
    assert client.post("/api/articles", json=body, headers=auth()).status_code == 200
    response = client.get("/api/articles/xss")
    assert response.headers["content-type"] == "application/json"
    assert json.loads(response.text)["text"] == text


def test_static_assets_are_local(client):
    script = client.get("/static/app.js").text
    assert "innerHTML" not in script.replace("never innerHTML", "") and "http://" not in script.replace(
        "http://www.w3.org/2000/svg", "")
    assert client.get("/static/world.svg").status_code == 200
    assert client.get("/static/app.css").status_code == 200


def test_events_of_one_cluster(client):
    cluster = client.get("/api/clusters", params={"min_sources": 2}).json()["items"][0]
    events = client.get("/api/events", params={"cluster": cluster["id"]}).json()
    assert events["total"] == 2 and {e["article_id"] for e in events["items"]} == {"d1", "d2"}
    periods = client.get("/api/stats/timeline", params={"cluster": cluster["id"]}).json()["periods"]
    assert sum(p["conflict"] for p in periods) == 2


def test_ingest_goes_through_the_running_server(tmp_path):
    """While a server owns the file, `veille ingest --db FILE` finds it beside the file and posts."""
    import socket
    import threading
    import time

    import uvicorn
    from click.testing import CliRunner

    from veille.serve.commands import ingest_command
    from veille.serve.transfer import announce_server, running_server, withdraw_server

    db = tmp_path / "served.duckdb"
    source = tmp_path / "coded.jsonl"
    source.write_text("\n".join(json.dumps({**coded.to_dict(), "text": article.text}, ensure_ascii=False)
                                for article, coded in demo_pairs()) + "\n", encoding="utf-8")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with open_store(db) as store:
        # A small body limit: the ingest must split its batch to get under it.
        settings = Settings(max_body_bytes=3_000)
        server = uvicorn.Server(uvicorn.Config(create_app(store, settings, token=TOKEN), host="127.0.0.1",
                                               port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        announce_server(db, f"http://127.0.0.1:{port}", TOKEN)
        try:
            assert running_server(db)["url"].endswith(str(port))
            runner = CliRunner()
            first = runner.invoke(ingest_command, [str(source), "--coded", "--db", str(db)])
            assert first.exit_code == 0, first.output
            assert f"127.0.0.1:{port}" in first.output and "3 inserted" in first.output
            again = runner.invoke(ingest_command, [str(source), "--coded", "--db", str(db)])
            assert "3 unchanged" in again.output
            assert store.counts()["articles"] == 3
        finally:
            withdraw_server(db)
            server.should_exit = True
            thread.join(timeout=10)
    assert running_server(db) is None


def test_alerts_are_read_from_the_watchers_file(store, tmp_path):
    path = tmp_path / "v.duckdb.alerts.jsonl"
    lines = [json.dumps({"id": str(i), "rule": "spike", "severity": "high", "description": f"alerte {i}"})
             for i in range(5)]
    path.write_text("\n".join(lines) + "\n{\"id\": \"torn", encoding="utf-8")  # last line being written
    client = TestClient(create_app(store, Settings(), token=None, alerts_path=path))
    items = client.get("/api/alerts", params={"limit": 3}).json()["items"]
    assert [a["id"] for a in items] == ["4", "3", "2"]
    missing = TestClient(create_app(store, Settings(), token=None, alerts_path=tmp_path / "none.jsonl"))
    assert missing.get("/api/alerts").json()["items"] == []


def test_export_through_a_server_pages_with_its_cap(store, tmp_path, monkeypatch):
    """`veille export --server` reads every event even when the server caps pages (here at 2)."""
    import csv

    import httpx
    from click.testing import CliRunner

    from veille.serve.commands import export_command

    app = create_app(store, Settings(max_page_size=2), token=None)
    # The export's HTTP client, pointed at the app in this process instead of a socket.
    monkeypatch.setattr(httpx, "Client", lambda base_url, timeout: TestClient(app))
    out = tmp_path / "events.csv"
    result = CliRunner().invoke(export_command, ["--format", "csv", "-o", str(out), "--server", "http://test"])
    assert result.exit_code == 0, result.output
    assert len(list(csv.DictReader(out.open(encoding="utf-8")))) == 3

"""The dashboard in headless Chromium (Debian's /usr/bin/chromium driven by Playwright): load it,
filter, open an article, follow a highlighted span; and untrusted text that tries to run script."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from veille.serve.app import create_app
from veille.serve.settings import Settings
from veille.store import open_store
from veille.store.examples import coded_pair, demo_pairs, event, quote

pytestmark = pytest.mark.browser


XSS_TITLE = "<script>window.__xss = 'title'</script>Titre piégé"
XSS_TEXT = ('Le groupe <img src=x onerror="window.__xss=\'text\'"> a accusé le gouvernement '
            "<script>window.__xss='script'</script> de fraude électorale.")


def _xss_pair():
    evidence = 'Le groupe <img src=x onerror="window.__xss=\'text\'"> a accusé le gouvernement'
    return coded_pair("xss", XSS_TEXT, "2024-03-10", title=XSS_TITLE, events=[
        event(XSS_TEXT, evidence, "ACCUSE", [("TGO", "OPP", '<b onmouseover="window.__xss=1">groupe</b>')],
              [("TGO", "GOV", "le gouvernement")], day="2024-03-10")],
        quotes=[quote(XSS_TEXT, "<script>window.__xss='script'</script>", '<img src=y onerror="window.__xss=4">',
                      "TGO")])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server_url(tmp_path_factory):
    import json

    import uvicorn

    store = open_store(":memory:")
    store.upsert(demo_pairs() + [_xss_pair()])
    alerts = tmp_path_factory.mktemp("alerts") / "alerts.jsonl"
    alerts.write_text(json.dumps({"id": "a1", "rule": "<script>window.__xss='rule'</script>", "severity": "high",
                                  "description": '<img src=z onerror="window.__xss=5">', "country": "TGO",
                                  "article_id": "xss", "title": XSS_TITLE}) + "\n", encoding="utf-8")
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store, Settings(), token=None, alerts_path=alerts),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the test server did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    opened = context.new_page()
    opened.errors = []
    opened.on("pageerror", lambda error: opened.errors.append(str(error)))
    opened.on("dialog", lambda dialog: (opened.errors.append("dialog: " + dialog.message), dialog.dismiss()))
    yield opened
    context.close()


def ready(page) -> None:
    page.wait_for_selector("body[data-ready='true']", timeout=15_000)


def test_dashboard_filter_and_article(page, server_url):
    page.goto(server_url + "/")
    ready(page)
    assert page.locator("table.records tbody tr").count() == 4
    assert page.locator("svg.timeline rect").count() > 0
    assert page.locator("svg.map circle").count() >= 1

    page.select_option("#f-type", "ASSAULT")
    with page.expect_navigation():
        page.click("#apply")
    ready(page)
    assert "type=ASSAULT" in page.url
    rows = page.locator("table.records tbody tr")
    assert rows.count() == 2
    assert all(t == "ASSAULT" for t in page.locator("table.records tbody tr td:nth-child(2) a").all_inner_texts())

    # The evidence link opens the article at the event's highlighted span.
    row = page.locator("tr[data-event-id='d1:e0']")
    with page.expect_navigation():
        row.locator("td:nth-child(7) a").click()
    ready(page)
    assert "/articles/d1" in page.url
    marks = page.locator("a.span.k-event[data-records~='d1:e0']")
    assert "".join(marks.all_inner_texts()) == "Des rebelles ont attaqué mardi un poste de l'armée près de Gao"
    assert page.locator("[id='span-d1:e0']").count() == 1
    assert page.locator("a.span.k-quote").count() >= 1 and page.locator("a.span.k-casualty").count() >= 1
    # A highlighted span links to its record in the lists below the text.
    page.locator("a.span.k-quote").first.click()
    assert page.url.endswith("#rec-d1:q0")
    assert "Amadou Diallo" in page.locator("[id='rec-d1:q0']").inner_text()
    assert page.errors == []


def test_actor_page(page, server_url):
    page.goto(server_url + "/actors/MLI")
    ready(page)
    text = page.locator("main").inner_text()
    assert "Dyades" in text and "Amadou Diallo" in text and "killed" in text
    assert page.errors == []


@pytest.mark.parametrize("path", ["/", "/articles/xss", "/events/xss:e0", "/actors/TGO", "/quotes", "/articles",
                                  "/alerts"])
def test_untrusted_text_is_never_markup(page, server_url, path):
    page.goto(server_url + path)
    ready(page)
    assert page.evaluate("window.__xss") is None
    assert page.locator("main script, main img, main b").count() == 0
    assert page.errors == []
    if path == "/articles/xss":
        shown = page.locator("#article-text").inner_text()
        assert shown == XSS_TEXT  # shown verbatim, as text
        assert XSS_TITLE in page.locator("h1").inner_text()

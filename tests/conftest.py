"""Shared fixtures: one spaCy pipeline for the whole test session, and a way to build the
DocContext an extractor reads from a French sentence written for the test."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    from veille.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def resources():
    from veille.resources import load_resources

    return load_resources()


@pytest.fixture(scope="session")
def coder():
    """One Coder for the session. A test that changes its stages or time limit restores them."""
    from veille import Coder

    return Coder(workers=1)


@pytest.fixture
def make_context(nlp, resources):
    """make_context(text, published="2021-04-06") -> DocContext with nothing extracted yet."""
    from veille.extract.context import DocContext
    from veille.records import Article

    def build(text: str, published: str | None = "2021-04-06", title: str = "") -> DocContext:
        article = Article(id="t", text=text, title=title,
                          published=date.fromisoformat(published) if published else None)
        return DocContext(article=article, doc=nlp(text), resources=resources)

    return build


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright (its own browser download cannot work
    offline). Missing Chromium fails, never skips: `make install` installs it."""
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing at /usr/bin/chromium: `make install` installs it "
                    "(Debian packages chromium and chromium-driver)", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()

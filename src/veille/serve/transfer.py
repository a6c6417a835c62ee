"""What travels from `veille ingest` to a running server (POST /api/articles), and where the
server announces itself so that ingest finds it.

The server owns the DuckDB file while it runs (DuckDB lets one process hold a file), so ingest
codes articles itself and posts {"articles": [{"article": {...}, "coded": {...}}, ...]}. The server
writes `<db>.server.json` (url, pid, token; readable by its user only) beside the database and
removes it on exit.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterable

from veille.records import Article, CodedArticle


class PayloadError(ValueError):
    """A POST body that is not a list of coded articles."""


def article_payload(items: Iterable[tuple[Article, CodedArticle]]) -> dict[str, Any]:
    return {"articles": [{"article": article.to_dict(), "coded": coded.to_dict()} for article, coded in items]}


def parse_payload(body: Any, max_articles: int, max_text_chars: int) -> list[tuple[Article, CodedArticle]]:
    if not isinstance(body, dict) or not isinstance(body.get("articles"), list):
        raise PayloadError('expected {"articles": [{"article": {...}, "coded": {...}}, ...]}')
    entries = body["articles"]
    if len(entries) > max_articles:
        raise PayloadError(f"{len(entries)} articles in one request; at most {max_articles}")
    items: list[tuple[Article, CodedArticle]] = []
    for n, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("article"), dict) \
                or not isinstance(entry.get("coded"), dict):
            raise PayloadError(f"articles[{n}]: expected an object with 'article' and 'coded'")
        raw = entry["article"]
        if not isinstance(raw.get("id"), str) or not raw["id"] or not isinstance(raw.get("text"), str):
            raise PayloadError(f"articles[{n}].article: 'id' and 'text' must be non-empty strings")
        if len(raw["text"]) > max_text_chars:
            raise PayloadError(f"articles[{n}]: text longer than {max_text_chars} characters")
        try:
            article = Article.from_dict(raw)
            coded = CodedArticle.from_dict(entry["coded"])
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise PayloadError(f"articles[{n}]: {error}") from None
        if coded.id != article.id:
            raise PayloadError(f"articles[{n}]: coded id {coded.id!r} is not article id {article.id!r}")
        items.append((article, coded))
    return items


def server_file(db_path: str | Path) -> Path:
    return Path(f"{db_path}.server.json")


def announce_server(db_path: str | Path, url: str, token: str) -> Path:
    path = server_file(db_path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        json.dump({"url": url, "pid": os.getpid(), "token": token}, out)
    return path


def running_server(db_path: str | Path) -> dict[str, Any] | None:
    """The server announced beside this database, if its process is still alive."""
    path = server_file(db_path)
    try:
        info = json.loads(path.read_text())
        os.kill(int(info["pid"]), 0)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no file, unreadable, or a stale file left by a killed server
    return info


def withdraw_server(db_path: str | Path) -> None:
    path = server_file(db_path)
    try:
        if json.loads(path.read_text()).get("pid") == os.getpid():
            path.unlink()
    except (OSError, ValueError):
        pass

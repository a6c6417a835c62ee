"""SOURCES.yaml and the alert rules file: read, checked against their JSON Schemas (draft 2020-12,
in `watch/schema/`), turned into typed settings. Errors name the file and the line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any


SCHEMA_DIR = Path(__file__).parent / "schema"

DEFAULT_INTERVAL = 600.0
DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 5_000_000
DEFAULT_RETRY_BASE = 60.0
DEFAULT_RETRY_MAX = 6 * 3600.0
DEFAULT_USER_AGENT = "veille-watch/0.1 (+https://github.com/veille)"


class ConfigError(ValueError):
    """A sources or alerts file that is missing, not YAML, or does not match its schema."""


@lru_cache(maxsize=None)
def _schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def load_yaml(path: Path, schema_name: str) -> Any:
    """Parse and validate one YAML file against `watch/schema/<schema_name>.schema.json`."""
    import jsonschema

    from veille.resources import load_yaml as load_checked_yaml

    return load_checked_yaml(path, _schema(schema_name), error=ConfigError,
                             format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """What the watcher may fetch when it follows links found in feeds."""

    allow_private: bool = False
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    user_agent: str = DEFAULT_USER_AGENT


@dataclass(frozen=True, slots=True)
class SourceConfig:
    name: str
    feed: str | None = None        # http(s) URL or absolute local path
    folder: Path | None = None
    interval: float = DEFAULT_INTERVAL
    fetch_pages: bool = True
    policy: FetchPolicy = FetchPolicy()
    published: date | None = None

    @property
    def is_remote(self) -> bool:
        return bool(self.feed) and self.feed.lower().startswith(("http://", "https://"))


@dataclass(slots=True)
class WatchConfig:
    path: Path
    sources: list[SourceConfig]
    interval: float = DEFAULT_INTERVAL
    state_path: Path | None = None
    alerts_path: Path | None = None
    alerts_out: Path | None = None
    webhook: str | None = None
    policy: FetchPolicy = FetchPolicy()
    retry_base: float = DEFAULT_RETRY_BASE
    retry_max: float = DEFAULT_RETRY_MAX
    batch_size: int = 32


def load_sources(path: str | Path) -> WatchConfig:
    """Read SOURCES.yaml; relative paths in it are relative to its folder."""
    path = Path(path)
    data = load_yaml(path, "sources")
    base = path.resolve().parent

    def local(value: str | None) -> Path | None:
        return None if value is None else (base / value).resolve()

    policy = FetchPolicy(allow_private=bool(data.get("allow_private", False)),
                         timeout=float(data.get("timeout", DEFAULT_TIMEOUT)),
                         max_bytes=int(data.get("max_bytes", DEFAULT_MAX_BYTES)),
                         user_agent=data.get("user_agent", DEFAULT_USER_AGENT))
    interval = float(data.get("interval", DEFAULT_INTERVAL))
    sources: list[SourceConfig] = []
    names: set[str] = set()
    for i, raw in enumerate(data["sources"]):
        name = raw["name"]
        if name in names:
            line = _line_of(path.read_text(encoding="utf-8"), ["sources", i])
            raise ConfigError(f"{path}:{line or '?'}: sources/{i}: duplicate source name {name!r}")
        names.add(name)
        feed = raw.get("feed")
        if feed and not feed.lower().startswith(("http://", "https://")):
            if feed.lower().startswith("file://"):
                feed = feed[len("file://"):]
            feed = str(local(feed))
        source_policy = FetchPolicy(allow_private=bool(raw.get("allow_private", policy.allow_private)),
                                    timeout=policy.timeout, max_bytes=policy.max_bytes,
                                    user_agent=policy.user_agent)
        sources.append(SourceConfig(
            name=name, feed=feed, folder=local(raw.get("folder")),
            interval=float(raw.get("interval", interval)), fetch_pages=bool(raw.get("fetch_pages", True)),
            policy=source_policy,
            published=date.fromisoformat(raw["published"]) if raw.get("published") else None))
    return WatchConfig(
        path=path, sources=sources, interval=interval, state_path=local(data.get("state")),
        alerts_path=local(data.get("alerts")), alerts_out=local(data.get("alerts_out")),
        webhook=data.get("webhook"), policy=policy,
        retry_base=float(data.get("retry_base", DEFAULT_RETRY_BASE)),
        retry_max=float(data.get("retry_max", DEFAULT_RETRY_MAX)),
        batch_size=int(data.get("batch_size", 32)))

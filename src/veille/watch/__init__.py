"""Watching: poll RSS/Atom feeds and folders, code what is new, store it, raise alerts.

    veille watch sources.yaml --db veille.duckdb          # until interrupted
    veille watch sources.yaml --once                      # one pass (cron)

Python: `Watcher(load_sources(path), sink=store.upsert).run_forever(stop_event)`.
Names are imported on first use, so that `veille --help` does not pay for YAML and the rest.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Alert": "veille.watch.alerts", "AlertEngine": "veille.watch.alerts", "load_rules": "veille.watch.alerts",
    "read_alerts": "veille.watch.alerts", "ConfigError": "veille.watch.config", "FetchPolicy": "veille.watch.config",
    "SourceConfig": "veille.watch.config", "WatchConfig": "veille.watch.config", "load_sources": "veille.watch.config",
    "PollReport": "veille.watch.watcher", "Watcher": "veille.watch.watcher",
    "BackgroundWatch": "veille.watch.watcher", "watch_in_background": "veille.watch.watcher",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'veille.watch' has no attribute {name!r}")

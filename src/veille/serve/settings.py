"""The server's settings as one table of (name, default, help), like datasette's.

Each setting can be given as an environment variable VEILLE_<NAME upper-cased>; `GET /api/settings`
and the /settings page show the table with the values in force.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from typing import Any, NamedTuple


class Setting(NamedTuple):
    name: str
    default: int
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("default_page_size", 50, "Rows per page when a request gives no limit"),
    Setting("max_page_size", 1000, "Largest limit a request may ask for"),
    Setting("max_body_bytes", 20_000_000, "Largest POST /api/articles body, in bytes (413 beyond)"),
    Setting("max_articles_per_post", 1000, "Most articles one POST /api/articles may carry"),
    Setting("max_text_chars", 1_000_000, "Longest article text a POST may store, in characters"),
    Setting("cluster_window_days", 3, "Days between two reports of one event for them to share a cluster"),
)


@dataclass(frozen=True, slots=True)
class Settings:
    default_page_size: int = 50
    max_page_size: int = 1000
    max_body_bytes: int = 20_000_000
    max_articles_per_post: int = 1000
    max_text_chars: int = 1_000_000
    cluster_window_days: int = 3

    @classmethod
    def from_env(cls, **overrides: int) -> "Settings":
        values: dict[str, int] = {}
        for setting in SETTINGS:
            raw = os.environ.get(f"VEILLE_{setting.name.upper()}")
            values[setting.name] = int(raw) if raw else setting.default
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def table(self) -> list[dict[str, Any]]:
        return [{"name": s.name, "value": getattr(self, s.name), "default": s.default, "help": s.help}
                for s in SETTINGS]


assert [f.name for f in fields(Settings)] == [s.name for s in SETTINGS], "Settings and SETTINGS disagree"

"""One event, many articles: group the reports of the same event into clusters.

Two event records belong to the same cluster when they share the PLOVER type, the actor codes,
the recipient codes and the place (the location's country), and their dates fall within a window
of each other (chained: a report three days after the last report of a cluster extends it). GDELT
merges only exact repeats of one (date, dyad, type); a window lets a follow-up dispatch that
dates the event "mardi" join the first report that dated it by publication day.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, Sequence

DEFAULT_WINDOW_DAYS = 3


def cluster_key(type: str, actor_codes: Sequence[str | None], recipient_codes: Sequence[str | None],
                country: str | None) -> str:
    """The fields that must be equal for two reports to be one event (dates aside)."""
    actors = ",".join(sorted({c for c in actor_codes if c}))
    recipients = ",".join(sorted({c for c in recipient_codes if c}))
    return f"{type}|{actors}|{recipients}|{country or ''}"


@dataclass(slots=True)
class ReportedEvent:
    """What clustering needs of one stored event record."""

    id: str
    article_id: str
    cluster_key: str
    day: date | None  # the event's (first) day, else the article's publication day
    published: date | None


@dataclass(slots=True)
class Cluster:
    id: str
    cluster_key: str
    event_ids: list[str]
    date_first: date | None
    date_last: date | None
    first_report: date | None
    last_report: date | None
    source_count: int


def _cluster_id(key: str, anchor_event_id: str) -> str:
    # Stable across runs: the same reports give the same id, whatever the ingest order.
    return "c-" + hashlib.sha1(f"{key}\x1f{anchor_event_id}".encode()).hexdigest()[:12]


def assign_clusters(events: Iterable[ReportedEvent], window_days: int = DEFAULT_WINDOW_DAYS) -> list[Cluster]:
    """Group events (of any keys) into clusters; every event lands in exactly one cluster."""
    by_key: dict[str, list[ReportedEvent]] = {}
    for event in events:
        by_key.setdefault(event.cluster_key, []).append(event)
    window = timedelta(days=window_days)
    clusters: list[Cluster] = []
    for key, members in by_key.items():
        # Undated events (no date, no publication day) cluster among themselves.
        members.sort(key=lambda e: (e.day is None, e.day or date.min, e.id))
        current: list[ReportedEvent] = []
        for event in members:
            if current and not _within(current[-1].day, event.day, window):
                clusters.append(_summarise(key, current))
                current = []
            current.append(event)
        if current:
            clusters.append(_summarise(key, current))
    return clusters


def _within(last: date | None, day: date | None, window: timedelta) -> bool:
    if last is None or day is None:
        return last is None and day is None
    return day - last <= window


def _summarise(key: str, members: list[ReportedEvent]) -> Cluster:
    days = [e.day for e in members if e.day]
    reports = [e.published for e in members if e.published]
    anchor = min(members, key=lambda e: e.id)
    return Cluster(
        id=_cluster_id(key, anchor.id), cluster_key=key, event_ids=[e.id for e in members],
        date_first=min(days) if days else None, date_last=max(days) if days else None,
        first_report=min(reports) if reports else None, last_report=max(reports) if reports else None,
        source_count=len({e.article_id for e in members}),
    )

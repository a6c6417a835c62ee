"""Alert rules over freshly coded articles, and where alerts go (a JSON Lines file, a webhook).

Two kinds of rule (file format: `watch/schema/alerts.schema.json`, example `examples/alerts.yaml`):

- `event`: raised once per event that meets every condition given (type, country, actor,
  recipient, certainty, min_dead, min_injured), e.g. any ASSAULT in MLI with dead >= 5, or any
  THREATEN by RUS against a member of `@NATO_MEMBERS`;
- `spike`: counts the matching events per country and day, and is raised once per country and
  day when that day's count reaches `min_count` and `factor` x the daily mean of the
  `baseline_days` before it (a PROTEST spike in a country over its 30-day mean).

Each alert is one JSON object (see `Alert.to_dict`), appended to the alerts file, which the
dashboard reads (`read_alerts`), and POSTed to the webhook if one is set.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Sequence

from veille.records import Article, CodedArticle, Event
from veille.watch.config import ConfigError, load_yaml
from veille.watch.state import WatchState, days_before

log = logging.getLogger("veille.watch")

DEFAULT_FACTOR = 3.0
DEFAULT_BASELINE_DAYS = 30
DEFAULT_MIN_COUNT = 3
DEFAULT_MIN_HISTORY_DAYS = 7


def _codes(value: Any, groups: dict[str, list[str]], where: str) -> frozenset[str] | None:
    """A rule's code list with '@GROUP' expanded; None when the condition is absent."""
    if value is None:
        return None
    out: set[str] = set()
    for code in [value] if isinstance(value, str) else value:
        if code.startswith("@"):
            if code[1:] not in groups:
                raise ConfigError(f"{where}: unknown group {code!r} (groups: {', '.join(sorted(groups)) or 'none'})")
            out.update(c.upper() for c in groups[code[1:]])
        else:
            out.add(code.upper())
    return frozenset(out)


def _values(value: Any) -> frozenset[str] | None:
    if value is None:
        return None
    return frozenset([value] if isinstance(value, str) else value)


@dataclass(frozen=True, slots=True)
class EventCondition:
    types: frozenset[str] | None = None
    countries: frozenset[str] | None = None
    actors: frozenset[str] | None = None
    recipients: frozenset[str] | None = None
    certainties: frozenset[str] | None = None
    min_dead: int | None = None
    min_injured: int | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    kind: str  # "event" or "spike"
    condition: EventCondition
    description: str = ""
    severity: str = "medium"
    factor: float = DEFAULT_FACTOR
    baseline_days: int = DEFAULT_BASELINE_DAYS
    min_count: int = DEFAULT_MIN_COUNT
    min_history_days: int = DEFAULT_MIN_HISTORY_DAYS


def load_rules(path: str | Path) -> list[Rule]:
    path = Path(path)
    data = load_yaml(path, "alerts")
    groups = {name: list(codes) for name, codes in (data.get("groups") or {}).items()}
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, raw in enumerate(data["rules"]):
        where = f"{path}: rules/{i} ({raw['id']})"
        if raw["id"] in seen:
            raise ConfigError(f"{where}: duplicate rule id")
        seen.add(raw["id"])
        kind = "event" if "event" in raw else "spike"
        body = raw[kind]
        condition = EventCondition(
            types=_values(body.get("type")), countries=_codes(body.get("country"), groups, where),
            actors=_codes(body.get("actor"), groups, where), recipients=_codes(body.get("recipient"), groups, where),
            certainties=_values(body.get("certainty")), min_dead=body.get("min_dead"),
            min_injured=body.get("min_injured"))
        rules.append(Rule(
            id=raw["id"], kind=kind, condition=condition, description=raw.get("description", ""),
            severity=raw.get("severity", "medium"), factor=float(body.get("factor", DEFAULT_FACTOR)),
            baseline_days=int(body.get("baseline_days", DEFAULT_BASELINE_DAYS)),
            min_count=int(body.get("min_count", DEFAULT_MIN_COUNT)),
            min_history_days=int(body.get("min_history_days", DEFAULT_MIN_HISTORY_DAYS))))
    return rules


# -- reading an event -------------------------------------------------------------------------
def _is_country(code: str | None) -> bool:
    return bool(code) and len(code) == 3 and code.isalpha() and code.isupper()


def event_countries(event: Event) -> list[str]:
    """Where an event happened: its location's country; without one, its parties' countries."""
    if event.location is not None and event.location.country:
        return [event.location.country]
    codes = [a.code for a in (*event.actor, *event.recipient)]
    return list(dict.fromkeys(c for c in codes if _is_country(c)))


def event_day(event: Event, coded: CodedArticle) -> date:
    if event.date and len(event.date) >= 10:
        try:
            return date.fromisoformat(event.date[:10])
        except ValueError:
            pass
    return coded.published or datetime.now(timezone.utc).date()


def _casualties(coded: CodedArticle, kind: str, countries: Sequence[str]) -> int | None:
    counts = [c.count for c in coded.casualties
              if c.kind == kind and (c.country is None or not countries or c.country in countries)]
    return max(counts) if counts else None


def matches(condition: EventCondition, event: Event, coded: CodedArticle) -> bool:
    if condition.types is not None and event.type not in condition.types:
        return False
    if condition.certainties is not None and event.certainty not in condition.certainties:
        return False
    if condition.actors is not None and not any(a.code in condition.actors for a in event.actor):
        return False
    if condition.recipients is not None and not any(a.code in condition.recipients for a in event.recipient):
        return False
    countries = event_countries(event)
    if condition.countries is not None and not any(c in condition.countries for c in countries):
        return False
    if condition.min_dead is not None:
        dead = event.dead if event.dead is not None else _casualties(coded, "killed", countries)
        if dead is None or dead < condition.min_dead:
            return False
    if condition.min_injured is not None:
        injured = event.injured if event.injured is not None else _casualties(coded, "injured", countries)
        if injured is None or injured < condition.min_injured:
            return False
    return True


# -- alerts -----------------------------------------------------------------------------------
@dataclass(slots=True)
class Alert:
    rule: str
    kind: str
    severity: str
    description: str
    key: str
    raised_at: str
    country: str | None = None
    day: str | None = None
    article_id: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    event: dict[str, Any] | None = None
    count: int | None = None
    baseline_mean: float | None = None
    article_ids: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return hashlib.sha1(self.key.encode()).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        data = {"id": self.id}
        for name in self.__dataclass_fields__:
            data[name] = getattr(self, name)
        return data


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class AlertEngine:
    """Evaluates the rules on each batch, remembers what was raised, and sends alerts out."""

    def __init__(self, rules: Sequence[Rule], state: WatchState, outputs: Sequence["AlertOutput"] = ()):
        self.rules = list(rules)
        self.state = state
        self.outputs = list(outputs)

    def evaluate(self, pairs: Iterable[tuple[Article, CodedArticle]]) -> list[Alert]:
        pairs = list(pairs)
        alerts: list[Alert] = []
        for rule in self.rules:
            if rule.kind == "event":
                alerts += self._event_alerts(rule, pairs)
            else:
                alerts += self._spike_alerts(rule, pairs)
        for alert in alerts:
            for output in self.outputs:
                output.send(alert)
        return alerts

    def _event_alerts(self, rule: Rule, pairs: list[tuple[Article, CodedArticle]]) -> list[Alert]:
        raised = []
        for _, coded in pairs:
            for i, event in enumerate(coded.events):
                if not matches(rule.condition, event, coded):
                    continue
                key = f"{rule.id}|{coded.id}|{i}|{event.type}|{event.start}"
                if not self.state.claim_alert(key):
                    continue
                countries = event_countries(event)
                raised.append(Alert(
                    rule=rule.id, kind="event", severity=rule.severity, description=rule.description, key=key,
                    raised_at=_now(), country=countries[0] if countries else None,
                    day=event_day(event, coded).isoformat(), article_id=coded.id, title=coded.title,
                    url=coded.url, source=coded.source, event=event.to_dict(), article_ids=[coded.id]))
        return raised

    def _spike_alerts(self, rule: Rule, pairs: list[tuple[Article, CodedArticle]]) -> list[Alert]:
        counts: Counter[tuple[str, str]] = Counter()
        articles: dict[tuple[str, str], list[str]] = {}
        for _, coded in pairs:
            for event in coded.events:
                if not matches(rule.condition, event, coded):
                    continue
                day = event_day(event, coded).isoformat()
                for country in event_countries(event):
                    counts[(country, day)] += 1
                    articles.setdefault((country, day), []).append(coded.id)
        if not counts:
            return []
        self.state.add_counts(rule.id, dict(counts))
        since = self.state.counting_since(rule.id)
        if since is None or (date.today() - since).days < rule.min_history_days:
            return []
        raised = []
        for (country, day_text) in sorted(counts):
            day = date.fromisoformat(day_text)
            count = self.state.count_on(rule.id, country, day)
            first, last = days_before(day, rule.baseline_days)
            mean = self.state.total_between(rule.id, country, first, last) / rule.baseline_days
            if count < rule.min_count or count < rule.factor * mean:
                continue
            key = f"{rule.id}|{country}|{day_text}"
            if not self.state.claim_alert(key):
                continue
            raised.append(Alert(
                rule=rule.id, kind="spike", severity=rule.severity, description=rule.description, key=key,
                raised_at=_now(), country=country, day=day_text, count=count,
                baseline_mean=round(mean, 3), article_ids=list(dict.fromkeys(articles[(country, day_text)]))))
        return raised


class AlertOutput:
    def send(self, alert: Alert) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class JsonlAlertOutput(AlertOutput):
    """Appends alerts to a JSON Lines file (one line per alert, flushed at once)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()

    def send(self, alert: Alert) -> None:
        line = json.dumps(alert.to_dict(), ensure_ascii=False) + "\n"
        with self._lock, self.path.open("a", encoding="utf-8") as out:
            out.write(line)


class WebhookAlertOutput(AlertOutput):
    """POSTs each alert as JSON; a failed delivery is logged (the alerts file keeps every alert)."""

    def __init__(self, url: str, timeout: float = 10.0, client=None):
        import httpx

        self.url = url
        self.client = client or httpx.Client(timeout=timeout)

    def send(self, alert: Alert) -> None:
        import httpx

        try:
            response = self.client.post(self.url, json=alert.to_dict())
            if response.status_code >= 400:
                log.warning("webhook %s: HTTP %d for alert %s", self.url, response.status_code, alert.id)
        except httpx.HTTPError as exc:
            log.warning("webhook %s: %s for alert %s", self.url, exc, alert.id)


def read_alerts(path: str | Path, limit: int = 100, rule: str | None = None) -> list[dict[str, Any]]:
    """The latest alerts of an alerts file, newest first (memory bounded by `limit`)."""
    from collections import deque

    path = Path(path)
    if not path.exists():
        return []
    latest: deque[dict[str, Any]] = deque(maxlen=limit)
    with path.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            try:
                alert = json.loads(line)
            except ValueError:
                continue  # a line torn by a crash
            if isinstance(alert, dict) and (rule is None or alert.get("rule") == rule):
                latest.append(alert)
    return list(reversed(latest))

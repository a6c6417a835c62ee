"""Typed records passed between stages, serialised exactly as DESIGN.md's output contract.

Every stage after `nlp/` and `extract/` sees only these records, never spaCy objects. Offsets
(`start`, `end`) are character offsets into the article's `text`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any

# The values the guidelines allow; extractors must produce nothing else.
EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
CERTAINTIES = ("asserted", "reported", "alleged", "denied", "hypothetical", "future")
COUNTED_CERTAINTIES = ("asserted", "reported", "alleged")
SECTORS = (
    "GOV", "MIL", "COP", "JUD", "LEG", "REB", "OPP", "PTY", "CVL", "JRN", "MED", "BUS", "REL",
    "NGO", "SPY", "UAF", "PRE",
)
CASUALTY_KINDS = ("killed", "injured", "arrested", "missing", "displaced")
QUALIFIERS = ("exact", "at_least", "about", "at_most")
TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")


def _plain(value: Any) -> Any:
    """JSON-ready form of a record field (dates as ISO strings, records as dicts)."""
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


class Record:
    """Shared (de)serialisation: field order is the contract's key order."""

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        return _construct(cls, data)


def _construct(cls, data: dict[str, Any]):
    """The record from a dict, ignoring keys the record does not have.

    A function rather than `super().from_dict` in subclasses: slotted dataclasses are rebuilt
    classes, which breaks zero-argument super().
    """
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(slots=True)
class Article(Record):
    """One input dispatch, as ingest produced it."""

    id: str
    text: str
    title: str = ""
    published: date | None = None
    url: str | None = None
    source: str | None = None
    language: str = "fr"
    # Where the reporter stood (from "PARIS (AFP) -"); kept out of the events' locations.
    dateline: str | None = None
    # Characters [0, body_start) are the dateline; extractors read the text from there on.
    body_start: int = 0
    # Where the article was read ("FILE:LINE"), for messages about it.
    origin: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Article":
        article = _construct(cls, data)
        if isinstance(article.published, str):
            article.published = date.fromisoformat(article.published)
        return article


@dataclass(slots=True)
class Actor(Record):
    code: str | None
    sector: str | None
    text: str
    name: str | None = None
    # True for a recipient the clause does not name, taken from the story (extract/story_recipients);
    # `text` is then where the article names that actor. Written out only when True.
    inferred: bool = False

    def to_dict(self) -> dict[str, Any]:
        out = Record.to_dict(self)
        if not self.inferred:
            del out["inferred"]
        return out


@dataclass(slots=True)
class Location(Record):
    name: str
    country: str | None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None


@dataclass(slots=True)
class Event(Record):
    type: str
    mode: str | None
    actor: list[Actor]
    recipient: list[Actor]
    certainty: str
    date: str | None
    date_text: str | None
    location: Location | None
    evidence: str
    start: int
    end: int
    rule: str
    cameo: str | None = None
    # Goldstein-like scale, -10 (most conflictual) to +10 (most cooperative).
    intensity: float | None = None
    dead: int | None = None
    injured: int | None = None
    arrested: int | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Event":
        event = _construct(cls, data)
        event.actor = [Actor.from_dict(a) for a in data.get("actor") or []]
        event.recipient = [Actor.from_dict(a) for a in data.get("recipient") or []]
        if data.get("location"):
            event.location = Location.from_dict(data["location"])
        return event


@dataclass(slots=True)
class Speaker(Record):
    name: str
    code: str | None = None
    sector: str | None = None


@dataclass(slots=True)
class Quote(Record):
    text: str
    start: int
    end: int
    cue: str | None
    speaker: Speaker | None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Quote":
        quote = _construct(cls, data)
        if data.get("speaker"):
            quote.speaker = Speaker.from_dict(data["speaker"])
        return quote


@dataclass(slots=True)
class Casualty(Record):
    count: int
    qualifier: str
    kind: str
    victims: str | None
    country: str | None
    date: str | None
    evidence: str
    start: int
    end: int


@dataclass(slots=True)
class Timex(Record):
    text: str
    start: int
    end: int
    type: str
    value: str | None
    mod: str | None = None


@dataclass(slots=True)
class Place(Record):
    text: str
    start: int
    end: int
    name: str
    country: str | None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None


@dataclass(slots=True)
class Entity(Record):
    text: str
    label: str
    start: int
    end: int
    code: str | None = None
    sector: str | None = None


@dataclass(slots=True)
class CodedArticle(Record):
    """One line of `veille extract`'s output."""

    id: str
    published: date | None
    language: str
    title: str
    coder: str
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    casualties: list[Casualty] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    url: str | None = None
    source: str | None = None
    dateline: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "CodedArticle":
        coded = _construct(cls, data)
        if isinstance(coded.published, str):
            coded.published = date.fromisoformat(coded.published)
        coded.events = [Event.from_dict(e) for e in data.get("events") or []]
        coded.quotes = [Quote.from_dict(q) for q in data.get("quotes") or []]
        coded.casualties = [Casualty.from_dict(c) for c in data.get("casualties") or []]
        coded.timexes = [Timex.from_dict(t) for t in data.get("timexes") or []]
        coded.places = [Place.from_dict(p) for p in data.get("places") or []]
        coded.entities = [Entity.from_dict(e) for e in data.get("entities") or []]
        return coded


@dataclass(slots=True)
class Reject(Record):
    """Input that could not be coded, with where it came from and why."""

    source: str
    line: int | None
    reason: str
    id: str | None = None
    raw: str | None = None  # the input as read (truncated), so it can be fixed and fed again

    def location(self) -> str:
        return f"{self.source}:{self.line}" if self.line is not None else self.source


__all__ = [
    "Actor", "Article", "Casualty", "CodedArticle", "Entity", "Event", "Location", "Place", "Quote",
    "Reject", "Speaker", "Timex", "asdict", "EVENT_TYPES", "CERTAINTIES", "COUNTED_CERTAINTIES",
    "SECTORS", "CASUALTY_KINDS", "QUALIFIERS", "TIMEX_TYPES",
]

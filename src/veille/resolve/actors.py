"""The actor dictionary boundary: names → actor codes and sectors (GUIDELINES §3).

    lookup = load_actor_lookup()                # shipped resources (+ user files)
    lookup.lookup("Moscou")                     # ActorEntry(code="RUS", sector="GOV", kind="capital", …)
    lookup.lookup("Donald Trump", date(2020, 1, 3))   # USA PRE; in 2016 the candidate has no sector
    lookup.holder("USA", "head_of_state", date(2020, 5, 20))   # → Donald Trump

Entries come from `resources/fr/countries.yaml` (states, demonyms, capitals, seats of power),
`organisations.yaml` (IGOs, NGOs, armed groups) and `people.yaml` (people with time-bounded
roles). User files in the same format (a local militia, a mayor) add to or override the shipped
entries; they are checked against the same JSON Schema, with errors naming file and line.

Everything is built once per process (`load_actor_lookup` is cached) and never mutated after.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Protocol

import yaml

from veille.resources import LANG_DIR, ResourceError, load_file, load_resources

# Kinds of entries; mentions use them to label and filter (a demonym is an adjective, not a name).
KINDS = ("country", "capital", "seat", "demonym", "organisation", "person")
# Codes that are not ISO3 countries; their members speak for the organisation with no sector.
IGO_CODES = frozenset({
    "NATO", "UN", "EU", "OSCE", "AU", "ECOWAS", "ARL", "G7", "G20", "IAEA", "WHO", "ICC", "IMF",
    "WB", "OPEC", "ICRC", "AMNESTY", "HRW", "MSF", "RSF", "WTO", "OIC", "GCC", "ASEAN", "OIF",
    "INTERPOL", "IMG",
})


# How long after leaving office a person named in the news still speaks for it.
LEAVING_GRACE = timedelta(days=3)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """What one name stands for. `name` is the canonical name ("Vladimir Poutine", "Otan",
    "Russie"); `office` is the role of a person at the date asked (head_of_state …)."""

    code: str | None
    sector: str | None
    name: str
    kind: str
    gender: str | None = None
    number: str | None = None
    office: str | None = None


@dataclass(frozen=True, slots=True)
class Role:
    code: str
    sector: str | None
    office: str
    start: date | None
    end: date | None

    def active(self, when: date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when < self.end)


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    gender: str | None
    roles: tuple[Role, ...]

    def entry(self, when: date | None) -> ActorEntry:
        """The person as an actor at `when`: the role held then; else, for a former holder, the
        code and sector of the last role with no office (an ex-president is still coded PRE but
        is not "le chef de l'Etat"); else (a future holder) the code of the nearest role, no sector."""
        if not self.roles:
            return ActorEntry(None, None, self.name, "person", self.gender, "sg")
        if when is None:
            role = max(self.roles, key=lambda r: r.start or date.min)
            return ActorEntry(role.code, role.sector, self.name, "person", self.gender, "sg", role.office)
        for role in self.roles:
            if role.active(when):
                return ActorEntry(role.code, role.sector, self.name, "person", self.gender, "sg", role.office)
        for role in self.roles:
            if role.end is not None and role.end <= when < role.end + LEAVING_GRACE:
                # The news of a resignation, an overthrow or a death is still about the office
                # holder ("le président Bouteflika a démissionné", reported the next day).
                return ActorEntry(role.code, role.sector, self.name, "person", self.gender, "sg", role.office)
        past = [r for r in self.roles if r.end is not None and r.end <= when]
        if past:
            # A former office holder keeps the sector of the last office held ("l'ex-président
            # Keïta", "son prédécesseur Adel Abdel Mahdi" are coded PRE by annotators), but no
            # longer holds the office: "le chef de l'Etat" is someone else.
            last = max(past, key=lambda r: r.end)
            return ActorEntry(last.code, last.sector, self.name, "person", self.gender, "sg", None)
        nearest = min(self.roles, key=lambda r: _distance(r, when))
        return ActorEntry(nearest.code, None, self.name, "person", self.gender, "sg", None)


def _at_date(people: list[Person], when: date | None) -> Person:
    """Of several people known by one name, the one in office at `when` (else the one whose
    roles are nearest in time; without a date, the one whose last role began latest)."""
    if when is None:
        return max(people, key=lambda p: max((r.start or date.min for r in p.roles), default=date.min))
    for person in reversed(people):
        if any(role.active(when) for role in person.roles):
            return person
    return min(people, key=lambda p: min((_distance(r, when) for r in p.roles), default=10**6))


def _distance(role: Role, when: date) -> int:
    if role.end is not None and when >= role.end:
        return (when - role.end).days
    if role.start is not None and when < role.start:
        return (role.start - when).days
    return 0


class ActorLookup(Protocol):
    """What extractors may ask of the actor dictionary (real one or in-memory fake)."""

    def lookup(self, text: str, when: date | None = None) -> ActorEntry | None:
        """The entry a name stands for at date `when` (determiners, case and accents ignored)."""

    def holder(self, code: str, office: str, when: date | None = None) -> ActorEntry | None:
        """The person holding `office` for `code` at `when` (le président américain en 2020)."""

    def aliases(self) -> Iterable[tuple[str, str]]:
        """Every (surface form, kind) the dictionary knows, for building matchers."""


# -- normalisation ------------------------------------------------------------------------------
_DETERMINERS = ("l'", "le ", "la ", "les ")


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def fold(text: str) -> str:
    """Lookup key: lower case, no accents, straight apostrophes, no leading determiner."""
    key = strip_accents(text.replace("’", "'").replace("\u00a0", " ")).lower().strip()
    key = " ".join(key.split())
    for det in _DETERMINERS:
        if key.startswith(det) and len(key) > len(det):
            return key[len(det):]
    return key


def _demonym_features(form: str, base: str) -> tuple[str | None, str | None]:
    """(gender, number) of a demonym form given the masculine singular: "russes" → (None, pl),
    "ukrainiennes" → (f, pl), "français" → (m, None: singular and plural alike)."""
    if form == base:
        return (None if base.endswith("e") else "m"), (None if base.endswith(("s", "x")) else "sg")
    plural = form.endswith(("s", "x"))
    stem = form[:-1] if plural else form
    feminine = not base.endswith("e") and stem.endswith("e") and stem != base
    return ("f" if feminine else ("m" if not base.endswith("e") else None)), ("pl" if plural else "sg")


def _date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


# -- the real dictionary ----------------------------------------------------------------------------
@dataclass(slots=True, eq=False)  # identity hash: matchers are cached per dictionary
class ActorDictionary:
    """Actor dictionary built from the resource lists (shipped first, user files after: a later
    entry for the same name overrides an earlier one)."""

    # fold(name) → static entry (countries, capitals, seats, demonyms, organisations)
    entries: dict[str, ActorEntry] = field(default_factory=dict)
    # fold(name) → person (their entry depends on the date)
    people: dict[str, Person] = field(default_factory=dict)
    # (code, office) → people who held it, for `holder`
    offices: dict[tuple[str, str], list[Person]] = field(default_factory=dict)
    # surface forms as written, with their kind
    surface: dict[str, str] = field(default_factory=dict)
    # fold(name) → every person known by it ("Déby" is the father until 2021, the son after)
    homonyms: dict[str, list[Person]] = field(default_factory=dict)
    # fold(demonym) → other countries it may stand for ("congolais": COD, else COG)
    shared: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # a person's key without hyphens → the key ("jean marc ayrault" → "jean-marc ayrault")
    loose: dict[str, str] = field(default_factory=dict)
    # folded surname → the people who bear it, for "M. Conte" when the article never gives more
    surnames: dict[str, list[Person]] = field(default_factory=dict)

    # -- building -------------------------------------------------------------------------------
    def _add(self, name: str, entry: ActorEntry) -> None:
        self.entries[fold(name)] = entry
        self.people.pop(fold(name), None)
        self.homonyms.pop(fold(name), None)
        self.surface[name] = entry.kind

    def add_countries(self, items: list[dict]) -> None:
        for item in items:
            code = item["iso3"]
            canonical = item["names"][0] if item["names"] else code
            for name in item["names"]:
                self._add(name, ActorEntry(code, "GOV", canonical, "country", None, "sg"))
            for capital in item.get("capitals", ()):
                self._add(capital, ActorEntry(code, "GOV", capital, "capital", None, "sg"))
            for seat in item.get("seats", ()):
                self._add(seat["name"], ActorEntry(code, seat["sector"], seat["name"], "seat", None, "sg"))
            demonyms = item.get("demonyms", ())
            for form in demonyms:
                gender, number = _demonym_features(form, demonyms[0])
                known = self.entries.get(fold(form))
                if known is not None and known.kind == "demonym" and known.code != code:
                    # Two states share the adjective ("congolais"): the first listed stays the
                    # default, the others are alternatives the article's countries may prefer.
                    key = fold(form)
                    self.shared[key] = tuple(c for c in (*self.shared.get(key, ()), code) if c != known.code)
                    continue
                self._add(form, ActorEntry(code, None, canonical, "demonym", gender, number))
            for form in item.get("shared_demonyms", ()):
                key = fold(form)
                known = self.entries.get(key)
                if known is not None and known.code != code:
                    self.shared[key] = (*self.shared.get(key, ()), code)

    def add_organisations(self, items: list[dict]) -> None:
        for item in items:
            entry = ActorEntry(item["code"], item.get("sector"), item["name"], "organisation",
                               item.get("gender"), item.get("number", "sg"))
            for name in (item["name"], *item.get("aliases", ())):
                self._add(name, entry)

    def add_people(self, items: list[dict]) -> None:
        for item in items:
            roles = tuple(Role(r["code"], r.get("sector"), r["office"], _date(r.get("from")), _date(r.get("to")))
                          for r in item["roles"])
            person = Person(item["name"], item.get("gender"), roles)
            for name in (item["name"], *item.get("aliases", ())):
                key = fold(name)
                self.entries.pop(key, None)
                # A later entry for the same person replaces it; another person of the same
                # name joins it, told apart by date at lookup.
                same = [p for p in self.homonyms.get(key, ()) if p.name != person.name]
                if key in self.people and self.people[key].name != person.name and not same:
                    same = [self.people[key]]
                self.homonyms[key] = same + [person]
                self.people[key] = person
                self.surface[name] = "person"
                if "-" in key:
                    self.loose[key.replace("-", " ")] = key
            surname = fold(item["name"].split()[-1]) if item["name"].split() else ""
            if surname:
                bearers = self.surnames.setdefault(surname, [])
                bearers[:] = [p for p in bearers if p.name != person.name] + [person]
            for role in roles:
                holders = self.offices.setdefault((role.code, role.office), [])
                holders[:] = [p for p in holders if p.name != person.name] + [person]

    # -- ActorLookup ------------------------------------------------------------------------------
    def lookup(self, text: str, when: date | None = None) -> ActorEntry | None:
        key = fold(text)
        if key not in self.people and key not in self.entries:
            # A given name written without its hyphen ("Jean Marc Ayrault") is the same person.
            key = self.loose.get(key.replace("-", " "), key)
        person = self.people.get(key)
        if person is not None:
            same = self.homonyms.get(key, ())
            if len(same) > 1:
                person = _at_date(same, when)
            return person.entry(when)
        return self.entries.get(key)

    def by_surname(self, text: str, when: date | None = None) -> ActorEntry | None:
        """The one person with this surname in office at `when` ("M. Conte" in June 2020 is
        Giuseppe Conte); None when nobody or several are, or without a date."""
        if when is None:
            return None
        active = [p for p in self.surnames.get(fold(text), ()) if any(r.active(when) for r in p.roles)]
        return active[0].entry(when) if len(active) == 1 else None

    def alternatives(self, text: str) -> tuple[str, ...]:
        """Other countries a shared demonym may stand for ("congolais" → COG besides COD)."""
        return self.shared.get(fold(text), ())

    def holder(self, code: str, office: str, when: date | None = None) -> ActorEntry | None:
        if when is None:
            return None  # without the article's date, naming today's holder would be a guess
        for person in self.offices.get((code, office), ()):
            for role in person.roles:
                if role.code == code and role.office == office and role.active(when):
                    return ActorEntry(role.code, role.sector, person.name, "person", person.gender, "sg", office)
        return None

    def aliases(self) -> Iterator[tuple[str, str]]:
        return iter(self.surface.items())


# -- in-memory fake for tests ---------------------------------------------------------------------
@dataclass(slots=True, eq=False)
class InMemoryActorLookup:
    """A fake dictionary: names → entries as given, plus optional office holders."""

    names: dict[str, ActorEntry] = field(default_factory=dict)
    holders: dict[tuple[str, str], ActorEntry] = field(default_factory=dict)

    def lookup(self, text: str, when: date | None = None) -> ActorEntry | None:
        folded = {fold(k): v for k, v in self.names.items()}
        return folded.get(fold(text))

    def holder(self, code: str, office: str, when: date | None = None) -> ActorEntry | None:
        return self.holders.get((code, office))

    def aliases(self) -> Iterator[tuple[str, str]]:
        return iter((name, entry.kind) for name, entry in self.names.items())


# -- loading --------------------------------------------------------------------------------------
# Which list a user file holds is told by the keys of its entries.
_KIND_OF_FILE = (("iso3", "countries"), ("roles", "people"), ("code", "organisations"))


def user_file_kind(path: Path) -> str:
    """"countries", "people" or "organisations": the schema a user actor file follows."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return "organisations"  # load_file then reports the read or syntax error with its line
    if isinstance(data, list):
        for item in data:
            if isinstance(item, dict):
                for key, kind in _KIND_OF_FILE:
                    if key in item:
                        return kind
    return "organisations"


def read_user_actor_file(path: Path) -> tuple[str, list[dict]]:
    path = Path(path)
    if not path.exists():
        raise ResourceError(f"{path}: no such actor file")
    kind = user_file_kind(path)
    return kind, load_file(path, kind)


def build_actor_dictionary(extra_paths: Iterable[Path] = ()) -> ActorDictionary:
    resources = load_resources()
    dictionary = ActorDictionary()
    dictionary.add_countries(resources.data("countries"))
    dictionary.add_organisations(resources.data("organisations"))
    dictionary.add_people(resources.data("people"))
    adders = {"countries": dictionary.add_countries, "organisations": dictionary.add_organisations,
              "people": dictionary.add_people}
    for path in extra_paths:
        kind, items = read_user_actor_file(Path(path))
        adders[kind](items)
    return dictionary


@lru_cache(maxsize=8)
def _cached_dictionary(extra_paths: tuple[Path, ...]) -> ActorDictionary:
    return build_actor_dictionary(extra_paths)


def load_actor_lookup(extra_paths: Iterable[Path] = ()) -> ActorDictionary:
    """The shipped actor dictionary plus user files (later files override earlier entries)."""
    return _cached_dictionary(tuple(Path(p) for p in extra_paths))


__all__ = ["ActorDictionary", "ActorEntry", "ActorLookup", "IGO_CODES", "InMemoryActorLookup",
           "LANG_DIR", "KINDS", "build_actor_dictionary", "fold", "load_actor_lookup", "strip_accents"]

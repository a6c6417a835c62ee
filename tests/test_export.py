"""`veille export`: CSV, Parquet, PLOVER JSON Lines and GDELT-style TSV from the store."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from veille.export import CAMEO_ROOT_OF_TYPE, FLAT_COLUMNS, GDELT_COLUMNS, write_events
from veille.records import EVENT_TYPES
from veille.serve.commands import export_command
from veille.store import EventFilter, open_store
from veille.store.examples import demo_pairs


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "export.duckdb"
    with open_store(path) as store:
        store.upsert(demo_pairs())
    return path


def export(db, tmp_path, format, *filters):
    out = tmp_path / f"out.{format}"
    result = CliRunner().invoke(export_command, ["--format", format, "-o", str(out), "--db", str(db), *filters])
    assert result.exit_code == 0, result.output
    return out


def test_csv(db, tmp_path):
    rows = list(csv.DictReader(export(db, tmp_path, "csv").open(encoding="utf-8")))
    assert len(rows) == 3 and tuple(rows[0]) == FLAT_COLUMNS
    consult = next(r for r in rows if r["type"] == "CONSULT")
    assert (consult["actor_codes"], consult["recipient_codes"], consult["mode"]) == ("FRA", "SEN", "phone")
    assert consult["cameo"] == "04"


def test_parquet(db, tmp_path):
    import pyarrow.parquet as pq

    table = pq.read_table(export(db, tmp_path, "parquet"))
    assert table.num_rows == 3 and table.schema.names == list(FLAT_COLUMNS)
    assert sorted(table.column("type").to_pylist()) == ["ASSAULT", "ASSAULT", "CONSULT"]


def test_plover_records(db, tmp_path):
    lines = export(db, tmp_path, "plover", "--type", "ASSAULT").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 2
    record = records[0]
    # The PLOVER manual's required fields, and the optional ones veille fills.
    for name in ("id", "date", "actor", "event", "recipient", "event_loc", "event_text", "quad_code",
                 "event_scale", "mode", "link", "text_info", "cite_info", "coder", "coded_date"):
        assert name in record
    assert record["event"] == ["ASSAULT"] and record["quad_code"] == 4
    assert record["actor"][0] == {"code": "MLI", "sector": "REB", "entity_text": record["actor"][0]["entity_text"],
                                  "identifier_text": None}
    assert record["event_loc"]["country_code"] == "MLI" and record["event_loc"]["lat"] == 16.27
    assert records[0]["link"] == records[1]["link"]  # one cluster: the same attack in two dispatches
    assert record["date"] == "2024-03-05"


def test_gdelt_tsv(db, tmp_path):
    lines = export(db, tmp_path, "gdelt", "--country", "SEN").read_text(encoding="utf-8").splitlines()
    header, row = lines[0].split("\t"), lines[1].split("\t")
    assert header == list(GDELT_COLUMNS) and len(lines) == 2 and len(row) == len(header)
    values = dict(zip(header, row))
    assert values["SQLDATE"] == "20240307" and values["EventCode"] == "04" and values["QuadClass"] == "1"
    assert values["Actor1Code"] == "FRAGOV" and values["Actor2CountryCode"] == "SEN"
    assert float(values["GoldsteinScale"]) == CAMEO_ROOT_OF_TYPE["CONSULT"][1]


def test_own_cameo_and_intensity_win(db):
    with open_store(db) as store:
        event = next(store.iter_events(EventFilter(type="CONSULT")))
    event.update(cameo="042", intensity=1.9)
    from veille.export import gdelt_row

    row = dict(zip(GDELT_COLUMNS, gdelt_row(event, 1, "20240101000000")))
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"], row["GoldsteinScale"]) == ("042", "042", "04", 1.9)


def test_every_type_has_a_cameo_root():
    assert set(CAMEO_ROOT_OF_TYPE) == set(EVENT_TYPES)


def test_tabs_and_newlines_do_not_break_rows(tmp_path):
    event = {"id": "x:e0", "article_id": "x", "type": "PROTEST", "published": "2024-01-02", "date": None,
             "actor": [{"code": "FRA", "text": "des\tmanifestants\nen colère"}], "recipient": [],
             "evidence": "a\tb", "quad": 4}
    out = tmp_path / "x.tsv"
    assert write_events([event], "gdelt", out) == 1
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and len(lines[1].split("\t")) == len(GDELT_COLUMNS)


def test_unknown_format(tmp_path):
    with pytest.raises(ValueError):
        write_events([], "xml", tmp_path / "x")


def test_plover_periods_have_an_end_date():
    from veille.export import plover_record

    base = {"id": "x:e0", "article_id": "x", "type": "AGREE", "published": "2024-03-20", "actor": [], "recipient": []}
    month = plover_record({**base, "date": "2024-02"}, "2024-03-21")
    assert (month["date"], month["enddate"]) == ("2024-02-01", "2024-02-29")
    day = plover_record({**base, "date": "2024-03-18"}, "2024-03-21")
    assert (day["date"], day["enddate"]) == ("2024-03-18", None)
    undated = plover_record({**base, "date": None}, "2024-03-21")
    assert (undated["date"], undated["enddate"]) == ("2024-03-20", None)

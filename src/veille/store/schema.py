"""The store's schema as an ordered list of migrations.

A database records the migrations it has applied in `schema_migrations`; opening it applies the
missing ones in order, each in its own transaction. Never edit a published migration: append one.
"""

from __future__ import annotations

from typing import NamedTuple


class Migration(NamedTuple):
    version: int
    description: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, events, quotes, casualties, spans, clusters", """
CREATE TABLE articles (
    id VARCHAR PRIMARY KEY,
    content_hash VARCHAR NOT NULL,
    title VARCHAR,
    published DATE,
    url VARCHAR,
    source VARCHAR,
    language VARCHAR,
    dateline VARCHAR,
    body_start INTEGER,
    text VARCHAR NOT NULL,
    coder VARCHAR,
    ingested_at TIMESTAMP
);
CREATE TABLE events (
    id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    published DATE,
    type VARCHAR NOT NULL,
    mode VARCHAR,
    certainty VARCHAR,
    date VARCHAR,
    date_start DATE,
    date_end DATE,
    date_text VARCHAR,
    actor_codes VARCHAR[],
    recipient_codes VARCHAR[],
    actor_sectors VARCHAR[],
    recipient_sectors VARCHAR[],
    actor_json VARCHAR,
    recipient_json VARCHAR,
    actor_label VARCHAR,
    recipient_label VARCHAR,
    location_name VARCHAR,
    location_country VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    geonameid BIGINT,
    evidence VARCHAR,
    start_char INTEGER,
    end_char INTEGER,
    rule VARCHAR,
    cameo VARCHAR,
    intensity DOUBLE,
    dead INTEGER,
    injured INTEGER,
    arrested INTEGER,
    cluster_key VARCHAR,
    cluster_id VARCHAR
);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_cluster_key ON events(cluster_key);
CREATE TABLE quotes (
    id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    published DATE,
    text VARCHAR,
    start_char INTEGER,
    end_char INTEGER,
    cue VARCHAR,
    speaker_name VARCHAR,
    speaker_code VARCHAR,
    speaker_sector VARCHAR
);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE TABLE casualties (
    id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    published DATE,
    count INTEGER,
    qualifier VARCHAR,
    kind VARCHAR,
    victims VARCHAR,
    country VARCHAR,
    date VARCHAR,
    evidence VARCHAR,
    start_char INTEGER,
    end_char INTEGER
);
CREATE INDEX casualties_article ON casualties(article_id);
-- Timexes, places and entities: the remaining highlighted spans of the article page.
CREATE TABLE spans (
    id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    text VARCHAR,
    start_char INTEGER,
    end_char INTEGER,
    label VARCHAR,
    value VARCHAR,
    code VARCHAR,
    country VARCHAR,
    lat DOUBLE,
    lon DOUBLE
);
CREATE INDEX spans_article ON spans(article_id);
CREATE TABLE clusters (
    id VARCHAR PRIMARY KEY,
    cluster_key VARCHAR NOT NULL,
    type VARCHAR,
    actor_codes VARCHAR[],
    recipient_codes VARCHAR[],
    country VARCHAR,
    place VARCHAR,
    date_first DATE,
    date_last DATE,
    first_report DATE,
    last_report DATE,
    source_count INTEGER,
    event_count INTEGER
);
CREATE INDEX clusters_key ON clusters(cluster_key);
"""),
)

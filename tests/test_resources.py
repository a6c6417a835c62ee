"""Every language resource file matches its schema; errors name the file and line."""

from __future__ import annotations

import json

import pytest
import yaml

from veille.resources import LANG_DIR, SCHEMA_DIR, ResourceError, Resources, load_file, resource_files

FILES = resource_files()


def test_there_are_resource_files():
    assert FILES, f"no YAML under {LANG_DIR}"


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_file_matches_its_schema(path):
    assert (SCHEMA_DIR / f"{path.stem}.schema.json").exists(), f"{path.name} has no schema"
    load_file(path)


def test_every_schema_is_valid_and_used():
    import jsonschema

    stems = {p.stem for p in FILES}
    for schema_file in SCHEMA_DIR.glob("*.schema.json"):
        jsonschema.Draft202012Validator.check_schema(json.loads(schema_file.read_text(encoding="utf-8")))
        assert schema_file.name.removesuffix(".schema.json") in stems, f"{schema_file.name} describes no file"


def test_schema_error_names_file_and_line(tmp_path):
    bad = tmp_path / "entity_names.yaml"
    bad.write_text("ORG:\n  - Otan\n  - 42\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"entity_names\.yaml:3: ORG/1: 42 is not of type 'string'"):
        load_file(bad)


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    bad = tmp_path / "entity_names.yaml"
    bad.write_text("ORG:\n  - Otan\n  - [unclosed\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"entity_names\.yaml:\d+: invalid YAML"):
        load_file(bad)


def test_resources_load_lazily_and_hash_the_files(tmp_path):
    (tmp_path / "entity_names.yaml").write_text(yaml.safe_dump({"ORG": ["Otan"]}), encoding="utf-8")
    first = Resources(tmp_path)
    assert first.data("entity_names") == {"ORG": ["Otan"]}
    (tmp_path / "entity_names.yaml").write_text(yaml.safe_dump({"ORG": ["ONU"]}), encoding="utf-8")
    assert Resources(tmp_path).digest != first.digest
    with pytest.raises(ResourceError, match="no resource file nothing.yaml"):
        first.data("nothing")

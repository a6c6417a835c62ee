"""French language data: the files under `resources/fr/`, each checked against its JSON Schema in
`resources/schema/`, loaded once per process and hashed into the `coder` string so a dataset
names the resources that produced it.

Extractors read their own file through `Resources.data(name)`; nothing here is mutated after
loading (no PETRARCH-style global dictionaries that code edits at run time).
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

RESOURCE_DIR = Path(__file__).parent / "resources"
LANG_DIR = RESOURCE_DIR / "fr"
SCHEMA_DIR = RESOURCE_DIR / "schema"


class ResourceError(ValueError):
    """A resource file that is missing, unreadable or does not match its schema."""


def schema_path(name: str) -> Path:
    return SCHEMA_DIR / f"{Path(name).stem}.schema.json"


def _line_of(text: str, path_in_doc: list[Any]) -> int | None:
    """Best-effort line number of a YAML node, for error messages that name file and line."""
    try:
        node = yaml.compose(text)
        for key in path_in_doc:
            if isinstance(node, yaml.MappingNode):
                node = next(v for k, v in node.value if k.value == key)
            elif isinstance(node, yaml.SequenceNode):
                node = node.value[int(key)]
        return node.start_mark.line + 1
    except Exception:  # noqa: BLE001 - a line number is a courtesy, never a second failure
        return None


def load_yaml(path: Path, schema: dict[str, Any], error: type[ValueError] = ResourceError,
              format_checker: Any = None) -> Any:
    """Read a YAML file and validate it against a JSON Schema (draft 2020-12).

    Every failure raises `error` with a message that names the file and, where it can be found,
    the line: unreadable file, invalid YAML, or the first schema violation.
    """
    import jsonschema

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        # libyaml's C loader when present: five times faster on the actor dictionary.
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise error(f"{where}: invalid YAML: {getattr(exc, 'problem', exc)}") from exc
    validator = jsonschema.Draft202012Validator(schema, format_checker=format_checker)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    if errors:
        err = errors[0]
        line = _line_of(text, list(err.path))
        where = f"{path}:{line}" if line else str(path)
        at = "/".join(str(p) for p in err.path) or "(top)"
        raise error(f"{where}: {at}: {err.message}")
    return data


def load_file(path: Path, schema_name: str | None = None) -> Any:
    """Read one resource file and validate it against its schema in `resources/schema/`."""
    spath = schema_path(schema_name or path.name)
    if not spath.exists():
        raise ResourceError(f"{path}: no schema {spath.name} in {SCHEMA_DIR}")
    return load_yaml(path, json.loads(spath.read_text(encoding="utf-8")))


class Resources:
    """The language data of one directory, keyed by file stem ("dates", "speech", …).

    Each file is read and validated on first use, then kept: a process that never codes quotes
    never parses the speech verbs, and one broken file names itself instead of failing all.
    """

    def __init__(self, directory: Path = LANG_DIR):
        self.directory = directory
        self.paths = {p.stem: p for p in resource_files(directory)}
        self.digest = digest_of(list(self.paths.values()))
        self._loaded: dict[str, Any] = {}

    def names(self) -> list[str]:
        return sorted(self.paths)

    def data(self, name: str) -> Any:
        if name not in self._loaded:
            if name not in self.paths:
                raise ResourceError(f"no resource file {name}.yaml in {self.directory}")
            self._loaded[name] = load_file(self.paths[name])
        return self._loaded[name]


def resource_files(directory: Path = LANG_DIR) -> list[Path]:
    return sorted(p for p in directory.glob("*.yaml"))


def digest_of(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:8]


@lru_cache(maxsize=1)
def load_resources() -> Resources:
    """The shipped French resources, one instance per process."""
    return Resources()

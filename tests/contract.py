"""Check values against contract/panels.schema.json (the subset of JSON Schema it uses).

frontend/test/contract.mjs implements the same subset for the card's tests; both are tested on
the same answers, so a drift between the engine, the schema and the card fails a test.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "contract" / "panels.schema.json"
SCHEMA: dict[str, Any] = json.loads(SCHEMA_PATH.read_text())
_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        schema = SCHEMA["$defs"][name]
    return schema


def problems(value: Any, schema: dict[str, Any] | None = None, path: str = "$") -> list[str]:
    """Return where and how `value` breaks the schema (empty when it conforms)."""
    schema = _resolve(SCHEMA if schema is None else schema)
    types = schema.get("type")
    if types is not None:
        allowed = types if isinstance(types, list) else [types]
        if not any(_TYPES[t](value) for t in allowed):
            return [f"{path}: {value!r:.60} is not {' or '.join(allowed)}"]
    out: list[str] = []
    if "enum" in schema and value not in schema["enum"]:
        out.append(f"{path}: {value!r} not in {schema['enum']}")
    if isinstance(value, str) and "pattern" in schema and not re.search(schema["pattern"], value):
        out.append(f"{path}: {value!r} does not match {schema['pattern']}")
    if _TYPES["number"](value) and "minimum" in schema and value < schema["minimum"]:
        out.append(f"{path}: {value} < {schema['minimum']}")
    if isinstance(value, dict):
        out += _object(value, schema, path)
    if isinstance(value, list):
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            out.append(f"{path}: {len(value)} items > {schema['maxItems']}")
        if "items" in schema:
            for i, item in enumerate(value):
                out += problems(item, schema["items"], f"{path}[{i}]")
    return out


def _object(value: dict[str, Any], schema: dict[str, Any], path: str) -> list[str]:
    out = [f"{path}: missing {key}" for key in schema.get("required", []) if key not in value]
    props = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for key, item in value.items():
        if key in props:
            out += problems(item, props[key], f"{path}.{key}")
        elif extra is False:
            out.append(f"{path}: unexpected {key}")
        elif isinstance(extra, dict):
            out += problems(item, extra, f"{path}.{key}")
    return out

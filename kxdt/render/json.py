"""JSON output: UTF-8, Chinese unescaped, stable key order; characters that would hide or reorder
text on a screen (U+202E in a file name, a zero-width space) written as JSON escapes."""

from __future__ import annotations

import json
from typing import Any

from ..text.chars import json_safe

# json's C string encoder (no ASCII escaping), or its Python twin where the C part is missing.
_STRING = json.encoder.c_encode_basestring or json.encoder.py_encode_basestring  # type: ignore[attr-defined]


class _NotFlat(Exception):
    pass


def dumps(data: Any) -> str:
    if isinstance(data, list) and data and all(type(row) is dict for row in data):
        try:
            return json_safe(_rows(data))
        except _NotFlat:
            pass
    return json_safe(json.dumps(data, ensure_ascii=False, indent=1))


def _scalar(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return _STRING(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    raise _NotFlat


def _rows(rows: list[dict[Any, Any]]) -> str:
    """A list of flat records (search hits: thousands of them), written exactly as
    `json.dumps(rows, ensure_ascii=False, indent=1)` writes it — whose indenting runs json's
    Python encoder, several times slower than its C parts used here."""
    keys: dict[str, str] = {}
    out = []
    for row in rows:
        if not row:
            out.append(" {}")
            continue
        fields = []
        for key, value in row.items():
            if type(key) is not str:
                raise _NotFlat
            name = keys.get(key)
            if name is None:
                name = keys[key] = "  " + _STRING(key) + ": "
            fields.append(name + _scalar(value))
        out.append(" {\n" + ",\n".join(fields) + "\n }")
    return "[\n" + ",\n".join(out) + "\n]"

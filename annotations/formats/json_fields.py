"""Type-checked fields of parsed JSON input; ImportFormatError says in one line what is wrong."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class ImportFormatError(Exception):
    """The input is not valid JSON, or not an AnnotationCollection this program can import."""


def json_type(value: object) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "null"


def types_of(obj: Mapping[str, Any]) -> set[str]:
    value = obj.get("type")
    values = value if isinstance(value, list) else [value]
    return {item for item in values if isinstance(item, str)}


def as_list(value: object) -> list[object]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def get_str(obj: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = obj.get(key, default)
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if not isinstance(value, str):
        missing = key not in obj
        problem = "is missing" if missing else f"must be a string, not {json_type(value)}"
        raise ImportFormatError(f"{where}: {key!r} {problem}")
    return value


def get_int(obj: Mapping[str, Any], key: str, where: str) -> int:
    value = obj.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        problem = "is missing" if key not in obj else f"must be an integer, not {value!r}"
        raise ImportFormatError(f"{where}: {key!r} {problem}")
    return value

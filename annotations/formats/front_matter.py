"""YAML front matter whose every value is a double-quoted YAML scalar, escaped so that any
title parses back to itself (or an integer)."""

from __future__ import annotations

from collections.abc import Mapping

from annotations.formats.common import printable

_SIMPLE_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t"}
_UNSAFE = frozenset({0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF})


def yaml_string(value: str) -> str:
    """`value` as a YAML double-quoted scalar: control characters shown as pictures first,
    then anything YAML could read as a break, a BOM or a non-printable written as `\\u`."""
    return '"' + "".join(_yaml_char(char) for char in printable(value)) + '"'


def _yaml_char(char: str) -> str:
    if char in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[char]
    code = ord(char)
    if 0x20 <= code < 0x7F or (code >= 0xA0 and code not in _UNSAFE and not _surrogate(code)):
        return char
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _surrogate(code: int) -> bool:
    return 0xD800 <= code <= 0xDFFF


def front_matter(fields: Mapping[str, str | int]) -> str:
    """`---`, one `key: value` line per field (strings quoted and escaped), `---`."""
    lines = ["---"]
    for key, value in fields.items():
        shown = str(value) if isinstance(value, int) else yaml_string(value)
        lines.append(f"{key}: {shown}")
    lines.append("---")
    return "\n".join(lines)

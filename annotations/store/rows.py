"""Reading annotation rows defensively: a bad row is skipped with its reason, never raised.

The connection decodes text with `surrogateescape` (see connection.py), so a row holding bytes
that are not UTF-8 reads as a string with lone surrogates instead of failing the whole query;
`decode_row` finds them and turns such a row into a `Skipped`.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from annotations.anchoring import AnchorState
from annotations.model import LABEL_NUMBERS, OPTIONAL_FIELDS, RECORD_FIELDS, Annotation, instant

TEXT_FIELDS = (
    "id", "document", "quote", "prefix", "suffix", "note", "created", "updated", "anchor",
    "anchored_sha",
)  # fmt: skip
ANCHOR_STATES = frozenset(state.value for state in AnchorState)
INT_FIELDS = ("start", "end", "paragraph", "label")
SHOWN_SKIPPED = 3
_KINDS = tuple((name, str if name in TEXT_FIELDS else int) for name in RECORD_FIELDS)
"""Each record field and its type (every field is text or a whole number)."""
_SURROGATE = re.compile("[\ud800-\udfff]")


class Skipped(NamedTuple):
    """A stored row that could not be read: its id (as far as it can be shown) and why.

    A NamedTuple, not a dataclass: creating a dataclass costs ~0.5 ms at import."""

    id: str
    reason: str

    def line(self) -> str:
        return f"id {self.id}: {self.reason}"


def readable(text: str) -> bool:
    """False for text read from bytes that were not UTF-8 (lone surrogates; an ASCII text,
    as most stored copies of text files are, has none: not searched)."""
    return text.isascii() or _SURROGATE.search(text) is None


def shown_id(value: Any) -> str:
    """An id fit to print: undecodable bytes as \\x escapes, anything else as its repr."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return repr(value)


def query(
    conn: sqlite3.Connection, sql: str, args: Sequence[Any] | Mapping[str, Any] = ()
) -> list[dict[str, Any]]:
    """The rows of a query as dicts by column name.

    Text is decoded by SQLite's own UTF-8 decoder, in C; only if some value is not UTF-8 is the
    query run again with the connection's tolerant decoder (connection.py), so that row alone
    is skipped (10,000 highlights: a Python call per text value cost about 40 ms).
    """
    tolerant = conn.text_factory
    conn.text_factory = str
    try:
        cursor = conn.execute(sql, args)
        rows = cursor.fetchall()
    except sqlite3.OperationalError as error:
        if "decode" not in str(error):
            raise
        conn.text_factory = tolerant
        cursor = conn.execute(sql, args)
        rows = cursor.fetchall()
    finally:
        conn.text_factory = tolerant
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in rows]


def decode_row(row: Mapping[str, Any]) -> Annotation | Skipped:
    """The annotation in `row`, or why it cannot be read."""
    problem = _problem(row)
    if problem is not None:
        return Skipped(shown_id(row.get("id")), problem)
    return Annotation.from_record(row)


def decode_rows(rows: Iterable[Mapping[str, Any]]) -> tuple[list[Annotation], list[Skipped]]:
    good: list[Annotation] = []
    skipped: list[Skipped] = []
    for row in rows:
        decoded = decode_row(row)
        if isinstance(decoded, Skipped):
            skipped.append(decoded)
        else:
            good.append(decoded)
    return good, skipped


def _problem(row: Mapping[str, Any]) -> str | None:
    if _plainly_typed(row):
        return _range_problem(row)
    for name in RECORD_FIELDS:  # find the first problem, field by field
        value = row.get(name)
        if value is None and name in OPTIONAL_FIELDS:
            continue  # a row or undo entry from before migration 0004: the defaults
        if value is None:
            return f"no {name}"
        if name in TEXT_FIELDS and not isinstance(value, str):
            return f"{name} is not text"
        if name in INT_FIELDS and (not isinstance(value, int) or isinstance(value, bool)):
            return f"{name} is not a whole number"
        if isinstance(value, str) and not readable(value):
            return f"bad text in {name} (not UTF-8)"
    return _range_problem(row)


def _plainly_typed(row: Mapping[str, Any]) -> bool:
    """True if every field has its type and all the text is UTF-8: the usual row, checked at
    once (`_problem` then looks no further than the ranges)."""
    texts: list[str] = []
    for name, kind in _KINDS:
        value = row.get(name)
        if type(value) is not kind and not (value is None and name in OPTIONAL_FIELDS):
            return False
        if isinstance(value, str):
            texts.append(value)
    return readable("".join(texts))


def _range_problem(row: Mapping[str, Any]) -> str | None:
    if row.get("anchor") not in (None, *ANCHOR_STATES):
        return f"anchor {row['anchor']!r} is not one of {', '.join(sorted(ANCHOR_STATES))}"
    if row["label"] not in LABEL_NUMBERS:
        return f"label {row['label']} is not one of 1-5"
    if not 0 <= row["start"] <= row["end"] or row["paragraph"] < 0:
        return f"span {row['start']}..{row['end']} is out of range"
    for name in ("created", "updated"):
        try:
            instant(row[name])
        except ValueError:
            return f"{name} is not a time"
    return None


def skipped_notice(skipped: Sequence[Skipped], what: str = "highlight") -> str | None:
    """One line naming the rows a read skipped, e.g. "Skipped 1 unreadable highlight (id x):
    label 9 is not one of 1-5"; None if nothing was skipped."""
    if not skipped:
        return None
    if len(skipped) == 1:
        return f"Skipped 1 unreadable {what} (id {skipped[0].id}): {skipped[0].reason}"
    shown = "; ".join(s.line() for s in skipped[:SHOWN_SKIPPED])
    more = len(skipped) - SHOWN_SKIPPED
    tail = f"; and {more} more" if more > 0 else ""
    return f"Skipped {len(skipped)} unreadable {what}s ({shown}{tail})"

"""Annotations: a highlighted span of a document with a label and an optional note."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime
from typing import Any

from annotations.anchoring import Placement, place_by_selectors, quote_selector
from annotations.document import Document

LABEL_NUMBERS = (1, 2, 3, 4, 5)
DEFAULT_LABEL_NAMES: dict[int, str] = {
    1: "Key point",
    2: "Evidence",
    3: "Question",
    4: "Disagree",
    5: "Follow-up",
}


def utc_now() -> str:
    """The current time in UTC as ISO 8601 with milliseconds, e.g. 2026-11-25T17:30:00.123Z."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def instant(timestamp: str) -> datetime:
    """An ISO 8601 time as an aware instant, so `…:34Z` and `…:34.923Z` compare as times do
    (as strings, "Z" sorts after "."); a time without a zone is taken as UTC."""
    moment = datetime.fromisoformat(timestamp)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True, slots=True)
class Annotation:
    """One highlight; `start`/`end` are code-point offsets into the text (end exclusive)."""

    id: str
    document: str
    start: int
    end: int
    paragraph: int
    quote: str
    prefix: str
    suffix: str
    label: int
    note: str
    created: str
    updated: str

    def to_record(self) -> dict[str, Any]:
        """Every field by name: the one form an annotation is kept in (store rows, undo journal)."""
        return {name: getattr(self, name) for name in RECORD_FIELDS}

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Annotation:
        """The annotation `to_record` gave (extra keys, such as a row's rowid, are ignored)."""
        return cls(**{name: record[name] for name in RECORD_FIELDS})

    @property
    def has_note(self) -> bool:
        return bool(self.note.strip())

    def with_changes(self, *, label: int | None = None, note: str | None = None) -> Annotation:
        """A copy with a new label and/or note and a fresh `updated` time."""
        return replace(
            self,
            label=self.label if label is None else label,
            note=self.note if note is None else note,
            updated=utc_now(),
        )


RECORD_FIELDS = tuple(field.name for field in fields(Annotation))


def validate_label(label: int) -> int:
    if label not in LABEL_NUMBERS:
        raise ValueError(f"label must be one of 1-5, not {label!r}")
    return label


def make_annotation(
    document: Document, start: int, end: int, label: int = 1, note: str = ""
) -> Annotation:
    """A new annotation of `document.text[start:end]`; the span must be non-empty and in range."""
    if not 0 <= start < end <= len(document.text):
        raise ValueError(f"span {start}..{end} is outside the text (0..{len(document.text)})")
    prefix, quote, suffix = quote_selector(document.text, start, end)
    now = utc_now()
    return Annotation(
        id=new_id(),
        document=document.source,
        start=start,
        end=end,
        paragraph=document.paragraph_number_at(start),
        quote=quote,
        prefix=prefix,
        suffix=suffix,
        label=validate_label(label),
        note=note,
        created=now,
        updated=now,
    )


def position_order(annotation: Annotation) -> tuple[int, int, str, str]:
    """The order annotations are listed and exported in: by position, then age, then id."""
    return (annotation.start, annotation.end, annotation.created, annotation.id)


def anchored(annotation: Annotation, document: Document) -> Annotation | None:
    """The annotation placed on `document`'s text: as is if its quote is at its offsets, else
    placed by its selectors (`place_by_selectors`: new offsets, quote, paragraph and context);
    None if it is not found. With the document's previous text at hand, prefer
    `annotations.anchoring.reanchor_all`, which follows each highlight through a diff."""
    text = document.text
    if text[annotation.start : annotation.end] == annotation.quote:
        return annotation
    found = place_by_selectors(
        text, annotation.quote, annotation.prefix, annotation.suffix, annotation.start,
        document.paragraph_number_at,
    )  # fmt: skip
    return None if found is None else with_placement(annotation, found)


def with_placement(annotation: Annotation, placement: Placement) -> Annotation:
    """The annotation at `placement` (an orphan's placement leaves it as it was)."""
    return replace(
        annotation, start=placement.start, end=placement.end, paragraph=placement.paragraph,
        quote=placement.quote, prefix=placement.prefix, suffix=placement.suffix,
    )  # fmt: skip

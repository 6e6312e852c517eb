"""Annotations: a highlighted span of a document with a label and an optional note."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime
from typing import Any

from annotations.anchoring import AnchorState, Placement, place_by_selectors, quote_selector
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
    anchor: AnchorState = AnchorState.EXACT
    """How it was last placed on its document's text (fuzzy stays until the user confirms)."""
    anchored_sha: str | None = None
    """The sha256 of the text it was last placed on (None: not known, e.g. an old row)."""

    def to_record(self) -> dict[str, Any]:
        """Every field by name: the one form an annotation is kept in (store rows, undo journal)."""
        return {name: getattr(self, name) for name in RECORD_FIELDS}

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Annotation:
        """The annotation `to_record` gave (extra keys, such as a row's rowid, are ignored; a
        record from before the anchor state was kept gets the defaults)."""
        values = {name: record[name] for name in RECORD_FIELDS if name in record}
        if values.get("anchor") is not None:
            values["anchor"] = AnchorState(values["anchor"])
        else:
            values.pop("anchor", None)
        return cls(**values)

    @property
    def is_orphan(self) -> bool:
        return self.anchor is AnchorState.ORPHAN

    @property
    def is_fuzzy(self) -> bool:
        """Placed approximately: shown with a mark until the user confirms the place."""
        return self.anchor is AnchorState.FUZZY

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
OPTIONAL_FIELDS = ("anchor", "anchored_sha")
"""Fields a record written before migration 0004 (a row, an undo entry) may lack."""


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
        anchored_sha=document.sha256,
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


def with_placement(
    annotation: Annotation, placement: Placement, sha: str | None = None
) -> Annotation:
    """The annotation at `placement`, in its state (an orphan's placement leaves its span as it
    was); `sha`: the text it was placed on (None keeps the annotation's)."""
    return replace(
        annotation, start=placement.start, end=placement.end, paragraph=placement.paragraph,
        quote=placement.quote, prefix=placement.prefix, suffix=placement.suffix,
        anchor=placement.state, anchored_sha=sha or annotation.anchored_sha,
    )  # fmt: skip


def placed_on(annotation: Annotation, document: Document) -> Annotation:
    """`anchored`, but always an annotation: an orphan (span kept) if its quote is not found;
    the state and `anchored_sha` say how and where it was placed."""
    found = anchored(annotation, document)
    if found is None:
        return replace(annotation, anchor=AnchorState.ORPHAN, anchored_sha=document.sha256)
    if found is annotation:  # its quote is at its offsets: drawn, so not an orphan
        state = AnchorState.EXACT if annotation.is_orphan else annotation.anchor
        return replace(annotation, anchor=state, anchored_sha=document.sha256)
    return replace(found, anchored_sha=document.sha256)


def position(annotation: Annotation) -> tuple[object, ...]:
    """Where a highlight stands: what re-anchoring changes (and a label or note change does not)."""
    a = annotation
    return (a.start, a.end, a.paragraph, a.quote, a.prefix, a.suffix, a.anchor, a.anchored_sha)

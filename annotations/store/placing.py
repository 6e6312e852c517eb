"""Where highlights stand: re-anchoring a document's highlights on its new text, and the places
the user gives (a confirmed fuzzy place, an orphan re-attached)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import NamedTuple

from annotations.anchoring import AnchorState, Placement, quote_selector, reanchor_all
from annotations.document import Document
from annotations.model import Annotation, with_placement
from annotations.store.connection import StoreError


class ReanchorReport(NamedTuple):
    """What re-anchoring on a changed text did: how many highlights moved with their text,
    were placed approximately (fuzzy, to be confirmed) and were not found (orphans).

    A NamedTuple, not a dataclass: creating a dataclass costs ~0.5 ms at import. Its truth is
    `__bool__` (anything moved, orphaned or fuzzy), not the tuple's (always true)."""

    moved: int
    orphaned: int
    fuzzy: int = 0

    def __bool__(self) -> bool:
        return bool(self.moved or self.orphaned or self.fuzzy)


def reanchored(
    annotations: Sequence[Annotation], stored: Document, document: Document
) -> tuple[list[Annotation], ReanchorReport]:
    """The annotations whose place or state changed on `document` (from `stored`'s text), each
    with the new text's hash, and the counts of the states."""
    placements = reanchor_all(stored.text, document.text, annotations, document.paragraph_number_at)
    placed = [
        with_placement(annotation, sticky(annotation, placement), document.sha256)
        for annotation, placement in zip(annotations, placements, strict=True)
    ]
    changed = [new for new, old in zip(placed, annotations, strict=True) if new != old]
    states = [placement.state for placement in placements]
    report = ReanchorReport(
        moved=states.count(AnchorState.MOVED),
        orphaned=states.count(AnchorState.ORPHAN),
        fuzzy=states.count(AnchorState.FUZZY),
    )
    return changed, report


def exact_placement(document: Document, start: int, end: int) -> Placement:
    """`document.text[start:end]` as an exact place (quote, context, ¶ taken afresh)."""
    if not 0 <= start < end <= len(document.text):
        raise StoreError(f"span {start}..{end} is outside the text")
    prefix, quote, suffix = quote_selector(document.text, start, end)
    paragraph = document.paragraph_number_at(start)
    return Placement(AnchorState.EXACT, start, end, quote, prefix, suffix, paragraph)


def sticky(annotation: Annotation, placement: Placement) -> Placement:
    """A fuzzy place not yet confirmed stays fuzzy when its text moves on exactly."""
    if annotation.is_fuzzy and placement.state in (AnchorState.EXACT, AnchorState.MOVED):
        return placement._replace(state=AnchorState.FUZZY)
    return placement


def at_place_of(target: Annotation, existing: Annotation) -> Annotation:
    """`target` (label, note, times) at `existing`'s place."""
    e = existing
    return replace(
        target, start=e.start, end=e.end, paragraph=e.paragraph, quote=e.quote,
        prefix=e.prefix, suffix=e.suffix, anchor=e.anchor, anchored_sha=e.anchored_sha,
    )  # fmt: skip

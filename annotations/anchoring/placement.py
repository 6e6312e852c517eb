"""Where a highlight stands after re-anchoring: its state, span and fresh quote selector."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import NamedTuple, Protocol

from annotations.anchoring.selectors import quote_selector


class AnchorState(StrEnum):
    """How a highlight was placed on the new text."""

    EXACT = "exact"
    """Same offsets, same text."""
    MOVED = "moved"
    """Followed its text to new offsets; the quoted text is identical."""
    FUZZY = "fuzzy"
    """Placed by approximate matching, or its quoted text itself changed (a typo fix, a word
    inserted or deleted inside it): check it."""
    ORPHAN = "orphan"
    """Not found: keep the annotation as it was, list and export it, do not draw it."""


class Anchored(Protocol):
    """What re-anchoring needs of an annotation (`annotations.model.Annotation` has it)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def paragraph(self) -> int: ...
    @property
    def quote(self) -> str: ...
    @property
    def prefix(self) -> str: ...
    @property
    def suffix(self) -> str: ...


ParagraphOf = Callable[[int], int]
"""The ¶ number of the block holding an offset of the new text (`Document.paragraph_number_at`)."""


class Placement(NamedTuple):
    """A highlight on the new text: span, quote selector and ¶ number, and how it got there.

    An orphan keeps the annotation's own (old) span, selector and paragraph, unchanged.
    A NamedTuple, not a dataclass: creating a dataclass costs ~0.5 ms at import.
    """

    state: AnchorState
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    paragraph: int

    @property
    def is_orphan(self) -> bool:
        return self.state is AnchorState.ORPHAN


def placed(
    state: AnchorState, text: str, start: int, end: int, paragraph_of: ParagraphOf
) -> Placement:
    """The placement of `text[start:end]`, with a fresh selector and ¶ number."""
    prefix, quote, suffix = quote_selector(text, start, end)
    return Placement(state, start, end, quote, prefix, suffix, paragraph_of(start))


def orphan(annotation: Anchored) -> Placement:
    """The annotation left as it was."""
    a = annotation
    return Placement(AnchorState.ORPHAN, a.start, a.end, a.quote, a.prefix, a.suffix, a.paragraph)


def no_paragraph(_offset: int) -> int:
    """The `paragraph_of` used when no document is at hand: every offset is in ¶0."""
    return 0

"""Anchoring: quote selectors, and placing highlights again on a changed text.

`reanchor_all` re-anchors a document's highlights when its text changed (following each
highlight's characters through a diff of the old text against the new); `place_by_selectors`
places one highlight known only by its quote, context and old offset. Each answer is a
`Placement` with an `AnchorState`: exact, moved, fuzzy or orphan.

The engine (its diff and approximate matching) is imported on the first call of
`reanchor_all` or `place_by_selectors`, not with this package: the reader's first screen needs
only `AnchorState` and `quote_selector`.
"""

from __future__ import annotations

from collections.abc import Sequence

from annotations.anchoring.placement import (
    Anchored,
    AnchorState,
    ParagraphOf,
    Placement,
    no_paragraph,
)
from annotations.anchoring.selectors import CONTEXT_CHARS, quote_selector

__all__ = [
    "CONTEXT_CHARS",
    "AnchorState",
    "Anchored",
    "ParagraphOf",
    "Placement",
    "place_by_selectors",
    "quote_selector",
    "reanchor",
    "reanchor_all",
]


def reanchor_all(
    old_text: str | None,
    new_text: str,
    annotations: Sequence[Anchored],
    paragraph_of: ParagraphOf = no_paragraph,
) -> list[Placement]:
    """Every highlight placed on `new_text`: see `engine.reanchor_all`."""
    from annotations.anchoring import engine

    return engine.reanchor_all(old_text, new_text, annotations, paragraph_of)


def place_by_selectors(
    text: str,
    quote: str,
    prefix: str,
    suffix: str,
    hint: int,
    paragraph_of: ParagraphOf = no_paragraph,
) -> Placement | None:
    """One highlight placed by its quote and context: see `engine.place_by_selectors`."""
    from annotations.anchoring import engine

    return engine.place_by_selectors(text, quote, prefix, suffix, hint, paragraph_of)


def reanchor(text: str, quote: str, prefix: str, suffix: str, hint: int) -> tuple[int, int] | None:
    """Where `quote` stands in `text` now, or None: `place_by_selectors`' span (for callers that
    need only the offsets, such as the W3C import)."""
    found = place_by_selectors(text, quote, prefix, suffix, hint)
    return None if found is None else (found.start, found.end)

"""Anchoring: quote selectors, and placing highlights again on a changed text.

`reanchor_all` re-anchors a document's highlights when its text changed (following each
highlight's characters through a diff of the old text against the new); `place_by_selectors`
places one highlight known only by its quote, context and old offset. Each answer is a
`Placement` with an `AnchorState`: exact, moved, fuzzy or orphan.
"""

from __future__ import annotations

from annotations.anchoring.engine import place_by_selectors, reanchor_all
from annotations.anchoring.placement import Anchored, AnchorState, ParagraphOf, Placement
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


def reanchor(text: str, quote: str, prefix: str, suffix: str, hint: int) -> tuple[int, int] | None:
    """Where `quote` stands in `text` now, or None: `place_by_selectors`' span (for callers that
    need only the offsets, such as the W3C import)."""
    found = place_by_selectors(text, quote, prefix, suffix, hint)
    return None if found is None else (found.start, found.end)

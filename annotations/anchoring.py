"""Anchoring: W3C TextQuoteSelector context, and finding a quote again in a changed text.

When a file changes between sessions, stored offsets may no longer point at the quote. Like
Hypothesis, we re-anchor on the exact quote, preferring the occurrence whose prefix/suffix match
best and which lies nearest the old position; a quote that no longer occurs is an orphan.
"""

from __future__ import annotations

CONTEXT_CHARS = 32


def quote_selector(text: str, start: int, end: int) -> tuple[str, str, str]:
    """(prefix, exact, suffix) with up to 32 code points of context on each side."""
    prefix = text[max(0, start - CONTEXT_CHARS) : start]
    suffix = text[end : end + CONTEXT_CHARS]
    return prefix, text[start:end], suffix


def _common_prefix_length(a: str, b: str) -> int:
    length = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        length += 1
    return length


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    before = text[max(0, start - len(prefix)) : start]
    after = text[end : end + len(suffix)]
    return _common_prefix_length(before[::-1], prefix[::-1]) + _common_prefix_length(after, suffix)


def reanchor(text: str, quote: str, prefix: str, suffix: str, hint: int) -> tuple[int, int] | None:
    """Where `quote` stands in `text` now, or None if it is gone.

    The stored offsets are tried first; otherwise every occurrence is scored by how much of the
    prefix and suffix still match, ties going to the one nearest the old start (`hint`).
    """
    if not quote:
        return None
    if text[hint : hint + len(quote)] == quote:
        return hint, hint + len(quote)
    best: tuple[int, int] | None = None
    best_key: tuple[int, int] | None = None
    position = text.find(quote)
    while position != -1:
        score = _context_score(text, position, position + len(quote), prefix, suffix)
        key = (score, -abs(position - hint))
        if best_key is None or key > best_key:
            best, best_key = (position, position + len(quote)), key
        position = text.find(quote, position + 1)
    return best

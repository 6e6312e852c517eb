"""W3C TextQuoteSelector context: the quote with up to 32 code points of text on each side."""

from __future__ import annotations

CONTEXT_CHARS = 32


def quote_selector(text: str, start: int, end: int) -> tuple[str, str, str]:
    """(prefix, exact, suffix) with up to 32 code points of context on each side."""
    prefix = text[max(0, start - CONTEXT_CHARS) : start]
    suffix = text[end : end + CONTEXT_CHARS]
    return prefix, text[start:end], suffix

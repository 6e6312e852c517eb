"""The algorithms the anchoring engine is compared with: main's old one and Hypothesis'.

Both first keep a highlight whose quote is still at its offsets (as Hypothesis does with its
TextPositionSelector), then search for the quote in the new text.
"""

from __future__ import annotations

from annotations.anchoring.approximate import best_ends


def keep_or(text: str, start: int, end: int, quote: str) -> bool:
    return text[start:end] == quote


# --- main before issue 8: exact quote, best context, nearest ---------------------------------


def _common_prefix_length(a: str, b: str) -> int:
    length = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        length += 1
    return length


def old_reanchor(
    text: str, quote: str, prefix: str, suffix: str, hint: int
) -> tuple[int, int] | None:
    """main's `annotations.anchoring.reanchor`, verbatim in behaviour."""
    if not quote:
        return None
    if text[hint : hint + len(quote)] == quote:
        return hint, hint + len(quote)
    best: tuple[int, int] | None = None
    best_key: tuple[int, int] | None = None
    position = text.find(quote)
    while position != -1:
        end = position + len(quote)
        before = text[max(0, position - len(prefix)) : position]
        after = text[end : end + len(suffix)]
        score = _common_prefix_length(before[::-1], prefix[::-1])
        score += _common_prefix_length(after, suffix)
        key = (score, -abs(position - hint))
        if best_key is None or key > best_key:
            best, best_key = (position, end), key
        position = text.find(quote, position + 1)
    return best


# --- Hypothesis' match-quote.ts, written from its description -------------------------------


def approx_search(text: str, pattern: str, max_errors: int) -> list[tuple[int, int, int]]:
    """(start, end, errors) of every match with the fewest errors, if at most `max_errors`;
    exact matches short-circuit the approximate search, as in match-quote.ts."""
    exact: list[tuple[int, int, int]] = []
    position = text.find(pattern)
    while position != -1:
        exact.append((position, position + len(pattern), 0))
        position = text.find(pattern, position + 1)
    if exact or not pattern or not text:
        return exact
    scores = best_ends(pattern, text)
    errors = min(scores)
    if errors > max_errors:
        return []
    matches: list[tuple[int, int, int]] = []
    for index, score in enumerate(scores):
        if score != errors or (index + 1 < len(scores) and scores[index + 1] == errors):
            continue
        end = index + 1
        low = max(0, end - len(pattern) - errors)
        backwards = best_ends(pattern[::-1], text[low:end][::-1])
        length = min(i for i, s in enumerate(backwards) if s == errors) + 1
        matches.append((end - length, end, errors))
    return matches


def _text_match_score(text: str, pattern: str) -> float:
    if not pattern or not text:
        return 0.0
    matches = approx_search(text, pattern, len(pattern))
    return 1 - matches[0][2] / len(pattern) if matches else 0.0


def hypothesis_match_quote(
    text: str, quote: str, prefix: str, suffix: str, hint: int
) -> tuple[int, int] | None:
    """Approximate search (up to half the quote's length in errors), scored 50/20/20/2."""
    if not quote:
        return None
    matches = approx_search(text, quote, min(256, len(quote) // 2))
    best: tuple[float, int, int] | None = None
    for start, end, errors in matches:
        quote_score = 1 - errors / len(quote)
        before = text[max(0, start - len(prefix)) : start]
        prefix_score = _text_match_score(before, prefix) if prefix else 1.0
        suffix_score = _text_match_score(text[end : end + len(suffix)], suffix) if suffix else 1.0
        position_score = 1.0 - abs(start - hint) / max(1, len(text))
        score = (50 * quote_score + 20 * prefix_score + 20 * suffix_score + 2 * position_score) / 92
        if best is None or score > best[0]:
            best = (score, start, end)
    return None if best is None else (best[1], best[2])

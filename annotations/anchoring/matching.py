"""Placing a quote by its selectors alone: approximate search scored on quote, context, position.

Used when the old text is unknown (an imported annotation, a highlight whose offsets are stale),
and, restricted to newly inserted text, when a highlight's own characters were deleted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from annotations.anchoring.approximate import best_match, fold, similarity, surviving_words

QUOTE_WEIGHT, PREFIX_WEIGHT, SUFFIX_WEIGHT, POSITION_WEIGHT = 50, 20, 20, 10
MIN_SCORE = 0.75
"""Below this weighted score (0..1) a candidate is not the highlight: an orphan beats a guess."""
MIN_QUOTE_SIMILARITY = 0.5
"""At most half the quote's length in edits (as Hypothesis allows)."""
MIN_SURVIVING_WORDS = 0.5
"""At least half the quote's words, in order: otherwise it is another text."""
MIN_SCORE_INSERTED = 0.6
"""The minimum when only newly inserted text is searched (a moved paragraph has new context)."""
MAX_CANDIDATES = 400
MAX_HITS_PER_WORD = 300
ANCHOR_WORDS = 3
_WORD_CHAR = re.compile(r"\w")


@dataclass(frozen=True, slots=True)
class Match:
    """A candidate span of the text and its score (0..1)."""

    start: int
    end: int
    score: float


def is_word_char(char: str) -> bool:
    return bool(char) and _WORD_CHAR.match(char) is not None


def tidy(text: str, start: int, end: int, quote: str, prefix: str, suffix: str) -> tuple[int, int]:
    """A found span trimmed of whitespace the quote did not have, and widened to whole words
    where the quote began or ended on a word boundary."""
    if quote and not quote[0].isspace():
        while start < end and text[start].isspace():
            start += 1
    if quote and not quote[-1].isspace():
        while end > start and text[end - 1].isspace():
            end -= 1
    if start < end and is_word_char(quote[:1]) and not is_word_char(prefix[-1:]):
        while start > 0 and is_word_char(text[start - 1]):
            start -= 1
    if start < end and is_word_char(quote[-1:]) and not is_word_char(suffix[:1]):
        while end < len(text) and is_word_char(text[end]):
            end += 1
    return start, end


class Matcher:
    """Finds quotes in one text by their selectors; the text is folded once for every search."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold(text)

    def find(
        self, quote: str, prefix: str, suffix: str, hint: int,
        within: Sequence[tuple[int, int]] | None = None, min_score: float = MIN_SCORE,
    ) -> Match | None:  # fmt: skip
        """The best-scoring span for the quote (ignoring case, quote style and whitespace),
        searching approximately even if an exact copy exists; None below the minimum score.

        `within` restricts the search to those ranges of the text (at least half of a match
        must lie inside them); `min_score` is the score (0..1) a match must reach.
        """
        folded_quote = fold(quote)
        if not folded_quote.strip():
            return None
        ranges = [(0, len(self.text))] if within is None else list(within)
        best: Match | None = None
        seen: set[tuple[int, int]] = set()
        for candidate in self._candidates(folded_quote, hint, ranges):
            span = self._align(folded_quote, candidate)
            if span is None:
                continue
            start, end = tidy(self.text, *span, quote, prefix, suffix)
            if start >= end or (start, end) in seen or not _inside(start, end, ranges):
                continue
            seen.add((start, end))
            match = self._score(folded_quote, prefix, suffix, hint, start, end, min_score)
            if match is not None and (best is None or match.score > best.score):
                best = match
        return best

    def _candidates(self, quote: str, hint: int, ranges: Sequence[tuple[int, int]]) -> list[int]:
        """Likely start offsets: exact copies, where the quote's rarest words occur, the hint."""
        found: set[int] = set()
        for low, high in ranges:
            found.update(_occurrences(self.folded, quote, low, high, MAX_HITS_PER_WORD))
            for word, offset in self._anchor_words(quote, low, high):
                hits = _occurrences(self.folded, word, low, high, MAX_HITS_PER_WORD)
                found.update(hit - offset for hit in hits)
            if low <= hint < high:
                found.add(hint)
        ordered = sorted(found, key=lambda c: abs(c - hint))[:MAX_CANDIDATES]
        return _spread(sorted(ordered), max(1, len(quote) // 4))

    def _anchor_words(self, quote: str, low: int, high: int) -> list[tuple[str, int]]:
        """The quote's rarest words in the searched range, with their offsets in the quote."""
        words = [(m.group(), m.start()) for m in re.finditer(r"\w{3,}", quote)]
        if not words:
            words = [(m.group(), m.start()) for m in re.finditer(r"\S+", quote)]
        rarity = {word: self.folded.count(word, low, high) for word, _ in words}
        return sorted(words, key=lambda w: (rarity[w[0]], -len(w[0])))[:ANCHOR_WORDS]

    def _align(self, quote: str, candidate: int) -> tuple[int, int] | None:
        """The closest match of the quote in a window around a candidate start."""
        slack = len(quote) // 2 + 1
        low = max(0, candidate - slack)
        high = min(len(self.folded), candidate + len(quote) + slack)
        found = best_match(quote, self.folded[low:high], len(quote) // 2)
        return None if found is None else (low + found[0], low + found[1])

    def _score(
        self, quote: str, prefix: str, suffix: str, hint: int, start: int, end: int,
        min_score: float,
    ) -> Match | None:  # fmt: skip
        """The weighted score of `text[start:end]`, or None if it fails a minimum."""
        found = self.folded[start:end]
        quote_score = similarity(quote, found)
        if (
            quote_score < MIN_QUOTE_SIMILARITY
            or surviving_words(quote, found) < MIN_SURVIVING_WORDS
        ):
            return None
        before = self.folded[max(0, start - len(prefix)) : start]
        after = self.folded[end : end + len(suffix)]
        prefix_score = similarity(fold(prefix), before) if prefix or before else 1.0
        suffix_score = similarity(fold(suffix), after) if suffix or after else 1.0
        position_score = max(0.0, 1.0 - abs(start - hint) / max(1, len(self.text)))
        score = (
            QUOTE_WEIGHT * quote_score + PREFIX_WEIGHT * prefix_score
            + SUFFIX_WEIGHT * suffix_score + POSITION_WEIGHT * position_score
        ) / (QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT)  # fmt: skip
        return Match(start, end, score) if score >= min_score else None


def _occurrences(text: str, needle: str, low: int, high: int, limit: int) -> list[int]:
    hits: list[int] = []
    position = text.find(needle, low, high)
    while position != -1 and len(hits) < limit:
        hits.append(position)
        position = text.find(needle, position + 1, high)
    return hits


def _spread(candidates: list[int], gap: int) -> list[int]:
    """Sorted candidates thinned so that no two are closer than `gap`."""
    kept: list[int] = []
    for candidate in candidates:
        if not kept or candidate - kept[-1] >= gap:
            kept.append(candidate)
    return kept


def _inside(start: int, end: int, ranges: Sequence[tuple[int, int]]) -> bool:
    """Whether at least half of `start..end` lies in `ranges`."""
    covered = sum(max(0, min(end, high) - max(start, low)) for low, high in ranges)
    return 2 * covered >= end - start

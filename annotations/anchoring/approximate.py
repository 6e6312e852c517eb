"""Approximate string matching: case/quote/space folding, Myers' bit-parallel search, similarity.

Everything here keeps lengths: `fold` maps each code point to one code point, so an offset in
folded text is the same offset in the original.
"""

from __future__ import annotations

import re

_QUOTES = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'", "′": "'"}
)
_SPACES = re.compile(r"\s")
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower case, straight quotes, every whitespace character a space; the same length."""
    text = _SPACES.sub(" ", text.translate(_QUOTES))
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def words(text: str) -> list[str]:
    """The words of folded `text`."""
    return _WORD.findall(text)


def best_ends(pattern: str, text: str) -> list[int]:
    """Edit distance of the best match of `pattern` ending after each code point of `text`.

    Myers' bit-parallel algorithm (1999) in its search form: the match may start anywhere.
    """
    m = len(pattern)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    peq: dict[str, int] = {}
    for index, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << index)
    pv, mv, score = mask, 0, m
    scores: list[int] = []
    for char in text:
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & mask) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = (ph << 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        scores.append(score)
    return scores


def best_match(pattern: str, text: str, max_errors: int) -> tuple[int, int, int] | None:
    """(start, end, errors) of the closest match of `pattern` in `text`, or None if it needs
    more than `max_errors` edits; ties go to the match ending last among the best."""
    if not pattern or not text:
        return None
    scores = best_ends(pattern, text)
    errors = min(scores)
    if errors > max_errors:
        return None
    end = max(i for i, s in enumerate(scores) if s == errors) + 1
    low = max(0, end - len(pattern) - errors)
    backwards = best_ends(pattern[::-1], text[low:end][::-1])
    length = min(i for i, s in enumerate(backwards) if s == errors) + 1
    return end - length, end, errors


def distance(a: str, b: str) -> int:
    """The Levenshtein distance between two short strings."""
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a)
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def similarity(a: str, b: str) -> float:
    """1 for equal strings, down to 0: one minus the edit distance over the longer length."""
    longest = max(len(a), len(b))
    return 1.0 if longest == 0 else 1.0 - distance(a, b) / longest


def _same_word(a: str, b: str) -> bool:
    """Equal, or a typo apart: two letters swapped, or (words of 4+ letters) edits within a
    quarter of their length."""
    if a == b or _swapped(a, b):
        return True
    return min(len(a), len(b)) >= 4 and distance(a, b) <= max(1, len(a) // 4)


def _swapped(a: str, b: str) -> bool:
    """Whether `b` is `a` with two neighbouring letters swapped."""
    if len(a) != len(b):
        return False
    differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and a[differ[0]] == b[differ[1]]
        and (a[differ[1]] == b[differ[0]])
    )


def surviving_words(old: str, new: str) -> float:
    """The share of `old`'s words found in `new` in order (typos forgiven); texts are folded."""
    before, after = words(old), words(new)
    if not before:
        return 1.0 if old.strip() == new.strip() else 0.0
    lengths = [0] * (len(after) + 1)
    for word in before:
        diagonal = 0
        for j, other in enumerate(after, 1):
            above = lengths[j]
            lengths[j] = diagonal + 1 if _same_word(word, other) else max(above, lengths[j - 1])
            diagonal = above
    return lengths[-1] / len(before)

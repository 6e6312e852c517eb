"""Which highlights cover a part of the text: a sorted index for drawing, the cursor and `]`/`[`."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from annotations.model import Annotation


class HighlightIndex:
    """The drawable highlights sorted by start, with the longest length to bound a lookup."""

    def __init__(self, annotations: Sequence[Annotation] = ()) -> None:
        self._annotations = sorted(annotations, key=lambda a: (a.start, a.end))
        self._starts = [a.start for a in self._annotations]
        self._longest = max((a.end - a.start for a in self._annotations), default=0)

    def intersecting(self, start: int, end: int) -> list[Annotation]:
        """The highlights that overlap text[start:end], in start order."""
        low = bisect_left(self._starts, start - self._longest)
        high = bisect_left(self._starts, end)
        return [a for a in self._annotations[low:high] if a.end > start]

    def covering(self, offset: int) -> list[Annotation]:
        """The highlights covering `offset`, innermost (shortest, then latest) first."""
        found = self.intersecting(offset, offset + 1)
        return sorted(found, key=lambda a: (a.end - a.start, -a.start))

    def next_start(self, offset: int) -> int | None:
        """The first highlight start after `offset`, if any."""
        index = bisect_right(self._starts, offset)
        return self._starts[index] if index < len(self._starts) else None

    def previous_start(self, offset: int) -> int | None:
        """The last highlight start before `offset`, if any."""
        index = bisect_left(self._starts, offset) - 1
        return self._starts[index] if index >= 0 else None

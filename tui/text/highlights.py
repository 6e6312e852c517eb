"""Which highlights cover a part of the text: an interval index for drawing, the cursor and `]`/`[`.

The text is cut into buckets of BUCKET code points; each highlight is listed in every bucket it
overlaps. A lookup reads only the buckets of the span asked for, so drawing a row costs what is
on (or next to) that row, however many highlights the document has, and one long highlight does
not slow down the rows it does not touch. Starts are also kept sorted, for `]` and `[`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable

from annotations.model import Annotation

BUCKET = 128
"""Code points per bucket: about two display lines of prose. Small, so a row densely covered
(thousands of highlights on a short text) reads few more than its own."""


def _order(annotation: Annotation) -> tuple[int, int, str]:
    return (annotation.start, annotation.end, annotation.id)


class HighlightIndex:
    """The drawable highlights, found by the text they overlap; add and remove are cheap."""

    def __init__(self, annotations: Iterable[Annotation] = ()) -> None:
        self._buckets: dict[int, list[Annotation]] = {}
        self._starts: list[int] = []
        self._count = 0
        for annotation in annotations:
            self.add(annotation)

    def __len__(self) -> int:
        return self._count

    def add(self, annotation: Annotation) -> None:
        for bucket in _buckets_of(annotation.start, annotation.end):
            insort(self._buckets.setdefault(bucket, []), annotation, key=_order)
        insort(self._starts, annotation.start)
        self._count += 1

    def remove(self, annotation: Annotation) -> None:
        """Remove `annotation` (as it was added); ValueError if it is not there."""
        for bucket in _buckets_of(annotation.start, annotation.end):
            listed = self._buckets[bucket]
            listed.remove(annotation)
            if not listed:
                del self._buckets[bucket]
        del self._starts[bisect_left(self._starts, annotation.start)]
        self._count -= 1

    def intersecting(self, start: int, end: int) -> list[Annotation]:
        """The highlights that overlap text[start:end] (at least one code point), in start order."""
        end = max(end, start + 1)
        found: dict[str, Annotation] = {}
        for bucket in _buckets_of(start, end):
            for annotation in self._buckets.get(bucket, ()):
                if annotation.start < end and annotation.end > start:
                    found[annotation.id] = annotation
        return sorted(found.values(), key=_order)

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


def _buckets_of(start: int, end: int) -> Iterable[int]:
    """The buckets text[start:end] overlaps (end exclusive; an empty span touches one)."""
    return range(start // BUCKET, max(end - 1, start) // BUCKET + 1)

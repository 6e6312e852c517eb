"""The notes list's entries in order, with their heights: insert, remove and find by row.

A flat list would make every insert renumber every entry after it and every row lookup add up
every height before it. Here the entries are kept sorted by key in chunks of about CHUNK, each
chunk with its entry count and row total; a change touches one chunk, and the running sums over
the chunks (a few hundred numbers even at 10,000 entries) are redone only when next asked for.
So a key that adds, changes or deletes one highlight costs the same with 10 or 10,000 of them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from itertools import accumulate, chain
from typing import Any, Generic, Protocol, TypeVar

CHUNK = 64
"""Entries per chunk (a chunk is split in two at twice this)."""


class Keyed(Protocol):
    """What the chunks hold: a sort key (unique) and a height in rows."""

    @property
    def key(self) -> Any: ...

    @property
    def height(self) -> int: ...


E = TypeVar("E", bound=Keyed)


def _key(entry: Keyed) -> Any:
    return entry.key


class Chunks(Generic[E]):
    """Entries sorted by their (unique) key, found by key, by position or by row."""

    def __init__(self, entries: list[E] | None = None) -> None:
        self._chunks: list[list[E]] = []
        self._firsts: list[Any] = []
        self._rows: list[int] = []
        self._size = 0
        self._count_starts: list[int] | None = None
        self._row_starts: list[int] | None = None
        if entries:
            self.build(entries)

    def build(self, entries: list[E]) -> None:
        """Replace everything with `entries`, already sorted by key."""
        self._chunks = [entries[i : i + CHUNK] for i in range(0, len(entries), CHUNK)]
        self._firsts = [chunk[0].key for chunk in self._chunks]
        self._rows = [sum(entry.height for entry in chunk) for chunk in self._chunks]
        self._size = len(entries)
        self._changed()

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[E]:
        return chain.from_iterable(self._chunks)

    @property
    def total_rows(self) -> int:
        return self._row_totals()[-1] if self._chunks else 0

    # -- changes

    def insert(self, entry: E) -> None:
        """Add `entry` in key order (its key must not be there yet)."""
        if not self._chunks:
            self._chunks, self._firsts, self._rows = [[entry]], [entry.key], [entry.height]
        else:
            c, i = self._locate(entry.key)
            chunk = self._chunks[c]
            chunk.insert(i, entry)
            self._rows[c] += entry.height
            if i == 0:
                self._firsts[c] = entry.key
            if len(chunk) > 2 * CHUNK:
                self._split(c)
        self._size += 1
        self._changed()

    def remove(self, key: Any) -> E | None:
        """Take out the entry of `key`; None if there is none."""
        where = self._find(key)
        if where is None:
            return None
        c, i = where
        chunk = self._chunks[c]
        entry = chunk.pop(i)
        self._rows[c] -= entry.height
        if not chunk:
            del self._chunks[c], self._firsts[c], self._rows[c]
        elif i == 0:
            self._firsts[c] = chunk[0].key
        self._size -= 1
        self._changed()
        return entry

    def replace(self, entry: E) -> None:
        """Put `entry` in place of the entry with the same key (its height may differ)."""
        where = self._find(entry.key)
        if where is None:
            raise KeyError(entry.key)
        c, i = where
        self._rows[c] += entry.height - self._chunks[c][i].height
        self._chunks[c][i] = entry
        self._row_starts = None

    def _split(self, c: int) -> None:
        chunk = self._chunks[c]
        half = len(chunk) // 2
        low, high = chunk[:half], chunk[half:]
        self._chunks[c : c + 1] = [low, high]
        self._firsts[c : c + 1] = [low[0].key, high[0].key]
        self._rows[c : c + 1] = [sum(e.height for e in low), sum(e.height for e in high)]

    def _changed(self) -> None:
        self._count_starts = None
        self._row_starts = None

    # -- lookups

    def get(self, key: Any) -> E | None:
        where = self._find(key)
        return None if where is None else self._chunks[where[0]][where[1]]

    def index(self, key: Any) -> int | None:
        """The position of the entry of `key` (0 is the first), or None if it is not there."""
        where = self._find(key)
        return None if where is None else self._count_totals()[where[0]] + where[1]

    def index_after(self, key: Any) -> int:
        """How many entries sort before `key` (where an entry of that key would go)."""
        if not self._chunks:
            return 0
        c, i = self._locate(key)
        return self._count_totals()[c] + i

    def at(self, index: int) -> E:
        """The entry at `index` (IndexError outside 0..len-1)."""
        if not 0 <= index < self._size:
            raise IndexError(index)
        starts = self._count_totals()
        c = bisect_right(starts, index) - 1
        return self._chunks[c][index - starts[c]]

    def row_of(self, index: int) -> int:
        """The first row of the entry at `index`."""
        starts = self._count_totals()
        c = bisect_right(starts, index) - 1
        chunk = self._chunks[c]
        return self._row_totals()[c] + sum(e.height for e in chunk[: index - starts[c]])

    def at_row(self, row: int) -> tuple[int, int] | None:
        """(entry index, line within the entry) of `row`; None past the last row."""
        if not 0 <= row < self.total_rows:
            return None
        rows = self._row_totals()
        c = bisect_right(rows, row) - 1  # the last chunk starting at or before `row`
        y = rows[c]
        for i, entry in enumerate(self._chunks[c]):
            if row < y + entry.height:
                return self._count_totals()[c] + i, row - y
            y += entry.height
        raise AssertionError("row totals out of step")  # pragma: no cover

    def _locate(self, key: Any) -> tuple[int, int]:
        """(chunk, position in it) where an entry of `key` is or would go."""
        c = max(bisect_right(self._firsts, key) - 1, 0)
        return c, bisect_left(self._chunks[c], key, key=_key)

    def _find(self, key: Any) -> tuple[int, int] | None:
        if not self._chunks:
            return None
        c, i = self._locate(key)
        chunk = self._chunks[c]
        return (c, i) if i < len(chunk) and chunk[i].key == key else None

    def _count_totals(self) -> list[int]:
        """The index of each chunk's first entry (one more item: the size)."""
        if self._count_starts is None:
            self._count_starts = list(accumulate((len(c) for c in self._chunks), initial=0))
        return self._count_starts

    def _row_totals(self) -> list[int]:
        """The first row of each chunk (one more item: the total)."""
        if self._row_starts is None:
            self._row_starts = list(accumulate(self._rows, initial=0))
        return self._row_starts

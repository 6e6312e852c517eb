"""Carrying highlights through an edit: diff the old text against the new once, map offsets.

The diff is Google's diff-match-patch (`diff_main` with its line-mode speed-up: paragraphs are
diffed first, then the changed ones character by character; then each edit slid to word
boundaries, which keeps the diff minimal), turned into alternating runs:
`equal` (the same characters on both sides) and `change` (old characters replaced by new ones,
either side possibly empty).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from diff_match_patch import diff_match_patch

DIFF_TIMEOUT_S = 5.0
"""diff-match-patch gives up refining after this long; its answer stays correct, only coarser
(whole stretches deleted and inserted), and the quotes in them are then searched for."""


@dataclass(frozen=True, slots=True)
class Run:
    """`old[old_start:old_end]` became `new[new_start:new_end]`; equal runs have equal text."""

    equal: bool
    old_start: int
    old_end: int
    new_start: int
    new_end: int


@dataclass(frozen=True, slots=True)
class Carried:
    """Where a span's characters went: the new span, and how many of them survived."""

    start: int
    end: int
    surviving: int


class TextDiff:
    """The diff of one old text against one new text, and offset mapping through it."""

    def __init__(self, old: str, new: str) -> None:
        self.runs = list(_runs(old, new))
        self._covering = [run for run in self.runs if run.old_end > run.old_start]
        self._starts = [run.old_start for run in self._covering]

    def inserted(self, min_length: int = 1) -> list[tuple[int, int]]:
        """The ranges of the new text that are new (at least `min_length` long)."""
        return [
            (run.new_start, run.new_end)
            for run in self.runs
            if not run.equal and run.new_end - run.new_start >= min_length
        ]

    def carry(self, start: int, end: int) -> Carried:
        """Map the old span `start..end` (non-empty) onto the new text.

        A kept character maps to itself; a replaced first (last) character maps to the start
        (end) of its replacement. Text inserted exactly at the span's edges stays outside it.
        """
        first = self._index(start)
        last = self._index(end - 1)
        head, tail = self._covering[first], self._covering[last]
        new_start = head.new_start + (start - head.old_start) if head.equal else head.new_start
        new_end = tail.new_start + (end - tail.old_start) if tail.equal else tail.new_end
        surviving = sum(
            min(end, run.old_end) - max(start, run.old_start)
            for run in self._covering[first : last + 1]
            if run.equal
        )
        return Carried(new_start, max(new_start, new_end), surviving)

    def _index(self, offset: int) -> int:
        return bisect_right(self._starts, offset) - 1


def _runs(old: str, new: str) -> Iterator[Run]:
    """The diff as alternating equal and change runs."""
    differ = diff_match_patch()
    differ.Diff_Timeout = DIFF_TIMEOUT_S
    old_at = new_at = 0
    change: tuple[int, int] | None = None
    diffs = differ.diff_main(old, new, True)
    # Slide each edit to word boundaries: "side[s new word]s" becomes "sides[ new words]", so
    # a highlight ending in "sides" does not take in the words inserted after it.
    differ.diff_cleanupSemanticLossless(diffs)
    for op, chunk in diffs:
        if op == differ.DIFF_EQUAL:
            if change is not None:
                yield Run(False, change[0], old_at, change[1], new_at)
                change = None
            yield Run(True, old_at, old_at + len(chunk), new_at, new_at + len(chunk))
            old_at += len(chunk)
            new_at += len(chunk)
            continue
        if change is None:
            change = (old_at, new_at)
        if op == differ.DIFF_DELETE:
            old_at += len(chunk)
        else:
            new_at += len(chunk)
    if change is not None:
        yield Run(False, change[0], old_at, change[1], new_at)

"""The highlight index agrees with a scan of every highlight (property test)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from annotations.document import Document, build_document
from annotations.model import Annotation, make_annotation
from tui.text.highlights import HighlightIndex

TEXT = "T\n\n" + " ".join(f"word{i}" for i in range(60))
DOCUMENT: Document = build_document(TEXT, "test:index", "index.txt", is_markdown=False)
LENGTH = len(DOCUMENT.text)

spans = st.tuples(st.integers(0, LENGTH - 1), st.integers(1, 40)).map(
    lambda pair: (pair[0], min(LENGTH, pair[0] + pair[1]))
)


def highlights(pairs: list[tuple[int, int]]) -> list[Annotation]:
    return [make_annotation(DOCUMENT, start, end) for start, end in pairs]


@given(st.lists(spans, max_size=30), st.integers(0, LENGTH), st.integers(0, 30))
def test_intersecting_and_covering_match_a_scan(
    pairs: list[tuple[int, int]], start: int, length: int
) -> None:
    annotations = highlights(pairs)
    index = HighlightIndex(annotations)
    end = min(LENGTH, start + length)
    expected = sorted(
        (a for a in annotations if a.start < max(end, start + 1) and a.end > start),
        key=lambda a: (a.start, a.end),
    )
    got = index.intersecting(start, max(end, start + 1))
    assert sorted(got, key=lambda a: (a.start, a.end, a.id)) == sorted(
        expected, key=lambda a: (a.start, a.end, a.id)
    )
    covering = index.covering(start)
    assert {a.id for a in covering} == {a.id for a in annotations if a.start <= start < a.end}
    lengths = [a.end - a.start for a in covering]
    assert lengths == sorted(lengths)


@given(st.lists(spans, max_size=30), st.integers(0, LENGTH))
def test_next_and_previous_start_match_a_scan(pairs: list[tuple[int, int]], offset: int) -> None:
    starts = [start for start, _ in pairs]
    index = HighlightIndex(highlights(pairs))
    assert index.next_start(offset) == min((s for s in starts if s > offset), default=None)
    assert index.previous_start(offset) == max((s for s in starts if s < offset), default=None)


@given(st.lists(spans, max_size=30), st.data())
def test_removing_highlights_leaves_the_others_found(
    pairs: list[tuple[int, int]], data: st.DataObject
) -> None:
    annotations = highlights(pairs)
    index = HighlightIndex(annotations)
    gone = data.draw(st.sets(st.sampled_from(range(len(annotations))))) if annotations else set()
    for number in gone:
        index.remove(annotations[number])
    kept = [a for n, a in enumerate(annotations) if n not in gone]
    assert len(index) == len(kept)
    for offset in range(0, LENGTH, 7):
        assert {a.id for a in index.covering(offset)} == {
            a.id for a in kept if a.start <= offset < a.end
        }
    assert index.next_start(-1) == min((a.start for a in kept), default=None)


def test_a_long_highlight_is_found_from_every_part_of_it() -> None:
    long_text = "T\n\n" + "word " * 2000
    document = build_document(long_text, "test:long", "long.txt", is_markdown=False)
    whole = make_annotation(document, 3, len(document.text))
    short = make_annotation(document, 5000, 5004)
    index = HighlightIndex([whole, short])
    assert index.intersecting(9000, 9010) == [whole]
    assert index.intersecting(4990, 5001) == [whole, short]
    assert index.covering(5002) == [short, whole]


@given(st.lists(st.tuples(st.sampled_from(["add", "move", "remove"]), spans, st.integers(0, 99))))
def test_changes_one_at_a_time_match_a_scan(
    steps: list[tuple[str, tuple[int, int], int]],
) -> None:
    """Add, move (remove the old, add the new of the same id) and remove, as the article does
    for each key: every lookup then agrees with a scan of what is left."""
    index = HighlightIndex()
    kept: dict[str, Annotation] = {}
    for kind, (start, end), pick in steps:
        if kind == "add" or not kept:
            new = make_annotation(DOCUMENT, start, end)
            index.add(new)
            kept[new.id] = new
            continue
        old = kept.pop(sorted(kept)[pick % len(kept)])
        index.remove(old)
        if kind == "move":
            moved = replace(make_annotation(DOCUMENT, start, end), id=old.id)
            index.add(moved)
            kept[moved.id] = moved
    assert len(index) == len(kept)
    for offset in range(0, LENGTH, 5):
        found = index.intersecting(offset, offset + 5)
        assert {a.id for a in found} == {
            a.id for a in kept.values() if a.start < offset + 5 and a.end > offset
        }
        assert {a.id for a in index.covering(offset)} == {
            a.id for a in kept.values() if a.start <= offset < a.end
        }
        starts = [a.start for a in kept.values()]
        assert index.next_start(offset) == min((s for s in starts if s > offset), default=None)
        assert index.previous_start(offset) == max((s for s in starts if s < offset), default=None)

"""The highlight index agrees with a scan of every highlight (property test)."""

from __future__ import annotations

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

"""Property tests of re-anchoring: edits outside a quote, edits inside it, duplicated quotes."""

from __future__ import annotations

from anchoring_corpus import Edit, Highlight, apply, carry
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from annotations.anchoring import AnchorState, quote_selector, reanchor_all

VOCABULARY = (
    "the", "city", "held", "its", "line", "by", "the", "river", "while", "north", "winds",
    "said", "we", "will", "hold", "a", "road", "against", "seven", "grey", "trucks", "that",
    "came", "at", "dawn", "under", "heavy", "fire", "from", "three", "sides", "and", "nobody",
    "slept", "until", "morning", "brought", "quiet", "rain", "over", "broken", "roofs",
)  # fmt: skip
WORDS = st.sampled_from(sorted(set(VOCABULARY)))
SENTENCES = st.lists(WORDS, min_size=4, max_size=40).map(" ".join)
"""Texts of distinct words: a periodic text ("a a a a") has no one right alignment."""


def highlight(text: str, start: int, end: int) -> Highlight:
    prefix, quote, suffix = quote_selector(text, start, end)
    return Highlight(start, end, 0, quote, prefix, suffix)


@st.composite
def quoted_text(draw: st.DrawFn, min_words: int = 3, margin: int = 0) -> tuple[str, int, int]:
    """A text and a span of whole words in it, at least `margin` words from either end."""
    words = draw(st.lists(WORDS, min_size=min_words, max_size=60, unique=True))
    first = draw(st.integers(margin, len(words) - 1 - margin))
    last = draw(st.integers(first, min(len(words) - 1 - margin, first + 6)))
    start = sum(len(w) + 1 for w in words[:first])
    end = start + len(" ".join(words[first : last + 1]))
    return " ".join(words), start, end


@st.composite
def outside_edits(draw: st.DrawFn, text: str, start: int, end: int) -> list[Edit]:
    """Non-overlapping edits that leave `text[start:end]` and its edges alone."""
    edits: list[Edit] = []
    for low, high in ((0, start - 1), (end + 1, len(text))):
        if high - low < 1:
            continue
        a = draw(st.integers(low, high))
        b = draw(st.integers(a, min(high, a + 12)))
        edits.append(Edit(a, b, draw(st.sampled_from(["", " x", "new words ", ",", "\n\n"]))))
    return edits


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_edits_outside_a_quote_reanchor_it_exactly(data: st.DataObject) -> None:
    text, start, end = data.draw(quoted_text())
    edits = data.draw(outside_edits(text, start, end))
    new = apply(text, edits)
    [placed] = reanchor_all(text, new, [highlight(text, start, end)])
    expected = carry((start, end), edits, new)
    assert placed.state in (AnchorState.EXACT, AnchorState.MOVED)
    assert (placed.start, placed.end) == expected


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_edits_inside_a_quote_follow_it_or_orphan_it(data: st.DataObject) -> None:
    text, start, end = data.draw(quoted_text())
    a = data.draw(st.integers(start, end - 1))
    b = data.draw(st.integers(a, end))
    edit = Edit(a, b, data.draw(st.sampled_from(["", "x", " road", "Q Q"])))
    new = apply(text, [edit])
    [placed] = reanchor_all(text, new, [highlight(text, start, end)])
    if not placed.is_orphan:
        low, high = carry((start, end), [edit], new)
        assert placed.start < high + 1 and placed.end > low - 1, "attached to unrelated text"
        assert low - 1 <= placed.start and placed.end <= high + 1


@settings(max_examples=100, deadline=None)
@given(quoted_text(min_words=16, margin=5), SENTENCES, st.booleans())
def test_a_duplicated_quote_stays_on_its_copy(
    case: tuple[str, int, int], other: str, before: bool
) -> None:
    text, start, end = case
    copy = text[max(0, start - 10) : end + 10]
    assume(3 * len(copy) < len(text))  # a copy of most of the text is a move, not a copy
    edits = (
        [Edit(0, 0, other + " " + copy + "\n\n")]
        if before
        else [Edit(len(text), len(text), "\n\n" + copy)]
    )
    if start >= 2:
        edits.append(Edit(start - 2, start - 1, ";"))
    new = apply(text, edits)
    [placed] = reanchor_all(text, new, [highlight(text, start, end)])
    assert (placed.start, placed.end) == carry((start, end), edits, new)


def test_words_inserted_right_after_a_quote_stay_outside_it() -> None:
    """Found by the property test above: the diff aligned the quote's last "s" with the "s" of
    an inserted "words"; edits now slide to word boundaries."""
    old = "a against and at broken brought came sides by"
    new = " xa against and at broken brought came sides new words by"
    [placed] = reanchor_all(old, new, [highlight(old, 2, 42)])
    assert placed.state is AnchorState.MOVED
    assert new[placed.start : placed.end] == "against and at broken brought came sides"

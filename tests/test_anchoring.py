"""The anchoring engine: states, the diff carry, selectors, and the corpus goal on a sample."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from anchoring_corpus import ALGORITHMS, UNTOUCHED, Highlight, generate, score

from annotations.anchoring import (
    AnchorState,
    place_by_selectors,
    quote_selector,
    reanchor,
    reanchor_all,
)
from annotations.document import build_document
from annotations.model import make_annotation
from annotations.store import Store
from annotations.store import placing as store_module
from annotations.store.store import ReanchorReport


def highlight(text: str, quote: str, occurrence: int = 0) -> Highlight:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    prefix, _, suffix = quote_selector(text, start, start + len(quote))
    return Highlight(start, start + len(quote), 1, quote, prefix, suffix)


def test_states() -> None:
    old = "Alpha beta gamma.\n\nDelta epsilon zeta.\n\nEta theta."
    new = "New.\n\nAlpha beta gamma.\n\nDelta epsilon, and zeta.\n\nEta theta."
    h = [
        highlight(old, "Alpha beta"),
        highlight(old, "Delta epsilon zeta"),
        highlight(old, "theta"),
    ]
    gone = highlight(old, "Eta")
    placements = reanchor_all(old, new, [*h, gone], lambda offset: offset // 10)
    assert [p.state for p in placements[:3]] == ["moved", "fuzzy", "moved"]
    assert placements[1].quote == "Delta epsilon, and zeta"
    assert placements[1].paragraph == placements[1].start // 10
    assert reanchor_all(old, "x" + old[1:] + "!", [h[1]])[0].state is AnchorState.EXACT
    assert not placements[3].is_orphan
    [lost] = reanchor_all(old, old.replace("Delta epsilon zeta", "Nothing here"), [h[1]])
    assert lost.is_orphan and (lost.start, lost.quote) == (h[1].start, h[1].quote)


def test_an_untouched_quote_never_moves_to_a_better_copy() -> None:
    old = "He said we will hold. Later: he said we will hold the line."
    first = highlight(old, "we will hold")
    new = old.replace("He said we", "He said, we")  # one character next to the first copy
    [placed] = reanchor_all(old, new, [first])
    assert new[placed.start : placed.end] == "we will hold" and placed.start == first.start + 1


def test_a_typo_fix_inside_the_quote_follows_it() -> None:
    old = "The commander siad the city would hold."
    [placed] = reanchor_all(old, old.replace("siad", "said"), [highlight(old, "commander siad")])
    assert (placed.state, placed.quote) == (AnchorState.FUZZY, "commander said")


def test_a_moved_paragraph_is_followed() -> None:
    old = "First paragraph here.\n\nThe quote lives in this one.\n\nThird paragraph there."
    new = "The quote lives in this one.\n\nFirst paragraph here.\n\nThird paragraph there."
    [placed] = reanchor_all(old, new, [highlight(old, "quote lives")])
    assert (placed.state, placed.start) == (AnchorState.MOVED, new.index("quote lives"))


def test_selectors_ignore_case_quotes_and_spaces() -> None:
    text = "He said: “It’s  Over now,” and left."
    found = place_by_selectors(text, "it's over", 'He said: "', " now", 10)
    assert found is not None and text[found.start : found.end] == "It’s  Over"
    assert found.state is AnchorState.FUZZY


def test_selectors_prefer_the_copy_with_the_context_and_refuse_weak_matches() -> None:
    text = "red apples and pears; green apples and figs; red apples and plums"
    found = place_by_selectors(text, "apples and", "green ", " figs", 0)
    assert found is not None and found.start == text.index("green") + 6
    assert place_by_selectors(text, "bananas and cherries", "", "", 0) is None
    assert reanchor(text, "apples and", "green ", " figs", 0) == (found.start, found.end)


def test_no_old_text_places_by_selectors() -> None:
    new = "Some text. The quote is here."
    stale = Highlight(
        0,
        5,
        1,
        "quote is",
        "The ",
        " here",
    )
    [placed] = reanchor_all(None, new, [stale])
    assert new[placed.start : placed.end] == "quote is"


SAMPLE = generate(per_kind=6, seed=3)


@pytest.mark.parametrize("name", ["new"])
def test_the_corpus_goal_on_a_sample(name: str) -> None:
    """≥ 97 % right, ≤ 0.5 % wrong, and never wrong when the quote's text is untouched."""
    results = list(score(SAMPLE, ALGORITHMS[name]))
    counts = Counter(result for _, result, _ in results)
    assert counts["right"] >= 0.97 * len(results), counts
    assert counts["wrong"] <= 0.005 * len(results), counts
    assert not [case for case, result, _ in results if case.kind in UNTOUCHED and result == "wrong"]


def test_opening_an_unchanged_document_does_no_reanchoring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = build_document("T\n\nAlpha beta.\n\nDelta epsilon.", "mem:same", "s", False)
    with Store.open(tmp_path / "a.db") as store:
        store.open_document(document)
        store.add(make_annotation(document, 3, 8))
        calls: list[object] = []
        monkeypatch.setattr(store_module, "reanchor_all", lambda *args: calls.append(args))
        assert store.open_document(document) == ReanchorReport(moved=0, orphaned=0)
        assert calls == []

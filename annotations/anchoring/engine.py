"""Re-anchoring: every highlight of a document placed on its new text, in one pass."""

from __future__ import annotations

from collections.abc import Sequence

from annotations.anchoring.approximate import fold, surviving_words
from annotations.anchoring.carry import TextDiff
from annotations.anchoring.matching import (
    MIN_SCORE_INSERTED,
    MIN_SURVIVING_WORDS,
    Matcher,
    tidy,
)
from annotations.anchoring.placement import (
    Anchored,
    AnchorState,
    ParagraphOf,
    Placement,
    no_paragraph,
    orphan,
    placed,
)


def reanchor_all(
    old_text: str | None,
    new_text: str,
    annotations: Sequence[Anchored],
    paragraph_of: ParagraphOf = no_paragraph,
) -> list[Placement]:
    """One placement per annotation, in order, on `new_text`.

    With the old text known, it is diffed against the new one once and each highlight follows
    its own characters: `exact` or `moved` if they are all still there together, `fuzzy` if
    its text changed but at least half its words survive in order (it widens or narrows with
    the words inserted or deleted inside it). A highlight whose characters are gone is looked
    for only in newly inserted text (a moved paragraph), never at another copy of its words.
    Annotations whose offsets do not match the old text (or with no old text) are placed by
    their selectors alone (`place_by_selectors`). Nothing found: `orphan`.
    """
    placer = _Placer(old_text, new_text, paragraph_of)
    return [placer.place(annotation) for annotation in annotations]


def place_by_selectors(
    text: str,
    quote: str,
    prefix: str,
    suffix: str,
    hint: int,
    paragraph_of: ParagraphOf = no_paragraph,
) -> Placement | None:
    """The quote's place in `text` known only by its selectors and old start (`hint`), or None.

    Case, quote style (“ ” ‘ ’ against " ') and whitespace are ignored; the search is
    approximate (up to half the quote's length in edits) even if an exact copy exists
    elsewhere; candidates are scored on quote, prefix and suffix similarity and closeness to
    `hint`, and below a minimum score there is no placement. For many quotes on one text, use
    `reanchor_all(None, text, …)`, which folds the text once.
    """
    return _Placer(None, text, paragraph_of).by_selectors(quote, prefix, suffix, hint)


class _Placer:
    """The state shared by every placement on one new text: the diff and the matcher, lazily."""

    def __init__(self, old: str | None, new: str, paragraph_of: ParagraphOf) -> None:
        self.old, self.new, self.paragraph_of = old, new, paragraph_of
        self._diff: TextDiff | None = None
        self._matcher: Matcher | None = None

    @property
    def diff(self) -> TextDiff:
        if self._diff is None:
            assert self.old is not None
            self._diff = TextDiff(self.old, self.new)
        return self._diff

    @property
    def matcher(self) -> Matcher:
        if self._matcher is None:
            self._matcher = Matcher(self.new)
        return self._matcher

    def place(self, annotation: Anchored) -> Placement:
        a = annotation
        if not a.quote or self.old is None or self.old[a.start : a.end] != a.quote:
            found = self.by_selectors(a.quote, a.prefix, a.suffix, a.start)
            return orphan(a) if found is None else found
        if self.old == self.new:
            return self._placement(AnchorState.EXACT, a.start, a.end)
        return self._carried(a) or self._reinserted(a) or orphan(a)

    def by_selectors(self, quote: str, prefix: str, suffix: str, hint: int) -> Placement | None:
        if not quote:
            return None
        match = self.matcher.find(quote, prefix, suffix, hint)
        return None if match is None else self._found(quote, hint, match.start, match.end)

    def _carried(self, a: Anchored) -> Placement | None:
        """The highlight on its own characters, followed through the diff."""
        carried = self.diff.carry(a.start, a.end)
        if carried.surviving == len(a.quote) and self.new[carried.start : carried.end] == a.quote:
            state = AnchorState.EXACT if carried.start == a.start else AnchorState.MOVED
            return self._placement(state, carried.start, carried.end)
        if carried.surviving == 0:
            return None
        start, end = tidy(self.new, carried.start, carried.end, a.quote, a.prefix, a.suffix)
        if start >= end:
            return None
        if surviving_words(fold(a.quote), fold(self.new[start:end])) < MIN_SURVIVING_WORDS:
            return None
        return self._placement(AnchorState.FUZZY, start, end)

    def _reinserted(self, a: Anchored) -> Placement | None:
        """The highlight's text, gone from its place, found in text inserted elsewhere."""
        inserted = self.diff.inserted(min_length=max(1, len(a.quote) // 2))
        if not inserted:
            return None
        hint = self.diff.carry(a.start, a.end).start
        match = self.matcher.find(
            a.quote, a.prefix, a.suffix, hint, within=inserted, min_score=MIN_SCORE_INSERTED
        )
        return None if match is None else self._found(a.quote, a.start, match.start, match.end)

    def _found(self, quote: str, old_start: int, start: int, end: int) -> Placement:
        if self.new[start:end] != quote:
            return self._placement(AnchorState.FUZZY, start, end)
        state = AnchorState.EXACT if start == old_start else AnchorState.MOVED
        return self._placement(state, start, end)

    def _placement(self, state: AnchorState, start: int, end: int) -> Placement:
        return placed(state, self.new, start, end, self.paragraph_of)

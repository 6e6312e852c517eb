"""The anchoring corpus: edited texts, the right answer carried through each edit by construction.

    python -m tests.anchoring_corpus            # the table: edit kind × {old, Hypothesis, new}
    python -m tests.anchoring_corpus --cases 20 --show-failures

Every case is an old text, a highlight on it, a new text made from the old by a known list of
edits, and where the highlight must be on the new text (or None: it must be an orphan). A
result is *right* (that exact span, or rightly orphaned), *wrong* (attached to some other
span) or *orphaned* though its text is still there.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from annotations.anchoring import place_by_selectors, quote_selector, reanchor_all  # noqa: E402
from tests.anchoring_rivals import hypothesis_match_quote, old_reanchor  # noqa: E402
from tests.anchoring_texts import COMPOSED, corpus_texts  # noqa: E402

Span = tuple[int, int]
WORD = re.compile(r"\w+(?:['’]\w+)*")
VOCABULARY = (
    "plainly", "harvest", "yellow", "quietly", "engine", "orchard", "borrowed", "seventeen",
    "lantern", "granite", "whisper", "copper", "meadow", "tuesday", "velvet", "compass",
)  # fmt: skip
UNTOUCHED = frozenset(
    {"edit outside", "paragraph inserted", "paragraph deleted", "paragraphs reordered",
     "duplicated elsewhere"}
)  # fmt: skip
"""Kinds whose quote text is untouched: never wrong there."""


@dataclass(frozen=True)
class Edit:
    """Replace `old[start:end]` with `text`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Case:
    kind: str
    source: str
    old: str
    new: str
    span: Span
    expected: Span | None


@dataclass(frozen=True)
class Highlight:
    """What the engine needs of an annotation (`annotations.anchoring.Anchored`)."""

    start: int
    end: int
    paragraph: int
    quote: str
    prefix: str
    suffix: str


def apply(text: str, edits: list[Edit]) -> str:
    out, at = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(text[at : edit.start] + edit.text)
        at = edit.end
    return "".join(out) + text[at:]


def carry(span: Span, edits: list[Edit], new: str) -> Span:
    """The span through the edits: a replaced first (last) character maps to the start (end) of
    its replacement; text inserted at the edges stays out; whitespace at the edges is trimmed."""
    start, end = span
    new_start = new_end = None
    shift = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        grow = len(edit.text) - (edit.end - edit.start)
        if new_start is None and edit.start <= start < edit.end:
            new_start = edit.start + shift
        elif new_start is None and edit.end <= start:
            pass
        elif new_start is None:
            new_start = start + shift
        if edit.start <= end - 1 < edit.end:
            new_end = edit.start + shift + len(edit.text)
            break
        if edit.start >= end:
            break
        shift += grow
    new_start = start + shift if new_start is None else new_start
    new_end = end + shift if new_end is None else new_end
    while new_start < new_end and new[new_start].isspace():
        new_start += 1
    while new_end > new_start and new[new_end - 1].isspace():
        new_end -= 1
    return new_start, new_end


# --- picking highlights ---------------------------------------------------------------------


def blocks(text: str) -> list[Span]:
    spans, at = [], 0
    for block in text.split("\n\n"):
        spans.append((at, at + len(block)))
        at += len(block) + 2
    return spans


def words_in(text: str, low: int, high: int) -> list[Span]:
    return [(m.start(), m.end()) for m in WORD.finditer(text, low, high)]


def pick_quote(rng: random.Random, text: str, min_words: int = 1, max_words: int = 8) -> Span:
    """A run of whole words inside one paragraph."""
    candidates = [b for b in blocks(text) if len(words_in(text, *b)) >= max(min_words, 3)]
    block = rng.choice(candidates)
    words = words_in(text, *block)
    count = rng.randint(min_words, min(max_words, len(words)))
    first = rng.randrange(len(words) - count + 1)
    return words[first][0], words[first + count - 1][1]


def word_outside(rng: random.Random, text: str, span: Span, gap: int = 2) -> Span:
    words = [
        w for w in words_in(text, 0, len(text)) if w[1] + gap <= span[0] or w[0] >= span[1] + gap
    ]
    return rng.choice(words)


# --- the edit kinds -------------------------------------------------------------------------


def typo_fix(rng: random.Random, base: str) -> Case | None:
    """The old text had a typo inside the quote; the new text is the corrected one."""
    span = pick_quote(rng, base, 1)
    long_words = [w for w in words_in(base, *span) if w[1] - w[0] >= 4]
    if not long_words:
        return None
    word = rng.choice(long_words)
    at = rng.randrange(word[0] + 1, word[1] - 2)
    style = rng.choice(("swap", "drop", "wrong"))
    if style == "swap":
        typo = Edit(at, at + 2, base[at + 1] + base[at])
    elif style == "drop":
        typo = Edit(at, at + 1, "")
    else:
        typo = Edit(at, at + 1, "x" if base[at] != "x" else "z")
    old = apply(base, [typo])
    fix = Edit(typo.start, typo.start + len(typo.text), base[typo.start : typo.end])
    old_span = carry(span, [typo], old)
    return Case("typo fixed in quote", "", old, base, old_span, carry(old_span, [fix], base))


def word_inserted(rng: random.Random, old: str) -> Case | None:
    span = pick_quote(rng, old, 2)
    inner = words_in(old, *span)[:-1]
    at = rng.choice(inner)[1]
    return edited("word inserted in quote", old, span, [Edit(at, at, " " + rng.choice(VOCABULARY))])


def word_deleted(rng: random.Random, old: str) -> Case | None:
    span = pick_quote(rng, old, 3)
    words = words_in(old, *span)
    index = rng.randrange(1, len(words) - 1)
    edit = Edit(words[index][0], words[index + 1][0], "")
    return edited("word deleted in quote", old, span, [edit])


def edit_outside(rng: random.Random, old: str) -> Case | None:
    """Words changed elsewhere, often one character right next to the quote."""
    span = pick_quote(rng, old)
    edits = []
    if rng.random() < 0.6 and span[0] >= 2 and old[span[0] - 1] == " ":
        edits.append(Edit(span[0] - 2, span[0] - 1, rng.choice(",;x")))
    elif rng.random() < 0.6 and span[1] + 2 <= len(old) and old[span[1]] == " ":
        edits.append(Edit(span[1] + 1, span[1] + 2, rng.choice("XQ")))
    for _ in range(rng.randint(0, 3)):
        word = word_outside(rng, old, span, gap=3)
        if all(word[1] <= e.start or word[0] >= e.end for e in edits):
            edits.append(Edit(*word, rng.choice(VOCABULARY)))
    return edited("edit outside", old, span, edits) if edits else None


def paragraph_inserted(rng: random.Random, old: str) -> Case | None:
    span = pick_quote(rng, old)
    above = [b for b in blocks(old) if b[1] < span[0]]
    at = rng.choice(above)[0] if above and rng.random() < 0.7 else 0
    paragraph = rng.choice(COMPOSED.split("\n\n")[1:]).replace("\n", " ").strip()
    return edited("paragraph inserted", old, span, [Edit(at, at, paragraph + "\n\n")])


def paragraph_deleted(rng: random.Random, old: str) -> Case | None:
    span = pick_quote(rng, old)
    above = [b for b in blocks(old) if b[1] < span[0]]
    if not above:
        return None
    block = rng.choice(above)
    return edited("paragraph deleted", old, span, [Edit(block[0], block[1] + 2, "")])


def paragraphs_reordered(rng: random.Random, old: str) -> Case | None:
    """The quote's paragraph moved before or after another one."""
    span = pick_quote(rng, old)
    spans = blocks(old)
    here = next(i for i, b in enumerate(spans) if b[0] <= span[0] < b[1])
    others = [i for i in range(len(spans)) if i != here]
    if not others:
        return None
    order = [i for i in range(len(spans)) if i != here]
    order.insert(rng.randrange(len(order) + 1), here)
    if order == list(range(len(spans))):
        return None
    texts = [old[slice(*spans[i])] for i in order]
    new = "\n\n".join(texts)
    start = sum(len(t) + 2 for t in texts[: order.index(here)]) + span[0] - spans[here][0]
    return Case("paragraphs reordered", "", old, new, span, (start, start + span[1] - span[0]))


def rewritten(rng: random.Random, old: str) -> Case | None:
    """The quote's words kept, replaced or deleted; the same highlight if at least half its
    words survive in order, else an orphan. Words around it are rewritten too."""
    span = pick_quote(rng, old, 3)
    words = words_in(old, *span)
    keep = rng.randint(0, len(words))
    kept = set(rng.sample(range(len(words)), keep))
    edits = []
    for index, word in enumerate(words):
        if index in kept:
            continue
        if rng.random() < 0.6 or index == len(words) - 1:
            edits.append(Edit(*word, rng.choice(VOCABULARY)))
        else:
            edits.append(Edit(word[0], words[index + 1][0], ""))
    for _ in range(rng.randint(0, 2)):
        word = word_outside(rng, old, span)
        if abs(word[0] - span[0]) < 80 and all(
            word[1] <= e.start or word[0] >= e.end for e in edits
        ):
            edits.append(Edit(*word, rng.choice(VOCABULARY)))
    new = apply(old, edits)
    expected = carry(span, edits, new) if 2 * keep >= len(words) else None
    return Case("sentence rewritten", "", old, new, span, expected)


def duplicated(rng: random.Random, old: str) -> Case | None:
    """The quote with a few words around it pasted elsewhere; often a character changed next
    to the original (the copy now has the better context)."""
    span = pick_quote(rng, old)
    around = words_in(old, max(0, span[0] - 25), min(len(old), span[1] + 25))
    copy = old[around[0][0] : around[-1][1]] if around else old[slice(*span)]
    target = word_outside(rng, old, span, gap=40)
    edits = [Edit(target[1], target[1], " " + copy)]
    if span[0] >= 2 and old[span[0] - 1] == " " and rng.random() < 0.7:
        edits.append(Edit(span[0] - 2, span[0] - 1, ";"))
    return edited("duplicated elsewhere", old, span, edits)


def whitespace(rng: random.Random, old: str) -> Case | None:
    """Spaces doubled here and there, inside the quote too (a re-wrapped source)."""
    span = pick_quote(rng, old, 2)
    spaces = [m.start() for m in re.finditer(" ", old)]
    inside = [p for p in spaces if span[0] < p < span[1]]
    if not inside:
        return None
    chosen = set(rng.sample(spaces, min(len(spaces), 6))) | set(rng.sample(inside, 1))
    edits = [Edit(p, p, " ") for p in sorted(chosen)]
    return edited("whitespace only", old, span, edits)


def quote_deleted(rng: random.Random, old: str) -> Case | None:
    span = pick_quote(rng, old)
    end = span[1] + 1 if old[span[1] : span[1] + 1] == " " else span[1]
    new = apply(old, [Edit(span[0], end, "")])
    return Case("quote deleted", "", old, new, span, None)


SMART = str.maketrans({"'": "’"})


def smart_quotes(rng: random.Random, old: str) -> Case | None:
    """Straight quotes made typographic, or the other way round, across the whole text."""
    quoted = [m.start() for m in re.finditer(r"['\"’“”]", old)]
    if not quoted:
        return None
    at = rng.choice(quoted)
    left = words_in(old, max(0, at - 30), at)
    right = words_in(old, at, at + 30)
    if not left or not right:
        return None
    span = (rng.choice(left[-3:])[0], rng.choice(right[:3])[1])
    if "\n" in old[slice(*span)]:
        return None
    new = _smarten(old) if '"' in old or "'" in old else _straighten(old)
    return Case("smart/straight quotes", "", old, new, span, span)


def _smarten(text: str) -> str:
    text = re.sub(r'"(?=\w)', "“", text).replace('"', "”")
    return text.translate(SMART)


def _straighten(text: str) -> str:
    return text.translate(str.maketrans({"“": '"', "”": '"', "’": "'", "‘": "'"}))


def case_changed(rng: random.Random, old: str) -> Case | None:
    span = pick_quote(rng, old, 1)
    word = rng.choice(words_in(old, *span))
    change = rng.choice((str.upper, str.lower, str.capitalize, str.title))
    replaced = change(old[slice(*word)])
    if replaced == old[slice(*word)] or len(replaced) != word[1] - word[0]:
        return None
    return edited("case changed", old, span, [Edit(*word, replaced)])


def edited(kind: str, old: str, span: Span, edits: list[Edit]) -> Case:
    new = apply(old, edits)
    return Case(kind, "", old, new, span, carry(span, edits, new))


KINDS: tuple[Callable[[random.Random, str], Case | None], ...] = (
    typo_fix, word_inserted, word_deleted, edit_outside, paragraph_inserted, paragraph_deleted,
    paragraphs_reordered, rewritten, duplicated, whitespace, quote_deleted, smart_quotes,
    case_changed,
)  # fmt: skip


def generate(per_kind: int = 60, seed: int = 8) -> list[Case]:
    """`per_kind` cases of each edit kind, spread over every text of the corpus."""
    texts = corpus_texts()
    rng = random.Random(seed)
    cases: list[Case] = []
    for kind in KINDS:
        made = tries = 0
        while made < per_kind and tries < per_kind * 20:
            tries += 1
            source = list(texts)[tries % len(texts)]
            case = kind(rng, texts[source])
            if case is not None and case.old != case.new:
                cases.append(Case(case.kind, source, case.old, case.new, case.span, case.expected))
                made += 1
    return cases


# --- running and scoring --------------------------------------------------------------------

Algorithm = Callable[[Case], Span | None]


def _highlight(case: Case) -> Highlight:
    prefix, quote, suffix = quote_selector(case.old, *case.span)
    return Highlight(case.span[0], case.span[1], 0, quote, prefix, suffix)


def _positioned(search: Callable[[str, str, str, str, int], Span | None]) -> Algorithm:
    """Keep the offsets if the quote is still there, else search."""

    def run(case: Case) -> Span | None:
        h = _highlight(case)
        if case.new[h.start : h.end] == h.quote:
            return h.start, h.end
        return search(case.new, h.quote, h.prefix, h.suffix, h.start)

    return run


def new_engine(case: Case) -> Span | None:
    [placement] = reanchor_all(case.old, case.new, [_highlight(case)])
    return None if placement.is_orphan else (placement.start, placement.end)


def _selectors_only(text: str, quote: str, prefix: str, suffix: str, hint: int) -> Span | None:
    found = place_by_selectors(text, quote, prefix, suffix, hint)
    return None if found is None else (found.start, found.end)


ALGORITHMS: dict[str, Algorithm] = {
    "old": _positioned(old_reanchor),
    "Hypothesis": _positioned(hypothesis_match_quote),
    "new": new_engine,
    "new, selectors only": _positioned(_selectors_only),
}


def verdict(case: Case, found: Span | None) -> str:
    if found == case.expected:
        return "right"
    return "orphaned" if found is None else "wrong"


def score(cases: list[Case], algorithm: Algorithm) -> Iterator[tuple[Case, str, Span | None]]:
    for case in cases:
        found = algorithm(case)
        yield case, verdict(case, found), found


def table(cases: list[Case], names: list[str]) -> tuple[str, dict[str, Counter[str]]]:
    """A row per kind and one for all: right / wrong / orphaned-though-there per algorithm."""
    kinds = list(dict.fromkeys(case.kind for case in cases))
    counts: dict[str, dict[str, Counter[str]]] = {name: {} for name in names}
    for name in names:
        for case, result, _ in score(cases, ALGORITHMS[name]):
            counts[name].setdefault(case.kind, Counter())[result] += 1
            counts[name].setdefault("all", Counter())[result] += 1
    lines = ["| kind | n | " + " | ".join(names) + " |", "|---|---:|" + "---|" * len(names)]
    for kind in [*kinds, "all"]:
        n = sum(counts[names[0]][kind].values())
        cells = [_cell(counts[name][kind], n) for name in names]
        label = "**all**" if kind == "all" else kind
        lines.append(f"| {label} | {n} | " + " | ".join(cells) + " |")
    totals = {name: counts[name]["all"] for name in names}
    return "\n".join(lines), totals


def _cell(counter: Counter[str], n: int) -> str:
    if n == 0:
        return "-"
    return " / ".join(f"{100 * counter[k] / n:.1f}" for k in ("right", "wrong", "orphaned"))


def failure(case: Case, result: str, found: Span | None) -> str:
    """A case the new engine got wrong, for reading."""

    def show(span: Span | None) -> str | None:
        return None if span is None else case.new[span[0] : span[1]]

    quote = case.old[case.span[0] : case.span[1]]
    return (
        f"\n{result} [{case.kind}, {case.source}] quote {quote!r}\n"
        f"  expected {case.expected} {show(case.expected)!r}; got {found} {show(found)!r}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=60, help="cases per edit kind (60)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--only", help="comma-separated algorithms: " + ", ".join(ALGORITHMS))
    parser.add_argument("--show-failures", action="store_true", help="list the new engine's")
    args = parser.parse_args(argv)
    names = args.only.split(",") if args.only else list(ALGORITHMS)
    cases = generate(args.cases, args.seed)
    print(f"{len(cases)} cases; each cell: % right / % wrong / % orphaned though still there\n")
    text, _ = table(cases, names)
    print(text)
    if args.show_failures:
        for case, result, found in score(cases, new_engine):
            if result != "right":
                print(failure(case, result, found))
    return 0


if __name__ == "__main__":
    sys.exit(main())

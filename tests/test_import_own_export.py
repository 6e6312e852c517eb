"""Reading an import fast: our own export's annotations are read at once (w3c_own.py) and give
exactly what the general W3C reader gives; anything else goes to the general reader, which
names what is wrong; quotes to re-anchor are placed once per document; a lone surrogate escape
is one line, not a traceback."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from cli_helpers import assert_one_line_error, invoke
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.anchoring import AnchorState, place_by_selectors
from annotations.document import EMBEDDED_SOURCE, load_embedded
from annotations.formats.w3c import to_w3c
from annotations.formats.w3c_documents import Documents
from annotations.formats.w3c_import import (
    ImportFormatError,
    _annotation_from_w3c,
    from_w3c,
    parse_json,
)
from annotations.formats.w3c_own import own_annotation
from annotations.model import DEFAULT_LABEL_NAMES, Annotation, make_annotation

PHRASES = ("Bakhmut", "raging on for the past six months", "will not back down", "siege")
ODD_VALUES = (
    None, 0, -1, 3, 10**6, True, 1.0, "", "x", "Bakhmut", [], {}, ["tagging"], "Annotation",
    "tagging", "commenting", "TextQuoteSelector", "TextPositionSelector", "urn:uuid:",
    "2026-01-02T03:04:05+02:00", "2026-01-02T03:04:05Z", "not a time", "moved", "orphan",
)  # fmt: skip
DELETE = object()


def exported() -> dict[str, Any]:
    """An export of highlights with and without notes, and one whose quote moved."""
    article = load_embedded()
    made = []
    for number, phrase in enumerate(PHRASES):
        start = article.text.index(phrase)
        note = f"note {number}" if number % 2 else ""
        made.append(make_annotation(article, start, start + len(phrase), 1 + number, note))
    moved = made[1]
    made[1] = Annotation(**{**moved.to_record(), "start": moved.start + 1, "end": moved.end + 1})
    return to_w3c(article, made, timestamps=False)


def general(item: object, documents: Documents) -> tuple[Annotation, bool]:
    return _annotation_from_w3c(item, 0, documents, DEFAULT_LABEL_NAMES)


def paths(value: object, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value that can be replaced or deleted."""
    found = [path] if path else []
    if isinstance(value, dict):
        for key, child in value.items():
            found += paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += paths(child, (*path, index))
    return found


def changed(item: dict[str, Any], path: tuple[Any, ...], value: object) -> dict[str, Any]:
    copied = copy.deepcopy(item)
    parent: Any = copied
    for key in path[:-1]:
        parent = parent[key]
    if value is DELETE:
        del parent[path[-1]]
    else:
        parent[path[-1]] = copy.deepcopy(value)
    return copied


def test_our_export_is_read_at_once_as_the_general_reader_reads_it() -> None:
    data = exported()
    documents = Documents(data["bakhmut:documents"])
    items = data["first"]["items"]
    fast = [own_annotation(item, documents) for item in items]
    assert sum(annotation is None for annotation in fast) == 1  # the moved one: the long way
    for item, annotation in zip(items, fast, strict=True):
        if annotation is not None:
            assert general(item, documents) == (annotation, True)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_whatever_the_fast_reader_takes_the_general_reader_reads_alike(data: st.DataObject) -> None:
    exported_data = exported()
    documents = Documents(exported_data["bakhmut:documents"])
    item = data.draw(st.sampled_from(exported_data["first"]["items"]))
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths(item)))
        item = changed(item, path, data.draw(st.sampled_from((DELETE, *ODD_VALUES))))
        if not paths(item):
            break
    annotation = own_annotation(item, documents)
    if annotation is not None:
        assert general(item, documents) == (annotation, True)
    else:  # the general reader reads it, or says in one line what is wrong
        try:
            general(item, documents)
        except ImportFormatError as error:
            assert "\n" not in str(error)


def test_quotes_without_offsets_are_placed_as_one_at_a_time() -> None:
    text = load_embedded().text
    quotes = [*PHRASES, "Ukrainian forces", "words that are not in the article"] * 3
    items = [
        {
            "id": f"http://example.org/{number}",
            "type": "Annotation",
            "target": {
                "source": EMBEDDED_SOURCE,
                "selector": {"type": "TextQuoteSelector", "exact": quote},
            },
        }
        for number, quote in enumerate(quotes)
    ]
    imported = from_w3c(items).annotations
    expected = []
    for quote in quotes:
        alone = place_by_selectors(text, quote, "", "", 0)
        assert alone is not None or quote.startswith("words")
        expected.append(
            (0, 0, AnchorState.ORPHAN) if alone is None else (alone.start, alone.end, alone.state)
        )
    assert sorted((a.start, a.end, a.anchor) for a in imported) == sorted(expected)
    assert sum(a.anchor is AnchorState.ORPHAN for a in imported) == 3


def test_a_lone_surrogate_escape_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    data = exported()
    data["first"]["items"][0]["body"].append(
        {"type": "TextualBody", "purpose": "commenting", "value": "half \ud800 a pair"}
    )
    path = tmp_path / "surrogate.json"
    path.write_text(json.dumps(data), encoding="utf-8")  # ASCII: the escape \\ud800
    db = tmp_path / "a.db"
    result = invoke("import", str(path), "--db", str(db))
    assert_one_line_error(result, "\\ud800, half of a UTF-16 surrogate pair")
    assert not db.exists()


def test_a_whole_surrogate_pair_is_a_character() -> None:
    data = exported()
    data["first"]["items"][0]["body"].append(
        {"type": "TextualBody", "purpose": "commenting", "value": "a face \U0001f600"}
    )
    text = json.dumps(data)
    assert "\\ud83d\\ude00" in text
    notes = {a.note for a in parse_json(text).annotations}
    assert "a face \U0001f600" in notes

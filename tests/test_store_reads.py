"""Reading rows fast without reading them less carefully.

`query` lets SQLite decode text in C and falls back to the tolerant decoder only when a value
is not UTF-8; `decode_row` checks a usual row at once and only an unusual one field by field.
Both must find exactly what the careful way finds.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.document import Document
from annotations.model import OPTIONAL_FIELDS, RECORD_FIELDS, make_annotation
from annotations.store import Store
from annotations.store.rows import INT_FIELDS, TEXT_FIELDS, _problem, _range_problem, readable


def careful_problem(row: dict[str, Any]) -> str | None:
    """The field-by-field check, as it was before the fast path."""
    for name in RECORD_FIELDS:
        value = row.get(name)
        if value is None and name in OPTIONAL_FIELDS:
            continue
        if value is None:
            return f"no {name}"
        if name in TEXT_FIELDS and not isinstance(value, str):
            return f"{name} is not text"
        if name in INT_FIELDS and (not isinstance(value, int) or isinstance(value, bool)):
            return f"{name} is not a whole number"
        if isinstance(value, str) and not readable(value):
            return f"bad text in {name} (not UTF-8)"
    return _range_problem(row)


ODD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 7), st.floats(allow_nan=False), st.binary(max_size=3),
    st.sampled_from(["", "x", "bad\udcff", "exact", "orphan", "2024-01-01T00:00:00Z", "\ud800"]),
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(RECORD_FIELDS), ODD_VALUES), st.integers(0, 2**32))
def test_the_quick_check_finds_what_the_careful_one_finds(
    spoiled: dict[str, Any], seed: int
) -> None:
    article_row = _good_row(seed)
    row = {**article_row, **spoiled}
    assert _problem(row) == careful_problem(row)


def _good_row(seed: int) -> dict[str, Any]:
    text = "A title\n\nSome words to highlight here."
    document = Document.from_normalised("t:doc", "A title", text, has_title_block=True)
    start = 9 + seed % 10
    return make_annotation(document, start, start + 5, label=1 + seed % 5).to_record()


def test_a_row_that_is_not_utf8_is_skipped_alone(
    store: Store, article: Document, db_path: Path
) -> None:
    first = make_annotation(article, 100, 110, label=1, note="fine")
    second = make_annotation(article, 200, 210, label=2, note="spoiled")
    store.add(first)
    store.add(second)
    conn = sqlite3.connect(db_path)
    conn.execute("update annotations set note = cast(x'ff41' as text) where id = ?", [second.id])
    conn.commit()
    conn.close()
    assert [a.id for a in store.annotations(article.source)] == [first.id]
    assert [s.reason for s in store.skipped] == ["bad text in note (not UTF-8)"]
    assert store.conn.text_factory is not str  # the tolerant decoder is back for other reads

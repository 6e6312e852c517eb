"""Search over quotes and notes that means what was typed: every term a literal substring.

The FTS table uses SQLite's `trigram` tokenizer (migration 0005_trigram_search), so `C++`,
`x-ray` or `"quoted"` are found as typed, anywhere in a word, ignoring case. A term shorter than
three characters cannot be looked up in a trigram index: it is checked with `instr` on the rows.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from annotations.store.rows import query

TRIGRAM = 3
"""The shortest term the trigram index can find."""


def search_terms(query: str) -> list[str]:
    """The query's whitespace-separated terms, each to be found as a literal substring."""
    return query.split()


def fts_phrase(term: str) -> str:
    """A term as an FTS5 string (any character allowed, `"` doubled): matched literally."""
    return '"' + term.replace('"', '""') + '"'


def search_rows(
    conn: sqlite3.Connection, text: str, source: str | None, limit: int
) -> list[dict[str, Any]]:
    """The rows whose quote or note (together) hold every term of `text`, in position order."""
    terms = search_terms(text)
    if not terms:
        return []
    long_terms = [term for term in terms if len(term) >= TRIGRAM]
    clauses: list[str] = []
    args: dict[str, Any] = {"limit": limit}
    if long_terms:
        clauses.append(
            "rowid in (select rowid from annotations_fts where annotations_fts match :match)"
        )
        args["match"] = " AND ".join(fts_phrase(term) for term in long_terms)
    for index, term in enumerate(terms):
        if len(term) < TRIGRAM:
            clauses.append(f"instr(lower(quote || char(10) || note), lower(:term{index})) > 0")
            args[f"term{index}"] = term
    if source is not None:
        clauses.append("document = :source")
        args["source"] = source
    sql = (
        "select * from annotations where "
        + " and ".join(clauses)
        + " order by document, start, end, created, id limit :limit"
    )
    return query(conn, sql, args)

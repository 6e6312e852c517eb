"""The database schema, created and upgraded with `sqlite_utils.Migrations`.

A database that carries a migration this version does not know (KNOWN_MIGRATIONS) was written by
a newer bakhmut-read and is refused untouched. This module is imported only when a database needs
creating or upgrading (sqlite-utils is slow to import); annotations/store/known.py names the
migrations and tables for everything else.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from annotations.store.known import KNOWN_MIGRATIONS, MIGRATION_SET

__all__ = ["KNOWN_MIGRATIONS", "MIGRATION_SET", "migrations"]

migrations = Migrations(MIGRATION_SET)


@migrations(name="0001_initial")
def _initial_schema(db: Database) -> None:
    db.table("documents").create(
        {
            "source": str,
            "title": str,
            "text": str,
            "sha256": str,
            "has_title_block": int,
            "cursor": int,
            "opened": str,
        },
        pk="source",
        not_null={"title", "text", "sha256", "has_title_block", "opened"},
    )
    db.table("annotations").create(
        {
            "id": str,
            "document": str,
            "start": int,
            "end": int,
            "paragraph": int,
            "quote": str,
            "prefix": str,
            "suffix": str,
            "label": int,
            "note": str,
            "created": str,
            "updated": str,
        },
        pk="id",
        not_null={
            "document", "start", "end", "paragraph", "quote", "prefix", "suffix",
            "label", "note", "created", "updated",
        },
        foreign_keys=[("document", "documents", "source")],
    )  # fmt: skip
    db.table("annotations").create_index(["document", "paragraph", "start"])
    db.table("annotations").create_index(["document", "start", "end"])
    db.table("annotations").enable_fts(["quote", "note"], create_triggers=True)
    db.table("history").create(
        {
            "seq": int,
            "document": str,
            "action": str,
            "before": str,
            "after": str,
            "undone": int,
            "at": str,
        },
        pk="seq",
        not_null={"document", "action", "undone", "at"},
    )
    db.table("history").create_index(["document", "undone", "seq"])


@migrations(name="0002_settings")
def _settings(db: Database) -> None:
    """Small preferences the app remembers (the theme chosen in the command palette)."""
    db.table("settings").create({"key": str, "value": str}, pk="key", not_null={"value"})


@migrations(name="0003_readers")
def _readers(db: Database) -> None:
    """Who made each journalled change, and the readers running now (so undo is per reader).

    `history.reader` is the id of the ReadingSession that made the change (NULL: a change from
    before this migration, or from the command line). `readers` lists running sessions with
    their process id and host; a row whose process is gone counts as not running.
    """
    db.table("history").add_column("reader", str)
    db.table("readers").create(
        {"id": str, "pid": int, "host": str, "started": str},
        pk="id",
        not_null={"pid", "host", "started"},
    )


@migrations(name="0004_anchor_state")
def _anchor_state(db: Database) -> None:
    """How each highlight was last placed (exact, moved, fuzzy, orphan) and on which text.

    Rows from before are taken as placed on their document's stored text: `exact` if their
    quote is at their offsets there (SQLite's substr counts characters, as offsets do), else
    `orphan` (the old re-anchoring kept such rows as they were).
    """
    db.table("annotations").add_column("anchor", str, not_null_default="exact")
    db.table("annotations").add_column("anchored_sha", str)
    db.execute(
        """
        update annotations set
          anchored_sha = (select d.sha256 from documents d where d.source = annotations.document),
          anchor = case when (select substr(d.text, annotations.start + 1,
                                            annotations."end" - annotations.start)
                              from documents d where d.source = annotations.document) = quote
                   then 'exact' else 'orphan' end
        """
    )


@migrations(name="0005_trigram_search")
def _trigram_search(db: Database) -> None:
    """Search finds what was typed: the FTS table is rebuilt with the `trigram` tokenizer, so
    `C++` and `x-ray` are substrings to find, not the words `c` and `x ray`.

    It touches only the FTS table and its triggers (made in 0001), so it needs nothing from any
    other migration.
    """
    annotations = db.table("annotations")
    annotations.disable_fts()
    annotations.enable_fts(["quote", "note"], create_triggers=True, tokenize="trigram")


@migrations(name="0006_positions")
def _positions(db: Database) -> None:
    """The reading position in a table of its own: saving it no longer rewrites the documents
    row, which holds the whole text (a 5 MB book made every save a 5 MB write). Saved positions
    are copied over; `documents.cursor` is no longer read or written."""
    db.table("positions").create({"source": str, "cursor": int}, pk="source", not_null={"cursor"})
    db.execute(
        "insert into positions (source, cursor) "
        "select source, cursor from documents where cursor is not null"
    )


@migrations(name="0007_document_styles")
def _document_styles(db: Database) -> None:
    """How a Markdown document is drawn (`DocumentStyles.to_json`: block kinds and style runs),
    kept beside its text so it is drawn as it was when opened from the stored copy. NULL for a
    plain text, and for every document stored before (they are re-read from their files)."""
    db.table("documents").add_column("styles", str)


@migrations(name="0008_stored_copies")
def _stored_copies(db: Database) -> None:
    """What each document's stored copy was made from, and its length, in a small table of
    their own: `raw_sha256` is the key of the file's raw bytes the stored text (and styles)
    were made from (`annotations.document.raw_key`), so an unchanged Markdown or HTML file
    opens from the stored copy without being parsed again; `length` is the text's length in
    code points (the library's `% read`). The `documents` row, which holds the whole text, is
    read neither to compare the key nor to count. Documents stored before have no row here
    (they are counted with `length(text)`, and parsed on their next opening, which adds it)."""
    db.table("stored_copies").create(
        {"source": str, "raw_sha256": str, "length": int}, pk="source", not_null={"length"}
    )

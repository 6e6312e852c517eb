"""Schema upgrades: a database made by an older version is upgraded in place, data kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from annotations.document import Document
from annotations.model import make_annotation
from annotations.store import Store
from annotations.store.schema import migrations


def test_a_version_one_database_is_upgraded_and_keeps_its_notes(
    db_path: Path, article: Document
) -> None:
    old = Database(sqlite3.connect(db_path))
    migrations.apply(old, stop_before="0002_settings")
    assert "settings" not in old.table_names()
    old.close()
    with Store.open(db_path) as store:
        store.open_document(article)
        saved = store.add(make_annotation(article, 59, 70, note="before the upgrade"))
    with Store.open(db_path) as store:
        assert [m.name for m in migrations.applied(store.db)] == [
            "0001_initial",
            "0002_settings",
            "0003_readers",
            "0004_anchor_state",
            "0005_trigram_search",
            "0006_positions",
            "0007_document_styles",
            "0008_stored_copies",
        ]
        assert store.annotations(article.source) == [saved]
        store.save_setting("theme", "textual-light")
    with Store.open(db_path) as store:
        assert store.setting("theme") == "textual-light"
        assert store.setting("missing") is None


def test_a_saved_position_survives_the_move_to_its_own_table(
    db_path: Path, article: Document
) -> None:
    old = Database(sqlite3.connect(db_path))
    migrations.apply(old, stop_before="0006_positions")
    old.close()
    with Store.open(db_path) as store:  # the current version: applies 0006 (nothing to copy yet)
        store.open_document(article)
    raw = sqlite3.connect(db_path)
    raw.execute("drop table positions")  # back to a 0005 database that saved a position…
    raw.execute("delete from _sqlite_migrations where name = '0006_positions'")
    raw.execute("update documents set cursor = 1234")
    raw.commit()
    raw.close()
    with Store.open(db_path) as store:  # …and upgrade it
        assert store.cursor(article.source) == 1234


def test_saving_the_position_does_not_rewrite_the_document_row(
    db_path: Path, article: Document
) -> None:
    with Store.open(db_path) as store:
        store.open_document(article)
    raw = sqlite3.connect(db_path)  # a trigger notes any update of a documents row
    raw.execute(
        "create trigger documents_touched after update on documents "
        "begin insert or replace into settings values ('touched', 'yes'); end"
    )
    raw.commit()
    raw.close()
    with Store.open(db_path) as store:
        store.save_cursor(article.source, 42)
        store.save_cursor(article.source, 43)
        assert store.cursor(article.source) == 43
        assert store.setting("touched") is None

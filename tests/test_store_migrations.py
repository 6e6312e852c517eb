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
        ]
        assert store.annotations(article.source) == [saved]
        store.save_setting("theme", "textual-light")
    with Store.open(db_path) as store:
        assert store.setting("theme") == "textual-light"
        assert store.setting("missing") is None

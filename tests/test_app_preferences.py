"""Preferences and failures the user sees: the theme is remembered; a failed write says so."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app_helpers import press, running, type_text
from textual_internals import notification_messages

from annotations.config import load_config
from annotations.document import Document
from annotations.model import make_annotation
from annotations.store import Store
from tui.widgets.status import StatusLine


async def test_theme_picked_in_the_app_is_remembered(db_path: Path, article: Document) -> None:
    with Store.open(db_path) as store:
        async with running(article, store) as (app, pilot):
            app.theme = "textual-light"
            await pilot.pause()
    with Store.open(db_path) as store:
        assert store.setting("theme") == "textual-light"
        async with running(article, store) as (app, _pilot):
            assert app.theme == "textual-light"


async def test_theme_from_the_config_file(tmp_path: Path, store: Store, article: Document) -> None:
    config_file = tmp_path / "config.toml"
    config_file.write_text('theme = "nord"\n[labels.2]\nname = "Source"\n', encoding="utf-8")
    config = load_config(config_file)
    assert config.label(2).name == "Source"
    async with running(article, store, config=config) as (app, _pilot):
        assert app.theme == "nord"


REFUSE_UPDATES = (
    "CREATE TRIGGER refuse BEFORE UPDATE ON annotations BEGIN SELECT RAISE(ABORT, 'refused'); END"
)


async def test_a_failed_write_is_shown_as_not_saved(db_path: Path, article: Document) -> None:
    with Store.open(db_path) as store:
        store.open_document(article)
        start = article.text.index("Bakhmut")
        store.add(make_annotation(article, start, start + 7))
        store.save_cursor(article.source, start)
        async with running(article, store) as (app, pilot):
            with sqlite3.connect(db_path) as other:  # another program refuses every update
                other.execute(REFUSE_UPDATES)
            await pilot.press("2")
            await pilot.pause()
            status = str(app.query_one(StatusLine).render())
            assert "✗ not saved" in status
            assert any("refused" in message for message in notification_messages(app))


async def test_a_failed_notes_search_is_shown_but_not_as_not_saved(
    db_path: Path, article: Document
) -> None:
    with Store.open(db_path) as store:
        store.open_document(article)
        start = article.text.index("Bakhmut")
        store.add(make_annotation(article, start, start + 7, note="siege"))
        async with running(article, store) as (app, pilot):
            with sqlite3.connect(db_path) as other:  # another program changes the schema
                other.execute("ALTER TABLE annotations RENAME COLUMN document TO gone")
            await press(pilot, "tab", "slash")
            await type_text(pilot, "siege")
            status = str(app.query_one(StatusLine).render())
            assert "not saved" not in status and "✓ saved" in status
            assert any("cannot read" in message for message in notification_messages(app))

"""The notes pane in the real app: focus, moving, jumping, following the cursor, filter, delete."""

from __future__ import annotations

from pathlib import Path

from app_helpers import add, listed_ids, move_to, press, running, stored, type_text

from annotations.document import Document
from annotations.store import Store


async def test_tab_focuses_the_list_j_k_move_and_enter_jumps(
    article: Document, store: Store
) -> None:
    one = add(store, article, "not to retreat")
    two = add(store, article, "Chasiv Yar")
    three = add(store, article, "Kofman")
    async with running(article, store) as (app, pilot):
        start = app.article.cursor
        await press(pilot, "tab")
        assert app.focused is not None and app.focused.id == "notes-list"
        assert listed_ids(app) == [one.id, two.id, three.id]
        assert app.notes.selected_id == one.id
        await press(pilot, "j", "j")
        assert app.notes.selected_id == three.id
        await press(pilot, "k")
        assert app.notes.selected_id == two.id
        assert app.article.cursor == start  # moving in the list does not move the article
        await press(pilot, "enter")
        assert app.article.cursor == two.start
        assert app.focused is app.article
        assert app.notes.selected_id == two.id
        await press(pilot, "tab")
        assert app.focused is not None and app.focused.id == "notes-list"
        await press(pilot, "tab")
        assert app.focused is app.article


async def test_moving_the_cursor_onto_a_highlight_selects_its_entry(
    article: Document, store: Store
) -> None:
    one = add(store, article, "not to retreat")
    two = add(store, article, "Chasiv Yar")
    async with running(article, store) as (app, pilot):
        assert app.notes.selected_id is None
        await press(pilot, "right_square_bracket", "right_square_bracket")
        assert app.notes.selected_id == two.id
        await press(pilot, "e")  # still inside "Chasiv Yar"
        assert app.notes.selected_id == two.id
        await press(pilot, "w", "w")  # off the highlight
        assert app.notes.selected_id is None
        move_to(app, one.end - 1)
        await pilot.pause()
        assert app.notes.selected_id == one.id


async def test_slash_in_the_pane_filters_with_the_full_text_search(
    article: Document, store: Store
) -> None:
    add(store, article, "not to retreat", note="his stance")
    shelling = add(store, article, "intense shelling", note="artillery")
    fire = add(store, article, "constant artillery fire")
    add(store, article, "Kofman")
    async with running(article, store) as (app, pilot):
        await press(pilot, "tab", "slash")
        assert app.focused is not None and app.focused.id == "notes-filter"
        await type_text(pilot, "artil")  # a prefix: matches the note of one, the quote of other
        assert listed_ids(app) == [shelling.id, fire.id]
        assert app.notes.filter_active
        await press(pilot, "enter")  # back to the list, filter kept
        assert app.focused is not None and app.focused.id == "notes-list"
        assert listed_ids(app) == [shelling.id, fire.id]
        await press(pilot, "escape")  # clear the filter
        assert len(listed_ids(app)) == 4
        assert not app.notes.filter_active


async def test_x_in_the_pane_deletes_the_selected_entry(
    article: Document, store: Store, db_path: Path
) -> None:
    one = add(store, article, "not to retreat")
    two = add(store, article, "Chasiv Yar", note="towns")
    async with running(article, store) as (app, pilot):
        await press(pilot, "tab", "j", "x")
        assert listed_ids(app) == [one.id]
        assert app.focused is not None and app.focused.id == "notes-list"
    assert stored(db_path, article.source) == [one]
    assert two.id not in {a.id for a in stored(db_path, article.source)}


async def test_x_twice_in_the_pane_deletes_two_entries(
    article: Document, store: Store, db_path: Path
) -> None:
    add(store, article, "not to retreat")
    add(store, article, "Chasiv Yar")
    add(store, article, "Kofman")
    async with running(article, store) as (app, pilot):
        await press(pilot, "tab", "x")
        assert app.notes.selected_id is not None  # the successor, as NotesPane promises
        await press(pilot, "x")
    assert [a.quote for a in stored(db_path, article.source)] == ["Kofman"]


async def test_a_new_highlight_appears_in_the_pane_and_is_selected(
    article: Document, store: Store
) -> None:
    async with running(article, store) as (app, pilot):
        assert listed_ids(app) == []
        await press(pilot, "1")
        (annotation,) = app.annotations
        assert listed_ids(app) == [annotation.id]
        assert app.notes.selected_id == annotation.id  # the cursor is on it

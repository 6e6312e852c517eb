"""A file edited between sessions: highlights follow their text, lost ones are kept and reported."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from app_helpers import running
from textual_internals import notification_messages

from annotations.anchoring import AnchorState
from annotations.document import load_path
from annotations.model import make_annotation
from annotations.store import Store


async def test_edited_file_moves_highlights_and_says_so(tmp_path: Path, db_path: Path) -> None:
    source = tmp_path / "essay.md"
    source.write_text("# Essay\n\nAlpha beta gamma.\n\nDelta epsilon.\n", encoding="utf-8")
    first = load_path(source)
    with Store.open(db_path) as store:
        store.open_document(first)
        delta = first.text.index("Delta")
        moving = store.add(make_annotation(first, delta, delta + 5, label=2))
        beta = first.text.index("beta")
        lost = store.add(make_annotation(first, beta, beta + 4, label=3, note="keep me"))

    source.write_text("# Essay\n\nA new opening.\n\nAlpha gamma.\n\nDelta epsilon.\n", "utf-8")
    second = load_path(source)
    with Store.open(db_path) as store:
        async with running(second, store) as (app, pilot):
            messages = notification_messages(app)
            expected = "1 highlight moved, 1 orphaned — see the notes pane"
            assert expected in messages
            assert app.message == expected  # and in the status line
            await pilot.press("right_square_bracket")
            await pilot.pause()
            assert second.text[app.article.cursor :].startswith("Delta")
        moved = store.get(moving.id)
        assert moved is not None and second.text[moved.start : moved.end] == "Delta"
        assert moved.paragraph == 3
        kept = store.get(lost.id)  # the orphan is kept, note and all
        assert kept == replace(lost, anchor=AnchorState.ORPHAN, anchored_sha=second.sha256)

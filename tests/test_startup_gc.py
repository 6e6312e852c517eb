"""The garbage collector: paused while the reader starts, running again after its first frame
with what exists frozen, thawed when the reader switches document (tui/startup.py); a caller
that never paused it is left as it was."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_helpers import press, running, type_text, wait_until
from textual_internals import record_frames

from annotations.document import Document, load_path
from annotations.store import Store
from tui.app import create_app
from tui.startup import pause_collection, resume_collection


@pytest.fixture
def collector_restored() -> Iterator[None]:
    was_enabled = gc.isenabled()
    yield
    resume_collection()
    gc.unfreeze()
    if was_enabled:
        gc.enable()


async def test_collection_runs_again_after_the_first_frame(
    article: Document, store: Store, collector_restored: None
) -> None:
    gc.enable()
    pause_collection()
    assert not gc.isenabled()
    app = create_app(article, store)
    during_first_frame: list[bool] = []
    record_frames(app, lambda: during_first_frame.append(gc.isenabled()))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert during_first_frame[0] is False  # the first frame is drawn while paused
        assert gc.isenabled()
        assert gc.get_freeze_count() > 10_000  # what start-up made is left out of collections


def test_resuming_without_a_pause_leaves_a_disabled_collector_alone(
    collector_restored: None,
) -> None:
    gc.disable()
    resume_collection()
    assert not gc.isenabled()
    gc.enable()
    pause_collection()
    pause_collection()  # twice: one resume is enough
    resume_collection()
    assert gc.isenabled()


async def test_a_switch_to_another_document_thaws_what_start_up_froze(
    article: Document, store: Store, tmp_path: Path, collector_restored: None
) -> None:
    """The document left behind was frozen with the rest at start-up: thawed, the collector
    can free it (its widgets hold cycles) once nothing else holds it."""
    path = tmp_path / "other.txt"
    path.write_text("Other notes\n\nA paragraph about rivers.\n", encoding="utf-8")
    other = load_path(path)
    store.open_document(other)
    gc.enable()
    pause_collection()
    async with running(article, store) as (app, pilot):
        await pilot.pause()
        assert gc.get_freeze_count() > 10_000
        await press(pilot, "ctrl+o")
        await type_text(pilot, "Other")
        await press(pilot, "enter")
        assert await wait_until(pilot, lambda: app.article.document.source == other.source)
        assert gc.get_freeze_count() == 0
        assert gc.isenabled()

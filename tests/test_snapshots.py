"""SVG snapshot tests of the whole reader (pytest-textual-snapshot).

Every app comes from `create_app` on a real SQLite file in tmp_path (the `store` fixture of
conftest), with annotations added through the real `Store`. Spans are found with
`article.text.index(...)`, so they are fixed offsets. Annotation ids and timestamps never reach
the screen, and no test does anything that shows a toast or a "saved · …" status, so the
snapshots are deterministic.

Update with `pytest tests/test_snapshots.py --snapshot-update`, then look at the report.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from annotations.document import Document, load_path
from annotations.markdown_document import document_from_markdown
from annotations.model import Annotation, make_annotation
from annotations.store import Store
from tui.app import ReaderApp, create_app

SnapCompare = Callable[..., bool]
"""The `snap_compare` fixture of pytest-textual-snapshot."""

WIDE = (120, 36)
NARROW = (60, 20)


# -- helpers -------------------------------------------------------------------------------


def span(document: Document, quote: str) -> tuple[int, int]:
    """The fixed offsets of the first occurrence of `quote` in the article."""
    start = document.text.index(quote)
    return start, start + len(quote)


def add(store: Store, document: Document, quote: str, label: int, note: str = "") -> Annotation:
    return store.add(make_annotation(document, *span(document, quote), label=label, note=note))


def no_cursor_blink(pilot: Pilot[None]) -> int:
    """Stop the cursors of the active screen blinking; the number of cursors stopped.

    A blinking cursor would make the snapshot depend on when it is taken. It must be the
    active screen (`app.screen`): `app.query` searches only the default screen, not a dialog
    pushed on top of it. Each text area's cached lines are dropped, because Textual's
    TextArea caches a line without the cursor, drawn in a blink-off phase, under the same key
    it then uses for a steady cursor: the cursor would stay hidden.
    """
    stopped = 0
    for text_area in pilot.app.screen.query(TextArea):
        text_area.cursor_blink = False
        text_area.notify_style_update()  # drops TextArea's line cache
        text_area.refresh()
        stopped += 1
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
        stopped += 1
    return stopped


FIVE_LABELS: list[tuple[str, int, str]] = [
    # ¶1
    ("raging on for the past six months", 2, ""),
    ("will not back down", 1, ""),
    # ¶2: "press on with the fight" (4) overlaps "“not to retreat” and to bolster" (5)
    (
        "advised to retreat from the city",
        3,
        "Advised by whom? The article never names the generals.",
    ),
    ("press on with the fight, “not to retreat”", 4, ""),
    ("“not to retreat” and to bolster Ukrainian defenses", 5, ""),
]

PARAGRAPH_NOTES: list[tuple[str, int, str]] = [
    ("has been raging on for the past six months", 2, "Six months as of the article's date."),
    (
        "Chasiv Yar and Kostiantynivka",
        5,
        "Find both towns on a map: how far are they from Bakhmut?",
    ),
    (
        "a tactical withdrawal may already be underway",
        3,
        "Was it? Check what happened in the following weeks.\nCompare with ISW in ¶6.",
    ),
    ("its symbolic importance cannot be underestimated", 4, "Overstated: it means overestimated."),
]


def five_labels_app(store: Store, document: Document) -> ReaderApp:
    for quote, label, note in FIVE_LABELS:
        add(store, document, quote, label, note)
    return create_app(document, store)


# -- the snapshots -------------------------------------------------------------------------


def test_first_screen(snap_compare: SnapCompare, store: Store, article: Document) -> None:
    """The embedded article with no annotations: cursor at ¶1, empty notes pane hint."""
    assert snap_compare(create_app(article, store), terminal_size=WIDE)


def test_live_selection_across_a_wrapped_line(
    snap_compare: SnapCompare, store: Store, article: Document
) -> None:
    """`v` then motions: the selection starts on ¶1's first display line and ends on the next."""
    assert snap_compare(
        create_app(article, store),
        press=["w", "w", "w", "v", "j", "e"],
        terminal_size=WIDE,
    )


def test_five_labels_with_an_overlap(
    snap_compare: SnapCompare, store: Store, article: Document
) -> None:
    """Labels 1–5 in ¶1–¶2; 4 and 5 overlap on “not to retreat”; label 3 has a note."""
    assert snap_compare(five_labels_app(store, article), terminal_size=WIDE)


def test_note_editor_with_a_multiline_note(
    snap_compare: SnapCompare, store: Store, article: Document
) -> None:
    """`a` on a highlight whose note has three lines opens the editor with that text."""
    noted = add(
        store,
        article,
        "advised to retreat from the city",
        3,
        "Advised by whom? The article never names the generals.\n"
        "\n"
        "Compare with the ISW assessment in ¶6.",
    )
    store.save_cursor(article.source, noted.start)

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("a")
        await pilot.pause()
        [text_area] = pilot.app.screen.query(TextArea)  # the note editor's
        assert text_area.has_focus
        assert no_cursor_blink(pilot) == 1

    assert snap_compare(create_app(article, store), terminal_size=WIDE, run_before=run_before)


def test_notes_pane_with_several_paragraphs(
    snap_compare: SnapCompare, store: Store, article: Document
) -> None:
    """Highlights with notes in ¶1, ¶3, ¶5 and ¶8, grouped by paragraph; tab focuses the pane."""
    for quote, label, note in PARAGRAPH_NOTES:
        add(store, article, quote, label, note)
    assert snap_compare(create_app(article, store), press=["tab"], terminal_size=WIDE)


def test_help_screen(snap_compare: SnapCompare, store: Store, article: Document) -> None:
    """`?` shows every key, built from the bindings."""
    assert snap_compare(create_app(article, store), press=["question_mark"], terminal_size=WIDE)


def test_narrow_terminal_hides_the_notes_pane(
    snap_compare: SnapCompare, store: Store, article: Document
) -> None:
    """Under 90 columns the article gets the whole width; the highlights are still drawn."""
    assert snap_compare(five_labels_app(store, article), terminal_size=NARROW)


def test_five_labels_light_theme(
    snap_compare: SnapCompare, store: Store, article: Document
) -> None:
    """The five-label screen in textual-light."""

    def run_before(pilot: Pilot[None]) -> None:
        pilot.app.theme = "textual-light"

    assert snap_compare(five_labels_app(store, article), terminal_size=WIDE, run_before=run_before)


def test_five_labels_no_color(
    snap_compare: SnapCompare, store: Store, article: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NO_COLOR: highlights must stay distinguishable by underline, bold and italic."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = five_labels_app(store, article)
    assert app.no_color
    assert snap_compare(app, terminal_size=WIDE)


LIBRARY = [
    # file, text, highlights (quote, note), where the reader left off, last opened (UTC noon)
    ("kharkiv-field-notes.txt",
     "Field notes from Kharkiv\n\nThe trains still run on time. The station smells of rain and "
     "diesel.\n\nA volunteer hands out tea to everyone on the platform.\n",
     [("trains still run", "Even now?"), ("smells of rain", ""), ("hands out tea", "Ask her name")],
     0.6, "2025-11-27T12:00:00.000Z"),
    ("letters-home.txt",
     "Letters home\n\nDear mother, the winter came early this year.\n",
     [("winter came early", "")], 0.1, "2025-11-20T12:00:00.000Z"),
    ("drone-report.txt",
     "A report on drones\n\nCheap drones changed the front line.\n",
     [("Cheap drones", "Cost per unit?")], 1.0, "2025-10-02T12:00:00.000Z"),
]  # fmt: skip


def test_library_screen(
    snap_compare: SnapCompare,
    store: Store,
    article: Document,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`ctrl+o`: the documents most recently opened first (the open one marked ●), paths from
    the home folder, a file that is gone said so; the cursor on the one read before."""
    monkeypatch.setenv("HOME", str(tmp_path))  # paths show as ~/reading/…, whatever tmp_path is
    folder = tmp_path / "reading"
    folder.mkdir()
    when = {article.source: "2025-11-28T12:00:00.000Z"}
    for name, text, highlights, read, opened in LIBRARY:
        (folder / name).write_text(text, encoding="utf-8")
        document = load_path(folder / name)
        store.open_document(document)
        for quote, note in highlights:
            add(store, document, quote, 1, note)
        store.save_cursor(document.source, int(read * (len(document.text) - 1)))
        when[document.source] = opened
    (folder / "drone-report.txt").unlink()

    async def run_before(pilot: Pilot[None]) -> None:
        with sqlite3.connect(db_path) as conn:
            for source, opened in when.items():
                conn.execute("update documents set opened = ? where source = ?", [opened, source])
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert no_cursor_blink(pilot) == 1

    assert snap_compare(create_app(article, store), terminal_size=WIDE, run_before=run_before)


def test_every_snapshot_file_has_its_test() -> None:
    """No orphaned snapshot: syrupy's own check for unused snapshots is off under pytest-xdist."""
    folder = Path(__file__).parent / "__snapshots__" / Path(__file__).stem
    files = {svg.stem for svg in folder.glob("*.svg")}
    tests = {
        name
        for name, value in globals().items()
        if name.startswith("test_")
        and callable(value)
        and name != "test_every_snapshot_file_has_its_test"
    }
    assert files == tests


# -- a Markdown document --------------------------------------------------------------------

MARKDOWN_SAMPLE = Path(__file__).parent / "data" / "sample.md"
MARKDOWN_HIGHLIGHTS: list[tuple[str, int, str]] = [
    ("emphasis", 2, ""),
    ("strong words", 1, ""),
    ('return "Hello, " + name', 3, "The tab became four spaces."),
    ("reviewer", 4, ""),
    ("A quoted paragraph", 5, ""),
]


def markdown_app(store: Store) -> ReaderApp:
    """tests/data/sample.md (under a fixed source, so no path reaches the screen), highlighted
    on emphasis, strong, a code line, a table cell and a quote."""
    text = MARKDOWN_SAMPLE.read_text(encoding="utf-8")
    document = document_from_markdown(text, "test:sample.md", "sample.md")
    store.open_document(document)
    for quote, label, note in MARKDOWN_HIGHLIGHTS:
        add(store, document, quote, label, note)
    return create_app(document, store)


def test_markdown_document(snap_compare: SnapCompare, store: Store) -> None:
    """Headings without #, list items with bullets and hanging indents, styled inline text."""
    assert snap_compare(markdown_app(store), terminal_size=WIDE)


def test_markdown_code_quotes_and_a_table(snap_compare: SnapCompare, store: Store) -> None:
    """Further down: a code block on its background, quote bars, an aligned table."""
    assert snap_compare(markdown_app(store), press=["ctrl+d", "ctrl+d"], terminal_size=WIDE)

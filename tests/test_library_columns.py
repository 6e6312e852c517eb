"""The library's columns (shared by ctrl+o and `bakhmut-read list`) and the path prompt's
completion of file names."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cli_helpers import invoke

from annotations.document import Document, load_path
from annotations.model import make_annotation
from annotations.store import Store
from tui.library_columns import last_opened, where
from tui.screens.path_prompt import PathSuggester, completed, completions, prompt_start


def set_opened(db_path: Path, source: str, when: str) -> None:
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("update documents set opened = ? where source = ?", [when, source])
    conn.close()


def test_list_shows_the_library_columns_most_recent_first(
    tmp_path: Path, db_path: Path, store: Store, article: Document
) -> None:
    essay, gone = tmp_path / "essay.txt", tmp_path / "gone.txt"
    essay.write_text("An essay\n\nOne two three four five six seven eight.\n", encoding="utf-8")
    gone.write_text("Gone text\n\nThis file will be deleted.\n", encoding="utf-8")
    documents = [load_path(essay), load_path(gone)]
    for document in documents:
        store.open_document(document)
    first, second = documents
    text = first.text
    store.add(make_annotation(first, text.index("two"), text.index("two") + 3, label=1))
    store.add(
        make_annotation(first, text.index("six"), text.index("six") + 3, label=2, note="Six!")
    )
    store.save_cursor(first.source, len(text) // 2)
    set_opened(db_path, first.source, "2026-11-02T10:00:00.000Z")
    set_opened(db_path, second.source, "2026-11-03T10:00:00.000Z")
    set_opened(db_path, article.source, "2026-10-01T10:00:00.000Z")
    gone.unlink()
    listed = invoke("list", "--db", str(db_path))
    assert listed.exit_code == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["Gone", "An", "Battle"]
    gone_line, essay_line, article_line = lines
    assert "gone.txt (file gone)" in gone_line and "opened 2026-11-03" in gone_line
    percent = 100 * (len(text) // 2) // (len(text) - 1)
    assert f"{essay_line.split('  ')[0].strip()}" == "An essay"
    for column in ("2 highlights", "1 note ", f"{percent}% read", "opened 2026-11-02"):
        assert column in essay_line, column
    assert "(built in)" in article_line and "0 highlights" in article_line
    # The columns line up: each one starts at the same place on every line.
    assert len({line.index("highlight") for line in lines}) == 1
    assert len({line.index("% read") for line in lines}) == 1


def test_last_opened_is_local_time_today_this_week_or_a_date() -> None:
    now = datetime(2026, 12, 2, 15, 0, tzinfo=UTC).astimezone()
    today = datetime(2026, 12, 2, 9, 5, tzinfo=UTC).astimezone()
    assert last_opened(today.astimezone(UTC).isoformat(), now) == today.strftime("today %H:%M")
    monday = datetime(2026, 11, 30, 9, 5, tzinfo=UTC).astimezone()
    assert last_opened("2026-11-30T09:05:00.000Z", now) == monday.strftime("%a %H:%M")
    assert last_opened("2026-10-01T09:05:00.000Z", now) == "2026-10-01"
    assert last_opened("not a time", now) == "?"


def test_where_shortens_a_path_and_names_the_built_in_article() -> None:
    home = Path.home()
    assert where(str(home / "notes" / "a.md"), 40) == "~/notes/a.md"
    assert where("/srv/" + "deep/" * 20 + "file.txt", 24) == "…/deep/deep/file.txt"
    assert where("builtin:bakhmut", 40) == "(built in)"
    assert where("https://example.org/a\x1b[31m", 40) == "https://example.org/a␛[31m"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "march.md").write_text("m")
    (tmp_path / "notes" / "may.md").write_text("m")
    (tmp_path / "novel.txt").write_text("n")
    (tmp_path / ".hidden").write_text("h")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_completion_lists_the_folder_with_folders_ending_in_a_slash(tree: Path) -> None:
    assert completions("no") == ["notes/", "novel.txt"]
    assert completed("no", completions("no")) == "no"  # nothing more is shared
    assert completions("not") == ["notes/"]
    assert completions("notes/ma") == ["notes/march.md", "notes/may.md"]
    assert completed("notes/ma", completions("notes/ma")) == "notes/ma"
    assert completed("notes/mar", completions("notes/mar")) == "notes/march.md"
    assert completions(f"{tree}/notes/") == [f"{tree}/notes/march.md", f"{tree}/notes/may.md"]
    assert ".hidden" not in completions("") and completions(".h") == [".hidden"]
    assert completions("missing/x") == [] and completions("novel.txt/") == []


def test_completion_knows_the_home_folder(monkeypatch: pytest.MonkeyPatch, tree: Path) -> None:
    monkeypatch.setenv("HOME", str(tree))
    assert completions("~") == ["~/"]
    assert completions("~/nov") == ["~/novel.txt"]
    assert prompt_start(tree / "notes") == "~/notes/"
    assert prompt_start(Path("/srv/data")) == "/srv/data/"


async def test_the_grey_suggestion_is_the_rest_of_the_only_or_shared_name(tree: Path) -> None:
    suggester = PathSuggester()
    assert await suggester.get_suggestion("nov") == "novel.txt"
    assert await suggester.get_suggestion("notes/m") == "notes/ma"  # shared by march and may
    assert await suggester.get_suggestion("notes/ma") is None  # nothing more to add
    assert await suggester.get_suggestion("") is None

"""Shortening a path for the status line: leading folders go first, the file name stays."""

from __future__ import annotations

from pathlib import Path

from tui.short_path import short_path


def test_a_path_that_fits_is_unchanged() -> None:
    assert short_path(Path("/home/u/notes/x.md"), 40) == "/home/u/notes/x.md"


def test_leading_folders_are_dropped_whole() -> None:
    path = Path("/home/someone/documents/notes/battle-for-bakhmut-notes.md")
    assert short_path(path, 40) == "…/notes/battle-for-bakhmut-notes.md"
    assert len(short_path(path, 40)) <= 40


def test_a_file_name_too_long_alone_is_cut_at_the_front() -> None:
    shown = short_path(Path("/a/" + "n" * 50 + ".md"), 20)
    assert shown.startswith("…") and shown.endswith(".md") and len(shown) == 20

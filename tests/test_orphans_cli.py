"""`export` and `list` say how many highlights moved, were placed approximately, are orphaned."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import invoke

from annotations.document import load_path
from annotations.model import make_annotation
from annotations.store import Store

OLD = "# Essay\n\nAlpha beta gamma delta.\n\nThe quick brown fox jumps.\n\nKeep this one.\n"
NEW = (
    "# Essay\n\nNew first.\n\nAlpha gamma delta.\n\nThe quick brown cat jumps.\n\nKeep this one.\n"
)


def edited(tmp_path: Path, db_path: Path) -> Path:
    """An essay with four highlights, edited after they were made (not reopened since)."""
    source = tmp_path / "essay.md"
    source.write_text(OLD, encoding="utf-8")
    document = load_path(source)
    with Store.open(db_path) as store:
        store.open_document(document)
        for phrase in ("Essay", "Keep this one", "quick brown fox jumps", "beta"):
            start = document.text.index(phrase)
            store.add(make_annotation(document, start, start + len(phrase), note=phrase))
    source.write_text(NEW, encoding="utf-8")
    return source


def test_export_of_a_changed_file_reports_the_places_on_stderr(
    tmp_path: Path, db_path: Path
) -> None:
    source = edited(tmp_path, db_path)
    result = invoke("export", str(source), "--db", str(db_path), "--no-timestamps")
    assert result.exit_code == 0, result.stderr
    summary = "1 highlight moved, 1 placed approximately (≈), 1 orphaned"
    assert summary in result.stderr
    assert summary not in result.stdout and "## Orphaned highlights" in result.stdout
    again = invoke("export", str(source), "--db", str(db_path), "--format", "json")
    assert summary in again.stderr  # stored: the same counts without re-anchoring
    assert '"bakhmut:anchor":"orphan"' in again.stdout


def test_list_shows_the_stored_places(tmp_path: Path, db_path: Path) -> None:
    source = edited(tmp_path, db_path)
    before = invoke("list", "--db", str(db_path))
    assert "moved" not in before.stdout and "orphaned" not in before.stdout
    invoke("export", str(source), "--db", str(db_path))  # re-anchors on the new text
    listed = invoke("list", "--db", str(db_path))
    assert listed.exit_code == 0, listed.stderr
    assert "[1 highlight moved, 1 placed approximately (≈), 1 orphaned]" in listed.stdout


def test_import_counts_orphans_in_its_summary(tmp_path: Path, db_path: Path) -> None:
    source = edited(tmp_path, db_path)
    exported = invoke("export", str(source), "--db", str(db_path), "--format", "json")
    path = tmp_path / "notes.json"
    path.write_text(exported.stdout, encoding="utf-8")
    result = invoke("import", str(path), "--db", str(tmp_path / "other.db"))
    assert result.exit_code == 0, result.stderr
    assert "4 added" in result.stdout and "1 orphaned" in result.stdout

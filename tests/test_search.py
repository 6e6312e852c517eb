"""Search means what was typed: `C++`, `x-ray`, `"quoted"` and short terms, through the CLI;
and the reader's notes filter, which also finds highlights by label name."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app_helpers import add, listed_ids, press, running, type_text
from cli_helpers import invoke
from sqlite_utils import Database

from annotations.document import Document, load_embedded
from annotations.model import make_annotation
from annotations.store import Store
from annotations.store.schema import migrations

NOTES = {
    "raging on": "Compare with C++ templates",
    "will not back down": "c is for courage",
    "symbol of the conflict": "an x-ray of the war",
    "tactical withdrawal": "x ray vision",
    "Chasiv Yar": 'he said "quoted" here',
    "Kofman": "quoted without marks",
}


def seeded(db: Path) -> None:
    article = load_embedded()
    with Store.open(db) as store:
        store.open_document(article)
        for phrase, note in NOTES.items():
            start = article.text.index(phrase)
            store.add(make_annotation(article, start, start + len(phrase), 1, note))


def notes_found(db: Path, query: str) -> set[str]:
    result = invoke("search", query, "--db", str(db))
    assert result.exit_code == 0, result.stderr
    return {note for note in NOTES.values() if note in result.stdout}


def test_c_plus_plus_finds_only_c_plus_plus(db_path: Path) -> None:
    seeded(db_path)
    assert notes_found(db_path, "C++") == {"Compare with C++ templates"}
    assert notes_found(db_path, "c++") == {"Compare with C++ templates"}  # case is ignored


def test_x_ray_with_its_hyphen(db_path: Path) -> None:
    seeded(db_path)
    assert notes_found(db_path, "x-ray") == {"an x-ray of the war"}
    assert notes_found(db_path, "x ray") == {"x ray vision", "an x-ray of the war"}


def test_quoted_with_its_quotation_marks(db_path: Path) -> None:
    seeded(db_path)
    assert notes_found(db_path, '"quoted"') == {'he said "quoted" here'}
    assert notes_found(db_path, "quoted") == {'he said "quoted" here', "quoted without marks"}


def test_a_two_character_query_is_a_substring_too(db_path: Path) -> None:
    seeded(db_path)
    assert notes_found(db_path, "C+") == {"Compare with C++ templates"}
    assert notes_found(db_path, "x-") == {"an x-ray of the war"}
    assert notes_found(db_path, "ay") == {"x ray vision", "an x-ray of the war"}
    assert notes_found(db_path, "zq") == set()


def test_every_term_must_be_found_in_the_quote_or_the_note(db_path: Path) -> None:
    seeded(db_path)
    assert notes_found(db_path, "Kofman marks") == {"quoted without marks"}  # quote + note
    assert notes_found(db_path, "raging C++") == {"Compare with C++ templates"}
    assert notes_found(db_path, "raging x-ray") == set()
    assert invoke("search", "Kofman zz", "--db", str(db_path)).stdout == "No matches.\n"


def test_fts_syntax_is_text(db_path: Path) -> None:
    seeded(db_path)
    for query in ['"', "NEAR(", "a OR b", "*", "^x", "col:val", '""""']:
        result = invoke("search", query, "--db", str(db_path))
        assert result.exit_code == 0 and result.stderr == "", query


def test_rows_stored_before_the_upgrade_are_reindexed(db_path: Path, article: Document) -> None:
    old = Database(sqlite3.connect(db_path))
    migrations.apply(old, stop_before="0005_trigram_search")
    old.table("documents").insert(
        {"source": article.source, "title": article.title, "text": article.text,
         "sha256": article.sha256, "has_title_block": 1, "opened": "2026-01-01T00:00:00Z"}
    )  # fmt: skip
    start = article.text.index("Kofman")
    old.table("annotations").insert(
        make_annotation(article, start, start + 6, 1, "C++ x").to_record()
    )
    old.conn.commit()
    old.close()
    with Store.open(db_path) as store:  # the upgrade runs here
        assert "0005_trigram_search" in [m.name for m in migrations.applied(store.db)]
    assert "C++ x" in invoke("search", "C++", "--db", str(db_path)).stdout


async def test_the_notes_filter_finds_highlights_by_label_name(
    article: Document, store: Store
) -> None:
    question = add(store, article, "not to retreat", label=3)
    key = add(store, article, "Chasiv Yar", label=1, note="a question of time")
    other = add(store, article, "Kofman", label=2)
    async with running(article, store) as (app, pilot):
        await press(pilot, "tab", "slash")
        await type_text(pilot, "Question")
        assert set(listed_ids(app)) == {question.id, key.id}  # the label, and a note's word
        await press(pilot, "escape")
        await press(pilot, "slash")
        await type_text(pilot, "point")  # a word of "Key point"
        assert listed_ids(app) == [key.id]
        await press(pilot, "escape")
        assert set(listed_ids(app)) == {question.id, key.id, other.id}

"""Paths: the export file name keeps the title's words in any script."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.paths import default_export_path, slugify


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Battle for Bakhmut: Ukraine Defends", "battle-for-bakhmut-ukraine-defends"),
        ("Битва за Бахмут", "битва-за-бахмут"),
        ("東京の記事 2026", "東京の記事-2026"),
        ("Cafe\u0301 — déjà vu", "café-déjà-vu"),
        ("snake_case/../../etc", "snake-case-etc"),
        ("???", "document"),
        ("", "document"),
    ],
)
def test_slugify_keeps_letters_of_every_script(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_slug_is_cut_at_sixty_characters_without_a_trailing_dash() -> None:
    slug = slugify("word " * 40)
    assert len(slug) <= 60 and not slug.endswith("-")
    assert slug.startswith("word-word-")


def test_default_export_path_for_a_cyrillic_title(tmp_path: Path) -> None:
    path = default_export_path("Битва за Бахмут", directory=tmp_path)
    assert path == tmp_path / "битва-за-бахмут-notes.md"

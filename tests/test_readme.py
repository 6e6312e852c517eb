"""The README stays true: its key table is the generated one, its Quick start has two commands."""

from __future__ import annotations

import re
from pathlib import Path

from textual.binding import Binding

from tui.keys import bindings_for, readme_key, readme_table

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    match = re.search(rf"^## {title}\n(.*?)(?=^## )", README, flags=re.S | re.M)
    assert match, title
    return match.group(1)


def test_key_table_is_the_one_the_key_table_generates() -> None:
    table = re.search(r"^\| group \| key \|.*?\n(?=\n)", section("Keys"), flags=re.S | re.M)
    assert table, "no key table"
    assert table.group(0) == readme_table()


def test_key_table_lists_every_key_of_the_help() -> None:
    table = section("Keys")
    for binding in [*bindings_for("article"), *bindings_for("app"), *bindings_for("notes.pane")]:
        assert isinstance(binding, Binding)
        for key in binding.key.split(","):
            assert f"`{readme_key(key)}`" in table or (key in "12345" and "`1`…`5`" in table)


def test_quick_start_is_exactly_two_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)```", section("Quick start"), flags=re.S)
    assert len(blocks) == 2
    assert all(len(block.strip().splitlines()) == 1 for block in blocks)
    assert blocks[0].strip().endswith("bakhmut-read")
    assert "pytest" in blocks[1]


def test_readme_shows_the_screenshots_that_exist() -> None:
    root = Path(__file__).resolve().parents[1]
    for image in re.findall(r"\]\((screenshots/[^)]+\.svg)\)", README):
        assert (root / image).exists(), image

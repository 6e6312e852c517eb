"""The README stays true: its key table lists every binding, its Quick start has two commands."""

from __future__ import annotations

import re
from pathlib import Path

from textual.binding import Binding

from tui.app import ReaderApp
from tui.widgets.article import ArticleView

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
SYMBOLS = {
    "left_parenthesis": "(",
    "right_parenthesis": ")",
    "left_curly_bracket": "{",
    "right_curly_bracket": "}",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "slash": "/",
    "question_mark": "?",
    "dollar_sign": "$",
    "left": "←",
    "right": "→",
    "up": "↑",
    "down": "↓",
}


def section(title: str) -> str:
    match = re.search(rf"^## {title}\n(.*?)(?=^## )", README, flags=re.S | re.M)
    assert match, title
    return match.group(1)


def test_key_table_lists_every_binding() -> None:
    table = section("Keys")
    bindings = [b for b in [*ArticleView.BINDINGS, *ReaderApp.BINDINGS] if isinstance(b, Binding)]
    missing = [
        key
        for binding in bindings
        for key in binding.key.split(",")
        if f"`{SYMBOLS.get(key, key)}`" not in table and not (key in "12345" and "`1`…`5`" in table)
    ]
    assert missing == []


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

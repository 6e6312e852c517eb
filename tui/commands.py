"""The command palette (ctrl+p): every reader action, "jump to paragraph N", and themes.

Textual's own system commands (theme switching, quit, keys) stay in the palette beside these.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from tui.app import ReaderApp

ARTICLE_ACTIONS: list[tuple[str, str, str]] = [
    ("Select: start a visual selection", "visual", "v"),
    ("Select the sentence under the cursor", "select_sentence", "s"),
    ("Select the paragraph under the cursor", "select_paragraph", "p"),
    ("Clear the selection", "clear_selection", "escape"),
    ("Add or edit the note", "note", "a"),
    ("Delete the highlight under the cursor", "delete", "x"),
    ("Next highlight", "jump_highlight(1)", "]"),
    ("Previous highlight", "jump_highlight(-1)", "["),
    ("Search the article", "search", "/"),
    ("Repeat the search forward", "search_again(1)", "n"),
    ("Repeat the search backward", "search_again(-1)", "N"),
    ("Start of the document", "edge('start')", "g"),
    ("End of the document", "edge('end')", "G"),
]
APP_ACTIONS: list[tuple[str, str, str]] = [
    ("Undo the last annotation change", "undo", "u"),
    ("Redo the last undone change", "redo", "ctrl+r"),
    ("Export notes as Markdown", "export", "E"),
    ("Show or hide the notes pane", "toggle_notes", "ctrl+n"),
    ("Move focus between the article and the notes", "switch_focus", "tab"),
    ("Help: every key", "help", "?"),
]


class ReaderCommands(Provider):
    """Commands of the reader, searchable by name; `¶3`, `3` or `jump 3` jump to a paragraph."""

    @property
    def reader(self) -> ReaderApp:
        return cast("ReaderApp", self.app)

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        reader = self.reader
        article = reader.article
        commands: list[tuple[str, Callable[[], object], str]] = []
        for label in range(1, 6):
            name = reader.config.label(label).name
            commands.append(
                (
                    f"Highlight with label {label}: {name}",
                    partial(article.action_label, label),
                    str(label),
                )
            )
        for title, action, key in ARTICLE_ACTIONS:
            commands.append((title, partial(article.run_action, action), key))
        for title, action, key in APP_ACTIONS:
            commands.append((title, partial(reader.run_action, action), key))
        for block in reader.document.paragraphs:
            opening = " ".join(reader.document.block_text(block).split()[:6])
            commands.append(
                (f"Jump to paragraph {block.number} (¶{block.number}) · {opening}…",
                 partial(reader.jump_to_paragraph, block.number), "")
            )  # fmt: skip
        return commands

    async def discover(self) -> Hits:
        for title, callback, key in self._commands():
            if not title.startswith("Jump to paragraph"):
                yield DiscoveryHit(title, callback, help=f"key: {key}" if key else None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        jump = _paragraph_number(query)
        for title, callback, key in self._commands():
            if jump is not None and title.startswith(f"Jump to paragraph {jump} "):
                yield Hit(1.0, matcher.highlight(title), callback, help="jump")
                continue
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(title), callback, help=f"key: {key}" if key else None
                )


def _paragraph_number(query: str) -> int | None:
    """`3`, `¶3`, `p3`, `jump 3`, `paragraph 3` → 3."""
    digits = "".join(ch for ch in query if ch.isdigit())
    rest = query.lower().replace(digits, "").replace("¶", "").strip()
    if digits and rest in {
        "",
        "p",
        "jump",
        "jump to",
        "paragraph",
        "jump to paragraph",
        "go",
        "goto",
    }:
        return int(digits)
    return None

"""The status line under the article: mode, position, selection, saved state and messages."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class StatusLine(Static):
    """Mode, position, selection length and whether everything is saved."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $foreground; padding: 0 1; }
    """

    def show(
        self, mode: str, where: str, selected: int, *, saved: bool, note: str, message: str
    ) -> None:
        """One line of plain text (no markup): `note` says whether the last change was saved."""
        parts = [
            (mode, "bold $text-accent"),
            (f"  {where}", ""),
            (f"  {selected} chars selected" if selected else "", ""),
            ("  ✓ saved" if message else f"  ✓ {note}", "$text-success")
            if saved
            else (f"  ✗ {note}", "bold $text-error"),
            (f"  {message}" if message else "", "italic $text-warning"),
        ]
        self.update(Content.assemble(*parts))

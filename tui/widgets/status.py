"""The status line under the article: mode, position, selection, saved state and messages."""

from __future__ import annotations

from textual.widgets import Static


class StatusLine(Static):
    """Mode, position, selection length and whether everything is saved."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $foreground; padding: 0 1; }
    """

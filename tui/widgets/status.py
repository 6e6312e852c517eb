"""The status line under the article: mode, position, selection, saved state and messages."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class StatusLine(Static):
    """Mode, position, selection length and whether everything is saved."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $foreground; padding: 0 1; }
    """

    _shown: list[tuple[str, str]] | None = None
    """The parts of the line shown last."""

    def show(
        self,
        mode: str,
        where: str,
        selected: int,
        *,
        saved: bool,
        note: str,
        message: str,
        pending: str = "",
    ) -> None:
        """One line of plain text (no markup): `note` says whether the last change was saved;
        `pending`, keys typed and waiting (a count, `z`), as vim's showcmd."""
        parts = [
            (mode, "bold $text-accent"),
            (f" {pending}" if pending else "", "bold"),
            (f"  {where}", ""),
            (f"  {selected} chars selected" if selected else "", ""),
            ("  ✓ saved" if message else f"  ✓ {note}", "$text-success")
            if saved
            else (f"  ✗ {note}", "bold $text-error"),
            (f"  {message}" if message else "", "italic $text-warning"),
        ]
        if parts == self._shown:
            return  # the same line: no repaint (focus changes ask again)
        self._shown = parts
        self.update(Content.assemble(*parts), layout=False)  # one row, its width fixed


def position(paragraph: int, paragraphs: int, word: int, offset: int, length: int) -> str:
    """Where the cursor is: `¶12/40 · word 3 · 27%` (`title · 0%` on the title), from numbers
    the document already knows (no scan of the text)."""
    percent = 100 * offset // max(1, length - 1) if length > 1 else 0
    where = "title" if paragraph == 0 else f"¶{paragraph}/{paragraphs} · word {word}"
    return f"{where} · {min(100, percent)}%"

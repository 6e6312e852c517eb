"""The notes pane's entries: each annotation's label, quote and note, under paragraph headers."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.cells import cell_len
from rich.segment import Segment
from textual.color import Color
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Spacing
from textual.strip import Strip
from textual.style import Style
from textual.visual import Padding, RenderOptions, Visual

from annotations.config import Config, Label
from annotations.document import Document, visible_controls
from annotations.model import Annotation, position_order
from tui.display import ELLIPSIS, MIN_WRAP, clamp_lines, fits, one_line, with_ellipsis
from tui.widgets.notes_list import DrawnEntry, Entry, StyleParser

HEADER_WORDS = 6
"""How many words of a paragraph its header shows."""
QUOTE_LINES = 2
NOTE_LINES = 3
INDENT = 2
"""Quote and note lines are indented under the label line."""
PAD = 1
"""Cells left blank at each side of an entry (the entry pads itself, see ListedEntry)."""
NOTE_PREFIX = "✎ "
FUZZY_MARK = "≈ "
FUZZY_WORDS = " · moved?"
"""A highlight placed approximately after the file changed, until the user confirms it."""
ORPHANS_HEADER = "Orphaned highlights ({count})"
_DARK_INK = Color.parse("#1b1b1b")
_LIGHT_INK = Color.parse("#f5f5f5")


def chip_style(colour: str) -> Style:
    """The label chip: the label colour as background, a contrasting (usually dark) initial."""
    background = Color.parse(colour)
    ink = _DARK_INK if background.brightness >= 0.45 else _LIGHT_INK
    return Style(background=background, foreground=ink, bold=True)


def label_line(label: Label) -> Content:
    """` K  Key point`: a colour chip with the initial, then the name (legible without colour)."""
    initial = visible_controls(label.initial, keep_newlines=False)
    name = visible_controls(label.name, keep_newlines=False)
    chip = Content.styled(f" {initial} ", chip_style(label.colour))
    return Content.assemble(chip, " ", Content.styled(name, ".notes-list--label"))


class EntryVisual(Visual):
    """One annotation laid out for a width: label line, ≤2 quote lines, ≤3 note lines.

    The list asks every entry for its height when it is listed (to size its virtual canvas)
    but renders only the visible ones, so the height comes from cell lengths alone whenever it
    can (a quote that does not fit one line takes exactly two), and the wrapped layout is
    built, and cached for the last width, only when the entry is drawn.
    """

    def __init__(self, label: Content, quote: str, note: str) -> None:
        self._label = label
        self._quote = one_line(quote).strip()
        text = visible_controls(note.replace("\r\n", "\n"), keep_newlines=True)
        self._note = [line.rstrip() for line in text.split("\n") if line.strip()]
        self._height: tuple[int, int] | None = None
        self._layout: tuple[int, list[Content]] | None = None

    @property
    def parts(self) -> tuple[str, str, tuple[str, ...]]:
        """The label line, quote and note lines it shows (before any wrapping)."""
        return self._label.plain, self._quote, tuple(self._note)

    def _quote_lines(self, width: int) -> list[Content]:
        return _clamped(self._quote, width, QUOTE_LINES)

    def _note_lines(self, width: int) -> list[Content]:
        """The note's lines wrapped after a `✎ ` prefix, at most NOTE_LINES in all."""
        if not self._note:
            return []
        inner = width - len(NOTE_PREFIX)
        wrapped: list[Content] = []
        for paragraph in self._note:
            wrapped += _clamped(paragraph, inner, NOTE_LINES + 1)
            if len(wrapped) > NOTE_LINES:
                wrapped = wrapped[:NOTE_LINES]
                if not wrapped[-1].plain.endswith(ELLIPSIS):
                    wrapped[-1] = with_ellipsis(wrapped[-1], inner)
                break
        prefixes = [NOTE_PREFIX] + [" " * len(NOTE_PREFIX)] * (len(wrapped) - 1)
        return [
            Content.assemble(prefix, line).stylize(".notes-list--note")
            for prefix, line in zip(prefixes, wrapped, strict=True)
        ]

    def _note_height(self, width: int) -> int:
        inner = max(width - len(NOTE_PREFIX), MIN_WRAP)
        # A wrapped line holds at most `inner` cells besides the spaces it breaks at, so a note
        # with more non-space cells than NOTE_LINES lines can hold is clamped without wrapping.
        if sum(cell_len("".join(line.split())) for line in self._note) > NOTE_LINES * inner:
            return NOTE_LINES
        if all(fits(line, inner) for line in self._note):
            return min(len(self._note), NOTE_LINES)
        return len(self._note_lines(width))

    def get_height(self, rules: RulesMap, width: int) -> int:
        if self._height is None or self._height[0] != width:
            inner = width - INDENT
            quote = 1 if fits(self._quote, max(inner, MIN_WRAP)) else QUOTE_LINES
            self._height = (width, 1 + quote + self._note_height(inner))
        return self._height[1]

    def lines(self, width: int) -> list[Content]:
        """The label, quote and note lines at `width`, each at most `width` cells (cached)."""
        if self._layout is None or self._layout[0] != width:
            pad = " " * INDENT
            lines = [self._label.truncate(width, ellipsis=True)]
            lines += [pad + line for line in self._quote_lines(width - INDENT)]
            lines += [pad + line for line in self._note_lines(width - INDENT)]
            # Cropping keeps the line count equal to get_height even in a silly-narrow pane.
            self._layout = (width, [line.truncate(width) for line in lines])
        return self._layout[1]

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        content = Content("\n").join(self.lines(width))
        return content.render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width


class ListedEntry(DrawnEntry):
    """An entry as the list shows it: the paragraph header above the first entry of a group.

    Drawing the header inside the entry (not as an option of its own) means the list's own
    `scroll_to_highlight` brings the header into view with its entry. Only the entry's lines
    take the option's style (highlighted, hovered…); the blank line between groups and the
    header are drawn in `plain_style()`, the style of an ordinary option, and the entry pads
    itself so that even its padding cells follow that rule.
    """

    def __init__(
        self,
        entry: EntryVisual,
        header: Content | None,
        *,
        gap: bool,
        plain_style: Callable[[], Style],
    ) -> None:
        self.entry = entry
        self.header = header
        """The paragraph header drawn above the entry, or None inside a group."""
        self.gap = gap
        self._plain_style = plain_style
        self._header_wrapped: tuple[int, list[tuple[Content, int]]] | None = None

    @staticmethod
    def _pad(width: int) -> int:
        return PAD if width > 2 * PAD else 0

    def _header_height(self, rules: RulesMap, width: int) -> int:
        header = 0 if self.header is None else self.header.get_height(rules, width)
        return int(self.gap) + header

    def get_height(self, rules: RulesMap, width: int) -> int:
        inner = width - 2 * self._pad(width)
        return self._header_height(rules, inner) + self.entry.get_height(rules, inner)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        pad = self._pad(width)
        inner = width - 2 * pad
        strips: list[Strip] = []
        if self.gap or self.header is not None:
            plain = self._plain_style()
            if self.gap:
                strips.append(Strip.blank(width, plain.rich_style))
            if self.header is not None:
                lines = self.header.render_strips(inner, None, plain, options)
                strips += [line.crop_pad(inner, pad, pad, plain.rich_style) for line in lines]
        body = self.entry.render_strips(inner, None, style, options)
        strips += [line.crop_pad(inner, pad, pad, style.rich_style) for line in body]
        return strips

    def strips(
        self, width: int, style: Style, parse: StyleParser, meta: Style | None
    ) -> list[Strip]:
        """What `render_strips` draws (`meta` on every cell), one Strip per line built straight
        from the cached lines: no wrapping again, no intermediate strips."""
        if width <= 0:
            return []
        pad = self._pad(width)
        inner = width - 2 * pad
        strips: list[Strip] = []
        if self.gap or self.header is not None:
            plain = self._plain_style()
            plain = plain if meta is None else meta + plain
            if self.gap:
                strips.append(_line_strip(Content(""), inner, pad, plain, parse, None))
            if self.header is not None:
                for line, x in self._header_lines(inner):
                    strips.append(_line_strip(line, inner, pad, plain, parse, (x, 0)))
        style = style if meta is None else meta + style
        for y, line in enumerate(self.entry.lines(inner)):
            strips.append(_line_strip(line, inner, pad, style, parse, (0, y)))
        return strips

    def _header_lines(self, width: int) -> list[tuple[Content, int]]:
        """The header wrapped to `width`, each line with the offset of its first character."""
        assert self.header is not None
        if self._header_wrapped is None or self._header_wrapped[0] != width:
            lines: list[tuple[Content, int]] = []
            plain, at = self.header.plain, 0
            for line in self.header.wrap(width) if width > 0 else []:
                at = max(plain.find(line.plain, at), at)
                lines.append((line, at))
                at += len(line.plain)
            self._header_wrapped = (width, lines)
        return self._header_wrapped[1]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width


class Entries:
    """The list's entries: one `ListedEntry` per annotation, with its header if it opens a group.

    Entry visuals are kept while their annotation is unchanged (they cache their layout), and
    paragraph headers are made once per paragraph, so an entry whose header comes or goes is
    remade from the same parts.
    """

    def __init__(
        self, document: Document, config: Config, plain_style: Callable[[], Style]
    ) -> None:
        self._document = document
        self._labels = {label.number: label_line(label) for label in config.labels}
        self._plain_style = plain_style
        self._visuals: dict[str, tuple[Annotation, EntryVisual]] = {}
        self._headers: dict[int, Content] = {}
        self._orphan_headers: dict[int, Content] = {}

    def forget(self, annotation_id: str) -> None:
        """The annotation changed or went: its visual is made afresh when next needed."""
        self._visuals.pop(annotation_id, None)

    def hint(self, text: str) -> Entry:
        """The disabled line shown when the list is empty."""
        content = Content.styled(text, ".notes-list--hint")
        return Entry(None, Padding(content, Spacing(0, PAD, 0, PAD)), None, disabled=True)

    def entry(self, annotation: Annotation, previous: Annotation | None, orphans: int) -> Entry:
        """The entry of `annotation` listed after `previous`; a group's first entry draws its
        header (`orphans`: how many orphans are listed, for their header)."""
        opens_group = previous is None or _group(previous) != _group(annotation)
        header = None
        if opens_group:
            header = (
                self._orphans_header(orphans) if annotation.is_orphan
                else self._paragraph_header(annotation.paragraph)
            )  # fmt: skip
        listed = ListedEntry(
            self._visual(annotation),
            header,
            gap=opens_group and previous is not None,
            plain_style=self._plain_style,
        )
        return Entry(document_order(annotation), listed, annotation.id)

    def entries(self, shown: Sequence[Annotation]) -> list[Entry]:
        """An entry per annotation, in the order given (document order)."""
        orphans = sum(annotation.is_orphan for annotation in shown)
        previous: Annotation | None = None
        made: list[Entry] = []
        for annotation in shown:
            made.append(self.entry(annotation, previous, orphans))
            previous = annotation
        return made

    def _visual(self, annotation: Annotation) -> EntryVisual:
        """The entry's visual, reused while the annotation is unchanged."""
        cached = self._visuals.get(annotation.id)
        if cached is not None and (cached[0] is annotation or cached[0] == annotation):
            return cached[1]
        label = self._labels.get(annotation.label) or _unknown_label(annotation.label)
        if annotation.is_fuzzy:
            label = Content.assemble(
                Content.styled(FUZZY_MARK, "bold"), label, Content.styled(FUZZY_WORDS, "italic")
            )
        visual = EntryVisual(label, annotation.quote, annotation.note)
        self._visuals[annotation.id] = (annotation, visual)
        return visual

    def _paragraph_header(self, number: int) -> Content:
        """`¶3 · Despite Ukrainian forces’ efforts…` (`Title · …` for the title block)."""
        header = self._headers.get(number)
        if header is None:
            tag = "Title" if number == 0 else f"¶{number}"
            block = self._document.paragraph(number)
            if block is not None:
                words = one_line(self._document.block_text(block)).split()
                opening = " ".join(words[:HEADER_WORDS])
                tag = f"{tag} · {opening}{ELLIPSIS if len(words) > HEADER_WORDS else ''}"
            header = self._headers[number] = Content.styled(tag, ".notes-list--paragraph")
        return header

    def _orphans_header(self, count: int) -> Content:
        """`Orphaned highlights (2)`: their text is no longer in the document."""
        header = self._orphan_headers.get(count)
        if header is None:
            text = ORPHANS_HEADER.format(count=count)
            header = self._orphan_headers[count] = Content.styled(text, ".notes-list--paragraph")
        return header


def _clamped(text: str, width: int, max_lines: int) -> list[Content]:
    """`clamp_lines` of `text`, without wrapping a line that fits (most quotes and notes):
    wrapping was most of the cost of drawing an entry the first time."""
    wrap_width = max(width, MIN_WRAP)
    if "\t" not in text and len(text) <= 4 * wrap_width * max_lines and fits(text, wrap_width):
        return [Content(text)]
    return clamp_lines(Content(text), width, max_lines)


def _line_strip(
    line: Content,
    inner: int,
    pad: int,
    style: Style,
    parse: StyleParser,
    at: tuple[int, int] | None,
) -> Strip:
    """`line` on `style`, filled to `inner` cells and padded by `pad` on each side. Each piece
    of text carries its offset (`at`: the line's first character, as `Content` draws it), which
    Textual's text selection reads; None: a blank line (as `Strip.blank`, no offsets)."""
    if line.cell_length > inner:
        line = line.truncate(inner)
    base = style.rich_style
    segments = [Segment(" " * pad, base)] if pad else []
    if at is not None:
        x, y = at
        for text, text_style in line.render(style, end="", parse_style=parse):
            if text:
                segments.append(Segment(text, text_style.rich_style_with_offset(x, y)))
                x += len(text)
    fill = inner - line.cell_length + pad
    if fill > 0:
        segments.append(Segment(" " * fill, base))
    return Strip(segments, inner + 2 * pad)


DocumentOrder = tuple[bool, int, int, int, str, str]


def document_order(annotation: Annotation) -> DocumentOrder:
    """Grouped by the paragraph where each starts, then in position order; orphans last."""
    return (annotation.is_orphan, annotation.paragraph, *position_order(annotation))


def _group(annotation: Annotation) -> int:
    """The group an entry is listed in: its paragraph, or -1 for the orphans (listed last)."""
    return -1 if annotation.is_orphan else annotation.paragraph


def _unknown_label(number: int) -> Content:
    """A label number the config does not know (a store written by another version)."""
    return Content.styled(f" {number} ", Style(reverse=True))

"""What both export formats share: position order, label names, one pluraliser, and the
control characters (C0, DEL, C1) that must never reach a terminal or a file raw."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from annotations.model import Annotation, position_order


def sorted_annotations(annotations: Sequence[Annotation]) -> list[Annotation]:
    return sorted(annotations, key=position_order)


def export_order(annotation: Annotation) -> tuple[object, ...]:
    """Placed highlights by position, then orphans by age (their last offsets may be unknown)."""
    if annotation.is_orphan:
        return (1, annotation.created, annotation.id)
    return (0, *position_order(annotation))


def label_name(label: int, label_names: Mapping[int, str]) -> str:
    name = label_names.get(label, "")
    return name if name.strip() else f"Label {label}"


def count_of(count: int, noun: str) -> str:
    """`1 note`, `2 notes`: the one pluralisation the project's output uses."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def anchor_summary(moved: int, fuzzy: int, orphaned: int, tail: str = "") -> str | None:
    """`3 highlights moved, 1 placed approximately (≈), 2 orphaned` (None if all are 0): the
    words the reader, `export` and `list` use for what re-anchoring did."""
    parts = [f"{count_of(moved, 'highlight')} moved"] if moved else []
    if fuzzy:
        parts.append(f"{fuzzy} placed approximately (≈)")
    if orphaned:
        parts.append(f"{orphaned} orphaned")
    if not parts:
        return None
    if not moved:
        parts[0] = f"{count_of(fuzzy or orphaned, 'highlight')} {parts[0].split(' ', 1)[1]}"
    return ", ".join(parts) + tail


_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}
_PICTURES.update({code: "\ufffd" for code in range(0x80, 0xA0)})
_TEXT_PICTURES = {k: v for k, v in _PICTURES.items() if chr(k) not in "\n\t"}
_DEL_AND_C1 = re.compile("[\x7f-\x9f]")


def printable(text: str) -> str:
    """Text with every C0/C1 control and DEL shown as a visible picture (ESC → ␛, C1 → �);
    newline and tab stay, so no escape sequence, bell or backspace survives."""
    return text.translate(_TEXT_PICTURES)


def json_escaped_controls(text: str) -> str:
    """JSON text (from `json.dumps`, which already escapes C0) with DEL and C1 escaped too:
    still the same JSON value, but no byte a terminal would act on. A regular expression, not
    `str.translate`: on a 5 MB export it costs milliseconds where a translate table cost 300."""
    return _DEL_AND_C1.sub(lambda match: f"\\u{ord(match.group()):04x}", text)

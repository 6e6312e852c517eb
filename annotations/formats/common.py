"""What both export formats share: position order, label names and one pluraliser."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from annotations.model import Annotation, position_order


def sorted_annotations(annotations: Sequence[Annotation]) -> list[Annotation]:
    return sorted(annotations, key=position_order)


def label_name(label: int, label_names: Mapping[int, str]) -> str:
    name = label_names.get(label, "").strip()
    return name or f"Label {label}"


def count_of(count: int, noun: str) -> str:
    """`1 note`, `2 notes`: the one pluralisation the project's output uses."""
    return f"{count} {noun}{'' if count == 1 else 's'}"

"""Orphans and fuzzy places in both exports and in the W3C import (issue 8, point 4)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from annotations.anchoring import AnchorState
from annotations.document import load_embedded
from annotations.formats.markdown import to_markdown
from annotations.formats.w3c import to_json
from annotations.formats.w3c_import import parse_json
from annotations.model import Annotation
from tests.test_export_json import W3C_CHECK, broken, run_w3c_check, sample


def with_orphan() -> list[Annotation]:
    """The sample, its third highlight (with a note) orphaned and the fourth fuzzy."""
    annotations = sample(load_embedded())
    annotations[2] = dataclasses.replace(annotations[2], anchor=AnchorState.ORPHAN)
    annotations[3] = dataclasses.replace(annotations[3], anchor=AnchorState.FUZZY)
    return annotations


def test_markdown_lists_orphans_in_their_own_final_section() -> None:
    text = to_markdown(load_embedded(), with_orphan(), timestamps=False)
    head, section = text.split("## Orphaned highlights\n")
    assert "will not back down" not in head  # no longer a normal quote under its old ¶
    assert "> will not back down" in section and "His stance." in section
    assert "**Evidence**" in section
    assert section.count("\n> ") == 1


def test_markdown_has_no_orphan_section_without_orphans() -> None:
    text = to_markdown(load_embedded(), sample(load_embedded()), timestamps=False)
    assert "Orphaned" not in text


def test_json_orphan_keeps_its_quote_and_has_no_position() -> None:
    data = json.loads(to_json(load_embedded(), with_orphan(), timestamps=False))
    items = data["first"]["items"]
    orphan = items[-1]  # orphans come after every placed highlight
    assert orphan["id"].endswith("000000000003")
    kinds = [selector["type"] for selector in orphan["target"]["selector"]]
    assert kinds == ["TextQuoteSelector"]
    assert orphan["target"]["selector"][0]["exact"] == "will not back down"
    assert orphan["target"]["bakhmut:anchor"] == "orphan"
    fuzzy = next(i for i in items if i["id"].endswith("000000000004"))
    assert fuzzy["target"]["bakhmut:anchor"] == "fuzzy"
    assert "bakhmut:anchor" not in items[0]["target"]


def test_json_with_an_orphan_round_trips_byte_identical() -> None:
    first = to_json(load_embedded(), with_orphan(), timestamps=False)
    imported = parse_json(first)
    states = {a.id[-1]: a.anchor for a in imported.annotations}
    assert states["3"] is AnchorState.ORPHAN and states["4"] is AnchorState.FUZZY
    orphan = next(a for a in imported.annotations if a.is_orphan)
    assert (orphan.quote, orphan.note) == ("will not back down", with_orphan()[2].note)
    second = to_json(imported.documents[0], imported.annotations, timestamps=False)
    assert second == first


def test_a_quote_not_in_the_text_is_imported_as_an_orphan() -> None:
    imported = parse_json(broken("quote gone"))
    assert len(imported.annotations) == 5
    orphan = next(a for a in imported.annotations if a.id.endswith("000000000003"))
    assert orphan.is_orphan and orphan.quote == "words that are not in the article"


@pytest.mark.skipif(not W3C_CHECK.exists(), reason=f"W3C test suite not found at {W3C_CHECK}")
def test_w3c_suite_passes_with_an_orphan(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(to_json(load_embedded(), with_orphan()), encoding="utf-8")
    result = run_w3c_check(path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 annotations checked, 0 MUST failures" in result.stdout

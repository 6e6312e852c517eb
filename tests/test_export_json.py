"""W3C Web Annotation JSON: shape, the W3C suite, lossless round trips and import errors."""

from __future__ import annotations

import copy
import dataclasses
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.document import EMBEDDED_SOURCE, Document, build_document, load_embedded, load_path
from annotations.formats.w3c import source_iri, to_json, to_w3c
from annotations.formats.w3c_import import ImportFormatError, from_w3c, parse_json
from annotations.model import Annotation, make_annotation

W3C_CHECK = Path(__file__).resolve().parents[2] / "shared" / "w3c-annotation-tests" / "check.py"
CUSTOM_NAMES = {1: "Main", 2: "Proof", 3: "Huh?", 4: "No", 5: "Later"}


def fixed(annotation: Annotation, number: int) -> Annotation:
    when = f"2026-11-25T10:00:{number:02d}.000Z"
    return dataclasses.replace(
        annotation, id=f"00000000-0000-4000-8000-{number:012d}", created=when, updated=when
    )


def sample(document: Document) -> list[Annotation]:
    """Several annotations on the embedded article: with and without notes, all five labels."""
    text = document.text
    phrases = [
        ("Bakhmut", 5, ""),
        ("raging on for the past six months", 1, ""),
        ("will not back down", 2, "His stance.\n\nIn his own words: “no retreat”."),
        ("symbol of the conflict", 4, "# not a heading <b>"),
        ("tactical withdrawal", 3, "   "),
    ]
    annotations = []
    for number, (phrase, label, note) in enumerate(phrases, start=1):
        start = text.index(phrase)
        annotation = make_annotation(document, start, start + len(phrase), label, note)
        annotations.append(fixed(annotation, number))
    return annotations


def exported(timestamps: bool = False) -> dict[str, Any]:
    document = load_embedded()
    return to_w3c(document, sample(document), timestamps=timestamps)


def item(data: dict[str, Any], index: int = 0) -> dict[str, Any]:
    found: dict[str, Any] = data["first"]["items"][index]
    return found


# --- shape ---------------------------------------------------------------------------------


def test_collection_shape() -> None:
    data = exported(timestamps=True)
    assert data["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert data["@context"][1]["bakhmut"] == "https://bakhmut-read.invalid/ns#"
    assert data["type"] == "AnnotationCollection"
    assert data["id"].startswith("urn:uuid:")
    assert data["label"] == "Battle for Bakhmut: Ukraine Defends Against Russian Siege"
    assert data["total"] == 5 == len(data["first"]["items"])
    assert data["first"]["type"] == "AnnotationPage"
    assert data["generated"].endswith("Z")
    [document] = data["bakhmut:documents"]
    assert document["source"] == EMBEDDED_SOURCE
    assert document["text"] == load_embedded().text
    assert document["hasTitleBlock"] is True


def test_timestamps_false_drops_only_the_export_time() -> None:
    data = exported(timestamps=False)
    assert "generated" not in data
    assert item(data)["created"] == "2026-11-25T10:00:01.000Z"
    assert item(data)["modified"] == "2026-11-25T10:00:01.000Z"


def test_annotation_shape_with_and_without_note() -> None:
    data = exported()
    plain = item(data, 1)
    assert plain["id"] == "urn:uuid:00000000-0000-4000-8000-000000000002"
    assert plain["type"] == "Annotation"
    assert plain["motivation"] == "highlighting"
    assert plain["body"] == [
        {"type": "TextualBody", "purpose": "tagging", "value": "Key point", "bakhmut:label": 1}
    ]
    noted = item(data, 2)
    assert noted["motivation"] == "commenting"
    assert noted["body"][1] == {
        "type": "TextualBody",
        "purpose": "commenting",
        "value": "His stance.\n\nIn his own words: “no retreat”.",
        "format": "text/plain",
    }
    quote, position = noted["target"]["selector"]
    assert noted["target"]["source"] == EMBEDDED_SOURCE
    assert quote["type"] == "TextQuoteSelector"
    assert quote["exact"] == "will not back down"
    assert position["type"] == "TextPositionSelector"
    assert load_embedded().text[position["start"] : position["end"]] == quote["exact"]


def test_items_are_in_document_order() -> None:
    document = load_embedded()
    data = to_w3c(document, list(reversed(sample(document))))
    starts = [i["target"]["selector"][1]["start"] for i in data["first"]["items"]]
    assert starts == sorted(starts)


def test_file_sources_become_file_uris(tmp_path: Path) -> None:
    path = tmp_path / "my notes.txt"
    path.write_text("Title\n\nSome text here.", encoding="utf-8")
    document = load_path(path)
    data = to_w3c(document, [make_annotation(document, 7, 11)])
    assert item(data)["target"]["source"] == path.resolve().as_uri()
    assert source_iri("notes/a b.txt") == "file:notes/a%20b.txt"


def test_to_json_is_compact_utf8_with_one_newline_and_pretty_indents() -> None:
    document = load_embedded()
    text = to_json(document, sample(document), timestamps=False)
    assert text.endswith("}\n") and text.count("\n") == 1  # one line: the fast encoder
    assert text.startswith('{"@context":["http://www.w3.org/ns/anno.jsonld",')
    assert "“no retreat”" in text
    assert json.loads(text) == to_w3c(document, sample(document), timestamps=False)
    pretty = to_json(document, sample(document), timestamps=False, pretty=True)
    assert pretty.startswith('{\n  "@context"') and pretty.endswith("}\n")
    assert json.loads(pretty) == json.loads(text)


# --- the W3C test suite --------------------------------------------------------------------


def run_w3c_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(W3C_CHECK), str(path)], capture_output=True, text=True, check=False
    )


@pytest.mark.skipif(not W3C_CHECK.exists(), reason=f"W3C test suite not found at {W3C_CHECK}")
@pytest.mark.parametrize("timestamps", [True, False])
def test_w3c_suite_passes(tmp_path: Path, timestamps: bool) -> None:
    document = load_embedded()
    path = tmp_path / "export.json"
    path.write_text(to_json(document, sample(document), timestamps=timestamps), encoding="utf-8")
    result = run_w3c_check(path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 annotations checked, 0 MUST failures" in result.stdout


@pytest.mark.skipif(not W3C_CHECK.exists(), reason=f"W3C test suite not found at {W3C_CHECK}")
def test_w3c_suite_passes_for_a_file_document(tmp_path: Path) -> None:
    source = tmp_path / "essay.md"
    source.write_text("# Essay\n\nFirst *point*.\n\nSecond point.", encoding="utf-8")
    document = load_path(source)
    annotations = [make_annotation(document, 7, 12, 2, "why?"), make_annotation(document, 23, 29)]
    path = tmp_path / "export.json"
    path.write_text(to_json(document, annotations, CUSTOM_NAMES), encoding="utf-8")
    result = run_w3c_check(path)
    assert result.returncode == 0, result.stdout + result.stderr


# --- round trips ---------------------------------------------------------------------------


def test_round_trip_is_byte_identical() -> None:
    document = load_embedded()
    first = to_json(document, sample(document), timestamps=False)
    imported = parse_json(first)
    assert imported.documents == (document,)
    assert imported.annotations == tuple(sample(document))
    second = to_json(imported.documents[0], imported.annotations, timestamps=False)
    assert second == first


def test_round_trip_keeps_label_numbers_under_custom_names() -> None:
    document = load_embedded()
    first = to_json(document, sample(document), CUSTOM_NAMES, timestamps=False)
    imported = parse_json(first)  # imported with the default names
    assert [a.label for a in imported.annotations] == [5, 1, 2, 4, 3]
    again = to_json(imported.documents[0], imported.annotations, CUSTOM_NAMES, timestamps=False)
    assert again == first


def test_document_whose_file_is_gone_travels_in_the_export(tmp_path: Path) -> None:
    source = tmp_path / "gone.txt"
    source.write_text("Gone\n\nThis file will be deleted.\n\nReally.", encoding="utf-8")
    document = load_path(source)
    annotation = make_annotation(document, 20, 24, 3, "note")
    text = to_json(document, [annotation], timestamps=False)
    source.unlink()
    imported = parse_json(text)
    assert imported.documents == (document,)
    assert imported.annotations == (annotation,)
    assert to_json(imported.documents[0], imported.annotations, timestamps=False) == text


def test_import_is_idempotent() -> None:
    text = to_json(load_embedded(), sample(load_embedded()), timestamps=False)
    once, twice = parse_json(text), parse_json(text)
    assert [a.id for a in once.annotations] == [a.id for a in twice.annotations]
    assert once == twice


documents = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=200
).map(lambda raw: build_document(raw, "/tmp/prop.txt", "prop.txt", is_markdown=False))


@settings(max_examples=150, deadline=None)
@given(document=documents, data=st.data())
def test_round_trip_of_arbitrary_documents_and_notes(document: Document, data: Any) -> None:
    if not document.text:
        return
    annotations = []
    for _ in range(data.draw(st.integers(0, 4))):
        start = data.draw(st.integers(0, len(document.text) - 1))
        end = data.draw(st.integers(start + 1, len(document.text)))
        label = data.draw(st.integers(1, 5))
        annotations.append(make_annotation(document, start, end, label, data.draw(st.text())))
    first = to_json(document, annotations, timestamps=False)
    imported = parse_json(first)
    assert imported.documents == (document,)
    second = to_json(imported.documents[0], imported.annotations, timestamps=False)
    assert second == first


# --- plain W3C input -----------------------------------------------------------------------


def plain_annotation(**changes: Any) -> dict[str, Any]:
    """A W3C annotation without our extensions, on the embedded article."""
    annotation: dict[str, Any] = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "http://example.org/anno1",
        "type": "Annotation",
        "bodyValue": "A plain comment",
        "target": {
            "source": EMBEDDED_SOURCE,
            "selector": {"type": "TextQuoteSelector", "exact": "symbol of the conflict"},
        },
    }
    return annotation | changes


def test_plain_w3c_annotation_on_the_embedded_article() -> None:
    imported = from_w3c(plain_annotation())
    assert imported.documents == (load_embedded(),)
    [annotation] = imported.annotations
    text = load_embedded().text
    assert text[annotation.start : annotation.end] == "symbol of the conflict"
    assert annotation.note == "A plain comment"
    assert annotation.label == 1
    assert annotation.paragraph == 4
    assert from_w3c(plain_annotation()).annotations[0].id == annotation.id


def test_plain_w3c_label_comes_from_the_tag_name() -> None:
    body = [{"type": "TextualBody", "purpose": "tagging", "value": "proof"}]
    data = plain_annotation(body=body)
    del data["bodyValue"]
    [annotation] = from_w3c(data, CUSTOM_NAMES).annotations
    assert annotation.label == 2
    assert annotation.note == ""


def test_plain_w3c_times_are_normalised_to_utc() -> None:
    data = plain_annotation(created="2026-01-02T03:04:05+02:00")
    [annotation] = from_w3c(data).annotations
    assert annotation.created == "2026-01-02T01:04:05.000Z"
    assert annotation.updated == annotation.created


def test_plain_w3c_document_without_text_is_refused() -> None:
    data = plain_annotation()
    data["target"]["source"] = "https://example.org/article.html"
    with pytest.raises(
        ImportFormatError, match=r"text of document https://example\.org/\S* is missing"
    ):
        from_w3c(data)


def test_moved_quote_is_reanchored() -> None:
    data = copy.deepcopy(exported())
    position = item(data, 2)["target"]["selector"][1]
    position["start"] += 5
    position["end"] += 5
    [*_, moved] = [a for a in from_w3c(data).annotations if a.id.endswith("3")]
    assert load_embedded().text[moved.start : moved.end] == "will not back down"
    assert moved.start == position["start"] - 5


# --- bad input -----------------------------------------------------------------------------


def broken(change: str) -> str:
    data = copy.deepcopy(exported())
    first = item(data, 2)
    if change == "missing target":
        del first["target"]
    elif change == "offsets out of range":
        first["target"]["selector"][1].update(start=10, end=10**6)
    elif change == "label 9":
        first["body"][0]["bakhmut:label"] = 9
    elif change == "quote gone":
        first["target"]["selector"][0]["exact"] = "words that are not in the article"
    elif change == "bad sha256":
        data["bakhmut:documents"][0]["sha256"] = "0" * 64
    elif change == "string offsets":
        first["target"]["selector"][1]["start"] = "10"
    elif change == "duplicate id":
        data["first"]["items"][3]["id"] = first["id"]
    return json.dumps(data)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"type": "AnnotationCollection",\n  "first": }', "not valid JSON: .* line 2 column 12"),
        ("", "not valid JSON: .* line 1 column 1"),
        ("42", "expected a JSON object .*, not a number"),
        ('"hello"', "expected a JSON object .*, not a string"),
        ('{"type": "Foo"}', "expected a W3C AnnotationCollection.*not 'Foo'"),
        ("{}", "expected a W3C AnnotationCollection.*not 'no type'"),
        ("[1]", "item 1 must be an Annotation object"),
        ('{"type": "AnnotationCollection", "first": "http://x/p1"}', "not embedded"),
        (broken("missing target"), "annotation urn:uuid:.*3 has no target"),
        (broken("offsets out of range"), "offsets 10..1000000 are outside the document text"),
        (broken("label 9"), "annotation urn:uuid:.*3: label 9 is not one of 1-5"),
        (broken("bad sha256"), "document builtin:bakhmut: the text does not match its sha256"),
        (broken("string offsets"), "'start' must be an integer, not '10'"),
        (broken("duplicate id"), "appears twice"),
    ],
)
def test_bad_input_is_one_line_import_error(text: str, message: str) -> None:
    with pytest.raises(ImportFormatError, match=message) as error:
        parse_json(text)
    assert "\n" not in str(error.value)


def test_unnormalised_document_text_is_refused() -> None:
    data = exported()
    data["bakhmut:documents"][0]["text"] = "a\r\nb"
    del data["bakhmut:documents"][0]["sha256"]
    with pytest.raises(ImportFormatError, match="not normalised"):
        from_w3c(data)

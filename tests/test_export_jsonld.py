"""The W3C JSON read as JSON-LD (pyld, offline): expansion keeps every key, ours included."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld
from test_export_json import sample

from annotations.document import load_embedded, load_path
from annotations.formats.w3c import BAKHMUT_NAMESPACE, W3C_CONTEXT, to_json, to_w3c
from annotations.formats.w3c_import import parse_json
from annotations.model import make_annotation

LOCAL_CONTEXT = Path(__file__).parent / "data" / "anno.jsonld"
"""The W3C Web Annotation context (the spec's Appendix A), served instead of the network."""


def local_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    if url not in (W3C_CONTEXT, "https://www.w3.org/ns/anno.jsonld"):
        raise AssertionError(f"the test would fetch {url}")
    document = json.loads(LOCAL_CONTEXT.read_text(encoding="utf-8"))
    return {"contextUrl": None, "documentUrl": url, "document": document}


def expand(data: dict[str, Any]) -> list[Any]:
    expanded: list[Any] = jsonld.expand(data, {"documentLoader": local_loader})
    return expanded


def leaves(value: Any) -> int:
    """How many values of the original JSON an expanded JSON-LD tree still carries."""
    if isinstance(value, list):
        return sum(leaves(item) for item in value)
    if not isinstance(value, dict):
        return 0
    if "@value" in value:
        return 1  # a literal (its `@type` is a datatype, not a key of the input)
    count = len(value.get("@type", []))
    count += 1 if "@id" in value else 0
    inner = [v for k, v in value.items() if k in ("@list", "@set") or not k.startswith("@")]
    return count + leaves(inner)


def input_leaves(value: Any) -> int:
    if isinstance(value, list):
        return sum(input_leaves(item) for item in value)
    if isinstance(value, dict):
        return sum(input_leaves(v) for k, v in value.items() if k != "@context")
    return 1


def term(key: str) -> str:
    return BAKHMUT_NAMESPACE + key


@pytest.mark.parametrize("timestamps", [True, False])
def test_expansion_drops_no_key(timestamps: bool) -> None:
    document = load_embedded()
    data = to_w3c(document, sample(document), timestamps=timestamps)
    assert leaves(expand(data)) == input_leaves(data)


def test_expansion_of_a_file_document_drops_no_key(tmp_path: Path) -> None:
    source = tmp_path / "essay one.md"
    source.write_text("# Essay\n\nFirst *point*.\n\nSecond point.", encoding="utf-8")
    document = load_path(source)
    data = json.loads(to_json(document, [make_annotation(document, 7, 12, 2, "why?")]))
    assert leaves(expand(data)) == input_leaves(data)


def test_documents_keep_title_title_block_and_sha256() -> None:
    document = load_embedded()
    [collection] = expand(to_w3c(document, sample(document)))
    [listed] = collection[term("documents")]
    [entry] = listed["@list"]
    assert {key: value[0]["@value"] for key, value in entry.items()} == {
        term("source"): document.source,
        term("title"): document.title,
        term("hasTitleBlock"): document.has_title_block,
        term("sha256"): document.sha256,
        term("text"): document.text,
    }


def test_the_label_number_is_kept_on_the_tagging_body() -> None:
    document = load_embedded()
    [collection] = expand(to_w3c(document, sample(document)))
    first = collection["http://www.w3.org/ns/activitystreams#first"][0]
    items = first["http://www.w3.org/ns/activitystreams#items"][0]["@list"]
    body = items[0]["http://www.w3.org/ns/oa#hasBody"][0]
    assert body[term("label")] == [{"@value": 5}]


def test_without_our_context_the_document_keys_are_lost() -> None:
    """Why the context is declared: the W3C context alone drops `bakhmut:` keys' contents."""
    document = load_embedded()
    data = to_w3c(document, sample(document)) | {"@context": W3C_CONTEXT}
    assert leaves(expand(data)) < input_leaves(data)


def test_import_accepts_old_and_new_contexts() -> None:
    document = load_embedded()
    new = to_json(document, sample(document), timestamps=False)
    old = json.dumps(json.loads(new) | {"@context": W3C_CONTEXT})
    assert parse_json(new) == parse_json(old)
    assert len(parse_json(old).annotations) == 5

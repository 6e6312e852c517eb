"""Import W3C Web Annotation JSON: our own exports losslessly, other W3C input where it can.

ImportFormatError (from json_fields.py) says in one line what is wrong with the input.
"""

from __future__ import annotations

import json
import sys
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from annotations.anchoring import AnchorState, place_by_selectors, quote_selector
from annotations.document import Document
from annotations.formats.json_fields import (
    ImportFormatError,
    as_list,
    get_int,
    get_str,
    json_type,
    types_of,
)
from annotations.formats.w3c import (
    ANCHOR_KEY,
    DOCUMENTS_KEY,
    ID_NAMESPACE,
    LABEL_KEY,
    URN_UUID,
)
from annotations.formats.w3c_documents import Documents
from annotations.model import (
    DEFAULT_LABEL_NAMES,
    LABEL_NUMBERS,
    Annotation,
    position_order,
    utc_now,
)

__all__ = ["MAX_IMPORT_BYTES", "ImportFormatError", "ImportedCollection", "from_w3c", "parse_json"]

MAX_IMPORT_BYTES = 64 * 1024 * 1024
"""An import file over 64 MiB is refused: it is read and parsed whole, in memory."""


@dataclass(frozen=True)
class ImportedCollection:
    """What an import yields: the documents and their annotations, ready for the store."""

    documents: tuple[Document, ...]
    annotations: tuple[Annotation, ...]


def _unwrap(data: object) -> tuple[list[object], object]:
    """(annotation items, declared documents) from a collection, a page, an annotation or a list."""
    if isinstance(data, list):
        return data, None
    if not isinstance(data, dict):
        raise ImportFormatError(
            f"expected a JSON object (a W3C AnnotationCollection), not {json_type(data)}"
        )
    types = types_of(data)
    if "AnnotationCollection" in types:
        return _collection_items(data), data.get(DOCUMENTS_KEY)
    if "AnnotationPage" in types:
        return _page_items(data), data.get(DOCUMENTS_KEY)
    if "Annotation" in types:
        return [data], data.get(DOCUMENTS_KEY)
    shown = data.get("type", "no type")
    raise ImportFormatError(
        f"expected a W3C AnnotationCollection, AnnotationPage or Annotation, not {shown!r}"
    )


def _collection_items(collection: Mapping[str, Any]) -> list[object]:
    first = collection.get("first")
    if first is None:
        return []
    if not isinstance(first, dict):
        raise ImportFormatError("the collection's first page is not embedded in the file")
    return _page_items(first)


def _page_items(page: Mapping[str, Any]) -> list[object]:
    if "next" in page:
        raise ImportFormatError("collections of more than one page are not supported")
    items = page.get("items", [])
    if not isinstance(items, list):
        raise ImportFormatError(f"the page's 'items' must be a list, not {json_type(items)}")
    return items


def _annotation_id(item: Mapping[str, Any], where: str) -> str:
    """Our id back from `urn:uuid:…`; any other id (or none) gives a stable derived uuid."""
    value = item.get("id")
    if isinstance(value, str):
        if value.startswith(URN_UUID) and len(value) > len(URN_UUID):
            return value[len(URN_UUID) :]
        return str(uuid.uuid5(ID_NAMESPACE, value))
    if value is not None:
        raise ImportFormatError(f"{where}: 'id' must be a string")
    canonical = json.dumps(item, sort_keys=True, ensure_ascii=False)
    return str(uuid.uuid5(ID_NAMESPACE, canonical))


def _the_target(item: Mapping[str, Any], where: str) -> dict[str, Any]:
    if "target" not in item:
        raise ImportFormatError(f"{where} has no target")
    for target in as_list(item["target"]):
        if isinstance(target, dict) and "selector" in target:
            return target
    raise ImportFormatError(f"{where}: the target has no selector, so it cannot be anchored")


def _selectors(target: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for selector in as_list(target.get("selector")):
        if isinstance(selector, dict):
            for kind in types_of(selector) & {"TextQuoteSelector", "TextPositionSelector"}:
                found.setdefault(kind, selector)
    return found


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    prefix: str
    quote: str
    suffix: str
    state: AnchorState = AnchorState.EXACT


def _state(target: Mapping[str, Any], where: str) -> AnchorState:
    """The state our export wrote on the target (`exact` when there is none)."""
    value = target.get(ANCHOR_KEY, AnchorState.EXACT.value)
    try:
        return AnchorState(value)
    except ValueError:
        raise ImportFormatError(f"{where}: {ANCHOR_KEY!r} {value!r} is not a state") from None


def _span(document: Document, target: Mapping[str, Any], where: str) -> _Span:
    """Where the target stands in the text: its offsets if the quote is there, else re-anchored;
    not found (or exported as an orphan), an orphan with its last quote and context."""
    selectors = _selectors(target)
    position = selectors.get("TextPositionSelector")
    quote = selectors.get("TextQuoteSelector")
    offsets = None if position is None else _offsets(position, len(document.text), where)
    if quote is not None:
        return _quoted_span(document, quote, offsets, _state(target, where), where)
    if offsets is None:
        raise ImportFormatError(f"{where}: no TextQuoteSelector or TextPositionSelector")
    return _Span(*offsets, *quote_selector(document.text, *offsets))


def _offsets(position: Mapping[str, Any], length: int, where: str) -> tuple[int, int]:
    start = get_int(position, "start", where)
    end = get_int(position, "end", where)
    if not 0 <= start < end <= length:
        raise ImportFormatError(
            f"{where}: offsets {start}..{end} are outside the document text (0..{length})"
        )
    return start, end


def _quoted_span(
    document: Document,
    quote: Mapping[str, Any],
    offsets: tuple[int, int] | None,
    state: AnchorState,
    where: str,
) -> _Span:
    """The quote at its offsets, keeping the stored context; or re-anchored with fresh context;
    an orphan (exported as one, or not found) keeps its last offsets (if any), quote and context."""
    text = document.text
    exact = get_str(quote, "exact", where)
    prefix = get_str(quote, "prefix", where, default="")
    suffix = get_str(quote, "suffix", where, default="")
    has_context = "prefix" in quote and "suffix" in quote
    last = offsets or (0, 0)
    if state is AnchorState.ORPHAN:
        return _Span(*last, prefix, exact, suffix, state)
    if offsets is not None and has_context and text[offsets[0] : offsets[1]] == exact:
        return _Span(*offsets, prefix, exact, suffix, state)
    found = place_by_selectors(text, exact, prefix, suffix, last[0])
    if found is None:
        return _Span(*last, prefix, exact, suffix, AnchorState.ORPHAN)
    return _Span(found.start, found.end, *quote_selector(text, found.start, found.end),
                 found.state)  # fmt: skip


def _purposes(body: Mapping[str, Any]) -> set[str]:
    return {p for p in as_list(body.get("purpose")) if isinstance(p, str)}


def _label(bodies: Sequence[Mapping[str, Any]], label_names: Mapping[int, str], where: str) -> int:
    """The label number: our extension, else the tag's name looked up in `label_names`, else 1."""
    for body in bodies:
        if "tagging" not in _purposes(body):
            continue
        if LABEL_KEY in body:
            value = body[LABEL_KEY]
            if isinstance(value, bool) or not isinstance(value, int) or value not in LABEL_NUMBERS:
                raise ImportFormatError(f"{where}: label {value!r} is not one of 1-5")
            return value
        number = _label_from_name(body.get("value"), label_names)
        if number is not None:
            return number
    return 1


def _label_from_name(name: object, label_names: Mapping[int, str]) -> int | None:
    if not isinstance(name, str):
        return None
    wanted = name.strip().casefold()
    for number, label_name in sorted(label_names.items()):
        if number in LABEL_NUMBERS and label_name.strip().casefold() == wanted:
            return number
    return None


def _note(item: Mapping[str, Any], bodies: Sequence[Mapping[str, Any]]) -> str:
    """The text of the commenting bodies (or of `bodyValue`), joined by blank lines."""
    notes = [item["bodyValue"]] if isinstance(item.get("bodyValue"), str) else []
    for body in bodies:
        purposes = _purposes(body)
        if "tagging" in purposes or not isinstance(body.get("value"), str):
            continue
        if "commenting" in purposes or not purposes:
            notes.append(body["value"])
    return "\n\n".join(notes)


def _timestamp(value: object, where: str) -> str | None:
    """Our own `…Z` times unchanged; other ISO 8601 times converted to UTC with a `Z`."""
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if value is None:
        return None
    if not isinstance(value, str):
        raise ImportFormatError(f"{where}: a time must be an ISO 8601 string")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ImportFormatError(f"{where}: {value!r} is not an ISO 8601 time") from None
    if value.endswith("Z"):
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _annotation_from_w3c(
    item: object, index: int, documents: Documents, label_names: Mapping[int, str]
) -> Annotation:
    if not isinstance(item, dict):
        raise ImportFormatError(f"item {index + 1} must be an Annotation object")
    shown = item.get("id")
    where = f"annotation {shown}" if isinstance(shown, str) else f"annotation {index + 1}"
    if "Annotation" not in types_of(item):
        raise ImportFormatError(f"{where}: 'type' must be 'Annotation'")
    target = _the_target(item, where)
    document = documents.find(get_str(target, "source", where), where)
    span = _span(document, target, where)
    bodies = [body for body in as_list(item.get("body")) if isinstance(body, dict)]
    created = _timestamp(item.get("created"), where)
    modified = _timestamp(item.get("modified"), where)
    created = created or modified or utc_now()
    return Annotation(
        id=_annotation_id(item, where),
        document=document.source,
        start=span.start,
        end=span.end,
        paragraph=document.paragraph_number_at(span.start),
        quote=span.quote,
        prefix=span.prefix,
        suffix=span.suffix,
        label=_label(bodies, label_names, where),
        note=_note(item, bodies),
        created=created,
        updated=modified or created,
        anchor=span.state,
        anchored_sha=document.sha256,
    )


def from_w3c(
    data: object, label_names: Mapping[int, str] = DEFAULT_LABEL_NAMES
) -> ImportedCollection:
    """Documents and annotations from parsed W3C JSON; ImportFormatError says what is wrong.

    Our own exports carry the documents' text; plain W3C input can only target the embedded
    article. Quotes that moved are re-anchored; ids are stable, so importing twice is harmless.
    """
    items, declared = _unwrap(data)
    documents = Documents(declared)
    annotations = [
        _annotation_from_w3c(item, index, documents, label_names)
        for index, item in enumerate(items)
    ]
    seen: set[str] = set()
    for annotation in annotations:
        if annotation.id in seen:
            raise ImportFormatError(f"annotation urn:uuid:{annotation.id} appears twice")
        seen.add(annotation.id)
    order = {document.source: i for i, document in enumerate(documents.documents)}
    annotations.sort(key=lambda a: (order[a.document], *position_order(a)))
    return ImportedCollection(tuple(documents.documents), tuple(annotations))


def parse_json(
    text: str, label_names: Mapping[int, str] = DEFAULT_LABEL_NAMES
) -> ImportedCollection:
    """Parse JSON text and import it; syntax errors name the line and column."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFormatError(
            f"not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except RecursionError:
        raise ImportFormatError("not valid JSON: nested too deeply") from None
    except ValueError:  # int() refuses over sys.get_int_max_str_digits() digits
        limit = sys.get_int_max_str_digits()
        raise ImportFormatError(f"a number in it is too long (over {limit:,} digits)") from None
    try:
        return from_w3c(data, label_names)
    except RecursionError:
        raise ImportFormatError("nested too deeply") from None

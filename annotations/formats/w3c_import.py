"""Import W3C Web Annotation JSON: our own exports losslessly, other W3C input where it can.

ImportFormatError (from json_fields.py) says in one line what is wrong with the input.
"""

from __future__ import annotations

import json
import re
import sys
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from operator import attrgetter
from typing import Any

from annotations.anchoring import AnchorState, quote_selector, reanchor_all
from annotations.collector import collector_paused
from annotations.document import Document
from annotations.formats.json_fields import (
    ImportFormatError,
    as_list,
    get_int,
    get_str,
    json_type,
    types_of,
)
from annotations.formats.w3c import ANCHOR_KEY, DOCUMENTS_KEY, ID_NAMESPACE, URN_UUID
from annotations.formats.w3c_bodies import bodies_of, label_and_note, timestamp
from annotations.formats.w3c_documents import Documents
from annotations.formats.w3c_own import own_annotation
from annotations.model import DEFAULT_LABEL_NAMES, Annotation, utc_now

__all__ = ["MAX_IMPORT_BYTES", "ImportFormatError", "ImportedCollection", "from_w3c", "parse_json"]

MAX_IMPORT_BYTES = 64 * 1024 * 1024
"""An import file over 64 MiB is refused: it is read and parsed whole, in memory."""
_POSITION = attrgetter("start", "end", "created", "id")
"""`model.position_order` as one C call per annotation."""


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
    targets = item["target"]
    if isinstance(targets, dict) and "selector" in targets:  # the usual shape, at once
        return targets
    for target in as_list(targets):
        if isinstance(target, dict) and "selector" in target:
            return target
    raise ImportFormatError(f"{where}: the target has no selector, so it cannot be anchored")


_SELECTOR_KINDS = frozenset({"TextQuoteSelector", "TextPositionSelector"})
_STATES = {state.value: state for state in AnchorState}


def _selectors(target: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for selector in as_list(target.get("selector")):
        if not isinstance(selector, dict):
            continue
        kind = selector.get("type")
        if isinstance(kind, str):  # one type, the usual case: no set to build
            if kind in _SELECTOR_KINDS:
                found.setdefault(kind, selector)
            continue
        for kind in types_of(selector) & _SELECTOR_KINDS:
            found.setdefault(kind, selector)
    return found


@dataclass(slots=True)
class _Span:
    """Where an annotation stands (not frozen: a frozen dataclass is slow to make)."""

    start: int
    end: int
    prefix: str
    quote: str
    suffix: str
    state: AnchorState = AnchorState.EXACT
    placed: bool = True
    """False: to be placed by its selectors (`_place_pending`, once per document text)."""


def _state(target: Mapping[str, Any], where: str) -> AnchorState:
    """The state our export wrote on the target (`exact` when there is none)."""
    value = target.get(ANCHOR_KEY, AnchorState.EXACT.value)
    state = _STATES.get(value) if isinstance(value, str) else None
    if state is None:
        raise ImportFormatError(f"{where}: {ANCHOR_KEY!r} {value!r} is not a state")
    return state


def _span(document: Document, target: Mapping[str, Any], where: str) -> _Span:
    """Where the target stands in the text: its offsets if the quote is there, else to be
    re-anchored (`placed` False); exported as an orphan, an orphan with its last quote and
    context."""
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
    start, end = position.get("start"), position.get("end")
    if type(start) is not int or type(end) is not int:  # not plain integers: say which and why
        start, end = get_int(position, "start", where), get_int(position, "end", where)
    if not 0 <= start < end <= length:
        raise ImportFormatError(
            f"{where}: offsets {start}..{end} are outside the document text (0..{length})"
        )
    return start, end


def _text_field(obj: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    """`get_str`, with a plain string taken at once (the usual case)."""
    value = obj.get(key, default)
    return value if type(value) is str else get_str(obj, key, where, default)


def _quoted_span(
    document: Document,
    quote: Mapping[str, Any],
    offsets: tuple[int, int] | None,
    state: AnchorState,
    where: str,
) -> _Span:
    """The quote at its offsets, keeping the stored context; else to be re-anchored; an orphan
    (exported as one) keeps its last offsets (if any), quote and context."""
    exact = _text_field(quote, "exact", where)
    prefix = _text_field(quote, "prefix", where, default="")
    suffix = _text_field(quote, "suffix", where, default="")
    last = offsets or (0, 0)
    if state is AnchorState.ORPHAN:
        return _Span(*last, prefix, exact, suffix, state)
    has_context = "prefix" in quote and "suffix" in quote
    if offsets is not None and has_context and document.text[last[0] : last[1]] == exact:
        return _Span(*last, prefix, exact, suffix, state)
    return _Span(*last, prefix, exact, suffix, AnchorState.ORPHAN, placed=False)


def _is_annotation(item: Mapping[str, Any]) -> bool:
    kind = item.get("type")
    return kind == "Annotation" or (isinstance(kind, list) and "Annotation" in kind)


def _annotation_from_w3c(
    item: object, index: int, documents: Documents, label_names: Mapping[int, str]
) -> tuple[Annotation, bool]:
    """The annotation, and whether its span is final (else `_place_pending` places it)."""
    if not isinstance(item, dict):
        raise ImportFormatError(f"item {index + 1} must be an Annotation object")
    shown = item.get("id")
    where = f"annotation {shown}" if isinstance(shown, str) else f"annotation {index + 1}"
    if not _is_annotation(item):
        raise ImportFormatError(f"{where}: 'type' must be 'Annotation'")
    target = _the_target(item, where)
    document = documents.find(_text_field(target, "source", where), where)
    span = _span(document, target, where)
    label, note = label_and_note(item, bodies_of(item), label_names, where)
    created = timestamp(item.get("created"), where)
    modified = timestamp(item.get("modified"), where)
    created = created or modified or utc_now()
    annotation = Annotation(
        id=_annotation_id(item, where),
        document=document.source,
        start=span.start,
        end=span.end,
        paragraph=document.paragraph_number_at(span.start),
        quote=span.quote,
        prefix=span.prefix,
        suffix=span.suffix,
        label=label,
        note=note,
        created=created,
        updated=modified or created,
        anchor=span.state,
        anchored_sha=document.sha256,
    )
    return annotation, span.placed


def _place_pending(annotations: list[Annotation], pending: list[int], documents: Documents) -> None:
    """Place the annotations at `pending` by their selectors: their quote, context and last
    offset (they stand there as orphans until then). One `reanchor_all` per document, so its
    text is folded for searching once, not once per annotation. Not found: an orphan."""
    by_document: dict[str, list[int]] = {}
    for index in pending:
        by_document.setdefault(annotations[index].document, []).append(index)
    texts = {document.source: document for document in documents.documents}
    for source, indexes in by_document.items():
        document = texts[source]
        placements = reanchor_all(
            None, document.text, [annotations[i] for i in indexes], document.paragraph_number_at
        )
        for index, place in zip(indexes, placements, strict=True):
            annotations[index] = replace(
                annotations[index], start=place.start, end=place.end, quote=place.quote,
                prefix=place.prefix, suffix=place.suffix, paragraph=place.paragraph,
                anchor=place.state,
            )  # fmt: skip


def from_w3c(
    data: object, label_names: Mapping[int, str] = DEFAULT_LABEL_NAMES
) -> ImportedCollection:
    """Documents and annotations from parsed W3C JSON; ImportFormatError says what is wrong.

    Our own exports carry the documents' text; plain W3C input can only target the embedded
    article. Quotes that moved are re-anchored; ids are stable, so importing twice is harmless.
    """
    items, declared = _unwrap(data)
    documents = Documents(declared)
    annotations: list[Annotation] = []
    pending: list[int] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        own = own_annotation(item, documents)  # our own export's usual shape, read at once
        annotation, placed = (
            (own, True) if own is not None
            else _annotation_from_w3c(item, index, documents, label_names)
        )  # fmt: skip
        if annotation.id in seen:
            raise ImportFormatError(f"annotation urn:uuid:{annotation.id} appears twice")
        seen.add(annotation.id)
        if not placed:
            pending.append(len(annotations))
        annotations.append(annotation)
    _place_pending(annotations, pending, documents)
    annotations.sort(key=_POSITION)  # position_order, by C-level attribute lookups
    order = {document.source: i for i, document in enumerate(documents.documents)}
    if len(order) > 1:  # stable: by document, each in position order
        annotations.sort(key=lambda a: order[a.document])
    return ImportedCollection(tuple(documents.documents), tuple(annotations))


def parse_json(
    text: str, label_names: Mapping[int, str] = DEFAULT_LABEL_NAMES
) -> ImportedCollection:
    """Parse JSON text and import it; syntax errors name the line and column."""
    with collector_paused():
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
            _refuse_lone_surrogates(text, data)
            return from_w3c(data, label_names)
        except RecursionError:
            raise ImportFormatError("nested too deeply") from None


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
"""A `\\ud800`…`\\udfff` escape: the only way a file read as UTF-8 can hold a surrogate."""


def _refuse_lone_surrogates(text: str, data: object) -> None:
    """A string holding half of a UTF-16 surrogate pair (an escape without its other half) is
    not text: it could not be stored. Looked for only when the file has such an escape."""
    if _SURROGATE_ESCAPE.search(text) is None:
        return
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as error:
        code = ord(error.object[error.start])
        raise ImportFormatError(
            f"a string in it holds \\u{code:04x}, half of a UTF-16 surrogate pair: not text"
        ) from None

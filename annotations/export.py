"""Export annotations as Markdown or W3C Web Annotation JSON, import that JSON, write files.

This is the only module that formats Markdown or JSON. The Markdown is for reading: every piece
of user text in it (quotes, notes, titles, paragraph openings) is escaped so that it renders as
the same text and never as structure. The JSON is a W3C AnnotationCollection that round-trips
losslessly: the label number and the documents' normalised text travel in `bakhmut:` extension
properties, which plain W3C consumers ignore.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

from annotations.anchoring import quote_selector, reanchor
from annotations.document import (
    BLOCK_SEPARATOR,
    EMBEDDED_SOURCE,
    Document,
    load_embedded,
    split_raw_blocks,
    text_sha256,
)
from annotations.model import (
    DEFAULT_LABEL_NAMES,
    LABEL_NUMBERS,
    Annotation,
    position_order,
    utc_now,
)


class ExportError(Exception):
    """An export or import that cannot be done; the message is one line for the user."""


class ImportFormatError(ExportError):
    """The input is not valid JSON, or not an AnnotationCollection this program can import."""


class OutputExistsError(ExportError):
    """The output file exists and overwriting it was not asked for."""


def _sorted(annotations: Sequence[Annotation]) -> list[Annotation]:
    return sorted(annotations, key=position_order)


def _label_name(label: int, label_names: Mapping[int, str]) -> str:
    name = label_names.get(label, "").strip()
    return name or f"Label {label}"


# ---------------------------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------------------------

OPENING_WORDS = 12
ELLIPSIS = "…"

_ALWAYS_ESCAPED = frozenset("\\`*[]<|~")
"""Escaped wherever they stand: code spans, emphasis, links, HTML, autolinks, tables, strike."""
_MAYBE_ESCAPED = re.compile(r"[\\`*\[\]<|~#_&]")
"""Any character that `_needs_escape` may escape inside a line."""
_LINE_START_ESCAPED = frozenset("#>+-=")
"""Escaped only as a line's first character: headings, blockquotes, lists, rules, setext lines."""
_ORDERED_MARKER = re.compile(r"[0-9]{1,9}(?=[.)])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_TABLE_DELIMITER = re.compile(r":[:|\- \t]*")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_HARD_BREAK = "\\\n"


def _single_line(text: str) -> str:
    """Text meant for one line (title, label, path) with any line break turned into a space."""
    return _LINE_BREAK.sub(" ", text)


def escape_line(line: str, *, heading: bool = False) -> str:
    """Escape one line of user text so that Markdown shows it as text and nothing else.

    Leading and trailing whitespace is dropped: leading spaces would make an indented code
    block and two trailing spaces a line break, and Markdown does not show either anyway.
    In a heading every `#` is escaped, since a trailing `#` run would be a closing sequence.
    """
    text = line.strip()
    start_mark = _line_start_mark(text)
    if start_mark is None and _MAYBE_ESCAPED.search(text) is None:
        return text  # the common case: nothing in the line can mean anything to Markdown
    pieces: list[str] = []
    for index, char in enumerate(text):
        if index == start_mark or _needs_escape(text, index, heading=heading):
            pieces.append("\\")
        pieces.append(char)
    return "".join(pieces)


def _line_start_mark(text: str) -> int | None:
    """The index of the character that would open a block at the start of this line, if any."""
    if not text:
        return None
    if text[0] in _LINE_START_ESCAPED:
        return 0
    marker = _ORDERED_MARKER.match(text)
    if marker:
        return marker.end()  # `1.` / `1)`: escape the `.` or `)`
    if _TABLE_DELIMITER.fullmatch(text):
        return 0  # `:--` would be a table delimiter row under a line holding a `|`
    return None


def _needs_escape(text: str, index: int, *, heading: bool) -> bool:
    char = text[index]
    if char in _ALWAYS_ESCAPED:
        return True
    if char == "#":
        return heading
    if char == "_":
        return not _is_intraword(text, index)
    if char == "&":
        return _ENTITY.match(text, index) is not None
    return False


def _is_intraword(text: str, index: int) -> bool:
    """True for `snake_case`: an `_` between two alphanumerics can neither open nor close."""
    return 0 < index < len(text) - 1 and text[index - 1].isalnum() and text[index + 1].isalnum()


def _escaped_paragraphs(text: str) -> list[list[str]]:
    """User text as paragraphs (split at blank lines) of escaped, non-empty lines."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in _LINE_BREAK.split(text):
        escaped = escape_line(line)
        if escaped:
            current.append(escaped)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def _blockquote(text: str) -> str:
    """Every line quoted with `> `; line breaks kept as hard breaks, blank lines as `>`."""
    paragraphs = _escaped_paragraphs(text)
    if not paragraphs:
        return ">"
    quoted = [
        "\n".join(f"> {line}" for line in _HARD_BREAK.join(lines).split("\n"))
        for lines in paragraphs
    ]
    return "\n>\n".join(quoted)


def _note_blocks(note: str) -> list[str]:
    return [_HARD_BREAK.join(lines) for lines in _escaped_paragraphs(note)]


def _opening_words(document: Document, paragraph: int) -> str:
    block = document.paragraph(paragraph)
    if block is None:
        return ""
    words = document.block_text(block).split()
    opening = " ".join(words[:OPENING_WORDS])
    if len(words) > OPENING_WORDS:
        opening += ELLIPSIS
    return escape_line(opening)


def count_of(count: int, noun: str) -> str:
    """`1 note`, `2 notes`: the one pluralisation the project's output uses."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _meta_line(document: Document, annotations: Sequence[Annotation], timestamps: bool) -> str:
    source = (
        "the embedded article"
        if document.is_embedded
        else escape_line(_single_line(document.source))
    )
    parts = [f"Source: {source}"]
    if timestamps:
        parts.append(f"Exported {datetime.now(UTC).date().isoformat()}")
    notes = sum(1 for annotation in annotations if annotation.has_note)
    parts.append(f"{count_of(len(annotations), 'highlight')}, {count_of(notes, 'note')}")
    return " · ".join(parts)


def _annotation_blocks(annotation: Annotation, label_names: Mapping[int, str]) -> list[str]:
    label = escape_line(_single_line(_label_name(annotation.label, label_names)))
    blocks = [_blockquote(annotation.quote), f"**{label}**"]
    if annotation.has_note:
        blocks.extend(_note_blocks(annotation.note))
    return blocks


def _by_paragraph(annotations: Sequence[Annotation]) -> dict[int, list[Annotation]]:
    groups: dict[int, list[Annotation]] = {}
    for annotation in _sorted(annotations):
        groups.setdefault(annotation.paragraph, []).append(annotation)
    return dict(sorted(groups.items()))


def _paragraph_blocks(
    document: Document, paragraph: int, group: Sequence[Annotation], label_names: Mapping[int, str]
) -> list[str]:
    blocks = ["## Title" if paragraph == 0 else f"## ¶{paragraph}"]
    opening = _opening_words(document, paragraph)
    if opening:
        blocks.append(f"*{opening}*")
    for annotation in group:
        blocks.extend(_annotation_blocks(annotation, label_names))
    return blocks


def to_markdown(
    document: Document,
    annotations: Sequence[Annotation],
    label_names: Mapping[int, str] = DEFAULT_LABEL_NAMES,
    *,
    timestamps: bool = True,
) -> str:
    """The annotations as a Markdown reading list, grouped under their paragraphs.

    With `timestamps=False` the output depends only on its inputs (no export date).
    """
    title = escape_line(_single_line(document.title), heading=True)
    blocks = [f"# {title}".rstrip(), _meta_line(document, annotations, timestamps)]
    for paragraph, group in _by_paragraph(annotations).items():
        blocks.extend(_paragraph_blocks(document, paragraph, group, label_names))
    return "\n\n".join(blocks).rstrip("\n") + "\n"


# ---------------------------------------------------------------------------------------------
# W3C Web Annotation JSON: export
# ---------------------------------------------------------------------------------------------

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
LABEL_KEY = "bakhmut:label"
"""On the tagging body: the label number, so that it survives renamed labels."""
DOCUMENTS_KEY = "bakhmut:documents"
"""On the collection: the documents' normalised text, so an import needs no source file."""
_ID_NAMESPACE = uuid.UUID("6f1c1d3e-6a51-5b2e-9d0c-6b616b686d74")
_URN_UUID = "urn:uuid:"
_URI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]+:")


def source_iri(source: str) -> str:
    """A document source as an IRI: URIs stay as they are, file paths become `file:` URIs."""
    if _URI_SCHEME.match(source):
        return source
    path = Path(source)
    if path.is_absolute():
        return path.as_uri()
    return "file:" + url_quote(path.as_posix())


def _derived_id(*parts: str) -> str:
    return _URN_UUID + str(uuid.uuid5(_ID_NAMESPACE, "\x1f".join(parts)))


def _document_to_w3c(document: Document) -> dict[str, Any]:
    return {
        "source": document.source,
        "title": document.title,
        "hasTitleBlock": document.has_title_block,
        "sha256": document.sha256,
        "text": document.text,
    }


def _bodies(annotation: Annotation, label_names: Mapping[int, str]) -> list[dict[str, Any]]:
    bodies: list[dict[str, Any]] = [
        {
            "type": "TextualBody",
            "purpose": "tagging",
            "value": _label_name(annotation.label, label_names),
            LABEL_KEY: annotation.label,
        }
    ]
    if annotation.note:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": annotation.note,
                "format": "text/plain",
            }
        )
    return bodies


def _target(document: Document, annotation: Annotation) -> dict[str, Any]:
    return {
        "source": source_iri(document.source),
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": annotation.quote,
                "prefix": annotation.prefix,
                "suffix": annotation.suffix,
            },
            {"type": "TextPositionSelector", "start": annotation.start, "end": annotation.end},
        ],
    }


def _annotation_to_w3c(
    document: Document, annotation: Annotation, label_names: Mapping[int, str]
) -> dict[str, Any]:
    return {
        "id": _URN_UUID + annotation.id,
        "type": "Annotation",
        "motivation": "commenting" if annotation.has_note else "highlighting",
        "created": annotation.created,
        "modified": annotation.updated,
        "body": _bodies(annotation, label_names),
        "target": _target(document, annotation),
    }


def to_w3c(
    document: Document,
    annotations: Sequence[Annotation],
    label_names: Mapping[int, str] = DEFAULT_LABEL_NAMES,
    *,
    timestamps: bool = True,
) -> dict[str, Any]:
    """A W3C AnnotationCollection with one embedded AnnotationPage holding every annotation.

    `timestamps=False` drops only the export time (`generated`); the annotations' own
    `created`/`modified` are data and always kept.
    """
    collection_id = _derived_id("collection", document.source, document.sha256)
    items = [_annotation_to_w3c(document, a, label_names) for a in _sorted(annotations)]
    collection: dict[str, Any] = {
        "@context": W3C_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": document.title,
        "total": len(items),
    }
    if timestamps:
        collection["generated"] = utc_now()
    collection[DOCUMENTS_KEY] = [_document_to_w3c(document)]
    collection["first"] = {
        "id": _derived_id("page", collection_id, "1"),
        "type": "AnnotationPage",
        "startIndex": 0,
        "items": items,
    }
    return collection


def to_json(
    document: Document,
    annotations: Sequence[Annotation],
    label_names: Mapping[int, str] = DEFAULT_LABEL_NAMES,
    *,
    timestamps: bool = True,
) -> str:
    """`to_w3c` as indented UTF-8 JSON text ending in one newline."""
    data = to_w3c(document, annotations, label_names, timestamps=timestamps)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------------------------------------
# W3C Web Annotation JSON: import
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedCollection:
    """What an import yields: the documents and their annotations, ready for the store."""

    documents: tuple[Document, ...]
    annotations: tuple[Annotation, ...]


def _json_type(value: object) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "null"


def _types(obj: Mapping[str, Any]) -> set[str]:
    value = obj.get("type")
    values = value if isinstance(value, list) else [value]
    return {item for item in values if isinstance(item, str)}


def _as_list(value: object) -> list[object]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _get_str(obj: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = obj.get(key, default)
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if not isinstance(value, str):
        missing = key not in obj
        problem = "is missing" if missing else f"must be a string, not {_json_type(value)}"
        raise ImportFormatError(f"{where}: {key!r} {problem}")
    return value


def _get_int(obj: Mapping[str, Any], key: str, where: str) -> int:
    value = obj.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        problem = "is missing" if key not in obj else f"must be an integer, not {value!r}"
        raise ImportFormatError(f"{where}: {key!r} {problem}")
    return value


def _is_normalised(text: str) -> bool:
    return BLOCK_SEPARATOR.join(" ".join(lines) for lines in split_raw_blocks(text)) == text


def _document_from_w3c(value: object, index: int) -> Document:
    where = f"document {index + 1} in {DOCUMENTS_KEY!r}"
    if not isinstance(value, dict):
        raise ImportFormatError(f"{where} must be an object, not {_json_type(value)}")
    source = _get_str(value, "source", where)
    where = f"document {source}"
    text = _get_str(value, "text", where)
    has_title_block = value.get("hasTitleBlock", False)
    if not isinstance(has_title_block, bool):
        raise ImportFormatError(f"{where}: 'hasTitleBlock' must be true or false")
    if "sha256" in value and _get_str(value, "sha256", where) != text_sha256(text):
        raise ImportFormatError(f"{where}: the text does not match its sha256")
    if not _is_normalised(text):
        raise ImportFormatError(f"{where}: the text is not normalised")
    title = _get_str(value, "title", where, default=source)
    return Document.from_normalised(source, title, text, has_title_block)


class _Documents:
    """The documents of an import, found by the IRI (or raw source) an annotation targets."""

    def __init__(self, declared: object) -> None:
        if declared is not None and not isinstance(declared, list):
            raise ImportFormatError(f"{DOCUMENTS_KEY!r} must be a list of documents")
        self.documents = [_document_from_w3c(v, i) for i, v in enumerate(declared or [])]
        self._by_key: dict[str, Document] = {}
        for document in self.documents:
            if document.source in self._by_key:
                raise ImportFormatError(f"document {document.source} is listed twice")
            self._by_key[document.source] = document
            self._by_key.setdefault(source_iri(document.source), document)

    def find(self, source: str, where: str) -> Document:
        document = self._by_key.get(source)
        if document is not None:
            return document
        if source == EMBEDDED_SOURCE:
            document = load_embedded()
            self.documents.append(document)
            self._by_key[source] = document
            return document
        raise ImportFormatError(
            f"{where}: the text of document {source} is missing "
            f"(only exports of bakhmut-read carry it, in {DOCUMENTS_KEY!r})"
        )


def _unwrap(data: object) -> tuple[list[object], object]:
    """(annotation items, declared documents) from a collection, a page, an annotation or a list."""
    if isinstance(data, list):
        return data, None
    if not isinstance(data, dict):
        raise ImportFormatError(
            f"expected a JSON object (a W3C AnnotationCollection), not {_json_type(data)}"
        )
    types = _types(data)
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
        raise ImportFormatError(f"the page's 'items' must be a list, not {_json_type(items)}")
    return items


def _annotation_id(item: Mapping[str, Any], where: str) -> str:
    """Our id back from `urn:uuid:…`; any other id (or none) gives a stable derived uuid."""
    value = item.get("id")
    if isinstance(value, str):
        if value.startswith(_URN_UUID) and len(value) > len(_URN_UUID):
            return value[len(_URN_UUID) :]
        return str(uuid.uuid5(_ID_NAMESPACE, value))
    if value is not None:
        raise ImportFormatError(f"{where}: 'id' must be a string")
    canonical = json.dumps(item, sort_keys=True, ensure_ascii=False)
    return str(uuid.uuid5(_ID_NAMESPACE, canonical))


def _the_target(item: Mapping[str, Any], where: str) -> dict[str, Any]:
    if "target" not in item:
        raise ImportFormatError(f"{where} has no target")
    for target in _as_list(item["target"]):
        if isinstance(target, dict) and "selector" in target:
            return target
    raise ImportFormatError(f"{where}: the target has no selector, so it cannot be anchored")


def _selectors(target: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for selector in _as_list(target.get("selector")):
        if isinstance(selector, dict):
            for kind in _types(selector) & {"TextQuoteSelector", "TextPositionSelector"}:
                found.setdefault(kind, selector)
    return found


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    prefix: str
    quote: str
    suffix: str


def _span(document: Document, target: Mapping[str, Any], where: str) -> _Span:
    """Where the target stands in the text: its offsets if the quote is there, else re-anchored."""
    selectors = _selectors(target)
    position = selectors.get("TextPositionSelector")
    quote = selectors.get("TextQuoteSelector")
    offsets = None if position is None else _offsets(position, len(document.text), where)
    if quote is not None:
        return _quoted_span(document, quote, offsets, where)
    if offsets is None:
        raise ImportFormatError(f"{where}: no TextQuoteSelector or TextPositionSelector")
    return _Span(*offsets, *quote_selector(document.text, *offsets))


def _offsets(position: Mapping[str, Any], length: int, where: str) -> tuple[int, int]:
    start = _get_int(position, "start", where)
    end = _get_int(position, "end", where)
    if not 0 <= start < end <= length:
        raise ImportFormatError(
            f"{where}: offsets {start}..{end} are outside the document text (0..{length})"
        )
    return start, end


def _quoted_span(
    document: Document, quote: Mapping[str, Any], offsets: tuple[int, int] | None, where: str
) -> _Span:
    """The quote at its offsets, keeping the stored context; or re-anchored with fresh context."""
    text = document.text
    exact = _get_str(quote, "exact", where)
    prefix = _get_str(quote, "prefix", where, default="")
    suffix = _get_str(quote, "suffix", where, default="")
    has_context = "prefix" in quote and "suffix" in quote
    if offsets is not None and has_context and text[offsets[0] : offsets[1]] == exact:
        return _Span(*offsets, prefix, exact, suffix)
    hint = offsets[0] if offsets is not None else 0
    found = reanchor(text, exact, prefix, suffix, hint)
    if found is None:
        raise ImportFormatError(f"{where}: its quote is not in the text of {document.source}")
    return _Span(*found, *quote_selector(text, *found))


def _purposes(body: Mapping[str, Any]) -> set[str]:
    return {p for p in _as_list(body.get("purpose")) if isinstance(p, str)}


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
    item: object, index: int, documents: _Documents, label_names: Mapping[int, str]
) -> Annotation:
    if not isinstance(item, dict):
        raise ImportFormatError(f"item {index + 1} must be an Annotation object")
    shown = item.get("id")
    where = f"annotation {shown}" if isinstance(shown, str) else f"annotation {index + 1}"
    if "Annotation" not in _types(item):
        raise ImportFormatError(f"{where}: 'type' must be 'Annotation'")
    target = _the_target(item, where)
    document = documents.find(_get_str(target, "source", where), where)
    span = _span(document, target, where)
    bodies = [body for body in _as_list(item.get("body")) if isinstance(body, dict)]
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
    )


def from_w3c(
    data: object, label_names: Mapping[int, str] = DEFAULT_LABEL_NAMES
) -> ImportedCollection:
    """Documents and annotations from parsed W3C JSON; ImportFormatError says what is wrong.

    Our own exports carry the documents' text; plain W3C input can only target the embedded
    article. Quotes that moved are re-anchored; ids are stable, so importing twice is harmless.
    """
    items, declared = _unwrap(data)
    documents = _Documents(declared)
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
    return from_w3c(data, label_names)


# ---------------------------------------------------------------------------------------------
# Writing files
# ---------------------------------------------------------------------------------------------


def write_output(path: Path, content: str, *, force: bool = False) -> None:
    """Write `content` (UTF-8) to `path` atomically: a temp file beside it, fsync, rename.

    An existing file is never truncated: it is either left alone (OutputExistsError unless
    `force`) or replaced in one step. Errors are ExportError with a one-line message.
    """
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a directory")
    if path.exists() and not force:
        raise OutputExistsError(f"{path} exists; use --force to overwrite")
    if not path.parent.is_dir():
        raise ExportError(f"cannot write {path}: the directory {path.parent} does not exist")
    temp = _write_temp(path, content.encode("utf-8"))
    try:
        _move_into_place(temp, path, force=force)
    except OSError as error:
        raise ExportError(_os_message(path, error)) from None
    finally:
        temp.unlink(missing_ok=True)


def _os_message(path: Path, error: OSError) -> str:
    if isinstance(error, PermissionError):
        return f"cannot write {path}: permission denied"
    return f"cannot write {path}: {error.strerror or error}"


def _temp_names(path: Path) -> Iterator[Path]:
    for _ in range(100):
        yield path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")


def _write_temp(path: Path, data: bytes) -> Path:
    """A new temp file beside `path` holding `data`, synced to disk; removed again on error."""
    for temp in _temp_names(path):
        try:
            # 0o666 lets the umask decide the final file's mode, as for any new file.
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        except OSError as error:
            raise ExportError(_os_message(path, error)) from None
        try:
            with open(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as error:
            temp.unlink(missing_ok=True)
            raise ExportError(_os_message(path, error)) from None
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        return temp
    raise ExportError(f"cannot write {path}: no free temporary file name")


def _move_into_place(temp: Path, path: Path, *, force: bool) -> None:
    """Rename `temp` to `path`; without `force`, a hard link refuses a file that appeared since."""
    if force:
        os.replace(temp, path)
        return
    try:
        os.link(temp, path)
    except FileExistsError:
        raise OutputExistsError(f"{path} exists; use --force to overwrite") from None
    except OSError:
        # No hard links on this file system: the existence check above has to do.
        os.replace(temp, path)


# ---------------------------------------------------------------------------------------------
# Annotation records (the store's undo journal keeps annotations as JSON text)
# ---------------------------------------------------------------------------------------------


def annotation_to_json(annotation: Annotation) -> str:
    """Every field of an annotation as a JSON object (for the undo journal)."""
    return json.dumps(asdict(annotation), ensure_ascii=False)


def annotation_from_json(text: str) -> Annotation:
    """The annotation `annotation_to_json` wrote."""
    return Annotation(**json.loads(text))

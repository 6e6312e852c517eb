"""The documents a W3C import carries, found by the IRI (or raw source) an annotation targets."""

from __future__ import annotations

from annotations.document import (
    EMBEDDED_SOURCE,
    Document,
    is_normalised,
    load_embedded,
    text_sha256,
)
from annotations.formats.json_fields import ImportFormatError, get_str, json_type
from annotations.formats.w3c import DOCUMENTS_KEY, source_iri


def _document_from_w3c(value: object, index: int) -> Document:
    where = f"document {index + 1} in {DOCUMENTS_KEY!r}"
    if not isinstance(value, dict):
        raise ImportFormatError(f"{where} must be an object, not {json_type(value)}")
    source = get_str(value, "source", where)
    where = f"document {source}"
    text = get_str(value, "text", where)
    has_title_block = value.get("hasTitleBlock", False)
    if not isinstance(has_title_block, bool):
        raise ImportFormatError(f"{where}: 'hasTitleBlock' must be true or false")
    if "sha256" in value and get_str(value, "sha256", where) != text_sha256(text):
        raise ImportFormatError(f"{where}: the text does not match its sha256")
    if not is_normalised(text):
        raise ImportFormatError(f"{where}: the text is not normalised")
    title = get_str(value, "title", where, default=source)
    return Document.from_normalised(source, title, text, has_title_block)


class Documents:
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

    def get(self, source: str) -> Document | None:
        """The declared document a target's source names, or None (see `find`)."""
        return self._by_key.get(source)

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

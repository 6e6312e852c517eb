"""Our own export's annotations read at once: the shape `w3c.to_json` writes, checked in place.

An import of 10,000 annotations spends most of its parsing in the general reader
(w3c_import.py), which accepts every W3C form and says what is wrong with each field. An
annotation exactly as bakhmut-read exports it (one quote and one position selector that agree
with the text, a tagging body carrying the label number, at most one commenting body, our own
`…Z` times) is read here in well under half the time. Anything else, or anything wrong, gives
None, and the general reader reads it (and names the problem): this reader never decides what
the general one would refuse, and what it returns is what the general one would (a property
test compares them).
"""

from __future__ import annotations

from datetime import datetime

from annotations.anchoring import AnchorState
from annotations.formats.w3c import ANCHOR_KEY, LABEL_KEY, URN_UUID
from annotations.formats.w3c_documents import Documents
from annotations.model import Annotation

_EXACT = AnchorState.EXACT
_ISO = datetime.fromisoformat
_URN_LENGTH = len(URN_UUID)


def own_annotation(item: object, documents: Documents) -> Annotation | None:
    """The annotation, if `item` has the exact shape of our export and places exactly on its
    document's text (one of `documents`, by the target's source); else None."""
    if type(item) is not dict or item.get("type") != "Annotation" or "bodyValue" in item:
        return None
    ident, target = item.get("id"), item.get("target")
    if type(ident) is not str or not ident.startswith(URN_UUID) or len(ident) <= _URN_LENGTH:
        return None
    if type(target) is not dict or ANCHOR_KEY in target:  # moved, fuzzy, orphan: the long way
        return None
    source = target.get("source")
    document = documents.get(source) if type(source) is str else None
    span = None if document is None else _span(target.get("selector"), document.text)
    times = _times(item.get("created"), item.get("modified"))
    label_note = _label_and_note(item.get("body"))
    if document is None or span is None or times is None or label_note is None:
        return None
    start, end, prefix, quote, suffix = span
    return Annotation(
        id=ident[_URN_LENGTH:],
        document=document.source,
        start=start,
        end=end,
        paragraph=document.paragraph_number_at(start),
        quote=quote,
        prefix=prefix,
        suffix=suffix,
        label=label_note[0],
        note=label_note[1],
        created=times[0],
        updated=times[1],
        anchor=_EXACT,
        anchored_sha=document.sha256,
    )


def _span(selectors: object, text: str) -> tuple[int, int, str, str, str] | None:
    """[TextQuoteSelector with its context, TextPositionSelector], the quote at the offsets."""
    if type(selectors) is not list or len(selectors) != 2:
        return None
    quote, position = selectors
    if type(quote) is not dict or type(position) is not dict:
        return None
    if quote.get("type") != "TextQuoteSelector" or position.get("type") != "TextPositionSelector":
        return None
    start, end = position.get("start"), position.get("end")
    exact, prefix, suffix = quote.get("exact"), quote.get("prefix"), quote.get("suffix")
    if type(start) is not int or type(end) is not int or not 0 <= start < end <= len(text):
        return None
    if type(exact) is not str or type(prefix) is not str or type(suffix) is not str:
        return None
    return (start, end, prefix, exact, suffix) if text[start:end] == exact else None


def _times(created: object, modified: object) -> tuple[str, str] | None:
    """Our own times, both given, both ISO 8601 in UTC with a `Z`: kept as they are."""
    if type(created) is not str or type(modified) is not str:
        return None
    if not created.endswith("Z") or not modified.endswith("Z"):
        return None
    try:
        _ISO(created), _ISO(modified)
    except ValueError:
        return None
    return created, modified


def _label_and_note(bodies: object) -> tuple[int, str] | None:
    """A tagging body with our label number first, then at most one commenting body."""
    if type(bodies) is not list or not 1 <= len(bodies) <= 2:
        return None
    tag = bodies[0]
    if type(tag) is not dict or tag.get("purpose") != "tagging":
        return None
    label = tag.get(LABEL_KEY)
    if type(label) is not int or not 1 <= label <= 5:
        return None
    if len(bodies) == 1:
        return label, ""
    comment = bodies[1]
    if type(comment) is not dict or comment.get("purpose") != "commenting":
        return None
    note = comment.get("value")
    return None if type(note) is not str else (label, note)

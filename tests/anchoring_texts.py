"""Prose for the anchoring corpus: the article, paragraphs written for it, and licences in the venv.

Nothing is downloaded: the licences are the ones the pinned packages install (read through
`importlib.metadata`); a missing one is skipped.
"""

from __future__ import annotations

from importlib import metadata

from annotations.document import BLOCK_SEPARATOR, build_document, load_embedded

COMPOSED = """\
Notes on a Harbour Town

The harbour wakes before the town does. By five o'clock the first boats are out past the \
breakwater, and the gulls have already found the fish market's bins. "It's always been like \
this," says Marta, who has sold bread on the quay for thirty years. "The sea doesn't wait for \
anybody, and neither do the gulls."

The old lighthouse keeper's cottage is now a museum. Its two rooms hold a brass telescope, a \
logbook from the winter of 1953, and a photograph of the keeper's daughter, who kept the lamp \
lit for eleven nights when her father fell ill. Visitors read the logbook's last entry aloud: \
"Wind north-east, sea rough, lamp burning well."

Every summer the council argues about the car park. Some want it moved behind the church; \
others say the shops on the quay would die without it. The argument never ends, and the car \
park never moves. "We've had the same meeting since 1987," the mayor admitted last year, \
"and I've chaired eleven of them."

The fish market opens at six. Buyers from the inland restaurants walk the rows in silence, \
lifting the lids of the crates, pressing a thumb into the flesh of the hake. Prices are \
shouted, not written, and a nod is as good as a signature. Nobody can remember a nod being \
broken.

In the afternoons the quay belongs to the children. They dive from the harbour wall at high \
tide, though a sign says they mustn't, and the fishermen pretend not to see. "I did the same \
at their age," one of them said, mending a net. "So did my father. The sign is newer than \
the wall."

The church on the hill was built with stone carried up from the beach, one cart at a time. \
Its bell was cast in 1790 and cracked in 1890; the crack is still there, and the bell still \
rings, a little flat, every Sunday at ten. The town's choir sings a little flat to match it.

When the storms come in November, the boats stay in and the town turns inward. The café on \
the corner stays open late, the radio plays the shipping forecast, and the old men argue about \
the weather as if arguing could change it. "It's not the wind," says Marta, "it's the waiting."

By spring the harbour is painted again. Blue for the boats, white for the railings, and red \
for the doors of the harbour master's office, as it has been for as long as anybody can \
remember. The paint is the same, the hands are new, and the gulls are, as always, the same \
gulls.
"""

LICENCES = ("hypothesis", "sqlite-utils")
MAX_LICENCE_CHARS = 9_000


def licence_text(package: str) -> str | None:
    """The licence file a pinned package installs, or None."""
    try:
        files = metadata.distribution(package).files or []
    except metadata.PackageNotFoundError:
        return None
    for file in files:
        if "LICEN" in file.name.upper():
            return file.read_text(encoding="utf-8")
    return None


def corpus_texts() -> dict[str, str]:
    """Name → normalised text of every prose source of the corpus."""
    texts = {
        "article": load_embedded().text,
        "harbour": build_document(COMPOSED, "mem:harbour", "harbour", False).text,
    }
    for package in LICENCES:
        raw = licence_text(package)
        if raw is not None:
            text = build_document(raw, f"mem:{package}", package, False).text
            texts[f"{package} licence"] = _first_blocks(text, MAX_LICENCE_CHARS)
    return texts


def _first_blocks(text: str, limit: int) -> str:
    """The text's leading blocks, up to about `limit` characters."""
    kept: list[str] = []
    for block in text.split(BLOCK_SEPARATOR):
        if kept and sum(len(b) + 2 for b in kept) + len(block) > limit:
            break
        kept.append(block)
    return BLOCK_SEPARATOR.join(kept)

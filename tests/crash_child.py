"""A child process for the kill -9 tests: it writes through the Store and reports each commit.

`python tests/crash_child.py DB writes`: add/update/delete in a loop, printing
"action id note" on stdout once each write has returned (is committed).
`python tests/crash_child.py DB import N`: import N annotations in one go.
"""

from __future__ import annotations

import sys
from pathlib import Path

from annotations.document import load_embedded
from annotations.model import make_annotation
from annotations.store import Store


def writes(store: Store) -> None:
    document = load_embedded()
    ids: list[str] = []
    step = 0
    while True:
        step += 1
        if step % 3 == 1 or not ids:
            start = 59 + step % 400
            added = store.add(make_annotation(document, start, start + 9, note=f"n{step}"))
            ids.append(added.id)
            print("add", added.id, added.note, flush=True)
        elif step % 3 == 2:
            changed = store.update(ids[-1], note=f"u{step}")
            print("update", changed.id, changed.note, flush=True)
        else:
            gone = store.delete(ids.pop(0))
            print("delete", gone.id, gone.note, flush=True)


def imports(store: Store, count: int) -> None:
    document = load_embedded()
    length = len(document.text)
    batch = [
        make_annotation(document, n % (length - 20), n % (length - 20) + 7, note=f"i{n}")
        for n in range(count)
    ]
    print("ready", flush=True)
    store.import_annotations([document], batch)
    print("done", flush=True)


def main() -> None:
    path, mode = Path(sys.argv[1]), sys.argv[2]
    with Store.open(path) as store:
        store.open_document(load_embedded())
        if mode == "writes":
            print("ready", flush=True)
            writes(store)
        else:
            imports(store, int(sys.argv[3]))


if __name__ == "__main__":
    main()

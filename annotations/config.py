"""The user's config file (TOML): label names and colours, a theme, a keymap, reading options.

```toml
theme = "textual-light"

[labels.1]
name = "Key point"
colour = "#f2c744"

[keymap]
"article.down" = "j,down,ctrl+j"   # a binding id = the keys (Textual key names)

[reading]
counts = true   # digits are vim counts (5j) instead of labels outside a selection
```
Unknown keys are ignored; a broken file (bad TOML, not UTF-8, nested too deeply, over 1 MiB,
a FIFO or device, a symlink loop) is reported in one line and the defaults are used.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from annotations.files import MissingFileError, ReadError, read_bounded
from annotations.model import DEFAULT_LABEL_NAMES, LABEL_NUMBERS

DEFAULT_LABEL_COLOURS: dict[int, str] = {
    1: "#e5c07b",
    2: "#61afef",
    3: "#c678dd",
    4: "#e06c75",
    5: "#98c379",
}
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_NAME_CHARS = 24
MAX_CONFIG_BYTES = 1024 * 1024
"""A config file is a few lines; anything over 1 MiB is not one."""


class Label(NamedTuple):
    """A label: its number (1-5), name and colour (`#rrggbb`).

    Label and Config are NamedTuples, not dataclasses: a dataclass costs ~0.5 ms at import."""

    number: int
    name: str
    colour: str

    @property
    def initial(self) -> str:
        return self.name[:1].upper() or str(self.number)


class Config(NamedTuple):
    """The config file's settings (`_replace` gives a changed copy)."""

    labels: tuple[Label, ...]
    warning: str | None = None
    theme: str | None = None
    """A Textual theme name (e.g. "textual-light"); a theme picked in the app wins over it."""
    keymap: Mapping[str, str] = MappingProxyType({})
    """Binding id → keys (`"article.down" = "j,ctrl+j"`), for `App.set_keymap`."""
    counts: bool = False
    """`[reading] counts`: digits are vim counts in normal mode (`5j`); labels need a selection
    or a highlight under the cursor."""

    @property
    def label_names(self) -> dict[int, str]:
        return {label.number: label.name for label in self.labels}

    def label(self, number: int) -> Label:
        return self.labels[number - 1]


def default_config() -> Config:
    return Config(
        tuple(Label(n, DEFAULT_LABEL_NAMES[n], DEFAULT_LABEL_COLOURS[n]) for n in LABEL_NUMBERS)
    )


def load_config(path: Path, keymap_ids: Collection[str] | None = None) -> Config:
    """Read the config file; a missing file gives the defaults, a broken value a warning.

    With `keymap_ids`, a `[keymap]` entry for any other binding id is reported and ignored.
    """
    try:
        data = _read_toml(path)
    except MissingFileError:
        return default_config()
    except ReadError as error:
        return Config(default_config().labels, warning=f"{error} (ignored; defaults used)")
    except (UnicodeDecodeError, BadToml) as error:
        return Config(default_config().labels, warning=f"{path}: ignored ({error})")
    except RecursionError:
        return Config(default_config().labels, warning=f"{path}: ignored (nested too deeply)")
    problems: list[str] = []
    labels = tuple(_label(n, data, problems) for n in LABEL_NUMBERS)
    theme = data.get("theme")
    if theme is not None and not (isinstance(theme, str) and theme.strip()):
        problems.append("theme must be a theme name")
    keymap = _keymap(data.get("keymap", {}), keymap_ids, problems)
    counts = _counts(data.get("reading", {}), problems)
    warning = f"{path}: {'; '.join(problems)} (defaults used)" if problems else None
    return Config(
        labels,
        warning=warning,
        theme=theme if isinstance(theme, str) and theme.strip() else None,
        keymap=keymap,
        counts=counts,
    )


class BadToml(ValueError):
    """The config file is not valid TOML (`tomllib.TOMLDecodeError`'s message)."""


def _read_toml(path: Path) -> dict[str, Any]:
    """The file's table; tomllib is imported only when there is a file to parse."""
    text = read_bounded(path, MAX_CONFIG_BYTES, "a config file").decode("utf-8")
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise BadToml(str(error)) from None


def _keymap(table: object, known: Collection[str] | None, problems: list[str]) -> dict[str, str]:
    """The `[keymap]` table: binding id → keys; anything else is reported and left out."""
    if not isinstance(table, dict):
        problems.append("keymap must be a table of binding ids")
        return {}
    keymap: dict[str, str] = {}
    unknown = sorted(str(k) for k in table if known is not None and k not in known)
    if unknown:
        problems.append(f"keymap: unknown binding ids {', '.join(unknown)}")
    for binding_id, keys in table.items():
        if known is not None and binding_id not in known:
            continue
        if not (isinstance(keys, str) and keys.strip() and keys.isprintable()):
            problems.append(f'keymap.{binding_id} must be a key string like "j,down"')
            continue
        keymap[binding_id] = keys.replace(" ", "")
    return keymap


def _counts(table: object, problems: list[str]) -> bool:
    """`[reading] counts`: a boolean (default false); anything else is reported."""
    if not isinstance(table, dict):
        problems.append("reading must be a table")
        return False
    counts = table.get("counts", False)
    if not isinstance(counts, bool):
        problems.append("reading.counts must be true or false")
        return False
    return counts


def _label(number: int, data: dict[str, Any], problems: list[str]) -> Label:
    labels = data.get("labels", {})
    entry = labels.get(str(number), {}) if isinstance(labels, dict) else {}
    if not isinstance(entry, dict):
        problems.append(f"labels.{number} must be a table")
        entry = {}
    name = entry.get("name")
    colour = entry.get("colour", entry.get("color"))
    if isinstance(name, str) and name.strip() and name.isprintable():
        name = name.strip()[:MAX_NAME_CHARS]
    else:
        if name is not None:
            problems.append(f"labels.{number}.name must be printable text")
        name = DEFAULT_LABEL_NAMES[number]
    if not (isinstance(colour, str) and _COLOUR.match(colour)):
        if colour is not None:
            problems.append(f"labels.{number}.colour must look like #rrggbb")
        colour = DEFAULT_LABEL_COLOURS[number]
    return Label(number=number, name=name, colour=colour)

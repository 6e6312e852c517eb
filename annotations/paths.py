"""Every path the project uses, in one place: data, config, the embedded article, export names."""

from __future__ import annotations

import errno
import os
import re
import unicodedata
from pathlib import Path

APP_NAME = "bakhmut-read"
DB_ENV_VAR = "BAKHMUT_READ_DB"
CONFIG_ENV_VAR = "BAKHMUT_READ_CONFIG"
DB_FILE_NAME = "annotations.db"
CONFIG_FILE_NAME = "config.toml"
EMBEDDED_ARTICLE = "bakhmut.txt"
_SLUG_WORD = re.compile(r"[^\W_]+")


def default_db_path() -> Path:
    """The database file: `BAKHMUT_READ_DB` if set, else `annotations.db` in the user data dir."""
    override = os.environ.get(DB_ENV_VAR)
    if override:
        return Path(override).expanduser()
    import platformdirs  # here, not at the top: a command given --db starts without it

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / DB_FILE_NAME


def resolve_db_path(option: str | Path | None) -> Path:
    """`--db PATH` wins over the environment variable, which wins over the default."""
    if option is not None and str(option) != "":
        return Path(option).expanduser()
    return default_db_path()


def config_path() -> Path:
    """The TOML config (label names, colours): `BAKHMUT_READ_CONFIG` or the user config dir."""
    override = os.environ.get(CONFIG_ENV_VAR)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / CONFIG_FILE_NAME


def embedded_article_bytes() -> bytes:
    """The article shipped inside the package, byte for byte.

    Read next to this module, not through `importlib.resources` (which loads zipfile, ~3 ms
    before the first screen): the wheel (hatch, `packages = ["annotations", "tui"]`) installs
    `annotations/data/` as plain files beside the code. Running from a zip archive is not
    supported."""
    return (Path(__file__).parent / "data" / EMBEDDED_ARTICLE).read_bytes()


def slugify(title: str) -> str:
    """A file-name-safe slug of a title: its words (letters and digits of any script, lower
    case, NFC) joined by dashes, e.g. `Битва за Бахмут` → `битва-за-бахмут`."""
    words = _SLUG_WORD.findall(unicodedata.normalize("NFC", title).lower())
    return "-".join(words)[:60].rstrip("-") or "document"


def default_export_path(title: str, suffix: str = ".md", directory: Path | None = None) -> Path:
    """`<document-slug>-notes.md` in the working directory (or `directory`)."""
    base = directory if directory is not None else Path.cwd()
    return base / f"{slugify(title)}-notes{suffix}"


def user_path(text: str) -> Path:
    """A path the user typed, `~` expanded; ValueError (one line) if it cannot be a path."""
    text = text.strip()
    if not text:
        raise ValueError("type a file path")
    if "\x00" in text:
        raise ValueError("a file path cannot contain a NUL character")
    try:
        return Path(text).expanduser()
    except RuntimeError as error:  # "~nosuchuser/…"
        raise ValueError(f"{text}: {error}") from None


SYMLINK_LOOP = "too many levels of symbolic links (a symlink loop)"
DB_COMPANION_SUFFIXES = ("-wal", "-shm")
"""The files SQLite keeps beside a database in WAL mode."""


def os_error_text(path: Path, error: OSError) -> str:
    """One line for an OS error on `path`; a symlink loop is called a loop."""
    if error.errno == errno.ELOOP:
        return f"{path}: {SYMLINK_LOOP}"
    return f"{path}: {error.strerror or error}"


def path_exists(path: Path) -> bool:
    """Whether `path` (followed through symlinks) exists; an OS error other than "missing"
    (a symlink loop, a name too long, no permission) is a one-line ValueError."""
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as error:
        raise ValueError(os_error_text(path, error)) from None
    except ValueError as error:  # an embedded NUL
        raise ValueError(f"{path}: {error}") from None
    return True


def same_file(first: Path, second: Path) -> bool:
    """Whether two spellings name one file: the same inode if both exist (symlinks, `..`, hard
    links), else the same resolved path."""
    try:
        a, b = os.stat(first), os.stat(second)
    except (OSError, ValueError):
        return os.path.realpath(first) == os.path.realpath(second)
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def db_files(db: Path) -> tuple[Path, ...]:
    """The database file and the companions SQLite keeps beside it (`-wal`, `-shm`)."""
    return (db, *(db.with_name(db.name + suffix) for suffix in DB_COMPANION_SUFFIXES))


def document_source(path: Path) -> str:
    """How a file is known in the store: its resolved absolute path."""
    return str(path.resolve())

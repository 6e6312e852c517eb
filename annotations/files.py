"""The user's files: bounded reads of regular files only; atomic writes that never truncate."""

from __future__ import annotations

import os
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path

from annotations.paths import os_error_text

SQLITE_HEADER = b"SQLite format 3\x00"
_WAL_MAGIC = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")
_READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class ReadError(Exception):
    """A file that cannot be read; the message is one line for the user."""


class MissingFileError(ReadError):
    """There is no file at that path."""


def special_kind(mode: int) -> str | None:
    """What a file that is neither a regular file nor a directory is ("a FIFO (named pipe)")."""
    for test, kind in _KINDS:
        if test(mode):
            return kind
    return None if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else "not a regular file"


def regular_size(path: Path, what: str) -> int | None:
    """The size of the regular file at `path`, None if there is none; anything else (a
    directory, a FIFO, a device, a socket, a symlink loop) is a ReadError, found by `os.stat`
    without opening it (opening a FIFO for reading blocks)."""
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise ReadError(_read_problem(path, error)) from None
    _check_regular(path, info.st_mode, what)
    return info.st_size


def read_bounded(path: Path, limit: int, what: str) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them, else a ReadError.

    At most `limit + 1` bytes are read, so a file whose size lies (or grows) is caught too.
    """
    size = regular_size(path, what)
    if size is None:
        raise MissingFileError(f"{path}: no such file")
    if size > limit:
        raise ReadError(f"{path} is too large ({size:,} bytes; the limit is {limit:,} bytes)")
    data = read_head(path, limit + 1, what)
    if len(data) > limit:
        raise ReadError(f"{path} is too large (over the limit of {limit:,} bytes)")
    return data


def read_head(path: Path, count: int, what: str) -> bytes:
    """Up to `count` bytes from the start of the regular file at `path` (never blocking)."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError as error:
        raise ReadError(_read_problem(path, error)) from None
    with open(fd, "rb") as handle:
        _check_regular(path, os.fstat(fd).st_mode, what)  # it may have changed since the stat
        try:
            return handle.read(count)
        except OSError as error:
            raise ReadError(_read_problem(path, error)) from None


def _check_regular(path: Path, mode: int, what: str) -> None:
    if stat.S_ISDIR(mode):
        raise ReadError(f"{path} is a directory, not {what}")
    kind = special_kind(mode)
    if kind is not None:
        raise ReadError(f"{path} is {kind}, not {what}")


def _read_problem(path: Path, error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return f"{path}: no such file"
    if isinstance(error, PermissionError):
        return f"{path}: permission denied"
    if isinstance(error, IsADirectoryError):
        return f"{path} is a directory"
    return os_error_text(path, error)


class WriteError(Exception):
    """A file that cannot be written; the message is one line for the user."""


class OutputExistsError(WriteError):
    """The output file exists and overwriting it was not asked for."""


def write_output(path: Path, content: str, *, force: bool = False) -> None:
    """Write `content` (UTF-8) to `path` atomically: a temp file beside it, fsync, rename.

    An existing file is never truncated: it is either left alone (OutputExistsError unless
    `force`) or replaced in one step. Errors are WriteError with a one-line message.
    """
    exists = _check_target(path)
    if exists and not force:
        raise OutputExistsError(f"{path} exists; use --force to overwrite")
    if not path.parent.is_dir():
        raise WriteError(f"cannot write {path}: the directory {path.parent} does not exist")
    temp = _write_temp(path, content.encode("utf-8"))
    try:
        _move_into_place(temp, path, force=force)
    except OSError as error:
        raise WriteError(_os_message(path, error)) from None
    finally:
        temp.unlink(missing_ok=True)


def _check_target(path: Path) -> bool:
    """Whether `path` exists; a WriteError if it is anything an export must not replace: a
    directory, a FIFO or device, a symlink loop, a SQLite database or write-ahead log."""
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as error:
        raise WriteError(f"cannot write {os_error_text(path, error)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise WriteError(f"cannot write {path}: it is a directory")
    kind = special_kind(info.st_mode)
    if kind is not None:
        raise WriteError(f"cannot write {path}: it is {kind}, not a regular file")
    if _is_database(path):
        raise WriteError(f"refusing to replace {path}: it is a SQLite database, not an export")
    return True


def _is_database(path: Path) -> bool:
    """A SQLite database or write-ahead log by its first bytes, or a database's shared-memory
    index (`x.db-shm`, which has no signature) by sitting beside that database."""
    if path.name.endswith("-shm"):
        return _is_database(path.with_name(path.name.removesuffix("-shm")))
    try:
        head = read_head(path, len(SQLITE_HEADER), "a file")
    except ReadError:
        return False  # unreadable: the rename decides, and it never touches the old bytes
    return head == SQLITE_HEADER or head[:4] in _WAL_MAGIC


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
            raise WriteError(_os_message(path, error)) from None
        try:
            with open(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as error:
            temp.unlink(missing_ok=True)
            raise WriteError(_os_message(path, error)) from None
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        return temp
    raise WriteError(f"cannot write {path}: no free temporary file name")


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

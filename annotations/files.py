"""Writing files the user asked for: atomically, never truncating what is there."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path


class WriteError(Exception):
    """A file that cannot be written; the message is one line for the user."""


class OutputExistsError(WriteError):
    """The output file exists and overwriting it was not asked for."""


def write_output(path: Path, content: str, *, force: bool = False) -> None:
    """Write `content` (UTF-8) to `path` atomically: a temp file beside it, fsync, rename.

    An existing file is never truncated: it is either left alone (OutputExistsError unless
    `force`) or replaced in one step. Errors are WriteError with a one-line message.
    """
    if path.is_dir():
        raise WriteError(f"cannot write {path}: it is a directory")
    if path.exists() and not force:
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

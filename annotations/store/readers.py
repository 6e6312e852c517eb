"""The readers running on a database (table `readers`): whose changes undo must leave alone.

A reader (one ReadingSession) registers when it starts and unregisters when it ends. A row left
by a process that died (same host, `os.kill(pid, 0)` fails) counts as not running, so after a
restart the changes of the reader that quit (or crashed) become undoable again. A reader on
another host is taken to be running while its row is there.
"""

from __future__ import annotations

import os
import socket
from sqlite3 import Connection

from annotations.model import utc_now


def register(db: Connection, reader: str) -> None:
    """Record `reader` as running in this process (inside the caller's transaction)."""
    db.execute(
        "insert into readers (id, pid, host, started) values (?, ?, ?, ?) on conflict(id) do "
        "update set pid = excluded.pid, host = excluded.host, started = excluded.started",
        [reader, os.getpid(), socket.gethostname(), utc_now()],
    )


def unregister(db: Connection, reader: str) -> None:
    db.execute("delete from readers where id = ?", [reader])


def running_others(db: Connection, reader: str | None) -> list[str]:
    """The ids of the other readers still running (rows of dead processes are left out)."""
    rows = db.execute("select id, pid, host from readers where id is not ?", [reader]).fetchall()
    host = socket.gethostname()
    return [str(row[0]) for row in rows if row[2] != host or _alive(int(row[1]))]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    except OSError:
        return False
    return True

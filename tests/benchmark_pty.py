"""The benchmark's pseudo-terminal machinery: a real process in a real pty, timed from outside.

`PtyApp` spawns a command (`python -m tui.cli [PATH]`, or the bare baseline app) with its stdin,
stdout and stderr on the slave side of `os.openpty()`, TERM=xterm-256color and a window size set
with TIOCSWINSZ, in a session of its own. The benchmark reads the master side: the output stream
is decoded incrementally, escape sequences (CSI, OSC, DCS, charset and two-byte ones) are
stripped as they arrive (a sequence cut by a read is kept until its end comes), and the visible
text is searched for a word. Nothing answers the app's terminal queries (as a terminal that
supports none of them would), which Textual does not wait for.

Timings:
- first screen: from just before the spawn to the read that brings the word (a word of the
  document's first paragraph) into the visible text; the peak RSS is VmHWM of /proc/<pid>/status
  read at that moment (the process is the Python interpreter itself, no wrapper);
- key to screen change: from just before the key's bytes are written to the first output byte
  after them (the figure), and to the last byte before the output stays quiet for `quiet`
  seconds (the "settled" figure: a status line repainted in a later frame shows up there).
  Before each timed key the output has been quiet for as long, so no frame of the last key is
  taken for this one's; a cursor blink of an open prompt could still land in one repetition,
  which the median leaves out.
"""

from __future__ import annotations

import codecs
import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

TERM = "xterm-256color"
# ESC [ … final | ESC ] … BEL/ST | ESC P/X/^/_ … ST | ESC ( B and friends | ESC and one byte.
_ESCAPE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\"
    r"|[()*+\-./#%][ -~]|[0-9<=>A-OQ-WYZa-z\\`{|}~])"
)
_MAX_PENDING = 4096  # an unterminated "sequence" longer than this was not one
KEY_BYTES: Mapping[str, bytes] = {
    "pagedown": b"\x1b[6~",
    "pageup": b"\x1b[5~",
    "enter": b"\r",
    "ctrl+s": b"\x13",
    "ctrl+q": b"\x11",
    "escape": b"\x1b",
}


class PtyError(RuntimeError):
    """The app exited, or did not show what was awaited in time; carries its last output."""


def key_bytes(key: str) -> bytes:
    """What a terminal sends for `key` (a character stands for itself)."""
    return KEY_BYTES.get(key, key.encode("utf-8"))


class VisibleText:
    """The visible text of an output stream, escape sequences stripped, fed chunk by chunk."""

    def __init__(self, keep: int = 4096) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._pending = ""
        self.text = ""  # the last `keep` visible characters
        self._keep = keep

    def feed(self, data: bytes) -> str:
        """Add `data`; return the visible text it completes (also appended to `text`)."""
        chunk = self._pending + self._decoder.decode(data)
        cut = _incomplete_escape(chunk)
        chunk, self._pending = chunk[:cut], chunk[cut:]
        visible = _ESCAPE.sub("", chunk)
        self.text = (self.text + visible)[-self._keep :]
        return visible


def _incomplete_escape(chunk: str) -> int:
    """Where the first escape sequence that the chunk cuts off starts (else its length)."""
    at = chunk.find("\x1b")
    while at >= 0:
        match = _ESCAPE.match(chunk, at)
        if match is None and len(chunk) - at < _MAX_PENDING:
            return at
        at = chunk.find("\x1b", at + 1 if match is None else match.end())
    return len(chunk)


class PtyApp:
    """A command running in a pseudo-terminal of `size` (columns, rows)."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str],
        cwd: Path,
        size: tuple[int, int],
    ) -> None:
        master, slave = os.openpty()
        columns, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.master = master
        self.screen = VisibleText()
        self.received = 0  # bytes read so far
        self._last_visible = ""
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            list(argv), stdin=slave, stdout=slave, stderr=slave, env=dict(env), cwd=cwd,
            start_new_session=True, close_fds=True,
        )  # fmt: skip
        os.close(slave)

    # -- reading

    def _read(self, timeout: float) -> float | None:
        """Read what is there within `timeout` seconds; the time it came, or None."""
        ready, _, _ = select.select([self.master], [], [], max(0.0, timeout))
        if not ready:
            return None
        arrived = time.perf_counter()
        try:
            data = os.read(self.master, 1 << 16)
        except OSError:  # EIO: the other side is closed, the app has exited
            data = b""
        if not data:
            raise PtyError(f"the app exited ({self.process.poll()}): {self.tail()!r}")
        self.received += len(data)
        self._last_visible = self.screen.feed(data)
        return arrived

    def tail(self) -> str:
        return self.screen.text[-600:]

    def wait_for_text(self, needle: str, timeout: float) -> float:
        """The time of the read that made `needle` visible (searched across reads)."""
        seen = self.screen.text[-len(needle) :]
        deadline = time.perf_counter() + timeout
        while True:
            arrived = self._read(deadline - time.perf_counter())
            if arrived is None:
                raise PtyError(f"{needle!r} not shown within {timeout:.0f} s: {self.tail()!r}")
            seen = (seen + self._last_visible)[-(len(needle) + 4096) :]
            if needle in seen:
                return arrived
            seen = seen[-len(needle) :]

    def wait_output(self, timeout: float) -> float:
        """The time the next output byte came."""
        arrived = self._read(timeout)
        if arrived is None:
            raise PtyError(f"no output within {timeout:.0f} s: {self.tail()!r}")
        return arrived

    def wait_quiet(self, quiet: float, timeout: float) -> float | None:
        """Read until no byte comes for `quiet` seconds; the time of the last byte, or None."""
        last = None
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            arrived = self._read(quiet)
            if arrived is None:
                return last
            last = arrived
        raise PtyError(f"the output never went quiet for {quiet * 1e3:.0f} ms in {timeout:.0f} s")

    # -- writing

    def send(self, key: str) -> float:
        """Write the key's bytes; the time just before."""
        data = key_bytes(key)
        sent = time.perf_counter()
        os.write(self.master, data)
        return sent

    def type(self, text: str, quiet: float, timeout: float) -> None:
        """Type `text` a character at a time, each echoed before the next (untimed)."""
        for character in text:
            self.send(character)
            self.wait_output(timeout)
            self.wait_quiet(quiet, timeout)

    # -- the process

    def peak_rss(self) -> int:
        """The process's peak resident set size so far (VmHWM), in bytes."""
        status = Path(f"/proc/{self.process.pid}/status").read_text(encoding="ascii")
        match = re.search(r"^VmHWM:\s+(\d+) kB", status, flags=re.M)
        if match is None:
            raise PtyError("no VmHWM in /proc/<pid>/status")
        return int(match.group(1)) * 1024

    def quit(self, key: str | None, timeout: float) -> None:
        """Press `key` (if any) and wait for the exit, reading the output meanwhile; else kill."""
        if key is not None and self.process.poll() is None:
            self.send(key)
        deadline = time.perf_counter() + timeout
        try:
            while key is not None and self.process.poll() is None:
                if time.perf_counter() > deadline:
                    break
                self._read(0.05)
        except PtyError:
            pass  # the app closed its terminal: it is exiting
        self.close()

    def close(self) -> None:
        if self.master < 0:
            return
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        os.close(self.master)
        self.master = -1

    def __enter__(self) -> PtyApp:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


BARE_APP = '''\
"""The benchmark's baseline: a bare Textual app showing a text in one Static; any key changes it."""

import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.events import Key
from textual.widgets import Static


class BareApp(App[None]):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.presses = 0

    def compose(self) -> ComposeResult:
        yield Static(self.text, markup=False, id="text")

    def on_key(self, event: Key) -> None:
        self.presses += 1
        self.query_one("#text", Static).update(f"{self.presses}\\n{self.text}")


if __name__ == "__main__":
    BareApp(Path(sys.argv[1]).read_text(encoding="utf-8")).run()
'''

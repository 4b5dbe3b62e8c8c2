"""Start `spinemets serve` for a test, find its port and its session processes, and stop it."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

START_TIMEOUT = 20.0
LISTENING = re.compile(r"listening on \S+:(\d+); open (\S+) ")


def poll(condition: Callable[[], object], timeout: float, what: str) -> object:
    """Wait until condition() is truthy (returned); fail with `what` at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, None if there is none."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()
    return fields[0], int(fields[1])


def alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")


def children(pid: int) -> list[int]:
    """Living processes whose parent is pid."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _stat(int(entry))
            if stat is not None and stat[1] == pid and stat[0] not in ("Z", "X"):
                found.append(int(entry))
    return found


def cmdline(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode().rstrip("\0").split("\0")
    except OSError:
        return []


class Served:
    """`python -m assistant serve --port 0 ARGS` in its own process group."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "assistant", "serve", "--port", "0", *args],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, start_new_session=True, env=env)
        self.lines: list[str] = []
        self._out: list[str] = []
        threading.Thread(target=self._read, args=(self.proc.stderr, self.lines),
                         daemon=True).start()
        threading.Thread(target=self._read, args=(self.proc.stdout, self._out),
                         daemon=True).start()
        try:
            match = poll(self._listening, START_TIMEOUT, "the server to listen")
        except AssertionError:
            self.kill()
            raise AssertionError(f"serve did not start: {self.stderr}") from None
        assert isinstance(match, re.Match)
        self.port = int(match.group(1))
        self.public_url = match.group(2)
        self.url = f"http://127.0.0.1:{self.port}"

    @staticmethod
    def _read(stream, into: list[str]) -> None:  # type: ignore[no-untyped-def]
        for line in stream:
            into.append(line)

    def _listening(self) -> re.Match[str] | None:
        if self.proc.poll() is not None:
            raise AssertionError(f"serve exited with {self.proc.returncode}: {self.stderr}")
        for line in list(self.lines):
            if match := LISTENING.search(line):
                return match
        return None

    @property
    def stderr(self) -> str:
        return "".join(self.lines)

    def sessions(self) -> list[int]:
        """The session processes the server is running now."""
        return children(self.proc.pid)

    def wait_for_sessions(self, count: int, timeout: float = 15) -> list[int]:
        pids = poll(lambda: (lambda found: found if len(found) == count else None)(
            self.sessions()), timeout, f"{count} session process(es)")
        assert isinstance(pids, list)
        return pids

    def stop(self, sig: int, timeout: float = 15) -> int:
        """Signal the server's process group (as ctrl+c in its terminal would); its exit status."""
        os.killpg(self.proc.pid, sig)
        return self.proc.wait(timeout=timeout)

    def kill(self) -> None:
        """SIGKILL the server's process group and each session's (teardown: nothing is left
        running, whatever state the test left it in)."""
        if self.proc.poll() is None:
            for group in [*self.sessions(), self.proc.pid]:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(group, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def __enter__(self) -> Served:
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill()

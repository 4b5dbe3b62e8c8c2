"""Drive a program in a real terminal with tmux: start, type, wait for text, capture.

Used by the smoke test (`python tests/smoke/tmux_smoke.py`) and the app benchmark.
"""

from __future__ import annotations

import shlex
import subprocess
import time
import uuid


class Tmux:
    def __init__(self, command: list[str], width: int = 120, height: int = 40) -> None:
        self.name = f"spinemets-{uuid.uuid4().hex[:8]}"
        self.command = command
        self.size = (width, height)

    def __enter__(self) -> Tmux:
        width, height = self.size
        subprocess.run(["tmux", "new-session", "-d", "-s", self.name, "-x", str(width),
                        "-y", str(height), shlex.join(self.command)], check=True)
        return self

    def __exit__(self, *exc: object) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True,
                       check=False)

    def screen(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name],
                              capture_output=True, text=True, check=False).stdout

    def type(self, text: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, "-l", text], check=True)
        subprocess.run(["tmux", "send-keys", "-t", self.name, "Enter"], check=True)

    def key(self, name: str) -> None:
        """Press one named key (tmux key names: F8, Escape, Up)."""
        subprocess.run(["tmux", "send-keys", "-t", self.name, name], check=True)

    def wait_for(self, text: str, timeout: float = 20.0, poll: float = 0.01) -> float:
        """Seconds until `text` is on screen; raises TimeoutError with the screen."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if text in self.screen():
                return time.perf_counter() - start
            time.sleep(poll)
        raise TimeoutError(f"{text!r} not on screen after {timeout} s:\n{self.screen()}")

"""`spinemets serve`: the chat in a browser (textual-serve), one process per browser session.

Bound to 127.0.0.1 unless told otherwise: the app may show clinical data, so binding any
other address prints a warning first.
"""

from __future__ import annotations

import shlex
import sys
from typing import TextIO

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve_command(no_save: bool) -> str:
    """The command textual-serve runs for each browser session."""
    parts = [sys.executable, "-m", "assistant", "chat"]
    if no_save:
        parts.append("--no-save")
    return shlex.join(parts)


def run_serve(host: str, port: int, no_save: bool, stderr: TextIO) -> int:
    from textual_serve.server import Server

    if host not in LOOPBACK:
        print(f"spinemets serve: WARNING: binding {host} makes the app reachable from other "
              "machines; it can show clinical data. Use it only on a trusted network.",
              file=stderr)
    print(f"spinemets serve: open http://{host}:{port} in a browser (ctrl+c to stop)",
          file=stderr)
    Server(serve_command(no_save), host=host, port=port, title="spinemets").serve()
    return 0

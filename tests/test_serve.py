"""`spinemets serve`: starts on a free loopback port, serves the page, stops cleanly."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request

from assistant.serve import serve_command


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_answers_the_page_request_and_stops_cleanly():
    """The page request on 127.0.0.1 gets HTTP 200 with the app's page; SIGINT stops it."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--port", str(port),
                             "--no-save"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        deadline = time.time() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as reply:
                    status, page = reply.status, reply.read().decode()
                break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
        assert status == 200
        assert "spinemets" in page
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode is not None
    assert "Traceback" not in proc.stderr.read()


def test_binding_beyond_loopback_warns(capsys, monkeypatch):
    """Any address but loopback prints a warning before serving."""
    import assistant.serve as serve

    class FakeServer:
        def __init__(self, *args, **kwargs):
            pass

        def serve(self):
            pass

    monkeypatch.setattr("textual_serve.server.Server", FakeServer)
    serve.run_serve("0.0.0.0", 8000, True, sys.stderr)
    assert "WARNING" in capsys.readouterr().err
    serve.run_serve("127.0.0.1", 8000, True, sys.stderr)
    assert "WARNING" not in capsys.readouterr().err


def test_each_browser_session_runs_the_chat():
    """textual-serve runs `python -m assistant chat` per browser session."""
    assert serve_command(True).endswith("-m assistant chat --no-save")

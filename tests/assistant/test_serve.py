"""`spinemets serve`: each browser session is the full-screen app in its own process; closing
a tab or stopping the server ends those processes; only the server's own page may open a
session; argument problems are one-line messages with exit status 2.

The websocket here is a plain client (aiohttp) speaking textual-serve's protocol; the same
app in a real browser is tests/browser/.
"""

from __future__ import annotations

import asyncio
import io
import json
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest
from browser.serving import Served, alive, children, cmdline

from assistant.cli import main as cli
from assistant.cli.serve import origin_allowed, plan, serve_command, teaching_case

FIRST_QUESTION = b"Does the patient have cancer?"


def question_after(answer: str) -> bytes:
    """The start of the question the chat asks after the first answer (from the dialogue
    engine itself, so the test follows changes to the question order)."""
    from dialogs.manager import Conversation

    conversation = Conversation()
    conversation.start()
    [question] = [r.text for r in conversation.handle(answer) if r.kind == "question"]
    return question.splitlines()[0][:30].encode()


@asynccontextmanager
async def session(port: int, origin: str | None = "own"):
    """A browser session's websocket (textual-serve's protocol), with the page's Origin."""
    headers = {}
    if origin == "own":
        headers["Origin"] = f"http://127.0.0.1:{port}"
    elif origin is not None:
        headers["Origin"] = origin
    async with aiohttp.ClientSession() as client, client.ws_connect(
            f"http://127.0.0.1:{port}/ws?width=120&height=40", headers=headers) as ws:
        yield ws


async def read_until(ws, text: bytes, timeout: float = 15) -> bytes:
    """The app's output until `text` has arrived (it is the screen, escape codes and all)."""
    received = b""
    async with asyncio.timeout(timeout):
        while text not in received:
            message = await ws.receive()
            assert message.type == aiohttp.WSMsgType.BINARY, (message, received[-500:])
            received += message.data
    return received


async def until(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)
    return value


def page(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as reply:
        assert reply.status == 200
        return reply.read().decode()


@pytest.fixture(scope="module")
def chat_server(tmp_path_factory):
    import os

    env = dict(os.environ, SPINEMETS_DB=str(tmp_path_factory.mktemp("db") / "s.db"))
    with Served("--no-save", env=env) as served:
        yield served


async def test_each_browser_session_runs_the_full_screen_chat_and_a_closed_tab_ends_it(
        chat_server):
    """--port 0 prints the real port; the page points at it; a session's websocket carries the
    full-screen chat's first question (not the plain mode, which sends nothing); closing the
    websocket ends that session's process."""
    assert chat_server.port != 0
    html = page(chat_server.url)
    assert "spinemets" in html
    assert f'data-session-websocket-url="ws://127.0.0.1:{chat_server.port}/ws"' in html
    async with session(chat_server.port) as ws:
        screen = await read_until(ws, FIRST_QUESTION)
        assert b"\x1b[" in screen  # a terminal screen, drawn by Textual's web driver
        [pid] = chat_server.wait_for_sessions(1)
        assert cmdline(pid)[-3:] == ["assistant", "chat", "--no-save"]
        await ws.send_str(json.dumps(["stdin", "known\r"]))
        await read_until(ws, question_after("known"))
    await until(lambda: not alive(pid), 10, "the closed session's process to end")
    assert chat_server.sessions() == []


@pytest.mark.parametrize("origin", ["http://evil.example", "http://127.0.0.1:1",
                                    "https://127.0.0.1", "null", "file://"])
async def test_a_page_from_another_origin_cannot_open_a_session(chat_server, origin):
    """A websocket whose Origin is not the server's page is refused (403) and starts nothing."""
    before = set(chat_server.sessions())
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        async with session(chat_server.port, origin):
            pass
    assert refused.value.status == 403
    assert set(chat_server.sessions()) <= before
    assert "refused a websocket" in chat_server.stderr


async def test_the_servers_own_origins_may_open_a_session(chat_server):
    """localhost and 127.0.0.1 on the server's port are the same page: accepted."""
    for origin in (f"http://localhost:{chat_server.port}", f"http://127.0.0.1:{chat_server.port}"):
        async with session(chat_server.port, origin) as ws:
            await read_until(ws, FIRST_QUESTION)
    await until(lambda: chat_server.sessions() == [], 10, "the sessions to end")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
async def test_stopping_the_server_ends_every_session(sig):
    """SIGINT (ctrl+c) or SIGTERM with two sessions open: the server ends both processes and
    exits promptly with status 0; no process is left."""
    with Served("--no-save") as served:
        async with session(served.port) as first, session(served.port) as second:
            await read_until(first, FIRST_QUESTION)
            await read_until(second, FIRST_QUESTION)
            pids = served.wait_for_sessions(2)
            started = time.monotonic()
            status = await asyncio.to_thread(served.stop, sig, 15)
            assert time.monotonic() - started < 8
        assert status == 0
        assert [pid for pid in pids if alive(pid)] == []
        assert "Traceback" not in served.stderr


async def test_a_killed_server_takes_its_sessions_with_it():
    """Even SIGKILL to the server (no clean-up possible) leaves no session running."""
    if not sys.platform.startswith("linux"):
        pytest.fail("serve's parent-death signal is Linux-only; this suite runs on Linux")
    with Served("--no-save") as served:
        async with session(served.port) as ws:
            await read_until(ws, FIRST_QUESTION)
            [pid] = served.wait_for_sessions(1)
            served.proc.kill()
            await until(lambda: not alive(pid), 10, "the session to die with the server")


async def test_a_visit_saves_only_what_was_answered(tmp_path):
    """Without --no-save: a visit that answers nothing leaves no saved session; one that
    answers a question leaves exactly one."""
    import os

    db = tmp_path / "sessions.db"
    with Served(env=dict(os.environ, SPINEMETS_DB=str(db))) as served:
        async with session(served.port) as ws:
            await read_until(ws, FIRST_QUESTION)
        await until(lambda: served.sessions() == [], 10, "the first visit to end")
        assert saved_sessions(db) == []
        async with session(served.port) as ws:
            await read_until(ws, FIRST_QUESTION)
            await ws.send_str(json.dumps(["stdin", "known\r"]))
            await read_until(ws, question_after("known"))
        await until(lambda: served.sessions() == [], 10, "the second visit to end")
    assert len(saved_sessions(db)) == 1


def saved_sessions(db: Path) -> list[object]:
    out = subprocess.run([sys.executable, "-m", "assistant", "sessions", "--format", "json",
                          "--db", str(db)], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


async def test_serve_teach_runs_the_full_screen_teaching_mode():
    """serve --teach t02: each session is `teach t02`, full-screen, with its first stage."""
    with Served("--teach", "t02") as served:
        async with session(served.port) as ws:
            await read_until(ws, b"TEACHING")
            [pid] = served.wait_for_sessions(1)
            assert cmdline(pid)[-3:] == ["assistant", "teach", "t02"]


async def test_a_wildcard_bind_warns_and_points_browsers_at_a_reachable_address():
    """--host 0.0.0.0: the warning stays; the page's websocket URL is this machine's address
    with the real port, never 0.0.0.0; --public-url replaces it, and its origin is accepted."""
    with Served("--host", "0.0.0.0", "--no-save") as served:
        assert "WARNING" in served.stderr
        html = page(served.url)
        ws_url = re.search(r'data-session-websocket-url="ws://([^"]+)/ws"', html)
        assert ws_url is not None
        assert ws_url.group(1).endswith(f":{served.port}")
        assert not ws_url.group(1).startswith("0.0.0.0")
        assert served.public_url == f"http://{ws_url.group(1)}"
    with Served("--host", "0.0.0.0", "--no-save", "--public-url",
                "https://class.example:8443/") as served:
        assert "WARNING" in served.stderr
        assert 'data-session-websocket-url="wss://class.example:8443/ws"' in page(served.url)
        async with session(served.port, "https://class.example:8443") as ws:
            await read_until(ws, FIRST_QUESTION)


def test_loopback_binds_do_not_warn():
    with Served("--no-save") as served:
        assert "WARNING" not in served.stderr
        assert served.public_url == f"http://127.0.0.1:{served.port}"


def in_use_port() -> tuple[socket.socket, int]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return sock, int(sock.getsockname()[1])


@pytest.mark.parametrize(("args", "message"), [
    (["--port", "99999"], "port 99999 is out of range"),
    (["--port", "-1"], "port -1 is out of range"),
    (["--port", "IN_USE"], "is already in use"),
    (["--host", "no-such-host.invalid"], "cannot resolve host 'no-such-host.invalid'"),
    (["--host", "192.0.2.1"], "192.0.2.1 is not an address of this machine"),
    (["--port", "0", "--public-url", "ftp://x"], "is not an http:// or https:// URL"),
    (["--port", "0", "--teach", "t99"], "no teaching case 't99'"),
])
def test_argument_problems_are_one_line_messages(capsys, args, message):
    """Each problem: one line on standard error naming it, exit status 2, nothing served."""
    sock, port = in_use_port()
    with sock:
        args = [str(port) if a == "IN_USE" else a for a in args]
        assert cli.main(["serve", *args]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.startswith("spinemets serve: ")
    assert err.count("\n") == 1


def test_a_bad_port_from_the_command_line_is_not_a_traceback():
    """The real command: exit status 2, the message, no traceback."""
    done = subprocess.run([sys.executable, "-m", "assistant", "serve", "--port", "99999"],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 2
    assert "port 99999 is out of range" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_web_driver_never_gets_the_plain_mode(monkeypatch):
    """Under textual-serve standard input and output are pipes, yet the app runs full-screen
    (for chat and teach); elsewhere pipes still mean the plain mode."""
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    assert cli._plain(False) is True
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    assert cli._plain(False) is False
    assert cli._plain(True) is True


def test_each_session_runs_the_chat_or_the_teaching_case():
    assert serve_command(True)[-3:] == ["assistant", "chat", "--no-save"]
    assert serve_command(False)[-2:] == ["assistant", "chat"]
    assert serve_command(False, "t03")[-3:] == ["assistant", "teach", "t03"]
    assert teaching_case("") == "t01"
    assert teaching_case("t05") == "t05"


def test_only_the_servers_own_origins_and_the_public_url_are_allowed():
    served = plan("127.0.0.1", 8000, None, [])
    for origin in ("http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000",
                   "HTTP://LOCALHOST:8000"):
        assert origin_allowed(origin, served.origins), origin
    for origin in ("http://127.0.0.1:8001", "https://127.0.0.1:8000", "http://evil.example",
                   "http://localhost.evil.example:8000", "null", "", "http://127.0.0.1:x"):
        assert not origin_allowed(origin, served.origins), origin
    public = plan("0.0.0.0", 8000, "https://spine.example/", [])
    assert public.public_url == "https://spine.example"
    assert origin_allowed("https://spine.example", public.origins)
    assert origin_allowed("https://spine.example:443", public.origins)
    assert not origin_allowed("http://spine.example", public.origins)


STUBBORN = """
import os, signal, subprocess, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
helper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
print("__GANGLION__", flush=True)
print(helper.pid, file=sys.stderr, flush=True)
time.sleep(60)
"""


async def test_a_session_that_ignores_quit_and_sigterm_is_killed_with_its_group(monkeypatch):
    """A session process that ignores the quit request and SIGTERM, and has a child of its
    own: stopping the session kills the whole process group."""
    import textual_serve.download_manager

    import assistant.cli.serve_app as serve_app

    monkeypatch.setattr(serve_app, "QUIT_GRACE", 0.3)
    monkeypatch.setattr(serve_app, "TERM_GRACE", 0.3)

    async def ignore(*args):
        pass

    service = serve_app.SessionProcess(
        [sys.executable, "-c", STUBBORN], write_bytes=ignore, write_str=ignore, close=ignore,
        download_manager=textual_serve.download_manager.DownloadManager())
    await service.start(80, 24)
    pid = service.pid
    assert pid is not None
    [helper] = await until(lambda: children(pid), 10, "the session's own child")
    started = time.monotonic()
    await service.stop()
    assert time.monotonic() - started < 5
    assert not alive(pid)
    await until(lambda: not alive(helper), 5, "the session's child to be killed")

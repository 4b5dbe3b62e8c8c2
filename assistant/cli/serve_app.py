"""The web server behind `spinemets serve`: textual-serve's Server, with what a classroom needs.

- Each browser session runs the command directly (no shell) in its own process group, so a
  ctrl+c typed at the server's terminal reaches only the server, which then ends every
  session itself: the app is asked to quit, then its group gets SIGTERM, then SIGKILL. On
  Linux a session also dies with the server (PR_SET_PDEATHSIG), even if the server is killed.
- A closed tab (websocket closed) ends its process the same way.
- The websocket accepts only the server's own page origins (and the public URL's): a page
  from anywhere else open in the same browser cannot start or drive a session.
- The listening socket is bound by `assistant.cli.serve` before this runs, so port and host
  problems are messages there; log lines go to standard error.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import os
import signal
import socket
import sys
from collections.abc import Callable
from contextlib import suppress
from typing import Any, TextIO

from aiohttp import web
from aiohttp.web_runner import GracefulExit
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from assistant.cli.serve import PROG, ServePlan, origin_allowed

log = logging.getLogger("spinemets.serve")

QUIT_GRACE = 3.0  # seconds a session has to quit when asked, before SIGTERM
TERM_GRACE = 2.0  # then before SIGKILL
KILL_WAIT = 5.0
PR_SET_PDEATHSIG = 1
EXIT_SECOND_SIGNAL = 130


def _die_with_server() -> Callable[[], None] | None:
    """A preexec function that makes the child get SIGKILL when the server dies (Linux)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # pragma: no cover - every Linux libc has prctl
        return None
    server = os.getpid()

    def preexec() -> None:
        prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL))
        if os.getppid() != server:  # the server died before prctl took effect
            os._exit(1)

    return preexec


class SessionProcess(AppService):
    """One browser session's process: started without a shell, in its own process group,
    and always ended (quit, then SIGTERM, then SIGKILL to the group)."""

    def __init__(self, argv: list[str], **kwargs: Any) -> None:
        super().__init__(" ".join(argv), **kwargs)
        self.argv = list(argv)
        self._ending: asyncio.Future[None] | None = None
        self._closed = False  # stop() was called: a process started after it is killed

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        environment = self._build_environment(width=width, height=height)
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, env=environment, start_new_session=True,
            preexec_fn=_die_with_server())
        assert process.stdin is not None
        self._stdin = process.stdin
        if self._closed:  # the server began stopping while this session was starting
            self.kill_now()
        return process

    async def stop(self) -> None:
        """End the process (once, however many callers ask) and wait until it has ended."""
        self._closed = True
        if self._ending is None:
            self._ending = asyncio.ensure_future(self._end())
        await asyncio.shield(self._ending)

    async def _end(self) -> None:
        process = self._process
        if process is None:
            return
        with suppress(Exception):
            await self._download_manager.cancel_app_downloads(
                app_service_id=self.app_service_id)
        if process.returncode is None:
            with suppress(Exception):
                await asyncio.wait_for(self.send_meta({"type": "quit"}), 1)
        for sig, grace in ((None, QUIT_GRACE), (signal.SIGTERM, TERM_GRACE),
                           (signal.SIGKILL, KILL_WAIT)):
            if process.returncode is not None:
                break
            if sig is not None:
                log.warning("session %s did not quit; sending %s", process.pid, sig.name)
                with suppress(ProcessLookupError, PermissionError):
                    os.killpg(process.pid, sig)
            with suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), grace)
        if self._task is not None:
            with suppress(TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(self._task, 2)
            self._task = None

    def kill_now(self) -> None:
        """SIGKILL the session's process group (the server is going away at once)."""
        if self._process is not None and self._process.returncode is None:
            with suppress(ProcessLookupError, PermissionError):
                os.killpg(self._process.pid, signal.SIGKILL)


class ClassroomServer(Server):
    """textual-serve's Server on a socket bound beforehand, with the checks above."""

    def __init__(self, serving: ServePlan, stderr: TextIO) -> None:
        super().__init__(" ".join(serving.argv), title=serving.title,
                         public_url=serving.public_url)
        self.plan = serving
        self.stderr = stderr
        self.sessions: dict[SessionProcess, web.WebSocketResponse] = {}
        self.closing = False
        self._stop_signals = 0

    def initialize_logging(self) -> None:
        handler = logging.StreamHandler(self.stderr)
        handler.setFormatter(logging.Formatter(f"{PROG}: %(message)s"))
        for name, level in (("spinemets.serve", logging.INFO),
                            ("textual-serve", logging.WARNING)):
            logger = logging.getLogger(name)
            logger.handlers[:] = [handler]
            logger.setLevel(level)
            logger.propagate = False

    def request_exit(self) -> None:
        """First SIGINT/SIGTERM: end every session, then stop. A second one: kill them all."""
        self._stop_signals += 1
        if self._stop_signals == 1:
            log.info("stopping: ending %d browser session(s)", len(self.sessions))
            raise GracefulExit()
        for service in list(self.sessions):
            service.kill_now()
        print(f"{PROG}: stopped at once; every session was killed", file=self.stderr,
              flush=True)
        os._exit(EXIT_SECOND_SIGNAL)

    async def on_startup(self, app: web.Application) -> None:
        """The start-up message is printed by `assistant.cli.serve` (with the real port)."""

    async def on_shutdown(self, app: web.Application) -> None:
        """End every session before aiohttp waits for the websocket handlers."""
        self.closing = True
        await asyncio.gather(*(self._end_session(service, websocket)
                               for service, websocket in list(self.sessions.items())),
                             return_exceptions=True)

    async def _end_session(self, service: SessionProcess,
                           websocket: web.WebSocketResponse) -> None:
        await service.stop()
        with suppress(Exception):
            await asyncio.wait_for(websocket.close(code=1001, message=b"server stopping"), 2)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One browser session: refuse foreign pages; always end the process afterwards."""
        origin = request.headers.get("Origin")
        if not origin_allowed(origin, self.plan.origins):
            log.warning("refused a websocket from origin %r (not this server's page)", origin)
            raise web.HTTPForbidden(text="This server accepts sessions only from its own page.")
        if self.closing:
            raise web.HTTPServiceUnavailable(text="The server is stopping.")
        websocket = web.WebSocketResponse(heartbeat=15, timeout=2)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        await websocket.prepare(request)
        service = SessionProcess(self.plan.argv, write_bytes=websocket.send_bytes,
                                 write_str=websocket.send_str, close=websocket.close,
                                 download_manager=self.download_manager, debug=self.debug)
        self.sessions[service] = websocket
        try:
            await service.start(width, height)
            log.info("session %s started (%d open)", service.pid, len(self.sessions))
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            pass
        except Exception as error:  # a malformed message from the page ends the session
            log.warning("session %s: %s: %s", service.pid, type(error).__name__, error)
        finally:
            await service.stop()
            self.sessions.pop(service, None)
            with suppress(Exception):
                await websocket.close()
            log.info("session %s ended (%d open)", service.pid, len(self.sessions))
        return websocket

    def serve_on(self, sock: socket.socket) -> None:
        """Serve on the bound socket until SIGINT or SIGTERM (textual-serve's `serve`, but on
        our socket, without its banner or access log)."""
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        with suppress(NotImplementedError):
            loop.add_signal_handler(signal.SIGINT, self.request_exit)
            loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        web.run_app(self._make_app(), sock=sock, handle_signals=False, loop=loop,
                    print=None, access_log=None, shutdown_timeout=QUIT_GRACE + TERM_GRACE + 2)


def serve_forever(sock: socket.socket, serving: ServePlan, stderr: TextIO) -> None:
    ClassroomServer(serving, stderr).serve_on(sock)

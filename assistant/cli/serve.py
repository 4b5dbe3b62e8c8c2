"""`spinemets serve`: the full-screen chat (or teaching mode) in browsers, one process per
browser session (textual-serve; the server itself is `assistant.cli.serve_app`).

Bound to 127.0.0.1 unless told otherwise: the app may show clinical data, so binding any
other address prints a warning first. Everything that can be wrong with the arguments (port
out of range or in use, a host that does not resolve or is not this machine's, a bad public
URL, an unknown teaching case) is found before serving, by binding the listening socket
here, and reported as one line on standard error with exit status 2.
"""

from __future__ import annotations

import errno
import socket
import sys
from dataclasses import dataclass
from typing import TextIO
from urllib.parse import urlsplit

EXIT_OK, EXIT_USAGE = 0, 2
LOOPBACK = ("127.0.0.1", "localhost", "::1")
WILDCARD = ("0.0.0.0", "::", "")
PROG = "spinemets serve"

Origin = tuple[str, str, int]  # scheme, host (lower case, no brackets), port


class ServeError(Exception):
    """A problem with the arguments, told to the user in one line."""


@dataclass(frozen=True)
class ServePlan:
    """What to serve, where, and which page origins may open a session."""

    argv: list[str]  # the command each browser session runs
    public_url: str  # the address the page sends browsers to (no trailing slash)
    origins: frozenset[Origin]  # page origins whose websockets are accepted
    title: str


def serve_command(no_save: bool, teach: str | None = None) -> list[str]:
    """The command run for each browser session: the full-screen chat, or teaching mode."""
    if teach is not None:
        return [sys.executable, "-m", "assistant", "teach", teach]
    parts = [sys.executable, "-m", "assistant", "chat"]
    if no_save:
        parts.append("--no-save")
    return parts


def teaching_case(case_id: str | None) -> str:
    """The teaching case to serve: the one named, or the first one ("" or None)."""
    from dialogs.teaching import all_cases

    ids = [case.id for case in all_cases()]
    if not case_id:
        return ids[0]
    if case_id not in ids:
        raise ServeError(f"no teaching case {case_id!r}; the cases are {', '.join(ids)} "
                         "(spinemets teach --list)")
    return case_id


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def origin_of(url: str) -> Origin | None:
    """(scheme, host, port) of a URL or an Origin header; None if it is not http(s)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    scheme = parts.scheme.lower()
    return scheme, parts.hostname.lower(), port or (443 if scheme == "https" else 80)


def check_port(port: int) -> None:
    if not 0 <= port <= 65535:
        raise ServeError(f"port {port} is out of range: use 1-65535, or 0 for any free port")


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound now so that every problem is a message, not a traceback."""
    check_port(port)
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM,
                                   flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise ServeError(f"cannot resolve host {host!r} ({reason})") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as err:
        sock.close()
        where = f"{_url_host(host)}:{port}"
        if err.errno == errno.EADDRINUSE:
            raise ServeError(f"port {port} is already in use on {host} (another server?); "
                             "choose another with --port, or --port 0 for any free port"
                             ) from None
        if err.errno == errno.EADDRNOTAVAIL:
            raise ServeError(f"{host} is not an address of this machine") from None
        if err.errno == errno.EACCES:
            raise ServeError(f"not allowed to listen on {where} (ports below 1024 need "
                             "privileges); choose a port of 1024 or more") from None
        raise ServeError(f"cannot listen on {where}: {err.strerror or err}") from None
    sock.setblocking(False)
    return sock


def reachable_address() -> str:
    """This machine's address on its default route (no packet is sent), for a wildcard bind."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: only picks the outgoing interface
            address = str(probe.getsockname()[0])
    except OSError:
        address = ""
    if address and address not in WILDCARD:
        return address
    return socket.gethostname() or "127.0.0.1"


def plan(host: str, port: int, public_url: str | None, argv: list[str],
         title: str = "spinemets") -> ServePlan:
    """Where the page points browsers, and which page origins may open sessions."""
    if public_url is not None:
        public = origin_of(public_url)
        if public is None or urlsplit(public_url).query or urlsplit(public_url).fragment:
            raise ServeError(f"--public-url {public_url!r} is not an http:// or https:// URL")
        url = public_url.strip().rstrip("/")
    elif host in WILDCARD:
        url = f"http://{_url_host(reachable_address())}:{port}"
    else:
        url = f"http://{_url_host(host)}:{port}"
    names = {host.lower()}
    if host in LOOPBACK or host in WILDCARD:
        names.update(LOOPBACK)
    origins = {("http", name, port) for name in names if name}
    own = origin_of(url)
    if own is not None:
        origins.add(own)
    return ServePlan(argv, url, frozenset(origins), title)


def origin_allowed(origin: str | None, allowed: frozenset[Origin]) -> bool:
    """A browser always sends Origin on a websocket; a page elsewhere must not drive a chat.
    A client that sends none is not a browser page, so it cannot be tricked into it."""
    if origin is None:
        return True
    parsed = origin_of(origin)
    return parsed is not None and parsed in allowed


def run_serve(host: str, port: int, no_save: bool, stderr: TextIO, teach: str | None = None,
              public_url: str | None = None) -> int:
    """Check the arguments, bind, and serve until SIGINT or SIGTERM. `teach` serves teaching
    mode: a case id, or "" for the first case."""
    try:
        if teach is not None:
            argv = serve_command(no_save, teaching_case(teach))
            title = "spinemets - TEACHING"
        else:
            argv, title = serve_command(no_save), "spinemets"
        sock = bind(host, port)
        try:
            real_port = int(sock.getsockname()[1])
            serving = plan(host, real_port, public_url, argv, title)
        except ServeError:
            sock.close()
            raise
    except ServeError as err:
        print(f"{PROG}: {err}", file=stderr)
        return EXIT_USAGE
    if host not in LOOPBACK:
        print(f"{PROG}: WARNING: binding {host or 'every address'} makes the app reachable "
              "from other machines; it can show clinical data. Use it only on a trusted "
              "network.", file=stderr)
    print(f"{PROG}: listening on {_url_host(host)}:{real_port}; open {serving.public_url} "
          "in a browser (ctrl+c to stop)", file=stderr, flush=True)
    from assistant.cli.serve_app import serve_forever

    serve_forever(sock, serving, stderr)
    return EXIT_OK

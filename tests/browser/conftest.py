"""Fixtures for the browser tests: the system's Chromium driven by Playwright, a page set up so
that the terminal's text is in the DOM, and `spinemets serve` on a free port.

Playwright never downloads a browser here: it drives Chromium from the system packages
(`apt-get install -y --no-install-recommends chromium`; `.ci/run` installs it). Without one
the tests are skipped, saying how to install it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest

from browser.serving import Served

INSTALL_HINT = ("no Chromium found: install it with `apt-get install -y --no-install-recommends "
                "chromium` (Debian/Ubuntu; .ci/run does this), or set SPINEMETS_CHROMIUM to a "
                "Chromium or Chrome binary. Do not run `playwright install`.")

# xterm.js draws on a WebGL canvas when it can; without WebGL it uses its DOM renderer, whose
# rows (.xterm-rows > div) hold the screen's text.
NO_WEBGL = """
(() => {
  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
    if (/webgl/i.test(String(kind))) return null;
    return getContext.call(this, kind, ...rest);
  };
})();
"""


def find_chromium() -> str | None:
    for candidate in (os.environ.get("SPINEMETS_CHROMIUM"), "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser"),
                      shutil.which("google-chrome")):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One Chromium per test module. Not longer: while Playwright's sync API is running, the
    asyncio tests that follow could not start their event loops."""
    executable = find_chromium()
    if executable is None:
        pytest.skip(INSTALL_HINT)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True,
                                              args=["--no-sandbox", "--disable-gpu"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    """A fresh page: WebGL denied (DOM renderer), and nothing fetched but the served app
    (the template asks Google Fonts for a font)."""
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    context.add_init_script(NO_WEBGL)

    def local_only(route):  # type: ignore[no-untyped-def]
        host = urlsplit(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", local_only)
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture
def serve() -> Iterator[Callable[..., Served]]:
    """serve(*args): `spinemets serve --port 0 ARGS`; SIGKILLed with its sessions afterwards."""
    started: list[Served] = []

    def start(*args: str) -> Served:
        started.append(Served(*args))
        return started[-1]

    yield start
    for served in started:
        served.kill()

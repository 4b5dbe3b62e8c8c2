"""The served app's terminal (xterm.js, DOM renderer) in a Playwright page."""

from __future__ import annotations

from typing import Any

SCREEN_JS = """() => {
  const rows = document.querySelector('.xterm-rows');
  return rows ? rows.innerText.replace(/\\u00a0/g, ' ') : '';
}"""
HAS_TEXT_JS = """(wanted) => {
  const rows = document.querySelector('.xterm-rows');
  return !!rows && rows.innerText.replace(/\\u00a0/g, ' ').includes(wanted);
}"""


class Terminal:
    def __init__(self, page: Any) -> None:
        self.page = page

    def screen(self) -> str:
        return str(self.page.evaluate(SCREEN_JS))

    def wait_for(self, text: str, timeout: float = 15) -> str:
        """Wait until `text` is on the screen; the screen then. Fails showing the screen."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(HAS_TEXT_JS, arg=text, timeout=timeout * 1000,
                                        polling=50)
        except PlaywrightTimeout:
            raise AssertionError(f"{text!r} not on the screen after {timeout} s:\n"
                                 f"{self.screen()}") from None
        return self.screen()

    def type(self, text: str) -> None:
        """Type into the terminal, key by key, then Enter."""
        self.page.focus(".xterm-helper-textarea")
        self.page.keyboard.type(text)
        self.page.keyboard.press("Enter")


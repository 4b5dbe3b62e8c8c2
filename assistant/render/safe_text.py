"""The one sanitiser for text that came from outside (case ids, titles, session labels, typed
answers) before any face shows it: text report, SBAR, Markdown, plain chat, `sessions`, and
the full-screen app.

A terminal obeys control characters: an ESC sequence in a title can clear the screen, recolour
or overwrite the urgency banner, set the window title (OSC 0) or the clipboard (OSC 52); a
carriage return overwrites the start of the line; right-to-left overrides reorder what is
read. So every control character is shown as a visible escape (ESC as `\\x1b`, U+202E as
`\\u202e`) instead of being sent: the text stays readable and the attempt stays visible, and
nothing is interpreted. No list of "bad sequences" is needed: without its ESC (or C1 CSI)
introducer a sequence is plain characters.
"""

from __future__ import annotations

import re

# Cc (the C0 controls, DEL and the C1 controls: 0x9b is CSI on some terminals); lone
# surrogates (from undecodable bytes: they cannot even be written to a UTF-8 stream); the
# bidirectional controls (embeddings, overrides, isolates, marks); and the line and paragraph
# separators (some terminals and viewers start a new line at them).
_OTHERS = "\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
_UNSAFE = re.compile(f"[\x00-\x1f{_OTHERS}]")
_UNSAFE_BUT_NEWLINE = re.compile(f"[\x00-\x09\x0b-\x1f{_OTHERS}]")
# Markdown: characters that can open or close inline markup (emphasis, code, links, images,
# raw HTML, entities, strikethrough, tables) and the backslash itself. Block markup (#, -,
# >, 1.) can only start a line, and a line break in outside text is escaped anyway.
_MARKDOWN = re.compile(r"([\\`*_\[\]<>&~|!])")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\t":
        return " "
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def safe_text(text: object, *, newlines: bool = False, markdown: bool = False) -> str:
    """`text` (any value, as str) with every control, bidi and separator character shown as
    a visible escape. A tab becomes a space. With `newlines` a line break ("\\n", or "\\r\\n")
    is kept (for a whole report); without, it is escaped too (one field stays on one line).
    With `markdown` the characters that make Markdown inline markup are backslash-escaped,
    so a title reads as written (for a field put into Markdown, not for a whole document)."""
    value = str(text)
    if newlines:  # a CR LF line break is a line break; a CR alone is not
        value = _UNSAFE_BUT_NEWLINE.sub(_visible, value.replace("\r\n", "\n"))
    else:
        value = _UNSAFE.sub(_visible, value)
    return _MARKDOWN.sub(r"\\\1", value) if markdown else value

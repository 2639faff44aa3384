"""User text shown literally: no terminal control sequence from a file ever reaches a terminal.

A title, a rulebook name, an id or a note comes from a file anyone may have written. Printed
raw, an ANSI/OSC sequence in it (ESC [31m, ESC ]8;;URL ESC \\, an 8-bit CSI U+009B) would
recolour the terminal, plant a hyperlink or move the cursor, and a bidirectional override
(U+202E) would reorder what the reader sees. `printable` is the one place that makes such
text inert: every control character except newline and tab is written as the escape a
programmer would type (`\\x1b`, `\\u202e`), so the reader sees exactly what the file holds.

Passing example: printable("[31m red") is unchanged (no control character: brackets are text).
Failing example: printable("\\x1b[31m red") gives the visible text "\\x1b[31m red".
"""

from __future__ import annotations

import re

__all__ = ["json_printable", "printable"]

# C0 controls but tab and newline, DEL, C1 controls (0x80-0x9f: 8-bit CSI/OSC/ST), the line and
# paragraph separators, and the bidirectional embeddings, overrides and isolates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# What JSON text may still carry after json.dumps(ensure_ascii=False): C0 controls are
# already \\u-escaped there, so only the others remain.
_JSON_CONTROL = re.compile("[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every control character written out as a visible escape (idempotent)."""
    return _CONTROL.sub(_shown, text) if _CONTROL.search(text) else text


def json_printable(text: str) -> str:
    """JSON text whose control characters are \\u escapes: the same data, nothing a terminal obeys."""
    return _JSON_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if _JSON_CONTROL.search(text) else text

"""Where the commands' output goes and how wide it is laid out.

On a terminal, rich fits tables to the window. Anywhere else (a pipe, a file, CI) there is no
window to fit, and rich's fallback of 80 columns squeezes tables until reading names are cut
(`CSTO.intra_mem…`), so off a terminal nothing is limited: each line is as wide as its
content. `--width N` forces a width either way. Worker processes build their consoles here
too, from the parent's width and terminal flag, so a batch looks the same in and out of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from rich.console import Console, RenderableType
from rich.segment import Segment

from engine.formats.printable import printable

# Off a terminal "no limit" must still be a number for rich. Tables are laid out no wider than
# their content (expand=False) and rich pads nothing to the console width, so a generous bound
# costs nothing; it only has to exceed any real line.
UNLIMITED = 10_000


class LiteralConsole(Console):
    """A rich console that writes every character of the text it is given as text.

    Titles, names, ids and notes come from user files: a control character in them (an
    ANSI/OSC escape, a bidirectional override) is written as its visible escape by
    engine.formats.printable, so no file can colour, link or rewrite the terminal. Every
    `print` renders through here, whatever the renderable (str, Text, Table, Tree); rich's own
    styling travels in segment styles and control segments, which are left alone.
    """

    def render(self, renderable: RenderableType, options: Any = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control is None:
                shown = printable(segment.text)
                if shown is not segment.text:
                    segment = Segment(shown, segment.style)
            yield segment


def make(
    file: IO[str] | None = None, *, stderr: bool = False, width: int | None = None, terminal: bool | None = None
) -> Console:
    """A console the way every command prints: no highlighting of numbers or paths, and no
    line broken unless the renderable asks for it (paths and located messages stay whole)."""
    return LiteralConsole(
        file=file, stderr=stderr, width=width, force_terminal=terminal, soft_wrap=True, highlight=False
    )


out = make()
err = make(stderr=True)


def is_terminal(console: Console) -> bool:
    """Whether the console writes to a real terminal. Not rich's `is_terminal`, which
    FORCE_COLOR or TTY_COMPATIBLE can turn on for a pipe: colours may be forced there, but
    there is still no window whose width could limit a table."""
    isatty = getattr(console.file, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed file
        return False


def set_width(width: int | None, console: Console = out) -> None:
    """Lay `console` out `width` columns wide; without one, fit the terminal or, off a
    terminal, do not limit lines at all. Called once per command by the app's callback; it
    also undoes a previous call, since tests run many commands in one process."""
    if width is not None:
        console.width = width
    elif is_terminal(console):
        console.width = None  # type: ignore[assignment]  # rich's own detection: the window, or $COLUMNS
    else:
        console.width = UNLIMITED

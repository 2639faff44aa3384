"""Entry point of the `casus` command: registers every command module on the app."""

from __future__ import annotations

import gc

from engine.cli import bench, check, compare, explain, new, run, schema, sweep, testcmd, treaties, validate, whatif  # noqa: F401  (registration)
from engine.cli.app import app


def main() -> None:
    try:
        app()
    finally:
        # The process ends here. Interpreter shutdown garbage-collects the whole heap (tens of
        # thousands of pydantic schema objects, rich styles, compiled rulebooks) only to hand
        # the memory back to the OS, which takes it back anyway: ~40 ms of a ~0.3 s `casus run`.
        # Frozen objects are left to the OS. Every file the command wrote is closed by now,
        # output is flushed and atexit handlers still run as usual; `app` itself (what the
        # tests and any embedding code call) is untouched.
        gc.freeze()


if __name__ == "__main__":
    main()

"""Entry point of the `casus` command: registers every command module on the app."""

from __future__ import annotations

from engine.cli import bench, check, compare, explain, new, run, schema, sweep, testcmd, treaties, validate, whatif  # noqa: F401  (registration)
from engine.cli.app import app


def main() -> None:
    app()


if __name__ == "__main__":
    main()

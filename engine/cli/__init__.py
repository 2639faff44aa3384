"""The `casus` command line: one module per command, registered on one typer app."""

"""The `casus` command line: one module per command, registered on one typer app. The top of
the flow: it reads options, calls the wings below and prints what `engine.render` gives it.
"""

"""`casus serve`: the local web app (API, OpenAPI docs, scenario editor) on uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from engine.cli import common
from engine.cli.app import EXIT_BAD_INPUT, app


@app.command()
def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; the default is this machine only.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", min=0, max=65535, help="TCP port (0: any free one).")] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, max=16, help="Worker processes that judge.")] = 2,
    time_limit: Annotated[
        float, typer.Option("--time-limit", min=0.1, help="Seconds a request may take before it is answered 503.")
    ] = 10.0,
) -> None:
    """Serve the HTTP API (/docs, /openapi.json) and the scenario editor page at http://HOST:PORT/."""
    import socket

    import uvicorn

    from engine.web.app import create_app

    # Find out before starting the workers whether the address can be had at all.
    try:
        with socket.create_server((host, port)) as probe:
            port = probe.getsockname()[1]  # --port 0: the free port the system chose
    except OSError as exc:
        common.err.print(
            f"casus serve: cannot listen on {host}:{port} ({(exc.strerror or str(exc)).split(' (while')[0]}); "
            "choose another --port or --host",
            style="red",
            markup=False,
        )
        raise typer.Exit(EXIT_BAD_INPUT) from None
    if host not in ("127.0.0.1", "localhost", "::1"):
        common.err.print(
            f"casus serve: listening on {host}; anyone who can reach this address can use the app",
            style="yellow",
            markup=False,
        )
    common.err.print(f"casus serve: http://{host}:{port}/ (API docs at /docs; Ctrl+C stops)", markup=False)
    uvicorn.run(create_app(workers=workers, time_limit=time_limit), host=host, port=port, log_level="warning")

"""``kg serve``: the read-only SPARQL 1.1 Protocol endpoint and entity pages."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli import data_option


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@data_option
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds a query may run before it is stopped and answered 503.",
)
@click.option(
    "--max-rows",
    default=10_000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Most result rows (or triples) sent; a larger result is refused (422).",
)
@click.option(
    "--max-body",
    default=1 << 20,
    show_default=True,
    type=click.IntRange(min=1),
    help="Largest request body in bytes (413 beyond).",
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(min=1),
    help="Query worker processes (about one per core).",
)
@click.option(
    "--cache",
    default=1000,
    show_default=True,
    type=click.IntRange(min=0),
    help="Answers kept in memory for repeated identical requests (LRU, 64 MiB at most); "
    "0 turns the cache off.",
)
@click.option(
    "--allow-service", is_flag=True, help="Allow SERVICE, which makes the server fetch URLs."
)
@click.option(
    "--cors", "cors", multiple=True, metavar="ORIGIN", help="Allow this origin (repeatable)."
)
def serve(
    host: str,
    port: int,
    data: tuple[Path, ...],
    timeout: float,
    max_rows: int,
    max_body: int,
    workers: int,
    cache: int,
    allow_service: bool,
    cors: tuple[str, ...],
) -> None:
    """Serve the graph over the SPARQL 1.1 Protocol, read-only, on /sparql.

    Also serves an offline query page at / and a page per entity at
    /entity/SLUG (Turtle or JSON-LD to RDF clients). Updates are refused, and
    SERVICE too unless --allow-service; each query is bounded by --timeout
    and --max-rows. Answers to repeated identical requests are cached (the
    store cannot change while serving). Binds to loopback unless --host says
    otherwise.

    Example: kg serve --port 8000 --timeout 5
    """
    from kg.build import build, stderr_progress
    from kg.server import ServerConfig
    from kg.server import serve as run_server

    store = build(data, progress=stderr_progress)
    config = ServerConfig(
        store_path=store.path,
        timeout=timeout,
        max_rows=max_rows,
        max_body=max_body,
        allow_service=allow_service,
        cors=cors,
        workers=workers,
        cache=cache,
    )
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"kg: warning: listening on {host}, not only this machine", err=True)
    click.echo(f"kg: serving http://{host}:{port}/ (SPARQL endpoint /sparql)", err=True)
    run_server(config, host=host, port=port)

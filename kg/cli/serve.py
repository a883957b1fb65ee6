"""``kg serve``: the read-only SPARQL 1.1 Protocol endpoint and entity pages."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import data_option, progress
from kg.errors import BadParameter


def _absolute_iri(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    import pyoxigraph

    try:
        return pyoxigraph.NamedNode(value).value
    except ValueError as err:
        raise BadParameter(f"--base {value!r} is not an absolute IRI ({err})") from None


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
    "--max-bytes",
    default=4 << 20,
    show_default=True,
    type=click.IntRange(min=1024),
    help="Most bytes of a result sent; a larger one is cut to the whole rows that fit, "
    "and the KG-Result-Cut header says so.",
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
    help="Query worker processes per server process; with two or more, one is kept "
    "for quick queries while long ones run.",
)
@click.option(
    "--processes",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="Server processes answering HTTP on the one port (up to one per core, for "
    "more requests a second), each with its own --workers and answer cache.",
)
@click.option(
    "--worker-memory",
    default=1024,
    show_default=True,
    type=click.IntRange(min=0),
    metavar="MIB",
    help="Memory a query worker may use, in MiB; a query needing more is stopped (503). "
    "0: no limit.",
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
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="Also answer requests whose Host header names NAME (repeatable; *.example.org "
    "for its subdomains, * for any). Loopback names and --host are always allowed.",
)
@click.option(
    "--base",
    metavar="IRI",
    callback=_absolute_iri,
    help="Resolve relative IRIs in queries against IRI (default: the endpoint's own URL, "
    "as the request names it).",
)
@click.option(
    "--client-timeout",
    default=5.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds a client has to send its request headers, and again its body.",
)
def serve(
    host: str,
    port: int,
    data: tuple[Path, ...],
    timeout: float,
    max_rows: int,
    max_bytes: int,
    max_body: int,
    workers: int,
    processes: int,
    worker_memory: int,
    cache: int,
    allow_service: bool,
    cors: tuple[str, ...],
    allowed_hosts: tuple[str, ...],
    client_timeout: float,
    base: str | None,
) -> None:
    """Serve the graph over the SPARQL 1.1 Protocol, read-only, on /sparql.

    Also serves the readers' query page at /, a fact sheet per entity at
    /entity/NAME (any name; Turtle or JSON-LD to RDF clients) and the views at
    /view/... . Updates are refused, and
    SERVICE too unless --allow-service; each query is bounded by --timeout,
    --worker-memory, --max-rows and --max-bytes. Answers to repeated identical
    requests are cached until the store changes: on SIGHUP the server builds
    the store again from the same data and, if it changed, switches to it
    without dropping a request (kill -HUP PID after editing a file). Binds to
    loopback unless --host says otherwise, and answers only requests naming
    this server in their Host header (--allowed-host). Relative IRIs in a
    query resolve against the endpoint's URL, or --base.

    Example: kg serve --port 8000 --timeout 5
    """
    from kg.server.app import LOOPBACK_NAMES, config_for_data
    from kg.server.app import serve as run_server

    config = config_for_data(
        data,
        host,
        allowed_hosts=allowed_hosts,
        progress=progress,
        timeout=timeout,
        max_rows=max_rows,
        max_bytes=max_bytes,
        max_body=max_body,
        allow_service=allow_service,
        cors=cors,
        workers=workers,
        processes=processes,
        cache=cache,
        worker_memory=worker_memory,
        client_timeout=client_timeout,
        base=base,
    )
    if host not in LOOPBACK_NAMES:
        click.echo(f"kg: warning: listening on {host}, not only this machine", err=True)
        if not allowed_hosts:
            click.echo(
                "kg: requests must name this server by its address or a loopback name; "
                "add --allowed-host NAME for each other name clients use",
                err=True,
            )
    click.echo(f"kg: serving http://{host}:{port}/ (SPARQL endpoint /sparql)", err=True)
    run_server(config, host=host, port=port)

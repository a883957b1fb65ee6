"""`kg bundle`: write the portable explorer, one self-contained HTML file."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import as_of_option, backend_option, data_option, day_of, open_for_command


@click.command()
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="HTML file to write (written atomically: all or nothing).",
)
@as_of_option("Open the page at DAY; it holds all dates.")
@data_option
@backend_option
def bundle(output, as_of, data, backend) -> None:
    """Write one HTML file with the whole graph, a SPARQL engine (Oxigraph
    WebAssembly), the named queries, the views and entity pages: it opens from
    disk, offline, with no server, and can be shared by email.

    Example: kg bundle -o sahel-kg.html --as-of 2024-04-30
    """
    from kg.bundle import write_bundle

    day = day_of(as_of)
    result = write_bundle(open_for_command(backend, data), output, day)
    size = result.bytes / 1_000_000
    click.echo(f"{result.path}: {result.quads} quads, {size:.1f} MB")

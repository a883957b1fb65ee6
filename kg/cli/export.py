"""`kg export`: write the graph, or what stood on a day, for other tools."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import as_of_option, backend_option, data_option, day_of, open_for_command


@click.command()
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["turtle", "trig", "nquads", "jsonld", "graphml", "gexf", "csv", "geojson"]),
    help="Output format (default: from the file's suffix).",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (written atomically: all or nothing).",
)
@as_of_option("Only what was in effect on DAY.")
@data_option
@backend_option
def export(fmt, output, as_of, data, backend) -> None:
    """Export the graph: Turtle, TriG or N-Quads (named graphs kept), JSON-LD
    (readable keys), GraphML or GEXF (Gephi, Cytoscape; GEXF with a timeline;
    facilities with latitude and longitude), CSV (one row per relationship
    with its sources) or GeoJSON (places and dated events as map points; with
    --as-of, the events that had happened by that day).

    Example: kg export --format gexf -o sahel.gexf
    """
    from kg.export import export as write_export
    from kg.export import format_for

    chosen = format_for(output, fmt)
    day = day_of(as_of)
    result = write_export(open_for_command(backend, data), chosen, output, day)
    when = f" as of {day}" if day else ""
    click.echo(f"{result.path}: {result.count} {result.unit} ({result.format}{when})")

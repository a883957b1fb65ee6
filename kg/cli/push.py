"""`kg push`: publish the built graph to a remote triple store."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import data_option, open_for_command


@click.command()
@click.option(
    "--store-endpoint",
    required=True,
    metavar="URL",
    help="The Graph Store Protocol endpoint, e.g. http://127.0.0.1:7878/store.",
)
@click.option("--dry-run", is_flag=True, help="List the graphs and triple counts; send nothing.")
@click.option(
    "--timeout", type=float, default=60.0, show_default=True, help="Seconds to wait for each graph."
)
@data_option
def push(store_endpoint: str, dry_run: bool, timeout: float, data: tuple[Path, ...]) -> None:
    """Publish the ontology, each data file and the derived triples, one named graph each.

    Each graph is sent with one HTTP PUT, which replaces that graph on the
    server. Credentials come from KG_ENDPOINT_TOKEN, or KG_ENDPOINT_USER and
    KG_ENDPOINT_PASSWORD (KG_ENDPOINT_AUTH=digest for digest auth).

    Example: kg push --store-endpoint http://127.0.0.1:7878/store
    """
    from rich.progress import Progress

    from kg.store.remote import graphs_of
    from kg.store.remote import push as push_graphs

    store = open_for_command("oxigraph", data)
    total = len(graphs_of(store))
    with Progress(transient=True) as bar:
        task = bar.add_task("pushing graphs", total=total)

        def advance(graph: str, count: int) -> None:
            bar.advance(task)
            click.echo(f"{'would send' if dry_run else 'sent'} {count:6d} triples  {graph}")

        sent = push_graphs(
            store, store_endpoint, dry_run=dry_run, timeout=timeout, progress=advance
        )
    verb = "would replace" if dry_run else "replaced"
    click.echo(f"{verb} {len(sent)} graphs ({sum(sent.values())} triples) at {store_endpoint}")

"""`kg claims` (the seed article's claims and what encodes them) and `kg stats`."""

from __future__ import annotations

import json
import sys

import click

from kg.cli.options import backend_option, data_option, open_for_command, table_or_json_option


@click.command()
@click.option("--claim", help="One claim, e.g. S3.")
@table_or_json_option
@backend_option
@data_option
def claims(claim, fmt, backend, data) -> None:
    """Show each claim of the seed article with the statements encoding it and their sources.

    Example: kg claims --claim S15
    """
    from kg.report import claims as claims_table

    rows = claims_table(open_for_command(backend, data), claim)
    if fmt == "json":
        click.echo(json.dumps([vars(r) for r in rows], indent=1, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("claim", "paraphrase", "encoded by", "kind", "status", "sources", show_lines=True)
    for row in rows:
        for i, enc in enumerate(row.encodings):
            table.add_row(
                row.claim_id if i == 0 else "",
                row.text if i == 0 else "",
                enc["statement"],
                enc["kind"],
                enc["status"],
                enc["sources"],
            )
    Console(width=None if sys.stdout.isatty() else 200).print(table)


@click.command()
@table_or_json_option
@backend_option
@data_option
def stats(fmt, backend, data) -> None:
    """Count triples per graph, entities by type, relationships, events, sources, unsourced,
    and the share of statements and events by corroboration grade (kg:corroboration).

    Example: kg stats --format json
    """
    from kg.derive.corroboration import GRADE_WORDS
    from kg.report import stats as graph_stats

    result = graph_stats(open_for_command(backend, data))
    if fmt == "json":
        click.echo(json.dumps(result.as_json(), indent=1))
        return
    click.echo(f"triples: {result.triples}")
    click.echo(f"record checked up to (horizon): {result.horizon or 'not stated'}")
    for measure, count in result.counts.items():
        click.echo(f"{measure}: {count}")
    shares = result.corroboration_shares()
    click.echo(
        "corroboration: "
        + ", ".join(
            f"{GRADE_WORDS['en'][grade]} {n} ({shares[grade]}%)"
            for grade, n in result.corroboration.items()
        )
    )
    for group, kinds in result.by_type.items():
        click.echo(f"{group}: " + ", ".join(f"{k} {n}" for k, n in kinds.items()))
    for graph, count in result.graphs.items():
        click.echo(f"  {graph}: {count} triples")

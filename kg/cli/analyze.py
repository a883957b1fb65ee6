"""`kg analyze` (paths, centrality, blocs, partners) and `kg diff`.

Each subcommand parses its arguments, calls one function of kg.analysis and
prints the answer as a table, CSV or JSON.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

import click

from kg.cli.options import (
    DayType,
    as_of_option,
    backend_option,
    data_option,
    day_of,
    format_option,
    open_for_command,
)
from kg.errors import BadParameter
from kg.store import Store

_format_option = format_option("table", "json", "csv")
_as_of_option = as_of_option("Only what was in effect on DAY.")
_possible_option = click.option(
    "--possible",
    is_flag=True,
    help="With --as-of, also count relationships that only possibly were in effect "
    "(default: only those the sources make certain).",
)


def _common(command):
    for option in (data_option, backend_option, _format_option):
        command = option(command)
    return command


def _emit(
    fmt: str,
    columns: Sequence[str],
    rows: list[list],
    data: object,
    title: str = "",
    store: Store | None = None,
) -> None:
    """Print rows as a table or CSV, or ``data`` as JSON. A ``sources`` column
    (slugs) is cited from ``store``: a table shows the citations instead, CSV
    keeps the slugs and adds them."""
    if fmt == "json":
        click.echo(json.dumps(data, indent=1, ensure_ascii=False, default=str))
        return
    text = [["" if v is None else str(v) for v in row] for row in rows]
    if store is not None and "sources" in columns:
        from kg.citations import Citations

        citations = Citations.of(store)
        at = list(columns).index("sources")
        for row in text:
            row.append(citations.cite(" ".join(s.removeprefix("src:") for s in row[at].split())))
        columns = [*columns, "citations"]
        if fmt == "table":
            columns = [c for i, c in enumerate(columns) if i != at]
            text = [[c for i, c in enumerate(row) if i != at] for row in text]
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows(text)
        return
    import pyoxigraph as ox

    from kg.query.formats import write_table
    from kg.store import SelectResult

    def term(cell: str) -> ox.NamedNode | ox.Literal | None:
        if not cell:
            return None
        return ox.NamedNode(cell) if cell.startswith(("http://", "https://")) else ox.Literal(cell)

    terms = [tuple(term(cell) for cell in row) for row in text]
    write_table(SelectResult(list(columns), terms), sys.stdout, title=title)


@click.group()
def analyze() -> None:
    """Analyse the network: explained paths, centrality, blocs, partner timelines.

    Example: kg analyze path "Wagner Group" "Burkina Faso"
    """


@analyze.command()
@click.argument("source")
@click.argument("target")
@_as_of_option
@_possible_option
@click.option("--limit", default=5, show_default=True, help="At most this many paths.")
@_common
def path(source, target, as_of, possible, limit, data, backend, fmt) -> None:
    """Shortest paths between two actors, every hop with its relationship,
    dates, status and sources (directions ignored).

    Example: kg analyze path "Wagner Group" "Burkina Faso" --as-of 2024-06-01
    """
    from kg.analysis import paths
    from kg.views import date_line

    store = open_for_command(backend, data)
    found = paths(store, source, target, day_of(as_of), limit, possible=possible)
    rows = [
        [
            number,
            hop_number,
            hop["from_label"],
            hop["kind"],
            hop["to_label"],
            date_line(hop) or "undated",
            hop["status"],
            hop["id"],
            " ".join(s["source"] for s in hop["sources"]),
        ]
        for number, hops in enumerate(found, start=1)
        for hop_number, hop in enumerate(hops, start=1)
    ]
    columns = ["path", "hop", "from", "relationship", "to", "when", "status", "statement"]
    columns.append("sources")
    title = f"{source} → {target}" + (f" as of {as_of}" if as_of else "")
    _emit(fmt, columns, rows, found, title, store)


@analyze.command()
@_as_of_option
@_possible_option
@click.option(
    "--measure",
    type=click.Choice(["degree", "betweenness", "eigenvector"]),
    default="degree",
    show_default=True,
)
@click.option("--top", default=20, show_default=True, help="Show this many (0: all).")
@_common
def centrality(as_of, possible, measure, top, data, backend, fmt) -> None:
    """Rank actors by centrality over the graph of ties (one per pair of actors).

    Example: kg analyze centrality --measure betweenness --as-of 2024-06-01
    """
    from kg.analysis import centrality as rank

    store = open_for_command(backend, data)
    ranked = rank(store, day_of(as_of), measure, top or None, possible=possible)
    rows = [[r.rank, r.label, r.type, f"{r.score:.4f}", r.ties, r.actor] for r in ranked]
    title = f"{measure} centrality" + (f" as of {as_of}" if as_of else "")
    _emit(
        fmt,
        ["rank", "actor", "type", measure, "ties", "iri"],
        rows,
        [asdict(r) for r in ranked],
        title,
    )


@analyze.command()
@_as_of_option
@_possible_option
@_common
def blocs(as_of, possible, data, backend, fmt) -> None:
    """Groups of aligned actors: communities of cooperation and membership ties
    in effect on the day (default: the last day the record was checked, or
    today if earlier); hostile and ended ties excluded.

    Example: kg analyze blocs --as-of 2024-06-01
    """
    from kg.analysis import blocs as find_blocs
    from kg.analysis import default_day

    store = open_for_command(backend, data)
    day, basis = (as_of.day, "") if as_of else default_day(store)
    found = find_blocs(store, day, possible=possible)
    title = f"blocs on {day}" + (f" ({basis})" if basis else "")
    rows = [
        [b.number, b.name, len(b.members), ", ".join(m["label"] for m in b.members)] for b in found
    ]
    _emit(
        fmt,
        ["bloc", "named after", "size", "members"],
        rows,
        [asdict(b) for b in found],
        title,
    )


@analyze.command()
@click.argument("state", required=False)
@click.option("--all", "all_states", is_flag=True, help="Mali, Burkina Faso and Niger together.")
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also draw a Gantt chart to this .svg or .png file.",
)
@_common
def partners(state, all_states, plot, data, backend, fmt) -> None:
    """A state's foreign security partners over time: who, from when to when,
    which kind, sources; --plot draws them as a Gantt chart.

    Example: kg analyze partners Niger --plot niger-partners.svg
    """
    from kg.analysis import SAHEL_STATES, partner_timelines

    if not state and not all_states:
        raise BadParameter("name a STATE (e.g. niger) or give --all")
    if state and all_states:
        raise BadParameter("give a STATE or --all, not both")
    if plot and plot.suffix.lower() not in (".svg", ".png"):
        raise BadParameter(f"--plot {str(plot)!r}: the chart is written as .svg or .png")
    store = open_for_command(backend, data)
    timelines = partner_timelines(store, SAHEL_STATES if all_states else [state])
    rows = [
        [
            r.state,
            r.partner_label,
            r.via_label,
            r.kind,
            f"{r.start_basis}; {r.end_basis}",
            r.status,
            r.statement,
            " ".join(r.sources),
        ]
        for found in timelines.values()
        for r in found
    ]
    columns = ["state", "partner", "via", "kind", "when", "status", "statement", "sources"]
    data_out = [asdict(r) for found in timelines.values() for r in found]
    _emit(fmt, columns, rows, data_out, "foreign security partners", store)
    if plot:
        from kg.analysis import write_partners_chart
        from kg.derive import record_horizon

        write_partners_chart(timelines, record_horizon(store), plot)
        click.echo(f"chart written: {plot}", err=True)


@click.command()
@click.argument("first", type=DayType())
@click.argument("second", type=DayType())
@click.option("--entity", help="Only relationships with this actor at either end.")
@_common
def diff(first, second, entity, data, backend, fmt) -> None:
    """What changed between two days: relationships that began, ended, or were
    announced or denied, with dates and sources.

    Example: kg diff 2023-07-01 2024-06-01 --entity Niger
    """
    from kg.analysis import what_changed

    store = open_for_command(backend, data)
    changes = what_changed(store, day_of(first), day_of(second), entity)
    rows = [
        [
            c.day,
            c.change,
            c.kind,
            c.source_label,
            c.target_label,
            c.when,
            c.status,
            c.statement,
            " ".join(c.sources),
        ]
        for c in changes
    ]
    columns = ["day", "change", "kind", "from", "to", "when", "status", "statement", "sources"]
    title = f"changes after {first}, up to {second}" + (f", for {entity}" if entity else "")
    _emit(fmt, columns, rows, [asdict(c) for c in changes], title, store)

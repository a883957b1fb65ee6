"""`kg query`: run a named query, a .rq file or SPARQL text, or list the named queries."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg.cli.options import (
    BeforeWriting,
    as_of_option,
    backend_option,
    data_option,
    day_of,
    open_for_command,
    shell_lines,
    terminal_width,
)
from kg.errors import BadParameter, KGError

if TYPE_CHECKING:
    from kg.store import Store


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise BadParameter(f"--param {pair!r}: write NAME=VALUE, e.g. --param state=niger")
        params[name.strip().lstrip("?")] = value
    return params


@click.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("-e", "--expression", help="SPARQL text to run.")
@click.option("-n", "--name", help="A named query (see --list).")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries.")
@as_of_option("Only what was in effect on DAY; each row then says how certain it is.")
@click.option(
    "--certain", "certain_only", is_flag=True, help="With --as-of, keep only the certain rows."
)
@click.option("-p", "--param", multiple=True, help="NAME=VALUE (repeatable).")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json", "xml"]),
    default="table",
    show_default=True,
    help="table for reading; csv, tsv, json and xml are the SPARQL 1.1 result formats.",
)
@backend_option
@data_option
def query(
    file, expression, name, list_queries, as_of, certain_only, param, fmt, backend, data
) -> None:
    """Run SPARQL: a named query, a .rq FILE or an expression.

    Entity parameters accept a slug, an IRI or any English, French or
    alternative name ("tchiani", "Goita"). --as-of applies the as-of rule to
    queries that have a `# as-of: ?var` line: a row is "certain" when the
    sources make it certain that day, "possible" when they allow it (an
    imprecise or unknown start, an announced or undated end, a day after the
    record's horizon), with the reason.

    Example: kg query --name members --param organisation=aes --as-of 2024-08-01
    """
    from kg.query import adhoc, named_queries, named_query, read_query_file, run_cited
    from kg.query.formats import write_result

    if list_queries:
        _list_queries(named_queries().values())
        return
    if sum(x is not None for x in (file, expression, name)) != 1:
        raise BadParameter("give exactly one of: a .rq FILE, -e SPARQL, --name NAME (or --list)")
    params = _parse_params(param)
    if name:
        chosen = named_query(name)
    elif file:
        chosen = read_query_file(file)
    else:
        chosen = adhoc(expression)
    title = (f"{chosen.name} as of {as_of}" if as_of else chosen.name) if name else ""

    def answer(store: Store) -> None:
        result = run_cited(
            store, chosen, as_of=day_of(as_of), params=params, certain_only=certain_only
        )
        write_result(result, fmt, sys.stdout, title=title)
        sys.stdout.flush()

    # The first call with new --data answers from the validated store in
    # memory, then writes it to disk for the next calls.
    first = BeforeWriting(answer, errors=(KGError,))
    store = open_for_command(backend, data, before_writing=first)
    if first.ran:
        first.outcome()
    else:
        answer(store)


def _list_queries(queries) -> None:
    """Each named query: its name, question, parameters, --as-of, and example."""
    import textwrap

    width = terminal_width() - 4
    for named in queries:
        click.secho(named.name, bold=True)
        params = [
            f"--param {p.name}=<{p.kind}>" + (f" (default {p.default})" if p.default else "")
            for p in named.parameters
        ]
        if named.takes_as_of:
            params.append("--as-of <day>")
        click.echo(
            textwrap.fill(
                named.description, width, initial_indent="    ", subsequent_indent=" " * 6
            )
        )
        for n, param in enumerate(params):
            click.echo(("    takes: " if n == 0 else " " * 11) + param)
        if named.example:
            click.echo(shell_lines(named.example, width, "    $ "))

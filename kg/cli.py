"""The ``kg`` command: a thin shell over the library.

Each command parses its arguments, calls one library function and formats
the result; every user mistake surfaces as one ``kg: error: ...`` line and a
non-zero exit code (see kg/errors.py), never a traceback. Heavy stages are
imported inside the commands that use them, so ``kg query`` starts fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import ClassVar

import click

from kg.errors import BadParameter, KGError, ValidationFailed
from kg.temporal import PartialDate

data_option = click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Extra Turtle file or folder to add (repeatable).",
)
table_or_json_option = click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
ENDPOINT_KEY = "kg.endpoint"


class DayType(click.ParamType):
    """A day as a user writes it: YYYY, YYYY-MM, YYYY-MM-DD or ``today``, read into a
    kg.temporal.PartialDate (its first day and precision); a bad one is BadDate."""

    name = "day"

    def convert(self, value, param, ctx) -> PartialDate:
        return value if isinstance(value, PartialDate) else PartialDate.parse(value)


def as_of_option(help: str):
    """The one ``--as-of DAY`` option; the command receives a PartialDate or None."""
    formats = "DAY: YYYY, YYYY-MM, YYYY-MM-DD or today."
    return click.option("--as-of", type=DayType(), metavar="DAY", help=f"{help} {formats}")


def _remember_endpoint(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.meta[ENDPOINT_KEY] = value


def backend_option(command):
    """Add --backend (oxigraph, rdflib) and --endpoint URL (a remote SPARQL endpoint)."""
    command = click.option(
        "--endpoint",
        metavar="URL",
        expose_value=False,
        callback=_remember_endpoint,
        help="Query this SPARQL 1.1 endpoint instead of the local store "
        "(credentials from KG_ENDPOINT_TOKEN or KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD).",
    )(command)
    return click.option(
        "--backend",
        type=click.Choice(["oxigraph", "rdflib"]),
        default="oxigraph",
        show_default=True,
        help="Local store backend.",
    )(command)


def _progress(message: str) -> None:
    click.echo(f"kg: {message}…", err=True)


def open_for_command(backend: str, data: tuple[Path, ...]):
    """Open the store for a command: the remote endpoint given with --endpoint,
    else the local store (built if needed, with progress on stderr)."""
    context = click.get_current_context(silent=True)
    endpoint = context.meta.get(ENDPOINT_KEY) if context else None
    if endpoint:
        from kg.remote import RemoteStore

        if data:
            raise BadParameter("--data works on the local store; publish it with `kg push` first")
        return RemoteStore(endpoint)
    from kg.build import open_store

    return open_store(backend, data, progress=_progress)


class LazyGroup(click.Group):
    """A group whose larger commands live in ``kg/commands/`` and are imported
    only when used, so `kg query` never pays for networkx or a web server."""

    lazy: ClassVar[dict[str, str]] = {
        "ask": "kg.commands.ask:ask",
        "view": "kg.commands.view:view",
        "analyze": "kg.commands.analyze:analyze",
        "diff": "kg.commands.analyze:diff",
        "export": "kg.commands.export:export",
        "serve": "kg.commands.serve:serve",
        "push": "kg.commands.push:push",
        "bundle": "kg.commands.bundle:bundle",
    }

    def _available(self) -> dict[str, str]:
        from importlib.util import find_spec

        return {
            name: target
            for name, target in self.lazy.items()
            if find_spec(target.split(":")[0]) is not None
        }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self._available()])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = self._available().get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        from importlib import import_module

        module, attribute = target.split(":")
        return getattr(import_module(module), attribute)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
def app() -> None:
    """Sahel KG: a sourced, time-aware knowledge graph of the central Sahel."""


@app.command()
@data_option
@click.option("--force", is_flag=True, help="Rebuild even if up to date.")
def build(data: tuple[Path, ...], force: bool) -> None:
    """Validate the data, derive plain edges and time bounds, write the store and the overview.

    Example: kg build
    """
    from kg.build import build as build_store

    result = build_store(data, force=force, progress=_progress)
    state = "built" if result.built else "up to date"
    click.echo(f"store {state}: {result.path}")
    click.echo(
        f"  {len(result.files)} Turtle files, {result.quads} triples ({result.derived} derived)"
    )
    if result.warnings:
        click.echo(
            f"  {len(result.warnings)} warning(s): sources whose page shows no title or date"
            " (kg validate)"
        )
    from kg.drawing import write_html
    from kg.views import default_output, overview

    page = write_html(overview(open_for_command("oxigraph", data)), default_output("overview"))
    click.echo(f"overview: {page}")


@app.command()
@data_option
@click.option(
    "--warnings", "list_warnings", is_flag=True, help="List every warning, not only their count."
)
def validate(data: tuple[Path, ...], list_warnings: bool) -> None:
    """Check the data with the SHACL shapes and the extra checks; list each violation.

    Exits with status 3 if there is any violation. Warnings (e.g. a source page
    that shows no date) do not fail: they are counted by kind, and listed one
    by one with --warnings.

    Example: kg validate --data my-facts.ttl
    """
    from collections import Counter

    from kg.load import turtle_files
    from kg.validate import validate_files

    report = validate_files(turtle_files(data))
    for problem in report.violations:
        click.echo(f"violation: {problem}")
    if list_warnings:
        for problem in report.warnings:
            click.echo(f"warning: {problem}")
    else:
        for message, count in Counter(p.message for p in report.warnings).most_common():
            click.echo(f"warnings: {count} x {message}")
        if report.warnings:
            click.echo("(kg validate --warnings lists each one)")
    click.echo(f"{len(report.violations)} violation(s), {len(report.warnings)} warning(s)")
    if not report.conforms:
        raise ValidationFailed(f"{len(report.violations)} violation(s) in the data")


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise BadParameter(f"--param {pair!r}: write NAME=VALUE, e.g. --param state=niger")
        params[name.strip().lstrip("?")] = value
    return params


@app.command()
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
    from kg.citations import with_citations
    from kg.formats import write_result
    from kg.query import adhoc, named_queries, named_query, read_query_file, run
    from kg.store import SelectResult

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
    store = open_for_command(backend, data)
    result = run(store, chosen, as_of=as_of, params=params, certain_only=certain_only)
    if isinstance(result, SelectResult):
        result = with_citations(result, store)
    title = (f"{chosen.name} as of {as_of}" if as_of else chosen.name) if name else ""
    write_result(result, fmt, sys.stdout, title=title)


def _shell_lines(command: str, width: int, prompt: str) -> str:
    """A command split before its options with backslashes, so that every line
    fits in ``width`` and the whole can still be pasted into a shell."""
    parts = command.replace(" --", "\0--").split("\0")
    lines = [prompt + parts[0]]
    for part in parts[1:]:
        if len(lines[-1]) + 1 + len(part) + 2 <= width:
            lines[-1] += " " + part
        else:
            lines[-1] += " \\"
            lines.append(" " * (len(prompt) + 4) + part)
    return "\n".join(lines)


def _list_queries(queries) -> None:
    """Each named query: its name, question, parameters, --as-of, and example."""
    import shutil
    import textwrap

    width = min(shutil.get_terminal_size((80, 24)).columns, 100) - 4
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
            click.echo(_shell_lines(named.example, width, "    $ "))


@app.command()
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


@app.command()
@table_or_json_option
@backend_option
@data_option
def stats(fmt, backend, data) -> None:
    """Count triples per graph, entities by type, relationships, events, sources, unsourced.

    Example: kg stats --format json
    """
    from kg.report import stats as graph_stats

    result = graph_stats(open_for_command(backend, data))
    if fmt == "json":
        click.echo(json.dumps(result.as_json(), indent=1))
        return
    click.echo(f"triples: {result.triples}")
    click.echo(f"record checked up to (horizon): {result.horizon or 'not stated'}")
    for measure, count in result.counts.items():
        click.echo(f"{measure}: {count}")
    for group, kinds in result.by_type.items():
        click.echo(f"{group}: " + ", ".join(f"{k} {n}" for k, n in kinds.items()))
    for graph, count in result.graphs.items():
        click.echo(f"  {graph}: {count} triples")


def _one_line(message: str) -> str:
    """``message`` with control characters escaped, so it prints as one line.

    >>> _one_line("Invalid IRI code point '\\n'")
    "Invalid IRI code point '\\\\n'"
    """
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in message)


def main() -> None:
    """Entry point: run the app, turning user errors into one line and an exit code."""
    try:
        app(standalone_mode=False)
    except KGError as err:
        click.echo(f"kg: error: {_one_line(str(err))}", err=True)
        sys.exit(err.exit_code)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as err:
        click.echo(f"kg: error: {err.format_message()}", err=True)
        sys.exit(err.exit_code)
    except click.Abort:
        click.echo("kg: interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()

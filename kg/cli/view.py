"""`kg view`: write an interactive network view or the map as one self-contained HTML file.

Each subcommand builds a view model with kg.views (the map's with
kg.views.map_model), writes the page (by default under ./build/views/) and prints
its path; --open also opens it in a browser. The overview and ego pages are
reader pages (kg.views.reader): the network, the timeline and the map in tabs.
"""

from __future__ import annotations

import webbrowser
from pathlib import Path

import click

from kg.cli.options import as_of_option, backend_option, data_option, day_of, open_for_command

_output_option = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="HTML file to write (default: build/views/<view>.html).",
)
_as_of_option = as_of_option("Open at DAY: the graph as it stood then.")
_open_option = click.option("--open", "open_page", is_flag=True, help="Open the page when written.")


def _common(command):
    for option in (_open_option, _output_option, data_option, backend_option, _as_of_option):
        command = option(command)
    return command


def _show(written: Path, open_page: bool) -> None:
    """Print where a page was written; with --open, open it in a browser."""
    click.echo(str(written))
    if open_page:
        webbrowser.open(written.resolve().as_uri())


@click.group()
def view() -> None:
    """Write interactive network views (offline HTML) of the graph.

    Example: kg view ego niger --depth 2
    """


@view.command()
@_common
def overview(as_of, data, backend, output, open_page) -> None:
    """Every actor and relationship: the network, the timeline and the map.

    One page: the network with legend, search, filters and a time slider,
    and in tabs the timeline and the map, on the same date and selection.

    Example: kg view overview --as-of 2024-04-30 --open
    """
    from kg.views.reader import write_overview

    day = day_of(as_of)
    _show(write_overview(open_for_command(backend, data), output, as_of=day), open_page)


@view.command()
@click.argument("entity")
@click.option("--depth", default=1, show_default=True, type=int, help="How many hops out.")
@_common
def ego(entity, depth, as_of, data, backend, output, open_page) -> None:
    """An actor's neighbourhood: everything within --depth relationships of ENTITY.

    One page: the network, and in tabs its timeline and the map (the actor
    lit on it), on the same date and selection.

    ENTITY is a slug, an IRI or any English, French or alternative name.

    Example: kg view ego niger --depth 2
    """
    from kg.views import default_output
    from kg.views.reader import ego_page, write_reader_html

    day = day_of(as_of)
    page = ego_page(open_for_command(backend, data), entity, depth=depth, as_of=day)
    default = default_output("ego", entity, f"depth{depth}", as_of=day)
    _show(write_reader_html(page, output or default), open_page)


@view.command()
@click.argument("a")
@click.argument("b")
@_common
def path(a, b, as_of, data, backend, output, open_page) -> None:
    """The shortest explained path(s) between actors A and B, each hop with its
    relationship, dates and sources.

    Example: kg view path "Wagner Group" "Burkina Faso"
    """
    from kg.views import default_output
    from kg.views import path as path_model
    from kg.views.drawing import write_html

    day = day_of(as_of)
    model = path_model(open_for_command(backend, data), a, b, as_of=day)
    _show(write_html(model, output or default_output("path", a, b, as_of=day)), open_page)


@view.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_common
def query(file, as_of, data, backend, output, open_page) -> None:
    """The triples a CONSTRUCT query FILE returns, drawn as a network.

    --as-of applies to queries with a `# as-of: ?var` line.

    Example: kg view query my-construct.rq -o members.html
    """
    from kg.query import read_query_file
    from kg.views import construct, default_output
    from kg.views.drawing import write_html

    chosen = read_query_file(file)
    model = construct(open_for_command(backend, data), chosen, as_of=day_of(as_of))
    default = default_output("query", file.stem, as_of=day_of(as_of))
    _show(write_html(model, output or default), open_page)


@view.command(name="map")
@_common
def map_view(as_of, data, backend, output, open_page) -> None:
    """Places, dated events, and bases and deployments coloured by who sent
    them, on offline Natural Earth borders, with a day slider.

    Example: kg view map --as-of 2019-06-01 --open
    """
    from kg.views import default_output
    from kg.views.map_model import map_model
    from kg.views.map_page import write_map_html

    day = day_of(as_of)
    model = map_model(open_for_command(backend, data), as_of=day)
    _show(write_map_html(model, output or default_output("map", as_of=day)), open_page)


@view.command()
@click.argument("actor", required=False)
@click.option(
    "--group-by",
    type=click.Choice(["partner", "kind"]),
    help="Rows by partner (the other actor; for the whole graph, the pair) or by"
    " relationship kind [default: partner for an actor, kind for the whole graph].",
)
@_common
def timeline(actor, group_by, as_of, data, backend, output, open_page) -> None:
    """A timeline of ACTOR's relationships and events, or of the whole graph.

    Each relationship is a bar, solid where the sources make it certain and
    hatched where they leave it uncertain (an unknown start, an end announced
    but not dated, an open end past the record's last check); each event is a
    point, or a range over its month or year. Click an item for its sources;
    --as-of puts the date cursor on DAY. ACTOR is a slug, an IRI or any name.

    Example: kg view timeline Niger --as-of 2023-07-26
    """
    from kg.views import default_output
    from kg.views.timeline import timeline as timeline_model
    from kg.views.timeline_page import write_timeline_html

    day = day_of(as_of)
    model = timeline_model(open_for_command(backend, data), actor, as_of=day, group_by=group_by)
    default = default_output("timeline", actor or "", as_of=day)
    _show(write_timeline_html(model, output or default), open_page)


@view.command()
@click.argument("name")
@click.option(
    "--lang",
    type=click.Choice(["en", "fr"]),
    default="en",
    show_default=True,
    help="The sheet's first language (a button on the page switches).",
)
@_common
def entity(name, lang, as_of, data, backend, output, open_page) -> None:
    """The fact sheet of NAME (any name, slug or IRI): what holds on the page's
    date kind by kind with short citations, every relationship with its
    certainty on that day, its events and the encyclopedia pages read. Offline;
    the server's /entity/NAME draws the same sheet with links.

    Example: kg view entity tchiani --as-of 2024-06-01 --lang fr
    """
    from kg.views import default_output
    from kg.views.factsheet import FactSheets
    from kg.views.factsheet_page import write_sheet_html

    day = day_of(as_of)
    sheets = FactSheets.of(open_for_command(backend, data))
    iri = sheets.resolve(name)
    default = default_output("entity", iri.rsplit("/", 1)[-1], as_of=day)
    page = write_sheet_html(sheets.book([iri]), iri, output or default, as_of=day, language=lang)
    _show(page, open_page)

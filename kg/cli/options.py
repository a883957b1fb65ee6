"""What the ``kg`` commands share: their common options, the one day type, how
a command opens its store, and the widths its text is wrapped to.

A command module imports what it needs from here; nothing here imports a
heavy stage until a command calls it.
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg.errors import BadParameter
from kg.temporal import PartialDate

if TYPE_CHECKING:
    from kg.store import Store


class GraphFileType(click.ParamType):
    """``NAME=FILE`` as ``--graph`` takes it, read into a kg.load.RdfFile loading
    FILE's triples (its default graph) into the named graph NAME; DataError for
    a NAME that is no absolute IRI or a FILE that does not exist."""

    name = "NAME=FILE"

    def convert(self, value, param, ctx):
        from kg.load import RdfFile, graph_file

        if isinstance(value, RdfFile):
            return value
        name, equals, file = value.partition("=")
        if not equals or not name or not file:
            raise BadParameter(
                f"--graph {value!r}: write NAME=FILE, e.g. --graph http://example.org/g=facts.ttl"
            )
        return graph_file(name, Path(file))


def data_option(command):
    """Add --data PATH and --graph NAME=FILE (both repeatable); the command receives
    both as one ``data`` tuple of paths and kg.load.RdfFile items."""

    @functools.wraps(command)
    def with_data(*args, data=(), graphs=(), **kwargs):
        return command(*args, data=(*data, *graphs), **kwargs)

    with_data = click.option(
        "--graph",
        "graphs",
        multiple=True,
        type=GraphFileType(),
        help="Load FILE (Turtle, N-Triples, or the default graph of TriG or N-Quads) "
        "into the named graph NAME, an absolute IRI (repeatable).",
    )(with_data)
    return click.option(
        "--data",
        "data",
        multiple=True,
        type=click.Path(path_type=Path),
        help="Extra file or folder to add (repeatable): Turtle (.ttl), N-Triples (.nt), "
        "TriG (.trig) or N-Quads (.nq); a file's triples go into its own graph, "
        "the named graphs of TriG and N-Quads keep their names.",
    )(with_data)


def format_option(*formats: str, help: str | None = None):
    """``-f/--format`` among ``formats``, the first the default."""
    return click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(list(formats)),
        default=formats[0],
        show_default=True,
        help=help,
    )


table_or_json_option = format_option("table", "json")
ENDPOINT_KEY = "kg.endpoint"


class DayType(click.ParamType):
    """A day as a user writes it: YYYY, YYYY-MM, YYYY-MM-DD or ``today``, read into a
    kg.temporal.PartialDate (its first day and precision); a bad one is BadDate."""

    name = "day"

    def convert(self, value, param, ctx) -> PartialDate:
        return value if isinstance(value, PartialDate) else PartialDate.parse(value)


def day_of(as_of: PartialDate | None) -> date | None:
    """The day the library takes for what ``--as-of`` or a DAY argument gave: its first day."""
    return as_of.day if as_of is not None else None


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


class StepProgress:
    """What a long piece of work is doing, on stderr: on a terminal a rich line
    per step with a bar where the step counts its parts and the time it took;
    elsewhere (a pipe, a log) one plain line per step, or nothing if not ``plain``.

    The build calls it with a step's name when the step starts, then with
    (name, done, total) as it goes; use it as a context manager so the bars
    stop before the command's own output.
    """

    def __init__(self, *, plain: bool = True) -> None:
        from rich.console import Console

        self.console = Console(stderr=True)
        self.plain = plain  # one line a step when stderr is not a terminal
        self.bar = None
        self.tasks: dict[str, int] = {}
        self.current: str | None = None

    def __call__(self, step: str, done: int = 0, total: int = 0) -> None:
        if not self.console.is_terminal:
            if step != self.current and self.plain:
                click.echo(f"kg: {step}…", err=True)
            self.current = step
            return
        if self.bar is None:
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                TextColumn("kg: {task.description}"),
                BarColumn(),
                TextColumn("{task.fields[count]}"),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            self.bar.start()
        if step != self.current and self.current in self.tasks:
            task = self.tasks[self.current]
            self.bar.update(task, completed=self.bar.tasks[task].total or 1)
            self.bar.stop_task(task)
        if step not in self.tasks:
            self.tasks[step] = self.bar.add_task(step, total=total or None, count="")
        self.current = step
        count = f"{done}/{total}" if total else ""
        self.bar.update(self.tasks[step], completed=done, total=total or None, count=count)

    def pause(self) -> None:
        """Take the bars off the terminal, so output can be written; the next
        step starts new ones."""
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
        self.tasks.clear()
        self.current = None

    def __enter__(self) -> StepProgress:
        return self

    def __exit__(self, *_: object) -> None:
        self.pause()


def progress(step: str, done: int = 0, total: int = 0) -> None:
    """Say on stderr, one plain line per step, what a long piece of work is doing
    (for work that ends after the command's own output has started)."""
    del done, total
    click.echo(f"kg: {step}…", err=True)


class BeforeWriting:
    """Work to do on a new store while it is still in memory, before it is
    written (``before_writing`` of ``open_for_command`` and ``kg.build.build``):
    the first ``kg query --data`` answers from it, ``kg build`` draws its
    overview from it. An error of that work (``errors``) is kept and raised by
    ``outcome()``, after the store is written, so the store is not built again.

    >>> later = BeforeWriting(lambda store: 1 / 0, errors=(ZeroDivisionError,))
    >>> later(None); later.ran
    True
    >>> later.outcome()
    Traceback (most recent call last):
    ZeroDivisionError: division by zero
    """

    def __init__(
        self, work: Callable[[Store], object], errors: tuple[type[Exception], ...]
    ) -> None:
        self.work, self.errors = work, errors
        self.ran = False
        self.result: object = None
        self.error: Exception | None = None

    def __call__(self, store: Store) -> None:
        self.ran = True
        try:
            self.result = self.work(store)
        except self.errors as err:
            self.error = err

    def outcome(self) -> object:
        """The work's result, or its error raised."""
        if self.error is not None:
            raise self.error
        return self.result


def open_for_command(
    backend: str, data: tuple[Path, ...], before_writing: Callable[[Store], None] | None = None
):
    """Open the store for a command: the remote endpoint given with --endpoint,
    else the local store (built if needed, with progress on stderr; when it is
    built, ``before_writing`` gets the store in memory before it is written,
    the progress paused)."""
    context = click.get_current_context(silent=True)
    endpoint = context.meta.get(ENDPOINT_KEY) if context else None
    if endpoint:
        from kg.store.remote import RemoteStore

        if data:
            raise BadParameter("--data works on the local store; publish it with `kg push` first")
        return RemoteStore(endpoint)
    from kg.build import open_store

    with StepProgress() as steps:
        hook = None
        if before_writing is not None:

            def hook(store: Store) -> None:
                steps.pause()
                before_writing(store)

        return open_store(backend, data, progress=steps, before_writing=hook)


def terminal_width() -> int:
    """The width text is wrapped to: the terminal's ($COLUMNS when piped), at most 100."""
    return min(shutil.get_terminal_size((80, 24)).columns, 100)


def shell_lines(command: str, width: int, prompt: str) -> str:
    """A command split before its options with backslashes, so that every line
    fits in ``width`` and the whole can still be pasted into a shell.

    >>> print(shell_lines("kg query --name members --as-of 2024", 30, "$ "))
    $ kg query --name members \\
          --as-of 2024
    """
    parts = command.replace(" --", "\0--").split("\0")
    lines = [prompt + parts[0]]
    for part in parts[1:]:
        if len(lines[-1]) + 1 + len(part) + 2 <= width:
            lines[-1] += " " + part
        else:
            lines[-1] += " \\"
            lines.append(" " * (len(prompt) + 4) + part)
    return "\n".join(lines)

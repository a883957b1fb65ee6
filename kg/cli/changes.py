"""`kg changes`: the changelog of facts, read from the history of data/."""

from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path

import click

from kg.cli.options import DayType, day_of, format_option, open_for_command

COLUMNS = ["day", "change", "kind", "subject", "label", "what", "reason", "commit"]
# A bar appears only once reading the history has taken this long (seconds).
PROGRESS_AFTER = 0.5


class _DelayedProgress:
    """A rich progress bar on stderr, shown only when the work takes a while."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.bar = None
        self.task = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if time.monotonic() - self.started < PROGRESS_AFTER or done >= total:
                return
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.task = self.bar.add_task("reading the history of data/", total=total)
            self.bar.start()
        self.bar.update(self.task, completed=done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@click.command()
@click.option(
    "--since",
    type=DayType(),
    metavar="DAY",
    help="Only commits made on or after DAY (YYYY, YYYY-MM or YYYY-MM-DD: its first day).",
)
@click.option(
    "--entity",
    metavar="NAME",
    help="Only statements and events that are this entity or mention it (any of its names).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    metavar="N",
    default=200,
    show_default=True,
    help="Read at most this many commits, the newest (0: all).",
)
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="The data folder whose history is read (default: the project's data/).",
)
@format_option("table", "csv", "json")
def changes(since, entity, limit, data_dir, fmt) -> None:
    """Statements and events added, changed or removed in data/, newest first,
    with the commit's message as the reason (read from git's history).

    A changed one lists the properties whose values differ. The table's
    title says which commits were read (for CSV, a line on stderr).

    Example: kg changes --since 2026-12-01 --entity Niger
    """
    from kg.changes import changes as read_changes
    from kg.resources import DATA_DIR

    wanted = None
    if entity:
        from kg.entities import resolve

        wanted = resolve(open_for_command("oxigraph", ()), entity).value
    progress = _DelayedProgress()
    try:
        log = read_changes(
            data_dir or DATA_DIR,
            since=day_of(since),
            limit=limit or None,
            entity=wanted,
            progress=progress,
        )
    finally:
        progress.close()
    coverage = log.coverage() + (f", for {entity}" if entity else "")
    if fmt == "json":
        click.echo(json.dumps(log.as_json(), indent=1, ensure_ascii=False))
        return
    if fmt == "csv":
        rows = [c.as_json() for c in log.changes]
        writer = csv.writer(sys.stdout, lineterminator="\r\n")
        columns = list(rows[0]) if rows else COLUMNS
        writer.writerow(columns)
        writer.writerows([row[c] for c in columns] for row in rows)
        click.echo(coverage, err=True)
        return
    import pyoxigraph as ox

    from kg.query.formats import write_table
    from kg.store import SelectResult

    rows = [
        tuple(ox.Literal(getattr(c, column)) if getattr(c, column) else None for column in COLUMNS)
        for c in log.changes
    ]
    write_table(SelectResult(COLUMNS, rows), sys.stdout, title=coverage)

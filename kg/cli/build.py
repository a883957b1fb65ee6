"""`kg build` (the main job: the store and the overview page) and `kg validate`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg.cli.options import BeforeWriting, StepProgress, data_option, open_for_command
from kg.errors import KGError

if TYPE_CHECKING:
    from kg.store import Store


@click.command()
@data_option
@click.option("--force", is_flag=True, help="Rebuild even if up to date.")
def build(data: tuple[Path, ...], force: bool) -> None:
    """Validate the data, derive plain edges and time bounds, write the store and the overview.

    Example: kg build
    """
    from kg.build import build as build_store
    from kg.views.reader import write_overview

    def overview_of(store: Store) -> Path:
        steps("writing the overview page")
        return write_overview(store)

    # A new store's overview is drawn from it in memory, before it is written:
    # its queries run 3-4 times faster there than on disk (at 1M triples the
    # overview took 38 s from disk).
    overview = BeforeWriting(overview_of, errors=(KGError, OSError))
    with StepProgress() as steps:
        result = build_store(data, force=force, progress=steps, before_writing=overview)
    state = "built" if result.built else "up to date"
    click.echo(f"store {state}: {result.path}")
    click.echo(
        f"  {len(result.files)} data files, {result.quads} triples ({result.derived} derived)"
    )
    if result.warnings:
        click.echo(
            f"  {len(result.warnings)} warning(s): sources whose page shows no title or date"
            " (kg validate)"
        )
    if overview.ran:
        written = overview.outcome()
    else:  # the store was up to date
        with StepProgress() as steps:
            # about 40 s for a 1M-triple graph
            written = overview_of(open_for_command("oxigraph", data))
    click.echo(f"overview: {written}")


@click.command()
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
    from kg.validate import validate_data

    # Piped, `kg validate` prints its report and nothing else (no step lines).
    with StepProgress(plain=False) as steps:
        report = validate_data(data, progress=steps)
    for problem in report.violations:
        click.echo(f"violation: {problem}")
    if list_warnings:
        for problem in report.warnings:
            click.echo(f"warning: {problem}")
    else:
        for message, count in report.warning_counts():
            click.echo(f"warnings: {count} x {message}")
        if report.warnings:
            click.echo("(kg validate --warnings lists each one)")
    click.echo(f"{len(report.violations)} violation(s), {len(report.warnings)} warning(s)")
    report.raise_for_violations(listed=False)

"""`kg ask`: a question in English or French, answered by a named query.

The command reads the question with kg.ask, prints how it read it, the
answer in one line, the rows (the reading table of `kg query`) and the
command that gives the same rows. Everything but a path question runs
without networkx, as `kg query` does.
"""

from __future__ import annotations

import json
import sys
import textwrap

import click

from kg.cli.options import (
    backend_option,
    data_option,
    format_option,
    open_for_command,
    shell_lines,
    terminal_width,
)


@click.command()
@click.argument("question")
@format_option(
    "table", "json", help="table for reading; json with the rows, the reading and the command."
)
@click.option(
    "--lang",
    type=click.Choice(["auto", "en", "fr"]),
    default="auto",
    show_default=True,
    help="The question's language (auto: guessed from its words).",
)
@backend_option
@data_option
def ask(question, fmt, lang, backend, data) -> None:
    """Answer a QUESTION in English or French from the graph.

    Understood: who led a state (or group) on a day; which foreign forces were
    in a state; who were a state's security partners; which states were
    members of an alliance; when a partner left a state; what happened in a
    state in a year; which coups a state had; who first reported a claim of
    the seed article; how two actors are connected. A year or month asked
    "as of" means its first day; "today" means the day the record was checked.
    Names and dates that cannot be read are refused (exit 2), never guessed.

    Example: kg ask "Qui dirigeait le Niger le 1er août 2023 ?"
    """
    from kg.ask import ask as answer_question
    from kg.ask import check_question

    check_question(question)  # refuse bad input before opening the store
    answer = answer_question(open_for_command(backend, data), question, lang)
    if fmt == "json":
        click.echo(json.dumps(answer.as_json(), indent=1, ensure_ascii=False))
        return
    from kg.query.formats import write_table

    width = terminal_width()
    wrap = textwrap.TextWrapper(width=width, subsequent_indent="  ")
    click.secho(wrap.fill(answer.headline), bold=True)
    for line in answer.readings:
        click.echo(wrap.fill(f"  {line}"))
    click.echo()
    write_table(answer.result, sys.stdout)
    click.echo()
    click.echo("Same answer:" if answer.language == "en" else "Même réponse :")
    for command in [answer.command, *answer.also]:
        click.echo(shell_lines(command, width, "  $ "))

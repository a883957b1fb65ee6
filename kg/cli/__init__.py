"""The ``kg`` command: a thin shell over the library.

Each command parses its arguments, calls one library function and formats
the result; every user mistake surfaces as one ``kg: error: ...`` line and a
non-zero exit code (see kg/errors.py), never a traceback. Each command group
has its module in this package (kg/cli/query.py, kg/cli/view.py, ...), and
the options they share are in kg/cli/options.py. A command's module, and the
stages it uses, are imported only when it runs, so ``kg query`` never pays
for networkx or a web server.
"""

from __future__ import annotations

import sys
from importlib import import_module

import click

from kg.errors import KGError

# Each command: the module of this package that defines it, and its name there.
COMMANDS = {
    "analyze": "analyze:analyze",
    "ask": "ask:ask",
    "build": "build:build",
    "changes": "changes:changes",
    "bundle": "bundle:bundle",
    "claims": "report:claims",
    "diff": "analyze:diff",
    "export": "export:export",
    "push": "push:push",
    "query": "query:query",
    "serve": "serve:serve",
    "stats": "report:stats",
    "validate": "build:validate",
    "view": "view:view",
}


class LazyGroup(click.Group):
    """The ``kg`` group: it imports a command's module only when that command is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attribute = COMMANDS[cmd_name].split(":")
        return getattr(import_module(f"{__name__}.{module}"), attribute)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
def app() -> None:
    """Sahel KG: a sourced, time-aware knowledge graph of the central Sahel."""


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

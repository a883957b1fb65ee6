"""The CLI's reading table (kg.query.formats.write_table) keeps identifiers whole.

A column of identifiers was folded like prose when the table was squeezed to
the terminal ("id:africa-corps-arrival-burk / ina-faso-2023-12"); it now
counts as a one-line column, so a table that cannot hold it whole turns into
records, where each value has the width of the line.
"""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest

from kg.query.formats import write_table
from kg.store import SelectResult

IDS = [f"st:{'long-' * n}statement-{n}" for n in range(1, 8)]


def _table(columns: int, names: list[str], rows: list[tuple[str, ...]]) -> str:
    class Narrow(io.StringIO):
        def isatty(self) -> bool:
            return False

    out = Narrow()
    result = SelectResult(names, [tuple(ox.Literal(cell) for cell in row) for row in rows])
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COLUMNS", str(columns))
        write_table(result, out)
    return out.getvalue()


@pytest.mark.parametrize("columns", [80, 100])
def test_identifiers_are_never_folded(columns):
    note = "a note long enough to wrap over several lines of a narrow column " * 2
    text = _table(columns, ["statement", "note"], [(i, note) for i in IDS])
    assert max(len(line.rstrip()) for line in text.splitlines()) <= columns
    for identifier in IDS:
        assert identifier in text


def test_prose_is_still_wrapped_in_a_table():
    note = "words " * 30
    text = _table(80, ["kind", "note"], [("Deployment", note)])
    assert "┃ kind" in text  # a table, not records
    assert sum("words" in line for line in text.splitlines()) > 1

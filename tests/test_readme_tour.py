"""Every command of the README's five-minute tour runs, and its output has the
shape the README shows.

A ``console`` block in the tour holds ``$ kg ...`` lines, each followed by
the output shown for it. The rules, so the README can trim long output:

- a line ``…`` stands for any number of lines left out;
- the first line shown (unless it is ``…``) must be the first line printed,
  so CSV headers match column for column;
- every other line shown must be printed somewhere (an exact CSV row, a
  count) and, when nothing is left out, the line counts must agree;
- in ``kg build``'s summary the counts change with every fact added, so its
  digits are compared as digits, and the store's folder as a folder.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
ELLIPSIS = "…"


def tour_section(text: str) -> str:
    start = text.index("## A five-minute tour")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def tour_commands(text: str) -> list[tuple[str, list[str]]]:
    """(command, lines shown after it) for every ``$ kg`` line in the tour's
    console blocks, and every ``kg`` line of its sh blocks (nothing shown)."""
    found: list[tuple[str, list[str]]] = []
    for lang, body in re.findall(r"```(console|sh)\n(.*?)```", tour_section(text), re.DOTALL):
        if lang == "sh":
            found += [(line.split("#")[0].strip(), []) for line in body.splitlines()]
            continue
        for chunk in re.split(r"^\$ ", body, flags=re.MULTILINE)[1:]:
            command, *shown = chunk.rstrip("\n").split("\n")
            found.append((command.strip(), shown))
    return [(command, shown) for command, shown in found if command.startswith("kg ")]


TOUR = tour_commands(README.read_text(encoding="utf-8"))


def normalise(command: str, line: str) -> str:
    if command.split()[:2] != ["kg", "build"]:
        return line
    line = re.sub(r"^store (built|up to date): .*$", "store built: <folder>", line)
    return re.sub(r"\d+", "N", line)


def test_the_tour_shows_the_commands_of_the_issue():
    commands = [command for command, _ in TOUR]
    assert commands[0] == "kg build"
    assert any(c.startswith("kg query --name members --as-of 2023-10-01") for c in commands)
    assert any(c.startswith("kg query --name head-of-state") for c in commands)
    assert "kg stats" in commands
    assert all(shown for _, shown in TOUR), "every tour command shows its output"


def test_shape_rules_catch_a_wrong_output():
    shown = ["a,b", "1,2", ELLIPSIS]
    assert shape_problems("kg x", shown, ["a,b", "1,2", "3,4"]) == []
    assert shape_problems("kg x", shown, ["a,c", "1,2"])  # another header
    assert shape_problems("kg x", ["a,b", "1,2"], ["a,b", "1,2", "3,4"])  # a row too many
    assert shape_problems("kg x", [ELLIPSIS, "n: 0", ELLIPSIS], ["m: 1", "n: 1"])


def shape_problems(command: str, shown: list[str], printed: list[str]) -> list[str]:
    printed = [normalise(command, line) for line in printed]
    problems = []
    first = normalise(command, shown[0]) if shown else ELLIPSIS
    if first != ELLIPSIS and printed[:1] != [first]:
        problems.append(f"first line {printed[:1]} is not {shown[0]!r}")
    for line in shown:
        if line != ELLIPSIS and normalise(command, line) not in printed:
            problems.append(f"{line!r} is not printed")
    if ELLIPSIS not in shown and len(shown) != len(printed):
        problems.append(f"{len(printed)} lines printed, {len(shown)} shown")
    return problems


@pytest.mark.parametrize(("command", "shown"), TOUR, ids=[command for command, _ in TOUR])
def test_tour_command_prints_what_the_readme_shows(kg, command, shown, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # `kg build` writes build/views/ under the current folder
    done = kg(*shlex.split(command)[1:])
    assert done.returncode == 0, done.stderr
    assert shape_problems(command, shown, done.stdout.rstrip("\n").split("\n")) == []

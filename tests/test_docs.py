"""Docs that cannot drift: the CLI reference and the scale-out page's table of
SPARQL features are regenerated and compared, and the README opens with the
two commands CI relies on."""

from __future__ import annotations

import re
from pathlib import Path

from cogapp import Cog
from servers import ENGINE_DIFFERENCES

ROOT = Path(__file__).resolve().parent.parent


def test_cli_reference_matches_the_cli():
    status = Cog().main(["cog", "--check", str(ROOT / "docs" / "cli.md")])
    assert status == 0, "docs/cli.md is stale: run `cog -r docs/cli.md`"


def test_scale_out_lists_the_features_the_named_queries_use():
    status = Cog().main(["cog", "--check", str(ROOT / "docs" / "scale-out.md")])
    assert status == 0, "docs/scale-out.md is stale: run `cog -r docs/scale-out.md`"


def test_scale_out_names_exactly_the_queries_virtuoso_answers_differently():
    page = (ROOT / "docs" / "scale-out.md").read_text(encoding="utf-8")
    table = page.split("| named query | departure |\n|---|---|\n", 1)[1].split("\n\n", 1)[0]
    first_cells = [row.split("|")[1] for row in table.splitlines()]
    listed = {name for cell in first_cells for name in re.findall(r"`([\w-]+)`", cell)}
    assert listed == set(ENGINE_DIFFERENCES)


def test_readme_opens_with_the_main_job_and_the_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b.split("\n", 1)[1] for b in readme.split("```sh")[1:3]]
    # Both install into a virtual environment, so PEP 668 systems accept them.
    assert "python3 -m venv .venv" in blocks[0] and "kg build" in blocks[0]
    assert "python3 -m venv .venv" in blocks[1] and "python -m pytest" in blocks[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[1].split("\n")[0].strip() in ci


def test_readme_lists_exactly_the_engine_departures_the_virtuoso_tests_pin():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tests = (ROOT / "tests" / "test_virtuoso.py").read_text(encoding="utf-8")
    listed = set(re.findall(r"`(test_engine_\w+)`", readme))
    pinned = set(re.findall(r"^def (test_engine_\w+)\(", tests, flags=re.MULTILINE))
    assert listed == pinned, f"README misses {pinned - listed}, lists unknown {listed - pinned}"


def test_data_card_states_the_record_horizon():
    card = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    record = (ROOT / "data" / "record.ttl").read_text(encoding="utf-8")
    [horizon] = re.findall(r'kg:horizon "(\d{4}-\d{2}-\d{2})"', record)
    assert f"last checked on {horizon}" in card

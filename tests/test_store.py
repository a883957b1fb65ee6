"""The persisted store: cached by content, rebuilt on change, read-only for
readers, never half-written."""

from __future__ import annotations

import pytest

from kg.build import build, cache_dir, open_store
from kg.errors import DataError, ValidationFailed
from kg.resources import DATA_DIR, ONTOLOGY_FILE, SHAPES_FILE

EXTRA = """
id:test-state a kg:State ; skos:prefLabel "Testland"@en .
"""


def stores() -> set[str]:
    return {p.name for p in (cache_dir() / "stores").iterdir()}


def test_bundled_files_are_found():
    assert ONTOLOGY_FILE.is_file() and SHAPES_FILE.is_file()
    assert sorted(p.name for p in DATA_DIR.glob("*.ttl"))


def test_a_second_build_reuses_the_store_and_new_data_gets_its_own(turtle_file):
    first = build()
    again = build()
    assert not again.built and again.path == first.path
    extra = turtle_file(EXTRA)
    with_extra = build([extra])
    assert with_extra.path != first.path
    extra.write_text(extra.read_text() + '\nid:test-state skos:altLabel "T"@en .\n')
    changed = build([extra])
    assert changed.built and changed.path != with_extra.path


def test_a_bad_build_writes_nothing(turtle_file):
    build()
    before = stores()
    with pytest.raises(DataError):
        build([turtle_file("id:x a kg:State ; skos:prefLabel 'unterminated .")])
    with pytest.raises(ValidationFailed):
        build([turtle_file("st:x a kg:Membership .")])
    assert stores() == before


def test_a_reader_does_not_block_another_command(kg):
    reader = open_store("oxigraph")  # read-only, held open while the command runs
    assert reader.query("ASK { ?s a kg:State }") is True
    proc = kg("query", "--name", "members", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert "burkina-faso" in proc.stdout
    assert reader.query("ASK { id:niger a kg:State }") is True


def test_both_backends_hold_the_same_triples(real_stores):
    sizes = {name: len(store) for name, store in real_stores.items()}
    assert sizes["oxigraph"] == sizes["rdflib"]


def test_derived_edges_skip_planned_and_denied(real_store):
    # S17's 200 extra troops are only announced: no plain deployedIn edge may come from it
    # alone, while the reported January deployment gives one.
    assert real_store.query("ASK { id:russia kg:deployedIn id:burkina-faso }") is True
    planned = real_store.query(
        "SELECT ?s WHERE { ?s kg:status kg:Announced ; kg:from ?f ; kg:to ?t . "
        "FILTER NOT EXISTS { ?other kg:from ?f ; kg:to ?t ; a ?k ; kg:status ?st . "
        "?s a ?k . FILTER(?st IN (kg:Reported, kg:Confirmed)) } "
        "?s a ?k2 . ?k2 kg:truthyProperty ?p . ?f ?p ?t }"
    )
    assert planned.rows == []

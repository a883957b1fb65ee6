"""The persisted store: cached by content, rebuilt on change, read-only for
readers, never half-written."""

from __future__ import annotations

import re

import pytest
from helpers import ID, comparable, snippet_store
from pyoxigraph import NamedNode

from kg.build import _DERIVE_CODE, build, cache_dir, open_store, rdflib_store
from kg.errors import DataError, ValidationFailed
from kg.load import RdfFile, graph_file, load_files, parse_file, rdf_files
from kg.query import named_query, run
from kg.resources import DATA_DIR, ONTOLOGY_FILE, PACKAGE_DIR, SHAPES_FILE
from kg.store import OxigraphStore

EXTRA = """
id:test-state a kg:State ; skos:prefLabel "Testland"@en .
"""


def stores() -> set[str]:
    return {p.name for p in (cache_dir() / "stores").iterdir()}


def test_bundled_files_are_found():
    assert ONTOLOGY_FILE.is_file() and SHAPES_FILE.is_file()
    assert sorted(p.name for p in DATA_DIR.glob("*.ttl"))


def test_the_store_key_covers_the_code_that_decides_what_is_stored():
    # A change to the shapes' compiler, to the time rules or to any module of
    # the derive package makes a new store rather than reusing a stale one.
    deciding = [
        *(PACKAGE_DIR / "derive").glob("*.py"),
        PACKAGE_DIR / "validate" / "shapes.py",
        PACKAGE_DIR / "temporal.py",
    ]
    assert {p.resolve() for p in deciding} <= {p.resolve() for p in _DERIVE_CODE}


@pytest.mark.slow
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


@pytest.mark.slow
def test_a_bad_build_writes_nothing(turtle_file):
    build()
    before = stores()
    with pytest.raises(DataError):
        build([turtle_file("id:x a kg:State ; skos:prefLabel 'unterminated .")])
    with pytest.raises(ValidationFailed):
        build([turtle_file("st:x a kg:Membership .")])
    assert stores() == before


@pytest.mark.slow
def test_a_reader_does_not_block_another_command(kg):
    reader = open_store("oxigraph")  # read-only, held open while the command runs
    assert reader.query("ASK { ?s a kg:State }") is True
    proc = kg("query", "--name", "members", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert "burkina-faso" in proc.stdout
    assert reader.query("ASK { id:niger a kg:State }") is True


def test_the_store_parser_names_file_line_and_column_of_bad_turtle(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://e/> .\n\nex:a ex:b "unterminated .\n', encoding="utf-8")
    store = OxigraphStore.in_memory()
    with pytest.raises(DataError, match=rf"^{re.escape(str(bad))}:3:\d+: invalid Turtle"):
        load_files(store, [RdfFile(bad, NamedNode("http://e/graph"))])
    assert len(store) == 0


@pytest.mark.slow
def test_a_memory_copy_answers_as_the_store_on_disk():
    on_disk = open_store("oxigraph")
    copy = open_store("oxigraph", in_memory=True)
    assert len(copy) == len(on_disk) > 10_000
    query = named_query("members")
    # GROUP_CONCAT's order is the engine's choice: compare as test_queries does.
    assert comparable(run(copy, query)) == comparable(run(on_disk, query))


@pytest.mark.slow
def test_both_backends_hold_the_same_triples(real_stores):
    sizes = {name: len(store) for name, store in real_stores.items()}
    assert sizes["oxigraph"] == sizes["rdflib"]


def test_derived_edges_skip_planned_and_denied(each_store):
    # S17's 200 extra troops are only announced: no plain deployedIn edge may come from it
    # alone, while the reported January deployment gives one.
    assert each_store.query("ASK { id:russia kg:deployedIn id:burkina-faso }") is True
    planned = each_store.query(
        "SELECT ?s WHERE { ?s kg:status kg:Announced ; kg:from ?f ; kg:to ?t . "
        "FILTER NOT EXISTS { ?other kg:from ?f ; kg:to ?t ; a ?k ; kg:status ?st . "
        "?s a ?k . FILTER(?st IN (kg:Reported, kg:Confirmed)) } "
        "?s a ?k2 . ?k2 kg:truthyProperty ?p . ?f ?p ?t }"
    )
    assert planned.rows == []


WITHIN = "SELECT ?node ?above WHERE { ?node kg:within ?above }"
# The walk kg:within stands for, from every node it is written for.
WALKED = """SELECT ?node ?above WHERE {
  { SELECT DISTINCT ?node WHERE { ?node kg:within ?any } }
  ?node (kg:partOf|kg:subordinateTo)* ?above }"""


def test_within_is_the_walk_up_the_chains(each_store):
    """kg:within holds exactly where the path it stands for does, for every
    actor (itself included) and every end of a relationship."""
    written = {tuple(map(str, row)) for row in each_store.query(WITHIN).rows}
    assert written == {tuple(map(str, row)) for row in each_store.query(WALKED).rows}
    assert (f"<{ID}wagner-group>", f"<{ID}russia>") in written
    unwritten = (
        "SELECT ?x WHERE { { ?x a kg:Actor } UNION { ?r kg:from ?x }"
        " FILTER NOT EXISTS { ?x kg:within ?x } }"
    )
    assert each_store.query(unwritten).rows == []


def test_within_follows_stated_edges_and_cycles(backend):
    """Plain edges written by hand count as the derived ones do, on untyped
    nodes too, and a cycle ends (every node of it is within every other)."""
    store = snippet_store(
        "id:a kg:partOf id:b . id:b kg:subordinateTo id:c . id:c kg:partOf id:a ."
        " id:d kg:partOf id:c .",
        backend,
    )
    written = {(row[0].value, row[1].value) for row in store.query(WITHIN).rows}
    ring = {ID + n for n in "abc"}
    assert written == {(x, y) for x in ring for y in ring} | {
        (ID + "d", y) for y in {ID + "d", *ring}
    }


# A TriG file: one triple in its default graph, one in a graph of its own.
TRIG = """
<http://example.org/a> <http://example.org/p> 1 .
<http://example.org/g> { <http://example.org/b> <http://example.org/p> 2 . }
"""
NQUADS = """<http://example.org/a> <http://example.org/p> "1" .
<http://example.org/b> <http://example.org/p> "2" <http://example.org/g> .
"""
IN_GRAPHS = "SELECT ?g ?s WHERE { GRAPH ?g { ?s <http://example.org/p> ?o } }"


@pytest.mark.parametrize(("name", "text"), [("facts.trig", TRIG), ("facts.nq", NQUADS)])
def test_trig_and_nquads_keep_their_graph_names_on_both_backends(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    (tmp_path / "none").mkdir()
    file = rdf_files([path], data_dir=tmp_path / "none")[-1]
    assert file.graph == NamedNode("https://w3id.org/sahel-kg/graph/extra/facts")
    expected = {
        ("https://w3id.org/sahel-kg/graph/extra/facts", "http://example.org/a"),
        ("http://example.org/g", "http://example.org/b"),
    }
    oxigraph = OxigraphStore.in_memory()
    load_files(oxigraph, [file])
    for store in (oxigraph, rdflib_store([file])):
        assert {(g.value, s.value) for g, s in store.select(IN_GRAPHS).rows} == expected
    assert {(q.graph_name.value, q.subject.value) for q in parse_file(file)} == expected


def test_a_folder_gives_turtle_trig_and_nquads_files(tmp_path):
    for name in ("a.ttl", "b.trig", "c.nq", "d.nt", "notes.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    (tmp_path / "none").mkdir()
    files = rdf_files([tmp_path], data_dir=tmp_path / "none")[1:]
    assert [(f.path.name, f.format.name) for f in files] == [
        ("a.ttl", "Turtle"),
        ("b.trig", "TriG"),
        ("c.nq", "N-Quads"),
        ("d.nt", "N-Triples"),
    ]


@pytest.mark.parametrize(
    ("name", "text", "where", "kind"),
    [
        ("bad.trig", "<http://e/g> {\n<http://e/a> <http://e/b> .\n}\n", ":2:", "invalid TriG"),
        ("bad.nq", '<http://e/a> <http://e/b> "x" <g> .\n', ":1:", "invalid N-Quads"),
    ],
)
def test_bad_trig_or_nquads_names_file_line_and_column(tmp_path, name, text, where, kind):
    bad = tmp_path / name
    bad.write_text(text, encoding="utf-8")
    file = RdfFile(bad, NamedNode("http://e/graph"))
    for read in (parse_file, lambda f: load_files(OxigraphStore.in_memory(), [f])):
        with pytest.raises(DataError, match=rf"^{re.escape(str(bad))}{where}\d+: {kind}"):
            read(file)


def test_a_file_may_not_write_into_the_projects_own_graphs(tmp_path):
    sneaky = tmp_path / "sneaky.trig"
    sneaky.write_text(
        "<https://w3id.org/sahel-kg/graph/derived> { <http://e/a> <http://e/b> 1 . }\n"
    )
    with pytest.raises(DataError, match=r"sneaky\.trig: the graph <.*/graph/derived> is one of"):
        parse_file(RdfFile(sneaky, NamedNode("http://e/graph")))


def test_graph_name_and_file_are_checked(tmp_path):
    facts = tmp_path / "facts.ttl"
    facts.write_text("", encoding="utf-8")
    assert graph_file("http://example.org/g", facts) == RdfFile(
        facts, NamedNode("http://example.org/g")
    )
    with pytest.raises(DataError, match="must be an absolute IRI"):
        graph_file("g", facts)
    with pytest.raises(DataError, match=r"missing\.ttl: no such file"):
        graph_file("http://example.org/g", tmp_path / "missing.ttl")
    with pytest.raises(DataError, match="one of the project's own"):
        graph_file("https://w3id.org/sahel-kg/graph/ontology", facts)

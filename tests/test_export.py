"""Exports round-trip: RDF parses back isomorphic, networks read back the same,
as-of exports keep what the as-of rule keeps, and writes are all or nothing."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import geojson_pydantic
import networkx as nx
import pytest
from helpers import HOSTILE_FIGURES, HOSTILE_TURTLE, snippet_store
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from kg.errors import BadParameter, EmptyGraph
from kg.export import atomic_write, export, flat_graph, gexf_graph
from kg.query import adhoc, run
from kg.store.rdflib_terms import to_rdflib
from kg.vocab import ENTITY_NS, ONTOLOGY_NS, STATEMENT_NS

KG = ONTOLOGY_NS
ID = ENTITY_NS
ST = STATEMENT_NS

# st:niger-member-of-aes in data/seed-article.ttl: the seed article, the AES
# founding report and the two pages on the December 2025 AES summit.
AES_SOURCES = [
    "src:abamako-2025-12-23-aes-summit-traore",
    "src:sahelintelligence-2025-12-tiani-bamako",
    "src:seed-article",
    "src:topnewsafrica-aes-creation",
]


@pytest.fixture(scope="module")
def store(real_stores):
    return real_stores["oxigraph"]


@pytest.fixture(scope="module")
def source_graphs(store) -> dict[str, Graph]:
    """The store's named graphs, read with pyoxigraph's own quad iterator
    (not the SPARQL the export uses), as rdflib graphs."""
    graphs: dict[str, Graph] = {}
    for quad in store.quads():
        graph = graphs.setdefault(quad.graph_name.value, Graph())
        graph.add(tuple(to_rdflib(t) for t in (quad.subject, quad.predicate, quad.object)))
    return graphs


def union(graphs: dict[str, Graph]) -> Graph:
    merged = Graph()
    for graph in graphs.values():
        for triple in graph:
            merged.add(triple)
    return merged


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["turtle", "jsonld"])
def test_triples_round_trip(store, source_graphs, tmp_path, fmt):
    path = tmp_path / f"sahel.{fmt}"
    result = export(store, fmt, path)
    parsed = Graph().parse(path, format="json-ld" if fmt == "jsonld" else "turtle")
    expected = union(source_graphs)
    assert result.count == len(parsed) == len(expected)
    assert isomorphic(parsed, expected)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_quads_round_trip_with_their_named_graphs(store, source_graphs, tmp_path, fmt):
    path = tmp_path / f"sahel.{fmt}"
    export(store, fmt, path)
    parsed = Dataset()
    parsed.parse(path, format=fmt)
    names = {str(g.identifier) for g in parsed.graphs() if len(g)}
    assert names == set(source_graphs)
    assert "https://w3id.org/sahel-kg/graph/derived" in names
    for name, expected in source_graphs.items():
        assert isomorphic(parsed.graph(URIRef(name)), expected), name


@pytest.mark.slow
def test_jsonld_uses_readable_keys(store, tmp_path):
    path = tmp_path / "sahel.jsonld"
    export(store, "jsonld", path)
    document = json.loads(path.read_text(encoding="utf-8"))
    context = document["@context"]
    assert context["start"] == {"@id": "kg:start", "@type": "xsd:date"}
    assert context["source"] == {"@id": "kg:source", "@type": "@id"}
    assert context["label"] == {"@id": "skos:prefLabel"}
    (aes,) = [n for n in document["@graph"] if n["@id"] == "st:niger-member-of-aes"]
    # data/seed-article.ttl
    assert aes["from"] == "id:niger" and aes["to"] == "id:aes"
    assert aes["start"] == "2023-09-16"
    assert sorted(aes["source"]) == AES_SOURCES


def test_graphml_reads_back_with_the_same_nodes_edges_and_attributes(store, tmp_path):
    path = tmp_path / "sahel.graphml"
    export(store, "graphml", path)
    written = flat_graph(store)
    back = nx.read_graphml(path, force_multigraph=True)
    assert set(back.nodes) == set(written.nodes)
    assert dict(back.nodes(data=True)) == dict(written.nodes(data=True))
    assert {(u, v, k): d for u, v, k, d in back.edges(keys=True, data=True)} == {
        (u, v, k): d for u, v, k, d in written.edges(keys=True, data=True)
    }
    edge = back.edges[ID + "france", ID + "niger", ST + "france-niger-security-partnership"]
    assert (edge["attested"], edge["end"], edge["status"]) == (
        "2023-07-01",
        "2023-12-22",
        "Confirmed",
    )


def test_a_relationships_figures_are_all_exported_with_what_they_count(tmp_path):
    """A relationship with two figures (st:evil-partnership: 1,100 and 27,500,
    each counting something else) keeps both, in words, in a network export."""
    path = tmp_path / "figures.graphml"
    export(snippet_store(HOSTILE_TURTLE), "graphml", path)
    back = nx.read_graphml(path, force_multigraph=True)
    edge = back.edges[ID + "evil-img", ID + "evil-script", ST + "evil-partnership"]
    assert edge["quantities"] == "; ".join(HOSTILE_FIGURES)


def test_gexf_reads_back_with_a_timeline(store, tmp_path):
    path = tmp_path / "sahel.gexf"
    export(store, "gexf", path)
    written = gexf_graph(flat_graph(store))
    back = nx.read_gexf(path)
    assert 'mode="dynamic"' in path.read_text(encoding="utf-8")
    assert set(back.nodes) == set(written.nodes)
    for node, data in written.nodes(data=True):
        assert back.nodes[node] == data
    assert {k: d for *_, k, d in back.edges(keys=True, data=True)} == {
        k: d for *_, k, d in written.edges(keys=True, data=True)
    }
    # From the defence accords of 24 April 1961 to 22 December 2023: last day the 21st.
    france = back.edges[ID + "france", ID + "niger", ST + "france-niger-security-partnership"]
    assert (france["start"], france["end"]) == ("1961-04-24", "2023-12-21")
    # An open tie has no end on the timeline: the sources give none.
    aes = back.edges[ID + "niger", ID + "aes", ST + "niger-member-of-aes"]
    assert (aes["start"], aes.get("end")) == ("2023-09-16", None)
    # Denied and announced statements are never active: not on the timeline.
    keys = {k for *_, k in back.edges(keys=True)}
    assert ST + "wagner-deployment-mali-denied" not in keys
    assert ST + "wagner-deployment-mali-planned-1000" not in keys
    assert ST + "wagner-deployment-mali" in keys


def test_csv_has_one_row_per_relationship_with_its_sources(store, tmp_path):
    path = tmp_path / "sahel.csv"
    export(store, "csv", path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    count = store.query("SELECT (COUNT(?r) AS ?n) WHERE { ?r a kg:Relationship }").rows[0][0]
    assert len(rows) == int(count.value) == len({r["statement"] for r in rows})
    (aes,) = [r for r in rows if r["statement"] == "st:niger-member-of-aes"]
    assert (aes["from"], aes["to"], aes["start"], aes["status"]) == (
        "id:niger",
        "id:aes",
        "2023-09-16",
        "Confirmed",
    )
    assert sorted(aes["sources"].split()) == AES_SOURCES
    assert all(r["sources"] for r in rows)


@pytest.mark.slow
def test_as_of_export_keeps_what_the_sparql_as_of_rule_keeps(store, tmp_path):
    day = date(2024, 6, 1)
    path = tmp_path / "mid-2024.trig"
    export(store, "trig", path, as_of=day)
    parsed = Dataset(default_union=True)
    parsed.parse(path, format="trig")
    kept = {str(s) for s in parsed.subjects(URIRef(KG + "from"), None)}
    query = adhoc("SELECT ?r WHERE { ?r a kg:Relationship .\n  # as-of: ?r\n}")
    active = run(store, query, as_of=day)
    assert kept == {row[0].value for row in active.rows}
    assert ST + "niger-member-of-aes" in kept
    assert ST + "france-niger-security-partnership" not in kept  # ended 2023-12-22
    plain = {(str(s), str(o)) for s, o in parsed.subject_objects(URIRef(KG + "securityPartnerOf"))}
    assert (ID + "russia", ID + "niger") in plain
    # France's one tie to Niger left that day is the 1977 agreement, whose end
    # Niger's junta announced (2023-08-03) with no effective date read: possible.
    france = {
        str(s)
        for s in parsed.subjects(URIRef(KG + "from"), URIRef(ID + "france"))
        if (s, URIRef(KG + "to"), URIRef(ID + "niger")) in parsed
    }
    assert france == {ST + "france-niger-military-technical-cooperation-1977"}
    # no quantity left hanging from a dropped statement
    blank_subjects = {s for s in parsed.subjects() if not isinstance(s, URIRef)}
    blank_objects = {o for o in parsed.objects() if o.__class__.__name__ == "BNode"}
    assert blank_subjects == blank_objects


def test_as_of_csv_and_graphml_keep_only_active_relationships(store, tmp_path):
    path = tmp_path / "mid-2024.csv"
    export(store, "csv", path, as_of=date(2024, 6, 1))
    statements = {row["statement"] for row in csv.DictReader(path.open(encoding="utf-8"))}
    assert "st:niger-member-of-aes" in statements
    assert "st:france-niger-security-partnership" not in statements
    assert "st:wagner-deployment-mali-denied" not in statements


@pytest.mark.slow
def test_empty_as_of_export_writes_nothing(store, tmp_path):
    path = tmp_path / "nothing.ttl"
    # Nothing in the record may have been in effect in 1300 (the earliest bound
    # is the French army's origin in the Hundred Years' War, 1337).
    with pytest.raises(EmptyGraph, match="1300-01-01"):
        export(store, "turtle", path, as_of=date(1300, 1, 1))
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "out.ttl"
    target.write_text("old content", encoding="utf-8")

    def half_then_fail(handle):
        handle.write(b"half a file")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        atomic_write(target, half_then_fail)
    assert target.read_text(encoding="utf-8") == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]
    with pytest.raises(BadParameter, match="does not exist"):
        atomic_write(tmp_path / "missing" / "x.ttl", lambda handle: None)


@pytest.mark.slow
def test_cli_export(kg, tmp_path):
    path = tmp_path / "sahel.gexf"
    done = kg("export", "-o", str(path), "--as-of", "2024-06")
    assert done.returncode == 0, done.stderr
    assert "as of 2024-06-01" in done.stdout and path.exists()
    bad = kg("export", "-o", str(tmp_path / "x.unknown"))
    assert bad.returncode == 6 and bad.stderr.startswith("kg: error: cannot tell the format")
    missing = kg("export", "-f", "turtle", "-o", str(Path(tmp_path) / "no" / "x.ttl"))
    assert missing.returncode == 6 and "does not exist" in missing.stderr


def test_geojson_is_an_rfc_7946_feature_collection_of_places_and_events(store, tmp_path):
    path = tmp_path / "sahel.geojson"
    result = export(store, "geojson", path)
    text = path.read_text(encoding="utf-8")
    collection = geojson_pydantic.FeatureCollection.model_validate_json(text)
    assert len(collection.features) == result.count
    data = json.loads(text)
    assert "crs" not in data  # RFC 7946 drops it: WGS84 only
    by_id = {f["id"]: f for f in data["features"]}
    # RFC 7946 orders a position longitude first; Bamako is at 12.60915 N, 7.97522 W.
    assert by_id["id:bamako"]["geometry"] == {"type": "Point", "coordinates": [-7.97522, 12.60915]}
    assert by_id["id:bamako"]["properties"]["kind"] == "Capital"
    assert by_id["id:bamako"]["properties"]["sources"] == ["src:geonames-cities500"]
    moura = by_id["id:moura-operation-2022@id:moura"]
    assert moura["geometry"]["coordinates"] == [-4.6, 14.32778]
    assert (moura["properties"]["date"], moura["properties"]["feature"]) == ("2022-03-27", "event")
    # The 2020 coup is drawn at both its places.
    assert {"id:mali-coup-2020@id:kati", "id:mali-coup-2020@id:bamako"} <= set(by_id)


def test_geojson_as_of_keeps_every_place_and_the_events_that_had_happened(store, tmp_path):
    export(store, "geojson", tmp_path / "all.geojson")
    export(store, "geojson", tmp_path / "then.geojson", as_of=date(2023, 1, 1))
    every = json.loads((tmp_path / "all.geojson").read_text(encoding="utf-8"))["features"]
    then = json.loads((tmp_path / "then.geojson").read_text(encoding="utf-8"))["features"]
    places = lambda fs: {f["id"] for f in fs if f["properties"]["feature"] == "place"}  # noqa: E731
    assert places(then) == places(every)
    events = {f["id"] for f in then if f["properties"]["feature"] == "event"}
    assert "id:moura-operation-2022@id:moura" in events  # March 2022
    assert "id:kidal-capture-2023@id:kidal" not in events  # November 2023
    assert all(f["properties"]["date"] <= "2023-01-01" for f in then if "date" in f["properties"])


@pytest.mark.slow
def test_graphml_and_gexf_carry_facility_coordinates(store, tmp_path):
    export(store, "graphml", tmp_path / "s.graphml")
    export(store, "gexf", tmp_path / "s.gexf")
    for back in (
        nx.read_graphml(tmp_path / "s.graphml", force_multigraph=True),
        nx.read_gexf(tmp_path / "s.gexf"),
    ):
        base = back.nodes[ID + "air-base-201"]
        assert (base["latitude"], base["longitude"]) == (16.95028, 8.01389)
        assert "latitude" not in back.nodes[ID + "niger"]

"""Exports: the store as files other tools open, whole or as of a day.

- RDF: Turtle (all triples, graphs merged), TriG and N-Quads (every named
  graph kept, so provenance travels), JSON-LD (graphs merged, with a context
  of readable keys: ``label``, ``start``, ``source``…). Quads are read through
  SPARQL (``queries/internal/all-quads.rq``).
- Networks, from ``kg.network.to_networkx``: GraphML (Cytoscape, Gephi, yEd)
  and GEXF (Gephi), attributes flattened to strings but for a facility's
  ``latitude`` and ``longitude`` (numbers, for Gephi's geo layout); CSV, one
  row per relationship with its sources.
- Maps: GeoJSON (RFC 7946), a FeatureCollection of Point features: every
  place with coordinates (names, kind, state, coordinate precision and
  sources) and every event placed at one (date, kind, status, place,
  sources), an event at several places once per place. Coordinates are
  [longitude, latitude] in WGS84, as the RFC orders them.

GEXF is dynamic: each edge's spell is the span in which it may have been in
effect, from its earliest possible start to the day before its latest
possible end (kg/temporal.py), so Gephi's timeline shows what ``--as-of``
shows, possible days included; the four bounds are kept as attributes.
Announced and denied relationships are left out of GEXF; GraphML and CSV keep
them with their ``status``.

``as_of`` keeps the relationships in effect that day, certainly or possibly
(``kg.network.as_of_view``); RDF exports then drop the other statements'
triples, the quantity nodes that hang from them and plain derived edges no
kept statement supports. GeoJSON keeps every place and the reported or
confirmed events that had happened by that day (their first possible day
on or before it).

Every file is written atomically: to a temporary file in the same folder,
then renamed over the target, so a failure leaves no partial file.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from kg.citations import slugs_in_order
from kg.errors import BadParameter, DataError
from kg.files import atomic_write
from kg.load import TOO_DEEP
from kg.network import active_graph, edge_bounds, quantity_text, to_networkx
from kg.store import Store
from kg.temporal import ACTIVE_STATUSES, FIRST_DAY, LAST_DAY
from kg.vocab import DERIVED_GRAPH, ONTOLOGY_NS, PREFIXES, shorten

__all__ = [
    "FORMATS",
    "ExportResult",
    "atomic_write",
    "csv_rows",
    "export",
    "flat_graph",
    "format_for",
    "geojson",
    "gexf_graph",
    "jsonld_context",
    "quads",
]

# Format name -> usual file suffix.
FORMATS = {
    "turtle": ".ttl",
    "trig": ".trig",
    "nquads": ".nq",
    "jsonld": ".jsonld",
    "graphml": ".graphml",
    "gexf": ".gexf",
    "csv": ".csv",
    "geojson": ".geojson",
}
CSV_COLUMNS = (
    "statement",
    "kind",
    "from",
    "from_label",
    "to",
    "to_label",
    "start",
    "start_precision",
    "end",
    "end_precision",
    "attested",
    "attested_precision",
    "end_announced",
    "status",
    "evidence",
    "sources",
    "source_addresses",
)
# Readable JSON-LD keys for terms outside the ontology; ontology terms use
# their local name (kg:start -> "start").
READABLE_KEYS = {
    "http://www.w3.org/2004/02/skos/core#prefLabel": "label",
    "http://www.w3.org/2004/02/skos/core#altLabel": "altLabel",
    "http://www.w3.org/2004/02/skos/core#note": "note",
    "http://www.w3.org/2004/02/skos/core#definition": "definition",
    "http://www.w3.org/2000/01/rdf-schema#comment": "comment",
    "http://purl.org/dc/terms/title": "title",
    "http://purl.org/dc/terms/publisher": "publisher",
    "http://purl.org/dc/terms/date": "published",
    "http://purl.org/dc/terms/language": "language",
    "http://purl.org/dc/terms/creator": "creator",
    "http://www.w3.org/ns/prov#wasQuotedFrom": "quotedFrom",
}
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: where, in which format, how many items
    (triples, quads, edges or rows), and for which day if any."""

    path: Path
    format: str
    count: int
    unit: str
    as_of: date | None = None


def format_for(path: Path, fmt: str | None) -> str:
    """The format asked for, else the one the file's suffix names."""
    if fmt:
        if fmt not in FORMATS:
            raise BadParameter(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
        return fmt
    by_suffix = {suffix: name for name, suffix in FORMATS.items()} | {".json": "jsonld"}
    if path.suffix.lower() in by_suffix:
        return by_suffix[path.suffix.lower()]
    raise BadParameter(
        f"cannot tell the format of {str(path)!r} from its suffix: give --format "
        f"({', '.join(FORMATS)})"
    )


def export(store: Store, fmt: str, path: Path, as_of: date | None = None) -> ExportResult:
    """Write the store (or what was active on ``as_of``) to ``path`` in ``fmt``."""
    fmt = format_for(Path(path), fmt)
    if fmt in ("turtle", "trig", "nquads", "jsonld"):
        data = quads(store, as_of)
        if fmt == "trig":
            body = ox.serialize(_sorted(data), format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
            count, unit = len(data), "quads"
        elif fmt == "nquads":
            body = ox.serialize(_sorted(data), format=ox.RdfFormat.N_QUADS)
            count, unit = len(data), "quads"
        else:
            triples = _sorted({ox.Triple(q.subject, q.predicate, q.object) for q in data})
            count, unit = len(triples), "triples"
            if fmt == "turtle":
                body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
            else:
                body = _jsonld(triples)
        atomic_write(path, lambda f: f.write(body))
        return ExportResult(Path(path), fmt, count, unit, as_of)
    if fmt == "geojson":
        collection = geojson(store, as_of)
        body = json.dumps(collection, ensure_ascii=False, indent=1).encode("utf-8")
        atomic_write(path, lambda f: f.write(body))
        return ExportResult(Path(path), fmt, len(collection["features"]), "features", as_of)
    graph = flat_graph(store, as_of)
    if fmt == "graphml":
        atomic_write(path, lambda f: nx.write_graphml(graph, f, encoding="utf-8"))
        return ExportResult(Path(path), fmt, graph.number_of_edges(), "edges", as_of)
    if fmt == "gexf":
        dynamic = gexf_graph(graph)
        atomic_write(path, lambda f: nx.write_gexf(dynamic, f, encoding="utf-8"))
        return ExportResult(Path(path), fmt, dynamic.number_of_edges(), "edges", as_of)
    rows = csv_rows(graph)
    atomic_write(path, lambda f: f.write(_csv_text(rows).encode("utf-8")))
    return ExportResult(Path(path), fmt, len(rows), "rows", as_of)


# --- RDF -----------------------------------------------------------------------


def quads(store: Store, as_of: date | None = None) -> list[ox.Quad]:
    """Every quad in the store's named graphs, or those that stand on ``as_of``."""
    found = [ox.Quad(s, p, o, g) for g, s, p, o in store.select_internal("all-quads").rows]
    if as_of is None:
        return found
    graph = to_networkx(store)
    active = active_graph(graph, as_of)
    kept = {k for *_, k in active.edges(keys=True)}
    dropped: set = {ox.NamedNode(k) for *_, k in graph.edges(keys=True) if k not in kept}
    # Quantity nodes (blank) hang from a statement: they go with it.
    by_subject: dict = defaultdict(list)
    for quad in found:
        by_subject[quad.subject].append(quad)
    frontier = list(dropped)
    while frontier:
        for quad in by_subject.get(frontier.pop(), ()):
            if isinstance(quad.object, ox.BlankNode) and quad.object not in dropped:
                dropped.add(quad.object)
                frontier.append(quad.object)
    truthy = {row[0].value: row[1] for row in store.select_internal("truthy-properties").rows}
    plain = set(truthy.values())
    supported = {
        (ox.NamedNode(u), truthy[d["kind"]], ox.NamedNode(v))
        for u, v, d in active.edges(data=True)
        if d["kind"] in truthy
    }
    return [
        q
        for q in found
        if q.subject not in dropped
        and not (
            q.graph_name == DERIVED_GRAPH
            and q.predicate in plain
            and (q.subject, q.predicate, q.object) not in supported
        )
    ]


def _sorted(items: Iterable) -> list:
    return sorted(items, key=str)


def jsonld_context(triples: Iterable[ox.Triple]) -> dict:
    """A JSON-LD context for ``triples``: the project's prefixes, ``type`` for
    rdf:type, and one readable key per property (ontology terms by local name,
    common Dublin Core / SKOS / PROV terms by READABLE_KEYS), typed where all
    its values share a datatype or are all IRIs, so values stay plain."""
    kinds: dict[str, set[str]] = defaultdict(set)
    for triple in triples:
        obj = triple.object
        if isinstance(obj, ox.BlankNode):
            # rdflib embeds a blank node object only when its key is not
            # coerced to @id (coerced, the node's own triples are lost).
            kinds[triple.predicate.value].add("@blank")
        elif isinstance(obj, ox.NamedNode):
            kinds[triple.predicate.value].add("@id")
        elif obj.language:
            kinds[triple.predicate.value].add("@language")
        else:
            kinds[triple.predicate.value].add(obj.datatype.value)
    context: dict = {**PREFIXES, "type": "@type"}
    for predicate in sorted(kinds):
        if predicate == _RDF_TYPE:
            continue
        if predicate.startswith(ONTOLOGY_NS):
            key = predicate[len(ONTOLOGY_NS) :]
        else:
            key = READABLE_KEYS.get(predicate)
        if not key or key in context:
            continue
        term: dict = {"@id": shorten(predicate)}
        (only,) = kinds[predicate] if len(kinds[predicate]) == 1 else (None,)
        if only == "@id":
            term["@type"] = "@id"
        elif only and only not in ("@blank", "@language", _XSD_STRING):
            term["@type"] = shorten(only)
        context[key] = term
    return context


def _jsonld(triples: list[ox.Triple]) -> bytes:
    from rdflib import Graph

    from kg.store.rdflib_terms import to_rdflib

    graph = Graph()
    for triple in triples:
        graph.add(tuple(to_rdflib(t) for t in (triple.subject, triple.predicate, triple.object)))
    try:
        text = graph.serialize(format="json-ld", context=jsonld_context(triples), indent=1)
    except RecursionError:
        raise DataError(TOO_DEEP.format(what="the data", reader="JSON-LD")) from None
    return text.encode("utf-8")


# --- networks ------------------------------------------------------------------


def _text(value: object) -> str | float:
    """An attribute as GraphML and GEXF carry it: text, but numbers (a
    facility's coordinates) stay numbers so tools can lay nodes out by them."""
    if isinstance(value, float):
        return value
    return value if isinstance(value, str) else str(value).lower()


def flat_graph(store: Store, as_of: date | None = None) -> nx.MultiDiGraph:
    """The projection (as of a day) as a plain MultiDiGraph whose attributes
    are strings (a facility's ``latitude`` and ``longitude`` numbers): absent
    values are left out, sources become their ids and addresses,
    space-separated, and figures their words ("about 1,100 soldiers"),
    separated by "; ". Keys are IRIs; ``curie`` is the short id."""
    projection = to_networkx(store)
    if as_of is not None:
        projection = active_graph(projection, as_of)
    flat = nx.MultiDiGraph()
    for node, data in projection.nodes(data=True):
        attributes = {("curie" if k == "id" else k): v for k, v in data.items()}
        flat.add_node(node, **{k: _text(v) for k, v in attributes.items() if v is not None})
    for u, v, key, data in projection.edges(keys=True, data=True):
        attributes = {("curie" if k == "id" else k): val for k, val in data.items()}
        sources = attributes.pop("sources")
        attributes["sources"] = " ".join(s["source"] for s in sources)
        figures = attributes.pop("quantities")
        attributes["quantities"] = "; ".join(map(quantity_text, figures)) or None
        attributes["source_addresses"] = " ".join(s["address"] for s in sources if s["address"])
        flat.add_edge(
            u, v, key=key, **{k: _text(val) for k, val in attributes.items() if val is not None}
        )
    return flat


def gexf_graph(flat: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``flat`` made dynamic for Gephi: each reported or confirmed edge gets the
    spell in which it may have been in effect, ``start`` (its earliest possible
    start) and ``end`` (the day before its latest possible end), each left out
    where the sources leave it unbounded; announced and denied edges are
    dropped. The four bounds stay as attributes, so the certain part can be
    told apart. Edges are labelled with their kind and identified by their
    statement IRI."""
    dynamic = nx.MultiDiGraph()
    dynamic.add_nodes_from(flat.nodes(data=True))
    for u, v, key, data in flat.edges(keys=True, data=True):
        if data.get("status") not in ACTIVE_STATUSES:
            continue
        span = edge_bounds(data)
        spell = {}
        if span.earliest_start != FIRST_DAY:
            spell["start"] = span.earliest_start.isoformat()
        if span.latest_end != LAST_DAY:
            spell["end"] = (span.latest_end - timedelta(days=1)).isoformat()
        dynamic.add_edge(u, v, key=key, **{**data, **spell, "id": key, "label": data["kind"]})
    return dynamic


def csv_rows(flat: nx.MultiDiGraph) -> list[dict[str, str]]:
    """One row per relationship (CSV_COLUMNS), sorted by statement."""
    rows = []
    for u, v, data in flat.edges(data=True):
        rows.append(
            {
                "statement": data["curie"],
                "kind": data["kind"],
                "from": flat.nodes[u]["curie"],
                "from_label": flat.nodes[u]["label"],
                "to": flat.nodes[v]["curie"],
                "to_label": flat.nodes[v]["label"],
                "start": data.get("start", ""),
                "start_precision": data.get("startPrecision", ""),
                "end": data.get("end", ""),
                "end_precision": data.get("endPrecision", ""),
                "attested": data.get("attested", ""),
                "attested_precision": data.get("attestedPrecision", ""),
                "end_announced": data.get("endAnnounced", ""),
                "status": data["status"],
                "evidence": data.get("evidence", ""),
                "sources": data["sources"],
                "source_addresses": data["source_addresses"],
            }
        )
    return sorted(rows, key=lambda r: r["statement"])


def _csv_text(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


# --- maps ----------------------------------------------------------------------


def _sourced(row: dict, citations) -> dict:
    slugs = slugs_in_order(row["sources"].value) if row["sources"] is not None else ""
    addresses = row["addresses"].value if row["addresses"] is not None else ""
    return {
        "sources": [f"src:{slug}" for slug in slugs.split()],
        "citations": citations.cite(slugs),
        "sourceAddresses": sorted(addresses.split()),
    }


def _value(row: dict, key: str) -> str | None:
    return row[key].value if row[key] is not None else None


def geojson(store: Store, as_of: date | None = None) -> dict:
    """Places and dated events as an RFC 7946 FeatureCollection (a dict ready
    for ``json.dumps``); with ``as_of``, only the reported or confirmed events
    that had happened by that day."""
    from kg.citations import Citations

    citations = Citations.of(store)
    features: list[dict] = []
    located: dict[str, tuple[float, float]] = {}
    for row in store.select_internal("map-places").dicts():
        place = row["place"].value
        point = [float(row["long"].value), float(row["lat"].value)]
        located[place] = (point[0], point[1])
        features.append(
            {
                "type": "Feature",
                "id": shorten(place),
                "geometry": {"type": "Point", "coordinates": point},
                "properties": {
                    "feature": "place",
                    "iri": place,
                    "label": _value(row, "label") or shorten(place),
                    "labelFr": _value(row, "labelFr"),
                    "kind": row["kind"].value,
                    "state": shorten(row["state"].value),
                    "stateLabel": _value(row, "stateLabel"),
                    "stateLabelFr": _value(row, "stateLabelFr"),
                    "coordinatePrecision": row["precision"].value,
                    **_sourced(row, citations),
                },
            }
        )
    for row in store.select_internal("map-events").dicts():
        day = date.fromisoformat(row["date"].value)
        status = row["status"].value
        if as_of is not None and (day > as_of or status not in ACTIVE_STATUSES):
            continue
        event, place = row["event"].value, row["place"].value
        features.append(
            {
                "type": "Feature",
                "id": f"{shorten(event)}@{shorten(place)}",
                "geometry": {"type": "Point", "coordinates": list(located[place])},
                "properties": {
                    "feature": "event",
                    "iri": event,
                    "label": _value(row, "label") or shorten(event),
                    "labelFr": _value(row, "labelFr"),
                    "kind": row["kind"].value,
                    "date": row["date"].value,
                    "datePrecision": row["datePrecision"].value,
                    "status": status.lower(),
                    "place": shorten(place),
                    **_sourced(row, citations),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}

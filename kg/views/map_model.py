"""The map model: places, dated events and forces' presences, ready to draw.

A map model is plain JSON, like a view model (``kg.views``), that
``assets/map.js`` draws over Natural Earth borders:

- ``places``: every place with coordinates, its kind, state, coordinate
  precision, sources, and a ``rank`` (0 first) saying whose name to label
  when names would collide;
- ``events``: each dated event at each of its places, with its date and
  precision, status and sources;
- ``presences``: each deployment at a town its sources name and each
  operation of a facility, at that place, with the force, the deploying
  actor (``sender``, the top of its kg:partOf / kg:subordinateTo chain) and
  the relationship's dates, status and sources;
- ``sources``: a citation (``kg.citations``) and address per source slug,
  which the items above name in date order.

Events and presences carry four day bounds as day numbers since 1970-01-01
(``earliestStartDay`` ... ``latestEndDay``), so the page applies the one
as-of rule (``kgCertainty`` in ``assets/certainty.js``): a presence's are the
ones the derive step stored for its relationship; an event has happened by
day D certainly once D is past its date's precision, possibly within it
(``event_bounds``), and stays on the map after.

Places and events come from the GeoJSON export's reading of the store
(``kg.export.geojson``), presences from ``queries/internal/map-presences.rq``
joined to the network projection (``kg.network.to_networkx``).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import networkx as nx

from kg.citations import Citation, Citations
from kg.derive import record_horizon
from kg.export import geojson
from kg.network import figure_texts, to_networkx
from kg.store import Store
from kg.styles import EVENT_STYLES, KIND_STYLES, PLACE_STYLES, SENDER_COLOURS
from kg.temporal import (
    ACTIVE_STATUSES,
    FIRST_DAY,
    LAST_DAY,
    Bounds,
    PartialDate,
    Precision,
    french_when,
)
from kg.views import EPOCH, caption, day_number
from kg.vocab import ENTITY_NS, KG, SOURCE_NS, shorten

__all__ = ["FOCUS_STATES", "event_bounds", "map_model"]

FOCUS_STATES = ("mali", "niger", "burkina-faso")
"""The states the map opens on (their borders, else their places)."""
CAPITAL = KG.name("Capital")
_STATUS_NAMES = {
    name.lower(): name for name in KG.names("Reported", "Confirmed", "Announced", "Denied")
}
_UNBOUNDED = {day_number(FIRST_DAY.isoformat()), day_number(LAST_DAY.isoformat())}
_BOUND_FIELDS = {
    "earliestStartDay": "earliest_start",
    "latestStartDay": "latest_start",
    "earliestEndDay": "earliest_end",
    "latestEndDay": "latest_end",
}


def event_bounds(day: date, precision: str) -> Bounds:
    """An event's four bounds: it happened on some day of its date's span and
    is then part of the record for good.

    >>> bounds = event_bounds(date(2021, 12, 1), "month")
    >>> bounds.earliest_start, bounds.latest_start, bounds.start_basis
    (datetime.date(2021, 12, 1), datetime.date(2021, 12, 31), 'happened in 2021-12')
    >>> event_bounds(date(2023, 7, 26), "day").start_basis
    'happened on 2023-07-26'
    >>> event_bounds(date(2021, 12, 1), "month").start_basis_fr
    'survenu en 2021-12'
    """
    when = PartialDate(day, Precision.from_name(precision))
    exact = when.precision is Precision.DAY
    basis = f"happened on {when}" if exact else f"happened in {when}"
    basis_fr = f"survenu {french_when(when)}"
    return Bounds(when.day, when.last_day, LAST_DAY, LAST_DAY, basis, "", basis_fr, "")


def _days(bounds: Bounds) -> dict[str, int]:
    return {name: (getattr(bounds, field) - EPOCH).days for name, field in _BOUND_FIELDS.items()}


class _Sources:
    """The sources the model cites, each once: its citation and address."""

    def __init__(self, store: Store) -> None:
        self.citations = Citations.of(store)
        self.addresses: dict[str, str] = {}
        for row in store.select_internal("source-addresses").dicts():
            slug, address = row["source"].value.removeprefix(SOURCE_NS), row["address"].value
            # One address a source; of two, the first in order, on any store.
            self.addresses[slug] = min(address, self.addresses.get(slug, address))
        self.used: dict[str, dict] = {}

    def cite(self, slugs: list[str]) -> list[str]:
        """``slugs`` (bare or ``src:``) in citation order, each recorded once."""
        bare = list(dict.fromkeys(s.removeprefix("src:") for s in slugs))
        unknown = Citation(None, "9999")
        bare.sort(key=lambda s: (self.citations.get(s, unknown).order(), s))
        for slug in bare:
            if slug not in self.used:
                known = self.citations.get(slug)
                self.used[slug] = {
                    "text": known.text if known else slug,
                    "address": self.addresses.get(slug),
                }
        return bare


def _precision_names(store: Store) -> dict[str, tuple[str, str | None]]:
    """Each coordinate precision's English and French name, by its code."""
    return {
        row["precision"].value: (
            row["label"].value if row["label"] is not None else row["precision"].value,
            row["labelFr"].value if row["labelFr"] is not None else None,
        )
        for row in store.select_internal("coordinate-precisions").dicts()
    }


def _places(
    features: list[dict], sources: _Sources, precisions: dict[str, tuple[str, str | None]]
) -> list[dict]:
    places = []
    for feature in features:
        props = feature["properties"]
        if props["feature"] != "place":
            continue
        longitude, latitude = feature["geometry"]["coordinates"]
        code = props["coordinatePrecision"]
        precision, precision_fr = precisions.get(code, (code, None))
        places.append(
            {
                "id": props["iri"],
                "shortId": feature["id"],
                "label": props["label"],
                "labelFr": props["labelFr"],
                "kind": props["kind"],
                "state": ENTITY_NS + props["state"].removeprefix("id:"),
                "stateLabel": props["stateLabel"],
                "stateLabelFr": props.get("stateLabelFr"),
                "lat": latitude,
                "long": longitude,
                "coordinatePrecision": precision,
                "coordinatePrecisionFr": precision_fr,
                "sources": sources.cite(props["sources"]),
            }
        )
    return places


def _events(features: list[dict], sources: _Sources, places: dict[str, dict]) -> list[dict]:
    events = []
    for feature in features:
        props = feature["properties"]
        if props["feature"] != "event":
            continue
        bounds = event_bounds(date.fromisoformat(props["date"]), props["datePrecision"])
        when = PartialDate(bounds.earliest_start, Precision.from_name(props["datePrecision"]))
        events.append(
            {
                "id": feature["id"],
                "event": props["iri"],
                "label": props["label"],
                "labelFr": props.get("labelFr"),
                "kind": props["kind"],
                "date": props["date"],
                "datePrecision": props["datePrecision"],
                "when": str(when),
                "status": _STATUS_NAMES[props["status"]],
                "place": places[props["place"]]["id"],
                **_days(bounds),
                "startBasis": bounds.start_basis,
                "endBasis": bounds.end_basis,
                "startBasisFr": bounds.start_basis_fr,
                "endBasisFr": bounds.end_basis_fr,
                "sources": sources.cite(props["sources"]),
            }
        )
    return events


def _presences(
    store: Store, sources: _Sources, places: dict[str, dict], graph: nx.MultiDiGraph
) -> list[dict]:
    edges = {key: (u, v, data) for u, v, key, data in graph.edges(keys=True, data=True)}
    seen: set[tuple[str, str]] = set()
    presences = []
    for row in store.select_internal("map-presences").dicts():
        statement, place = row["presence"].value, row["place"].value
        if (statement, place) in seen or statement not in edges or shorten(place) not in places:
            continue  # one sender per presence (the first by IRI)
        seen.add((statement, place))
        force, _, data = edges[statement]
        sender = row["sender"].value
        presences.append(
            {
                "id": f"{shorten(statement)}@{shorten(place)}",
                "statement": statement,
                "kind": data["kind"],
                "caption": caption(data),
                "captionFr": caption(data, language="fr"),
                "force": force,
                "forceLabel": graph.nodes[force].get("label") or shorten(force),
                "forceLabelFr": graph.nodes[force].get("label_fr"),
                "sender": sender,
                "senderLabel": row["senderLabel"].value if row["senderLabel"] else shorten(sender),
                "senderLabelFr": graph.nodes[sender].get("label_fr") if sender in graph else None,
                "place": place,
                "status": data["status"],
                **{name: day_number(data[name[:-3]]) for name in _BOUND_FIELDS},
                "startBasis": data.get("startBasis") or "",
                "endBasis": data.get("endBasis") or "",
                "startBasisFr": data.get("startBasisFr") or "",
                "endBasisFr": data.get("endBasisFr") or "",
                **figure_texts(data.get("quantities") or []),
                "sources": sources.cite([s["source"] for s in data.get("sources") or []]),
            }
        )
    return presences


def _rank(places: list[dict], events: list[dict], presences: list[dict]) -> None:
    """Give each place its labelling rank: the focus states' capitals, then
    places with more presences, then more events, then by name."""
    focus = {ENTITY_NS + slug for slug in FOCUS_STATES}
    held = Counter(p["place"] for p in presences)
    happened = Counter(e["place"] for e in events)

    def key(place: dict) -> tuple:
        capital = place["kind"] == CAPITAL and place["state"] in focus
        return (not capital, -held[place["id"]], -happened[place["id"]], place["label"])

    for rank, place in enumerate(sorted(places, key=key)):
        place["rank"] = rank


def _styles(counts: Counter, fixed: dict[str, dict]) -> dict[str, dict]:
    return {
        kind: {**fixed.get(kind, {"label": kind}), "count": counts[kind]}
        for kind in sorted(counts, key=lambda k: (list(fixed).index(k) if k in fixed else 99, k))
    }


def map_model(
    store: Store,
    as_of: date | None = None,
    title: str | None = None,
    *,
    graph: nx.MultiDiGraph | None = None,
) -> dict:
    """The map of the whole graph; the page opens at ``as_of`` if given
    (``graph``: ``kg.network.to_networkx(store)``, where the caller has it)."""
    sources = _Sources(store)
    features = geojson(store)["features"]
    places = _places(features, sources, _precision_names(store))
    by_short = {p["shortId"]: p for p in places}
    events = _events(features, sources, by_short)
    if graph is None:
        graph = to_networkx(store)
    presences = _presences(store, sources, by_short, graph)
    _rank(places, events, presences)
    senders = sorted({(p["senderLabel"], p["sender"]) for p in presences})
    sender_counts = Counter(p["sender"] for p in presences)
    days = [
        item[name]
        for item in (*events, *presences)
        for name in _BOUND_FIELDS
        if item[name] is not None and item[name] not in _UNBOUNDED
    ]
    recorded = record_horizon(store)
    horizon = recorded.isoformat() if recorded else None
    if horizon:
        days.append(day_number(horizon))
    if as_of is not None:
        days.append((as_of - EPOCH).days)
    labels = {p["state"]: p["stateLabel"] for p in places}
    default_title = "Sahel KG: map" + (f" as of {as_of.isoformat()}" if as_of else "")
    return {
        "title": title or default_title,
        "view": "map",
        "asOf": (as_of - EPOCH).days if as_of else None,
        "span": {"min": min(days), "max": max(days)} if days else None,
        "horizon": horizon,
        "activeStatuses": sorted(ACTIVE_STATUSES),
        "focus": [
            {"id": ENTITY_NS + slug, "label": labels.get(ENTITY_NS + slug, slug)}
            for slug in FOCUS_STATES
        ],
        "placeKinds": _styles(Counter(p["kind"] for p in places), PLACE_STYLES),
        "eventKinds": _styles(Counter(e["kind"] for e in events), EVENT_STYLES),
        "presenceKinds": {
            kind: {"label": KIND_STYLES[kind]["label"], "count": count}
            for kind, count in sorted(Counter(p["kind"] for p in presences).items())
        },
        "senders": {
            iri: {
                "label": label,
                "labelFr": graph.nodes[iri].get("label_fr") if iri in graph else None,
                "color": SENDER_COLOURS[i % len(SENDER_COLOURS)],
                "count": sender_counts[iri],
            }
            for i, (label, iri) in enumerate(senders)
        },
        "places": places,
        "events": events,
        "presences": presences,
        "sources": {slug: sources.used[slug] for slug in sorted(sources.used)},
    }

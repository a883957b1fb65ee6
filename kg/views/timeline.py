"""Timeline: relationship spans and events on one time axis, as a timeline model.

A timeline model is plain JSON drawn by ``assets/timeline.js`` with
vis-timeline. It is cut from a view model (``kg.views``: each edge with its
four derived day bounds and what they rest on) and the record's events
(``event_models``, read through ``queries/internal/timeline-events.rq``):

- a relationship is drawn as up to three parts of one row: the part it was
  certainly in effect (latest start to earliest end) solid, and either side
  of it, where the sources leave it uncertain (an unknown or imprecise
  start, an end announced but not dated, an open end past the day the record
  was checked), a hatched ``start`` or ``end`` part carrying the time model's
  reason (``startBasis``, ``endBasis``; in French ``startBasisFr``,
  ``endBasisFr``). A relationship never certainly in
  effect is one ``uncertain`` part; an announced or denied one, never in
  effect, one ``never`` part;
- an event is a point on its day, or a range over its month or year when the
  sources date it no closer, labelled so.

Days are numbers since 1970-01-01, as in the view model; a range's end is its
first day after. Bounds at the sentinel days (``kg.temporal.FIRST_DAY``,
``LAST_DAY``) are cut at the model's ``range``: a month before its first
dated day, a year after the record's horizon. Relationships are grouped by
partner (the other actor; for the whole graph, the pair) or by kind, events
by their kind, and each item names its group in both groupings so the page
switches between them without Python.

Whatever the page writes of the data is there in English and in French: each
item's ``text`` and ``reason`` (``textFr``, ``reasonFr``), each group's
``label`` (``labelFr``), actors and kinds named as the data names them in
French where it does; the page shows the one of its language.

>>> view = {"nodes": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
...     "edges": [{"id": "s", "from": "a", "to": "b", "kind": "Membership",
...                "status": "Confirmed", "earliestStartDay": 100, "latestStartDay": 130,
...                "earliestEndDay": 400, "latestEndDay": 400,
...                "startBasis": "started in 1970-04", "endBasis": "ended 1971-02-05",
...                "startBasisFr": "début en 1970-04", "endBasisFr": "fin le 1971-02-05"}],
...     "kinds": {"Membership": {"color": "#1f77b4", "label": "membership",
...                              "labelFr": "adhésion"}},
...     "horizon": None, "activeStatuses": ["Confirmed", "Reported"]}
>>> model = timeline_model(view, [], actor="a")
>>> [(i["part"], i["start"], i["end"], i["reason"]) for i in model["items"]]
[('start', 100, 130, 'started in 1970-04'), ('certain', 130, 400, None)]
>>> model["items"][1]["groups"], model["items"][1]["text"]
({'partner': 'partner:b', 'kind': 'kind:Membership'}, {'partner': 'membership', 'kind': '→ B'})
>>> model["items"][0]["reasonFr"], model["items"][1]["textFr"]
('début en 1970-04', {'partner': 'adhésion', 'kind': '→ B'})
"""

from __future__ import annotations

from datetime import date
from typing import Any

from kg.entities import EntityIndex
from kg.errors import BadParameter, EmptyGraph
from kg.network import statement_sources
from kg.store import Store
from kg.temporal import (
    ACTIVE_STATUSES,
    FIRST_DAY,
    LAST_DAY,
    PartialDate,
    Precision,
    Said,
    day_number,
    written_to_precision,
)
from kg.views import overview
from kg.vocab import KG, shorten

__all__ = ["DEFAULT_FROM", "GROUPINGS", "event_models", "timeline", "timeline_model"]

GROUPINGS = ("partner", "kind")
DEFAULT_FROM = date(2010, 1, 1)
"""The page opens on the years since this day (or the first dated one, if later);
"fit" shows everything."""
MARGIN_DAYS = 30
AFTER_HORIZON_DAYS = 365
"""How far past the last dated day (the record's horizon, at least) the range runs:
an open end is drawn hatched that far."""
WINDOW_AFTER_HORIZON_DAYS = 183

_FIRST, _LAST = day_number(FIRST_DAY), day_number(LAST_DAY)
_NEVER = {
    "Announced": Said(
        "announced or planned: never in effect", "annoncé ou prévu : jamais en vigueur"
    ),
    "Denied": Said("denied: never in effect", "démenti : jamais en vigueur"),
}
KG.names(*_NEVER)
_NO_STATUS = Said("no status: never in effect", "sans statut : jamais en vigueur")
_NEVER_CERTAIN = Said("never certainly in effect", "jamais certainement en vigueur")
_PRECISION_FR = {"month": "mois", "year": "année"}


def _cells(row: dict) -> dict[str, str | None]:
    return {name: (term.value if term is not None else None) for name, term in row.items()}


def event_models(store: Store, sources: dict[str, list[dict]] | None = None) -> list[dict]:
    """Every event of the record: its kind, date to its precision as a day range,
    status, place, who and where it involves (IRIs) and its sources, in date order
    (``sources``: ``statement_sources(store)``, where the caller has them already)."""
    if sources is None:
        sources = statement_sources(store)
    events = []
    for row in store.select_internal("timeline-events").dicts():
        cells = _cells(row)
        iri = cells["event"] or ""
        precision = cells["datePrecision"] or "day"
        when = PartialDate(date.fromisoformat(cells["date"] or ""), Precision.from_name(precision))
        events.append(
            {
                "id": iri,
                "shortId": shorten(iri),
                "label": cells["label"] or shorten(iri),
                "labelFr": cells["labelFr"],
                "kind": cells["kind"] or "Event",
                "kindLabel": cells["kindLabel"] or cells["kind"] or "event",
                "kindLabelFr": cells["kindLabelFr"] or cells["kindLabel"] or "événement",
                "date": cells["date"],
                "datePrecision": precision,
                "startDay": day_number(when.day),
                "endDay": day_number(when.last_day) + 1,
                "status": cells["status"],
                "place": " ; ".join(sorted(cells["place"].split(" ; ")))
                if cells["place"]
                else None,
                "versionOf": cells["versionOf"],
                "evidence": cells["evidence"],
                # GROUP_CONCAT's order is the engine's: sorted, the same on any store.
                "actors": sorted((cells["actors"] or "").split()),
                "places": sorted((cells["places"] or "").split()),
                "sources": sources.get(iri, []),
            }
        )
    return events


def _basis(edge: dict, side: str) -> Said:
    """One side's basis in English and French (the English where it has no French)."""
    english = edge.get(side + "Basis") or ""
    return Said(english, edge.get(side + "BasisFr") or english)


def _joined(bases: list[Said]) -> Said:
    said = [b for b in bases if b.en]
    return Said("; ".join(b.en for b in said), " ; ".join(b.fr for b in said))


def _parts(edge: dict, floor: int, ceiling: int) -> list[tuple[str, int, int, Said | None]]:
    """An edge's drawn parts: (part, first day, day after, reason), cut to the range."""
    es, ls = edge["earliestStartDay"], edge["latestStartDay"]
    ee, le = edge["earliestEndDay"], edge["latestEndDay"]
    start_basis, end_basis = _basis(edge, "start"), _basis(edge, "end")
    parts: list[tuple[str, int, int, Said | None]]
    if edge.get("status") not in ACTIVE_STATUSES:
        parts = [("never", es, le, _NEVER.get(edge.get("status") or "", _NO_STATUS))]
    elif ls < ee:
        parts = [("start", es, ls, start_basis), ("certain", ls, ee, None)]
        parts.append(("end", ee, le, end_basis))
    else:
        joined = _joined([start_basis, end_basis])
        reason = Said(f"{_NEVER_CERTAIN.en}: {joined.en}", f"{_NEVER_CERTAIN.fr} : {joined.fr}")
        parts = [("uncertain", es, le, reason)]
    cut = [(part, max(a, floor), min(b, ceiling), why) for part, a, b, why in parts]
    return [(part, a, b, why) for part, a, b, why in cut if a < b]


def _finite(days: list[int | None]) -> list[int]:
    return [d for d in days if d is not None and d not in (_FIRST, _LAST)]


def _day_range(edges: list[dict], events: list[dict], horizon: str | None) -> dict[str, int]:
    bounds = ("earliestStartDay", "latestStartDay", "earliestEndDay", "latestEndDay")
    days = _finite([e[name] for e in edges for name in bounds])
    days += [e["startDay"] for e in events] + [e["endDay"] for e in events]
    if horizon:
        days.append(day_number(date.fromisoformat(horizon)) + 1)
    if not days:
        today = day_number(date.today())
        return {"min": today - MARGIN_DAYS, "max": today + AFTER_HORIZON_DAYS}
    return {"min": min(days) - MARGIN_DAYS, "max": max(days) + AFTER_HORIZON_DAYS}


def _window(day_range: dict[str, int], horizon: str | None, as_of: date | None) -> dict[str, int]:
    """The days the page opens on: from DEFAULT_FROM (or the first day drawn) to
    half a year past the horizon, widened to show ``as_of``."""
    start = max(day_range["min"], day_number(DEFAULT_FROM))
    end = day_range["max"]
    if horizon:
        end = min(end, day_number(date.fromisoformat(horizon)) + WINDOW_AFTER_HORIZON_DAYS)
    if as_of is not None:
        day = day_number(as_of)
        start, end = min(start, day - 365), max(end, day + 365)
    return {"start": max(start, day_range["min"]), "end": min(end, day_range["max"])}


def _kind_words(view: dict, kind: str) -> Said:
    style = view.get("kinds", {}).get(kind) or {}
    english = style.get("label") or kind
    return Said(english, style.get("labelFr") or english)


def _edge_groups(
    edge: dict, words: str, actor: str | None, labels: dict[str, str], order: dict[str, str]
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The edge's group id and label in each grouping, and its text in each,
    in one language: the kind's ``words`` and the actors' ``labels`` in it (a
    pair's ends in the order of their ``order`` labels, the same in both)."""
    kind = edge.get("kind") or ""
    source, target = edge["from"], edge["to"]
    if actor is not None:
        other = target if source == actor else source
        arrow = "→ " if source == actor else "← "
        partner = ("partner:" + other, labels.get(other, shorten(other)))
        kind_text = arrow + labels.get(other, shorten(other))
    else:
        pair = sorted((source, target), key=lambda n: (order.get(n, n), n))
        partner = ("pair:" + "|".join(pair), " – ".join(labels.get(n, shorten(n)) for n in pair))
        kind_text = f"{labels.get(source, shorten(source))} → {labels.get(target, shorten(target))}"
    ids = {"partner": partner[0], "kind": "kind:" + kind}
    names = {partner[0]: partner[1], "kind:" + kind: words}
    return ids, names, {"partner": words, "kind": kind_text}


def _event_text(event: dict) -> Said:
    """An event's caption in English and French: its name, and its date where
    the sources give only its month or year."""
    label_fr = event.get("labelFr") or event["label"]
    precision = event["datePrecision"]
    if precision in _PRECISION_FR:
        written = written_to_precision(event["date"], precision)
        english = f"{event['label']} ({precision}: {written})"
        return Said(english, f"{label_fr} ({_PRECISION_FR[precision]} : {written})")
    return Said(event["label"], label_fr)


def timeline_model(
    view: dict,
    events: list[dict],
    *,
    actor: str | None = None,
    group_by: str = "partner",
    title: str | None = None,
    as_of: date | None = None,
) -> dict:
    """The timeline of ``view``'s relationships and ``events``: all of them, or
    those of ``actor`` (an IRI: its relationships and the events it takes part
    in or that happened in it), grouped by ``group_by`` on opening."""
    if group_by not in GROUPINGS:
        raise BadParameter(f"--group-by {group_by!r}: give one of {', '.join(GROUPINGS)}")
    labels = {n["id"]: n.get("label") or shorten(n["id"]) for n in view["nodes"]}
    labels_fr = {n["id"]: n.get("labelFr") or labels[n["id"]] for n in view["nodes"]}
    edges = [e for e in view["edges"] if actor is None or actor in (e["from"], e["to"])]
    chosen = [e for e in events if actor is None or actor in e["actors"] or actor in e["places"]]
    day_range = _day_range(edges, chosen, view.get("horizon"))
    floor, ceiling = day_range["min"], day_range["max"]

    items: list[dict[str, Any]] = []
    group_names: dict[str, str] = {}
    group_names_fr: dict[str, str] = {}
    first_day: dict[str, int] = {}
    for event in chosen:
        group = "events:" + event["kind"]
        group_names[group] = "events: " + event["kindLabel"]
        group_names_fr[group] = "événements : " + (event.get("kindLabelFr") or event["kindLabel"])
        precise = event["datePrecision"] == "day"
        caption = _event_text(event)
        items.append(
            {
                "id": event["id"],
                "event": event["id"],
                "part": "point" if precise else event["datePrecision"],
                "start": event["startDay"],
                "end": None if precise else event["endDay"],
                "groups": {"partner": group, "kind": group},
                "text": {"partner": caption.en, "kind": caption.en},
                "textFr": {"partner": caption.fr, "kind": caption.fr},
                "kind": event["kind"],
                "reason": None,
                "reasonFr": None,
            }
        )
    blank = {"partner": "", "kind": ""}
    for edge in edges:
        words = _kind_words(view, edge.get("kind") or "")
        ids, names, texts = _edge_groups(edge, words.en, actor, labels, labels)
        _, names_fr, texts_fr = _edge_groups(edge, words.fr, actor, labels_fr, labels)
        group_names.update(names)
        group_names_fr.update(names_fr)
        parts = _parts(edge, floor, ceiling)
        labelled = next((p[0] for p in parts if p[0] in ("certain", "uncertain", "never")), None)
        for part, start, end, reason in parts:
            first_day[ids["partner"]] = min(first_day.get(ids["partner"], start), start)
            items.append(
                {
                    "id": f"{edge['id']}#{part}",
                    "edge": edge["id"],
                    "part": part,
                    "start": start,
                    "end": end,
                    "groups": ids,
                    "text": texts if part == labelled else blank,
                    "textFr": texts_fr if part == labelled else blank,
                    "kind": edge.get("kind") or "",
                    "reason": reason.en if reason else None,
                    "reasonFr": reason.fr if reason else None,
                }
            )
    used_kinds = {e.get("kind") or "" for e in edges}
    kind_order = [k for k in view.get("kinds", {}) if k in used_kinds]
    event_groups = sorted({i["groups"]["kind"] for i in items if "event" in i})
    partner_groups = sorted(first_day, key=lambda g: (first_day[g], group_names[g]))
    groups = {
        "partner": event_groups + partner_groups,
        "kind": event_groups + ["kind:" + k for k in kind_order],
    }
    window = _window(day_range, view.get("horizon"), as_of)
    scope_label = labels.get(actor, shorten(actor)) if actor else None
    scope_label_fr = labels_fr.get(actor, scope_label) if actor else None
    return {
        "title": title or "Sahel KG: timeline of " + (scope_label or "the whole graph"),
        "titleFr": title or "Sahel KG : chronologie de " + (scope_label_fr or "tout le graphe"),
        "scope": actor,
        "scopeLabel": scope_label,
        "groupBy": group_by,
        "asOf": day_number(as_of) if as_of else None,
        "horizon": view.get("horizon"),
        "activeStatuses": sorted(ACTIVE_STATUSES),
        "range": day_range,
        "window": window,
        "kinds": {k: dict(view["kinds"][k]) for k in kind_order},
        "groups": {
            grouping: [
                {"id": g, "label": group_names[g], "labelFr": group_names_fr[g]} for g in ids
            ]
            for grouping, ids in groups.items()
        },
        "edges": [
            {
                **{k: v for k, v in e.items() if k not in ("smooth", "caption")},
                "fromLabel": labels.get(e["from"], shorten(e["from"])),
                "toLabel": labels.get(e["to"], shorten(e["to"])),
                "fromLabelFr": labels_fr.get(e["from"], shorten(e["from"])),
                "toLabelFr": labels_fr.get(e["to"], shorten(e["to"])),
            }
            for e in edges
        ],
        "events": [
            {
                **e,
                "actorLabels": sorted(labels.get(a, shorten(a)) for a in e["actors"]),
                "actorLabelsFr": sorted(labels_fr.get(a, shorten(a)) for a in e["actors"]),
            }
            for e in chosen
        ],
        "items": items,
    }


def timeline(
    store: Store,
    actor: str | None = None,
    *,
    as_of: date | None = None,
    group_by: str | None = None,
) -> dict:
    """The timeline of one actor (a slug, IRI or any of its names) or, with no
    actor, of the whole graph; it opens at ``as_of`` if given, grouped by
    ``group_by`` (default: by partner for an actor, by kind for the whole graph).

    An unknown actor is UnknownEntity; one with nothing dated, EmptyGraph."""
    iri = EntityIndex.of(store).resolve(actor).value if actor is not None else None
    view = overview(store, as_of=as_of)
    grouping = group_by or ("partner" if iri else "kind")
    model = timeline_model(view, event_models(store), actor=iri, group_by=grouping, as_of=as_of)
    if iri and not model["items"]:
        raise EmptyGraph(f"{actor!r} has no relationships or events to draw")
    if as_of:
        model["title"] += f" as of {as_of.isoformat()}"
        model["titleFr"] += f" au {as_of.isoformat()}"
    return model

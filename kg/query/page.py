"""The query page for readers, as Python describes it to the page.

The server's page at ``/`` and the portable explorer's query tab are one
page: the markup of ``assets/query-page.html``, the styles of
``assets/query-page.css`` and the script of ``assets/query-page.js``
(``window.kgQueryPage``). Each host gives the script an engine: the server's
sends the query text to ``/sparql``, the explorer's runs it in the WebAssembly
store. What the page needs that Python knows comes from ``page_data`` as
JSON, never re-written in JavaScript:

- the named queries of ``kg/queries/`` with their parameters (name, kind,
  description, default), each split where ``kg.store.sparql_text.with_values`` places a
  ``VALUES`` block, as written and with the as-of fragment of
  ``kg.temporal.expand_as_of`` pasted in: the page puts the typed parameters
  and the day there, as ``kg query --param ... --as-of ...`` binds them;
- the name index of ``kg.entities`` (names to IRIs, each entity's label),
  which the entity fields suggest and resolve against;
- each source's short citation (``kg.citations``), its address and its rank
  in citation order, so that a ``sources`` cell reads as ``kg query`` prints
  its ``citations`` column.
"""

from __future__ import annotations

import html
from itertools import pairwise
from string import Template
from typing import Any

from kg.citations import Citations
from kg.entities import EntityIndex
from kg.query import NamedQuery, named_queries
from kg.resources import PACKAGE_DIR
from kg.store import Store
from kg.store.sparql_text import query_form, values_places
from kg.temporal import AS_OF_VARIABLE, expand_as_of
from kg.vocab import BASE, ENTITY_NS, PREFIXES

__all__ = [
    "DEFAULT_QUERY",
    "entity_names",
    "page_data",
    "page_markup",
    "query_entry",
    "source_citations",
]

ASSETS_DIR = PACKAGE_DIR / "assets"
# The named query a reader first sees: a short answer with a name field and a date.
DEFAULT_QUERY = "members"


def split_for_values(text: str) -> dict[str, list]:
    """``text`` cut where ``with_values`` puts VALUES blocks: ``texts`` around
    ``slots``, each the variable bound there again (``None``: the top of the
    WHERE group, where every variable is bound).

    >>> split_for_values("SELECT ?s WHERE { ?s ?p ?o }")
    {'texts': ['SELECT ?s WHERE {', ' ?s ?p ?o }'], 'slots': [None]}
    """
    places = values_places(text)
    cuts = [0, *(at for at, _ in places), len(text)]
    return {
        "texts": [text[a:b] for a, b in pairwise(cuts)],
        "slots": [name for _, name in places],
    }


def query_entry(query: NamedQuery) -> dict[str, Any]:
    """One named query as the page reads it; its text is ``"".join(parts)``.

    >>> from kg.query import named_query
    >>> members = query_entry(named_query("members"))
    >>> [p["name"] for p in members["parameters"]], members["parts"]["texts"][0].endswith("{")
    (['organisation'], True)
    >>> "?membership__certainty" in "".join(members["asOfParts"]["texts"])
    True
    """
    return {
        "name": query.name,
        "description": query.description,
        "example": query.example,
        "form": query_form(query.text),
        "parameters": [
            {"name": p.name, "kind": p.kind, "description": p.description, "default": p.default}
            for p in query.parameters
        ],
        "parts": split_for_values(query.text),
        "asOfParts": split_for_values(expand_as_of(query.text)) if query.takes_as_of else None,
    }


def entity_names(index: EntityIndex) -> dict[str, Any]:
    """The name index of kg.entities: normalised names to IRIs (all entities,
    and actors apart), and each entity's label."""
    return {
        "byName": {name: sorted(iris) for name, iris in index.by_name.items()},
        "actorNames": {name: sorted(iris) for name, iris in index.actor_names.items()},
        "labels": index.labels,
    }


def source_citations(citations: Citations) -> dict[str, dict[str, Any]]:
    """Each source's citation text, address and rank: sorting a row's sources
    by rank, ties kept in the row's order, is ``Citations.cite``'s order.

    >>> from kg.citations import Citation
    >>> cited = source_citations(Citations({
    ...     "b": Citation("AFP", "2023-07-28", "day", address="https://afp.com/b"),
    ...     "a": Citation("RFI", "2023-07-28", "day", quoted="AFP"),
    ...     "c": Citation("Reuters", "2021-05-28", "day")}))
    >>> sorted(cited, key=lambda s: cited[s]["rank"]), cited["b"]["address"]
    (['c', 'b', 'a'], 'https://afp.com/b')
    """
    ranks = {order: n for n, order in enumerate(sorted({c.order() for c in citations.values()}))}
    return {
        slug: {"text": c.text, "address": c.address, "rank": ranks[c.order()]}
        for slug, c in citations.items()
    }


def page_data(store: Store, index: EntityIndex | None = None) -> dict[str, Any]:
    """Everything the page reads from Python, for ``kg.views.drawing.script_json``
    (``index``: the store's name index, where the caller has it already)."""
    return {
        "queries": [query_entry(q) for q in named_queries().values()],
        "defaultQuery": DEFAULT_QUERY,
        "entities": entity_names(index or EntityIndex.of(store)),
        "sources": source_citations(Citations.of(store)),
        "prefixes": PREFIXES,
        "base": BASE,
        "entityNamespace": ENTITY_NS,
        "asOfVariable": AS_OF_VARIABLE,
    }


def page_markup(sparql: str = "") -> str:
    """The page's markup, ``sparql`` (escaped) in its editor.

    >>> "&lt;b&gt;" in page_markup("<b>")
    True
    """
    template = Template((ASSETS_DIR / "query-page.html").read_text(encoding="utf-8"))
    return template.substitute(sparql=html.escape(sparql))

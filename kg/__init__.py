"""Sahel KG: a curated, sourced, time-aware knowledge graph of the central Sahel.

The package follows the data flow, one module or package per stage:

- ``kg.load`` finds and parses the RDF files;
- ``kg.validate`` (a package) checks them, with the SHACL shapes compiled to SPARQL
  (``kg.validate.shapes``);
- ``kg.derive`` (a package) adds the computed triples (``kg.derive.corroboration``:
  the grades);
- ``kg.build`` runs those three and persists the store, found again by its key;
- ``kg.store`` (a package) keeps the graph and answers SPARQL, embedded or remote;
- ``kg.query`` (a package) runs the named queries and writes their results;
- ``kg.ask`` (a package) answers questions in plain English or French;
- ``kg.network`` reads the store as a networkx graph, ``kg.analysis`` measures it;
- ``kg.views`` (a package) draws it: network views, reader, timeline, map, fact sheets;
- ``kg.server`` (a package) serves it: the HTTP app (``kg.server.app``) and the query
  processes (``kg.server.workers``);
- ``kg.bundle`` packs it in one portable page; ``kg.export`` writes it as files;
- ``kg.cli`` (a package) is the ``kg`` command, a thin shell over these.

Beside them: ``kg.changes`` (what the history of data/ changed, and why),
``kg.report`` (``kg stats`` and the claims table) and ``kg.ontology_doc``
(``docs/ontology.md``).

Shared by the stages: ``kg.vocab`` (IRIs), ``kg.temporal`` (dates and the as-of
rule), ``kg.entities`` (names to IRIs), ``kg.citations``, ``kg.styles``,
``kg.errors``, ``kg.files`` and ``kg.resources``.
"""

from __future__ import annotations

__version__ = "0.1.0"

"""The server stage: a read-only, bounded SPARQL 1.1 Protocol endpoint.

- ``kg.server.app`` is the HTTP app (routes, pages, limits on clients, the
  response cache) and ``serve``, which runs it with uvicorn;
- ``kg.server.workers`` holds the query worker processes the app hands every
  query to, and what a worker needs to answer (content negotiation, the
  result serialisers, the caps on rows and bytes);
- ``kg.server.processes`` runs several server processes on one port
  (``--processes``) and switches them to a rebuilt store together.

This module imports neither: each worker process is started fresh and
imports ``kg.server.workers`` alone, without the HTTP app and its
dependencies, so that it starts quickly and small under its memory limit.
"""

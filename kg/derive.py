"""The derive step: triples computed from the curated ones.

Each ``queries/derive/*.rq`` is a CONSTRUCT query; their results go into the
``graph:derived`` named graph, apart from the curated data, so users can
always tell what was written by hand from what was computed.
"""

from __future__ import annotations

from pathlib import Path

from kg.resources import QUERIES_DIR

DERIVE_DIR = QUERIES_DIR / "derive"


def derive_queries() -> list[Path]:
    """The derive queries, in a stable order."""
    return sorted(DERIVE_DIR.glob("*.rq"))

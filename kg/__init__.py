"""Sahel KG: a curated, sourced, time-aware knowledge graph of the central Sahel.

The package follows the data flow of DESIGN.md: ``load`` parses Turtle,
``validate`` checks it, ``derive`` adds plain edges, ``store`` keeps it and
answers SPARQL, ``query`` runs the named queries; the CLI (``kg``) is a thin
shell over these functions.
"""

from __future__ import annotations

__version__ = "0.1.0"

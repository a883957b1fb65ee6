"""Where the bundled ontology, data and queries live.

In a checkout (or an editable install) they are the top-level ``ontology/``
and ``data/`` folders; in an installed wheel they travel inside the package as
``kg/_bundled/``.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
QUERIES_DIR = PACKAGE_DIR / "queries"
CHECKS_DIR = PACKAGE_DIR / "checks"


def _bundled(name: str) -> Path:
    inside = PACKAGE_DIR / "_bundled" / name
    return inside if inside.is_dir() else PACKAGE_DIR.parent / name


ONTOLOGY_DIR = _bundled("ontology")
DATA_DIR = _bundled("data")
ONTOLOGY_FILE = ONTOLOGY_DIR / "sahel.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"


def internal_query(name: str) -> str:
    """The text of ``kg/queries/internal/<name>.rq``, a query the package itself runs.

    >>> internal_query("stats").lstrip().startswith("#")
    True
    """
    return (QUERIES_DIR / "internal" / f"{name}.rq").read_text(encoding="utf-8")

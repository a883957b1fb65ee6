"""The server's SPARQL JSON writer against the one it replaced.

The server writes SELECT answers as SPARQL JSON text directly (term by term,
each distinct term once) instead of building dicts for ``json.dumps``, and
cuts an answer past --max-bytes by measuring its rows instead of writing it
again and again. Both must send exactly the bytes the old writer sent: on
every named query, whole and cut, and on terms with every kind of escape.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.build import build
from kg.query import named_queries
from kg.query.formats import json_document, json_rows, json_term
from kg.server.workers import Job, _fit, answer
from kg.vocab import PREFIXES

JSON = "application/sparql-results+json"
PROLOGUE = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())


def old_writer(names: list[str], rows: list[tuple]) -> bytes:
    """The writer the server used before: dicts of ``json_term``, then json.dumps."""
    bindings = [
        {n: json_term(t) for n, t in zip(names, row, strict=True) if t is not None} for row in rows
    ]
    document = {"head": {"vars": names}, "results": {"bindings": bindings}}
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
    return text.encode()


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return ox.Store.read_only(str(build().path))


def _solutions(store: ox.Store, text: str) -> tuple[list[str], list[tuple]]:
    result = store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
    return [v.value for v in result.variables], [tuple(s) for s in result]


# Run with their parameters unbound, so over the whole record; links-between
# then joins every pair of actors (about 25 s), which adds no kind of term.
SELECTS = sorted(
    n for n, q in named_queries().items() if "SELECT" in q.text.upper() and n != "links-between"
)


@pytest.mark.slow
@pytest.mark.parametrize("name", SELECTS)
def test_a_named_query_is_sent_as_the_old_writer_sent_it(store, name):
    text = PROLOGUE + named_queries()[name].text
    names, rows = _solutions(store, text)
    sent = answer(store, Job(text, accept=JSON, max_bytes=4 << 20), None)
    assert sent.error == "" and not sent.cut
    assert sent.body == old_writer(names, rows)


@pytest.mark.parametrize("name", ["sources-of", "events", "members", "claims"])
@pytest.mark.parametrize("share", [0.0, 0.1, 0.5, 0.99])
def test_a_cut_answer_keeps_the_rows_the_old_search_kept(store, name, share):
    text = PROLOGUE + named_queries()[name].text
    names, rows = _solutions(store, text)
    whole = old_writer(names, rows)
    limit = int(len(whole) * share)
    expected, kept = _fit(lambda some: old_writer(names, some), rows, limit)
    sent = answer(store, Job(text, accept=JSON, max_bytes=limit), None)
    assert sent.body == expected and len(sent.body) <= max(limit, len(old_writer(names, [])))
    assert f"only the first {kept} rows were sent" in sent.cut


terms = st.one_of(
    st.none(),
    st.text().map(ox.Literal),
    st.tuples(st.text(), st.sampled_from(["fr", "en-GB", "ar"])).map(
        lambda t: ox.Literal(t[0], language=t[1])
    ),
    st.integers().map(ox.Literal),
    st.text(alphabet="abcXYZ019", min_size=1).map(lambda s: ox.BlankNode("b" + s)),
    st.text(alphabet="abc/é?", max_size=10).map(lambda s: ox.NamedNode("http://e/" + s)),
)


@given(st.lists(st.tuples(terms, terms), max_size=5))
def test_any_terms_are_written_as_json_dumps_wrote_them(rows):
    names = ["a", "b\"'é"]
    assert json_document(names, json_rows(names, rows)).encode() == old_writer(names, rows)

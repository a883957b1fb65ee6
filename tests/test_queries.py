"""As-of answers change across dates as the sources say, and both backends
give the same answers to every named query."""

from __future__ import annotations

import pytest
from helpers import find, rows

from kg.query import named_queries


def heads(store, state, day):
    return {r["person"] for r in rows(store, "head-of-state", as_of=day, state=state)}


def test_niger_head_of_state_before_and_after_the_coup(each_store):
    # Bazoum was president until 26 July 2023; Tiani declared himself leader on 28 July.
    assert heads(each_store, "niger", "2023-07-01") == {"id:mohamed-bazoum"}
    assert heads(each_store, "niger", "2023-08-01") == {"id:abdourahamane-tiani"}


def test_aes_members_before_and_after_its_founding(each_store):
    members = lambda day: {r["member"] for r in rows(each_store, "members", as_of=day)}  # noqa: E731
    assert members("2023-09-01") == set()
    assert members("2023-10-01") == {"id:mali", "id:burkina-faso", "id:niger"}
    assert members("2024-08-01") == {"id:mali", "id:burkina-faso", "id:niger"}


def test_a_partial_as_of_date_means_its_first_day(each_store):
    # "2023-09" is 2023-09-01, before the charter of 16 September.
    assert rows(each_store, "members", as_of="2023-09") == []
    assert len(rows(each_store, "members", as_of="2023-10")) == 3


def test_every_named_query_has_a_description_and_an_example():
    for name, query in named_queries().items():
        assert query.description, name
        assert query.example.startswith(f"kg query --name {name}"), name


def test_ecowas_style_effective_date_not_announcement_drives_as_of(turtle_file):
    from helpers import snippet_store

    store = snippet_store("""
id:x a kg:State ; skos:prefLabel "X"@en .
id:org a kg:IntergovernmentalOrganisation ; skos:prefLabel "Org"@en .
st:x-in-org a kg:Membership ; kg:from id:x ; kg:to id:org ; kg:status kg:Confirmed ;
  kg:start "1975-05-28"^^xsd:date ; kg:startPrecision time:unitDay ;
  kg:endAnnounced "2024-01-28"^^xsd:date ; kg:endAnnouncedPrecision time:unitDay ;
  kg:end "2025-01-29"^^xsd:date ; kg:endPrecision time:unitDay ;
  kg:source src:s ; kg:evidence "x"@en .
""")
    member = lambda day: bool(rows(store, "members", as_of=day, organisation="org"))  # noqa: E731
    assert member("2024-06-01")  # announced, not yet effective
    assert not member("2025-01-29")
    assert find(rows(store, "members", organisation="org"), endAnnounced="2024-01-28")


def test_a_query_read_as_rows_must_be_a_select():
    from kg.errors import QueryError
    from kg.query import adhoc, run_select
    from kg.store import OxigraphStore

    store = OxigraphStore.in_memory()
    assert run_select(store, adhoc("SELECT ?s WHERE { ?s ?p ?o }")).rows == []
    with pytest.raises(QueryError, match="ask-it is not a SELECT query"):
        run_select(store, adhoc("ASK { ?s ?p ?o }", name="ask-it"))

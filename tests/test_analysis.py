"""Network analysis: paths, centrality, blocs, partner timelines, diffs.

Small graphs whose answers are worked out by hand, then the named examples
on the real data (answers read from data/*.ttl), then the as-of property:
the networkx projection keeps exactly what the SPARQL as-of fragment keeps.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from helpers import snippet_store
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.analysis import (
    NoPath,
    blocs,
    centrality,
    partner_timeline,
    partner_timelines,
    paths,
    plot_partners,
    what_changed,
)
from kg.errors import BadDate, EmptyGraph, UnknownEntity
from kg.network import to_networkx
from kg.query import adhoc, run
from kg.temporal import LAST_DAY, Precision
from kg.vocab import ENTITY_NS, STATEMENT_NS

D = '"{}"^^xsd:date'


def actors(*slugs: str) -> str:
    return "".join(f'id:{s} a kg:State ; skos:prefLabel "{s.upper()}"@en .\n' for s in slugs)


def tie(name: str, kind: str, a: str, b: str, start="2020-01-01", end=None, status="Confirmed"):
    text = f"st:{name} a kg:{kind} ; kg:from id:{a} ; kg:to id:{b} ; kg:status kg:{status} ;"
    text += f" kg:start {D.format(start)} ; kg:startPrecision time:unitDay ; kg:source src:s"
    if end:
        text += f" ; kg:end {D.format(end)} ; kg:endPrecision time:unitDay"
    return text + " .\n"


SOURCE = 'src:s a kg:Source ; kg:sourceKind kg:NewsReport ; kg:address "https://e.org/s" .\n'


def iri(slug: str) -> str:
    return ENTITY_NS + slug


# --- paths on a hand-built graph -------------------------------------------------
# a -member-> o <-member- b -partner-> c ; a -> c directly only as a denied claim;
# the b-c partnership ends on 2022-01-01.
PATH_GRAPH = (
    actors("a", "o", "b", "c", "lonely")
    + SOURCE
    + tie("a-o", "Membership", "a", "o")
    + tie("b-o", "Membership", "b", "o")
    + tie("b-c", "SecurityPartnership", "b", "c", end="2022-01-01")
    + tie("a-c", "Deployment", "a", "c", status="Denied")
)


def test_path_goes_around_a_denied_claim_and_explains_every_hop():
    found = paths(snippet_store(PATH_GRAPH), "a", "c")
    assert [[hop["id"] for hop in path] for path in found] == [["st:a-o", "st:b-o", "st:b-c"]]
    assert all(hop["sources"][0]["source"] == "src:s" for hop in found[0])


def test_no_path_once_the_last_link_has_ended():
    store = snippet_store(PATH_GRAPH)
    assert len(paths(store, "a", "c", as_of=date(2021, 12, 31))[0]) == 3
    with pytest.raises(NoPath, match=r"'c' \(c\) had no active relationship on 2022-01-01"):
        paths(store, "a", "c", as_of=date(2022, 1, 1))


def test_no_path_between_separate_parts():
    store = snippet_store(PATH_GRAPH + tie("lonely-x", "Membership", "lonely", "x"))
    with pytest.raises(NoPath, match="no path links 'a' and 'lonely'"):
        paths(store, "a", "lonely")


def test_unknown_actor_is_refused_with_a_suggestion():
    with pytest.raises(UnknownEntity, match="did you mean: B"):
        paths(snippet_store(PATH_GRAPH), "a", "bb")


def test_empty_as_of_graph_names_the_span_of_the_data():
    with pytest.raises(
        EmptyGraph, match=r"no relationship was certainly in effect on 2019-01-01.*2020-01-01"
    ):
        paths(snippet_store(PATH_GRAPH), "a", "c", as_of=date(2019, 1, 1))


# --- centrality on a star with a tail ------------------------------------------
# h-x, h-y, h-z, z-w (h-x twice: still one tie). n = 5.
# degree = ties / 4: h 0.75, z 0.5, x y w 0.25.
# betweenness (normalised by 2/((n-1)(n-2)) = 1/6): h lies on x-y, x-z, x-w,
# y-z, y-w -> 5/6; z on h-w, x-w, y-w -> 3/6; leaves 0.
STAR = (
    actors("h", "x", "y", "z", "w")
    + SOURCE
    + tie("hx", "SecurityPartnership", "h", "x")
    + tie("hx2", "Deployment", "h", "x")
    + tie("hy", "Membership", "y", "h")
    + tie("hz", "Membership", "z", "h")
    + tie("zw", "Deployment", "w", "z")
)


def test_degree_centrality_counts_one_tie_per_pair():
    ranked = centrality(snippet_store(STAR), measure="degree")
    assert [(r.label, r.rank, round(r.score, 4), r.ties) for r in ranked] == [
        ("H", 1, 0.75, 3),
        ("Z", 2, 0.5, 2),
        ("W", 3, 0.25, 1),
        ("X", 3, 0.25, 1),
        ("Y", 3, 0.25, 1),
    ]


def test_betweenness_centrality_by_hand():
    scores = {
        r.label: round(r.score, 4) for r in centrality(snippet_store(STAR), None, "betweenness")
    }
    assert scores == {"H": round(5 / 6, 4), "Z": 0.5, "X": 0.0, "Y": 0.0, "W": 0.0}


def test_eigenvector_centrality_puts_the_hub_first():
    ranked = centrality(snippet_store(STAR), measure="eigenvector")
    assert ranked[0].label == "H" and ranked[1].label == "Z"


# --- blocs ----------------------------------------------------------------------
# Two triangles a-b-c and d-e-f joined by c-d; g cooperates with a but fights
# d, e and f; an ended partnership g-e. Counting hostile or ended ties would
# pull g to d-e-f; cooperation alone puts it with a.
BLOCS = (
    actors("a", "b", "c", "d", "e", "f", "g")
    + SOURCE
    + "".join(
        tie(f"{u}{v}", "SecurityPartnership", u, v)
        for u, v in ("ab", "bc", "ca", "de", "ef", "fd", "cd", "ga")
    )
    + "".join(tie(f"g-fights-{v}", "ArmedConflict", "g", v) for v in "def")
    + tie("ge", "SecurityPartnership", "g", "e", end="2021-01-01")
)


def test_blocs_follow_cooperation_not_hostility_or_ended_ties():
    found = blocs(snippet_store(BLOCS), date(2022, 1, 1))
    assert [sorted(m["label"] for m in b.members) for b in found] == [
        ["A", "B", "C", "G"],
        ["D", "E", "F"],
    ]
    assert found[0].name == "A"  # a has the most ties in its bloc (b, c, g)


# --- the real data ---------------------------------------------------------------
# The path runs on both backends; the rest on Oxigraph only (rdflib answers the
# same queries, tests/test_queries.py checks that, but is several times slower).


@pytest.fixture
def store(real_stores):
    return real_stores["oxigraph"]


def test_wagner_reaches_burkina_faso_through_africa_corps(real_store):
    # data/seed-article.ttl: st:wagner-subordinate-to-africa-corps (attested 2024-04);
    # data/russia.ttl: Africa Corps deployments to Burkina Faso (2023-12, 2024-01-24).
    # The other route of two hops runs through Mali, where Wagner deployed from
    # 2021 and Burkina Faso's MINUSMA contingent served (data/partners.ttl);
    # the routes take turns in the five paths kept.
    found = paths(real_store, "Wagner Group", "Burkina Faso")
    routes = {tuple(hop["id"] for hop in path) for path in found}
    assert (
        len(found) == 5
        and {
            (
                "st:wagner-subordinate-to-africa-corps",
                "st:africa-corps-deployment-burkina-faso-2023-12",
            ),
            (
                "st:wagner-subordinate-to-africa-corps",
                "st:africa-corps-deployment-burkina-faso-2024-01-24",
            ),
        }
        <= routes
    )
    through_mali = [path for path in found if path[0]["to"] == iri("mali")]
    assert len(through_mali) == 3
    for first, second in through_mali:
        assert first["id"].startswith("st:wagner-deployment-mali")
        assert second["id"] == "st:burkina-faso-deployment-mali-minusma-2018"
    assert all(hop["sources"] for path in found for hop in path)
    second = next(p for p in found if p[1]["id"].endswith("2024-01-24"))[1]
    assert {s["source"] for s in second["sources"]} == {
        "src:dailymaverick-2024-01-25-russian-troops-burkina",
        "src:yahoo-bloomberg-russian-troops-burkina",
        "src:ecofin-russia-troops-burkina",
    }


def _bloc_of(found, slug):
    return next(b for b in found if iri(slug) in b)


def test_sahel_blocs_2022_versus_mid_2024(store):
    # 2022-01-01 (certain ties only): Mali works with Russia and Wagner (2019
    # partnership, Wagner from December 2021) and away from France; Burkina Faso
    # and Niger share one bloc with France (Barkhane, Task Force Sabre), Italy
    # (MISIN) and Canada, whose forces both hosted.
    early = blocs(store, date(2022, 1, 1))
    mali, burkina, niger = (_bloc_of(early, s) for s in ("mali", "burkina-faso", "niger"))
    assert burkina is niger and mali is not niger
    assert iri("russia") in mali and iri("wagner-group") in mali and iri("france") not in mali
    for partner in ("france", "operation-barkhane", "task-force-sabre", "italy", "misin"):
        assert iri(partner) in niger
    # 2024-06-01: Mali and Burkina Faso sit together with the AES. Niger is an AES
    # member too, but its Russian ties of 2024 (Africa Corps, the defence
    # ministry) and the Bundeswehr (to 2024-08-30) and Italy (MISIN, still there
    # in 2025) were active that day, and modularity keeps it with them.
    late = blocs(store, date(2024, 6, 1))
    mali, burkina, niger = (_bloc_of(late, s) for s in ("mali", "burkina-faso", "niger"))
    assert mali is burkina and iri("aes") in mali
    assert iri("france") not in mali
    assert niger is not mali
    for partner in ("russia", "africa-corps", "germany", "italy"):
        assert iri(partner) in niger


def test_niger_partners_shift_from_the_west_to_russia(store):
    rows = partner_timeline(store, "niger")
    assert {r.partner_label for r in rows} == {
        "Belgium",
        "Canada",
        "European Union",
        "France",
        "Germany",
        "Italy",
        "Russia",
        "Turkey",
        "United States",
    }
    # seed-article.ttl: France's defence accords with Niger of 24 April 1961 (the
    # French bill approving them); its last troops left on 22 December 2023.
    france = {
        r.statement: (r.latest_start, r.earliest_end, r.latest_end)
        for r in rows
        if r.partner_label == "France"
    }
    assert france["st:france-niger-security-partnership"] == (
        date(1961, 4, 24),
        date(2023, 12, 22),
        date(2023, 12, 22),
    )
    # Niger's junta announced the end of the 1977 military-technical cooperation
    # agreement on 3 August 2023; no source read dates its taking effect (France
    # rejected it), so it may have ended from then on, and may not have.
    assert france.pop("st:france-niger-military-technical-cooperation-1977")[1:] == (
        date(2023, 8, 3),
        LAST_DAY,
    )
    assert all(last <= date(2023, 12, 22) for *_, last in france.values())
    usa = [r.latest_end for r in rows if r.partner_label == "United States"]
    assert usa and all(last <= date(2024, 9, 15) for last in usa)
    russia = [r for r in rows if r.partner_label == "Russia"]
    # data/partners.ttl: the military cooperation agreement signed in 2017
    # (year precision, so it had certainly started by the year's last day).
    assert min(r.latest_start for r in russia) == date(2017, 12, 31)
    assert all(r.latest_end == LAST_DAY for r in russia)  # no source ends them
    # the Bundeswehr stands for Germany, MISIN for Italy, the Africa Corps for
    # Russia (part-of ties)
    assert {r.via_label for r in rows if r.partner_label == "Germany"} >= {"Bundeswehr"}
    italy = {r.via_label for r in rows if r.partner_label == "Italy"}
    assert "Italian Bilateral Support Mission in Niger" in italy
    assert "Africa Corps" in {r.via_label for r in russia}


@pytest.mark.slow
def test_partner_chart_draws_certain_spans_solid_and_possible_spans_faded(store):
    from matplotlib.dates import date2num
    from matplotlib.figure import Figure

    rows = partner_timeline(store, "niger")
    horizon = date(2025, 12, 25)
    figure = plot_partners({"Niger": rows}, horizon)
    assert isinstance(figure, Figure)
    bars = {
        patch.get_gid(): patch
        for ax in figure.axes
        for patch in ax.patches
        if (patch.get_gid() or "").startswith("Niger|")
    }
    # Every period has a faded bar for the span it may cover.
    assert {f"Niger|{r.statement}|possible" for r in rows} <= set(bars)
    # France 1961-04-24 to 2023-12-22, both ends known to the day: solid throughout.
    france = bars["Niger|st:france-niger-security-partnership"]
    assert france.get_x() == pytest.approx(date2num(date(1961, 4, 24)))
    assert france.get_x() + france.get_width() == pytest.approx(date2num(date(2023, 12, 22)))
    # Open periods stop at the horizon, whatever lies beyond.
    right = max(p.get_x() + p.get_width() for p in bars.values())
    assert right == pytest.approx(date2num(horizon))


@pytest.mark.slow
def test_partner_chart_for_the_three_states_has_three_panels(store):
    timelines = partner_timelines(store, ["mali", "burkina-faso", "niger"])
    figure = plot_partners(timelines, date(2025, 12, 25))
    assert list(timelines) == ["Mali", "Burkina Faso", "Niger"]
    assert len(figure.axes) == 3
    statements = {patch.get_gid().split("|")[1] for ax in figure.axes for patch in ax.patches}
    assert statements == {r.statement for rows in timelines.values() for r in rows}


def test_what_changed_for_niger_in_the_second_half_of_2023(store):
    changes = what_changed(store, date(2023, 7, 1), date(2024, 1, 1), "Niger")
    found = {(c.change, c.day, c.statement) for c in changes}
    assert {
        ("ended", date(2023, 7, 26), "st:bazoum-head-of-state-niger"),
        ("began", date(2023, 9, 16), "st:niger-member-of-aes"),
        ("end announced", date(2023, 9, 24), "st:france-niger-security-partnership"),
        ("began", date(2023, 12, 4), "st:russia-niger-defence-partnership-2023-12"),
        ("ended", date(2023, 12, 22), "st:france-niger-security-partnership"),
    } <= found
    assert all(c.source == "id:niger" or c.target == "id:niger" for c in changes)
    assert [c.day for c in changes] == sorted(c.day for c in changes)


def test_what_changed_names_announced_and_denied_and_short_lived():
    store = snippet_store(
        actors("a", "b")
        + SOURCE
        + tie("planned", "Deployment", "a", "b", start="2021-03-01", status="Announced")
        + tie("denied", "Deployment", "b", "a", start="2021-04-01", status="Denied")
        + tie("brief", "SecurityPartnership", "a", "b", start="2021-05-01", end="2021-06-01")
        + tie("old", "Membership", "a", "b", start="2019-01-01", end="2021-02-01")
    )
    changes = what_changed(store, date(2021, 1, 1), date(2022, 1, 1))
    assert [(c.change, c.day, c.statement) for c in changes] == [
        ("ended", date(2021, 2, 1), "st:old"),
        ("announced", date(2021, 3, 1), "st:planned"),
        ("denied", date(2021, 4, 1), "st:denied"),
        ("began and ended", date(2021, 5, 1), "st:brief"),
    ]
    with pytest.raises(BadDate, match="must come after"):
        what_changed(store, date(2022, 1, 1), date(2021, 1, 1))


# --- the CLI ----------------------------------------------------------------------


@pytest.mark.slow
def test_cli_path_json_and_errors(kg):
    done = kg("analyze", "path", "Wagner Group", "Burkina Faso", "--format", "json")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert ["Subordination", "Deployment"] in [[h["kind"] for h in hops] for hops in found]
    unknown = kg("analyze", "path", "Wagnr Group", "Mali")
    assert unknown.returncode == 5
    assert unknown.stderr.startswith("kg: error:") and "Wagner Group" in unknown.stderr
    empty = kg("analyze", "centrality", "--as-of", "1800")
    assert empty.returncode != 0
    assert "no relationship was certainly in effect on 1800-01-01" in empty.stderr
    assert "Traceback" not in empty.stderr + unknown.stderr


@pytest.mark.slow
def test_cli_blocs_centrality_partners_and_diff(kg, tmp_path):
    done = kg("analyze", "blocs", "--as-of", "2024-06-01", "--format", "csv")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "bloc,named after,size,members"
    assert any("Mali, Burkina Faso" in ln and "Alliance of Sahel States" in ln for ln in lines)
    done = kg("analyze", "centrality", "--measure", "betweenness", "--top", "3", "-f", "json")
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 3
    chart = tmp_path / "niger.svg"
    done = kg("analyze", "partners", "Niger", "--plot", str(chart), "-f", "csv")
    assert done.returncode == 0, done.stderr
    assert chart.read_text().lstrip().startswith("<?xml") and "<svg" in chart.read_text()
    assert "st:france-niger-security-partnership" in done.stdout
    done = kg("diff", "2023-07-01", "2024-01-01", "--entity", "niger", "-f", "csv")
    assert done.returncode == 0, done.stderr
    assert "ended,SecurityPartnership,France,Niger" in done.stdout


# --- as-of: networkx agrees with SPARQL ----------------------------------------------

PRECISIONS = {"day": Precision.DAY, "month": Precision.MONTH, "year": Precision.YEAR}


@st.composite
def partial_dates(draw):
    day = draw(st.dates(min_value=date(2015, 1, 1), max_value=date(2025, 12, 31)))
    precision = draw(st.sampled_from(list(PRECISIONS.values())))
    if precision is Precision.MONTH:
        day = day.replace(day=1)
    elif precision is Precision.YEAR:
        day = day.replace(month=1, day=1)
    return day, precision


@st.composite
def statements(draw):
    status = draw(st.sampled_from(["Reported", "Confirmed", "Announced", "Denied"]))
    start = draw(st.none() | partial_dates())
    attested = draw(st.none() | partial_dates())
    end = draw(st.none() | partial_dates())
    if start and end and end[0] < start[0]:
        start, end = end, start
    return status, start, end, attested


def _statement_turtle(index: int, statement) -> str:
    status, start, end, attested = statement
    lines = [f"st:s{index} a kg:Membership ; kg:from id:a ; kg:to id:b ; kg:status kg:{status}"]
    for prop, value in (("start", start), ("end", end), ("attested", attested)):
        if value is not None:
            lines.append(f"kg:{prop} {D.format(value[0].isoformat())}")
            lines.append(f"kg:{prop}Precision time:{value[1].value}")
    return " ;\n  ".join(lines) + " .\n"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    generated=st.lists(statements(), min_size=1, max_size=8),
    day=st.dates(min_value=date(2014, 1, 1), max_value=date(2026, 12, 31)),
)
@pytest.mark.slow
def test_networkx_as_of_keeps_exactly_what_sparql_keeps(generated, day):
    turtle = actors("a", "b") + "".join(_statement_turtle(i, s) for i, s in enumerate(generated))
    store = snippet_store(turtle)
    query = adhoc("SELECT ?s WHERE { ?s a kg:Membership .\n  # as-of: ?s\n}")
    by_sparql = {row[0].value for row in run(store, query, as_of=day).rows}
    by_networkx = {key for *_, key in to_networkx(store, as_of=day).edges(keys=True)}
    assert by_networkx == by_sparql
    assert by_sparql <= {f"{STATEMENT_NS}s{i}" for i in range(len(generated))}

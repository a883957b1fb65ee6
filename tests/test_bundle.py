"""The portable explorer (`kg bundle`), driven in a real headless Chromium.

Bundles are written by the real command and opened from file:// with every
other request aborted. What the page answers is checked against kg.query.run
on the same store, and what it draws against COUNT queries written from the
data's own terms (those of tests/test_views.py).
"""

from __future__ import annotations

import csv
import io
import random
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from browser import Watched, file_only
from helpers import (
    CONSTRUCT_MEMBERS,
    COUNT_EGO_ACTIVE,
    COUNT_LINKED_ACTORS,
    COUNT_PATH_MIDDLES,
    HOSTILE_TURTLE,
    ID,
    IMG_LABEL,
    PROLOGUE,
    SCRIPT_LABEL,
    SEED,
    comparable,
    count,
    reader_answer,
    same_csv_rows,
)
from pyoxigraph import BlankNode, Literal, NamedNode

from kg.citations import Citations
from kg.query import adhoc, named_queries, run
from kg.query.page import DEFAULT_QUERY
from kg.store import SelectResult
from kg.temporal import PartialDate

pytestmark = pytest.mark.browser

COUNT_MEMBERSHIP_ENDS = """SELECT (COUNT(DISTINCT ?n) AS ?count) WHERE {
  ?m a kg:Membership ; kg:from|kg:to ?n }"""
COUNT_STATEMENTS_OF = """SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s kg:from|kg:to ?centre ; a ?kind . ?kind rdfs:subClassOf kg:Relationship }"""
ADHOC = """SELECT ?state ?label WHERE {
  ?state a kg:State ; skos:prefLabel ?label . FILTER(LANG(?label) = "fr") }"""


@pytest.fixture(scope="module")
def bundles(kg, tmp_path_factory) -> dict[str, Path]:
    """The curated graph's bundle and one with hostile labels, by the real command."""
    folder = tmp_path_factory.mktemp("bundle")
    (folder / "hostile.ttl").write_text(PROLOGUE + HOSTILE_TURTLE, encoding="utf-8")
    written = {}
    for name, args in {
        "curated": [],
        "hostile": ["--data", str(folder / "hostile.ttl")],
    }.items():
        output = folder / f"{name}.html"
        proc = kg("bundle", "-o", str(output), *args)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.startswith(f"{output}: ")
        written[name] = output
    return written


class Bundle(Watched):
    """A bundle opened offline, with what went wrong while it ran."""

    def __init__(self, browser, path: Path, fragment: str = ""):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        super().__init__(page, file_only, console=("error", "warning"))
        self.page.goto(path.as_uri() + fragment)
        self.page.wait_for_function("() => document.body.dataset.ready", timeout=60000)
        assert self.js("() => document.body.dataset.ready") == "true", self.text("#status")

    def text(self, selector: str) -> str:
        return self.page.text_content(selector) or ""

    def wait_drawn(self) -> None:
        self.page.wait_for_function("() => window.kgView.ready", timeout=60000)

    def answer(self, click: str = "#run") -> str:
        """Click, wait for the query page's next answer, return its summary line."""
        before = int(self.page.get_attribute("#query-page", "data-answers") or 0)
        self.page.click(click)
        self.page.wait_for_function(
            "n => Number(document.getElementById('query-page').dataset.answers) > n",
            arg=before,
            timeout=30000,
        )
        return self.text("#result-summary")

    def sparql(self, text: str) -> str:
        """Run SPARQL typed in the editor (one click away from the named queries)."""
        if self.page.is_hidden("#sparql"):
            self.page.click("#edit-sparql")
        self.page.fill("#query-text", text)
        return self.answer("#run-sparql")

    def rows(self) -> list[list[str]]:
        return self.page.eval_on_selector_all(
            "#results-table tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent))"
        )

    def close(self) -> None:
        self.page.close()


@pytest.fixture(scope="module")
def curated(browser, bundles) -> Iterator[Bundle]:
    opened = Bundle(browser, bundles["curated"])
    yield opened
    opened.close()


def _term(binding: dict | None):
    if binding is None:
        return None
    if binding["type"] == "uri":
        return NamedNode(binding["value"])
    if binding["type"] == "bnode":
        return BlankNode(binding["value"])
    if "xml:lang" in binding:
        return Literal(binding["value"], language=binding["xml:lang"])
    datatype = binding.get("datatype")
    return Literal(binding["value"], datatype=NamedNode(datatype) if datatype else None)


def page_rows(json: dict):
    """SPARQL JSON results from the page, comparable with test_queries.comparable."""
    if "boolean" in json:
        return json["boolean"]
    names = json["head"]["vars"]
    rows = [tuple(_term(b.get(v)) for v in names) for b in json["results"]["bindings"]]
    return comparable(SelectResult(names, rows))


_DRAWS = random.Random(SEED)


def random_day() -> date:
    """A day drawn (seeded: helpers.SEED) between the data's first and last years."""
    start = date(1950, 1, 1)
    return start + timedelta(days=_DRAWS.randrange((date(2026, 1, 1) - start).days))


# --- opening ---------------------------------------------------------------------


def test_the_bundle_opens_offline_with_the_default_named_query_on_screen(curated, real_stores):
    store = real_stores["oxigraph"]
    assert curated.clean(), (curated.errors, curated.failed, curated.blocked)
    assert curated.text("#status").startswith(f"{len(store)} quads, Oxigraph 0.5.")
    _, texts, _ = reader_answer(store, DEFAULT_QUERY)
    assert curated.page.input_value("#query-name") == DEFAULT_QUERY
    assert curated.text("#result-summary").startswith(f"{len(texts)} rows")
    assert sorted(curated.rows()) == sorted(texts)
    assert curated.js("() => window.kgBundle.last.name") == DEFAULT_QUERY


def test_the_page_has_a_strict_content_security_policy(bundles):
    page = bundles["curated"].read_text(encoding="utf-8")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert csp.startswith("default-src &#x27;none&#x27;; ")
    assert "unsafe-eval&#x27;" not in csp.replace("wasm-unsafe-eval", "")
    assert "connect-src" not in csp and "http" not in csp
    assert len(page.encode()) < 10_000_000


# --- queries -----------------------------------------------------------------------


def test_every_named_query_answers_as_the_cli_does(curated, real_stores):
    """With no date, a fixed date and one drawn at run time, on the same store."""
    store = real_stores["oxigraph"]
    chosen = random_day()
    for name, query in named_queries().items():
        days = [None, "2024-04-30", chosen.isoformat()] if query.takes_as_of else [None]
        for day in days:
            expected = comparable(
                run(store, query, as_of=PartialDate.parse(day).day if day else None)
            )
            got = page_rows(curated.js("([n, d]) => window.kgBundle.named(n, {}, d)", [name, day]))
            assert got == expected, f"{name} as of {day} (drawn at run time: {chosen})"
    assert curated.clean()


def test_parameters_are_typed_and_resolved_as_the_cli_does(curated, real_stores):
    store = real_stores["oxigraph"]
    for name, params, day in [
        ("head-of-state", {"state": "Tchiani"}, None),  # a person is no state: no rows
        ("head-of-state", {"state": "niger"}, "2023-08-01"),
        ("members", {"organisation": "CEDEAO"}, "2024-08-01"),
        ("claim-support", {"claimId": "S3"}, None),
        ("security-partners", {"state": "id:mali"}, None),
    ]:
        expected = comparable(
            run(
                store,
                named_queries()[name],
                as_of=PartialDate.parse(day).day if day else None,
                params=params,
            )
        )
        got = page_rows(curated.js("(a) => window.kgBundle.named(...a)", [name, params, day]))
        assert got == expected, (name, params, day)


def test_an_adhoc_query_typed_in_the_editor(curated, real_stores):
    page = curated.page
    curated.sparql(ADHOC)
    expected = comparable(run(real_stores["oxigraph"], adhoc(ADHOC)))
    assert expected  # some states have a French name
    assert page_rows(curated.js("() => window.kgBundle.last.json")) == expected
    assert page.locator("#results-table tbody tr").count() == len(expected)
    csv = curated.js("() => window.kgBundle.csv()")
    assert csv.splitlines()[0] == "state,label" and len(csv.splitlines()) == len(expected) + 1
    with page.expect_download() as download:
        page.click("#download-csv")
    assert download.value.suggested_filename == "query.csv"
    assert Path(download.value.path()).read_bytes().decode("utf-8") == csv
    curated.sparql("SELECT * WHERE { ?s ?p }")
    assert curated.js("() => document.getElementById('result-summary').className") == "error"
    assert curated.clean()


def test_a_construct_query_draws_a_network(curated, real_stores):
    page = curated.page
    page.click("#bar [data-tab='query-tab']")
    curated.sparql(CONSTRUCT_MEMBERS)
    curated.wait_drawn()
    assert curated.js("() => window.kgView.model.view") == "query"
    expected = count(real_stores["oxigraph"], COUNT_MEMBERSHIP_ENDS)
    assert len(curated.js("() => window.kgView.visibleNodeIds()")) == expected
    assert not curated.page.is_hidden("#canvas")
    assert curated.clean()


def test_a_permalink_reopens_the_same_query(browser, bundles):
    first = Bundle(browser, bundles["curated"])
    page = first.page
    page.select_option("#query-name", "head-of-state")
    page.fill("#param-state", "niger")
    page.fill("#query-as-of", "2023-07-01")
    first.answer()
    rows = first.js("() => window.kgBundle.last.json.results.bindings")
    assert {r["person"]["value"] for r in rows} == {ID + "mohamed-bazoum"}
    link = page.get_attribute("#permalink", "href")
    assert link == "#name=head-of-state&param.state=niger&as-of=2023-07-01"
    first.close()
    again = Bundle(browser, bundles["curated"], link)
    assert again.page.input_value("#query-name") == "head-of-state"
    assert again.page.input_value("#query-as-of") == "2023-07-01"
    assert again.page.input_value("#param-state") == "niger"
    assert again.js("() => window.kgBundle.last.json.results.bindings") == rows
    assert again.clean()
    again.close()


def test_a_reader_asks_with_a_name_and_a_month_and_gets_labels_and_citations(
    browser, bundles, real_stores
):
    """The query page as on the server (tests/test_query_page.py), on the in-page engine."""
    store = real_stores["oxigraph"]
    opened = Bundle(browser, bundles["curated"])
    page = opened.page
    page.select_option("#query-name", "head-of-state")
    page.fill("#param-state", "Niger")
    page.fill("#query-as-of", "2023-08")
    opened.answer()
    names, texts, expected = reader_answer(store, "head-of-state", "2023-08", state="Niger")
    headers = page.eval_on_selector_all("#results-table th", "hs => hs.map(h => h.textContent)")
    assert headers == names
    assert sorted(opened.rows()) == sorted(texts)  # labels, not IRIs
    citations = Citations.of(store)
    addresses = {citations[s].address for row in expected for s in row["sources"].split()}
    linked = page.eval_on_selector_all(
        "#results-table a.citation", "as => as.map(a => a.getAttribute('href'))"
    )
    assert linked and set(linked) == addresses - {None}
    with page.expect_download() as download:
        page.click("#download-csv")
    assert download.value.suggested_filename == "head-of-state-2023-08.csv"
    got = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8"))))
    assert same_csv_rows(got) == same_csv_rows(expected)  # IRIs and citations
    # An entity cell opens the entity's page in the explorer.
    page.click("#results-table tbody tr td a")
    assert opened.text("#entity-name") == "Niger"
    assert opened.clean()
    opened.close()


def test_a_bad_date_and_an_unknown_name_each_get_one_message(curated):
    page = curated.page
    page.click("#bar [data-tab='query-tab']")
    page.select_option("#query-name", "head-of-state")
    page.fill("#param-state", "Niger")
    page.fill("#query-as-of", "2023-02-30")
    curated.answer()
    assert curated.text("#result-summary") == (
        "as of: “2023-02-30” is not a date: write YYYY-MM-DD, YYYY-MM or YYYY."
    )
    page.fill("#query-as-of", "")
    page.fill("#param-state", "Atlantis")
    curated.answer()
    assert curated.text("#result-summary") == 'state: no entity is called "Atlantis"'
    assert curated.js("() => document.getElementById('result-summary').className") == "error"
    assert curated.rows() == []
    assert curated.clean()


# --- views and entity pages ------------------------------------------------------------


def test_views_built_in_the_page_show_the_counted_actors(curated, real_stores):
    store = real_stores["oxigraph"]
    curated.js("() => window.kgBundle.overview()")
    curated.wait_drawn()
    assert len(curated.js("() => window.kgView.visibleNodeIds()")) == count(
        store, COUNT_LINKED_ACTORS
    )
    curated.js("() => window.kgBundle.ego('niger', 1, '2024-04-30')")
    curated.wait_drawn()
    expected = 1 + count(store, COUNT_EGO_ACTIVE, day=date(2024, 4, 30), centre=ID + "niger")
    assert len(curated.js("() => window.kgView.visibleNodeIds()")) == expected
    assert curated.text("#day-shown") == "as of 2024-04-30"
    curated.js("() => window.kgBundle.path('Wagner Group', 'Burkina Faso')")
    curated.wait_drawn()
    ends = {"a": ID + "wagner-group", "b": ID + "burkina-faso"}
    assert len(curated.js("() => window.kgView.visibleNodeIds()")) == 2 + count(
        store, COUNT_PATH_MIDDLES, **ends
    )
    from kg.views import path

    kept = path(store, ends["a"], ends["b"])["paths"]
    assert curated.js("() => window.kgView.model.paths") == kept
    assert curated.page.locator("#type-filters input").count() > 0
    assert curated.clean()


def test_a_partial_day_opens_a_view_at_its_first_day_as_in_python(curated):
    """kg.temporal.PartialDate: "2024-03" is 1 March 2024, "2024" is 1 January."""
    for text, day in (("2024-03", date(2024, 3, 1)), ("2024", date(2024, 1, 1))):
        curated.js("(text) => window.kgBundle.overview(text)", text)
        curated.wait_drawn()
        assert curated.js("() => window.kgView.model.asOf") == (day - date(1970, 1, 1)).days
    assert curated.clean()


def test_an_entity_page_is_reachable_from_a_node_and_from_search(curated, real_stores):
    store = real_stores["oxigraph"]
    curated.js("() => window.kgBundle.ego('niger', 1)")
    curated.wait_drawn()
    assert curated.js("() => window.kgView.search('niger')") == ID + "niger"
    curated.page.click("#panel-entity")
    assert curated.text("#entity-name") == "Niger"
    statements = count(store, COUNT_STATEMENTS_OF, centre=ID + "niger")
    rows = curated.page.locator("#sheet-relationships tr[data-statement]")
    assert rows.count() == statements
    assert "confirmed" in curated.text("#sheet-relationships")
    # The sheet is the server's: the same book from kg.views.factsheet, drawn by the same script.
    from kg.views.factsheet import FactSheets

    book = FactSheets.of(store).book([ID + "niger"])
    keys = {rows.nth(i).get_attribute("data-statement") for i in range(rows.count())}
    assert keys == set(book["sheets"][ID + "niger"]["relationships"])
    curated.page.fill("#entity-search", "goita")
    curated.page.press("#entity-search", "Enter")
    assert curated.text("#entity-name") == "Assimi Goïta"
    assert curated.clean()


def test_hostile_labels_stay_inert_and_show_verbatim(browser, bundles):
    opened = Bundle(browser, bundles["hostile"])
    page = opened.page
    page.click("#bar [data-tab='entity-tab']")
    for label in (SCRIPT_LABEL, IMG_LABEL):
        page.fill("#entity-search", label)
        page.press("#entity-search", "Enter")
        assert opened.text("#entity-name") == label
    # The source is cited by its publisher and date, its title in the link's tooltip.
    assert f"{SCRIPT_LABEL}, 2024-05-02" in opened.text("#entity-page")
    cited = page.locator("#sheet-relationships .citations a").first
    assert cited.get_attribute("title").startswith(f"{IMG_LABEL} & {SCRIPT_LABEL}")
    opened.js("() => window.kgBundle.overview()")
    opened.wait_drawn()
    assert opened.js("(t) => window.kgView.search(t)", SCRIPT_LABEL) == ID + "evil-script"
    assert opened.text("#panel-name") == SCRIPT_LABEL
    page.click("#bar [data-tab='query-tab']")
    opened.sparql("SELECT ?l WHERE { id:evil-img skos:prefLabel ?l }")
    assert opened.text("#results-table tbody td") == IMG_LABEL
    page.select_option("#query-name", "security-partners")
    page.fill("#param-state", SCRIPT_LABEL)
    opened.answer()
    assert opened.rows()[0][0] == IMG_LABEL
    assert opened.rows()[0][-1] == f"{SCRIPT_LABEL}, 2024-05-02"
    assert opened.js("() => document.querySelectorAll('img').length") == 0
    # only the four code scripts run: every other <script> holds typed data
    assert opened.js("() => document.querySelectorAll('script:not([type])').length") == 4
    page.wait_for_timeout(200)
    assert opened.dialogs == [] and opened.clean()
    opened.close()


def test_a_bundle_written_with_as_of_opens_at_that_day(kg, browser, tmp_path, real_stores):
    output = tmp_path / "as-of.html"
    proc = kg("bundle", "-o", str(output), "--as-of", "2023-08")
    assert proc.returncode == 0, proc.stderr
    opened = Bundle(browser, output)
    assert opened.page.input_value("#query-as-of") == "2023-08-01"
    assert opened.page.input_value("#view-as-of") == "2023-08-01"
    assert opened.clean()
    opened.close()
    opened = Bundle(browser, output, "#name=members&as-of=2023-10-01")
    expected = run(
        real_stores["oxigraph"],
        named_queries()["members"],
        as_of=PartialDate.parse("2023-10-01").day,
    )
    assert page_rows(opened.js("() => window.kgBundle.last.json")) == comparable(expected)
    assert len(expected.rows) == 3  # Mali, Burkina Faso, Niger: the AES charter of 16 September
    opened.close()


# --- the command ------------------------------------------------------------------------


def test_command_errors_are_one_line_and_write_nothing(kg, tmp_path):
    target = tmp_path / "out.html"
    for args, code in [
        (["--as-of", "2024-13"], 6),
        (["--backend", "nope"], 2),
    ]:
        proc = kg("bundle", "-o", str(target), *args)
        assert proc.returncode == code, proc.stderr
        assert proc.stderr.startswith("kg: error: ") and proc.stderr.count("\n") == 1
    proc = kg("bundle", "-o", str(tmp_path / "missing" / "out.html"))
    assert proc.returncode == 6 and proc.stderr.startswith("kg: error: cannot write")
    assert proc.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def _python_view(model: dict) -> dict:
    """A Python view model as the page receives it: meta with looks, pyvis's items."""
    from kg.views.drawing import VisNetwork, model_meta, with_looks

    looked = with_looks(model)
    network = VisNetwork.of(looked)
    meta = model_meta(looked)
    return {**meta, "nodes": network.nodes, "edges": network.edges, "options": network.options}


def _page_view(curated: Bundle, call: str, *args) -> dict:
    """A view the page's view-model.js builds from the overview the bundle carries."""
    return curated.js(
        """([call, args]) => {
          const read = (id) => JSON.parse(document.getElementById(id).textContent);
          const base = { ...read("kg-overview-model"), nodes: read("kg-overview-nodes"),
                         edges: read("kg-overview-edges") };
          if (call === "overview") {
            return window.kgViewModel.fromParts(base, base.nodes, base.edges,
              { title: base.title, view: "overview", asOf: base.asOf });
          }
          return window.kgViewModel[call](base, ...args);
        }""",
        [call, list(args)],
    )


def _same_view(page: dict, python: dict) -> None:
    """Edge by edge, node by node, then the rest: what the page built is what Python built.
    Positions differ by design (the page keeps the overview's, Python lays out each view)."""
    assert [e["id"] for e in page["edges"]] == [e["id"] for e in python["edges"]]
    for mine, theirs in zip(page["edges"], python["edges"], strict=True):
        assert mine == theirs, mine["id"]
    assert [n["id"] for n in page["nodes"]] == [n["id"] for n in python["nodes"]]
    for mine, theirs in zip(page["nodes"], python["nodes"], strict=True):
        assert {k: v for k, v in mine.items() if k not in "xy"} == {
            k: v for k, v in theirs.items() if k not in "xy"
        }
    for key in ("title", "view", "asOf", "span", "horizon", "large", "focus", "paths", "ends"):
        assert page.get(key) == python.get(key), key
    assert page.get("pathTimes") == python.get("pathTimes")
    assert page["types"] == python["types"]
    assert page["kinds"] == python["kinds"]
    assert page["options"] == python["options"]


def test_views_built_in_the_page_are_pythons_edge_by_edge(curated, real_stores):
    """view-model.js (overview, ego and path at a day) against kg.views on the same graph."""
    from kg import views

    store = real_stores["oxigraph"]
    day = date(2024, 6, 1)
    epoch_day = (day - date(1970, 1, 1)).days
    overview = views.overview(store)
    _same_view(_page_view(curated, "overview"), _python_view(overview))
    niger, mali = ID + "niger", ID + "mali"
    for depth in (1, 2):
        page = _page_view(curated, "ego", niger, depth, epoch_day)
        _same_view(page, _python_view(views.ego(store, "niger", depth, day)))
    page = _page_view(curated, "ego", mali, 1, None)
    _same_view(page, _python_view(views.ego(store, "mali", 1)))
    pairs = [
        ("wagner-group", "burkina-faso", None),
        ("niger", "russia", day),
        ("mali", "burkina-faso", day),
    ]
    for a, b, when in pairs:
        days = (when - date(1970, 1, 1)).days if when else None
        page = _page_view(curated, "path", ID + a, ID + b, days)
        python = _python_view(views.path(store, a, b, when))
        assert len(python["paths"]) >= 1
        _same_view(page, python)


def test_a_construct_view_built_in_the_page_is_pythons_edge_by_edge(curated, real_stores):
    """view-model.js's construct against kg.views.construct: actors, a literal per
    label, and the predicates as kinds (the engines may list triples in another
    order, so both sides are read in Python's order of the page's triples)."""
    from kg.query import adhoc
    from kg.views import construct

    text = CONSTRUCT_MEMBERS.replace(
        "CONSTRUCT { ?member kg:memberOf ?organisation }",
        "CONSTRUCT { ?member kg:memberOf ?organisation . ?organisation skos:prefLabel ?l }",
    ).replace("kg:to ?organisation .", "kg:to ?organisation . ?organisation skos:prefLabel ?l .")
    page = curated.js("(text) => window.kgBundle.constructModel(text, 'members')", text)
    python = _python_view(construct(real_stores["oxigraph"], adhoc(text, name="members")))
    assert {e["kind"] for e in python["edges"]} == {"kg:memberOf", "skos:prefLabel"}
    assert any(n["type"] == "Literal" for n in python["nodes"])
    by_id = lambda items: sorted(items, key=lambda item: item["id"])  # noqa: E731
    _same_view(
        {**page, "nodes": by_id(page["nodes"]), "edges": by_id(page["edges"])},
        {**python, "nodes": by_id(python["nodes"]), "edges": by_id(python["edges"])},
    )


NAMES = [
    "Ibrahim Traoré",
    "Straße",
    "İstanbul",
    "ΟΔΟΣ",
    "Côte d’Ivoire",
    "N'Djamena",
    "Assimi  GOÏTA",
    "Ṭuareg—MNLA",
    "²3",
    "Ségou/Mopti",
    "ﬁve",
    "Ǆemal",
]


def test_names_are_normalised_in_the_page_as_in_python(curated):
    from kg.entities import normalise

    page = curated.js("(names) => names.map(window.kgText.normalise)", NAMES)
    assert page == [normalise(name) for name in NAMES]


# --- the reader page inside the explorer ----------------------------------------


def test_the_explorer_opens_the_timeline_and_map_on_one_cursor(curated, real_stores):
    """The explorer carries the reader page (kg.views.reader, packed in a frame): its
    network, timeline and map on one date cursor, drawn offline under the
    explorer's policy; the map shows the record's places, the timeline its
    events, and the date box moves both."""
    from kg.views.reader import overview_page

    model = overview_page(real_stores["oxigraph"])
    curated.page.click("[data-tab='reader-tab']")
    frame = curated.page.frame_locator("#reader-tab iframe")
    handle = curated.page.wait_for_selector("#reader-tab iframe").content_frame()
    handle.wait_for_function("() => window.kgReader && kgReader.ready", timeout=60000)
    frame.locator("#tab-map").click()
    handle.wait_for_function("() => kgReader.pane === 'map' && kgReader.ready")
    places = handle.evaluate("() => document.querySelectorAll('#pane-map .kg-place').length")
    assert places == len(model["map"]["places"])
    frame.locator("#day-input").fill("2019-06-01")
    frame.locator("#day-input").press("Enter")
    handle.wait_for_function("() => kgReader.map.day !== null")
    assert handle.evaluate("() => kgReader.view.day") == handle.evaluate("() => kgReader.map.day")
    frame.locator("#tab-timeline").click()
    handle.wait_for_function("() => kgReader.pane === 'timeline' && kgReader.ready")
    drawn = set(handle.evaluate("() => kgReader.timeline.timeline.itemsData.getIds()"))
    assert {e["id"] for e in model["timeline"]["events"]} <= drawn
    assert handle.is_hidden("#language")  # the frame keeps its language
    assert curated.clean(), (curated.errors, curated.failed, curated.blocked)
    curated.page.click("[data-tab='query-tab']")

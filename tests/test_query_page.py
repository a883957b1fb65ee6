"""The server's query page, driven in headless Chromium against a real `kg serve`.

The server runs as in tests/test_server.py (a subprocess on a free loopback
port). Every request the page makes to anything but that server is aborted
and recorded; each test ends with no console error, no failed request and no
blocked request. What the page shows is checked against the library on the
same data: the rows of kg.query.run, the columns a reader sees of
kg.query.formats.reading_columns, the citations of kg.citations and the CSV of
`kg query --format csv` (tests/helpers.py, reader_answer). The explorer's
copy of the same page is driven in tests/test_bundle.py.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from browser import Watched, loopback_only
from helpers import HOSTILE_TURTLE, IMG_LABEL, PROLOGUE, SCRIPT_LABEL, reader_answer, same_csv_rows
from pyoxigraph import NamedNode
from servers import kg_serve

from kg.citations import Citations
from kg.entities import resolve
from kg.errors import UnknownEntity
from kg.query import adhoc, named_query, run
from kg.query.page import DEFAULT_QUERY
from kg.store.sparql_text import with_values
from kg.vocab import BASE, ENTITY_NS

pytestmark = [pytest.mark.server, pytest.mark.browser]

MEMBERS_NETWORK = """CONSTRUCT { ?member kg:memberOf ?organisation }
WHERE { ?m a kg:Membership ; kg:from ?member ; kg:to ?organisation }"""
HOSTILE = (
    'SELECT ?x WHERE { BIND("</script><script>window.pwned = 1</script>'
    '<img src=x onerror=window.pwned=2>" AS ?x) }'
)
# Who led Niger in August 2023, typed as a reader types it: a name and a month.
ASKED = {"name": "head-of-state", "state": "Niger", "as_of": "2023-08"}


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    yield from kg_serve("--timeout", "10", "--workers", "2")


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory) -> Iterator[str]:
    """A server whose data has labels, a title and a publisher made of markup."""
    data = tmp_path_factory.mktemp("hostile") / "hostile.ttl"
    data.write_text(PROLOGUE + HOSTILE_TURTLE, encoding="utf-8")
    yield from kg_serve("--workers", "1", "--data", str(data))


class QueryPage(Watched):
    """One tab on the query page, recording whatever goes wrong in it."""

    def __init__(self, browser, server: str) -> None:
        self.server = server
        self.context = browser.new_context(
            viewport={"width": 1300, "height": 900}, accept_downloads=True
        )
        super().__init__(self.context.new_page(), loopback_only, route_on=self.context)

    def answers(self) -> int:
        return int(self.page.get_attribute("#query-page", "data-answers") or 0)

    def open(self, path: str = "/") -> None:
        """Open a page; it runs its query (the default one, or the link's) at once."""
        self.page.goto(path if path.startswith("http") else self.server + path)
        self.page.wait_for_function(
            "() => document.getElementById('query-page').dataset.answers", timeout=30000
        )

    def answer(self, click: str = "#run") -> str:
        """Click, wait for the page's next answer, and return its summary line."""
        before = self.answers()
        self.page.click(click)
        self.page.wait_for_function(
            "n => Number(document.getElementById('query-page').dataset.answers) > n",
            arg=before,
            timeout=30000,
        )
        return self.summary()

    def summary(self) -> str:
        return self.page.text_content("#result-summary")

    def ask(self, name: str, as_of: str = "", **fields: str) -> str:
        """Choose a named query, fill its fields and the as-of date, and run it."""
        self.page.select_option("#query-name", name)
        for field, value in fields.items():
            self.page.fill(f"#param-{field}", value)
        self.page.fill("#query-as-of", as_of)
        return self.answer()

    def headers(self) -> list[str]:
        return self.page.eval_on_selector_all(
            "#results-table th", "hs => hs.map(h => h.textContent)"
        )

    def rows(self) -> list[list[str]]:
        return self.page.eval_on_selector_all(
            "#results-table tbody tr",
            "rows => rows.map(r => [...r.cells].map(c => c.textContent))",
        )

    def links(self, column: str) -> list[list[str]]:
        """The addresses each row's cell in ``column`` links to, as written."""
        at = self.headers().index(column)
        return self.page.eval_on_selector_all(
            "#results-table tbody tr",
            "(rows, at) => rows.map(r => [...r.cells[at].querySelectorAll('a')]"
            ".map(a => a.getAttribute('href')))",
            at,
        )

    def editor_text(self) -> str:
        return self.page.evaluate("() => window.kgQueryPage.page.text()")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser, server) -> Iterator[QueryPage]:
    opened = QueryPage(browser, server)
    yield opened
    opened.close()


def _ask_who_led_niger(tab: QueryPage) -> str:
    return tab.ask(ASKED["name"], ASKED["as_of"], state=ASKED["state"])


# --- the reader's page ---------------------------------------------------------------


def test_the_page_opens_on_a_named_query_with_its_fields_and_answer(tab, real_stores):
    tab.open()
    assert tab.page.input_value("#query-name") == DEFAULT_QUERY
    assert tab.page.is_hidden("#sparql")  # the editor is one click away, not in the way
    names, texts, _ = reader_answer(real_stores["oxigraph"], DEFAULT_QUERY)
    assert tab.headers() == names
    assert sorted(tab.rows()) == sorted(texts)
    assert tab.clean(), (tab.errors, tab.failed, tab.blocked, tab.dialogs)


def test_a_name_and_a_month_give_labels_and_linked_citations(tab, real_stores):
    store = real_stores["oxigraph"]
    tab.open()
    summary = _ask_who_led_niger(tab)
    names, texts, _ = reader_answer(store, ASKED["name"], ASKED["as_of"], state=ASKED["state"])
    assert summary.startswith(f"{len(texts)} row")
    assert tab.headers() == names
    assert sorted(tab.rows()) == sorted(texts)  # labels, not IRIs; no "@en"
    assert texts and all("w3id.org" not in cell and "@en" not in cell for cell in texts[0])
    niger = resolve(store, "Niger").value.removeprefix(BASE)
    assert tab.links("state") == [["/" + niger]] * len(texts)  # the entity's page
    # Each citation links to its source's address, when it has one.
    citations = Citations.of(store)
    _, _, csv_rows = reader_answer(store, ASKED["name"], ASKED["as_of"], state=ASKED["state"])
    addresses = [
        sorted(a for slug in row["sources"].split() if (a := citations[slug].address))
        for row in csv_rows
    ]
    assert addresses and addresses[0]
    assert sorted(sorted(links) for links in tab.links("sources")) == sorted(addresses)
    assert tab.clean(), (tab.errors, tab.failed, tab.blocked, tab.dialogs)


def test_the_downloads_keep_the_iris_and_add_the_citations(tab, real_stores):
    store = real_stores["oxigraph"]
    tab.open()
    _ask_who_led_niger(tab)
    with tab.page.expect_download() as download:
        tab.page.click("#download-csv")
    assert download.value.suggested_filename == "head-of-state-2023-08.csv"
    text = Path(download.value.path()).read_text(encoding="utf-8")
    got = list(csv.DictReader(io.StringIO(text)))
    _, _, expected = reader_answer(store, ASKED["name"], ASKED["as_of"], state=ASKED["state"])
    assert same_csv_rows(got) == same_csv_rows(expected)  # as `kg query --format csv` writes
    assert {row["state"] for row in got} == {ENTITY_NS + "niger"}
    assert all(row["citations"] for row in got)
    with tab.page.expect_download() as download:
        tab.page.click("#download-json")
    document = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert document["head"]["vars"] == list(expected[0])
    assert {b["person"]["type"] for b in document["results"]["bindings"]} == {"uri"}
    assert tab.clean(), (tab.errors, tab.failed, tab.blocked, tab.dialogs)


def test_the_permalink_reopens_the_same_answer(tab, browser, server):
    tab.open()
    _ask_who_led_niger(tab)
    first = tab.rows()
    link = tab.page.get_attribute("#permalink", "href")
    assert parse_qs(urlsplit(link).query) == {
        "name": [ASKED["name"]],
        "param.state": [ASKED["state"]],
        "as-of": [ASKED["as_of"]],
    }
    again = QueryPage(browser, server)
    try:
        again.open(link)  # opening it runs the query
        assert again.page.input_value("#query-name") == ASKED["name"]
        assert again.page.input_value("#param-state") == ASKED["state"]
        assert again.page.input_value("#query-as-of") == ASKED["as_of"]
        assert again.rows() == first
        assert again.clean(), (again.errors, again.failed, again.blocked, again.dialogs)
    finally:
        again.close()


def test_a_bad_date_and_an_unknown_name_each_get_one_message(tab, real_stores):
    tab.open()
    tab.ask(ASKED["name"], "2024-13", state="Niger")
    assert tab.page.get_attribute("#result-summary", "class") == "error"
    assert tab.summary() == "as of: “2024-13” is not a date: write YYYY-MM-DD, YYYY-MM or YYYY."
    assert tab.rows() == []
    with pytest.raises(UnknownEntity):  # the library knows no such name either
        resolve(real_stores["oxigraph"], "Atlantis")
    tab.ask(ASKED["name"], "2023", state="Atlantis")
    assert tab.page.get_attribute("#result-summary", "class") == "error"
    assert tab.summary() == 'state: no entity is called "Atlantis"'
    assert tab.page.is_disabled("#download-csv")
    assert tab.clean(), (tab.errors, tab.failed, tab.blocked, tab.dialogs)


def test_edit_sparql_shows_the_filled_query_in_the_editor(tab):
    tab.open()
    _ask_who_led_niger(tab)
    first = tab.rows()
    tab.page.click("#edit-sparql")
    assert tab.page.is_visible("#sparql")
    text = tab.editor_text()
    assert "VALUES ?state { <https://w3id.org/sahel-kg/id/niger> }" in text
    assert 'VALUES ?asOf { "2023-08-01"^^<http://www.w3.org/2001/XMLSchema#date> }' in text
    # The editor is CodeMirror with SPARQL highlighting, not a bare textarea.
    assert tab.page.is_hidden("textarea#query-text")
    styled = tab.page.eval_on_selector_all(
        ".cm-content .cm-line span",
        "spans => spans.filter(s => s.className).map(s => s.textContent)",
    )
    assert {"SELECT", "WHERE"} <= set(styled)
    tab.answer("#run-sparql")
    assert tab.rows() == first
    assert "name=head-of-state" in tab.page.get_attribute("#permalink", "href")
    assert tab.clean(), (tab.errors, tab.failed, tab.blocked, tab.dialogs)


def test_a_value_read_in_union_branches_is_placed_as_the_library_places_it(tab, real_stores):
    """links-between binds each end at the top and again in the UNION branches
    that read it (its `# values:` lines): the page fills the text as
    kg.store.sparql_text.with_values does, and answers with the library's rows."""
    tab.open()
    tab.ask("links-between", origin="Wagner Group", target="Burkina Faso")
    tab.page.click("#edit-sparql")
    bound = {"origin": ENTITY_NS + "wagner-group", "target": ENTITY_NS + "burkina-faso"}
    filled = with_values(
        named_query("links-between").text, {k: NamedNode(v) for k, v in bound.items()}
    )
    assert filled in tab.editor_text()
    assert filled.count(f"VALUES ?origin {{ <{bound['origin']}> }}") == 3
    expected = run(
        real_stores["oxigraph"],
        named_query("links-between"),
        params={"origin": "wagner-group", "target": "burkina-faso"},
    )
    assert len(tab.rows()) == len(expected.rows) > 0
    assert tab.clean(), (tab.errors, tab.failed, tab.blocked, tab.dialogs)


def test_hostile_labels_and_sources_stay_inert_text(browser, hostile_server):
    tab = QueryPage(browser, hostile_server)
    try:
        tab.open(f"/?name=security-partners&param.state={quote(SCRIPT_LABEL)}")
        assert tab.summary().startswith("1 row")
        assert tab.headers()[0] == "partner"
        assert tab.rows()[0][0] == IMG_LABEL
        assert tab.rows()[0][-1] == f"{SCRIPT_LABEL}, 2024-05-02"
        assert tab.links("sources") == [["https://example.org/evil?a=1&b=<2>"]]
        assert tab.links("partner") == [["/id/evil-img"]]
        names = tab.page.eval_on_selector_all("#entity-names option", "os => os.map(o => o.value)")
        assert SCRIPT_LABEL in names and IMG_LABEL in names
        assert tab.page.locator("img").count() == 0
        tab.page.wait_for_timeout(200)
        assert tab.clean(), (tab.errors, tab.failed, tab.blocked, tab.dialogs)
    finally:
        tab.close()


# --- the SPARQL editor ---------------------------------------------------------------


def test_an_answer_cut_at_the_byte_cap_says_so_under_the_form(tab):
    # 1,000 rows of about 12 KB each: three times the server's 4 MiB cap.
    wide = (
        "SELECT ?d WHERE { ?s ?p ?o BIND(STR(?s) AS ?a) BIND(CONCAT(?a,?a,?a,?a,?a,?a,?a,?a)"
        " AS ?b) BIND(CONCAT(?b,?b,?b,?b,?b,?b,?b,?b) AS ?c) BIND(CONCAT(?c,?c,?c,?c) AS ?d) }"
        " LIMIT 1000"
    )
    tab.open("/?query=" + quote(wide))
    status = tab.summary()
    sent = int(status.split("only the first ")[1].split(" rows")[0])
    assert "--max-bytes" in status and 0 < sent < 1000
    assert len(tab.rows()) == sent
    assert tab.clean(), (tab.errors, tab.failed, tab.blocked, tab.dialogs)


def test_an_entity_page_keeps_its_style_under_its_content_security_policy(tab):
    # A style the policy refused would leave the table's borders apart and log an error.
    tab.page.goto(tab.server + "/entity/niger")
    collapse = tab.page.eval_on_selector("table", "t => getComputedStyle(t).borderCollapse")
    assert collapse == "collapse"
    assert tab.clean(), (tab.errors, tab.failed, tab.blocked, tab.dialogs)


def test_script_in_an_echoed_query_stays_inert(tab):
    tab.open("/?query=" + quote(HOSTILE))
    assert tab.editor_text() == HOSTILE
    assert tab.summary().startswith("1 row")
    assert tab.rows() == [[HOSTILE.split('"')[1]]]
    assert tab.page.evaluate("() => window.pwned") is None
    # The page's four scripts are its own files; the fifth <script> holds JSON.
    assert tab.page.eval_on_selector_all("script[src]", "s => s.length") == 4
    assert tab.page.eval_on_selector_all("script:not([src])", "s => s.map(x => x.type)") == [
        "application/json"
    ]
    assert tab.page.eval_on_selector_all("img", "s => s.length") == 0
    assert tab.clean(), (tab.errors, tab.failed, tab.blocked, tab.dialogs)


def test_a_construct_is_drawn_as_a_network_with_every_node(tab, real_stores):
    tab.open()
    tab.page.click("#edit-sparql")
    tab.page.evaluate("text => window.kgQueryPage.page.setText(text)", MEMBERS_NETWORK)
    assert "graph" in tab.answer("#run-sparql")
    frame = tab.page.frame_locator("iframe#network")
    frame.locator("#canvas canvas").wait_for(timeout=60000)
    view = next(f for f in tab.page.frames if f.url.split("?")[0].endswith("/view/query"))
    view.wait_for_function("() => window.kgView && window.kgView.ready", timeout=60000)
    drawn = set(view.evaluate("() => window.kgView.visibleNodeIds()"))
    triples = run(real_stores["oxigraph"], adhoc(MEMBERS_NETWORK))
    ends = {t.subject.value for t in triples} | {t.object.value for t in triples}
    assert len(ends) > 10  # the AES, ECOWAS, G5 Sahel and their members
    assert len(drawn) == len(ends)
    assert tab.clean(), (tab.errors, tab.failed, tab.blocked, tab.dialogs)


def test_a_bad_query_shows_the_parsers_message(tab):
    tab.open()
    tab.page.click("#edit-sparql")
    tab.page.evaluate("() => window.kgQueryPage.page.setText('SELECT * WHERE { ?s ?p }')")
    status = tab.answer("#run-sparql")
    assert status.startswith("400:") and "invalid SPARQL" in status
    # A 400 from fetch() is logged by Chromium as a failed resource: that one is expected.
    assert all("400" in e for e in tab.errors), tab.errors
    assert not (tab.failed or tab.blocked or tab.dialogs)

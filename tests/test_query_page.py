"""The server's query page, driven in headless Chromium against a real `kg serve`.

The server runs as in tests/test_server.py (a subprocess on a free loopback
port). Every request the page makes to anything but that server is aborted
and recorded; each test ends with no console error, no failed request and no
blocked request. Expected answers: data/seed-article.ttl makes Mali, Burkina
Faso and Niger the AES's members (st:*-member-of-aes); the row and node
counts are checked against kg.query.run on the same data.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from browser import Watched, loopback_only
from servers import kg_serve

from kg.query import adhoc, named_query, run

pytestmark = [pytest.mark.server, pytest.mark.browser]

MEMBERS_NETWORK = """CONSTRUCT { ?member kg:memberOf ?organisation }
WHERE { ?m a kg:Membership ; kg:from ?member ; kg:to ?organisation }"""
HOSTILE = (
    'SELECT ?x WHERE { BIND("</script><script>window.pwned = 1</script>'
    '<img src=x onerror=window.pwned=2>" AS ?x) }'
)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    yield from kg_serve("--timeout", "10", "--workers", "2")


class QueryPage(Watched):
    """One tab on the query page, recording whatever goes wrong in it."""

    def __init__(self, browser, server: str) -> None:
        self.server = server
        self.context = browser.new_context(viewport={"width": 1300, "height": 900})
        super().__init__(self.context.new_page(), loopback_only, route_on=self.context)

    def open(self, path: str = "/") -> None:
        self.page.goto(self.server + path)
        self.page.wait_for_function("() => window.kgQueryPage !== undefined")

    def wait_for_answer(self) -> str:
        self.page.wait_for_function(
            "() => /row|answered|graph|^\\d{3}:/.test(document.getElementById('status')"
            ".textContent)",
            timeout=30000,
        )
        return self.page.text_content("#status")

    def rows(self) -> list[list[str]]:
        return self.page.eval_on_selector_all(
            "#result-table tbody tr",
            "rows => rows.map(r => [...r.cells].map(c => c.textContent))",
        )

    def editor_text(self) -> str:
        return self.page.evaluate("() => window.kgQueryPage.text()")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser, server) -> Iterator[QueryPage]:
    opened = QueryPage(browser, server)
    yield opened
    opened.close()


def _choose(tab: QueryPage, name: str) -> None:
    index = tab.page.evaluate(
        "name => JSON.parse(document.getElementById('named-queries').textContent)"
        ".findIndex(e => e.name === name)",
        name,
    )
    assert index >= 0, f"no example {name}"
    tab.page.select_option("#examples", str(index))


def test_a_named_query_runs_and_shows_its_rows(tab, real_stores):
    tab.open()
    # The editor is CodeMirror with SPARQL highlighting, not a bare textarea.
    assert tab.page.is_hidden("textarea#query")
    _choose(tab, "members")
    assert "VALUES ?organisation { <https://w3id.org/sahel-kg/id/aes> }" in tab.editor_text()
    styled = tab.page.eval_on_selector_all(
        ".cm-content .cm-line span",
        "spans => spans.filter(s => s.className).map(s => s.textContent)",
    )
    assert {"SELECT", "WHERE"} <= set(styled)
    tab.page.click("#run")
    assert "row(s)" in tab.wait_for_answer()
    rows = tab.rows()
    expected = run(real_stores["oxigraph"], named_query("members"))
    assert len(rows) == len(expected.rows)
    headers = tab.page.eval_on_selector_all("#result-table th", "hs => hs.map(h => h.textContent)")
    labels = {row[headers.index("memberLabel")] for row in rows}
    assert labels == {"Mali @en", "Burkina Faso @en", "Niger @en"}
    assert tab.clean(), (tab.errors, tab.failed, tab.blocked, tab.dialogs)


def test_an_answer_cut_at_the_byte_cap_says_so_under_the_table(tab):
    # 1,000 rows of about 12 KB each: three times the server's 4 MiB cap.
    wide = (
        "SELECT ?d WHERE { ?s ?p ?o BIND(STR(?s) AS ?a) BIND(CONCAT(?a,?a,?a,?a,?a,?a,?a,?a)"
        " AS ?b) BIND(CONCAT(?b,?b,?b,?b,?b,?b,?b,?b) AS ?c) BIND(CONCAT(?c,?c,?c,?c) AS ?d) }"
        " LIMIT 1000"
    )
    tab.open("/?query=" + quote(wide))
    status = tab.wait_for_answer()
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


def test_the_permalink_reopens_the_same_query(tab):
    tab.open()
    _choose(tab, "members")
    chosen = tab.editor_text()
    tab.page.click("#run")
    tab.wait_for_answer()
    first = tab.rows()
    tab.page.click("#permalink")
    tab.page.wait_for_url("**/?query=*")
    tab.page.wait_for_function("() => window.kgQueryPage !== undefined")
    assert tab.editor_text() == chosen
    tab.wait_for_answer()  # a permalink runs its query on opening
    assert tab.rows() == first
    assert tab.clean(), (tab.errors, tab.failed, tab.blocked, tab.dialogs)


def test_script_in_an_echoed_query_stays_inert(tab):
    tab.open("/?query=" + quote(HOSTILE))
    assert tab.editor_text() == HOSTILE
    assert "1 row(s)" in tab.wait_for_answer()
    assert tab.rows() == [[HOSTILE.split('"')[1]]]
    assert tab.page.evaluate("() => window.pwned") is None
    assert tab.page.eval_on_selector_all("script", "s => s.length") == 3
    assert tab.page.eval_on_selector_all("img", "s => s.length") == 0
    assert tab.clean(), (tab.errors, tab.failed, tab.blocked, tab.dialogs)


def test_a_construct_is_drawn_as_a_network_with_every_node(tab, real_stores):
    tab.open()
    tab.page.evaluate("text => window.kgQueryPage.setText(text)", MEMBERS_NETWORK)
    tab.page.click("#run")
    assert "graph" in tab.wait_for_answer()
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
    tab.page.evaluate("() => window.kgQueryPage.setText('SELECT * WHERE { ?s ?p }')")
    tab.page.click("#run")
    status = tab.wait_for_answer()
    assert status.startswith("400:") and "invalid SPARQL" in status
    # A 400 from fetch() is logged by Chromium as a failed resource: that one is expected.
    assert all("400" in e for e in tab.errors), tab.errors
    assert not (tab.failed or tab.blocked or tab.dialogs)

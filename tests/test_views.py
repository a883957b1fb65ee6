"""Interactive views: the view model, and each page driven in a real headless Chromium.

Pages are written by the real `kg view` command and opened from file:// with
every other request blocked. What the page shows is checked against COUNT
queries written here from the data's own terms, at the same date.
"""

from __future__ import annotations

import base64
import gzip
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from browser import Watched, file_only
from helpers import (
    AES_MEMBERSHIPS,
    ASK_DIRECT,
    CONSTRUCT_MEMBERS,
    COUNT_ACTIVE_ACTORS,
    COUNT_ACTORS,
    COUNT_CONSTRUCT_NODES,
    COUNT_EGO_2,
    COUNT_EGO_ACTIVE,
    COUNT_LINKED_ACTORS,
    COUNT_PATH_MIDDLES,
    HOSTILE_FIGURES,
    HOSTILE_TURTLE,
    ID,
    IMG_LABEL,
    PROLOGUE,
    SCRIPT_LABEL,
    ST,
    count,
)
from pyoxigraph import NamedNode

from kg.network import to_networkx

SVG = "http://www.w3.org/2000/svg"

# --- the view model (no browser) ------------------------------------------------


def _bound_days(edge: dict) -> tuple:
    names = ("earliestStartDay", "latestStartDay", "earliestEndDay", "latestEndDay")
    return tuple(edge[name] for name in names)


def test_edges_carry_their_four_bounds_as_day_numbers(real_stores):
    """Days since 1970-01-01: 19616 is 2023-09-16, 20448 the day after the
    record's horizon (2025-12-26), 2932896 the open end (9999-12-31)."""
    from kg.views import overview

    model = overview(real_stores["oxigraph"])
    edges = {e["id"]: e for e in model["edges"]}
    aes = edges[ST + "niger-member-of-aes"]  # from 2023-09-16, open
    assert _bound_days(aes) == (19616, 19616, 20448, 2932896)
    assert aes["endBasis"] == "open; the record was checked up to 2025-12-25"
    ecowas = edges[ST + "burkina-faso-member-of-ecowas"]  # 1975-05-28 to 2025-01-29
    assert _bound_days(ecowas) == (1973, 1973, 20117, 20117)
    assert model["horizon"] == "2025-12-25"
    assert {s["publisher"] for s in aes["sources"]} >= {"Top News Africa"}


@pytest.mark.slow
def test_ego_depth_two_matches_a_path_query(real_stores):
    from kg.views import ego

    store = real_stores["oxigraph"]
    model = ego(store, "niger", depth=2)
    assert len(model["nodes"]) == count(store, COUNT_EGO_2, centre=ID + "niger")
    assert model["focus"] == ID + "niger"


def test_two_relationships_between_the_same_actors_stay_two_curved_edges(real_stores):
    from kg.views import overview

    model = overview(real_stores["oxigraph"])
    pairs: dict[frozenset, list[dict]] = {}
    for edge in model["edges"]:
        pairs.setdefault(frozenset((edge["from"], edge["to"])), []).append(edge)
    shared = [group for group in pairs.values() if len(group) > 1]
    assert shared
    for group in shared:
        # vis-network bends curvedCW/CCW relative to the edge's own direction.
        shapes = set()
        for edge in group:
            smooth = edge.get("smooth") or {"type": "straight", "roundness": 0}
            flip = edge["from"] > edge["to"] and smooth["type"] != "straight"
            swap = {"curvedCW": "curvedCCW", "curvedCCW": "curvedCW"}
            shapes.add((swap[smooth["type"]] if flip else smooth["type"], smooth["roundness"]))
        assert len(shapes) == len(group), group


def test_a_construct_view_at_a_day_names_the_day_as_the_other_views_do(real_stores):
    """A month given as --as-of means its first day, and the title says that day."""
    from kg.query import adhoc
    from kg.views import construct

    query = adhoc(
        "CONSTRUCT { ?from kg:memberOf ?to } WHERE {\n"
        "  ?m a kg:Membership ; kg:from ?from ; kg:to ?to .\n  # as-of: ?m\n}",
        name="members",
    )
    model = construct(real_stores["oxigraph"], query, as_of=date(2024, 3, 1))
    assert model["title"] == "Sahel KG: members as of 2024-03-01"
    assert model["edges"]


def test_script_json_has_no_markup(tmp_path):
    import networkx as nx

    from kg.views import view_model
    from kg.views.drawing import render_html

    graph = nx.MultiDiGraph()
    graph.add_node("x", label=SCRIPT_LABEL, type="State")
    page = render_html(view_model(graph, title=IMG_LABEL))
    assert SCRIPT_LABEL not in page and IMG_LABEL not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # the <title>, escaped
    assert "http://" not in page.split("<script", 1)[0] and "https://" not in page[:2000]


@pytest.mark.slow
def test_view_errors_are_one_line(kg, tmp_path):
    proc = kg("view", "ego", "nowhere-land", "-o", str(tmp_path / "x.html"))
    # The error is the one line after the build's progress lines (a first
    # command on a fresh checkout builds the store).
    said = proc.stderr.splitlines()
    assert proc.returncode == 5 and said[-1].startswith("kg: error: no entity")
    assert [line for line in said if "error" in line] == said[-1:]
    proc = kg("view", "overview", "--as-of", "2024-13", "-o", str(tmp_path / "x.html"))
    assert proc.returncode == 6
    select = tmp_path / "select.rq"
    select.write_text("SELECT * { ?s ?p ?o } LIMIT 1\n", encoding="utf-8")
    proc = kg("view", "query", str(select), "-o", str(tmp_path / "x.html"))
    assert proc.returncode == 4 and "CONSTRUCT" in proc.stderr
    assert not list(tmp_path.glob("*.html")) and not list(tmp_path.glob(".view-*"))


def test_notebook_returns_the_same_page():
    import networkx as nx

    from kg.views import view_model
    from kg.views.drawing import notebook, render_html

    graph = nx.MultiDiGraph()
    graph.add_node("x", label="X", type="State")
    model = view_model(graph, title="t")
    shown = notebook(model)
    if isinstance(shown, str):
        assert shown == render_html(model)
        return
    # In a notebook the page travels gzipped in the frame's loader: the same page.
    packed = re.search(r"kg-packed&quot; [^>]*?&gt;([A-Za-z0-9+/=]+)&lt;", shown.data).group(1)
    assert gzip.decompress(base64.b64decode(packed)).decode("utf-8") == render_html(model)


# --- pages in Chromium ----------------------------------------------------------


@pytest.fixture(scope="module")
def pages(kg, real_stores, tmp_path_factory) -> dict[str, Path]:
    """Each view kind written by the real command (the plain overview in-process,
    as `kg view overview` writes it: a reader page, kg.views.reader)."""
    from kg.views.reader import overview_page, write_reader_html

    folder = tmp_path_factory.mktemp("views")
    (folder / "members.rq").write_text(CONSTRUCT_MEMBERS, encoding="utf-8")
    (folder / "hostile.ttl").write_text(PROLOGUE + HOSTILE_TURTLE, encoding="utf-8")
    page = overview_page(real_stores["oxigraph"])
    written = {"overview": write_reader_html(page, folder / "overview.html")}
    commands = {
        "overview-2023-07-01": ["overview", "--as-of", "2023-07-01"],
        "ego": ["ego", "niger", "--depth", "1", "--as-of", "2024-04-30"],
        "path": ["path", "Wagner Group", "Burkina Faso"],
        "query": ["query", str(folder / "members.rq"), "--as-of", "2024-04-30"],
        "hostile": ["overview", "--data", str(folder / "hostile.ttl")],
    }
    for name, args in commands.items():
        output = folder / f"{name}.html"
        proc = kg("view", *args, "-o", str(output))
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip() == str(output)
        written[name] = output
    return written


@pytest.fixture(scope="module")
def opened(browser, pages) -> Iterator[dict[str, Opened]]:
    """Pages opened once for checks that only read them."""
    cache = _OpenedCache(browser, pages)
    yield cache
    cache.close()


class Opened(Watched):
    """A page opened offline, with what went wrong while it ran."""

    def __init__(self, browser, path: Path, size: tuple[int, int] = (1400, 900)):
        viewport = {"width": size[0], "height": size[1]}
        super().__init__(browser.new_page(viewport=viewport), file_only)
        self.page.goto(path.as_uri())
        self.page.wait_for_function("() => window.kgView && window.kgView.ready", timeout=60000)

    def visible_nodes(self) -> set[str]:
        return set(self.js("() => window.kgView.visibleNodeIds()"))

    def visible_edges(self) -> set[str]:
        return set(self.js("() => window.kgView.visibleEdgeIds()"))

    def slide_to(self, day: date) -> None:
        number = (day - date(1970, 1, 1)).days
        self.page.eval_on_selector(
            "#day",
            "(el, v) => { el.value = String(v); el.dispatchEvent(new Event('input')); }",
            number,
        )
        # The slider's input is applied on the next frame: wait for it.
        self.page.wait_for_function("(d) => window.kgView.day === d", arg=number)


class _OpenedCache(dict):
    def __init__(self, browser, pages):
        super().__init__()
        self.browser, self.pages = browser, pages

    def __missing__(self, name: str) -> Opened:
        self[name] = Opened(self.browser, self.pages[name])
        return self[name]

    def close(self) -> None:
        for page in self.values():
            page.page.close()


@pytest.mark.browser
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("overview", lambda s: count(s, COUNT_LINKED_ACTORS)),
        (
            "overview-2023-07-01",
            lambda s: count(s, COUNT_ACTIVE_ACTORS, day=date(2023, 7, 1)),
        ),
        (
            "ego",
            lambda s: 1 + count(s, COUNT_EGO_ACTIVE, day=date(2024, 4, 30), centre=ID + "niger"),
        ),
        (
            "path",
            lambda s: (
                2 + count(s, COUNT_PATH_MIDDLES, a=ID + "wagner-group", b=ID + "burkina-faso")
            ),
        ),
        ("query", lambda s: count(s, COUNT_CONSTRUCT_NODES, day=date(2024, 4, 30))),
    ],
)
def test_each_view_opens_offline_with_the_counted_actors(opened, real_stores, name, expected):
    store = real_stores["oxigraph"]
    opened = opened[name]
    assert opened.clean(), (opened.errors, opened.failed, opened.blocked)
    assert len(opened.visible_nodes()) == expected(store)
    if name == "path":
        ends = {"a": NamedNode(ID + "wagner-group"), "b": NamedNode(ID + "burkina-faso")}
        assert not store.query(ASK_DIRECT, ends)
        from kg.views import path

        paths = path(store, ID + "wagner-group", ID + "burkina-faso")["paths"]
        assert opened.js("() => window.kgView.model.paths") == paths


@pytest.mark.slow
def test_a_small_view_opens_with_its_names_drawn_in_full(opened):
    """vis-network caps a zoomed-in label at maxVisible px over the scale and fades
    it under drawThreshold: a path of four actors fitted at a large scale showed
    its names faded. The first fit stops where the cap still reads."""
    from kg.views.drawing import LABEL_DRAW_THRESHOLD, vis_options

    label = vis_options(False)["nodes"]["scaling"]["label"]
    assert label["drawThreshold"] == LABEL_DRAW_THRESHOLD
    scale = opened["path"].js("() => window.kgView.network.getScale()")
    assert label["maxVisible"] / scale > LABEL_DRAW_THRESHOLD


HOP_BOUNDS = """SELECT ?status ?earliest ?latestStart ?earliestEnd ?latest WHERE {
  ?hop kg:status ?statusTerm ; kg:earliestStart ?earliest ; kg:latestStart ?latestStart ;
       kg:earliestEnd ?earliestEnd ; kg:latestEnd ?latest .
  BIND(STRAFTER(STR(?statusTerm), "#") AS ?status) }"""


@pytest.mark.browser
def test_a_path_says_whether_its_hops_ever_held_together(opened, real_stores):
    """Each explained path of Wagner to Burkina Faso says if its hops held at one
    moment, as the derived bounds in the store say (a denied hop: never)."""
    store = real_stores["oxigraph"]
    page = opened["path"]
    paths = page.js("() => window.kgView.model.paths")
    items = page.page.locator("#panel ol > li")
    assert items.count() == len(paths)
    said = set()
    for i, hops in enumerate(paths):
        rows = [store.select(HOP_BOUNDS, {"hop": NamedNode(hop)}).rows[0] for hop in hops]
        day = [[date.fromisoformat(term.value) for term in row[1:]] for row in rows]
        active = all(row[0].value in ("Confirmed", "Reported") for row in rows)
        possible = active and max(d[0] for d in day) < min(d[3] for d in day)
        certain = active and max(d[1] for d in day) < min(d[2] for d in day)
        text = items.nth(i).inner_text()
        expected = (
            "All hops held together"
            if certain
            else "may have held together"
            if possible
            else "never held at the same time"
        )
        assert expected in text, (hops, text)
        said.add(expected)
    assert "never held at the same time" in said  # the path through a denied deployment


@pytest.mark.browser
def test_the_slider_shows_aes_memberships_only_from_its_founding(browser, pages, real_stores):
    store = real_stores["oxigraph"]
    opened = Opened(browser, pages["overview-2023-07-01"])
    assert opened.page.text_content("#day-shown") == "as of 2023-07-01"
    assert not AES_MEMBERSHIPS & opened.visible_edges()
    for day, members in [
        (date(2023, 9, 15), set()),
        (date(2023, 9, 16), AES_MEMBERSHIPS),
        (date(2024, 4, 30), AES_MEMBERSHIPS),
        (date(2023, 7, 1), set()),
    ]:
        opened.slide_to(day)
        assert opened.page.text_content("#day-shown") == f"as of {day.isoformat()}"
        assert AES_MEMBERSHIPS & opened.visible_edges() == members, day
        assert len(opened.visible_nodes()) == count(store, COUNT_ACTIVE_ACTORS, day=day)
    active = to_networkx(store, as_of=date(2024, 4, 30))
    opened.slide_to(date(2024, 4, 30))
    assert opened.visible_edges() == {k for _, _, k in active.edges(keys=True)}
    opened.page.check("#all-dates")
    assert len(opened.visible_nodes()) == count(store, COUNT_LINKED_ACTORS)
    assert opened.clean()
    opened.page.close()


@pytest.mark.browser
def test_search_focuses_the_actor(browser, pages):
    opened = Opened(browser, pages["overview"])
    opened.page.fill("#search", "burkina faso")
    opened.page.press("#search", "Enter")
    assert opened.js("() => window.kgView.network.getSelectedNodes()") == [ID + "burkina-faso"]
    assert opened.page.text_content("#panel-name") == "Burkina Faso"
    centre = opened.js("() => window.kgView.network.getViewPosition()")
    node = opened.js(f"() => window.kgView.network.getPositions(['{ID}burkina-faso'])")
    place = node[ID + "burkina-faso"]
    assert abs(centre["x"] - place["x"]) < 1 and abs(centre["y"] - place["y"]) < 1
    opened.page.fill("#search", "Tchiani")  # the French spelling's surname, a label word
    opened.page.press("#search", "Enter")
    selected = opened.js("() => window.kgView.network.getSelectedNodes()")
    assert selected == [ID + "abdourahamane-tiani"]
    assert opened.clean()
    opened.page.close()


@pytest.mark.browser
def test_hostile_labels_show_verbatim_and_never_run(browser, pages):
    opened = Opened(browser, pages["hostile"])
    for label, iri in [(SCRIPT_LABEL, ID + "evil-script"), (IMG_LABEL, ID + "evil-img")]:
        assert opened.js("(t) => window.kgView.search(t)", label) == iri
        assert opened.page.text_content("#panel-name") == label
    # From the actor's panel, open its relationship: evidence and source stay text.
    opened.page.click("#panel button.linkish")
    assert opened.page.text_content("#panel-name") == f"{IMG_LABEL} → {SCRIPT_LABEL}"
    link = opened.page.locator("#panel ol.sources a")
    assert link.text_content() == f"{IMG_LABEL} & {SCRIPT_LABEL}"
    assert link.get_attribute("href") == "https://example.org/evil?a=1&b=<2>"
    assert SCRIPT_LABEL in opened.page.text_content("#panel")
    # Both figures the relationship carries are shown, each with what it counts.
    figures = opened.js(
        """() => [...document.querySelectorAll('#panel dt')]
            .filter((dt) => dt.textContent === 'size')
            .map((dt) => dt.nextElementSibling.textContent)"""
    )
    assert figures == HOSTILE_FIGURES
    assert opened.js("() => document.querySelectorAll('img').length") == 0
    # The overview is a reader page (kg.views.reader): only its code scripts run (the
    # namespace keeper twice), every other <script> holds typed data.
    from kg.views.reader import reader_scripts

    code = opened.js("() => document.querySelectorAll('script:not([type])').length")
    assert code == len(reader_scripts()) + 1
    opened.page.wait_for_timeout(200)
    assert opened.dialogs == [] and opened.clean()
    opened.page.close()


MAJOR_LABELS = """() => {
  const v = window.kgView, n = v.network, scale = n.getScale();
  const c = document.getElementById('canvas').getBoundingClientRect();
  return v.visibleNodeIds().map((id) => {
    const node = v.model.nodes.find((x) => x.id === id);
    const look = v.model.types[node.type].look;
    const box = n.getBoundingBox(id);
    const at = n.canvasToDOM(n.getPositions([id])[id]);
    const font = v.nodes.get(id).font;
    return {id, minor: !v.prominent(id), px: (font ? font.size : look.font.size) * scale,
            box, onScreen: at.x >= 0 && at.y >= 0 && at.x <= c.width && at.y <= c.height};
  });
}"""


@pytest.mark.browser
@pytest.mark.parametrize(
    "size",
    [
        (1440, 900),
        (1280, 720),
    ],
)
def test_curated_overview_is_legible_at_first_fit(browser, pages, real_stores, size):
    """The best-linked states, juntas, organisations and armed formations read at
    11 CSS px or more and their labels do not overlap; people, minor actors and
    the others are labelled on zoom; actors with no relationship wait one click
    away."""
    store = real_stores["oxigraph"]
    page = Opened(browser, pages["overview"], size)
    drawn = page.js(MAJOR_LABELS)
    major = [d for d in drawn if not d["minor"]]
    assert len(major) == min(36, len(drawn))  # the 36 best linked
    assert {ID + "mali", ID + "niger", ID + "burkina-faso"} <= {d["id"] for d in major}
    assert min(d["px"] for d in major) >= 11
    threshold = page.js(
        "() => window.kgView.network.body.nodes[window.kgView.visibleNodeIds()[0]]"
        ".options.scaling.label.drawThreshold"
    )
    assert all(d["px"] < threshold - 1 for d in drawn if d["minor"])
    overlaps = [
        (a["id"], b["id"])
        for i, a in enumerate(major)
        for b in major[i + 1 :]
        if a["box"]["left"] < b["box"]["right"]
        and b["box"]["left"] < a["box"]["right"]
        and a["box"]["top"] < b["box"]["bottom"]
        and b["box"]["top"] < a["box"]["bottom"]
    ]
    assert overlaps == []
    assert all(d["onScreen"] for d in drawn)
    assert len(drawn) == count(store, COUNT_LINKED_ACTORS)
    isolated = count(store, COUNT_ACTORS) - count(store, COUNT_LINKED_ACTORS)
    assert isolated > 0
    assert page.page.text_content("#isolated-note").startswith(f"{isolated} actors have no")
    page.page.click("#isolated-toggle")
    assert len(page.visible_nodes()) == count(store, COUNT_ACTORS)
    page.page.screenshot(path=f"/tmp/overview-{size[0]}.png")
    assert page.clean()
    page.page.close()


# Each shown caption's box on the page (path views caption their lines).
CAPTIONS = """() => {
  const n = window.kgView.network, scale = n.getScale();
  return Object.values(n.body.edges)
    .filter((e) => e.options.label && !e.options.hidden && e.labelModule.size.width)
    .map((e) => {
      const s = e.labelModule.size;
      return {id: e.id, px: e.labelModule.fontOptions.size * scale,
              box: {left: s.left, top: s.top, right: s.left + s.width, bottom: s.top + s.height}};
    });
}"""


def _overlapping(boxes: list[dict], others: list[dict] | None = None) -> list[tuple]:
    """Pairs of drawn things whose boxes overlap: within ``boxes``, or each of
    ``boxes`` against each of ``others``."""
    pairs = (
        [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :]]
        if others is None
        else [(a, b) for a in boxes for b in others]
    )
    return [
        (a["id"], b["id"])
        for a, b in pairs
        if a["box"]["left"] < b["box"]["right"]
        and b["box"]["left"] < a["box"]["right"]
        and a["box"]["top"] < b["box"]["bottom"]
        and b["box"]["top"] < a["box"]["bottom"]
    ]


@pytest.mark.browser
@pytest.mark.parametrize("size", [(1440, 900), (1280, 720)])
@pytest.mark.parametrize("name", ["ego", "path"])
def test_ego_and_path_views_are_legible_at_first_fit(browser, pages, name, size):
    """Actors' labels read at 11 CSS px or more, none over another, all on
    screen; a path view's captions read too and lie over no label or caption
    (they were drawn along steep lines into the actors at their ends)."""
    page = Opened(browser, pages[name], size)
    drawn = page.js(MAJOR_LABELS)
    major = [d for d in drawn if not d["minor"]]
    assert major and min(d["px"] for d in major) >= 11
    assert _overlapping(major) == []
    assert all(d["onScreen"] for d in drawn)
    captions = page.js(CAPTIONS)
    if name == "path":
        lines = (
            "() => Object.values(window.kgView.network.body.edges).filter((e) => !e.options.hidden)"
        )
        assert len(captions) == page.js(lines + ".length")
        assert min(c["px"] for c in captions) >= 11
        assert _overlapping(captions) == []
        assert _overlapping(captions, drawn) == []
    assert page.clean()
    page.page.close()


@pytest.mark.browser
def test_a_notebook_view_is_small_and_legible_at_800_px(browser, real_stores, tmp_path):
    """A notebook's output frame (``kg.views.drawing.notebook``) carried the whole page
    (2.2 MB for the overview) and drew it at the width of a wide screen, its
    labels hidden; it now travels gzipped and lays itself out narrow."""
    from kg.views import overview
    from kg.views.drawing import notebook, render_html

    model = overview(real_stores["oxigraph"])
    frame = notebook(model).data
    assert len(frame.encode()) < len(render_html(model).encode()) / 3
    assert len(frame.encode()) < 700_000
    host = tmp_path / "notebook.html"
    host.write_text(f"<!DOCTYPE html><body style='margin:0'>{frame}</body>", encoding="utf-8")
    page = browser.new_page(viewport={"width": 800, "height": 700})
    page.goto(host.as_uri())
    view = page.frames[1]
    view.wait_for_function("() => window.kgView && window.kgView.ready", timeout=60000)
    width = view.evaluate("() => document.getElementById('canvas').clientWidth")
    assert width >= 760  # the picture across the frame, panels below it
    drawn = view.evaluate(MAJOR_LABELS)
    major = [d for d in drawn if not d["minor"]]
    assert {ID + "mali", ID + "niger", ID + "burkina-faso"} <= {d["id"] for d in major}
    assert min(d["px"] for d in major) >= 10
    page.screenshot(path=str(tmp_path / "notebook.png"))
    page.close()


@pytest.mark.browser
def test_statements_of_one_kind_between_two_actors_share_one_line(opened, real_stores):
    from kg.views import overview

    model = overview(real_stores["oxigraph"])
    pairs: dict[tuple, list[str]] = {}
    for edge in model["edges"]:
        pairs.setdefault((edge["from"], edge["to"], edge["kind"]), []).append(edge["id"])
    parallel = [ids for ids in pairs.values() if len(ids) > 1]
    assert parallel
    page = opened["overview"]
    lines = page.js("() => window.kgView.edges.getIds()")
    assert len(lines) == len(pairs)
    for ids in parallel:
        assert {page.js("(id) => window.kgView.lineOf(id)", i) for i in ids} == {ids[0]}
    ids = max(parallel, key=len)
    emit = "(id) => { window.kgView.network.body.emitter.emit('click', {nodes: [], edges: [id]}); }"
    page.page.evaluate(emit, ids[0])
    panel = page.page.text_content("#panel")
    assert f"{len(ids)} statements of this kind" in panel
    assert panel.count("Statement ") == len(ids)
    assert page.clean()


@pytest.mark.browser
def test_the_side_panel_follows_the_date(browser, pages):
    page = Opened(browser, pages["overview"])
    page.js("(t) => window.kgView.search(t)", "Niger")
    page.slide_to(date(2024, 6, 1))
    page.visible_nodes()  # applies the pending day (the slider's input waits a frame)
    panel = page.page.text_content("#panel")
    assert "Relationships on 2024-06-01" in panel
    assert "Abdourahamane Tiani" in panel and "Mahamadou Issoufou" not in panel
    page.slide_to(date(2015, 6, 1))
    page.visible_nodes()
    panel = page.page.text_content("#panel")
    assert "Mahamadou Issoufou" in panel and "Abdourahamane Tiani" not in panel
    assert page.clean()
    page.page.close()


@pytest.mark.browser
def test_search_says_when_nothing_or_several_match(browser, pages):
    page = Opened(browser, pages["overview"])
    page.page.fill("#search", "Atlantis")  # no actor, event or place
    page.page.press("#search", "Enter")
    assert page.page.is_visible("#search-result")
    said = page.page.text_content("#search-result")
    assert "No actor, event or place matches “Atlantis”" in said
    page.page.fill("#search", "Traore")
    page.page.press("#search", "Enter")
    choices = page.page.locator("#search-result li button")
    texts = [choices.nth(i).text_content() for i in range(choices.count())]
    assert len(texts) >= 2 and any(t.startswith("Ibrahim Traoré") for t in texts), texts
    assert all(" · Person" in t for t in texts)
    page.page.click("#search-result li button:has-text('Ibrahim Traoré')")
    assert page.page.text_content("#panel-name") == "Ibrahim Traoré"
    assert not page.page.is_visible("#search-result")
    assert page.clean()
    page.page.close()


@pytest.mark.browser
def test_the_date_cursor_reads_and_writes_iso_dates(browser, pages):
    page = Opened(browser, pages["overview"])
    box = "#day-input"
    assert page.page.input_value(box) == ""  # all dates: no date in the box
    ticks = page.js(
        "() => [...document.querySelectorAll('#year-ticks span')].map((t) => t.textContent)"
    )
    assert ticks and all(t.isdigit() and len(t) == 4 for t in ticks)
    assert [int(t) for t in ticks] == sorted(int(t) for t in ticks)
    assert int(ticks[0]) >= 2012  # from 2012 by default
    page.page.fill(box, "2019-06")
    page.page.press(box, "Enter")
    assert page.page.text_content("#day-shown") == "as of 2019-06-01"
    assert page.js("() => location.hash") == "#date=2019-06-01"
    page.page.fill(box, "2019-02-31")
    page.page.press(box, "Enter")
    assert "not a date" in page.page.text_content("#day-error")
    assert page.page.text_content("#day-shown") == "as of 2019-06-01"
    page.page.focus("#day")
    page.page.keyboard.press("Shift+ArrowRight")
    assert page.page.text_content("#day-shown") == "as of 2019-07-01"
    page.page.keyboard.press("PageUp")
    assert page.page.text_content("#day-shown") == "as of 2020-07-01"
    page.page.keyboard.press("ArrowLeft")
    page.page.wait_for_timeout(100)
    assert page.page.text_content("#day-shown") == "as of 2020-06-30"
    assert page.page.input_value(box) == "2020-06-30"
    # Legend counts follow the date.
    types = page.js(
        "() => [...document.querySelectorAll('#type-filters .count')]"
        ".reduce((n, c) => n + Number(c.textContent), 0)"
    )
    assert types == len(page.visible_nodes())
    # Play steps month by month, and stops.
    page.page.click("#play")
    page.page.wait_for_timeout(1600)
    page.page.click("#play")
    played = page.page.text_content("#day-shown")
    assert played > "as of 2020-07-30", played
    page.page.wait_for_timeout(900)
    assert page.page.text_content("#day-shown") == played
    page.page.close()
    # The date in the address opens the page there.
    shared = browser.new_page(viewport={"width": 1440, "height": 900})
    shared.goto(pages["overview"].as_uri() + "#date=2016-03-05")
    shared.wait_for_function("() => window.kgView && window.kgView.ready", timeout=60000)
    assert shared.text_content("#day-shown") == "as of 2016-03-05"
    shared.close()


@pytest.mark.browser
def test_possible_edges_are_dashed_with_their_reason(browser, pages):
    # data/seed-article.ttl dates the Wagner Group in Mali to the year 2021 only:
    # possibly there in June 2021, certainly in June 2022.
    wagner = ST + "wagner-deployment-mali"
    opened = Opened(browser, pages["overview"])
    opened.slide_to(date(2021, 6, 1))
    assert wagner in opened.visible_edges()
    dashes = f"() => window.kgView.edges.get(window.kgView.lineOf({wagner!r})).dashes"
    assert opened.js(dashes) == [2, 5]
    assert "only possibly in effect" in opened.page.text_content("#counts")
    assert "record checked to 2025-12-25" in opened.page.text_content("#counts")
    assert opened.page.is_visible("#legend-possible")
    emit = "(id) => { window.kgView.network.body.emitter.emit('click', {nodes: [], edges: [id]}); }"
    opened.page.evaluate(emit, wagner)
    panel = opened.page.text_content("#panel")
    assert "possibly in effect on 2021-06-01: started in 2021" in panel
    opened.slide_to(date(2022, 6, 1))
    assert opened.js(dashes) != [2, 5]
    assert opened.clean()
    opened.page.close()


def test_every_kind_and_used_actor_type_has_one_style(real_stores):
    """One style table serves every picture: each relationship kind of the
    ontology has a colour and a plain name, each actor type the data uses a
    colour and a shape, as the pictures type it."""
    from kg.styles import KIND_STYLES, TYPE_STYLES

    store = real_stores["oxigraph"]
    kinds = store.query("SELECT ?k WHERE { ?k rdfs:subClassOf+ kg:Relationship }")
    kind_names = {row[0].value.split("#")[1] for row in kinds.rows}
    type_names = {data["type"] for _, data in to_networkx(store).nodes(data=True)}
    assert kind_names and type_names
    assert kind_names == set(KIND_STYLES)
    assert all(style["label"] and style["color"] for style in KIND_STYLES.values())
    assert type_names <= set(TYPE_STYLES)


def test_a_misspelt_kind_fails_instead_of_matching_nothing():
    from kg.vocab import KG

    with pytest.raises(AttributeError, match="Deploymnet"):
        KG.names("Membership", "Deploymnet")


@pytest.mark.browser
def test_the_picture_saves_as_a_png_with_its_day_caption_and_key(browser, pages):
    from io import BytesIO

    from PIL import Image

    page = Opened(browser, pages["overview"], (1440, 900))
    page.slide_to(date(2024, 6, 1))
    page.page.wait_for_function("() => window.kgView.day !== null")
    with page.page.expect_download() as info:
        page.page.click("#save-png")
    download = info.value
    assert download.suggested_filename == "sahel-kg-overview-2024-06-01.png"
    picture = Image.open(BytesIO(Path(download.path()).read_bytes())).convert("RGB")
    width, height = page.js(
        "() => { const c = document.querySelector('#canvas canvas'); return [c.width, c.height]; }"
    )
    # The drawing as shown, with a caption above and the key and credit below.
    assert picture.width == width and picture.height > height + 60
    top = picture.crop((0, 0, width, 40)).getcolors(maxcolors=1 << 16)
    assert any(sum(colour) < 200 for _, colour in top)  # dark caption text on white
    # The key draws each kind shown that day in its colour: membership's blue.
    shown = page.js("() => Object.entries(window.kgView.model.kinds).map(([k, s]) => [k, s.color])")
    membership = dict(shown)["Membership"].lstrip("#")
    rgb = tuple(int(membership[i : i + 2], 16) for i in (0, 2, 4))
    below = picture.crop((0, height + 40, width, picture.height)).getcolors(maxcolors=1 << 16)
    assert rgb in {colour for _, colour in below}
    assert page.clean(), (page.errors, page.blocked)
    page.page.close()


def _saved_svg(page) -> tuple[str, ET.Element]:
    with page.page.expect_download() as info:
        page.page.click("#save-svg")
    download = info.value
    return download.suggested_filename, ET.fromstring(Path(download.path()).read_bytes())


@pytest.mark.browser
def test_the_picture_saves_as_an_svg_of_what_is_drawn(browser, pages):
    page = Opened(browser, pages["overview"], (1440, 900))
    page.slide_to(date(2024, 6, 1))
    page.page.wait_for_function("() => window.kgView.day !== null")
    name, svg = _saved_svg(page)
    assert name == "sahel-kg-overview-2024-06-01.svg"
    assert svg.tag == f"{{{SVG}}}svg"
    texts = [t.text for t in svg.iter(f"{{{SVG}}}text")]
    assert texts[0] == page.page.text_content("#title")
    assert texts[1].startswith("As of 2024-06-01.")
    # One actor group per actor shown, named by its label as drawn.
    shown = page.js(
        "() => window.kgView.visibleNodeIds().map((id) => window.kgView.network.body.nodes[id]"
        ".options.label || '')"
    )
    actors = [g for g in svg.iter(f"{{{SVG}}}g") if g.get("class") == "actor"]
    assert sorted(g.find(f"{{{SVG}}}title").text or "" for g in actors) == sorted(shown)
    # A line and an arrowhead per line shown, in the line's colour.
    lines = page.js("() => window.kgView.edges.getIds({filter: (e) => !e.hidden}).length")
    paths = list(svg.iter(f"{{{SVG}}}path"))
    assert len(paths) == 2 * lines
    membership = dict(
        page.js("() => Object.entries(window.kgView.model.kinds).map(([k, s]) => [k, s.color])")
    )["Membership"]
    assert membership in {p.get("stroke") for p in paths}
    assert page.clean(), (page.errors, page.blocked)
    page.page.close()


@pytest.mark.browser
def test_hostile_labels_stay_text_in_the_svg(browser, pages):
    page = Opened(browser, pages["hostile"])
    _, svg = _saved_svg(page)
    # Each actor's name is its group's title (its label is drawn only where
    # the page draws it at this zoom); a source's name never reaches a picture.
    titles = {t.text for t in svg.iter(f"{{{SVG}}}title")}
    assert {SCRIPT_LABEL, IMG_LABEL} <= titles
    tags = {element.tag.split("}")[-1] for element in svg.iter()}
    assert tags <= {
        "svg",
        "title",
        "rect",
        "text",
        "tspan",
        "g",
        "path",
        "circle",
        "polygon",
        "line",
    }
    page.page.close()


@pytest.mark.browser
def test_the_printed_sheet_keeps_picture_legend_and_date_and_drops_controls(browser, pages):
    page = Opened(browser, pages["overview"], (1440, 900))
    page.slide_to(date(2024, 6, 1))
    page.page.wait_for_function("() => window.kgView.day !== null")
    page.page.emulate_media(media="print")
    shown = page.js(
        """() => Object.fromEntries(['canvas', 'legend', 'day-shown', 'title', 'panel',
            'search', 'save-png', 'day', 'play'].map((id) => {
              const b = document.getElementById(id).getBoundingClientRect();
              return [id, b.width > 0 && b.height > 0]; }))"""
    )
    assert shown == {
        "canvas": True,
        "legend": True,
        "day-shown": True,
        "title": True,
        "panel": False,
        "search": False,
        "save-png": False,
        "day": False,
        "play": False,
    }
    assert page.page.text_content("#day-shown") == "as of 2024-06-01"
    pdf = page.page.pdf(landscape=True)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page>") >= 1
    page.page.close()


def test_layouts_come_without_igraph_loading_matplotlib_which_still_imports_after():
    """igraph imports matplotlib.pyplot for plotting when it can (0.6 s of a
    large view's write); the layout needs none of it, and the partners chart,
    drawn later in the same process, still finds matplotlib."""
    import subprocess
    import sys

    script = (
        "import sys, networkx as nx\n"
        "from kg.views import layout_positions\n"
        "graph = nx.MultiDiGraph([('a', 'b'), ('b', 'c')])\n"
        "print(sorted(layout_positions(graph)), 'matplotlib' in sys.modules)\n"
        "import matplotlib.pyplot\n"
        "print('igraph' in sys.modules, matplotlib.pyplot.__name__)\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert shown == ["['a', 'b', 'c'] False", "True matplotlib.pyplot"]


# Counts the network's drawings: vis-network clears its canvas once a drawing.
COUNT_DRAWINGS = """
window.kgDrawings = 0;
const clear = CanvasRenderingContext2D.prototype.clearRect;
CanvasRenderingContext2D.prototype.clearRect = function (...args) {
  if (this.canvas.closest && this.canvas.closest("#canvas")) window.kgDrawings += 1;
  return clear.apply(this, args);
};
"""


def _drawings_until_quiet(browser, path: Path) -> int:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        page.add_init_script(COUNT_DRAWINGS)
        page.goto(path.as_uri())
        page.wait_for_function("() => window.kgView && window.kgView.ready", timeout=60000)
        page.wait_for_timeout(500)
        return page.evaluate("window.kgDrawings")
    finally:
        page.close()


def test_a_large_graph_is_drawn_once(browser, tmp_path):
    """A drawing of 30,000 lines costs about a second: a large graph is fitted
    on its positions before its first drawing, and showing the date cursor
    does not resize the canvas into another drawing (it did: three drawings)."""
    import networkx as nx

    from kg.views import LARGE_GRAPH, view_model
    from kg.views.drawing import write_html

    graph = nx.MultiDiGraph()
    for i in range(LARGE_GRAPH + 20):
        graph.add_node(f"n{i}", iri=f"n{i}", id=f"n{i}", label=f"Actor {i}", type="State")
    for i in range(LARGE_GRAPH + 20):
        key = f"s{i}"
        graph.add_edge(
            f"n{i}",
            f"n{(i * 7 + 1) % (LARGE_GRAPH + 20)}",
            key=key,
            statement=key,
            kind="Membership",
            status="Confirmed",
            start="2020-01-01",
            startPrecision="day",
            sources=[],
        )
    large = write_html(view_model(graph, title="large"), tmp_path / "large.html")
    assert _drawings_until_quiet(browser, large) == 1


@pytest.mark.browser
def test_a_path_view_reads_in_french(browser, pages):
    """#lang=fr: each line's caption is its French caption (kind and dates), and
    whether a path's hops held together is said in French."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto(pages["path"].as_uri() + "#lang=fr")
        page.wait_for_function("() => window.kgView && window.kgView.ready")
        shown = page.evaluate(
            "() => Object.values(kgView.network.body.edges).filter((e) => !e.options.hidden)"
            ".map((e) => [e.options.label, kgView.model.edges.find((m) => m.id === e.id)])"
        )
        assert shown and all(label == edge["captionFr"] for label, edge in shown)
        assert any(label != edge["caption"] for label, edge in shown)
        said = page.locator("#panel .path-times").all_text_contents()
        assert said and all("tenu" in text for text in said)
        assert not any("held" in text for text in said)
    finally:
        page.close()


def test_a_large_overview_is_a_summary_of_the_best_connected_actors(real_stores):
    """Above ``most`` actors the overview keeps the best-connected ones and every
    relationship among them, and says so; at or under it, everything."""
    from kg.views import overview

    store = real_stores["oxigraph"]
    graph = to_networkx(store)
    whole = overview(store, graph=graph)
    assert "summary" not in whole and len(whole["nodes"]) == graph.number_of_nodes()
    summary = overview(store, graph=graph, most=50)
    kept = {node["id"] for node in summary["nodes"]}
    assert len(kept) == 50
    assert summary["summary"] == {"shown": 50, "actors": graph.number_of_nodes()}
    assert f"best-connected of {graph.number_of_nodes()} actors" in summary["title"]
    fewest_kept = min(graph.degree(node) for node in kept)
    assert all(graph.degree(node) <= fewest_kept for node in set(graph) - kept)
    among = {key for u, v, key in graph.edges(keys=True) if u in kept and v in kept}
    assert {edge["id"] for edge in summary["edges"]} == among


def test_a_summary_stops_before_its_relationships_pass_their_bound(real_stores):
    """The best-connected actors are taken in order while the relationships
    among them stay within ``most_relationships``: the next actor would pass it."""
    from kg.views import overview

    store = real_stores["oxigraph"]
    graph = to_networkx(store)
    summary = overview(store, graph=graph, most_relationships=120)
    kept = {node["id"] for node in summary["nodes"]}
    assert 2 < len(kept) < graph.number_of_nodes()
    assert summary["summary"] == {"shown": len(kept), "actors": graph.number_of_nodes()}
    assert len(summary["edges"]) <= 120
    order = sorted(graph.nodes, key=lambda node: (-graph.degree(node), node))
    assert set(order[: len(kept)]) == kept
    following = order[len(kept)]
    with_it = kept | {following}
    among = sum(1 for u, v in graph.edges() if u in with_it and v in with_it)
    assert among > 120


@pytest.mark.browser
@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Sahel KG: the 50 best-connected of {actors} actors"),
        ("fr", "Sahel KG : les 50 acteurs les plus reliés sur {actors}"),
    ],
)
def test_a_summary_says_how_many_actors_it_shows_in_the_pages_language(
    browser, real_stores, tmp_path, lang, expected
):
    from kg.views import overview
    from kg.views.drawing import write_html

    store = real_stores["oxigraph"]
    graph = to_networkx(store)
    written = write_html(overview(store, graph=graph, most=50), tmp_path / "summary.html")
    actors = f"{graph.number_of_nodes():,}".replace(",", "\u202f" if lang == "fr" else ",")
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto(written.as_uri() + f"#lang={lang}")
        page.wait_for_function("() => window.kgView && window.kgView.ready")
        assert page.locator("#title").inner_text() == expected.format(actors=actors)
    finally:
        page.close()

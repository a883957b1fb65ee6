/* The portable explorer (kg/bundle.py): SPARQL in the page, over the graph
 * the file carries.
 *
 * On opening, the page inflates Oxigraph's WebAssembly engine and the graph's
 * N-Quads (both gzipped, base64, inside the file), loads them into an
 * in-memory store whose default graph is the union of the named graphs, and
 * runs the named query the URL fragment names, else the page's first one.
 *
 * The query tab is the query page of kg/assets/query-page.js (the server's
 * page at / too), over an engine running the query text in that store; its
 * permalink lives in the fragment, as does an entity page's (#entity=IRI).
 * Names resolve with the same kgQueryPage.names, here and in the views.
 *
 * The views come from Python: the file carries the overview as kg/views/__init__.py
 * and kg/views/drawing.py made it (items, day bounds, positions, names, looks);
 * ego and path views at a date are cut from it by kg/assets/view-model.js,
 * ad-hoc CONSTRUCT results drawn through the same module, and
 * window.kgView.draw (kg/assets/view.js) draws them all. Everything from the
 * data reaches the page through textContent or attributes set one by one:
 * never innerHTML.
 */
"use strict";
(function () {
  const config = JSON.parse(document.getElementById("kg-bundle-config").textContent);
  const $ = (id) => document.getElementById(id);
  const embedded = (id) => JSON.parse(document.getElementById(id).textContent);
  const pageData = embedded("kg-query-page");
  // The overview Python made; views cut from it never change it.
  const base = {
    ...embedded("kg-overview-model"),
    nodes: embedded("kg-overview-nodes"),
    edges: embedded("kg-overview-edges"),
    options: embedded("kg-overview-options"),
  };
  let store = null;
  let queryPage = null;
  const timings = {};

  // --- small helpers --------------------------------------------------------
  const el = window.kgText.el;
  function status(text, failed) {
    $("status").textContent = text;
    $("status").className = failed ? "error" : "";
  }
  // A day as the as-of rule takes it (kg.temporal.PartialDate: YYYY, YYYY-MM or
  // YYYY-MM-DD, read as its first day), in days since 1970-01-01.
  const dayNumber = window.kgText.readDay;

  // --- running SPARQL (terms and VALUES lines as the query page writes them) ----
  const { iriTerm, withValues } = window.kgQueryPage;
  function run(text) {
    // SELECT and ASK as SPARQL JSON results; CONSTRUCT and DESCRIBE as quads.
    if (!store) throw new Error("the graph is still loading");
    const sparql = config.prologue + text;
    const options = { use_default_graph_as_union: true };
    try {
      const json = store.query(sparql, { ...options, results_format: "application/sparql-results+json" });
      return { kind: "results", json: JSON.parse(json) };
    } catch (err) {
      if (!/RDF format/.test(String(err))) throw err;
    }
    return { kind: "graph", quads: store.query(sparql, options) };
  }
  function rowsOf(json) {
    return json.results.bindings.map((b) => {
      const row = {};
      for (const v of json.head.vars) row[v] = b[v] ? b[v].value : null;
      return row;
    });
  }
  function internal(name, bindings) {
    return rowsOf(run(withValues(config.internal[name], bindings || {})).json);
  }
  function exists(iri) {
    return run("ASK { " + iriTerm(iri) + " ?p ?o }").json.boolean;
  }

  // --- names (kg/entities.py, through the query page's lookup) ---------------------
  const names = window.kgQueryPage.names(pageData, async (iri) => exists(iri));
  const { resolve, labelOf, shorten } = names;

  // --- the query page ----------------------------------------------------------------
  const engine = {
    run: async (text) => {
      const answer = run(text);
      return answer.kind === "graph" ? { graph: answer.quads } : { json: answer.json };
    },
    showGraph(quads, text, container) {
      container.replaceChildren();
      const name = (queryPage.last && queryPage.last.state.name) || "query";
      drawModel(constructModel(quads, name));
      return quads.length + " triples, drawn in Views";
    },
    entityHref: (iri) => "#" + new URLSearchParams({ entity: iri }),
  };

  // --- views (kg/views/__init__.py through kg/assets/view-model.js) ---------------------
  function copy(model) {
    // view.js marks what it draws and vis-network fills in the options it is
    // given; the overview and the style tables stay as Python made them.
    const { nodes, edges, options } = model;
    return { ...model, ...structuredClone({ nodes, edges, options }) };
  }
  function when(asOf) {
    return asOf ? " as of " + asOf : "";
  }
  function overviewModel(asOf) {
    return copy({ ...base, asOf: asOf ? dayNumber(asOf) : null, title: base.siteTitle + ": overview" + when(asOf) });
  }
  async function egoModel(entity, depth, asOf) {
    const centre = await resolve(entity);
    if (!base.nodes.some((n) => n.id === centre)) {
      throw new Error(JSON.stringify(entity) + " (" + shorten(centre) + ") is not an actor in the network");
    }
    return copy(window.kgViewModel.ego(base, centre, depth, asOf ? dayNumber(asOf) : null));
  }
  async function pathModel(a, b, asOf) {
    const source = await resolve(a);
    const target = await resolve(b);
    if (source === target) throw new Error(JSON.stringify(a) + " and " + JSON.stringify(b) + " name the same actor: give two");
    const model = window.kgViewModel.path(base, source, target, asOf ? dayNumber(asOf) : null);
    if (!model) throw new Error("no path links " + JSON.stringify(a) + " and " + JSON.stringify(b) + when(asOf));
    return copy(model);
  }
  function constructModel(triples, name) {
    // kg.views.construct, through kg/assets/view-model.js.
    const meta = { title: base.siteTitle + ": " + name };
    return copy(window.kgViewModel.construct(base, triples, meta, names));
  }

  // --- the views tab ---------------------------------------------------------------
  function drawModel(model) {
    showTab("views-tab");
    window.kgView.draw(model, { openEntity: openEntity });
  }
  async function drawView() {
    const kind = $("view-kind").value;
    const last = queryPage && queryPage.last;
    try {
      const asOf = $("view-as-of").value || null; // a date input: a whole ISO day or nothing
      if (kind === "overview") drawModel(overviewModel(asOf));
      else if (kind === "ego") drawModel(await egoModel($("view-a").value, Number($("view-depth").value), asOf));
      else if (kind === "path") drawModel(await pathModel($("view-a").value, $("view-b").value, asOf));
      else if (last && last.graph) drawModel(constructModel(last.graph, last.state.name || "query"));
      else throw new Error("run a CONSTRUCT query in the Query tab first");
      status("ready");
    } catch (err) {
      status(String(err.message || err), true);
    }
  }

  // --- entity pages: fact sheets made by kg/views/factsheet.py, drawn by factsheet.js ----------
  let sheets = null; // the book of every sheet, inflated at start
  let sheetState = { day: undefined, lang: "en" };
  function entityButton(iri, text) {
    const button = el("button", text, { type: "button", class: "linkish", title: iri });
    button.addEventListener("click", () => openEntity(iri));
    return button;
  }
  function factRows(iri) {
    return internal("entityFacts", { entity: iriTerm(iri) }).map((row) => {
      const ours = /^\w+:\/\//.test(row.o) && exists(row.o);
      return { property: shorten(row.p), text: ours ? labelOf(row.o) : row.o, iri: ours ? row.o : null };
    });
  }
  function openEntity(iri) {
    showTab("entity-tab");
    const page = $("entity-page");
    if (!sheets.sheets[iri]) {
      page.replaceChildren(el("h1", labelOf(iri), { id: "entity-name" }));
      page.appendChild(el("p", "The graph has no fact sheet for " + shorten(iri) + "."));
      return;
    }
    window.kgFactSheet.draw(sheets, iri, page, {
      day: sheetState.day,
      lang: sheetState.lang,
      facts: factRows(iri),
      entityLink: (target, text) => (sheets.sheets[target] ? entityButton(target, text) : null),
      views: (day) =>
        sheets.sheets[iri].kind === "actor"
          ? [{ name: "network", label: "network", open: async () => drawModel(await egoModel(iri, 1, day === null ? null : window.kgText.dayText(day))) }]
          : [],
      onChange: (state) => (sheetState = state),
    });
    const link = "#" + new URLSearchParams({ entity: iri }).toString();
    if (location.hash !== link) history.replaceState(null, "", link);
  }
  async function findEntity() {
    try {
      openEntity(await resolve($("entity-search").value));
      status("ready");
    } catch (err) {
      status(String(err.message || err), true);
    }
  }

  // --- tabs and start-up -------------------------------------------------------------------
  function showTab(id) {
    for (const button of document.querySelectorAll("#bar [data-tab]")) {
      const on = button.getAttribute("data-tab") === id;
      button.setAttribute("aria-selected", String(on));
      $(button.getAttribute("data-tab")).hidden = !on;
    }
  }
  async function inflate(id) {
    const text = $(id).textContent.trim();
    const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }
  function entityInLink() {
    return new URLSearchParams(location.hash.slice(1)).get("entity");
  }
  function wire() {
    for (const button of document.querySelectorAll("#bar [data-tab]")) {
      button.addEventListener("click", () => {
        showTab(button.getAttribute("data-tab"));
        if (button.getAttribute("data-tab") === "views-tab" && !window.kgView.model) drawView();
        if (button.getAttribute("data-tab") === "reader-tab" && !$("reader-tab").firstElementChild) {
          // The reader page rides along packed (kg.views.drawing.packed_frame): opened
          // when first asked for, at the tab's size.
          $("reader-tab").appendChild($("kg-reader-frame").content.cloneNode(true));
        }
      });
    }
    // An entity in the query table opens here even when the fragment names it already.
    $("query-page").addEventListener("click", (event) => {
      const link = event.target.closest("a[href^='#entity=']");
      if (!link) return;
      event.preventDefault();
      openEntity(new URLSearchParams(link.getAttribute("href").slice(1)).get("entity"));
    });
    $("draw").addEventListener("click", drawView);
    $("entity-go").addEventListener("click", findEntity);
    $("entity-search").addEventListener("keydown", (event) => event.key === "Enter" && findEntity());
    window.addEventListener("hashchange", () => {
      const entity = entityInLink();
      const state = queryPage.readLink();
      if (entity) openEntity(entity);
      else if (state && !queryPage.isShowing(state)) {
        showTab("query-tab");
        queryPage.open(state);
      }
    });
  }
  async function start() {
    const began = performance.now();
    $("bundle-title").textContent = config.title;
    $("view-as-of").value = config.asOf || "";
    queryPage = window.kgQueryPage.mount($("query-page"), {
      data: pageData,
      engine,
      linkIn: "hash",
      asOf: config.asOf,
    });
    wire();
    const [wasm, data, book] = await Promise.all([inflate("kg-oxigraph-wasm"), inflate("kg-data"), inflate("kg-sheets")]);
    sheets = JSON.parse(new TextDecoder().decode(book));
    timings.inflated = performance.now();
    await window.oxigraph.init({ module_or_path: wasm });
    timings.engine = performance.now();
    store = new window.oxigraph.Store();
    store.load(data, { format: "application/n-quads", no_transaction: true, lenient: true });
    timings.loaded = performance.now();
    if (entityInLink()) openEntity(entityInLink());
    else await queryPage.open(queryPage.readLink() || queryPage.defaultState());
    status(store.size + " quads, Oxigraph " + config.oxigraph + ", ready in " + Math.round(performance.now() - began) + " ms");
    timings.ready = performance.now(); // since navigation started
    document.body.dataset.ready = "true";
  }

  // A handle for the browser tests and the benchmark.
  window.kgBundle = {
    get ready() {
      return document.body.dataset.ready === "true";
    },
    get last() {
      const last = queryPage && queryPage.last;
      return last ? { name: last.state.name || null, query: last.text, json: last.json } : null;
    },
    run: (text) => run(text).json,
    named: async (name, values, asOf) => run(await queryPage.filledText(name, values || {}, asOf || null)).json,
    resolve: resolve,
    overview: (asOf) => drawModel(overviewModel(asOf)),
    ego: async (entity, depth, asOf) => drawModel(await egoModel(entity, depth || 1, asOf)),
    path: async (a, b, asOf) => drawModel(await pathModel(a, b, asOf)),
    constructModel: (text, name) => constructModel(run(text).quads, name),
    openEntity: openEntity,
    csv: () => queryPage.csv(),
    timings: timings,
  };
  start().catch((err) => {
    status("could not start: " + String(err.message || err), true);
    document.body.dataset.ready = "failed";
  });
})();

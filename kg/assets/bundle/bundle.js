/* The portable explorer (kg/bundle.py): SPARQL in the page, over the graph
 * the file carries.
 *
 * On opening, the page inflates Oxigraph's WebAssembly engine and the graph's
 * N-Quads (both gzipped, base64, inside the file), loads them into an
 * in-memory store whose default graph is the union of the named graphs, and
 * runs the first named query (or the one the URL fragment names).
 *
 * The CLI's rules come as data from kg/bundle.py: each named query split
 * where kg.sparql.with_values puts a VALUES block, as written and with the
 * as-of fragment pasted in by kg.temporal.expand_as_of. Parameters go in as
 * VALUES lines built from typed terms, as for remote endpoints.
 *
 * The views come from Python: the file carries the overview as kg/views.py
 * and kg/drawing.py made it (items, day bounds, positions, names, looks);
 * ego and path views at a date are cut from it by kg/assets/view-model.js,
 * ad-hoc CONSTRUCT results drawn through the same module, and
 * window.kgView.draw (kg/assets/view.js) draws them all. Everything from the data reaches the page through textContent or
 * attributes set one by one: never innerHTML.
 */
"use strict";
(function () {
  const config = JSON.parse(document.getElementById("kg-bundle-config").textContent);
  const $ = (id) => document.getElementById(id);
  const DAY_MS = 86400000;
  const XSD = "http://www.w3.org/2001/XMLSchema#";
  const embedded = (id) => JSON.parse(document.getElementById(id).textContent);
  // The overview Python made; views cut from it never change it.
  const base = {
    ...embedded("kg-overview-model"),
    nodes: embedded("kg-overview-nodes"),
    edges: embedded("kg-overview-edges"),
    options: embedded("kg-overview-options"),
  };
  const normalise = window.kgText.normalise;
  let store = null;
  let last = null; // { json, text, name }
  const timings = {};
  const cache = {};

  // --- small helpers --------------------------------------------------------
  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    return node;
  }
  function status(text, failed) {
    $("status").textContent = text;
    $("status").className = failed ? "error" : "";
  }
  function shorten(iri) {
    let best = "";
    for (const [prefix, ns] of Object.entries(config.prefixes)) {
      if (iri.startsWith(ns) && ns.length > (config.prefixes[best] || "").length) best = prefix;
    }
    if (best) {
      const local = iri.slice(config.prefixes[best].length);
      if (local && /^[\p{L}\p{N}\-_.]+$/u.test(local)) return best + ":" + local;
    }
    return iri;
  }
  function dayNumber(text) {
    if (!text) return null;
    const ms = Date.parse(text.slice(0, 10) + "T00:00:00Z");
    return Number.isNaN(ms) ? null : Math.round(ms / DAY_MS);
  }
  function checkedDate(text) {
    // kg.temporal.PartialDate: YYYY, YYYY-MM or YYYY-MM-DD, its first day.
    const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(String(text).trim());
    if (!match) throw new Error(text + " is not a date: use YYYY, YYYY-MM or YYYY-MM-DD");
    const [y, m, d] = [Number(match[1]), Number(match[2] || 1), Number(match[3] || 1)];
    const day = new Date(Date.UTC(y, m - 1, d));
    if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) {
      throw new Error(text + " is not a real date");
    }
    return day.toISOString().slice(0, 10);
  }

  // --- terms as SPARQL text, for VALUES blocks --------------------------------
  function iriTerm(iri) {
    if (/[<>"{}|^`\\\s]/.test(iri)) throw new Error("not a valid IRI: " + iri);
    return "<" + iri + ">";
  }
  function stringTerm(text) {
    const escaped = String(text).replace(/[\\"\n\r\t]/g, (c) => ({ "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c]);
    return '"' + escaped + '"';
  }
  function typedTerm(text, type) {
    return stringTerm(text) + "^^<" + XSD + type + ">";
  }

  // --- running SPARQL ------------------------------------------------------------
  function withValues(parts, bindings) {
    const block = Object.entries(bindings)
      .map(([name, term]) => "\nVALUES ?" + name + " { " + term + " }")
      .join("");
    return block ? parts[0] + block + "\n" + parts[1] : parts[0] + parts[1];
  }
  function run(text) {
    // SELECT and ASK as SPARQL JSON results; CONSTRUCT and DESCRIBE as quads.
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
    const query = config.queries.internal[name];
    return rowsOf(run(withValues(query.parts, bindings || {})).json);
  }


  // --- entity lookup (kg/entities.py) ----------------------------------------------
  function entityIndex() {
    // kg.entities.EntityIndex, built by Python: normalised names to IRIs.
    if (cache.index) return cache.index;
    const asMap = (object) => new Map(Object.entries(object).map(([name, iris]) => [name, new Set(iris)]));
    cache.index = {
      byName: asMap(config.entities.byName),
      actorNames: asMap(config.entities.actorNames),
      labels: new Map(Object.entries(config.entities.labels)),
    };
    return cache.index;
  }
  function exists(iri) {
    return run("ASK { " + iriTerm(iri) + " ?p ?o }").json.boolean;
  }
  function resolve(text) {
    const wanted = String(text).trim().replace(/^<|>$/g, "");
    if (!wanted) throw new Error("give an entity name");
    const [prefix, ...rest] = wanted.split(":");
    const local = rest.join(":");
    let direct = null;
    if (wanted.includes("://")) direct = wanted;
    else if (local && config.prefixes[prefix]) direct = config.prefixes[prefix] + local;
    else if (/^[a-z0-9][a-z0-9-]*$/.test(wanted)) direct = config.entityNamespace + wanted;
    if (direct && exists(direct)) return direct;
    if (wanted.includes("://")) throw new Error("nothing in the graph has the IRI <" + wanted + ">");
    const index = entityIndex();
    const key = normalise(wanted);
    let matches = index.byName.get(key) || new Set();
    if (!matches.size && key) {
      matches = new Set();
      for (const [name, iris] of index.actorNames) {
        if (name.endsWith(" " + key) || name.startsWith(key + " ")) for (const iri of iris) matches.add(iri);
      }
    }
    if (matches.size === 1) return [...matches][0];
    if (matches.size) {
      throw new Error(JSON.stringify(text) + " is ambiguous: it names " + [...matches].map(shorten).sort().join(", "));
    }
    throw new Error("no entity is called " + JSON.stringify(text));
  }
  function labelOf(iri) {
    return entityIndex().labels.get(iri) || shorten(iri);
  }

  // --- the query page ----------------------------------------------------------------
  const named = new Map(config.queries.named.map((q) => [q.name, q]));
  function chosen() {
    return named.get($("query-name").value) || null;
  }
  function asOfValue() {
    // Only queries with a "# as-of: ?var" line take a date; the field is off for others.
    if ($("query-as-of").disabled) return null;
    const text = $("query-as-of").value;
    return text ? checkedDate(text) : null;
  }
  function shownText(query) {
    return asOfValue() && query.asOf ? query.asOf.text : query.text;
  }
  function fillParams(query, values) {
    const box = $("params");
    box.replaceChildren();
    for (const p of query ? query.parameters : []) {
      const label = el("label", p.name + " (" + p.kind + ")", { title: p.description });
      const input = el("input", null, { "data-param": p.name, placeholder: p.default || "(all)" });
      input.value = (values && values[p.name]) || "";
      label.appendChild(input);
      box.appendChild(label);
    }
  }
  function chooseQuery(name, values) {
    $("query-name").value = name || "";
    const query = chosen();
    $("query-description").textContent = query ? query.description : "Ad-hoc SPARQL: type a query and run it.";
    $("query-as-of").disabled = !(query && query.asOf);
    fillParams(query, values);
    if (query) $("query-text").value = shownText(query);
  }
  function paramValues() {
    const values = {};
    for (const input of document.querySelectorAll("#params input[data-param]")) {
      if (input.value.trim()) values[input.getAttribute("data-param")] = input.value.trim();
    }
    return values;
  }
  function typedValue(kind, value) {
    // kg.query._parse_value: the typed term a parameter's text stands for.
    if (kind === "entity") return iriTerm(resolve(value));
    if (kind === "date") return typedTerm(checkedDate(value), "date");
    if (kind === "integer") {
      if (!/^-?\d+$/.test(value.trim())) throw new Error(JSON.stringify(value) + " is not an integer");
      return typedTerm(value.trim(), "integer");
    }
    return stringTerm(value);
  }
  function namedText(query, values, asOf) {
    const bindings = {};
    for (const p of query.parameters) {
      const value = values[p.name] !== undefined ? values[p.name] : p.default;
      if (value !== null && value !== undefined) bindings[p.name] = typedValue(p.kind, value);
    }
    if (asOf && !query.asOf) throw new Error(query.name + " does not filter by date");
    if (asOf) bindings[config.asOfVariable] = typedTerm(asOf, "date");
    return withValues(asOf ? query.asOf.parts : query.parts, bindings);
  }
  function permalink(state) {
    const params = new URLSearchParams();
    if (state.name) params.set("query", state.name);
    else params.set("sparql", state.text);
    if (state.asOf) params.set("as-of", state.asOf);
    for (const [k, v] of Object.entries(state.values || {})) params.set("param." + k, v);
    return "#" + params.toString();
  }
  function runQueryPage() {
    const query = chosen();
    const edited = query && $("query-text").value !== shownText(query);
    const state = { name: query && !edited ? query.name : null, text: $("query-text").value };
    const started = performance.now();
    try {
      let text = state.text;
      if (state.name) {
        state.values = paramValues();
        state.asOf = asOfValue();
        text = namedText(query, state.values, state.asOf);
      }
      const answer = run(text);
      last = { ...state, answer: answer, query: text };
      const link = permalink(state);
      $("permalink").setAttribute("href", link);
      if (location.hash !== link) history.replaceState(null, "", link);
      showAnswer(answer, performance.now() - started);
    } catch (err) {
      last = null;
      $("results-table").tHead.replaceChildren();
      $("results-table").tBodies[0].replaceChildren();
      $("result-summary").textContent = "";
      $("result-summary").className = "error";
      $("result-summary").textContent = String(err.message || err);
      $("download-csv").disabled = $("download-json").disabled = true;
    }
  }
  function cell(term) {
    const td = el("td");
    if (!term) return td;
    if (term.type === "uri") {
      const button = el("button", shorten(term.value), { type: "button", class: "linkish", title: term.value });
      button.addEventListener("click", () => openEntity(term.value));
      td.appendChild(button);
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) td.appendChild(el("sub", "@" + term["xml:lang"]));
    }
    return td;
  }
  function showAnswer(answer, ms) {
    const head = $("results-table").tHead;
    const body = $("results-table").tBodies[0];
    head.replaceChildren();
    body.replaceChildren();
    $("result-summary").className = "";
    $("download-csv").disabled = $("download-json").disabled = answer.kind !== "results";
    if (answer.kind === "graph") {
      $("result-summary").textContent = answer.quads.length + " triples, drawn in Views (" + Math.round(ms) + " ms)";
      showTab("views-tab");
      $("view-kind").value = "query";
      drawModel(constructModel(answer.quads, last.name || "query"));
      return;
    }
    const json = answer.json;
    if (typeof json.boolean === "boolean") {
      $("result-summary").textContent = "ASK: " + json.boolean;
      return;
    }
    const row = el("tr");
    for (const v of json.head.vars) row.appendChild(el("th", v));
    head.appendChild(row);
    const fragment = document.createDocumentFragment();
    for (const binding of json.results.bindings) {
      const tr = el("tr");
      for (const v of json.head.vars) tr.appendChild(cell(binding[v]));
      fragment.appendChild(tr);
    }
    body.appendChild(fragment);
    $("result-summary").textContent = json.results.bindings.length + " rows (" + Math.round(ms) + " ms)";
  }
  function csvText(json) {
    const quote = (v) => (/[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v);
    const lines = [json.head.vars.join(",")];
    for (const b of json.results.bindings) {
      lines.push(json.head.vars.map((v) => quote(b[v] ? b[v].value : "")).join(","));
    }
    return lines.join("\r\n") + "\r\n";
  }
  function download(text, type, name) {
    const url = URL.createObjectURL(new Blob([text], { type: type }));
    const link = el("a", null, { download: name });
    link.href = url;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  function readHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    if (params.has("entity")) return { entity: params.get("entity") };
    if (!params.has("query") && !params.has("sparql")) return null;
    const values = {};
    for (const [k, v] of params) if (k.startsWith("param.")) values[k.slice(6)] = v;
    return { name: params.get("query"), text: params.get("sparql"), asOf: params.get("as-of"), values };
  }
  function openState(state) {
    if (state.name && named.has(state.name)) {
      $("query-as-of").value = state.asOf || "";
      chooseQuery(state.name, state.values);
    } else {
      chooseQuery("");
      $("query-text").value = state.text || "";
    }
    runQueryPage();
  }

  // --- views (kg/views.py through kg/assets/view-model.js) ---------------------
  function edgeById() {
    if (!cache.edges) cache.edges = new Map(base.edges.map((e) => [e.id, e]));
    return cache.edges;
  }
  function copy(model) {
    // view.js marks what it draws; the overview stays as Python made it.
    return { ...model, nodes: structuredClone(model.nodes), edges: structuredClone(model.edges) };
  }
  function when(asOf) {
    return asOf ? " as of " + asOf : "";
  }
  function overviewModel(asOf) {
    return copy({ ...base, asOf: asOf ? dayNumber(asOf) : null, title: base.siteTitle + ": overview" + when(asOf) });
  }
  function egoModel(entity, depth, asOf) {
    const centre = resolve(entity);
    if (!base.nodes.some((n) => n.id === centre)) {
      throw new Error(JSON.stringify(entity) + " (" + shorten(centre) + ") is not an actor in the network");
    }
    return copy(window.kgViewModel.ego(base, centre, depth, asOf ? dayNumber(asOf) : null));
  }
  function pathModel(a, b, asOf) {
    const source = resolve(a);
    const target = resolve(b);
    if (source === target) throw new Error(JSON.stringify(a) + " and " + JSON.stringify(b) + " name the same actor: give two");
    const model = window.kgViewModel.path(base, source, target, asOf ? dayNumber(asOf) : null);
    if (!model) throw new Error("no path links " + JSON.stringify(a) + " and " + JSON.stringify(b) + when(asOf));
    return copy(model);
  }
  function termKey(term) {
    if (term.termType === "NamedNode") return term.value;
    if (term.termType === "Literal") return term.toString();
    return "_:" + term.value;
  }
  function constructModel(quads, name) {
    // kg.views.construct: subjects and objects as nodes, predicates as edges.
    const actors = new Map(base.nodes.map((n) => [n.id, n]));
    const nodes = new Map();
    const edges = new Map();
    const nodeFor = (term) => {
      const key = termKey(term);
      if (nodes.has(key)) return key;
      if (term.termType === "NamedNode") {
        const actor = actors.get(term.value);
        nodes.set(key, actor ? { ...actor } : {
          id: key, iri: key, shortId: shorten(key), label: labelOf(key), labelFr: null, type: "Resource", names: [],
        });
      } else {
        const type = term.termType === "Literal" ? "Literal" : "BlankNode";
        nodes.set(key, { id: key, iri: key, shortId: key, label: term.termType === "Literal" ? term.value : key, labelFr: null, type, names: [] });
      }
      return key;
    };
    for (const quad of quads) {
      const from = nodeFor(quad.subject);
      const to = nodeFor(quad.object);
      const id = from + " " + quad.predicate.value + " " + to;
      edges.set(id, {
        id, iri: id, shortId: id, from, to, kind: shorten(quad.predicate.value), status: null,
        earliestStartDay: null, latestStartDay: null, earliestEndDay: null, latestEndDay: null,
        sources: [],
      });
    }
    const meta = { title: base.siteTitle + ": " + name, view: "query" };
    return copy(window.kgViewModel.fromParts(base, [...nodes.values()], [...edges.values()], meta));
  }

  // --- the views tab ---------------------------------------------------------------
  function drawModel(model) {
    showTab("views-tab");
    window.kgView.draw(model, { openEntity: openEntity });
  }
  function drawView() {
    const kind = $("view-kind").value;
    try {
      const asOf = $("view-as-of").value ? checkedDate($("view-as-of").value) : null;
      if (kind === "overview") drawModel(overviewModel(asOf));
      else if (kind === "ego") drawModel(egoModel($("view-a").value, Number($("view-depth").value), asOf));
      else if (kind === "path") drawModel(pathModel($("view-a").value, $("view-b").value, asOf));
      else if (last && last.answer.kind === "graph") drawModel(constructModel(last.answer.quads, last.name || "query"));
      else throw new Error("run a CONSTRUCT query in the Query tab first");
      status("ready");
    } catch (err) {
      status(String(err.message || err), true);
    }
  }

  // --- entity pages ---------------------------------------------------------------------
  function dateWith(value, precision) {
    if (!value) return "";
    if (precision === "year") return value.slice(0, 4) + " (year)";
    if (precision === "month") return value.slice(0, 7) + " (month)";
    return value + (precision ? " (" + precision + ")" : "");
  }
  function table(headers, rows) {
    const t = el("table");
    const head = el("tr");
    for (const h of headers) head.appendChild(el("th", h));
    t.appendChild(el("thead")).appendChild(head);
    const body = t.appendChild(el("tbody"));
    for (const cells of rows) {
      const tr = el("tr");
      for (const c of cells) tr.appendChild(c instanceof Node ? el("td").appendChild(c).parentNode : el("td", c));
      body.appendChild(tr);
    }
    return t;
  }
  function entityButton(iri, text) {
    const button = el("button", text, { type: "button", class: "linkish", title: iri });
    button.addEventListener("click", () => openEntity(iri));
    return button;
  }
  function sourceList(sources) {
    const list = el("ul", null, { class: "sources" });
    for (const s of sources) {
      const item = el("li");
      const name = s.title || s.publisher || s.source;
      if (s.address && /^https?:\/\//i.test(s.address)) {
        const link = el("a", name, { target: "_blank", rel: "noopener noreferrer" });
        link.href = s.address;
        item.appendChild(link);
      } else item.appendChild(el("span", name));
      const facts = [s.publisher !== name ? s.publisher : null, dateWith(s.date, s.datePrecision) || "undated", s.kind];
      item.appendChild(el("div", facts.filter(Boolean).join(" · ")));
      list.appendChild(item);
    }
    return list;
  }
  function openEntity(iri) {
    showTab("entity-tab");
    const page = $("entity-page");
    page.replaceChildren();
    const bind = { entity: iriTerm(iri) };
    page.appendChild(el("h1", labelOf(iri), { id: "entity-name" }));
    page.appendChild(el("p")).appendChild(el("code", iri));
    const statements = new Map();
    for (const row of internal("entityStatements", bind)) {
      if (!statements.has(row.statement)) statements.set(row.statement, { ...row, sourceIris: [] });
      if (row.source) statements.get(row.statement).sourceIris.push(row.source);
    }
    const edges = edgeById();
    page.appendChild(el("h2", "Statements (" + statements.size + ")"));
    page.appendChild(
      table(
        ["statement", "kind", "role", "other end", "start", "end", "attested", "status", "sources"],
        [...statements.values()].map((s) => [
          shorten(s.statement), s.kind, s.role === "from" ? "→" : "←",
          entityButton(s.other, s.otherLabel || labelOf(s.other)),
          dateWith(s.start, s.startPrecision), dateWith(s.end, s.endPrecision),
          dateWith(s.attested, s.attestedPrecision), s.status || "",
          sourceList((edges.get(s.statement) || {}).sources || s.sourceIris.map((x) => ({ source: shorten(x) }))),
        ]),
      ),
    );
    page.appendChild(el("h2", "Facts"));
    page.appendChild(
      table(["property", "value"], internal("entityFacts", bind).map((r) => [shorten(r.p), /^\w+:\/\//.test(r.o) && exists(r.o) ? entityButton(r.o, labelOf(r.o)) : r.o])),
    );
    const link = "#" + new URLSearchParams({ entity: iri }).toString();
    if (location.hash !== link) history.replaceState(null, "", link);
  }
  function findEntity() {
    try {
      openEntity(resolve($("entity-search").value));
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
  function wire() {
    for (const button of document.querySelectorAll("#bar [data-tab]")) {
      button.addEventListener("click", () => {
        showTab(button.getAttribute("data-tab"));
        if (button.getAttribute("data-tab") === "views-tab" && !window.kgView.model) drawView();
      });
    }
    const select = $("query-name");
    select.appendChild(el("option", "(ad-hoc SPARQL)", { value: "" }));
    for (const q of config.queries.named) select.appendChild(el("option", q.name + " — " + q.description, { value: q.name }));
    select.addEventListener("change", () => chooseQuery(select.value));
    $("query-as-of").addEventListener("change", () => {
      const query = chosen();
      if (query) $("query-text").value = shownText(query);
    });
    $("run").addEventListener("click", runQueryPage);
    $("query-text").addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) runQueryPage();
    });
    $("download-csv").addEventListener("click", () => last && download(csvText(last.answer.json), "text/csv", (last.name || "query") + ".csv"));
    $("download-json").addEventListener("click", () => last && download(JSON.stringify(last.answer.json), "application/sparql-results+json", (last.name || "query") + ".json"));
    $("draw").addEventListener("click", drawView);
    $("entity-go").addEventListener("click", findEntity);
    $("entity-search").addEventListener("keydown", (event) => event.key === "Enter" && findEntity());
    window.addEventListener("hashchange", () => {
      const state = readHash();
      if (state && state.entity) openEntity(state.entity);
      else if (state && permalink(state) !== (last ? permalink(last) : "")) (showTab("query-tab"), openState(state));
    });
  }
  async function start() {
    const began = performance.now();
    $("bundle-title").textContent = config.title;
    $("query-as-of").value = config.asOf || "";
    $("view-as-of").value = config.asOf || "";
    wire();
    const [wasm, data] = await Promise.all([inflate("kg-oxigraph-wasm"), inflate("kg-data")]);
    timings.inflated = performance.now();
    await window.oxigraph.init({ module_or_path: wasm });
    timings.engine = performance.now();
    store = new window.oxigraph.Store();
    store.load(data, { format: "application/n-quads", no_transaction: true, lenient: true });
    timings.loaded = performance.now();
    const state = readHash();
    if (state && state.entity) {
      chooseQuery(config.queries.named[0].name);
      openEntity(state.entity);
    } else openState(state || { name: config.queries.named[0].name, asOf: config.asOf, values: {} });
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
      return last ? { name: last.name, query: last.query, json: last.answer.json || null } : null;
    },
    run: (text) => run(text).json,
    named: (name, values, asOf) => run(namedText(named.get(name), values || {}, asOf || null)).json,
    resolve: resolve,
    overview: (asOf) => drawModel(overviewModel(asOf)),
    ego: (entity, depth, asOf) => drawModel(egoModel(entity, depth || 1, asOf)),
    path: (a, b, asOf) => drawModel(pathModel(a, b, asOf)),
    openEntity: openEntity,
    csv: () => (last && last.answer.json ? csvText(last.answer.json) : null),
    timings: timings,
  };
  start().catch((err) => {
    status("could not start: " + String(err.message || err), true);
    document.body.dataset.ready = "failed";
  });
})();

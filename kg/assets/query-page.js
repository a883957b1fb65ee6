/* The query page for readers (kg/query/page.py): the server's page at / and
 * the portable explorer's query tab are this one script over the markup of
 * kg/assets/query-page.html.
 *
 *   kgQueryPage.mount(root, options) -> page
 *     root       the element holding query-page.html's markup
 *     options.data    kg.query.page.page_data: the named queries, the entity
 *                     name index, each source's citation, the prefixes
 *     options.engine  { run(text) -> Promise of { json } (SPARQL JSON results)
 *                         or { graph } (a CONSTRUCT or DESCRIBE answer), with
 *                         an optional note saying the answer was cut;
 *                       showGraph(graph, text, container) -> a summary line;
 *                       entityHref(iri) -> the address of an entity's page }
 *     options.editor  (textarea, run) -> { get(), set(text), shown() }: the
 *                     SPARQL editor, or null for the textarea itself
 *     options.linkIn  "search" (/?name=...) or "hash" (#name=...): where the
 *                     permalink lives
 *     options.asOf    the day the date field opens at
 *   kgQueryPage.names(data, exists) -> { resolve(text), labelOf(iri), shorten(iri), namesOf(iri) }
 *     kg.entities' lookup on the name index Python built; ``exists(iri)``
 *     answers (a promise) whether the graph has an IRI typed in full.
 *   kgQueryPage.iriTerm(iri) -> "<iri>", an Error for one no IRI can be
 *   kgQueryPage.withValues(parts, bindings) -> a query's text (parts: cut
 *     where its VALUES lines go, kg.query.page.split_for_values) with a VALUES
 *     line per binding (name -> term text), as kg.store.sparql_text.with_values
 *     places them; the explorer's internal queries use both too.
 *
 * A page: open(state) fills the form and runs it; readLink() is the state the
 * address holds (null if none); filledText(name, values, asOf) is a named
 * query's SPARQL with its parameters typed and placed as kg query places them
 * (kg.query._parse_value, kg.store.sparql_text.with_values: a VALUES line per parameter,
 * the day bound in the as-of text Python expanded); last is the last answer;
 * csv() its CSV. A state is { name, values, asOf } or { sparql }; its
 * permalink is name=...&param.NAME=...&as-of=... or query=SPARQL.
 *
 * The table is what kg.query.formats.reading_columns shows a reader: labels in
 * place of the IRIs they name (linked to the entity's page), dates written to
 * their precision, the sources as short citations linked to their addresses
 * (kg.citations), empty columns left out, possible rows in grey. Downloads
 * keep every column as the query gives it, IRIs included, with a citations
 * column after the sources as `kg query` writes it. Everything from the data
 * reaches the page as text or as attributes set one by one, never as markup.
 */
"use strict";
(function () {
  const { el, readDay, dayText, dayFromBox, normalise } = window.kgText;
  const XSD = "http://www.w3.org/2001/XMLSchema#";
  const SAFE_LINK = /^https?:\/\//i;
  const BAD_IRI = /[<>"{}|^`\\\s]/;

  // --- names (kg/entities.py) --------------------------------------------------
  function names(data, exists) {
    const asMap = (object) => new Map(Object.entries(object).map(([k, iris]) => [k, new Set(iris)]));
    const byName = asMap(data.entities.byName);
    const actorNames = asMap(data.entities.actorNames);
    const labels = new Map(Object.entries(data.entities.labels));
    function shorten(iri) {
      let best = "";
      for (const [prefix, ns] of Object.entries(data.prefixes)) {
        if (iri.startsWith(ns) && ns.length > (data.prefixes[best] || "").length) best = prefix;
      }
      const local = best ? iri.slice(data.prefixes[best].length) : "";
      return local && /^[\p{L}\p{N}\-_.]+$/u.test(local) ? best + ":" + local : iri;
    }
    function labelOf(iri) {
      return labels.get(iri) || shorten(iri);
    }
    let namesByIri = null;
    function namesOf(iri) {
      // kg.views._names: every name the index knows an entity by, sorted.
      if (!namesByIri) {
        namesByIri = new Map();
        for (const [name, iris] of byName) {
          for (const each of iris) {
            if (!namesByIri.has(each)) namesByIri.set(each, []);
            namesByIri.get(each).push(name);
          }
        }
        for (const list of namesByIri.values()) list.sort();
      }
      return [...(namesByIri.get(iri) || [])];
    }
    function candidates(key) {
      // EntityIndex.candidates: that exact name, else actors one of whose names
      // starts or ends with it as whole words.
      const exact = byName.get(key);
      if (exact && exact.size) return exact;
      const found = new Set();
      if (!key) return found;
      for (const [name, iris] of actorNames) {
        if (name.endsWith(" " + key) || name.startsWith(key + " ")) for (const iri of iris) found.add(iri);
      }
      return found;
    }
    async function resolve(text) {
      // EntityResolver.resolve: a slug, prefixed name or IRI that exists, else a name.
      const wanted = String(text).trim();
      const bare = wanted.replace(/^<|>$/g, "");
      const colon = bare.indexOf(":");
      const prefix = colon > 0 ? bare.slice(0, colon) : "";
      const local = colon > 0 ? bare.slice(colon + 1) : "";
      let direct = null;
      if (bare.includes("://")) direct = bare;
      else if (local && prefix in data.prefixes) direct = data.prefixes[prefix] + local;
      else if (/^[a-z0-9][a-z0-9-]*$/.test(bare)) direct = data.entityNamespace + bare;
      if (direct && BAD_IRI.test(direct)) {
        if (bare.includes("://")) throw new Error(JSON.stringify(wanted) + " is not a valid IRI");
        direct = null;
      }
      if (direct && (labels.has(direct) || (await exists(direct)))) return direct;
      if (direct && direct !== data.entityNamespace + bare) {
        throw new Error("nothing in the graph has the IRI <" + direct + ">");
      }
      const matches = candidates(normalise(wanted));
      if (matches.size === 1) return [...matches][0];
      if (matches.size) {
        const options = [...matches].map(shorten).sort().join(", ");
        throw new Error(JSON.stringify(wanted) + " is ambiguous: it names " + options + "; use one of these ids");
      }
      throw new Error("no entity is called " + JSON.stringify(wanted));
    }
    return { resolve, labelOf, shorten, namesOf, labels };
  }

  // --- terms as SPARQL text, for VALUES lines (kg.store.sparql_text.with_values) ----------
  function iriTerm(iri) {
    if (BAD_IRI.test(iri)) throw new Error("not a valid IRI: " + iri);
    return "<" + iri + ">";
  }
  function stringTerm(text) {
    const escapes = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" };
    return '"' + String(text).replace(/[\\"\n\r\t]/g, (c) => escapes[c]) + '"';
  }
  function typedTerm(text, type) {
    return stringTerm(text) + "^^<" + XSD + type + ">";
  }
  function withValues(parts, bindings) {
    // parts: kg.query.page.split_for_values, the text around each place a
    // VALUES line goes: every binding at the top of the WHERE group (slot
    // null), a variable's again after each "# values:" line naming it.
    let text = parts.texts[0];
    parts.slots.forEach((slot, i) => {
      const names = slot === null ? Object.keys(bindings) : [slot];
      const block = names
        .filter((name) => name in bindings)
        .map((name) => "\nVALUES ?" + name + " { " + bindings[name] + " }")
        .join("");
      text += (block && slot === null ? block + "\n" : block) + parts.texts[i + 1];
    });
    return text;
  }
  function isoDay(text) {
    // kg.temporal.PartialDate: YYYY, YYYY-MM or YYYY-MM-DD, read as its first day.
    const read = dayFromBox(text);
    if (read.day === null) throw new Error(read.message);
    return dayText(read.day);
  }

  // --- what a reader sees (kg.query.formats.reading_columns, kg.citations) ----------
  function writtenToPrecision(value, precision) {
    // kg.temporal.written_to_precision
    if (readDay(value) === null) return value;
    if (precision === "year") return value.slice(0, 4);
    if (precision === "month") return value.slice(0, 7);
    return value;
  }
  function readingColumns(vars, bindings) {
    // An IRI column gives way to its ...Label column, which takes its name; a
    // ...Precision column is applied to its date; columns empty in every row go.
    const has = new Set(vars);
    const hidden = new Set(vars.map((v) => v + "Precision"));
    for (const v of vars) if (has.has(v + "Label")) hidden.add(v);
    const columns = [];
    for (const v of vars) {
      if (hidden.has(v)) continue;
      const named = v.endsWith("Label") && hidden.has(v.slice(0, -5)) ? v.slice(0, -5) : null;
      const precision = has.has(v + "Precision") ? v + "Precision" : null;
      columns.push({ name: named || v, value: v, iri: named, precision });
    }
    const given = (b, v) => v && b[v] && b[v].value !== "";
    const filled = columns.filter((c) => bindings.some((b) => given(b, c.value) || given(b, c.iri)));
    return filled.length ? filled : columns;
  }
  function citations(sources, slugs) {
    // Citations.cite: in date order (the rank Python gave), unknown slugs last, each text once.
    const words = String(slugs).split(/\s+/).filter(Boolean);
    const known = words.filter((s) => sources[s]).sort((a, b) => sources[a].rank - sources[b].rank);
    const cited = [...known.map((s) => sources[s]), ...words.filter((s) => !sources[s]).map((s) => ({ text: s }))];
    const seen = new Set();
    return cited.filter((c) => !seen.has(c.text) && seen.add(c.text));
  }
  function withCitations(json, sources) {
    // kg.citations.with_citations: a citations column after the sources column.
    const vars = json.head.vars;
    const at = vars.indexOf("sources");
    if (at < 0) return json;
    const bindings = json.results.bindings.map((b) => {
      if (!b.sources) return b;
      const text = citations(sources, b.sources.value).map((c) => c.text).join("; ");
      return { ...b, citations: { type: "literal", value: text } };
    });
    return { head: { vars: [...vars.slice(0, at + 1), "citations", ...vars.slice(at + 1)] }, results: { bindings } };
  }
  function csvText(json) {
    // The SPARQL 1.1 CSV results kg.query.formats writes: plain values, quoted where needed.
    const quote = (v) => (/[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v);
    const lines = [json.head.vars.map(quote).join(",")];
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

  // --- the page --------------------------------------------------------------------
  function mount(root, options) {
    const data = options.data;
    const engine = options.engine;
    const $ = (id) => root.querySelector("#" + id);
    const queries = new Map(data.queries.map((q) => [q.name, q]));
    const lookup = names(data, async (iri) => {
      const answer = await engine.run("ASK { " + iriTerm(iri) + " ?p ?o }");
      return Boolean(answer.json && answer.json.boolean);
    });
    const textarea = $("query-text");
    const editor = (options.editor && options.editor(textarea, () => runSparql())) || plainEditor(textarea);
    let answers = 0; // runs finished, shown in root.dataset.answers for tests
    let asked = 0; // runs started: a late answer to an older one is dropped
    let filled = null; // { text, state }: what Edit SPARQL last showed
    const page = { last: null };

    function plainEditor(area) {
      area.addEventListener("keydown", (event) => {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          runSparql();
        }
      });
      return { get: () => area.value, set: (text) => (area.value = text), shown: () => {} };
    }

    // --- the form ------------------------------------------------------------------
    function chosen() {
      return queries.get($("query-name").value) || null;
    }
    function placeholder(p) {
      if (p.kind === "entity" && p.default) return "default: " + lookup.labelOf(data.entityNamespace + p.default);
      if (p.default) return "default: " + p.default;
      return p.kind === "date" ? "YYYY-MM-DD (any)" : "any";
    }
    function field(p, value) {
      const input = el("input", null, { id: "param-" + p.name, "data-param": p.name, placeholder: placeholder(p) });
      if (p.kind === "entity") input.setAttribute("list", "entity-names");
      if (p.kind === "date" || p.kind === "integer") input.setAttribute("inputmode", "numeric");
      input.value = value || "";
      const label = el("label", null, { class: "qp-field", for: "param-" + p.name });
      label.append(el("span", p.name), input, el("small", p.description));
      return label;
    }
    function choose(name, values, asOf) {
      $("query-name").value = name;
      const query = chosen();
      $("params").replaceChildren(...(query ? query.parameters : []).map((p) => field(p, (values || {})[p.name])));
      const dated = Boolean(query && query.asOfParts);
      $("query-as-of").disabled = !dated;
      $("query-as-of").value = dated ? asOf || "" : "";
      $("as-of-hint").textContent = dated ? "only what held that day" : "this question takes no date";
    }
    function formState() {
      const values = {};
      for (const input of $("params").querySelectorAll("input[data-param]")) {
        if (input.value.trim()) values[input.getAttribute("data-param")] = input.value.trim();
      }
      const asOf = $("query-as-of").disabled ? "" : $("query-as-of").value.trim();
      return { name: $("query-name").value, values, asOf: asOf || null };
    }
    async function typedValue(p, value) {
      // kg.query._parse_value: the term a parameter's text stands for.
      if (p.kind === "entity") return iriTerm(await lookup.resolve(value));
      if (p.kind === "date") return typedTerm(isoDay(value), "date");
      if (p.kind === "integer") {
        if (!/^-?\d+$/.test(value.trim())) throw new Error(JSON.stringify(value) + " is not an integer");
        return typedTerm(value.trim(), "integer");
      }
      return stringTerm(value);
    }
    async function filledText(name, values, asOf) {
      const query = queries.get(name);
      if (!query) throw new Error("no named query " + JSON.stringify(name));
      const bindings = {};
      for (const p of query.parameters) {
        const value = values && values[p.name] !== undefined ? values[p.name] : p.default;
        if (value === null || value === undefined) continue;
        try {
          bindings[p.name] = await typedValue(p, value);
        } catch (err) {
          throw new Error(p.name + ": " + (err.message || err));
        }
      }
      if (asOf && !query.asOfParts) throw new Error(query.name + " does not filter by date");
      if (asOf) {
        try {
          bindings[data.asOfVariable] = typedTerm(isoDay(asOf), "date");
        } catch (err) {
          throw new Error("as of: " + (err.message || err));
        }
      }
      return withValues(asOf ? query.asOfParts : query.parts, bindings);
    }

    // --- permalinks ------------------------------------------------------------------
    function linkOf(state) {
      const params = new URLSearchParams();
      if (state.sparql !== undefined) params.set("query", state.sparql);
      else {
        params.set("name", state.name);
        for (const [k, v] of Object.entries(state.values || {})) params.set("param." + k, v);
        if (state.asOf) params.set("as-of", state.asOf);
      }
      return (options.linkIn === "hash" ? "#" : location.pathname.replace(/\/sparql$/, "/") + "?") + params;
    }
    function readLink() {
      const text = options.linkIn === "hash" ? location.hash.slice(1) : location.search.slice(1);
      const params = new URLSearchParams(text);
      // query=NAME was the explorer's permalink to a named query before name=.
      const name = params.get("name") || (queries.has(params.get("query")) ? params.get("query") : null);
      if (!name && params.has("query")) return { sparql: params.get("query") };
      if (!name) return null;
      const values = {};
      for (const [k, v] of params) if (k.startsWith("param.")) values[k.slice(6)] = v;
      return { name, values, asOf: params.get("as-of") };
    }

    // --- answers ---------------------------------------------------------------------
    function say(text, failed) {
      $("result-summary").textContent = text;
      $("result-summary").className = failed ? "error" : "";
    }
    function command(state) {
      // The kg query command giving the same rows (the README's tour runs such commands).
      const quoted = (v) => (/^[\w.:\/@+=-]+$/.test(v) ? v : "'" + v.replace(/'/g, "'\\''") + "'");
      const words = ["kg query --name", state.name];
      for (const [k, v] of Object.entries(state.values || {})) words.push("--param", quoted(k + "=" + v));
      if (state.asOf) words.push("--as-of", quoted(state.asOf));
      return words.join(" ");
    }
    function finish() {
      answers += 1;
      root.dataset.answers = String(answers);
    }
    async function answer(state, textOf) {
      const ticket = ++asked;
      const started = performance.now();
      say("running…", false);
      $("download-csv").disabled = $("download-json").disabled = true;
      try {
        const text = await textOf();
        const result = await engine.run(text);
        if (ticket !== asked) return;
        page.last = { state, text, json: result.json || null, graph: result.graph };
        $("query-command").textContent = state.name ? command(state) : "";
        $("query-command-line").hidden = !state.name;
        const link = linkOf(state);
        $("permalink").setAttribute("href", link);
        if (link !== (options.linkIn === "hash" ? location.hash : location.pathname + location.search)) {
          history.replaceState(null, "", link);
        }
        const took = " · " + Math.round(performance.now() - started) + " ms" + (result.note ? " · " + result.note : "");
        if (result.graph !== undefined) say(engine.showGraph(result.graph, text, $("results")) + took, false);
        else say(show(result.json) + took, false);
      } catch (err) {
        if (ticket !== asked) return;
        page.last = null;
        $("results").replaceChildren();
        $("query-command-line").hidden = true;
        say(String(err.message || err), true);
      }
      finish();
    }
    function cell(column, binding) {
      const td = el("td");
      const term = binding[column.value];
      const iri = column.iri ? binding[column.iri] : term && term.type === "uri" ? term : null;
      if (column.name === "sources" && term && term.type === "literal") {
        citations(data.sources, term.value).forEach((c, i) => {
          if (i) td.append("; ");
          if (c.address && SAFE_LINK.test(c.address)) {
            const link = el("a", c.text, { class: "citation", target: "_blank", rel: "noopener noreferrer" });
            link.href = c.address;
            td.appendChild(link);
          } else td.appendChild(el("span", c.text, { class: "citation" }));
        });
        return td;
      }
      if (iri && iri.type === "uri") {
        const text = term && term !== iri ? term.value : lookup.labelOf(iri.value);
        const href = iri.value.startsWith(data.base) ? engine.entityHref(iri.value) : null;
        const node = el(href ? "a" : "span", text, { title: iri.value });
        if (href) node.href = href;
        td.appendChild(node);
        return td;
      }
      if (!term) return td;
      const precision = column.precision && binding[column.precision] ? binding[column.precision].value : null;
      td.textContent = term.type === "literal" ? writtenToPrecision(term.value, precision) : term.value;
      if (term.type === "literal" && readDay(term.value) !== null) td.className = "day";
      return td;
    }
    function show(json) {
      const results = $("results");
      if (typeof json.boolean === "boolean") {
        results.replaceChildren(el("p", json.boolean ? "Yes." : "No.", { id: "ask-answer" }));
        return "ASK: " + json.boolean;
      }
      const bindings = json.results.bindings;
      const columns = readingColumns(json.head.vars, bindings);
      const table = el("table", null, { id: "results-table" });
      const head = table.createTHead().insertRow();
      for (const c of columns) head.appendChild(el("th", c.name));
      const body = table.createTBody();
      let possible = 0;
      for (const binding of bindings) {
        const row = body.insertRow();
        if (binding.certainty && binding.certainty.value === "possible") {
          row.className = "possible";
          possible += 1;
        }
        for (const c of columns) row.appendChild(cell(c, binding));
      }
      results.replaceChildren(table);
      $("download-csv").disabled = $("download-json").disabled = false;
      return bindings.length + (bindings.length === 1 ? " row" : " rows") + (possible ? ", " + possible + " possible (in grey)" : "");
    }

    // --- the SPARQL editor -----------------------------------------------------------
    function showEditor(on) {
      $("sparql").hidden = !on;
      $("edit-sparql").setAttribute("aria-expanded", String(on));
      $("edit-sparql").textContent = on ? "Hide SPARQL" : "Edit SPARQL";
      if (on) editor.shown();
    }
    async function fillEditor() {
      const state = formState();
      try {
        const text = await filledText(state.name, state.values, state.asOf);
        filled = { text, state };
        editor.set(text);
      } catch (err) {
        say(String(err.message || err), true);
      }
    }
    function runNamed() {
      const state = formState();
      return answer(state, async () => {
        const text = await filledText(state.name, state.values, state.asOf);
        filled = { text, state };
        if (!$("sparql").hidden) editor.set(text);
        return text;
      });
    }
    function runSparql() {
      const text = editor.get();
      const state = filled && filled.text === text ? filled.state : { sparql: text };
      return answer(state, async () => text);
    }

    // --- wiring ----------------------------------------------------------------------
    const select = $("query-name");
    for (const q of data.queries) select.appendChild(el("option", q.description, { value: q.name }));
    const labels = [...new Set(lookup.labels.values())].sort((a, b) => a.localeCompare(b));
    $("entity-names").replaceChildren(...labels.map((label) => el("option", null, { value: label })));
    select.addEventListener("change", () => {
      choose(select.value, {}, formState().asOf || options.asOf);
      if (!$("sparql").hidden) fillEditor();
    });
    root.addEventListener("submit", (event) => {
      event.preventDefault();
      runNamed();
    });
    $("run-sparql").addEventListener("click", runSparql);
    $("edit-sparql").addEventListener("click", () => {
      const on = $("sparql").hidden;
      showEditor(on);
      if (on) fillEditor();
    });
    $("download-csv").addEventListener("click", () => download(page.csv(), "text/csv", fileName() + ".csv"));
    $("download-json").addEventListener("click", () => {
      const json = JSON.stringify(withCitations(page.last.json, data.sources));
      download(json, "application/sparql-results+json", fileName() + ".json");
    });
    function fileName() {
      const state = page.last.state;
      return state.name ? state.name + (state.asOf ? "-" + state.asOf : "") : "query";
    }

    choose(data.defaultQuery, {}, options.asOf);
    Object.assign(page, {
      readLink,
      filledText,
      csv: () => (page.last && page.last.json ? csvText(withCitations(page.last.json, data.sources)) : null),
      text: () => editor.get(),
      setText: (text) => editor.set(text),
      defaultState: () => ({ name: data.defaultQuery, values: {}, asOf: options.asOf || null }),
      open(state) {
        if (state.sparql !== undefined) {
          showEditor(true);
          editor.set(state.sparql);
          return runSparql();
        }
        choose(queries.has(state.name) ? state.name : data.defaultQuery, state.values, state.asOf);
        if (!queries.has(state.name)) {
          say("no named query " + JSON.stringify(state.name) + ": showing " + data.defaultQuery, true);
          finish();
          return Promise.resolve();
        }
        return runNamed();
      },
      isShowing: (state) => page.last !== null && linkOf(page.last.state) === linkOf(state),
    });
    return page;
  }

  window.kgQueryPage = { mount, names, iriTerm, withValues };
})();

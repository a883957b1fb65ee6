/* Draws any Sahel KG view model (kg/views/__init__.py) with vis-network.
 *
 * The model arrives as JSON in <script id="kg-view-model">. Everything from
 * the data reaches the page through textContent, attributes set one by one or
 * the canvas: never innerHTML. The time slider applies the as-of rule,
 * kgCertainty (assets/certainty.js), to the four day bounds Python computed
 * for each edge: on day D an edge is shown when it is certainly or possibly in
 * effect, a possible one dashed and faded with the reason in its tooltip.
 * With a date chosen, an actor shows when a shown edge touches it, as
 * kg.network.to_networkx(store, as_of) keeps it.
 *
 * A page that builds its model itself (the portable explorer, kg/bundle.py)
 * leaves <script id="kg-view-model"> out and calls window.kgView.draw(model,
 * hooks) instead, as often as it likes; each call replaces the drawing.
 * ``hooks.openEntity(iri, shortId, day)``, if given, adds an "entity page"
 * button to an actor's panel (day: the day shown, or null for all dates); a
 * page served by `kg serve` opens the actor's fact sheet. The other hooks,
 * all optional, let a page draw other pictures beside the network:
 *   address        keep the day in the address (#date=YYYY-MM-DD or all)
 *   onDay(day)     the cursor moved: a day number, or null for all dates
 *   onSelect(what) the reader chose an actor ({node: id}: clicked, searched)
 *                  or a relationship ({edge: id}: the line's id, its first
 *                  statement's) in the network or its panel
 *   onReady()      the picture is laid out and shown
 * The handle (window.kgView) answers with select({node} | {edge} | null),
 * which selects and shows in the panel without calling onSelect, and
 * showDetails(element), which puts another picture's details in the panel.
 * pageHooks() are the hooks of a page of its own (the address, and the fact
 * sheets where `kg serve` serves it).
 *
 * A page holding vis-timeline too finds vis-network's namespace in
 * window.kgVis.network (assets/vis-keep.js); alone, it is the global vis.
 */
"use strict";
(function () {
  const vis = (window.kgVis && window.kgVis.network) || window.vis;
  let previous = null;
  function draw(model, hooks) {
    hooks = hooks || {};
    if (previous) {
      previous.abort();
      previous.network.destroy();
    }
    const listening = new AbortController();
    const signal = listening.signal;
    const ACTIVE = new Set(model.activeStatuses);
    const DAY_MS = 86400000;
    const STATUS_TEXT = {
      Reported: "reported",
      Confirmed: "confirmed",
      Announced: "announced or planned",
      Denied: "denied",
    };
    const $ = (id) => document.getElementById(id);

    const state = {
      byDate: model.asOf !== null && model.asOf !== undefined,
      day: model.asOf ?? (model.span ? model.span.max : null),
      hiddenTypes: new Set(),
      hiddenKinds: new Set(),
      showIsolated: false,
      selected: null,
    };
    // The page's language (kg/assets/i18n.js): interface text through tr(),
    // actors' French names where the data has them.
    const i18n = window.kgI18n;
    const tr = window.kgText.t;
    if (i18n) {
      i18n.localise(model.nodes);
      i18n.localise(model.edges); // a path view's captions
      i18n.translate(document.body);
      const button = $("language");
      if (button && !button.dataset.ready) {
        button.dataset.ready = "true";
        i18n.switcher(button);
      }
    }
    const nodeById = new Map(model.nodes.map((n) => [n.id, n]));
    const edgeById = new Map(model.edges.map((e) => [e.id, e]));

    // --- small helpers -------------------------------------------------------
    const { el, dayText, readDay, dayFromBox, dateText, edgeDates, figureTexts, words, normalise, details, sourceItem } =
      window.kgText;
    function textDay(text) {
      const ms = Date.parse(text + "T00:00:00Z");
      return Number.isNaN(ms) ? null : Math.round(ms / DAY_MS);
    }
    function certaintyOn(edge, day) {
      return kgCertainty(edge, day, model.activeStatuses);
    }
    function labelOf(id) {
      const node = nodeById.get(id);
      return node ? node.label : id;
    }
    function statusText(status) {
      return status ? tr(STATUS_TEXT[status] || status) : null;
    }
    function byStart(a, b) {
      // Earliest first: by the known start, else the first attestation.
      const key = (e) => e.start || e.attested || e.end || "9999";
      return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
    }

    // --- vis data ------------------------------------------------------------
    // The nodes and edges are vis-network items already (kg/views/drawing.py): the
    // model's fields plus the look of their type or kind. Statements of one kind
    // between the same two actors are drawn as one line: the first statement's
    // item, its id the line's, curved apart from the other lines between the
    // pair. The page changes only what the date and the filters change:
    // visibility, and dashes for a line only possibly in effect.
    const lines = [];
    const lineOf = new Map();
    {
      const byKey = new Map();
      for (const edge of model.edges) {
        const key = edge.from + "\u0000" + edge.to + "\u0000" + (edge.kind || "");
        let line = byKey.get(key);
        if (!line) {
          line = { id: edge.id, from: edge.from, to: edge.to, kind: edge.kind, statements: [] };
          byKey.set(key, line);
          lines.push(line);
        }
        line.statements.push(edge);
        lineOf.set(edge.id, line);
      }
      for (const line of lines) line.statements.sort(byStart);
    }
    const lineById = new Map(lines.map((l) => [l.id, l]));
    const lineItems = lines.map((line) => {
      const item = { ...edgeById.get(line.id) };
      delete item.smooth;
      return item;
    });
    window.kgViewModel.curveParallel(lineItems);
    // Prominence: of the actors of a major type (states, juntas, organisations,
    // armed formations), the PROMINENT with the most lines are drawn full size
    // and labelled at the first fit; the others are drawn like minor actors
    // (people, missions), labelled when the reader zooms in.
    const PROMINENT = 36;
    const degree = new Map();
    for (const line of lines) {
      degree.set(line.from, (degree.get(line.from) || 0) + 1);
      degree.set(line.to, (degree.get(line.to) || 0) + 1);
    }
    const minorLook = Object.values(model.types)
      .map((t) => t.look)
      .filter((look) => look && look.font)
      .reduce((small, look) => (!small || look.font.size < small.font.size ? look : small), null);
    const majors = model.nodes.filter((n) => !(model.types[n.type] || {}).minor && degree.get(n.id));
    majors.sort((a, b) => degree.get(b.id) - degree.get(a.id));
    const prominent = new Set(majors.slice(0, PROMINENT).map((n) => n.id));
    // A shape that holds its label (a state's box) would be drawn empty while
    // the label waits for zoom: a small actor gets a marker of its type's
    // colour instead, its label beside it.
    const OUTSIDE_FOR = { box: "square", ellipse: "dot", database: "square", circle: "dot", text: "dot" };
    const nodes = new vis.DataSet(
      model.nodes.map((n) => {
        if (prominent.has(n.id) || (model.types[n.type] || {}).minor || !minorLook) return n;
        const look = (model.types[n.type] || {}).look || {};
        const shape = OUTSIDE_FOR[look.shape];
        if (!shape) return { ...n, size: minorLook.size, font: { size: minorLook.font.size } };
        return { ...n, shape, size: minorLook.size, font: { ...minorLook.font } };
      }),
    );
    const edges = new vis.DataSet(lineItems);
    const options = model.options;
    for (const id of ["type-filters", "kind-filters", "labels", "panel", "year-ticks"]) $(id).replaceChildren();
    $("tooltip").hidden = true;
    $("network").classList.add("settling");
    // The date cursor takes its row before the network measures its canvas: shown
    // later, it would shrink the canvas and make vis-network draw everything again.
    $("timeline").hidden = !model.span;
    const network = new vis.Network($("canvas"), { nodes: nodes, edges: edges }, options);
    previous = {
      network: network,
      abort: () => {
        listening.abort();
        if (frame) cancelAnimationFrame(frame);
        stopPlaying();
      },
    };

    // --- visibility: filters and the as-of day ------------------------------
    // What each DataSet item's `hidden` holds, kept here so refresh compares
    // without DataSet.get (which copies the item).
    const nodeHidden = new Map(model.nodes.map((n) => [n.id, false]));
    const edgeHidden = new Map(lines.map((l) => [l.id, false]));
    function applyHidden(nodeChanges, edgeChanges) {
      // Every DataSet update makes vis-network rebuild its indices over all items
      // and redraw synchronously (about 0.3 s each plus the drawing at 10,000
      // actors). Only visibility changes here, so the DataSets
      // are updated with the network's listeners detached, the drawn items get
      // the same `hidden`, and the network rebuilds its visible indices once and
      // redraws on the next frame. This leans on the internals of the vendored
      // vis-network (kg/assets/vendor/vis-network/VERSION); if they are not
      // there, the plain DataSet updates below do the same, slower.
      const body = network.body;
      const onNodes = network.nodesHandler && network.nodesHandler.nodesListeners;
      const onEdges = network.edgesHandler && network.edgesHandler.edgesListeners;
      const quiet =
        body && body.nodes && body.edges && body.emitter &&
        typeof network._updateVisibleIndices === "function" &&
        onNodes && typeof onNodes.update === "function" &&
        onEdges && typeof onEdges.update === "function";
      if (!quiet) {
        if (nodeChanges.length) nodes.update(nodeChanges);
        if (edgeChanges.length) edges.update(edgeChanges);
        return;
      }
      nodes.off("update", onNodes.update);
      edges.off("update", onEdges.update);
      try {
        if (nodeChanges.length) nodes.update(nodeChanges);
        if (edgeChanges.length) edges.update(edgeChanges);
      } finally {
        nodes.on("update", onNodes.update);
        edges.on("update", onEdges.update);
      }
      for (const change of nodeChanges) {
        const item = body.nodes[change.id];
        if (item) item.options.hidden = change.hidden;
      }
      for (const change of edgeChanges) {
        const item = body.edges[change.id];
        if (item) item.options.hidden = change.hidden;
      }
      network._updateVisibleIndices();
      body.emitter.emit("_requestRedraw");
    }
    const POSSIBLE_DASHES = [2, 5];
    const RANK = { certain: 2, possible: 1, inactive: 0 };
    // A line of several statements is styled on the first refresh: its first
    // statement's look (the item's) may not be the line's.
    const linePossible = new Map(lines.map((l) => [l.id, l.statements.length > 1 ? null : false]));
    function restyle(line, possible) {
      // A possible line is drawn dashed and faded; a certain one as its kind says,
      // faded when none of its statements is ever in effect (announced, denied).
      const look = (model.kinds[line.kind] || {}).look || model.defaultLooks.edge;
      const faded = line.statements.every((e) => e.status && !ACTIVE.has(e.status));
      const opacity = possible || faded ? model.defaultLooks.fadedOpacity : look.color.opacity;
      return {
        id: line.id,
        dashes: possible ? POSSIBLE_DASHES : look.dashes,
        color: { ...look.color, opacity: opacity },
      };
    }
    // Actors with no relationship in this view: set apart (hidden) until asked for.
    const linked = new Set();
    for (const edge of model.edges) {
      linked.add(edge.from);
      linked.add(edge.to);
    }
    const isolated = model.nodes.filter((n) => !linked.has(n.id));
    const countCells = { type: new Map(), kind: new Map() };
    let shownKinds = new Map(); // kind -> lines drawn, as the legend counts them
    function refresh() {
      const touched = new Set();
      const restyled = [];
      for (const edge of model.edges) {
        const certainty = state.byDate ? certaintyOn(edge, state.day) : "certain";
        edge.certainty = state.byDate ? certainty : null;
        edge.on = certainty !== "inactive";
        if (edge.on && state.byDate) {
          touched.add(edge.from);
          touched.add(edge.to);
        }
      }
      const nodeUpdates = [];
      const typeCounts = new Map();
      let shownNodes = 0;
      for (const node of model.nodes) {
        const shown =
          !state.hiddenTypes.has(node.type) &&
          (state.showIsolated || linked.has(node.id)) &&
          (!state.byDate || touched.has(node.id));
        node.shown = shown;
        if (shown) {
          shownNodes += 1;
          typeCounts.set(node.type, (typeCounts.get(node.type) || 0) + 1);
        }
        if (nodeHidden.get(node.id) !== !shown) {
          nodeHidden.set(node.id, !shown);
          nodeUpdates.push({ id: node.id, hidden: !shown });
        }
      }
      const edgeUpdates = [];
      const kindCounts = new Map();
      let shownEdges = 0;
      let possibleShown = 0;
      for (const line of lines) {
        const ends = nodeById.get(line.from).shown && nodeById.get(line.to).shown && !state.hiddenKinds.has(line.kind);
        let best = "inactive";
        for (const edge of line.statements) {
          edge.shown = ends && edge.on;
          if (!edge.shown) continue;
          shownEdges += 1;
          kindCounts.set(edge.kind || "", (kindCounts.get(edge.kind || "") || 0) + 1);
          if (edge.certainty === "possible") possibleShown += 1;
          const certainty = edge.certainty || "certain";
          if (RANK[certainty] > RANK[best]) best = certainty;
        }
        const shown = best !== "inactive";
        line.shown = shown;
        const possible = best === "possible";
        if (linePossible.get(line.id) !== possible) {
          linePossible.set(line.id, possible);
          restyled.push(restyle(line, possible));
        }
        if (edgeHidden.get(line.id) !== !shown) {
          edgeHidden.set(line.id, !shown);
          edgeUpdates.push({ id: line.id, hidden: !shown });
        }
      }
      if (nodeUpdates.length || edgeUpdates.length) applyHidden(nodeUpdates, edgeUpdates);
      if (restyled.length) edges.update(restyled);
      for (const [type, cell] of countCells.type) cell.textContent = String(typeCounts.get(type) || 0);
      for (const [kind, cell] of countCells.kind) cell.textContent = String(kindCounts.get(kind) || 0);
      shownKinds = kindCounts;
      const counted =
        tr("{shown} of {all} actors, {edges} of {allEdges} relationships", {
          shown: shownNodes, all: model.nodes.length, edges: shownEdges, allEdges: model.edges.length,
        }) +
        (possibleShown ? tr(" ({n} only possibly in effect)", { n: possibleShown }) : "") +
        (model.horizon ? tr(" · record checked to {day}", { day: model.horizon }) : "");
      $("counts").textContent = counted;
      $("counts").title = counted; // whole where the header cuts it
      showIsolatedNote();
      if (model.span) showCursor();
      if (ready) reshowPanel();
    }
    function clampDay(day) {
      return Math.max(model.span.min, Math.min(model.span.max, day));
    }
    // Slider input comes faster than a large graph redraws: keep only the latest
    // day and apply it on the next frame. Anything that reads or changes the
    // visibility first applies a pending day (flush), so setDay stays synchronous.
    let pendingDay = null;
    let frame = 0;
    function setDay(day) {
      if (frame) {
        cancelAnimationFrame(frame);
        frame = 0;
        pendingDay = null;
      }
      if (day === null || day === undefined) {
        state.byDate = false;
      } else {
        state.byDate = true;
        state.day = clampDay(day);
        if (state.day < cursorMin) {
          cursorMin = model.span.min;
          drawTicks();
        }
      }
      refresh();
      if (hooks.address) writeAddress();
      if (hooks.onDay) hooks.onDay(state.byDate ? state.day : null);
    }
    function slideTo(day) {
      pendingDay = day;
      $("day-shown").textContent = tr("as of {day}", { day: dayText(clampDay(day)) });
      if (!frame) {
        frame = requestAnimationFrame(() => {
          frame = 0;
          const latest = pendingDay;
          pendingDay = null;
          if (latest !== null) setDay(latest);
        });
      }
    }
    function flush() {
      if (frame) setDay(pendingDay);
    }

    // --- legend with filters -------------------------------------------------
    const SVG = "http://www.w3.org/2000/svg";
    function svg(tag, attrs) {
      const node = document.createElementNS(SVG, tag);
      for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
      return node;
    }
    function shapeIcon(style) {
      const icon = svg("svg", { width: 18, height: 14, viewBox: "0 0 18 14", "aria-hidden": "true" });
      const paint = { fill: style.color, stroke: "#333", "stroke-width": 1 };
      const shapes = {
        box: () => svg("rect", { x: 1, y: 2, width: 16, height: 10, rx: 2, ...paint }),
        ellipse: () => svg("ellipse", { cx: 9, cy: 7, rx: 8, ry: 5, ...paint }),
        database: () => svg("rect", { x: 3, y: 1, width: 12, height: 12, rx: 5, ...paint }),
        square: () => svg("rect", { x: 3, y: 1, width: 12, height: 12, ...paint }),
        diamond: () => svg("polygon", { points: "9,0 16,7 9,14 2,7", ...paint }),
        triangle: () => svg("polygon", { points: "9,1 16,13 2,13", ...paint }),
        triangleDown: () => svg("polygon", { points: "2,1 16,1 9,13", ...paint }),
        star: () => svg("polygon", { points: "9,0 11,5 17,5 12,8 14,14 9,10 4,14 6,8 1,5 7,5", ...paint }),
        hexagon: () => svg("polygon", { points: "5,1 13,1 17,7 13,13 5,13 1,7", ...paint }),
      };
      icon.appendChild((shapes[style.shape] || (() => svg("circle", { cx: 9, cy: 7, r: 5, ...paint })))());
      return icon;
    }
    function lineIcon(style) {
      const icon = svg("svg", { width: 30, height: 10, viewBox: "0 0 30 10", "aria-hidden": "true" });
      const line = svg("line", { x1: 1, y1: 5, x2: 29, y2: 5, stroke: style.color, "stroke-width": 2.5 });
      if (Array.isArray(style.dashes)) line.setAttribute("stroke-dasharray", style.dashes.join(" "));
      icon.appendChild(line);
      return icon;
    }
    function filterList(container, entries, hidden, icon, name) {
      for (const [value, style] of Object.entries(entries)) {
        const label = el("label");
        const box = el("input", null, { type: "checkbox", "data-filter": name });
        box.value = value;
        box.checked = true;
        box.addEventListener("change", () => {
          flush();
          if (box.checked) hidden.delete(value);
          else hidden.add(value);
          refresh();
        });
        const count = el("span", style.count, { class: "count" });
        countCells[name].set(value, count);
        label.append(box, icon(style), el("span", words(value) || "(none)"), count);
        container.appendChild(label);
      }
    }
    filterList($("type-filters"), model.types, state.hiddenTypes, shapeIcon, "type");
    filterList($("kind-filters"), model.kinds, state.hiddenKinds, lineIcon, "kind");
    if (model.span) {
      const key = el("div", null, { class: "legend-possible", id: "legend-possible" });
      key.append(lineIcon({ color: "#888", dashes: POSSIBLE_DASHES }), el("span", "possibly in effect on the chosen day (dashed, faded)"));
      $("kind-filters").appendChild(key);
    }

    // --- the isolated actors' note ------------------------------------------
    function showIsolatedNote() {
      const note = $("isolated-note");
      note.hidden = !isolated.length;
      if (!isolated.length) return;
      const toggle = el("button", state.showIsolated ? "hide them" : "show them", { type: "button", class: "linkish", id: "isolated-toggle" });
      toggle.addEventListener("click", () => {
        flush();
        state.showIsolated = !state.showIsolated;
        refresh();
      });
      const one = isolated.length === 1;
      const said = state.showIsolated
        ? one ? "{n} actor has no relationship in this view (shown). " : "{n} actors have no relationship in this view (shown). "
        : one ? "{n} actor has no relationship in this view and is set apart. " : "{n} actors have no relationship in this view and are set apart. ";
      note.replaceChildren(el("span", tr(said, { n: isolated.length })), toggle);
    }

    // --- tooltips ------------------------------------------------------------
    function nodeLines(node) {
      const lines = [node.label];
      if (node.labelFr && node.labelFr !== node.label) lines.push(node.labelFr + " (fr)");
      lines.push(words(node.type));
      return lines;
    }
    function certaintyPairs(edge) {
      if (!edge.certainty) return [];
      const day = dayText(state.day);
      if (edge.certainty === "possible") {
        return [["certainty", tr("possibly in effect on {day}: {reason}", { day, reason: kgReason(edge, state.day) })]];
      }
      if (edge.certainty === "inactive") return [["certainty", tr("not in effect on {day}", { day })]];
      return [["certainty", tr("in effect on {day}", { day })]];
    }
    function whenText(edge) {
      return edgeDates(edge).map((pair) => pair.join(" ")).join(", ");
    }
    function lineLines(line) {
      const out = [labelOf(line.from) + " → " + labelOf(line.to), words(line.kind)];
      const many = line.statements.length > 1;
      if (many) out.push(tr("{n} statements:", { n: line.statements.length }));
      for (const edge of line.statements.slice(0, 4)) {
        const parts = [statusText(edge.status), whenText(edge)];
        if (edge.certainty === "possible") parts.push(tr("possibly in effect"));
        out.push((many ? "· " : "") + parts.filter(Boolean).join("; "));
      }
      if (line.statements.length > 4) out.push("· and " + (line.statements.length - 4) + " more");
      const sources = line.statements.reduce((n, e) => n + e.sources.length, 0);
      if (sources) out.push(tr("{n} source(s): click for details", { n: sources }));
      return out;
    }
    const tooltip = $("tooltip");
    function showTip(lines, pointer) {
      tooltip.textContent = lines.join("\n");
      const frame = $("canvas").getBoundingClientRect();
      tooltip.style.left = Math.round(frame.left + pointer.x + 14) + "px";
      tooltip.style.top = Math.round(frame.top + pointer.y + 14) + "px";
      tooltip.hidden = false;
    }
    network.on("hoverNode", (p) => showTip(nodeLines(nodeById.get(p.node)), p.pointer.DOM));
    network.on("hoverEdge", (p) => showTip(lineLines(lineById.get(p.edge)), p.pointer.DOM));
    network.on("blurNode", () => (tooltip.hidden = true));
    network.on("blurEdge", () => (tooltip.hidden = true));
    network.on("dragStart", () => (tooltip.hidden = true));

    // --- side panel ----------------------------------------------------------
    // It shows the selection as of the chosen day and is drawn again whenever
    // the day, the filters or the selection change.
    const panel = $("panel");
    function lineButton(line, text) {
      const button = el("button", text, { type: "button", class: "linkish" });
      button.addEventListener("click", () => {
        network.selectEdges([line.id]);
        showEdge(line.id);
        if (hooks.onSelect) hooks.onSelect({ edge: line.id });
      });
      return button;
    }
    function showNode(id) {
      const node = nodeById.get(id);
      if (!node) return;
      state.selected = { node: id };
      panel.replaceChildren(el("h2", "Actor"));
      panel.appendChild(el("p", node.label, { class: "name", id: "panel-name" }));
      const other = node.labelEn !== undefined ? ["English", node.labelEn] : ["French", node.labelFr];
      panel.appendChild(details([other, ["type", words(node.type)], ["id", node.shortId], ["IRI", node.iri]]));
      if (hooks.openEntity) {
        const open = el("button", "Open entity page", { type: "button", id: "panel-entity" });
        open.addEventListener("click", () => hooks.openEntity(node.iri, node.shortId, state.byDate ? state.day : null));
        panel.appendChild(open);
      }
      const mine = lines.filter((l) => l.shown && (l.from === id || l.to === id));
      const count = mine.reduce((n, l) => n + l.statements.filter((e) => e.shown).length, 0);
      const heading = state.byDate
        ? tr("Relationships on {day} ({n})", { day: dayText(state.day), n: count })
        : tr("Relationships, all dates ({n})", { n: count });
      panel.appendChild(el("h2", heading));
      if (!mine.length) panel.appendChild(el("p", state.byDate ? "None in effect on this day." : "None shown.", { class: "hint" }));
      const byKind = new Map();
      for (const line of mine) {
        if (!byKind.has(line.kind)) byKind.set(line.kind, []);
        byKind.get(line.kind).push(line);
      }
      for (const [kind, group] of [...byKind].sort((a, b) => words(a[0]).localeCompare(words(b[0])))) {
        panel.appendChild(el("h3", words(kind)));
        const list = el("ul");
        group.sort((a, b) => byStart(a.statements[0], b.statements[0]));
        for (const line of group) {
          const other = line.from === id ? "→ " + labelOf(line.to) : "← " + labelOf(line.from);
          const item = el("li");
          item.appendChild(lineButton(line, other));
          for (const edge of line.statements.filter((e) => e.shown)) {
            const parts = [whenText(edge), statusText(edge.status)];
            if (edge.certainty === "possible") parts.push(tr("possibly in effect"));
            item.appendChild(el("div", parts.filter(Boolean).join(" · "), { class: "when" }));
          }
          list.appendChild(item);
        }
        panel.appendChild(list);
      }
    }
    function statementDetails(edge) {
      const pairs = [
        ["status", statusText(edge.status)],
        ...edgeDates(edge),
        ...certaintyPairs(edge),
        ["start", kgBasis(edge, "start")],
        ["end", kgBasis(edge, "end")],
      ];
      // Each figure the sources give (a contingent and a cumulative count are two).
      for (const figure of figureTexts(edge)) pairs.push(["size", figure]);
      pairs.push(["evidence", edge.evidence], ["id", edge.shortId]);
      const block = el("div", null, { class: "statement" });
      block.appendChild(details(pairs));
      block.appendChild(el("h2", tr("Sources ({n})", { n: edge.sources.length })));
      const list = el("ol", null, { class: "sources" });
      for (const source of edge.sources) list.appendChild(sourceItem(source));
      block.appendChild(list);
      return block;
    }
    function showEdge(id) {
      const line = lineById.get(id) || lineOf.get(id);
      if (!line) return;
      state.selected = { edge: line.id };
      panel.replaceChildren(el("h2", "Relationship"));
      panel.appendChild(el("p", labelOf(line.from) + " → " + labelOf(line.to), { id: "panel-name" }));
      panel.appendChild(details([["kind", words(line.kind)]]));
      const many = line.statements.length > 1;
      if (many) panel.appendChild(el("p", tr("{n} statements of this kind, earliest first:", { n: line.statements.length }), { class: "hint" }));
      line.statements.forEach((edge, i) => {
        const said = edge.certainty === "inactive" ? "Statement {n} (not in effect on this day)" : "Statement {n}";
        if (many) panel.appendChild(el("h3", tr(said, { n: i + 1 })));
        panel.appendChild(statementDetails(edge));
      });
    }
    function spanText(span) {
      // A span of days (first, day after; null for a side the record leaves open).
      const first = span[0] === null ? tr("start unknown") : dayText(span[0]);
      const last = span[1] === null ? tr("open") : dayText(span[1] - 1);
      return first + " – " + last;
    }
    function togetherText(times) {
      // kg.views.path_times: can the hops of one path have held at the same time?
      if (times.certain) {
        const span = spanText(times.certain);
        const possible = times.possible && spanText(times.possible);
        if (possible && possible !== span) return tr("All hops held together {span} (possibly {possible}).", { span, possible });
        return tr("All hops held together {span}.", { span });
      }
      if (times.possible) return tr("The hops may have held together {span}, never certainly at once.", { span: spanText(times.possible) });
      return tr("These hops never held at the same time: no moment links the two ends this way.");
    }
    function showStart() {
      state.selected = null;
      panel.replaceChildren();
      if (model.paths.length) {
        panel.appendChild(el("h2", "Explained paths"));
        const list = el("ol");
        model.paths.forEach((hops, i) => {
          const item = el("li");
          for (const id of hops) {
            const edge = edgeById.get(id);
            const block = el("div");
            block.appendChild(lineButton(lineOf.get(id), labelOf(edge.from) + " —" + words(edge.kind) + "→ " + labelOf(edge.to)));
            block.appendChild(el("div", [statusText(edge.status), whenText(edge)].filter(Boolean).join("; ")));
            item.appendChild(block);
          }
          const times = (model.pathTimes || [])[i];
          if (times) item.appendChild(el("p", togetherText(times), { class: times.possible ? "hint path-times" : "path-times never" }));
          list.appendChild(item);
        });
        panel.appendChild(list);
      }
      panel.appendChild(el("p", "Hover an actor or relationship for a summary; click it for details and sources.", { class: "hint" }));
    }
    function reshowPanel() {
      const chosen = state.selected;
      if (chosen && chosen.node) showNode(chosen.node);
      else if (chosen && chosen.edge) showEdge(chosen.edge);
    }
    network.on("click", (p) => {
      if (p.nodes.length) showNode(p.nodes[0]);
      else if (p.edges.length) showEdge(p.edges[0]);
      else return;
      if (hooks.onSelect) hooks.onSelect(state.selected);
    });
    function select(selection) {
      // Select an actor or a relationship as if clicked, without onSelect.
      flush();
      const node = selection && selection.node && nodeById.get(selection.node);
      const line = selection && selection.edge && (lineById.get(selection.edge) || lineOf.get(selection.edge));
      if (node) {
        network.selectNodes(node.shown ? [node.id] : []);
        showNode(node.id);
      } else if (line) {
        network.selectEdges(line.shown ? [line.id] : []);
        showEdge(line.id);
      } else {
        network.unselectAll();
        showStart();
      }
      return state.selected;
    }
    function showDetails(element) {
      // Another picture's details (an event, a place) in the one panel.
      network.unselectAll();
      state.selected = null;
      panel.replaceChildren(element);
    }

    // --- search ----------------------------------------------------------------
    // Names in any language or spelling: the best rank of match wins; several
    // actors at that rank get a choice, none a message.
    if (hooks.findMore) {
      $("search").placeholder = tr("Find an actor, event or place…");
      $("search").setAttribute("aria-label", tr("Find an actor, an event or a place by name"));
    }
    const labelList = $("labels");
    for (const node of model.nodes) labelList.appendChild(el("option", null, { value: node.label }));
    function findNodes(text) {
      return findRanked(text).hits;
    }
    function findRanked(text) {
      // The actors the best rank of match finds, and that rank (0: the name itself).
      const wanted = normalise(text);
      if (!wanted) return { hits: [], rank: Infinity };
      const ranked = [
        (n) => normalise(n.label) === wanted,
        (n) => normalise(n.labelFr) === wanted || normalise(n.shortId) === wanted,
        (n) => n.names.includes(wanted),
        (n) => n.names.some((name) => name.startsWith(wanted + " ") || name.endsWith(" " + wanted)),
        (n) => normalise(n.label).startsWith(wanted),
        (n) => normalise(n.label).includes(wanted) || normalise(n.labelFr).includes(wanted),
      ];
      for (const [rank, test] of ranked.entries()) {
        const hits = model.nodes.filter(test);
        if (hits.length) return { hits, rank };
      }
      return { hits: [], rank: Infinity };
    }
    // The first four ranks name an actor by one of its own names or a whole
    // word of one (a surname); the others are beginnings and parts of names.
    const EXACT_RANKS = 4;
    function findEverything(text) {
      // Actors, and what the page's other pictures hold (events, places: the
      // reader page's hooks.findMore), as choices {label, what, open}. Exact
      // names of any of them win over parts of names.
      const actors = findRanked(text);
      const others = hooks.findMore ? hooks.findMore(normalise(text)) : [];
      const asChoice = (node) => ({
        label: node.label,
        what: words(node.type) + (node.shown ? "" : tr(", not shown now")),
        open: () => focusNode(node.id),
        node: node.id,
      });
      const exact = actors.rank < EXACT_RANKS ? actors.hits.map(asChoice) : [];
      const named = [...exact, ...others.filter((o) => o.exact)];
      // A base is an actor and a place: listed once, as the actor.
      const once = (choices) => choices.filter((c, i) => choices.findIndex((d) => (d.node || d.id) === (c.node || c.id)) === i);
      if (named.length) return once(named);
      return once([...actors.hits.map(asChoice), ...others]);
    }
    function focusNode(id) {
      const node = nodeById.get(id);
      $("search-result").hidden = true;
      if (!node.shown) {
        state.hiddenTypes.delete(node.type);
        for (const box of document.querySelectorAll('input[data-filter="type"]')) {
          if (box.value === node.type) box.checked = true;
        }
        if (!linked.has(id)) state.showIsolated = true;
        if (state.byDate) setDay(null);
        else refresh();
      }
      network.selectNodes([id]);
      network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: false });
      showNode(id);
      if (hooks.onSelect) hooks.onSelect({ node: id });
      return id;
    }
    function say(text, choices) {
      const box = $("search-result");
      box.replaceChildren(el("div", text));
      if (choices) {
        const list = el("ul");
        for (const choice of choices) {
          const button = el("button", null, { type: "button" });
          if (choice.node) button.dataset.id = choice.node;
          button.append(el("span", choice.label), el("span", " · " + choice.what, { class: "what" }));
          button.addEventListener("click", () => {
            $("search").value = choice.label;
            $("search-result").hidden = true;
            choice.open();
          });
          const item = el("li");
          item.appendChild(button);
          list.appendChild(item);
        }
        box.appendChild(list);
      }
      box.hidden = false;
    }
    function search() {
      flush();
      const text = $("search").value;
      if (!normalise(text)) {
        $("search-result").hidden = true;
        return null;
      }
      const hits = findEverything(text);
      const things = hooks.findMore ? "actor, event or place" : "actor";
      $("search").setCustomValidity(hits.length ? "" : "no " + things + " by that name");
      if (!hits.length) {
        const none = hooks.findMore ? "No actor, event or place matches “{text}” in this view." : "No actor matches “{text}” in this view.";
        say(tr(none, { text: text.trim() }));
        return null;
      }
      if (hits.length > 1) {
        const many = hits.every((h) => h.node) ? "{n} actors match “{text}”: choose one." : "{n} names match “{text}”: choose one.";
        say(tr(many, { n: hits.length, text: text.trim() }), hits.slice(0, 12));
        return hits.map((h) => h.node || h.id);
      }
      $("search-result").hidden = true;
      return hits[0].node ? hits[0].open() : (hits[0].open(), hits[0].id);
    }
    $("search").addEventListener(
      "keydown",
      (event) => {
        if (event.key === "Enter") search();
        if (event.key === "Escape") $("search-result").hidden = true;
      },
      { signal },
    );
    $("search").addEventListener("change", search, { signal });

    // --- the date cursor -----------------------------------------------------
    // From 2012 (or the day the view opens at, if earlier) to the record's
    // last day; "earlier years" lets it reach back to the first. Year ticks
    // under the slider; ← → step a day, Shift+← → a month, Page Up/Down a year;
    // the date box reads and writes ISO dates; play steps month by month.
    const DEFAULT_FROM = textDay("2012-01-01");
    let cursorMin = model.span ? model.span.min : 0;
    if (model.span && model.span.min < DEFAULT_FROM && DEFAULT_FROM < model.span.max && !(state.byDate && state.day < DEFAULT_FROM)) {
      cursorMin = DEFAULT_FROM;
    }
    function monthsLater(day, months) {
      const d = new Date(day * DAY_MS);
      const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
      const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
      target.setUTCDate(Math.min(d.getUTCDate(), last));
      return Math.round(target.getTime() / DAY_MS);
    }
    function showCursor() {
      const slider = $("day");
      slider.min = String(cursorMin);
      slider.value = String(state.day);
      $("all-dates").checked = !state.byDate;
      $("earlier").hidden = cursorMin <= model.span.min;
      const box = $("day-input");
      if (document.activeElement !== box) box.value = state.byDate ? dayText(state.day) : "";
      box.placeholder = state.byDate ? "YYYY-MM-DD" : tr("all dates");
      $("day-shown").textContent = state.byDate ? tr("as of {day}", { day: dayText(state.day) }) : tr("all dates");
    }
    function drawTicks() {
      const ticks = $("year-ticks");
      ticks.replaceChildren();
      if (!model.span) return;
      const slider = $("day");
      const width = slider.getBoundingClientRect().width;
      if (!width) return;
      const thumb = 16;
      const first = new Date(cursorMin * DAY_MS);
      const from = first.getUTCFullYear() + (first.getUTCMonth() || first.getUTCDate() > 1 ? 1 : 0);
      const to = new Date(model.span.max * DAY_MS).getUTCFullYear();
      const perYear = ((width - thumb) * 365.25) / Math.max(1, model.span.max - cursorMin);
      const every = [1, 2, 5, 10, 25, 50].find((n) => n * perYear >= 40) || 100;
      for (let year = from; year <= to; year += 1) {
        if (year % every) continue;
        const day = textDay(year + "-01-01");
        const x = thumb / 2 + ((day - cursorMin) / (model.span.max - cursorMin)) * (width - thumb);
        const tick = el("span", String(year));
        tick.style.left = x.toFixed(1) + "px";
        ticks.appendChild(tick);
      }
    }
    let playing = 0;
    function stopPlaying() {
      if (playing) clearInterval(playing);
      playing = 0;
      $("play").textContent = "▶";
      $("play").setAttribute("aria-label", tr("Play: step month by month"));
      $("play").setAttribute("aria-pressed", "false");
    }
    function play() {
      if (playing) return stopPlaying();
      flush();
      if (!state.byDate || state.day >= model.span.max) setDay(cursorMin);
      $("play").textContent = "⏸";
      $("play").setAttribute("aria-label", tr("Pause"));
      $("play").setAttribute("aria-pressed", "true");
      playing = setInterval(() => {
        const next = monthsLater(state.day, 1);
        setDay(Math.min(next, model.span.max));
        if (next >= model.span.max) stopPlaying();
      }, 700);
    }
    function readAddress() {
      const params = new URLSearchParams(location.hash.slice(1));
      const text = params.get("date");
      if (text === null) return undefined;
      if (text === "all") return null;
      return readDay(text) ?? undefined;
    }
    function writeAddress() {
      const params = new URLSearchParams(location.hash.slice(1));
      params.set("date", state.byDate ? dayText(state.day) : "all");
      const link = "#" + params.toString();
      if (location.hash !== link && location.protocol !== "about:") history.replaceState(null, "", link);
    }
    if (model.span) {
      const slider = $("day");
      slider.max = String(model.span.max);
      const fromAddress = hooks.address ? readAddress() : undefined;
      if (fromAddress === null) state.byDate = false;
      else if (fromAddress !== undefined) {
        state.byDate = true;
        state.day = clampDay(fromAddress);
        if (state.day < cursorMin) cursorMin = model.span.min;
      }
      slider.addEventListener("input", () => slideTo(Number(slider.value)), { signal });
      slider.addEventListener(
        "keydown",
        (event) => {
          let next = null;
          if (event.shiftKey && event.key === "ArrowRight") next = monthsLater(state.day, 1);
          else if (event.shiftKey && event.key === "ArrowLeft") next = monthsLater(state.day, -1);
          else if (event.key === "PageUp") next = monthsLater(state.day, 12);
          else if (event.key === "PageDown") next = monthsLater(state.day, -12);
          if (next === null) return;
          event.preventDefault();
          flush();
          setDay(Math.max(cursorMin, next));
        },
        { signal },
      );
      const box = $("day-input");
      box.addEventListener(
        "change",
        () => {
          flush();
          const text = box.value.trim();
          if (!text) return setDay(null);
          const { day, message } = dayFromBox(text, model.span);
          $("day-error").textContent = message;
          if (day === null) return box.setAttribute("aria-invalid", "true");
          box.removeAttribute("aria-invalid");
          setDay(day);
        },
        { signal },
      );
      box.addEventListener("keydown", (event) => event.key === "Enter" && box.dispatchEvent(new Event("change")), { signal });
      $("all-dates").addEventListener(
        "change",
        () => {
          flush();
          setDay($("all-dates").checked ? null : state.day);
        },
        { signal },
      );
      $("play").addEventListener("click", play, { signal });
      $("earlier").addEventListener(
        "click",
        () => {
          cursorMin = model.span.min;
          showCursor();
          drawTicks();
        },
        { signal },
      );
      const watcher = new ResizeObserver(drawTicks);
      watcher.observe(slider);
      signal.addEventListener("abort", () => watcher.disconnect());
    }

    // --- layout: legible at the first fit, arranged before it is shown ----------
    // Positions come from Python (igraph). Before the picture is shown, the page
    // (1) sets apart actors with no relationship, (2) draws the picture small
    // enough in canvas units that at the fit a major actor's label reads at 12
    // CSS px, and (3) pushes overlapping actors (shapes and labels as drawn)
    // apart, then fits again. Minor actors' labels show on zoom.
    const READABLE_PX = 12.5;
    const INSIDE = new Set(["box", "ellipse", "database", "circle", "text"]);
    const majorFont = Math.max(
      ...Object.values(model.types).map((t) => (t.look && t.look.font ? t.look.font.size : 14)),
    );
    function boxes(ids) {
      // Each actor's box around its position as drawn: shape and label, or for a
      // minor actor whose label sits outside its shape, the shape alone (its
      // label shows on zoom and may then touch another).
      const pos = network.getPositions(ids);
      const shape = {};
      for (const id of ids) {
        const look = (model.types[nodeById.get(id).type] || {}).look || model.defaultLooks.node;
        const own = !prominent.has(id) && !INSIDE.has(nodes.get(id).shape || look.shape);
        const size = look.font && look.font.size < majorFont ? look.size : minorLook.size;
        const box = own
          ? { left: pos[id].x - size, right: pos[id].x + size, top: pos[id].y - size, bottom: pos[id].y + size }
          : network.getBoundingBox(id);
        shape[id] = { l: box.left - pos[id].x, r: box.right - pos[id].x, t: box.top - pos[id].y, b: box.bottom - pos[id].y };
      }
      return { pos, shape };
    }
    function separate(ids, pos, shape) {
      // Push overlapping node boxes apart (labels included); quadratic, so only
      // for graphs under LARGE_GRAPH.
      const gap = 2;
      let moved = 0;
      for (let pass = 0; pass < 200; pass += 1) {
        let any = false;
        for (let i = 0; i < ids.length; i += 1) {
          const a = ids[i];
          for (let j = i + 1; j < ids.length; j += 1) {
            const b = ids[j];
            const pa = pos[a], pb = pos[b], sa = shape[a], sb = shape[b];
            const overlapX = Math.min(pa.x + sa.r, pb.x + sb.r) - Math.max(pa.x + sa.l, pb.x + sb.l) + gap;
            const overlapY = Math.min(pa.y + sa.b, pb.y + sb.b) - Math.max(pa.y + sa.t, pb.y + sb.t) + gap;
            if (overlapX <= 0 || overlapY <= 0) continue;
            any = true;
            moved += 1;
            // Apart along the axis the centres are further apart on, relative to
            // the boxes' sizes (wide labels then sit side by side, not stacked).
            const dx = pa.x + (sa.l + sa.r) / 2 - (pb.x + (sb.l + sb.r) / 2);
            const dy = pa.y + (sa.t + sa.b) / 2 - (pb.y + (sb.t + sb.b) / 2);
            const wide = Math.abs(dx) / (sa.r - sa.l + sb.r - sb.l) >= Math.abs(dy) / (sa.b - sa.t + sb.b - sb.t);
            if (wide) {
              const shift = overlapX / 2 + 0.5;
              const sign = dx <= 0 ? 1 : -1;
              pa.x -= sign * shift;
              pb.x += sign * shift;
            } else {
              const shift = overlapY / 2 + 0.5;
              const sign = dy <= 0 ? 1 : -1;
              pa.y -= sign * shift;
              pb.y += sign * shift;
            }
          }
        }
        if (!any) break;
      }
      return moved;
    }
    function place(ids, pos) {
      // network.moveNode redraws the whole picture once per actor, each time in a
      // timer of its own (vis-network starts its simulation, which with physics
      // off is a redraw): on the curated overview, 2.7 s of drawing after the
      // picture was shown, on two busy cores. The positions go to the drawn
      // nodes instead (the vendored vis-network's internals, as applyHidden),
      // and finish() redraws once; moveNode where they are not there.
      const drawn = network.body && network.body.nodes;
      for (const id of ids) {
        const node = drawn && drawn[id];
        if (node && typeof node.x === "number") {
          node.x = pos[id].x;
          node.y = pos[id].y;
        } else network.moveNode(id, pos[id].x, pos[id].y);
      }
    }
    function extent(ids, pos, shape) {
      let l = Infinity, r = -Infinity, t = Infinity, b = -Infinity;
      for (const id of ids) {
        l = Math.min(l, pos[id].x + shape[id].l);
        r = Math.max(r, pos[id].x + shape[id].r);
        t = Math.min(t, pos[id].y + shape[id].t);
        b = Math.max(b, pos[id].y + shape[id].b);
      }
      return { width: Math.max(1, r - l), height: Math.max(1, b - t), cx: (l + r) / 2, cy: (t + b) / 2 };
    }
    // A path view reads left to right: each actor in the column of its distance
    // from the first end, the actors of a column one above the other in the
    // order the paths meet them, wide enough apart for the captions between.
    const PATH_COLUMN = 320, PATH_ROW = 160;
    function layered(ids, pos) {
      const shown = new Set(ids);
      const near = new Map(ids.map((id) => [id, []]));
      for (const line of lines) {
        if (!shown.has(line.from) || !shown.has(line.to)) continue;
        near.get(line.from).push(line.to);
        near.get(line.to).push(line.from);
      }
      const column = new Map();
      let ring = shown.has(model.ends[0]) ? [model.ends[0]] : [];
      for (let step = 0; ring.length; step += 1) {
        for (const id of ring) column.set(id, step);
        ring = [...new Set(ring.flatMap((id) => near.get(id)))].filter((id) => !column.has(id));
      }
      const met = [];
      for (const hops of model.paths) {
        for (const hop of hops) {
          const edge = edgeById.get(hop);
          if (edge) met.push(edge.from, edge.to);
        }
      }
      const order = [...new Set([...met, ...ids])].filter((id) => shown.has(id));
      const columns = new Map();
      for (const id of order) {
        const at = column.has(id) ? column.get(id) : 0;
        if (!columns.has(at)) columns.set(at, []);
        columns.get(at).push(id);
      }
      for (const [at, members] of columns) {
        members.forEach((id, i) => {
          pos[id].x = at * PATH_COLUMN;
          pos[id].y = (i - (members.length - 1) / 2) * PATH_ROW;
        });
      }
    }
    const FIT_MARGIN = 0.97;
    const RIM = 1.15; // how far past the major actors' area the others may sit, at most
    function pullIn(ids, pos) {
      // A force-directed layout pushes chains of small actors (a junta's ministers,
      // a mission's commanders) far out; fitted as they are, the whole picture
      // shrinks for them. Those outside the prominent actors' area are brought
      // in towards its rim along the same direction, keeping their order.
      const majors = ids.filter((id) => prominent.has(id));
      if (majors.length < 3) return;
      const xs = majors.map((id) => pos[id].x), ys = majors.map((id) => pos[id].y);
      const cx = (Math.min(...xs) + Math.max(...xs)) / 2, cy = (Math.min(...ys) + Math.max(...ys)) / 2;
      const hw = ((Math.max(...xs) - Math.min(...xs)) / 2) * RIM || 1;
      const hh = ((Math.max(...ys) - Math.min(...ys)) / 2) * RIM || 1;
      for (const id of ids) {
        if (prominent.has(id)) continue;
        const dx = pos[id].x - cx, dy = pos[id].y - cy;
        const over = Math.max(Math.abs(dx) / hw, Math.abs(dy) / hh);
        if (over <= 1) continue;
        const k = (1 + Math.log(over) * 0.25) / over;
        pos[id].x = cx + dx * k;
        pos[id].y = cy + dy * k;
      }
    }
    function arrange() {
      // The view that fits the arranged picture, or null (left to vis-network).
      const ids = nodes.getIds({ filter: (n) => !n.hidden });
      if (!ids.length || model.large) return null;
      const { pos, shape } = boxes(ids);
      if (model.view === "path" && model.ends) layered(ids, pos);
      else pullIn(ids, pos);
      const frame = $("canvas").getBoundingClientRect();
      for (let round = 0; round < 80; round += 1) {
        // Stretch the short side to the canvas's proportions (more room, no
        // new overlap), then bring actors closer if the fit would draw a major
        // label under READABLE_PX, then
        // push overlapping ones apart. The view is then fitted to the boxes.
        let box = extent(ids, pos, shape);
        const want = frame.width / frame.height;
        const sx = box.width / box.height < want ? (want * box.height) / box.width : 1;
        const sy = box.width / box.height > want ? box.width / want / box.height : 1;
        for (const id of ids) {
          pos[id].x = box.cx + (pos[id].x - box.cx) * sx;
          pos[id].y = box.cy + (pos[id].y - box.cy) * sy;
        }
        box = extent(ids, pos, shape);
        const scale = FIT_MARGIN * Math.min(frame.width / box.width, frame.height / box.height);
        let shrunk = false;
        if (majorFont * scale < READABLE_PX) {
          const k = Math.max(0.92, (majorFont * scale) / READABLE_PX);
          for (const id of ids) {
            pos[id].x = box.cx + (pos[id].x - box.cx) * k;
            pos[id].y = box.cy + (pos[id].y - box.cy) * k;
          }
          shrunk = true;
        }
        const moved = separate(ids, pos, shape);
        if (!shrunk && !moved) break;
      }
      place(ids, pos);
      const box = extent(ids, pos, shape);
      return {
        position: { x: box.cx, y: box.cy },
        scale: FIT_MARGIN * Math.min(frame.width / box.width, frame.height / box.height),
      };
    }
    let ready = false;
    // vis-network caps a zoomed-in label at maxVisible CSS px divided by the scale
    // and fades what falls under drawThreshold: past this scale a small view (a
    // path of four actors) would show its names faded, so the first fit stops here.
    const labelScaling = (((model.options || {}).nodes || {}).scaling || {}).label || {};
    const MAX_FIT_SCALE = labelScaling.maxVisible && labelScaling.drawThreshold
      ? labelScaling.maxVisible / (labelScaling.drawThreshold + 1)
      : Infinity;
    function finish() {
      refresh();
      const view = arrange();
      if (view) network.moveTo({ ...view, scale: Math.min(view.scale, MAX_FIT_SCALE), animation: false });
      else {
        network.fit({ animation: false });
        if (network.getScale() > MAX_FIT_SCALE) network.moveTo({ scale: MAX_FIT_SCALE, animation: false });
      }
      // One more drawing, on the next frame: refresh may have asked for it
      // already (a synchronous redraw here would draw the picture twice).
      network.once("afterDrawing", done);
      if (network.body && network.body.emitter) network.body.emitter.emit("_requestRedraw");
      else network.redraw();
    }
    function done() {
      $("network").classList.remove("settling");
      if (model.span) drawTicks();
      if (model.focus && nodeById.has(model.focus)) {
        network.selectNodes([model.focus]);
        showNode(model.focus);
      }
      ready = true;
      document.body.dataset.ready = "true";
      if (hooks.onReady) hooks.onReady();
    }
    // A large graph is fitted on its positions, known now: arranged before the
    // first drawing, it is drawn once. A smaller one is arranged around its
    // labels' boxes, which vis-network measures as it draws.
    if (model.large) finish();
    else network.once("afterDrawing", finish);

    $("title").textContent = titleText();
    $("title").title = titleText(); // in full on hover where the header cuts it

    // The page's title in its language; a summary's says how many actors of
    // how many it shows (the day is the cursor's, shown beside it).
    function titleText() {
      const summary = model.summary;
      if (!summary) return tr(model.title);
      const count = (n) => n.toLocaleString(i18n.lang === "fr" ? "fr-FR" : "en-GB");
      return tr("Sahel KG: the {shown} best-connected of {actors} actors", {
        shown: count(summary.shown),
        actors: count(summary.actors),
      });
    }

    // --- a picture to keep: PNG or SVG with caption and key, or the print sheet ----
    function pictureParts() {
      flush();
      const when = state.byDate
        ? tr("As of {day}. ", { day: dayText(state.day) }) + $("counts").textContent
        : tr("All dates in the record. ") + $("counts").textContent;
      const key = Object.entries(model.kinds)
        .filter(([kind]) => shownKinds.get(kind))
        .map(([kind, style]) => ({ color: style.color, dashes: style.dashes, text: words(kind) }));
      if (state.byDate) key.push({ color: "#888", dashes: POSSIBLE_DASHES, text: tr("possibly in effect that day") });
      const credit =
        "Sahel KG" + (model.horizon ? tr(" · record checked to {day}", { day: model.horizon }) : "") +
        tr(" · every line's sources are listed in the interactive page");
      return { title: titleText(), when, key, credit, day: state.byDate ? dayText(state.day) : "all dates" };
    }
    function savePicture() {
      const parts = pictureParts();
      const name = window.kgPicture.fileName(model.title, parts.day);
      const canvas = $("canvas").querySelector("canvas");
      return window.kgPicture.png(canvas, parts).then((blob) => {
        window.kgPicture.save(blob, name);
        return { name, bytes: blob.size };
      });
    }
    function scene() {
      // What is drawn, in the network's own units: each shown actor with its
      // shape, colours and label as vis-network resolved them, each shown line
      // between its ends (through its curve's control point where it bends).
      const ids = nodes.getIds({ filter: (n) => !n.hidden });
      const pos = network.getPositions(ids);
      const drawn = network.body.nodes;
      const scale = network.getScale();
      const shownNodes = ids.map((id) => {
        const o = drawn[id].options;
        const colour = o.color || {};
        // A label as the page draws it: wrapped into its lines, and left out
        // where vis-network leaves it out at this zoom (too small to read).
        const module = drawn[id].labelModule || {};
        const font = (module.fontOptions && module.fontOptions.size) || (o.font && o.font.size) || 14;
        const readable = !labelScaling.drawThreshold || font * scale >= labelScaling.drawThreshold;
        const wrapped = (module.lines || []).map((l) => (l.blocks || []).map((b) => b.text).join(""));
        return {
          x: pos[id].x,
          y: pos[id].y,
          label: o.label || "",
          lines: readable ? (wrapped.length ? wrapped : [o.label || ""]) : [],
          shape: o.shape,
          size: o.size,
          color: colour.background || "#97c2fc",
          border: colour.border,
          fontSize: font,
          fontColor: (module.fontOptions && module.fontOptions.color) || (o.font && o.font.color),
          box: INSIDE.has(o.shape) ? network.getBoundingBox(id) : null,
        };
      });
      const shownEdges = [];
      for (const id of edges.getIds({ filter: (e) => !e.hidden })) {
        const e = network.body.edges[id];
        if (!e || !pos[e.fromId] || !pos[e.toId]) continue;
        let via = null;
        const type = e.edgeType;
        if (type && typeof type._getViaCoordinates === "function") via = type._getViaCoordinates();
        else if (type && type.via) via = type.via;
        const colour = e.options.color || {};
        shownEdges.push({
          from: pos[e.fromId],
          to: pos[e.toId],
          via: via && Number.isFinite(via.x) ? { x: via.x, y: via.y } : null,
          color: colour.color || "#888",
          opacity: colour.opacity,
          dashes: e.options.dashes,
          width: e.options.width,
        });
      }
      return { nodes: shownNodes, edges: shownEdges };
    }
    function saveVector() {
      const parts = pictureParts();
      const name = window.kgPicture.fileName(model.title, parts.day, "svg");
      const blob = window.kgPicture.svg(scene(), parts);
      window.kgPicture.save(blob, name);
      return Promise.resolve({ name, bytes: blob.size });
    }
    $("save-png").onclick = () => savePicture();
    $("save-svg").onclick = () => saveVector();
    $("print").onclick = () => window.print();
    showStart();

    // A small handle for notebooks, the server page and the browser tests.
    window.kgView = {
      draw: draw,
      model: model,
      network: network,
      nodes: nodes,
      edges: edges,
      get ready() {
        return ready;
      },
      get selected() {
        return state.selected;
      },
      visibleNodeIds: () => {
        flush();
        return nodes.getIds({ filter: (n) => !n.hidden });
      },
      visibleEdgeIds: () => {
        // The statements drawn: every shown statement of each shown line.
        flush();
        return model.edges.filter((e) => e.shown).map((e) => e.id);
      },
      lineOf: (statementId) => (lineOf.get(statementId) || {}).id,
      savePicture,
      saveVector,
      prominent: (id) => prominent.has(id),
      get day() {
        return state.byDate ? state.day : null;
      },
      setDay: setDay,
      select: select,
      showDetails: showDetails,
      pageHooks: pageHooks,
      search: (text) => {
        $("search").value = text;
        return search();
      },
    };
  }
  function pageHooks() {
    // Served by `kg serve` (/view/...), an actor's panel opens its fact sheet at the day shown.
    const served = /^https?:$/.test(location.protocol) && location.pathname.startsWith("/view/");
    const openSheet = (iri, shortId, day) => {
      const [prefix, slug] = shortId.split(":");
      if (prefix !== "id" || !slug) return;
      location.href = "/id/" + encodeURIComponent(slug) + (day === null ? "" : "?as_of=" + window.kgText.dayText(day));
    };
    return { address: true, openEntity: served ? openSheet : undefined };
  }
  const embedded = document.getElementById("kg-view-model");
  if (embedded) {
    // kg/assets/view.html: the model's title, span and looks, then pyvis's items and options.
    const read = (id) => JSON.parse(document.getElementById(id).textContent);
    draw(
      { ...read("kg-view-model"), nodes: read("kg-view-nodes"), edges: read("kg-view-edges"), options: read("kg-view-options") },
      pageHooks(),
    );
  }
  else window.kgView = { draw: draw, ready: false, pageHooks: pageHooks };
})();

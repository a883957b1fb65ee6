/* Draws any Sahel KG view model (kg/views.py) with vis-network.
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
 * ``hooks.openEntity(iri)``, if given, adds an "entity page" button to an
 * actor's panel.
 */
"use strict";
(function () {
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
    const SAFE_LINK = /^https?:\/\//i;
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
      selected: null,
    };
    const nodeById = new Map(model.nodes.map((n) => [n.id, n]));
    const edgeById = new Map(model.edges.map((e) => [e.id, e]));

    // --- small helpers -------------------------------------------------------
    function el(tag, text, attrs) {
      const node = document.createElement(tag);
      if (text !== undefined && text !== null) node.textContent = String(text);
      for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
      return node;
    }
    function dayText(day) {
      return new Date(day * DAY_MS).toISOString().slice(0, 10);
    }
    function textDay(text) {
      const ms = Date.parse(text + "T00:00:00Z");
      return Number.isNaN(ms) ? null : Math.round(ms / DAY_MS);
    }
    function dateText(value, precision) {
      if (!value) return null;
      if (precision === "year") return value.slice(0, 4) + " (year)";
      if (precision === "month") return value.slice(0, 7) + " (month)";
      return value + (precision ? " (" + precision + ")" : "");
    }
    function certaintyOn(edge, day) {
      return kgCertainty(edge, day, model.activeStatuses);
    }
    const normalise = window.kgViewModel.normalise;
    function words(name) {
      // "MilitaryJunta" -> "Military junta"; other names (kg:memberOf) stay.
      if (!/^[A-Z][A-Za-z]+$/.test(name || "")) return name;
      const spaced = name.replace(/([a-z])([A-Z])/g, "$1 $2");
      return spaced.charAt(0) + spaced.slice(1).toLowerCase();
    }
    function labelOf(id) {
      const node = nodeById.get(id);
      return node ? node.label : id;
    }
    function statusText(status) {
      return status ? STATUS_TEXT[status] || status : null;
    }
    function edgeDates(edge) {
      const lines = [];
      const start = dateText(edge.start, edge.startPrecision);
      const attested = dateText(edge.attested, edge.attestedPrecision);
      if (start) lines.push(["from", start]);
      else if (attested) lines.push(["attested", attested]);
      const end = dateText(edge.end, edge.endPrecision);
      if (edge.endAnnounced) lines.push(["end announced", edge.endAnnounced]);
      if (end) lines.push(["until", end]);
      else if (start || attested) lines.push(["until", "open"]);
      return lines;
    }

    // --- vis data ------------------------------------------------------------
    // The nodes and edges are vis-network items already (kg/drawing.py): the
    // model's fields plus the look of their type or kind. The page changes only
    // what the date and the filters change: visibility, and dashes for a
    // relationship only possibly in effect.
    const nodes = new vis.DataSet(model.nodes);
    const edges = new vis.DataSet(model.edges);
    const options = model.options;
    for (const id of ["type-filters", "kind-filters", "labels", "months", "panel"]) $(id).replaceChildren();
    $("tooltip").hidden = true;
    const network = new vis.Network($("canvas"), { nodes: nodes, edges: edges }, options);
    previous = {
      network: network,
      abort: () => {
        listening.abort();
        if (frame) cancelAnimationFrame(frame);
      },
    };

    // --- visibility: filters and the as-of day ------------------------------
    // What each DataSet item's `hidden` holds, kept here so refresh compares
    // without DataSet.get (which copies the item).
    const nodeHidden = new Map(model.nodes.map((n) => [n.id, false]));
    const edgeHidden = new Map(model.edges.map((e) => [e.id, false]));
    let physicsOn = Boolean(model.physics);
    function applyHidden(nodeChanges, edgeChanges) {
      // Every DataSet update makes vis-network rebuild its indices over all items
      // and redraw synchronously (about 0.3 s each plus the drawing at 10,000
      // actors). With physics off, only visibility changes here, so the DataSets
      // are updated with the network's listeners detached, the drawn items get
      // the same `hidden`, and the network rebuilds its visible indices once and
      // redraws on the next frame. This leans on the internals of the vendored
      // vis-network (kg/assets/vendor/vis-network/VERSION); if they are not
      // there, the plain DataSet updates below do the same, slower.
      const body = network.body;
      const onNodes = network.nodesHandler && network.nodesHandler.nodesListeners;
      const onEdges = network.edgesHandler && network.edgesHandler.edgesListeners;
      const quiet =
        !physicsOn &&
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
    const edgePossible = new Map(model.edges.map((e) => [e.id, false]));
    function restyle(edge, possible) {
      // A possible edge is drawn dashed and faded; a certain one as its kind says.
      const look = (model.kinds[edge.kind] || {}).look || model.defaultLooks.edge;
      const faded = edge.status && !ACTIVE.has(edge.status);
      const opacity = possible || faded ? model.defaultLooks.fadedOpacity : look.color.opacity;
      return {
        id: edge.id,
        dashes: possible ? POSSIBLE_DASHES : look.dashes,
        color: { ...look.color, opacity: opacity },
      };
    }
    function refresh() {
      const touched = new Set();
      const active = new Map();
      const restyled = [];
      for (const edge of model.edges) {
        const certainty = state.byDate ? certaintyOn(edge, state.day) : "certain";
        const on = certainty !== "inactive";
        edge.certainty = state.byDate ? certainty : null;
        const possible = certainty === "possible";
        if (edgePossible.get(edge.id) !== possible) {
          edgePossible.set(edge.id, possible);
          restyled.push(restyle(edge, possible));
        }
        active.set(edge.id, on);
        if (on && state.byDate) {
          touched.add(edge.from);
          touched.add(edge.to);
        }
      }
      const nodeUpdates = [];
      let shownNodes = 0;
      for (const node of model.nodes) {
        const shown = !state.hiddenTypes.has(node.type) && (!state.byDate || touched.has(node.id));
        node.shown = shown;
        if (shown) shownNodes += 1;
        if (nodeHidden.get(node.id) !== !shown) {
          nodeHidden.set(node.id, !shown);
          nodeUpdates.push({ id: node.id, hidden: !shown });
        }
      }
      const edgeUpdates = [];
      let shownEdges = 0;
      for (const edge of model.edges) {
        const shown =
          active.get(edge.id) &&
          !state.hiddenKinds.has(edge.kind) &&
          nodeById.get(edge.from).shown &&
          nodeById.get(edge.to).shown;
        edge.shown = shown;
        if (shown) shownEdges += 1;
        if (edgeHidden.get(edge.id) !== !shown) {
          edgeHidden.set(edge.id, !shown);
          edgeUpdates.push({ id: edge.id, hidden: !shown });
        }
      }
      if (nodeUpdates.length || edgeUpdates.length) applyHidden(nodeUpdates, edgeUpdates);
      if (restyled.length) edges.update(restyled);
      const possibleShown = model.edges.filter((e) => e.shown && e.certainty === "possible").length;
      $("counts").textContent =
        shownNodes + " of " + model.nodes.length + " actors, " +
        shownEdges + " of " + model.edges.length + " relationships" +
        (possibleShown ? " (" + possibleShown + " only possibly in effect)" : "") +
        (model.horizon ? " · record checked to " + model.horizon : "");
      if (model.span) {
        $("all-dates").checked = !state.byDate;
        $("day").value = String(state.day);
        $("day-input").value = dayText(state.day);
        showDay();
      }
    }
    function showDay() {
      $("day-shown").textContent = state.byDate ? "as of " + dayText(state.day) : "all dates";
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
      }
      refresh();
    }
    function slideTo(day) {
      pendingDay = day;
      $("day-shown").textContent = "as of " + dayText(clampDay(day));
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
        label.append(box, icon(style), el("span", words(value) || "(none)"), el("span", style.count, { class: "count" }));
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

    // --- tooltips ------------------------------------------------------------
    function nodeLines(node) {
      const lines = [node.label];
      if (node.labelFr && node.labelFr !== node.label) lines.push(node.labelFr + " (fr)");
      lines.push(words(node.type));
      return lines;
    }
    function certaintyPairs(edge) {
      if (!edge.certainty) return [];
      const on = "on " + dayText(state.day);
      if (edge.certainty === "possible") {
        return [["certainty", "possibly in effect " + on + ": " + kgReason(edge, state.day)]];
      }
      return [["certainty", "in effect " + on]];
    }
    function edgeLines(edge) {
      const lines = [labelOf(edge.from) + " → " + labelOf(edge.to)];
      lines.push(words(edge.kind) + (edge.status ? " · " + statusText(edge.status) : ""));
      for (const [name, value] of edgeDates(edge)) lines.push(name + " " + value);
      for (const [, value] of certaintyPairs(edge)) lines.push(value);
      if (edge.sources.length) lines.push(edge.sources.length + " source(s): click for details");
      return lines;
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
    network.on("hoverEdge", (p) => showTip(edgeLines(edgeById.get(p.edge)), p.pointer.DOM));
    network.on("blurNode", () => (tooltip.hidden = true));
    network.on("blurEdge", () => (tooltip.hidden = true));
    network.on("dragStart", () => (tooltip.hidden = true));

    // --- side panel ----------------------------------------------------------
    const panel = $("panel");
    function details(pairs) {
      const list = el("dl");
      for (const [name, value] of pairs) {
        if (value === null || value === undefined || value === "") continue;
        list.append(el("dt", name), el("dd", value));
      }
      return list;
    }
    function edgeButton(edge, text) {
      const button = el("button", text, { type: "button", class: "linkish" });
      button.addEventListener("click", () => {
        network.selectEdges([edge.id]);
        showEdge(edge.id);
      });
      return button;
    }
    function sourceItem(source) {
      const item = el("li");
      const name = source.title || source.publisher || source.source;
      if (source.address && SAFE_LINK.test(source.address)) {
        const link = el("a", name, { target: "_blank", rel: "noopener noreferrer" });
        link.href = source.address;
        item.appendChild(link);
      } else {
        item.appendChild(el("span", name));
      }
      const facts = [];
      if (source.publisher && source.publisher !== name) facts.push(source.publisher);
      facts.push(dateText(source.date, source.datePrecision) || "undated");
      if (source.kind) facts.push(source.kind);
      if (source.quotedPublisher) facts.push("relaying " + source.quotedPublisher);
      item.appendChild(el("div", facts.join(" · ")));
      return item;
    }
    function showNode(id) {
      const node = nodeById.get(id);
      if (!node) return;
      state.selected = { node: id };
      panel.replaceChildren(el("h2", "Actor"));
      panel.appendChild(el("p", node.label, { class: "name", id: "panel-name" }));
      panel.appendChild(details([["French", node.labelFr], ["type", words(node.type)], ["id", node.shortId], ["IRI", node.iri]]));
      if (hooks.openEntity) {
        const open = el("button", "Open entity page", { type: "button", id: "panel-entity" });
        open.addEventListener("click", () => hooks.openEntity(node.iri));
        panel.appendChild(open);
      }
      const links = model.edges.filter((e) => e.shown && (e.from === id || e.to === id));
      panel.appendChild(el("h2", "Relationships shown (" + links.length + ")"));
      const list = el("ul");
      for (const edge of links) {
        const other = edge.from === id ? "→ " + labelOf(edge.to) : "← " + labelOf(edge.from);
        const item = el("li");
        item.appendChild(edgeButton(edge, words(edge.kind) + " " + other));
        list.appendChild(item);
      }
      panel.appendChild(list);
    }
    function showEdge(id) {
      const edge = edgeById.get(id);
      if (!edge) return;
      state.selected = { edge: id };
      panel.replaceChildren(el("h2", "Relationship"));
      panel.appendChild(el("p", labelOf(edge.from) + " → " + labelOf(edge.to), { id: "panel-name" }));
      const pairs = [
        ["kind", words(edge.kind)],
        ["status", statusText(edge.status)],
        ...edgeDates(edge),
        ...certaintyPairs(edge),
        ["start", edge.startBasis],
        ["end", edge.endBasis],
      ];
      if (edge.size !== null && edge.size !== undefined) {
        pairs.push(["size", (edge.approximate === "true" ? "about " : "") + edge.size]);
      }
      pairs.push(["evidence", edge.evidence], ["id", edge.shortId]);
      panel.appendChild(details(pairs));
      panel.appendChild(el("h2", "Sources (" + edge.sources.length + ")"));
      const list = el("ol", null, { class: "sources" });
      for (const source of edge.sources) list.appendChild(sourceItem(source));
      panel.appendChild(list);
    }
    function showStart() {
      state.selected = null;
      panel.replaceChildren();
      if (model.paths.length) {
        panel.appendChild(el("h2", "Explained paths"));
        const list = el("ol");
        for (const hops of model.paths) {
          const item = el("li");
          for (const id of hops) {
            const edge = edgeById.get(id);
            const block = el("div");
            block.appendChild(edgeButton(edge,  labelOf(edge.from) + " —" + words(edge.kind) + "→ " + labelOf(edge.to)));
            const when = edgeDates(edge).map((pair) => pair.join(" ")).join(", ");
            block.appendChild(el("div", [statusText(edge.status), when].filter(Boolean).join("; ")));
            item.appendChild(block);
          }
          list.appendChild(item);
        }
        panel.appendChild(list);
      }
      panel.appendChild(el("p", "Hover an actor or relationship for a summary; click it for details and sources.", { class: "hint" }));
    }
    network.on("click", (p) => {
      if (p.nodes.length) showNode(p.nodes[0]);
      else if (p.edges.length) showEdge(p.edges[0]);
    });

    // --- search ----------------------------------------------------------------
    const labelList = $("labels");
    for (const node of model.nodes) labelList.appendChild(el("option", null, { value: node.label }));
    function findNode(text) {
      const wanted = normalise(text);
      if (!wanted) return null;
      const ranked = [
        (n) => normalise(n.label) === wanted,
        (n) => normalise(n.labelFr) === wanted || normalise(n.shortId) === wanted,
        (n) => n.names.includes(wanted),
        (n) => n.names.some((name) => name.startsWith(wanted + " ") || name.endsWith(" " + wanted)),
        (n) => normalise(n.label).startsWith(wanted),
        (n) => normalise(n.label).includes(wanted) || normalise(n.labelFr).includes(wanted),
      ];
      for (const test of ranked) {
        const hits = model.nodes.filter(test);
        const shown = hits.find((n) => n.shown);
        if (shown || hits.length) return shown || hits[0];
      }
      return null;
    }
    function focusNode(id) {
      network.selectNodes([id]);
      network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: false });
      showNode(id);
    }
    function search() {
      flush();
      const node = findNode($("search").value);
      $("search").setCustomValidity(node ? "" : "no actor by that name");
      if (!node) return null;
      if (!node.shown) {
        state.hiddenTypes.delete(node.type);
        for (const box of document.querySelectorAll('input[data-filter="type"]')) {
          if (box.value === node.type) box.checked = true;
        }
        if (state.byDate) state.byDate = false;
        refresh();
      }
      focusNode(node.id);
      return node.id;
    }
    $("search").addEventListener(
      "keydown",
      (event) => {
        if (event.key === "Enter") search();
      },
      { signal },
    );
    $("search").addEventListener("change", search, { signal });

    // --- timeline ----------------------------------------------------------------
    if (model.span) {
      $("timeline").hidden = false;
      const slider = $("day");
      slider.min = String(model.span.min);
      slider.max = String(model.span.max);
      const months = $("months");
      const first = new Date(model.span.min * DAY_MS);
      const cursor = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1));
      while (cursor.getTime() / DAY_MS <= model.span.max) {
        const day = Math.round(cursor.getTime() / DAY_MS);
        if (day >= model.span.min) months.appendChild(el("option", null, { value: String(day) }));
        cursor.setUTCMonth(cursor.getUTCMonth() + 1);
      }
      $("day-input").min = dayText(model.span.min);
      $("day-input").max = dayText(model.span.max);
      slider.addEventListener("input", () => slideTo(Number(slider.value)), { signal });
      $("day-input").addEventListener(
        "change",
        () => {
          const day = textDay($("day-input").value);
          if (day !== null) setDay(day);
        },
        { signal },
      );
      $("all-dates").addEventListener(
        "change",
        () => {
          flush();
          setDay($("all-dates").checked ? null : state.day);
        },
        { signal },
      );
    } else {
      $("timeline").hidden = true;
    }

    // --- layout: settle, stop, keep boxes apart ----------------------------------
    function separate() {
      // Push overlapping node boxes apart (labels included), then redraw: what the
      // physics leaves touching, this resolves. Quadratic, so only for small graphs.
      const ids = model.nodes.map((n) => n.id);
      const pos = network.getPositions(ids);
      const shape = {};
      for (const id of ids) {
        const box = network.getBoundingBox(id);
        shape[id] = { l: box.left - pos[id].x, r: box.right - pos[id].x, t: box.top - pos[id].y, b: box.bottom - pos[id].y };
      }
      const gap = 6;
      let moved = new Set();
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
            moved.add(a);
            moved.add(b);
            if (overlapX < overlapY) {
              const shift = overlapX / 2 + 0.5;
              const sign = pa.x + (sa.l + sa.r) / 2 <= pb.x + (sb.l + sb.r) / 2 ? 1 : -1;
              pa.x -= sign * shift;
              pb.x += sign * shift;
            } else {
              const shift = overlapY / 2 + 0.5;
              const sign = pa.y + (sa.t + sa.b) / 2 <= pb.y + (sb.t + sb.b) / 2 ? 1 : -1;
              pa.y -= sign * shift;
              pb.y += sign * shift;
            }
          }
        }
        if (!any) break;
      }
      for (const id of moved) network.moveNode(id, pos[id].x, pos[id].y);
      return moved.size;
    }
    let ready = false;
    function settle(rounds) {
      // Boxes are measured as drawn (fonts and zoom change label widths), so
      // separate, redraw, and measure again until nothing moves.
      if (separate() && rounds > 0) {
        network.once("afterDrawing", () => settle(rounds - 1));
        network.fit({ animation: false });
        network.redraw();
        return;
      }
      network.fit({ animation: false });
      done();
    }
    function finish() {
      // Filters apply once the layout is settled, so hidden actors get places too.
      refresh();
      if (model.physics) {
        network.setOptions({ physics: false });
        physicsOn = false;
        settle(5);
      } else {
        network.fit({ animation: false });
        done();
      }
    }
    function done() {
      if (model.focus && nodeById.has(model.focus)) {
        network.selectNodes([model.focus]);
        showNode(model.focus);
      }
      ready = true;
      document.body.dataset.ready = "true";
    }
    if (model.physics) network.once("stabilizationIterationsDone", () => network.once("afterDrawing", finish));
    else network.once("afterDrawing", finish);

    $("title").textContent = model.title;
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
        flush();
        return edges.getIds({ filter: (e) => !e.hidden });
      },
      setDay: setDay,
      search: (text) => {
        $("search").value = text;
        return search();
      },
    };
  }
  const embedded = document.getElementById("kg-view-model");
  if (embedded) {
    // kg/assets/view.html: the model's title, span and looks, then pyvis's items and options.
    const read = (id) => JSON.parse(document.getElementById(id).textContent);
    draw({ ...read("kg-view-model"), nodes: read("kg-view-nodes"), edges: read("kg-view-edges"), options: read("kg-view-options") });
  }
  else window.kgView = { draw: draw, ready: false };
})();
